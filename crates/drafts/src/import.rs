//! Importing a roster file: the person chooses a CSV or XLSX file, the file worker reads and
//! checks it, and the page reports what it found (`import_report`): every bad cell with its
//! fix, grouped by kind, and the rows with problems to download, fix and import again.
//! Nothing joins the draft until the person chooses to add the rows without problems.

use super::application_date;
use super::file_worker;
use super::import_report::{ProblemGroups, Repairs, RowNotes, summary};
use super::records::{Life, RecordId};
use super::save_status::SaveStatus;
use super::state::draft_signal;
use super::state::use_drafts;
use leptos::prelude::*;
use pingjia_files::protocol::{Format, ImportReport, Request, Response};
use pingjia_rules::Bilingual;
use pingjia_rules::Lang;
use pingjia_shell::context::use_lang;
use pingjia_shell::router::{DraftTask, Link, Page};
use pingjia_shell::ui::{t, tr};

/// The file of the last report and what it was checked against, for the download of its rows
/// with problems.
#[derive(Clone)]
struct Checked {
    file: web_sys::File,
    on: chrono::NaiveDate,
    existing_id_numbers: Vec<String>,
}

#[derive(Clone)]
enum Stage {
    Choosing,
    Reading(String),
    /// The file's name, the report, and how many rows it has without problems.
    Report(String, ImportReport, u32),
    Adding(u32, u32),
    /// How many were added, of how many offered.
    Added(usize, u32),
    Failed(Bilingual),
}

/// Buttons that download the empty template in each format.
#[component]
pub fn TemplateButtons() -> impl IntoView {
    let failed = RwSignal::new(None::<Bilingual>);
    let download = move |format: Format| {
        leptos::task::spawn_local(async move {
            failed.set(
                file_worker::download(&Request::Template { format }, None)
                    .await
                    .err(),
            );
        });
    };
    let lang = use_lang();
    view! {
        <p class="file-actions">
            <button type="button" class="secondary" on:click=move |_| download(Format::Xlsx)>{t("下载模板（XLSX）", "Template (XLSX)")}</button>
            <button type="button" class="secondary" on:click=move |_| download(Format::Csv)>{t("下载模板（CSV）", "Template (CSV)")}</button>
        </p>
        {move || failed.get().map(|m| view! { <p class="warning" role="alert">{m.get(lang.get()).to_owned()}</p> })}
    }
}

#[component]
pub fn ImportTask(id: RecordId) -> impl IntoView {
    let lang = use_lang();
    let drafts = use_drafts();
    let draft = draft_signal(id);
    let stage = RwSignal::new(Stage::Choosing);
    // The rows without problems of the last report, in chunks of JSON text, decoded when added.
    let good_rows = StoredValue::new_local(file_worker::RowChunks::default());
    let input = NodeRef::<leptos::html::Input>::new();
    let checked = StoredValue::new_local(None::<Checked>);
    let download_failed = RwSignal::new(None::<Bilingual>);
    file_worker::prepare();

    let chosen = move |_| {
        let Some(file) = input
            .get_untracked()
            .and_then(|el| el.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        let on = draft
            .with_untracked(|d| d.as_ref().map(application_date))
            .unwrap_or_else(pingjia_shell::today::today_in_shanghai);
        let existing_id_numbers: Vec<String> = drafts.candidates.with_untracked(|l| {
            l.iter()
                .filter(|c| c.draft_id == id && c.life != Life::Deleted)
                .map(|c| c.entry.candidate.id_number.clone())
                .filter(|n| !n.trim().is_empty())
                .collect()
        });
        let file_name = file.name();
        checked.set_value(Some(Checked {
            file: file.clone(),
            on,
            existing_id_numbers: existing_id_numbers.clone(),
        }));
        download_failed.set(None);
        stage.set(Stage::Reading(file_name.clone()));
        leptos::task::spawn_local(async move {
            let bytes = match file_worker::read(&file).await {
                Ok(bytes) => bytes,
                Err(message) => return stage.set(Stage::Failed(message)),
            };
            let request = Request::Import {
                file_name: file_name.clone(),
                on,
                existing_id_numbers,
            };
            stage.set(match file_worker::ask(&request, Some(bytes)).await {
                Ok(answer) => match answer.response {
                    Response::Imported(report) => {
                        let good = report.good_rows() as u32;
                        good_rows.set_value(answer.rows);
                        Stage::Report(file_name, report, good)
                    }
                    Response::Failed { message } => Stage::Failed(message),
                    Response::File { .. } | Response::Prepared => {
                        Stage::Failed(file_worker::wrong_answer())
                    }
                },
                Err(message) => Stage::Failed(message),
            });
        });
    };
    let again = move |_| {
        if let Some(el) = input.get_untracked() {
            el.set_value("");
        }
        stage.set(Stage::Choosing);
    };
    // Added a chunk at a time, each in a short task of its own (the click's task only changes
    // the page), so thousands of rows keep the page answering.
    let add_good = move |_| {
        let Stage::Report(_, _, total) = stage.get_untracked() else {
            return;
        };
        if let Some(el) = input.get_untracked() {
            el.set_value("");
        }
        let rows = good_rows.get_value();
        good_rows.set_value(file_worker::RowChunks::default());
        stage.set(Stage::Adding(0, total));
        leptos::task::spawn_local(async move {
            let mut added = 0;
            for chunk in 0..rows.chunk_count() {
                super::next_task().await;
                let step = rows.rows(chunk);
                added += drafts.add_candidates(step.into_iter().map(|r| r.entry).collect());
                stage.set(Stage::Adding(added as u32, total));
            }
            stage.set(Stage::Added(added, total));
        });
    };

    let download_problem_rows = move |format: Format| {
        let Some(c) = checked.get_value() else { return };
        download_failed.set(None);
        leptos::task::spawn_local(async move {
            let result = match file_worker::read(&c.file).await {
                Ok(bytes) => {
                    let request = Request::ProblemRows {
                        format,
                        on: c.on,
                        existing_id_numbers: c.existing_id_numbers,
                    };
                    file_worker::download(&request, Some(bytes)).await
                }
                Err(message) => Err(message),
            };
            download_failed.set(result.err());
        });
    };

    let report_view = move |file_name: String, report: ImportReport, good: u32| {
        let lang = lang.get();
        if !report.file_problems.is_empty() {
            return view! {
                <div class="error-summary" role="alert" tabindex="-1">
                    <h2>{Bilingual::new(format!("无法导入“{file_name}”"), format!("\"{file_name}\" cannot be imported")).get(lang).to_owned()}</h2>
                    <ul>{report.file_problems.iter().map(|m| view! { <li>{m.get(lang).to_owned()}</li> }).collect_view()}</ul>
                </div>
                <button type="button" on:click=again>{tr(lang, "重新选择文件", "Choose another file")}</button>
            }
            .into_any();
        }
        let bad = report.bad_rows();
        let summary = summary(lang, &file_name, &report, good);
        let notices = (!report.notices.is_empty()).then(|| {
            view! { <ul class="hint" data-testid="import-notices">{report.notices.iter().map(|n| view! { <li>{n.get(lang).to_owned()}</li> }).collect_view()}</ul> }
        });
        let ignored = (!report.ignored_columns.is_empty()).then(|| {
            let list = report.ignored_columns.join(tr(lang, "、", ", "));
            view! { <p class="hint">{Bilingual::new(format!("以下列不是模板中的列，不会导入：{list}。"), format!("These columns are not the template's and are not imported: {list}.")).get(lang).to_owned()}</p> }
        });
        let repairs = (!report.repaired.is_empty())
            .then(|| view! { <Repairs notes=report.repaired.clone()/> });
        let waiting = (!report.not_eligible.is_empty()).then(|| view! {
            <RowNotes notes=report.not_eligible.clone() testid="import-not-eligible"
                heading=|lang, n| Bilingual::new(format!("暂不符合申报条件的 {n} 人（可导入，名单中显示为“暂不符合”）"), format!("{n} who cannot apply yet (they import, marked as such in the roster)")).get(lang).to_owned()/>
        });
        let problems = (!report.problems.is_empty()).then(|| view! {
            <ProblemGroups problems=report.problems.clone()/>
            <p class="file-actions">
                <button type="button" class="secondary" on:click=move |_| download_problem_rows(Format::Xlsx)>
                    {tr(lang, "下载有问题的行（XLSX）", "Rows with problems (XLSX)")}
                </button>
                <button type="button" class="secondary" on:click=move |_| download_problem_rows(Format::Csv)>
                    {tr(lang, "下载有问题的行（CSV）", "Rows with problems (CSV)")}
                </button>
            </p>
            <p class="hint">{tr(lang,
                "下载的文件保留原文件的各列，并在最后加一列“问题”；在 Excel 或 WPS 中改好后，可直接再次导入。",
                "The download keeps the file's columns and adds a last column, 问题, saying what to fix; fix the rows in your spreadsheet and import that file again.",
            )}</p>
            {move || download_failed.get().map(|m| view! { <p class="warning" role="alert">{m.get(lang).to_owned()}</p> })}
        });
        let add_label = match (lang, bad) {
            (Lang::ZhCn, 0) => format!("导入全部 {good} 人"),
            (Lang::ZhCn, _) => format!("只导入无误的 {good} 人"),
            (Lang::En, 0) => format!("Import all {good}"),
            (Lang::En, _) => format!("Import only the {good} without problems"),
        };
        let class = if bad > 0 { "error-summary" } else { "banner" };
        view! {
            <div class=class role="status" tabindex="-1">
                <p data-testid="import-summary">{summary}</p>
            </div>
            {notices}
            {ignored}
            {repairs}
            {waiting}
            {problems}
            <p class="file-actions">
                {(good > 0).then(|| view! { <button type="button" on:click=add_good>{add_label}</button> })}
                <button type="button" class="secondary" on:click=again>
                    {tr(lang, "取消，修改文件后重新导入", "Cancel: fix the file and import again")}
                </button>
            </p>
        }
        .into_any()
    };

    view! {
        <Link page=Page::Draft(id, DraftTask::Candidates) class="back-link">{t("返回名单", "Back to the roster")}</Link>
        <h1 tabindex="-1">{t("从文件导入考生", "Import candidates from a file")}</h1>
        <SaveStatus/>
        <p>{t(
            "用模板填写考生，每行一人，保存为 XLSX 或 CSV 后在此选择。导入前会逐格检查，并列出每个有问题的单元格及改法；由您决定只导入无误的行，或改好文件再导入。",
            "Fill in the template, one candidate per row, save it as XLSX or CSV and choose it here. Every cell is checked first and each problem listed with its fix; you then import the rows without problems, or fix the file and import it again.",
        )}</p>
        <TemplateButtons/>
        <div class="field">
            <label for="import-file">{t("选择名单文件（.xlsx 或 .csv）", "Choose the roster file (.xlsx or .csv)")}</label>
            // Until the draft's candidates are read, the numbers already in it cannot be compared;
            // while a file is read or its rows are added, a second file would be compared with
            // a roster still missing them, and its report overwritten by the first one's end.
            <input id="import-file" type="file" node_ref=input
                disabled=move || {
                    drafts.loaded.get() != Some(id)
                        || matches!(stage.get(), Stage::Reading(_) | Stage::Adding(..))
                }
                accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                on:change=chosen/>
        </div>
        {move || match stage.get() {
            Stage::Choosing => ().into_any(),
            Stage::Reading(name) => view! { <p role="status">{Bilingual::new(format!("正在读取并检查“{name}”……"), format!("Reading and checking \"{name}\"…")).get(lang.get()).to_owned()}</p> }.into_any(),
            Stage::Report(name, report, good) => report_view(name, report, good),
            Stage::Adding(done, total) => view! { <p role="status">{Bilingual::new(format!("正在加入名单：{done} / {total}"), format!("Adding to the roster: {done} of {total}")).get(lang.get()).to_owned()}</p> }.into_any(),
            Stage::Added(n, offered) => view! {
                <div class="banner" role="status">
                    <p data-testid="import-summary">{Bilingual::new(format!("已导入 {n} 位考生。"), format!("{n} candidates imported.")).get(lang.get()).to_owned()}</p>
                    // A row the page could not read back from the worker is said, not dropped quietly.
                    {(n < offered as usize).then(|| view! { <p class="warning">{Bilingual::new(format!("另有 {} 行未能加入。请刷新页面后重新导入该文件。", offered as usize - n), format!("{} more rows could not be added. Reload the page and import the file again.", offered as usize - n)).get(lang.get()).to_owned()}</p> })}
                    <Link page=Page::Draft(id, DraftTask::Candidates)>{t("查看名单", "See the roster")}</Link>
                </div>
            }.into_any(),
            Stage::Failed(message) => view! {
                <p class="warning" role="alert">{message.get(lang.get()).to_owned()}</p>
                <button type="button" on:click=again>{tr(lang.get(), "重试", "Try again")}</button>
            }.into_any(),
        }}
    }
}
