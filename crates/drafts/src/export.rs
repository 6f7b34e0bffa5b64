//! Taking a draft away: CSV and XLSX files written by the file worker, and an A4 print view —
//! each with the roster, the totals, the session, the rulebook version and the date checked.

use super::file_worker;
use super::records::{Draft, RecordId};
use super::roster::{session_label, session_of};
use super::roster_check::{CheckedRoster, checked_roster, on_roster};
use super::state::draft_signal;
use leptos::prelude::*;
use pingjia_files::protocol::{ExportRoster, ExportRow, Format, Request, TotalLine};
use pingjia_rules::Bilingual;
use pingjia_rules::Lang;
use pingjia_rules::Lang as RulesLang;
use pingjia_rules::id_number::masked;
use pingjia_rules::roster::RosterEntry;
use pingjia_shell::context::use_lang;
use pingjia_shell::router::{DraftTask, Link, Page};
use pingjia_shell::ui::{t, tr};

/// The draft's name as its files are named: the institution, or "考生名单".
fn title(draft: &Draft) -> String {
    match draft.institution.trim() {
        "" => "考生名单".to_string(),
        name => format!("{name} 考生名单"),
    }
}

/// Everything an export holds, in Chinese (the language of the forms it goes with); `entries`
/// are the roster's rows as typed, in the order `roster` checked them.
fn export_roster(draft: &Draft, roster: &CheckedRoster, entries: Vec<RosterEntry>) -> ExportRoster {
    let zh = RulesLang::ZhCn;
    let check = &roster.check;
    let people = check.counted_by_level();
    let (totals, grand_total) = match &check.fees {
        Some(fees) => (
            fees.by_level
                .iter()
                .map(|(level, sum)| TotalLine {
                    what: level.title().zh.into_owned(),
                    people: Some(people.get(level).copied().unwrap_or(0)),
                    yuan: *sum,
                })
                .chain(fees.by_subject.iter().map(|(s, sum)| TotalLine {
                    what: s.name().zh.into_owned(),
                    people: None,
                    yuan: *sum,
                }))
                .collect(),
            Some(fees.total),
        ),
        None => (Vec::new(), None),
    };
    ExportRoster {
        title: title(draft),
        institution: draft.institution.clone(),
        session: session_label(session_of(draft)).zh.into_owned(),
        checked_on: check.on,
        rulebook_version: check.rulebook_version.to_string(),
        rows: entries
            .into_iter()
            .zip(&check.rows)
            .map(|(entry, row)| ExportRow {
                entry,
                status: row.status().label().get(zh).to_owned(),
                summary: row.summary(&roster.names).get(zh).to_owned(),
                fee: row.counted_fee(),
            })
            .collect(),
        totals,
        grand_total,
        counted: people.values().sum(),
    }
}

/// A fee column's cell: the amount the total counts, or "—（不计）" for a row it does not.
pub fn fee_cell(lang: Lang, counted: Option<u64>) -> String {
    match counted {
        Some(yuan) => yuan.to_string(),
        None => tr(lang, "—（不计）", "— (not counted)").to_string(),
    }
}

/// "导出 XLSX", "导出 CSV" and the print view of draft `id`.
#[component]
pub fn ExportButtons(id: RecordId) -> impl IntoView {
    let lang = use_lang();
    let draft = draft_signal(id);
    let roster = checked_roster(id);
    let drafts = super::state::use_drafts();
    let busy = RwSignal::new(false);
    // Until the candidates are read from storage, an export would be of an empty roster.
    let unready = move || busy.get() || drafts.loaded.get() != Some(id);
    let failed = RwSignal::new(None::<Bilingual>);
    let export = move |format: Format| {
        let entries = drafts
            .candidates
            .with_untracked(|l| on_roster(l, id).map(|c| c.entry.clone()).collect());
        let Some(roster) = draft.with_untracked(|d| {
            d.as_ref()
                .map(|d| roster.with_untracked(|r| export_roster(d, r, entries)))
        }) else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            failed.set(
                file_worker::download(&Request::Export { format, roster }, None)
                    .await
                    .err(),
            );
            busy.set(false);
        });
    };
    view! {
        <p class="file-actions">
            <button type="button" disabled=unready on:click=move |_| export(Format::Xlsx)>{t("导出 XLSX", "Export XLSX")}</button>
            <button type="button" class="secondary" disabled=unready on:click=move |_| export(Format::Csv)>{t("导出 CSV", "Export CSV")}</button>
            <Link page=Page::Draft(id, DraftTask::Print)>{t("打印（A4）", "Print (A4)")}</Link>
        </p>
        {move || busy.get().then(|| view! { <p role="status">{t("正在生成文件……", "Writing the file…")}</p> })}
        {move || failed.get().map(|m| view! { <p class="warning" role="alert">{m.get(lang.get()).to_owned()}</p> })}
    }
}

/// The roster on A4 paper: every row (not 25 at a time), the totals, the session, the rulebook
/// version and the date checked. Identity numbers stay masked unless the person asks.
#[component]
pub fn PrintTask(id: RecordId) -> impl IntoView {
    let lang = use_lang();
    let draft = draft_signal(id);
    let roster = checked_roster(id);
    let whole_numbers = RwSignal::new(false);
    let heading = move || draft.with(|d| d.as_ref().map(title).unwrap_or_default());
    let facts = move || {
        let lang = lang.get();
        draft.with(|d| {
            let d = d.as_ref()?;
            let r = roster.get();
            Some(view! {
                <dl class="summary">
                    <dt>{tr(lang, "机构", "Institution")}</dt><dd>{d.institution.clone()}</dd>
                    <dt>{tr(lang, "考期", "Session")}</dt><dd>{session_label(session_of(d)).get(lang).to_owned()}</dd>
                    <dt>{tr(lang, "核对日期", "Checked for")}</dt><dd data-testid="print-date">{r.check.on.to_string()}</dd>
                    <dt>{tr(lang, "规则版本", "Rulebook")}</dt><dd data-testid="print-rulebook">{r.check.rulebook_version}</dd>
                    <dt>{tr(lang, "考生人数", "Candidates")}</dt><dd>{r.ids.len()}</dd>
                </dl>
            })
        })
    };
    let rows = move || {
        let lang = lang.get();
        let whole = whole_numbers.get();
        roster.with(|r| {
            (0..r.ids.len())
                .map(|i| {
                    let row = &r.check.rows[i];
                    let number = if whole {
                        r.id_numbers[i].clone()
                    } else {
                        masked(&r.id_numbers[i])
                    };
                    let retake: Vec<String> = r.retakes[i]
                        .iter()
                        .map(|s| s.name().get(lang).to_owned())
                        .collect();
                    view! { <tr>
                        <td>{i + 1}</td>
                        <td>{r.names[i].clone()}</td>
                        <td class="id-number">{number}</td>
                        <td>{r.levels[i].map(|l| l.choice_label().get(lang).to_owned())}</td>
                        <td>{retake.join(tr(lang, "、", ", "))}</td>
                        <td>{row.status().label().get(lang).to_owned()}</td>
                        <td>{row.summary(&r.names).get(lang).to_owned()}</td>
                        <td class="figure">{fee_cell(lang, row.counted_fee())}</td>
                    </tr> }
                })
                .collect_view()
        })
    };
    let totals = move || {
        let lang = lang.get();
        roster.with(|r| {
            let people = r.check.counted_by_level();
            r.check.fees.as_ref().map(|fees| {
                let mut parts: Vec<String> = fees
                    .by_level
                    .iter()
                    .map(|(l, s)| {
                        let n = people.get(l).copied().unwrap_or(0);
                        Bilingual::new(format!("{} {n} 人 {s}", l.title().zh), format!("{} {n} people {s}", l.title().en)).get(lang).to_owned()
                    })
                    .collect();
                parts.extend(fees.by_subject.iter().map(|(s, sum)| format!("{} {sum}", s.name().get(lang))));
                let counted: usize = people.values().sum();
                view! { <p class="print-totals">{Bilingual::new(format!("考核费合计（元，仅计符合条件的 {counted} 人）：{}；总计 {}", parts.join("，"), fees.total), format!("Fees (yuan, the {counted} eligible only): {}; total {}", parts.join(", "), fees.total)).get(lang).to_owned()}</p> }
            })
        })
    };
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <div class="no-print print-controls">
            <Link page=Page::Draft(id, DraftTask::Check) class="back-link">{t("返回核对与导出", "Back to check and export")}</Link>
            <div class="field checkbox">
                <input id="print-whole" type="checkbox" prop:checked=move || whole_numbers.get()
                    on:change=move |ev| whole_numbers.set(event_target_checked(&ev))/>
                <label for="print-whole">{t("打印完整身份证号", "Print whole identity numbers")}</label>
            </div>
            <button type="button" on:click=print>{t("打印", "Print")}</button>
        </div>
        <article class="print-sheet">
            <h1 tabindex="-1">{heading}</h1>
            {facts}
            <table class="roster print">
                <thead><tr>
                    <th scope="col">"#"</th>
                    <th scope="col">{t("姓名", "Name")}</th>
                    <th scope="col">{t("身份证号", "Identity number")}</th>
                    <th scope="col">{t("申报等级", "Level")}</th>
                    <th scope="col">{t("补考科目", "Retaken")}</th>
                    <th scope="col">{t("核对结果", "Verdict")}</th>
                    <th scope="col">{t("说明", "Why")}</th>
                    <th scope="col">{t("费用（元）", "Fee (yuan)")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {totals}
        </article>
    }
}
