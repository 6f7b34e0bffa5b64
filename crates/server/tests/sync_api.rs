//! The sync API over real HTTP on 127.0.0.1, on a real SQLite file: accounts and devices,
//! pushes replayed and out of order, conflicts, paged pulls, isolation between accounts,
//! malformed and oversized bodies, revoked tokens, quota and rate limits, CORS, erasure.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
mod common;

use common::{Backend, Client, candidate, draft, id, op, roomy, start};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn outcomes(answer: &common::Answer) -> Vec<String> {
    answer.body["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["outcome"].as_str().expect("an outcome").to_string())
        .collect()
}

async fn a_second_device_joins_with_the_key_and_pulls_what_the_first_pushed(backend: Backend) {
    let server = start(backend, roomy()).await;
    let client = Client::new(&server.base);
    let laptop = client.open_account("浦东新区某培训学校").await;
    let key = laptop.sync_key.clone().expect("the key, shown once");

    let ops = [
        op(1, 0, draft(1, 1, "浦东新区某培训学校")),
        op(2, 0, candidate(2, 1, 1, "张三", "11010519491231002X")),
    ];
    let pushed = client.push(&laptop, &ops).await;
    assert_eq!(pushed.status, StatusCode::OK, "{}", pushed.body);
    assert_eq!(pushed.body["last_op_id"], 2);
    assert_eq!(outcomes(&pushed), ["applied", "applied"]);

    let joined = client.join(&key, "手机").await;
    assert_eq!(joined.status, StatusCode::CREATED, "{}", joined.body);
    assert!(
        joined.body.get("sync_key").is_none(),
        "the key is shown only when the account opens"
    );
    let phone = common::device(&joined.body);
    assert_eq!(phone.account_id, laptop.account_id);
    assert_ne!(phone.token, laptop.token, "each device has its own token");

    let (records, _) = client.pull_all(&phone, 500).await;
    assert_eq!(
        records,
        vec![ops[0]["record"].clone(), ops[1]["record"].clone()]
    );

    let devices = client.devices(&phone).await;
    assert_eq!(devices.status, StatusCode::OK);
    let list = devices.body["devices"].as_array().expect("devices");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["last_op_id"], 2);
    assert_eq!(list[1]["this_device"], true);
    assert_eq!(devices.body["name"], "浦东新区某培训学校");

    let wrong = client
        .join(&key.replace(&key[key.len() - 4..], "AAAA"), "平板")
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.body["error"]["code"], "sync_key_invalid");
}

async fn a_replayed_push_changes_nothing_and_an_early_one_is_refused_until_its_turn(
    backend: Backend,
) {
    let server = start(backend, roomy()).await;
    let client = Client::new(&server.base);
    let device = client.open_account("某学校").await;
    let first: Vec<Value> = (1..=3)
        .map(|n| op(n, 0, candidate(n, 100, 1, "李四", "")))
        .collect();
    let second: Vec<Value> = (4..=5)
        .map(|n| op(n, 0, candidate(n, 100, 1, "王五", "")))
        .collect();

    let early = client.push(&device, &second).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
    assert_eq!(early.body["error"]["code"], "op_out_of_order");
    assert!(
        early.body["error"]["message"]["zh-CN"]
            .as_str()
            .unwrap_or("")
            .contains("第 1 项")
    );

    assert_eq!(
        outcomes(&client.push(&device, &first).await),
        ["applied"; 3]
    );
    let again = client.push(&device, &first).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(outcomes(&again), ["already_applied"; 3]);
    assert_eq!(again.body["last_op_id"], 3);

    // A batch that overlaps the last: the old part is skipped, the new part applied.
    let overlap: Vec<Value> = first[2..].iter().chain(&second).cloned().collect();
    assert_eq!(
        outcomes(&client.push(&device, &overlap).await),
        ["already_applied", "applied", "applied"]
    );

    let (records, _) = client.pull_all(&device, 500).await;
    let ids: Vec<&str> = records
        .iter()
        .map(|r| r["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        ids,
        (1..=5).map(id).collect::<Vec<_>>(),
        "each record once, in the order applied"
    );
}

async fn a_stale_edit_is_a_conflict_until_settled_and_other_candidates_never_conflict(
    backend: Backend,
) {
    let server = start(backend, roomy()).await;
    let client = Client::new(&server.base);
    let laptop = client.open_account("某学校").await;
    let phone = common::device(
        &client
            .join(laptop.sync_key.as_deref().unwrap_or(""), "手机")
            .await
            .body,
    );
    let base = [
        op(1, 0, draft(1, 1, "某学校")),
        op(2, 0, candidate(2, 1, 1, "张三", "")),
        op(3, 0, candidate(3, 1, 1, "李四", "")),
    ];
    assert_eq!(outcomes(&client.push(&laptop, &base).await), ["applied"; 3]);

    // Both devices edit 张三 (revision 1 → 2); the phone also edits 李四.
    let laptop_edit = candidate(2, 1, 2, "张三丰", "");
    assert_eq!(
        outcomes(&client.push(&laptop, &[op(4, 1, laptop_edit.clone())]).await),
        ["applied"]
    );
    let phone_ops = [
        op(1, 1, candidate(2, 1, 2, "张叁", "")),
        op(2, 1, candidate(3, 1, 2, "李肆", "")),
    ];
    let answer = client.push(&phone, &phone_ops).await;
    assert_eq!(
        outcomes(&answer),
        ["conflict", "applied"],
        "{}",
        answer.body
    );
    assert_eq!(
        answer.body["results"][0]["server"], laptop_edit,
        "the server's version comes back"
    );

    // The answer was lost and the phone sends the same push again: it hears of the conflict
    // again, not "already applied" (which would leave it showing a version the server never took).
    let replayed = client.push(&phone, &phone_ops).await;
    assert_eq!(
        outcomes(&replayed),
        ["conflict", "already_applied"],
        "{}",
        replayed.body
    );
    assert_eq!(replayed.body["results"][0]["server"], laptop_edit);

    // The phone's next edit of 张三 is numbered 3 on top of its own 2: still a conflict, even
    // though the server also holds a revision 2.
    let stale = client
        .push(&phone, &[op(3, 2, candidate(2, 1, 3, "张叁叁", ""))])
        .await;
    assert_eq!(outcomes(&stale), ["conflict"]);

    // The person chooses; the choice is made on the server's revision and settles it.
    let mut settled = op(4, 2, candidate(2, 1, 3, "张三丰", "110105194912310029"));
    settled["resolves_conflict"] = json!(true);
    assert_eq!(
        outcomes(&client.push(&phone, &[settled]).await),
        ["applied"]
    );
    let after = client
        .push(
            &phone,
            &[op(5, 3, candidate(2, 1, 4, "张三丰", "11010519491231002X"))],
        )
        .await;
    assert_eq!(
        outcomes(&after),
        ["applied"],
        "after settling, edits go through again"
    );

    let (records, _) = client.pull_all(&laptop, 500).await;
    let zhang = records.iter().find(|r| r["id"] == id(2)).expect("张三");
    assert_eq!(zhang["revision"], 4);
    assert_eq!(
        zhang["entry"]["candidate"]["id_number"],
        "11010519491231002X"
    );
}

async fn pulls_page_through_every_record_once_at_its_latest_revision(backend: Backend) {
    let server = start(backend, roomy()).await;
    let client = Client::new(&server.base);
    let device = client.open_account("某学校").await;
    let mut next = 1;
    for batch in 0..11 {
        let ops: Vec<Value> = (0..100)
            .map(|i| {
                let n = batch * 100 + i + 1;
                let o = op(next, 0, candidate(n, 0, 1, "考生", ""));
                next += 1;
                o
            })
            .collect();
        assert_eq!(client.push(&device, &ops).await.status, StatusCode::OK);
    }
    // Every tenth candidate edited again: it moves to the end of the order.
    let edits: Vec<Value> = (1..=110)
        .map(|k| {
            let o = op(next, 1, candidate(k * 10, 0, 2, "考生（改）", ""));
            next += 1;
            o
        })
        .collect();
    assert_eq!(client.push(&device, &edits).await.status, StatusCode::OK);

    let (records, pages) = client.pull_all(&device, 100).await;
    assert_eq!(records.len(), 1100);
    assert_eq!(pages, vec![100; 11]);
    let mut seen = std::collections::HashSet::new();
    for record in &records {
        assert!(
            seen.insert(record["id"].as_str().unwrap_or("").to_string()),
            "twice: {}",
            record["id"]
        );
        let edited =
            u64::from_str_radix(&record["id"].as_str().unwrap_or("")[..16], 16).unwrap_or(0) % 10
                == 0;
        assert_eq!(record["revision"], if edited { 2 } else { 1 });
    }
    assert!(
        records[990..].iter().all(|r| r["revision"] == 2),
        "the edited come last"
    );

    // A cursor from the end returns nothing more, and a made-up one is refused.
    let first = client.pull(&device, "", 1000).await;
    assert_eq!(first.body["more"], true);
    let rest = client
        .pull(&device, first.body["cursor"].as_str().unwrap_or(""), 1000)
        .await;
    assert_eq!(
        (
            rest.body["records"].as_array().map(Vec::len),
            rest.body["more"].clone()
        ),
        (Some(100), json!(false))
    );
    let cursor = rest.body["cursor"].as_str().unwrap_or("").to_string();
    let empty = client.pull(&device, &cursor, 10).await;
    assert_eq!(empty.body["records"], json!([]));
    assert_eq!(empty.body["more"], false);
    assert_eq!(empty.body["cursor"], cursor.as_str());
    let bad = client.pull(&device, "NTAw", 10).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.body["error"]["code"], "bad_cursor");
    let limit = client.pull(&device, "", 5000).await;
    assert_eq!(limit.body["error"]["code"], "bad_limit");
}

async fn another_accounts_token_never_reaches_this_accounts_data(backend: Backend) {
    let server = start(backend, roomy()).await;
    let client = Client::new(&server.base);
    let ours = client.open_account("甲学校").await;
    let theirs = client.open_account("乙学校").await;
    let secret_name = "赵六（甲学校的考生）";
    let ops = [
        op(1, 0, draft(1, 1, "甲学校")),
        op(2, 0, candidate(2, 1, 1, secret_name, "11010519491231002X")),
    ];
    assert_eq!(client.push(&ours, &ops).await.status, StatusCode::OK);

    // The same record ids pushed by the other account are that account's own records.
    let same_ids = [
        op(1, 0, draft(1, 1, "乙学校")),
        op(2, 5, candidate(2, 1, 9, "乙的考生", "")),
    ];
    assert_eq!(
        outcomes(&client.push(&theirs, &same_ids).await),
        ["applied", "applied"]
    );

    let mut everything = String::new();
    for (method, path) in [
        (Method::GET, "/api/v1/sync/pull".to_string()),
        (Method::GET, "/api/v1/sync/devices".to_string()),
        (Method::GET, "/api/v1/sync/account/export".to_string()),
        (
            Method::DELETE,
            format!("/api/v1/sync/devices/{}", ours.device_id),
        ),
    ] {
        let answer = client.send(method, &path, Some(&theirs.token), None).await;
        everything.push_str(&answer.body.to_string());
    }
    assert!(!everything.contains(secret_name), "{everything}");
    assert!(!everything.contains("甲学校"), "{everything}");
    assert!(!everything.contains(&ours.device_id) || everything.contains("device_not_found"));
    let revoke = client
        .send(
            Method::DELETE,
            &format!("/api/v1/sync/devices/{}", ours.device_id),
            Some(&theirs.token),
            None,
        )
        .await;
    assert_eq!(revoke.status, StatusCode::NOT_FOUND);

    // A push naming our device with their token is refused; ours still works and is intact.
    let body =
        json!({ "device_id": ours.device_id, "ops": [op(3, 2, candidate(2, 1, 2, "改名", ""))] });
    let forged = client
        .send(
            Method::POST,
            "/api/v1/sync/push",
            Some(&theirs.token),
            Some(body.to_string()),
        )
        .await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST);
    assert_eq!(forged.body["error"]["code"], "device_mismatch");
    let (records, _) = client.pull_all(&ours, 500).await;
    assert_eq!(records[1]["entry"]["name"], secret_name);
    assert_eq!(records[0]["institution"], "甲学校");
}

async fn a_malformed_record_is_refused_alone_with_its_reason(backend: Backend) {
    let server = start(backend, roomy()).await;
    let client = Client::new(&server.base);
    let device = client.open_account("某学校").await;
    let mut unknown_field = candidate(2, 1, 1, "张三", "");
    unknown_field["entry"]["verdict"] = json!("eligible");
    let mut bad_date = candidate(3, 1, 1, "李四", "");
    bad_date["entry"]["candidate"]["work"][0]["from"] = json!("2015-02-30");
    let ops = [
        op(1, 0, draft(1, 1, "某学校")),
        op(2, 0, unknown_field),
        op(3, 0, bad_date),
        op(4, 0, candidate(4, 1, 1, "王五", "")),
    ];
    let answer = client.push(&device, &ops).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(
        outcomes(&answer),
        ["applied", "rejected", "rejected", "applied"]
    );
    assert_eq!(
        answer.body["last_op_id"], 4,
        "a refused operation is settled, not retried forever"
    );
    let results = &answer.body["results"];
    assert_eq!(results[1]["code"], "malformed_record", "{results}");
    assert!(
        results[1]["message"]["en"]
            .as_str()
            .unwrap_or("")
            .contains("verdict")
    );
    assert_eq!(results[2]["code"], "bad_date");
    assert!(
        results[2]["message"]["zh-CN"]
            .as_str()
            .unwrap_or("")
            .contains("work.0.from")
    );
    let (records, _) = client.pull_all(&device, 500).await;
    assert_eq!(records.len(), 2);
}

async fn bodies_that_are_not_pushes_are_refused_clearly(backend: Backend) {
    let server = start(backend, roomy()).await;
    let client = Client::new(&server.base);
    let device = client.open_account("某学校").await;
    let push = |body: String| {
        client.send(
            Method::POST,
            "/api/v1/sync/push",
            Some(&device.token),
            Some(body),
        )
    };

    let not_json = push("{\"device_id\": ".into()).await;
    assert_eq!(
        not_json.status,
        StatusCode::BAD_REQUEST,
        "{}",
        not_json.body
    );
    let wrong_shape =
        push(json!({ "device_id": device.device_id, "operations": [] }).to_string()).await;
    assert_eq!(wrong_shape.status, StatusCode::BAD_REQUEST);
    assert_eq!(wrong_shape.body["error"]["code"], "unknown_field");
    let zero = push(
        json!({ "device_id": device.device_id, "ops": [op(0, 0, draft(1, 1, "x"))] }).to_string(),
    )
    .await;
    assert_eq!(zero.body["error"]["code"], "bad_op_id");

    let huge = "x".repeat(3 * 1024 * 1024);
    let oversized =
        push(json!({ "device_id": device.device_id, "ops": [], "pad": huge }).to_string()).await;
    assert_eq!(oversized.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(oversized.body["error"]["code"], "body_too_large");
    let too_many: Vec<Value> = (1..=1001).map(|n| op(n, 0, draft(n, 1, "x"))).collect();
    let many = client.push(&device, &too_many).await;
    assert_eq!(many.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(many.body["error"]["code"], "too_many_ops");

    // A body cut short: the declared length is more than what arrives before the connection closes.
    let address = server.base.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&address)
        .await
        .expect("connects");
    let request = format!(
        "POST /api/v1/sync/push HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{{\"device_id\":\"",
        device.token
    );
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream.write_all(request.as_bytes()).await.expect("writes");
    stream.shutdown().await.expect("half-closes");
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply).await;
    assert!(
        reply.is_empty() || reply.starts_with("HTTP/1.1 400"),
        "{reply}"
    );
    let (records, _) = client.pull_all(&device, 500).await;
    assert!(records.is_empty(), "nothing of a refused body is kept");
}

async fn missing_wrong_and_revoked_tokens_are_refused(backend: Backend) {
    let server = start(backend, roomy()).await;
    let client = Client::new(&server.base);
    let laptop = client.open_account("某学校").await;
    let phone = common::device(
        &client
            .join(laptop.sync_key.as_deref().unwrap_or(""), "手机")
            .await
            .body,
    );
    let tablet = common::device(
        &client
            .join(laptop.sync_key.as_deref().unwrap_or(""), "平板")
            .await
            .body,
    );

    let none = client
        .send(Method::GET, "/api/v1/sync/pull", None, None)
        .await;
    assert_eq!(
        (none.status, none.body["error"]["code"].clone()),
        (StatusCode::UNAUTHORIZED, json!("token_missing"))
    );
    // The last character changed (to one it is not).
    let last = if laptop.token.ends_with('A') {
        'B'
    } else {
        'A'
    };
    let forged = format!("{}{last}", &laptop.token[..laptop.token.len() - 1]);
    let wrong = client
        .send(Method::GET, "/api/v1/sync/pull", Some(&forged), None)
        .await;
    assert_eq!(wrong.body["error"]["code"], "token_invalid");

    let revoke = client
        .send(
            Method::DELETE,
            &format!("/api/v1/sync/devices/{}", phone.device_id),
            Some(&laptop.token),
            None,
        )
        .await;
    assert_eq!(revoke.status, StatusCode::NO_CONTENT);
    let revoked = client.push(&phone, &[op(1, 0, draft(1, 1, "x"))]).await;
    assert_eq!(revoked.status, StatusCode::UNAUTHORIZED);
    assert_eq!(revoked.body["error"]["code"], "device_revoked");
    assert_eq!(
        client.pull(&tablet, "", 10).await.status,
        StatusCode::OK,
        "the others keep working"
    );

    let all = client
        .send(
            Method::POST,
            "/api/v1/sync/devices/revoke-all",
            Some(&tablet.token),
            None,
        )
        .await;
    assert_eq!(all.body["revoked"], 2);
    for device in [&laptop, &tablet] {
        assert_eq!(
            client.pull(device, "", 10).await.body["error"]["code"],
            "device_revoked"
        );
    }
}

async fn the_account_quota_refuses_a_push_whole(backend: Backend) {
    let mut options = roomy();
    options.sync.account_quota_bytes = 4 * 1024;
    let server = start(backend, options).await;
    let client = Client::new(&server.base);
    let device = client.open_account("某学校").await;
    let fits: Vec<Value> = (1..=4)
        .map(|n| op(n, 0, candidate(n, 0, 1, "张三", "")))
        .collect();
    assert_eq!(client.push(&device, &fits).await.status, StatusCode::OK);
    let more: Vec<Value> = (5..=12)
        .map(|n| op(n, 0, candidate(n, 0, 1, "张三", "")))
        .collect();
    let full = client.push(&device, &more).await;
    assert_eq!(full.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", full.body);
    assert_eq!(full.body["error"]["code"], "account_quota_exceeded");
    let (records, _) = client.pull_all(&device, 500).await;
    assert_eq!(records.len(), 4, "nothing of the refused push is kept");
    // Deleting (a smaller record) still goes through when full.
    let mut gone = candidate(1, 0, 2, "", "");
    gone["life"] = json!("deleted");
    gone["entry"]["candidate"]["schooling"] = json!([]);
    gone["entry"]["candidate"]["work"] = json!([]);
    assert_eq!(
        outcomes(&client.push(&device, &[op(5, 1, gone)]).await),
        ["applied"]
    );
}

async fn too_many_requests_are_told_when_to_come_back(backend: Backend) {
    let mut options = roomy();
    options.sync.requests_per_minute_per_token = 60; // bursts of 10
    let server = start(backend, options).await;
    let client = Client::new(&server.base);
    let device = client.open_account("某学校").await;
    let mut statuses = Vec::new();
    let mut limited = None;
    for _ in 0..20 {
        let answer = client.pull(&device, "", 10).await;
        statuses.push(answer.status.as_u16());
        if answer.status == StatusCode::TOO_MANY_REQUESTS && limited.is_none() {
            limited = Some(answer);
        }
    }
    let limited = limited.unwrap_or_else(|| panic!("never limited: {statuses:?}"));
    assert!(statuses[..10].iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(limited.body["error"]["code"], "rate_limited");
    assert!(
        limited.body["error"]["message"]["zh-CN"]
            .as_str()
            .unwrap_or("")
            .contains("秒后再试")
    );
    let wait: u64 = limited
        .retry_after
        .as_deref()
        .unwrap_or("")
        .parse()
        .expect("Retry-After in seconds");
    assert!((1..=60).contains(&wait), "{wait}");

    // Another device of the same address is not held back by this one.
    let other = client.open_account("另一学校").await;
    assert_eq!(client.pull(&other, "", 10).await.status, StatusCode::OK);

    let mut options = roomy();
    options.sync.requests_per_minute_per_ip = 60;
    let server = start(backend, options).await;
    let client = Client::new(&server.base);
    let mut last = StatusCode::OK;
    for n in 0..20 {
        let body = json!({ "name": format!("学校{n}"), "contact": "", "device_name": "电脑" });
        last = client
            .send(
                Method::POST,
                "/api/v1/sync/accounts",
                None,
                Some(body.to_string()),
            )
            .await
            .status;
    }
    assert_eq!(
        last,
        StatusCode::TOO_MANY_REQUESTS,
        "the address limit covers opening accounts"
    );
}

async fn only_allowed_origins_may_call_from_a_browser(backend: Backend) {
    let mut options = roomy();
    options.allow_origins =
        vec![pingjia_server::serve::parse_origin("https://pingjia.example.cn").expect("an origin")];
    let server = start(backend, options).await;
    let http = reqwest::Client::new();
    let preflight = |origin: &'static str| {
        http.request(Method::OPTIONS, format!("{}/api/v1/sync/push", server.base))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "authorization,content-type",
            )
            .send()
    };
    let allowed = preflight("https://pingjia.example.cn")
        .await
        .expect("answers");
    assert_eq!(
        allowed
            .headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok()),
        Some("https://pingjia.example.cn")
    );
    let other = preflight("https://evil.example").await.expect("answers");
    assert!(other.headers().get("access-control-allow-origin").is_none());
    assert!(pingjia_server::serve::parse_origin("https://x.cn/path").is_err());
    assert!(pingjia_server::serve::parse_origin("x.cn").is_err());
}

async fn an_account_exports_everything_and_is_erased(backend: Backend) {
    let server = start(backend, roomy()).await;
    let client = Client::new(&server.base);
    let device = client.open_account("要删除的学校").await;
    let keeper = client.open_account("留下的学校").await;
    let name = "钱七删除测试";
    let ops = [
        op(1, 0, draft(1, 1, "要删除的学校")),
        op(2, 0, candidate(2, 1, 1, name, "11010519491231002X")),
    ];
    assert_eq!(client.push(&device, &ops).await.status, StatusCode::OK);
    assert_eq!(
        client
            .push(&keeper, &[op(1, 0, draft(9, 1, "留下的学校"))])
            .await
            .status,
        StatusCode::OK
    );

    let export = client
        .send(
            Method::GET,
            "/api/v1/sync/account/export",
            Some(&device.token),
            None,
        )
        .await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(export.body["name"], "要删除的学校");
    assert_eq!(
        export.body["records"],
        json!([ops[0]["record"], ops[1]["record"]])
    );
    assert_eq!(export.body["devices"].as_array().map(Vec::len), Some(1));

    let erased = client
        .send(
            Method::DELETE,
            "/api/v1/sync/account",
            Some(&device.token),
            None,
        )
        .await;
    assert_eq!(erased.status, StatusCode::NO_CONTENT);
    assert_eq!(
        client.pull(&device, "", 10).await.body["error"]["code"],
        "token_invalid"
    );
    assert_eq!(
        client.pull_all(&keeper, 10).await.0.len(),
        1,
        "other accounts are untouched"
    );

    let gone = [name, "要删除的学校", "11010519491231002X"];
    match server.backend {
        // SQLite: not in the file's bytes at all (secure_delete overwrites what is erased).
        Backend::Sqlite => {
            let mut bytes = Vec::new();
            for file in ["sync.sqlite3", "sync.sqlite3-wal"] {
                bytes.extend(std::fs::read(server.dir.path().join(file)).unwrap_or_default());
            }
            for text in gone {
                let needle = text.as_bytes();
                assert!(
                    !bytes.windows(needle.len()).any(|w| w == needle),
                    "{text} is still in the database file"
                );
            }
            let kept = "留下的学校".as_bytes();
            assert!(
                bytes.windows(kept.len()).any(|w| w == kept),
                "the check can find what is there"
            );
        }
        // PostgreSQL: no row of any table holds it.
        Backend::Postgres => {
            let url = server.postgres_url.clone().expect("the test's database");
            let found = tokio::task::spawn_blocking(move || {
                let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connects");
                let mut count = |text: &str| -> i64 {
                    let pattern = format!("%{text}%");
                    client
                        .query_one(
                            "SELECT (SELECT count(*) FROM sync_records WHERE body LIKE $1)
                                  + (SELECT count(*) FROM sync_accounts WHERE name LIKE $1 OR contact LIKE $1)
                                  + (SELECT count(*) FROM sync_devices WHERE name LIKE $1)",
                            &[&pattern],
                        )
                        .expect("a count")
                        .get(0)
                };
                let gone: Vec<i64> = gone.iter().map(|t| count(t)).collect();
                (gone, count("留下的学校"))
            })
            .await
            .expect("counted");
            assert_eq!(found.0, vec![0, 0, 0], "rows of the erased account remain");
            assert!(found.1 > 0, "the check can find what is there");
        }
    }
}

async fn pushes_committed_together_keep_their_own_outcomes(backend: Backend) {
    let server = start(backend, roomy()).await;
    let client = std::sync::Arc::new(Client::new(&server.base));
    let first = client.open_account("某学校").await;
    let key = first.sync_key.clone().unwrap_or_default();
    let mut devices = vec![first];
    for n in 0..11 {
        devices.push(common::device(
            &client.join(&key, &format!("设备{n}")).await.body,
        ));
    }
    // Twelve devices push at once (so several share a commit); one of them sends too early.
    let mut tasks = Vec::new();
    for (d, device) in devices.iter().cloned().enumerate() {
        let client = std::sync::Arc::clone(&client);
        tasks.push(tokio::spawn(async move {
            let start = if d == 5 { 3 } else { 1 };
            let ops: Vec<Value> = (start..start + 30)
                .map(|k| op(k, 0, candidate(d as u64 * 1000 + k, 0, 1, "考生", "")))
                .collect();
            client.push(&device, &ops).await.status
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("a push"));
    }
    for (d, status) in statuses.iter().enumerate() {
        let expected = if d == 5 {
            StatusCode::CONFLICT
        } else {
            StatusCode::OK
        };
        assert_eq!(*status, expected, "device {d}");
    }
    let (records, _) = client.pull_all(&devices[0], 1000).await;
    assert_eq!(
        records.len(),
        11 * 30,
        "every accepted push whole, nothing of the refused one"
    );
}

/// A push applied but its answer lost; another device then changes the record on top of it.
/// Sent again, the push hears "already applied" with the record's current version, so a
/// device that pulled in between (and passed the record over while its change waited) does
/// not keep its older copy.
async fn a_replay_after_another_device_changed_the_record_brings_its_current_version(
    backend: Backend,
) {
    let server = start(backend, roomy()).await;
    let client = Client::new(&server.base);
    let laptop = client.open_account("某学校").await;
    let phone = common::device(
        &client
            .join(laptop.sync_key.as_deref().unwrap_or(""), "手机")
            .await
            .body,
    );
    let phone_ops = [
        op(1, 0, candidate(2, 1, 1, "张三", "")),
        op(2, 0, candidate(3, 1, 1, "李四", "")),
    ];
    assert_eq!(
        outcomes(&client.push(&phone, &phone_ops).await),
        ["applied"; 2]
    );
    let laptop_edit = candidate(2, 1, 2, "张三丰", "");
    assert_eq!(
        outcomes(&client.push(&laptop, &[op(1, 1, laptop_edit.clone())]).await),
        ["applied"]
    );

    let replayed = client.push(&phone, &phone_ops).await;
    assert_eq!(
        outcomes(&replayed),
        ["already_applied"; 2],
        "{}",
        replayed.body
    );
    assert_eq!(
        replayed.body["results"][0]["current"], laptop_edit,
        "the record changed since: its current version comes back"
    );
    assert!(
        replayed.body["results"][1].get("current").is_none(),
        "李四 has not changed since: nothing more is said ({})",
        replayed.body
    );
}

on_both_backends!(
    a_second_device_joins_with_the_key_and_pulls_what_the_first_pushed,
    a_replayed_push_changes_nothing_and_an_early_one_is_refused_until_its_turn,
    a_replay_after_another_device_changed_the_record_brings_its_current_version,
    a_stale_edit_is_a_conflict_until_settled_and_other_candidates_never_conflict,
    pulls_page_through_every_record_once_at_its_latest_revision,
    another_accounts_token_never_reaches_this_accounts_data,
    a_malformed_record_is_refused_alone_with_its_reason,
    bodies_that_are_not_pushes_are_refused_clearly,
    missing_wrong_and_revoked_tokens_are_refused,
    the_account_quota_refuses_a_push_whole,
    too_many_requests_are_told_when_to_come_back,
    only_allowed_origins_may_call_from_a_browser,
    an_account_exports_everything_and_is_erased,
    pushes_committed_together_keep_their_own_outcomes,
);
