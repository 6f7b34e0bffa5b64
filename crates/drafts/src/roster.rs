//! The roster of a draft: every candidate checked by `pingjia_rules::roster` on the draft's
//! application date, filtered, searched and sorted; and the check task with the fee totals.

use super::export::ExportButtons;
use super::records::{Draft, Life, RecordId};
use super::roster_check::checked_roster;
use super::save_status::SaveStatus;
use super::state::draft_signal;
use super::state::use_drafts;
use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_rules::Lang;
use pingjia_rules::codes::Code;
use pingjia_rules::roster::Status;
use pingjia_rules::rulebook::Session;
use pingjia_shell::context::use_lang;
use pingjia_shell::router::{DraftTask, Link, Page, navigate};
use pingjia_shell::ui::{ReasonList, Stamp, show, t, tr};
use std::fmt::Write as _;
use wasm_bindgen::JsCast;

/// `text` made safe to place in HTML, as an element's text or a quoted attribute's value.
fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut safe = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => safe.push_str("&amp;"),
            '<' => safe.push_str("&lt;"),
            '>' => safe.push_str("&gt;"),
            '"' => safe.push_str("&quot;"),
            '\'' => safe.push_str("&#39;"),
            c => safe.push(c),
        }
    }
    std::borrow::Cow::Owned(safe)
}

/// Rows of the roster drawn at a time: more than a screen, on a phone or a desktop. When rows
/// were built node by node, each cost about 2 ms at CPU 4×, and 25 rather than 50 took a
/// 1,000-row roster's re-check from about 240 to 170 ms to the frame painted (`cargo xtask
/// bench roster`); written as one HTML text, a row now costs about 1 ms, nearly all of it its
/// share of the frame's style, layout and paint.
const PAGE: usize = 25;

/// The choices of rows drawn at a time; "全部显示" draws every row, when asked. Only the first
/// screen's 25 are drawn unasked (the cost per row is measured by `cargo xtask bench roster`).
const PAGE_SIZES: [usize; 3] = [PAGE, 100, 500];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Order {
    AsEntered,
    Name,
    Status,
}

#[component]
pub fn RosterTask(id: RecordId) -> impl IntoView {
    let lang = use_lang();
    let drafts = use_drafts();
    let roster = checked_roster(id);
    let filter = RwSignal::new(None::<Status>);
    let search = RwSignal::new(String::new());
    let order = RwSignal::new(Order::AsEntered);
    let revealed = RwSignal::new(Vec::<RecordId>::new());
    // Rows drawn at once; a long roster shows more on request, so a phone is not asked to draw
    // a thousand rows to show the first screen.
    let limit = RwSignal::new(PAGE);
    // How many more each "再显示" shows: 25, or more for a long roster.
    let step = RwSignal::new(PAGE);
    let add = move |_| {
        if let Some(candidate) = drafts.add_candidate() {
            navigate(Page::DraftCandidate(id, candidate));
        }
    };
    // The rows that match the filter and the search, in the order chosen.
    let matching = Memo::new(move |_| {
        let needle = search.get().trim().to_ascii_uppercase();
        let filter = filter.get();
        roster.with(|r| {
            let mut shown: Vec<usize> = (0..r.ids.len())
                .filter(|&i| filter.is_none_or(|f| r.check.rows[i].status() == f))
                .filter(|&i| {
                    needle.is_empty()
                        || r.names[i].to_ascii_uppercase().contains(&needle)
                        || r.id_numbers[i]
                            .trim()
                            .to_ascii_uppercase()
                            .contains(&needle)
                })
                .collect();
            match order.get() {
                Order::AsEntered => {}
                Order::Name => shown.sort_by(|&a, &b| r.names[a].cmp(&r.names[b])),
                Order::Status => shown.sort_by_key(|&i| r.check.rows[i].status()),
            }
            shown
        })
    });
    // Rows are plain markup: one click handler on the table serves every row's link and
    // "show" button. They are written as one HTML text, which the browser parses in one call:
    // built node by node from wasm (some 300 elements and 400 texts for 25 rows, each a call
    // into the browser), a 1,000-row roster's re-check took 15 to 25 ms longer to paint at
    // CPU 4× (`cargo xtask bench roster`). So every text that comes from a person or a file
    // goes through `escape`.
    let rows = move || {
        let lang = lang.get();
        let revealed = revealed.get();
        let shown: Vec<usize> = matching.with(|m| m.iter().copied().take(limit.get()).collect());
        roster.with(|r| {
            let mut html = String::with_capacity(shown.len() * 600);
            for i in shown {
                let candidate = r.ids[i];
                let row = &r.check.rows[i];
                let status = row.status();
                let open = revealed.contains(&candidate);
                let number = if open { r.id_numbers[i].clone() } else { pingjia_rules::id_number::masked(&r.id_numbers[i]) };
                let name = match r.names[i].trim() {
                    "" => tr(lang, "（未填姓名）", "(no name)"),
                    name => name,
                };
                let level = r.levels[i].map(|l| {
                    Bilingual::new(l.short_zh(), l.choice_label().en).get(lang).to_owned()
                });
                let fee = match row.counted_fee() {
                    Some(yuan) => format!("{yuan} {}", tr(lang, "元", "yuan")),
                    None => tr(lang, "—（不计）", "— (not counted)").to_string(),
                };
                let _ = write!(
                    html,
                    "<tr data-status=\"{status}\"><td class=\"row-number\">{n}</td>\
                     <td class=\"name\"><a href=\"{href}\" data-candidate=\"{candidate}\">{name}</a></td>\
                     <td class=\"id-number\" data-label=\"{id_heading}\"><span>{number}</span> \
                     <button type=\"button\" class=\"link\" data-reveal=\"{candidate}\" aria-label=\"{reveal_label}\">{reveal}</button></td>\
                     <td class=\"level\" data-label=\"{level_heading}\">{level}</td>\
                     <td class=\"row-check\" data-label=\"{verdict_heading}\"><strong class=\"row-verdict {status}\">{verdict}</strong><br><span class=\"hint\">{summary}</span></td>\
                     <td class=\"figure\" data-label=\"{fee_heading}\">{fee}</td></tr>",
                    id_heading = tr(lang, "身份证号", "Identity number"),
                    level_heading = tr(lang, "申报等级", "Level"),
                    verdict_heading = tr(lang, "核对结果", "Verdict"),
                    fee_heading = tr(lang, "费用", "Fee"),
                    n = i + 1,
                    status = status.code(),
                    href = escape(&Page::DraftCandidate(id, candidate).path()),
                    name = escape(name),
                    number = escape(&number),
                    reveal_label = tr(lang, "显示或隐藏身份证号", "Show or hide the identity number"),
                    reveal = if open { tr(lang, "隐藏", "Hide") } else { tr(lang, "显示", "Show") },
                    verdict = escape(status.label().get(lang)),
                    summary = escape(row.summary(&r.names).get(lang)),
                    level = escape(level.as_deref().unwrap_or_default()),
                    fee = escape(&fee),
                );
            }
            html
        })
    };
    let on_table_click = move |ev: leptos::ev::MouseEvent| {
        let Some(target) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let found = |selector: &str, attribute: &str| {
            target
                .closest(selector)
                .ok()
                .flatten()
                .and_then(|el| el.get_attribute(attribute))
                .and_then(|text| RecordId::parse(&text))
        };
        if let Some(candidate) = found("button[data-reveal]", "data-reveal") {
            revealed.update(|v| match v.iter().position(|x| *x == candidate) {
                Some(p) => {
                    v.remove(p);
                }
                None => v.push(candidate),
            });
        } else if let Some(candidate) = found("a[data-candidate]", "data-candidate") {
            // A modified click opens a new tab as the browser would.
            if ev.button() == 0
                && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key())
            {
                ev.prevent_default();
                navigate(Page::DraftCandidate(id, candidate));
            }
        }
    };
    let counts = move || {
        let lang = lang.get();
        roster.with(|r| {
            Status::ALL
                .iter()
                .map(|s| format!("{} {}", s.label().get(lang), r.check.count(*s)))
                .collect::<Vec<_>>()
                .join(" · ")
        })
    };
    let filter_option = move |value: &'static str, status: Option<Status>, label: Bilingual| {
        view! { <option value=value selected=move || filter.get() == status>{show(label)}</option> }
    };
    view! {
        <Link page=Page::Draft(id, DraftTask::Overview) class="back-link">{t("返回任务列表", "Back to the tasks")}</Link>
        <h1 tabindex="-1">{t("考生名单", "Candidates")}</h1>
        <SaveStatus/>
        {move || drafts.just_deleted.get().map(|candidate| view! {
            <p class="banner" role="status">
                {t("已从名单中删除一位考生。", "A candidate was removed from the roster.")}" "
                <button type="button" class="link" on:click=move |_| {
                    drafts.edit_candidate(candidate, |c| c.life = Life::Active);
                    drafts.just_deleted.set(None);
                }>{t("撤销", "Undo")}</button>
            </p>
        })}
        <p role="status" class="roster-counts">{counts}</p>
        <p class="file-actions">
            <button type="button" on:click=add>{t("添加考生", "Add a candidate")}</button>
            <Link page=Page::Draft(id, DraftTask::Import) class="button secondary">{t("从文件导入", "Import from a file")}</Link>
        </p>
        <div class="roster-tools">
            <div class="field">
                <label for="roster-filter">{t("显示", "Show")}</label>
                <select id="roster-filter" on:change=move |ev| filter.set(match event_target_value(&ev).as_str() {
                    "eligible" => Some(Status::Eligible),
                    "not_eligible" => Some(Status::NotEligible),
                    "incomplete" => Some(Status::Incomplete),
                    _ => None,
                })>
                    {filter_option("all", None, Bilingual::fixed("全部", "All"))}
                    {filter_option("eligible", Some(Status::Eligible), Status::Eligible.label())}
                    {filter_option("not_eligible", Some(Status::NotEligible), Status::NotEligible.label())}
                    {filter_option("incomplete", Some(Status::Incomplete), Status::Incomplete.label())}
                </select>
            </div>
            <div class="field">
                <label for="roster-search">{t("按姓名或身份证号查找", "Find by name or identity number")}</label>
                <input id="roster-search" type="search" prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="roster-page-size">{t("每次显示", "Rows at a time")}</label>
                <select id="roster-page-size" on:change=move |ev| {
                    let size = event_target_value(&ev).parse().unwrap_or(PAGE);
                    step.set(size);
                    limit.set(size);
                }>
                    {PAGE_SIZES.into_iter().map(|n| view! {
                        <option value=n.to_string() selected=move || step.get() == n>{move || Bilingual::new(format!("{n} 人"), format!("{n}")).get(lang.get()).to_owned()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="roster-order">{t("排序", "Sort")}</label>
                <select id="roster-order" on:change=move |ev| order.set(match event_target_value(&ev).as_str() {
                    "name" => Order::Name,
                    "status" => Order::Status,
                    _ => Order::AsEntered,
                })>
                    <option value="entered">{t("按添加顺序", "As added")}</option>
                    <option value="name">{t("按姓名", "By name")}</option>
                    <option value="status">{t("按核对结果", "By verdict")}</option>
                </select>
            </div>
        </div>
        <div class="table-scroll">
            <table class="roster">
                <thead><tr>
                    <th scope="col">"#"</th>
                    <th scope="col">{t("姓名", "Name")}</th>
                    <th scope="col">{t("身份证号", "Identity number")}</th>
                    <th scope="col">{t("申报等级", "Level")}</th>
                    <th scope="col">{t("核对结果", "Verdict")}</th>
                    <th scope="col">{t("费用", "Fee")}</th>
                </tr></thead>
                <tbody on:click=on_table_click inner_html=rows></tbody>
            </table>
        </div>
        {move || {
            let more = matching.with(Vec::len).saturating_sub(limit.get());
            let step = step.get();
            (more > 0).then(|| view! {
                <p class="file-actions">
                    <button type="button" class="secondary" on:click=move |_| limit.update(|l| *l += step)>
                        {move || Bilingual::new(format!("再显示 {} 人（还有 {more} 人）", more.min(step)), format!("Show {} more ({more} not shown)", more.min(step))).get(lang.get()).to_owned()}
                    </button>
                    // Thousands of imported rows are seen in one go when asked for, not 25 a click.
                    <button type="button" class="secondary" on:click=move |_| limit.set(usize::MAX)>
                        {move || Bilingual::new(format!("全部显示（共 {} 人）", matching.with(Vec::len)), format!("Show all ({})", matching.with(Vec::len))).get(lang.get()).to_owned()}
                    </button>
                </p>
            })
        }}
    }
}

fn amount(lang: Lang, yuan: u64) -> String {
    format!("{yuan} {}", tr(lang, "元", "yuan"))
}

/// The session a draft is for, if one is chosen and the rulebook has it.
pub fn session_of(draft: &Draft) -> Option<Session> {
    pingjia_rules::rulebook::current()
        .sessions
        .iter()
        .find(|s| s.key().to_string() == draft.session)
        .copied()
}

pub fn session_label(session: Option<Session>) -> Bilingual {
    match session {
        Some(s) => pingjia_rules::sessions::month_label(&s),
        None => Bilingual::fixed("尚未选择考期", "No session chosen yet"),
    }
}

#[component]
pub fn CheckTask(id: RecordId) -> impl IntoView {
    let lang = use_lang();
    let draft = draft_signal(id);
    let roster = checked_roster(id);
    let on = move || roster.with(|r| r.check.on);
    let session = move || draft.with(|d| d.as_ref().and_then(session_of));
    let session_line = move || session_label(session()).get(lang.get()).to_owned();
    let totals = move || {
        let lang = lang.get();
        roster.with(|r| match &r.check.fees {
            Some(fees) => {
                let people = r.check.counted_by_level();
                let counted: usize = people.values().sum();
                let levels = fees.by_level.iter().map(|(level, sum)| {
                    let n = people.get(level).copied().unwrap_or(0);
                    view! {
                        <tr>
                            <th scope="row">{level.title().get(lang).to_owned()}</th>
                            <td class="figure">{Bilingual::new(format!("{n} 人"), format!("{n} people")).get(lang).to_owned()}</td>
                            <td class="figure">{amount(lang, *sum)}</td>
                        </tr>
                    }
                }).collect_view();
                let subjects = fees.by_subject.iter().map(|(subject, sum)| view! {
                    <tr><th scope="row">{subject.name().capitalised().get(lang).to_owned()}</th><td class="figure">{amount(lang, *sum)}</td></tr>
                }).collect_view();
                view! {
                    <table class="totals">
                        <caption>{tr(lang, "按等级", "By level")}</caption>
                        <tbody>{levels}</tbody>
                    </table>
                    <table class="totals">
                        <caption>{tr(lang, "按科目", "By subject")}</caption>
                        <tbody>{subjects}</tbody>
                    </table>
                    <p class="amount">
                        {Bilingual::new(format!("合计（符合条件的 {counted} 人）："), format!("Total (the {counted} eligible): ")).get(lang).to_owned()}
                        <span class="figure" data-testid="grand-total">{amount(lang, fees.total)}</span>
                    </p>
                    <p class="hint">{tr(lang,
                        "暂不符合或待补全的考生不计费，名单与导出文件中其费用显示为“—（不计）”。",
                        "Candidates who cannot apply yet or are incomplete are not charged: their fee shows as \"— (not counted)\" in the roster and the files.",
                    )}</p>
                }.into_any()
            }
            None => view! { <p class="warning">{tr(lang, "无法计算费用：名单人数超出上限，或该日期没有收费标准。", "The fees cannot be totalled: the roster is longer than a group may be, or no fee table applies on that date.")}</p> }.into_any(),
        })
    };
    // 二（三）: not every session offers every level.
    let not_offered = move || {
        let lang = lang.get();
        let s = session()?;
        let rows: Vec<String> = roster.with(|r| {
            r.levels
                .iter()
                .enumerate()
                .filter(|(_, level)| level.is_some_and(|l| !s.offers(l)))
                .map(|(i, _)| (i + 1).to_string())
                .collect()
        });
        (!rows.is_empty()).then(|| {
            let list = rows.join(tr(lang, "、", ", "));
            view! { <p class="warning" role="status">{Bilingual::new(format!("本期不开考第 {list} 行所选的等级，请改选考期或等级。"), format!("This session does not offer the level chosen on row {list}: choose another session or level.")).get(lang).to_owned()}</p> }
        })
    };
    view! {
        <Link page=Page::Draft(id, DraftTask::Overview) class="back-link">{t("返回任务列表", "Back to the tasks")}</Link>
        <h1 tabindex="-1">{t("核对、费用与导出", "Check, fees and export")}</h1>
        <dl class="summary">
            <dt>{t("考期", "Session")}</dt><dd>{session_line}</dd>
            <dt>{t("核对日期", "Checked for")}</dt><dd>{move || on().to_string()}</dd>
            {Status::ALL.into_iter().map(|s| view! {
                <dt>{show(s.label())}</dt><dd data-testid=format!("count-{s:?}")>{move || roster.with(|r| r.check.count(s))}</dd>
            }).collect_view()}
        </dl>
        {not_offered}
        <h2>{t("费用（仅计符合条件者）", "Fees (eligible candidates only)")}</h2>
        {totals}
        <ReasonList reasons=vec![pingjia_rules::fees::pay_after_review(pingjia_rules::rulebook::current())]/>
        {move || view! { <Stamp on=on()/> }}
        <h2>{t("导出与打印", "Export and print")}</h2>
        <p class="hint">{t(
            "文件中的身份证号是完整的，请妥善保管。导出的文件可以再导入。",
            "Files hold whole identity numbers: keep them safe. An exported file can be imported again.",
        )}</p>
        <ExportButtons id=id/>
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn text_placed_in_the_rows_markup_cannot_become_markup() {
        assert_eq!(
            escape(r#"<img src=x onerror="go()">'李&四'"#),
            "&lt;img src=x onerror=&quot;go()&quot;&gt;&#39;李&amp;四&#39;"
        );
        assert!(matches!(
            escape("张三 310101"),
            std::borrow::Cow::Borrowed("张三 310101")
        ));
    }
}
