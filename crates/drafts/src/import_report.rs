//! What an import found, as the page shows it before anything joins the draft: a sentence of
//! counts, what stops nothing (notices, repairs, candidates who cannot apply yet), and the
//! problems grouped by kind, each group opened on demand, so a file of thousands of rows with
//! hundreds of faults reads in one screen.

use leptos::prelude::*;
use pingjia_files::protocol::{CellProblem, ImportReport, RowNote};
use pingjia_rules::{Bilingual, Lang};
use pingjia_shell::context::use_lang;
use pingjia_shell::ui::tr;

/// Cells listed in one group at most: the rest are in the download of the rows with problems,
/// and the group's heading counts them all.
const SHOWN_PER_GROUP: usize = 100;

/// "“名单.xlsx”共 20 行：18 行可导入，其中 1 人暂不符合申报条件；2 行有问题。"
pub fn summary(lang: Lang, file_name: &str, report: &ImportReport, good: u32) -> String {
    let (read, bad, waiting) = (
        report.rows_read,
        report.bad_rows(),
        report.not_eligible.len(),
    );
    match (lang, waiting) {
        (Lang::ZhCn, 0) => format!("“{file_name}”共 {read} 行：{good} 行可导入，{bad} 行有问题。"),
        (Lang::ZhCn, _) => format!(
            "“{file_name}”共 {read} 行：{good} 行可导入，其中 {waiting} 人暂不符合申报条件；{bad} 行有问题。"
        ),
        (Lang::En, 0) => {
            format!("\"{file_name}\" has {read} rows: {good} can be imported, {bad} have problems.")
        }
        (Lang::En, _) => format!(
            "\"{file_name}\" has {read} rows: {good} can be imported, {waiting} of them cannot apply yet; {bad} have problems."
        ),
    }
}

/// The kinds of problem in the order the file first shows them, each with its cells and the
/// number of rows it touches.
fn grouped(problems: &[CellProblem]) -> Vec<(&CellProblem, Vec<&CellProblem>, usize)> {
    let mut groups: Vec<(&CellProblem, Vec<&CellProblem>, usize)> = Vec::new();
    for p in problems {
        match groups
            .iter_mut()
            .find(|(first, _, _)| first.group == p.group)
        {
            Some((_, cells, rows)) => {
                if cells.last().is_none_or(|last| last.row != p.row) {
                    *rows += 1;
                }
                cells.push(p);
            }
            None => groups.push((p, vec![p], 1)),
        }
    }
    groups
}

/// Every problem, a group per kind: "学历“留学”无法识别 — 535 行".
#[component]
pub fn ProblemGroups(problems: Vec<CellProblem>) -> impl IntoView {
    let lang = use_lang();
    move || {
        let lang = lang.get();
        let groups = grouped(&problems);
        let one_kind = groups.len() == 1;
        let views = groups
            .into_iter()
            .map(|(first, cells, rows)| {
                let title = Bilingual::new(format!("{} — {rows} 行", first.group.zh), format!("{} — {rows} rows", first.group.en)).get(lang).to_owned();
                let more = cells.len().saturating_sub(SHOWN_PER_GROUP);
                let body = cells
                    .iter()
                    .take(SHOWN_PER_GROUP)
                    .map(|p| {
                        view! { <tr>
                            <td>{p.row}</td>
                            <td>{format!("{} {}", p.column, p.heading)}</td>
                            <td>{p.value.clone()}</td>
                            <td>{p.message.get(lang).to_owned()}</td>
                        </tr> }
                    })
                    .collect_view();
                view! {
                    <details class="problem-group" open=one_kind>
                        <summary>{title}</summary>
                        <div class="table-scroll">
                            <table class="import-problems">
                                <thead><tr>
                                    <th scope="col">{tr(lang, "行", "Row")}</th>
                                    <th scope="col">{tr(lang, "列", "Column")}</th>
                                    <th scope="col">{tr(lang, "内容", "Holds")}</th>
                                    <th scope="col">{tr(lang, "问题与改法", "Problem and fix")}</th>
                                </tr></thead>
                                <tbody>{body}</tbody>
                            </table>
                        </div>
                        {(more > 0).then(|| view! { <p class="hint">{Bilingual::new(format!("另有 {more} 处同类问题未列出：下载“有问题的行”可看到全部。"), format!("{more} more like these are not listed: download the rows with problems to see them all.")).get(lang).to_owned()}</p> })}
                    </details>
                }
            })
            .collect_view();
        view! {
            <h2>{tr(lang, "有问题的行", "Rows with problems")}</h2>
            {views}
        }
    }
}

/// Candidates listed one per row with their note, under a heading that counts them, closed
/// until opened.
#[component]
pub fn RowNotes(
    notes: Vec<RowNote>,
    /// The heading for `n` rows.
    heading: fn(Lang, usize) -> String,
    #[prop(into)] testid: String,
) -> impl IntoView {
    let lang = use_lang();
    move || {
        let lang = lang.get();
        let more = notes.len().saturating_sub(SHOWN_PER_GROUP);
        let items = notes
            .iter()
            .take(SHOWN_PER_GROUP)
            .map(|n| {
                let row = Bilingual::new(
                    format!("第 {} 行{}：", n.row, named(&n.name)),
                    format!("Row {}{}: ", n.row, named(&n.name)),
                )
                .get(lang)
                .to_owned();
                view! { <li>{row}{n.note.get(lang).to_owned()}</li> }
            })
            .collect_view();
        view! {
            <details class="row-notes" data-testid=testid.clone()>
                <summary>{heading(lang, notes.len())}</summary>
                <ul>{items}</ul>
                {(more > 0).then(|| view! { <p class="hint">{Bilingual::new(format!("另有 {more} 人未列出；导入后可在名单中按“暂不符合”筛选。"), format!("{more} more are not listed; after importing, filter the roster by \"cannot apply yet\".")).get(lang).to_owned()}</p> })}
            </details>
        }
    }
}

fn named(name: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        String::new()
    } else {
        format!("（{name}）")
    }
}

/// What was repaired in reading the file, a line per kind of repair with the rows it was made
/// in: "已将 x 改为 X — 第 2、7 行".
#[component]
pub fn Repairs(notes: Vec<RowNote>) -> impl IntoView {
    let lang = use_lang();
    move || {
        let lang = lang.get();
        let mut kinds: Vec<(&RowNote, Vec<usize>)> = Vec::new();
        for n in &notes {
            match kinds.iter_mut().find(|(first, _)| first.note == n.note) {
                Some((_, rows)) => rows.push(n.row),
                None => kinds.push((n, vec![n.row])),
            }
        }
        let rows_in = kinds.iter().map(|(_, rows)| rows.len()).sum::<usize>();
        let items = kinds
            .iter()
            .map(|(first, rows)| {
                let listed: Vec<String> = rows
                    .iter()
                    .take(SHOWN_PER_GROUP)
                    .map(usize::to_string)
                    .collect();
                let etc = if rows.len() > SHOWN_PER_GROUP {
                    tr(lang, "等", " and more")
                } else {
                    ""
                };
                let line = Bilingual::new(
                    format!(
                        "{} — 第 {}{etc} 行（共 {} 行）",
                        first.note.zh,
                        listed.join("、"),
                        rows.len()
                    ),
                    format!(
                        "{} — rows {}{etc} ({} in all)",
                        first.note.en,
                        listed.join(", "),
                        rows.len()
                    ),
                )
                .get(lang)
                .to_owned();
                view! { <li>{line}</li> }
            })
            .collect_view();
        view! {
            <details class="row-notes" data-testid="import-repairs">
                <summary>{Bilingual::new(format!("读取时自动修正了 {rows_in} 处（导入的是修正后的内容）"), format!("{rows_in} values were corrected in reading (the corrected values are imported)")).get(lang).to_owned()}</summary>
                <ul>{items}</ul>
            </details>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pingjia_rules::Bilingual;

    fn cell(row: usize, group: &str) -> CellProblem {
        CellProblem {
            row,
            column: "D".into(),
            heading: "学历".into(),
            value: String::new(),
            message: Bilingual::fixed("", ""),
            group: Bilingual::new(group.to_string(), group.to_string()),
        }
    }

    #[test]
    fn groups_keep_the_file_s_order_and_count_rows_not_cells() {
        let problems = [cell(2, "甲"), cell(2, "甲"), cell(3, "乙"), cell(4, "甲")];
        let groups: Vec<(String, usize, usize)> = grouped(&problems)
            .into_iter()
            .map(|(first, cells, rows)| (first.group.zh.to_string(), cells.len(), rows))
            .collect();
        assert_eq!(
            groups,
            vec![("甲".to_string(), 3, 2), ("乙".to_string(), 1, 1)]
        );
    }
}
