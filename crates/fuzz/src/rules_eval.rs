//! The rules JSON API (`POST /api/v1/eval`, `pingjia eval`): any text in, one answer out.

use pingjia_rules::api::evaluate_json;

/// Promise: every request gets an answer or a refusal that names what was wrong; never the
/// internal error (500), which would mean the rules broke on an input they accepted.
pub fn run(data: &[u8]) {
    let (today, rest) = crate::day(data);
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let library = pingjia_rules::rulebook::Library::built_in();
    let reply = evaluate_json(&library, text, today);
    if reply.status == 500 {
        panic!("internal error on {today} for {text:?}: {}", reply.body);
    }
    if reply.status == 200 && reply.body["ok"] != serde_json::json!(true) {
        panic!("a 200 that is not ok: {}", reply.body);
    }
}
