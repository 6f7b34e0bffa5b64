//! Roster files end to end, natively: what an export writes imports back to the same rows, and
//! every bad cell of an import is reported with its row, column and fix.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use pingjia_files::columns::Column;
use pingjia_files::export::{self, ROSTER_SHEET, TOTALS_SHEET};
use pingjia_files::import::{self, MAX_ROWS};
use pingjia_files::protocol::{ExportRoster, ExportRow, Format, ImportReport, TotalLine};
use pingjia_rules::Bilingual;
use pingjia_rules::candidate_draft::{CandidateDraft, SchoolingDraft, WorkDraft};
use pingjia_rules::eligibility::{School, SchoolStatus};
use pingjia_rules::fees::Subject;
use pingjia_rules::id_number::complete;
use pingjia_rules::level::Level;
use pingjia_rules::roster::RosterEntry;
use rust_xlsxwriter::Workbook;
use std::io::Cursor;

fn on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 1).expect("date")
}

/// A valid identity number for someone born on `birth`, the `n`th registered that day.
fn id_number(birth: &str, n: u32) -> String {
    complete(&format!("310104{}{:03}", birth.replace('-', ""), n)).expect("17 digits")
}

fn person(name: &str, id: &str) -> RosterEntry {
    RosterEntry {
        name: name.into(),
        level: Some(Level::Three),
        retake: vec![],
        candidate: CandidateDraft {
            id_number: id.into(),
            schooling: vec![SchoolingDraft {
                school: Some(School::College),
                status: Some(SchoolStatus::Graduated),
                related_specialty: Some(false),
                assessed: Some(pingjia_rules::candidate_draft::Answer::No),
            }],
            work: vec![WorkDraft {
                from: "2015-01-01".into(),
                until: String::new(),
                ongoing: true,
            }],
            ..CandidateDraft::default()
        },
    }
}

fn utf8(bytes: &[u8]) -> Result<String, Bilingual> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    String::from_utf8(bytes.to_vec()).map_err(|_| Bilingual::new("编码", "encoding"))
}

fn import(bytes: &[u8], existing: &[String]) -> ImportReport {
    import::import(
        pingjia_rules::rulebook::current(),
        bytes,
        &utf8,
        on(),
        existing,
    )
}

fn roster(entries: Vec<RosterEntry>) -> ExportRoster {
    ExportRoster {
        title: "浦东培训中心 2025/秋季".into(),
        institution: "浦东培训中心".into(),
        session: "2025年9月".into(),
        checked_on: on(),
        rulebook_version: "2025.1".into(),
        rows: entries
            .into_iter()
            .map(|entry| ExportRow {
                entry,
                status: "符合条件".into(),
                summary: "符合附录5第（2）项。".into(),
                fee: Some(400),
            })
            .collect(),
        totals: vec![TotalLine {
            what: "三级".into(),
            people: Some(2),
            yuan: 800,
        }],
        grand_total: Some(800),
        counted: 2,
    }
}

fn two_people() -> Vec<RosterEntry> {
    let mut retaker = person("李四", &id_number("1988-02-29", 12));
    retaker.retake = vec![Subject::Skills];
    vec![person("张三", &id_number("1990-05-01", 7)), retaker]
}

#[test]
fn a_csv_export_has_a_bom_keeps_numbers_as_text_and_imports_back() {
    let entries = two_people();
    let bytes = export::export(Format::Csv, &roster(entries.clone())).expect("csv");
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let text = utf8(&bytes).expect("utf-8");
    let mut lines = text.lines();
    let heading = lines.next().expect("heading");
    assert!(heading.starts_with("姓名,身份证号,申报等级,补考科目"));
    assert!(heading.ends_with("核对结果,说明,考核费（元）,核对日期,规则版本"));
    let first = lines.next().expect("row");
    assert!(
        first.starts_with(&format!(
            "张三,\t{},三级（高级工）,",
            id_number("1990-05-01", 7)
        )),
        "{first}"
    );
    assert!(
        first.ends_with("符合条件,符合附录5第（2）项。,400,2025-06-01,2025.1"),
        "{first}"
    );

    let report = import(&bytes, &[]);
    assert_eq!(report.problems, vec![]);
    assert_eq!(report.file_problems, vec![]);
    assert_eq!(report.ignored_columns, Vec::<String>::new());
    let back: Vec<RosterEntry> = report.good.into_iter().map(|r| r.entry).collect();
    assert_eq!(back, entries);
}

#[test]
fn an_xlsx_export_has_the_roster_and_the_totals_and_imports_back() {
    let entries = two_people();
    let bytes = export::export(Format::Xlsx, &roster(entries.clone())).expect("xlsx");
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).expect("open");
    assert_eq!(
        book.sheet_names(),
        vec![ROSTER_SHEET.to_string(), TOTALS_SHEET.to_string()]
    );
    let sheet = book.worksheet_range(ROSTER_SHEET).expect("roster");
    assert_eq!(
        sheet.get_value((1, 1)),
        Some(&Data::String(id_number("1990-05-01", 7)))
    );
    assert_eq!(
        sheet.get_value((2, 3)),
        Some(&Data::String("操作技能".into()))
    );
    assert_eq!(sheet.get_value((1, 17)), Some(&Data::Float(400.0)));
    let totals = book.worksheet_range(TOTALS_SHEET).expect("totals");
    let rows: Vec<Vec<String>> = totals
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert!(rows.contains(&vec!["规则版本".into(), "2025.1".into(), String::new()]));
    assert!(rows.contains(&vec!["三级".into(), "800".into(), "2".into()]));
    assert!(rows.contains(&vec!["总计".into(), "800".into(), "2".into()]));

    let report = import(&bytes, &[]);
    assert_eq!(report.problems, vec![]);
    let back: Vec<RosterEntry> = report.good.into_iter().map(|r| r.entry).collect();
    assert_eq!(back, entries);
}

#[test]
fn every_bad_cell_is_reported_with_its_row_column_and_fix() {
    let good = id_number("1990-05-01", 7);
    let csv = format!(
        "姓名,身份证号,申报等级,本职业工作开始日期,学历,学历状态,联系电话\n\
         张三,{good},三级,2015-01-01,大专,已毕业,13800000000\n\
         ,310104199005010071,四级,2015-13-01,大专,已毕业,\n\
         \n\
         王五,{good},高级工,2015/1/1,大专,毕业,\n"
    );
    let report = import(csv.as_bytes(), &[]);
    assert_eq!(report.rows_read, 3);
    assert_eq!(report.ignored_columns, vec!["联系电话（G 列）".to_string()]);
    let found: Vec<(usize, &str, &str)> = report
        .problems
        .iter()
        .map(|p| (p.row, p.column.as_str(), p.heading.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (2, "B", "身份证号"), // the same number as row 5
            (3, "A", "姓名"),
            (3, "B", "身份证号"), // wrong check digit
            (3, "C", "申报等级"),
            (3, "D", "本职业工作开始日期"),
            (5, "B", "身份证号"),
        ]
    );
    let level = &report.problems[3];
    assert_eq!(level.value, "四级");
    assert!(
        level.message.zh.contains("三级（高级工）"),
        "{}",
        level.message.zh
    );
    assert!(report.problems[4].message.zh.contains("2025-06-01"));
    assert!(report.problems[0].message.zh.contains("第 5 行"));
    assert!(report.good.is_empty());
}

#[test]
fn a_number_already_in_the_draft_is_reported() {
    let entries = two_people();
    let bytes = export::export(Format::Csv, &roster(entries.clone())).expect("csv");
    let report = import(
        &bytes,
        &[format!(
            " {}",
            entries[1].candidate.id_number.to_lowercase()
        )],
    );
    assert_eq!(report.good.len(), 1);
    assert_eq!(report.problems.len(), 1);
    assert_eq!(
        (report.problems[0].row, report.problems[0].column.as_str()),
        (3, "B")
    );
}

#[test]
fn an_identity_number_stored_as_a_number_is_refused_with_the_fix() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (j, h) in ["姓名", "身份证号", "申报等级"].iter().enumerate() {
        sheet.write_string(0, j as u16, *h).expect("write");
    }
    sheet.write_string(1, 0, "张三").expect("write");
    sheet
        .write_number(1, 1, 310104199005010070.0)
        .expect("write");
    sheet.write_string(1, 2, "三级").expect("write");
    let bytes = book.save_to_buffer().expect("xlsx");
    let report = import(&bytes, &[]);
    assert_eq!(report.problems.len(), 1);
    assert_eq!(report.problems[0].column, "B");
    assert!(report.problems[0].message.zh.contains("文本"));

    let csv = "姓名,身份证号,申报等级\n张三,3.10104E+17,三级\n";
    let report = import(csv.as_bytes(), &[]);
    assert!(report.problems[0].message.zh.contains("科学计数法"));
}

#[test]
fn a_file_that_is_not_a_roster_is_refused_whole() {
    let report = import("name,id\nZhang,1\n".as_bytes(), &[]);
    assert_eq!(report.file_problems.len(), 3, "{:?}", report.file_problems);
    assert!(report.file_problems[0].zh.contains("缺少“姓名”列"));
    assert!(report.good.is_empty() && report.problems.is_empty());

    let report = import(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0], &[]);
    assert!(report.file_problems[0].zh.contains(".xls"));
    let report = import(b"", &[]);
    assert!(report.file_problems[0].zh.contains("空"));
    let report = import(b"PK\x03\x04 truncated", &[]);
    assert!(report.file_problems[0].zh.contains("XLSX"));

    let mut big = String::from("姓名,身份证号,申报等级\n");
    for _ in 0..=MAX_ROWS {
        big.push_str("张三,1,三级\n");
    }
    let report = import(big.as_bytes(), &[]);
    assert!(
        report.file_problems[0].zh.contains("10000"),
        "{:?}",
        report.file_problems
    );
}

#[test]
fn the_templates_hold_every_column_and_the_format_document_names_them() {
    let csv = export::template(Format::Csv).expect("csv");
    let headings: Vec<&str> = Column::ALL.iter().map(|c| c.heading()).collect();
    let text = utf8(&csv).expect("utf-8");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(headings.join(",").as_str()));
    // A row of guidance under the headings, as the XLSX template's 说明 sheet: skipped on import.
    let guidance = lines.next().expect("a row of guidance");
    assert!(
        guidance.starts_with("【填写说明，导入时跳过本行】（必填）姓名"),
        "{guidance}"
    );
    assert!(
        guidance.contains("硕士研究生"),
        "the accepted wordings are listed"
    );
    let report = import(&csv, &[]);
    assert_eq!(
        (
            report.rows_read,
            report.blank_rows,
            report.file_problems.len()
        ),
        (0, 0, 0)
    );
    let mut filled = text.clone();
    filled.push_str(&format!(
        "张三,{},三级,,,大专,已毕业\n",
        id_number("1990-05-01", 7)
    ));
    let report = import(filled.as_bytes(), &[]);
    assert_eq!((report.rows_read, report.blank_rows), (1, 0));
    assert_eq!(report.good.first().map(|r| r.row), Some(3));
    let xlsx = export::template(Format::Xlsx).expect("xlsx");
    let report = import(&xlsx, &[]);
    assert_eq!((report.rows_read, report.file_problems.len()), (0, 0));

    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/roster-format.md"
    ))
    .expect("docs/roster-format.md");
    for column in Column::ALL {
        assert!(
            doc.contains(&format!("| {} |", column.heading())),
            "docs/roster-format.md lacks {}",
            column.heading()
        );
    }
}

#[test]
fn the_worker_sends_the_good_rows_beside_the_report_in_chunks_in_file_order() {
    // Two chunks and 10 people more, one of them with a bad cell: two full chunks, then 9 rows.
    let per_chunk = pingjia_files::worker::ROWS_PER_CHUNK;
    let people = 2 * per_chunk + 10;
    let bad = per_chunk + 5;
    let mut entries: Vec<RosterEntry> = (0..people)
        .map(|n| person(&format!("考生{n}"), &id_number("1990-05-01", n as u32)))
        .collect();
    entries[bad].name = String::new();
    let bytes = export::export(Format::Csv, &roster(entries.clone())).expect("csv");
    let request = serde_json::to_string(&pingjia_files::protocol::Request::Import {
        file_name: "a.csv".into(),
        on: "2025-06-01".parse().expect("a date"),
        existing_id_numbers: vec![],
    })
    .expect("JSON");
    let reply = pingjia_files::worker::reply(&request, &bytes, &utf8);
    let pingjia_files::protocol::Response::Imported(report) = reply.response else {
        panic!("{:?}", reply.response);
    };
    assert_eq!((report.rows_read, report.good.len()), (people, 0));
    assert_eq!(report.bad_rows(), 1);
    let mut start = 0;
    let chunks: Vec<Vec<pingjia_files::protocol::ImportedRow>> = reply
        .chunk_ends
        .iter()
        .map(|&end| {
            let chunk = &reply.rows[start..end as usize];
            start = end as usize;
            serde_json::from_slice(chunk).expect("chunk")
        })
        .collect();
    assert_eq!(start, reply.rows.len());
    assert_eq!(
        chunks.iter().map(Vec::len).collect::<Vec<_>>(),
        vec![per_chunk, per_chunk, 9]
    );
    assert_eq!(report.good_rows(), people - 1);
    let rows: Vec<_> = chunks.into_iter().flatten().collect();
    // Rows as the spreadsheet numbers them: the heading is row 1.
    let mut numbered: Vec<usize> = (2..people + 2).collect();
    numbered.remove(bad);
    assert_eq!(rows.iter().map(|r| r.row).collect::<Vec<_>>(), numbered);
    entries.remove(bad);
    assert_eq!(
        rows.into_iter().map(|r| r.entry).collect::<Vec<_>>(),
        entries
    );

    let nonsense = pingjia_files::worker::reply("{", b"", &utf8);
    assert!(matches!(
        nonsense.response,
        pingjia_files::protocol::Response::Failed { .. }
    ));
}

#[test]
fn the_warm_up_reads_and_checks_every_row_of_its_made_up_roster() {
    // If the reading or the rules stopped accepting the made-up rows, the warm-up would stop
    // running the checking code it is there to prepare.
    let good = pingjia_files::warm_up::warm_up(pingjia_rules::rulebook::current(), &utf8)
        .expect("the made-up roster is written and read");
    assert_eq!(good, pingjia_files::warm_up::ROWS);
    let request = serde_json::to_string(&pingjia_files::protocol::Request::Prepare).expect("JSON");
    let reply = pingjia_files::worker::reply(&request, b"", &utf8);
    assert_eq!(reply.response, pingjia_files::protocol::Response::Prepared);
    assert!(reply.rows.is_empty() && reply.file.is_empty());
}

#[test]
fn formulas_are_written_as_text_and_rows_not_counted_say_so() {
    let mut entries = two_people();
    entries[0].name = "=HYPERLINK(\"http://example.com\",\"点我\")".into();
    entries[1].name = "@SUM(1+1)".into();
    let mut written = roster(entries.clone());
    written.rows[1].fee = None;
    written.rows[1].status = "暂不符合".into();
    let bytes = export::export(Format::Csv, &written).expect("csv");
    let text = utf8(&bytes).expect("utf-8");
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert!(rows[0].starts_with("\"'=HYPERLINK("), "{}", rows[0]);
    assert!(rows[1].starts_with("'@SUM(1+1),"), "{}", rows[1]);
    assert!(rows[1].contains(",—（不计）,"), "{}", rows[1]);
    // What was typed comes back.
    let report = import(&bytes, &[]);
    let names: Vec<&str> = report.good.iter().map(|r| r.entry.name.as_str()).collect();
    assert_eq!(names, vec![entries[0].name.as_str(), "@SUM(1+1)"]);

    // XLSX cells are strings, never formulas; the fee of a row not counted is text.
    let bytes = export::export(Format::Xlsx, &written).expect("xlsx");
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("open");
    let formulas = book.worksheet_formula(ROSTER_SHEET).expect("formulas");
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    let sheet = book.worksheet_range(ROSTER_SHEET).expect("roster");
    assert_eq!(
        sheet.get_value((1, 0)),
        Some(&Data::String(entries[0].name.clone()))
    );
    assert_eq!(
        sheet.get_value((2, 17)),
        Some(&Data::String("—（不计）".into()))
    );
}
