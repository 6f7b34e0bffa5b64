//! Rosters as institutions' spreadsheets hold them: their own column names and wording,
//! blank rows, Excel's day numbers, identity numbers typed with a small x or full-width digits,
//! columns the rules need left out. What can be read is, and said; what cannot is grouped by
//! kind and can be taken away as a file to fix.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use pingjia_files::export::{self, PROBLEM_HEADING};
use pingjia_files::import;
use pingjia_files::protocol::{Format, ImportReport};
use pingjia_rules::Bilingual;
use pingjia_rules::eligibility::{School, SchoolStatus};
use pingjia_rules::id_number::complete;
use pingjia_rules::level::Level;
use rust_xlsxwriter::Workbook;
use std::io::Cursor;

fn on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 1).expect("date")
}

fn id_number(birth: &str, n: u32) -> String {
    complete(&format!("310104{}{:03}", birth.replace('-', ""), n)).expect("17 digits")
}

fn utf8(bytes: &[u8]) -> Result<String, Bilingual> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    String::from_utf8(bytes.to_vec()).map_err(|_| Bilingual::new("编码", "encoding"))
}

fn import(bytes: &[u8]) -> ImportReport {
    import::import(pingjia_rules::rulebook::current(), bytes, &utf8, on(), &[])
}

fn problem_rows(format: Format, bytes: &[u8]) -> Vec<u8> {
    let rows = import::problem_rows(pingjia_rules::rulebook::current(), bytes, &utf8, on(), &[])
        .expect("the file is a roster");
    export::problem_rows(format, &rows).expect("written")
}

#[test]
fn common_column_names_and_wording_are_read_as_the_template_s() {
    let csv = format!(
        "考生姓名,身份证号码,报考等级,文化程度,毕业状态,本专业或相关专业,参加工作时间\n\
         张三,{},高级工,硕士研究生,毕业,是,2015-01-01\n\
         李四,{},3级,大学本科,已毕业,否,2012-03-01\n",
        id_number("1990-05-01", 7),
        id_number("1985-03-02", 8),
    );
    let report = import(csv.as_bytes());
    assert_eq!(report.file_problems, vec![]);
    assert_eq!(report.problems, vec![], "{:#?}", report.problems);
    assert_eq!(report.ignored_columns, Vec::<String>::new());
    assert_eq!(report.good.len(), 2);
    let first = &report.good[0].entry;
    assert_eq!(first.level, Some(Level::Three));
    assert_eq!(
        first.candidate.schooling[0].school,
        Some(School::Postgraduate)
    );
    assert_eq!(
        first.candidate.schooling[0].status,
        Some(SchoolStatus::Graduated)
    );
    assert_eq!(report.good[1].entry.level, Some(Level::Three));
    let repaired: Vec<(usize, &str)> = report
        .repaired
        .iter()
        .map(|r| (r.row, r.name.as_str()))
        .collect();
    assert_eq!(
        repaired,
        vec![(2, "张三"), (3, "李四")],
        "{:?}",
        report.repaired
    );
    assert!(report.repaired[1].note.zh.contains("“3级”按“三级"));
}

#[test]
fn identity_numbers_typed_loosely_are_repaired_and_the_repair_said() {
    let number = complete("11010519491231002").expect("ends in X");
    assert!(number.ends_with('X'));
    let lower = number.to_lowercase();
    let full_width: String = id_number("1990-05-01", 7)
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
        .collect();
    let csv = format!(
        "姓名,身份证号,申报等级,学历,学历状态\n\
         张三,{lower},三级,大专,已毕业\n\
         李四,{full_width},三级,大专,已毕业\n\
         王五,{},三级,大专,已毕业\n\
         赵六,110105491231002,三级,大专,已毕业\n",
        &number[..17],
    );
    let report = import(csv.as_bytes());
    let good: Vec<(usize, &str)> = report
        .good
        .iter()
        .map(|r| (r.row, r.entry.candidate.id_number.as_str()))
        .collect();
    let repaired = id_number("1990-05-01", 7);
    assert_eq!(good, vec![(2, number.as_str()), (3, repaired.as_str())]);
    let noted = |row: usize, said: &str| {
        report
            .repaired
            .iter()
            .any(|r| r.row == row && r.note.zh.contains(said))
    };
    assert!(
        noted(2, "已将 x 改为 X") && noted(3, "全角"),
        "{:?}",
        report.repaired
    );
    let said: Vec<(usize, &str)> = report
        .problems
        .iter()
        .map(|p| (p.row, &*p.group.zh))
        .collect();
    assert_eq!(
        said,
        vec![
            (4, "身份证号可能丢失了末位 X"),
            (5, "15 位的第一代身份证号")
        ]
    );
}

#[test]
fn blank_rows_are_skipped_and_counted() {
    let csv = format!(
        "姓名,身份证号,申报等级,学历,学历状态\n\
         \n\
         张三,{},三级,大专,已毕业\n\
         ,,,,\n\
         李四,{},三级,大专,已毕业\n\
         \n\
         \n",
        id_number("1990-05-01", 7),
        id_number("1985-03-02", 8),
    );
    let report = import(csv.as_bytes());
    assert_eq!((report.rows_read, report.good.len()), (2, 2));
    // Trailing blank rows are where every sheet ends; only those between rows are counted.
    assert_eq!(report.blank_rows, 2);
    assert!(report.notices.iter().any(|n| n.zh == "跳过 2 个空行。"));
    assert_eq!(
        report.good.iter().map(|r| r.row).collect::<Vec<_>>(),
        vec![3, 5]
    );
}

#[test]
fn a_column_the_rules_need_is_said_once_and_its_rows_come_in_incomplete() {
    // No schooling column: nobody's route can be decided, but nothing typed is refused.
    let mut csv = String::from("姓名,身份证号,申报等级\n");
    for n in 0..30 {
        csv.push_str(&format!("考生{n},{},三级\n", id_number("1990-05-01", n)));
    }
    let report = import(csv.as_bytes());
    assert_eq!(report.problems, vec![], "{:#?}", &report.problems[..1]);
    assert_eq!(report.good.len(), 30);
    let schooling: Vec<&Bilingual> = report
        .notices
        .iter()
        .filter(|n| n.zh.contains("“学历”列"))
        .collect();
    assert_eq!(schooling.len(), 1, "{:?}", report.notices);
    assert!(schooling[0].zh.contains("待补全"));
}

#[test]
fn the_same_problem_in_many_rows_has_one_group_title() {
    let mut csv = String::from("姓名,身份证号,申报等级,学历,学历状态\n");
    for n in 0..12 {
        csv.push_str(&format!(
            "考生{n},{},三级,留学,已毕业\n",
            id_number("1990-05-01", n)
        ));
    }
    csv.push_str(&format!(
        "考生X,{},三级,大专,已毕业\n",
        complete("31010419900230001").expect("17 digits")
    ));
    let report = import(csv.as_bytes());
    let mut groups: Vec<&str> = report.problems.iter().map(|p| &*p.group.zh).collect();
    groups.dedup();
    assert_eq!(
        groups,
        vec!["学历“留学”无法识别", "身份证号中的出生日期无效"],
        "{:#?}",
        report.problems
    );
    assert_eq!(report.bad_rows(), 13);
    // The message of each cell still names its own value.
    assert!(report.problems[0].message.zh.contains("“留学”"));
}

#[test]
fn excel_day_numbers_in_date_columns_are_read_as_the_days_excel_shows() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let headings = [
        "姓名",
        "身份证号",
        "申报等级",
        "学历",
        "学历状态",
        "本职业工作开始日期",
    ];
    for (j, h) in headings.iter().enumerate() {
        sheet.write_string(0, j as u16, *h).expect("write");
    }
    for (j, v) in [
        "张三",
        &id_number("1990-05-01", 7),
        "三级",
        "大专",
        "已毕业",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(1, j as u16, *v).expect("write");
    }
    // 2015-01-01, unformatted: Excel shows the day number when the cell lost its date format.
    sheet.write_number(1, 5, 42005.0).expect("write");
    let bytes = book.save_to_buffer().expect("xlsx");
    let report = import(&bytes);
    assert_eq!(report.problems, vec![]);
    assert_eq!(report.good[0].entry.candidate.work[0].from, "2015-01-01");
    assert!(
        report
            .repaired
            .iter()
            .any(|r| r.note.zh.contains("日期序号")),
        "{:?}",
        report.repaired
    );
}

#[test]
fn rows_an_import_could_not_read_are_written_to_fix_and_import_again() {
    let good = id_number("1990-05-01", 7);
    let csv = format!(
        "姓名,身份证号,申报等级,学历,学历状态,备注\n\
         张三,{good},三级,大专,已毕业,一班\n\
         李四,{},四级,大专,已毕业,二班\n\
         王五,{},三级,留学,已毕业,\n",
        id_number("1985-03-02", 8),
        id_number("1986-03-02", 9),
    );
    for format in [Format::Csv, Format::Xlsx] {
        let written = problem_rows(format, csv.as_bytes());
        let rows: Vec<Vec<String>> = match format {
            Format::Csv => utf8(&written)
                .expect("utf-8")
                .lines()
                .map(|l| l.split(',').map(str::to_string).collect())
                .collect(),
            Format::Xlsx => {
                let mut book: Xlsx<_> = Xlsx::new(Cursor::new(written.clone())).expect("open");
                let sheet = book.worksheet_range_at(0).expect("a sheet").expect("read");
                sheet
                    .rows()
                    .map(|r| {
                        r.iter()
                            .map(|c| match c {
                                Data::Empty => String::new(),
                                other => other.to_string(),
                            })
                            .collect()
                    })
                    .collect()
            }
        };
        assert_eq!(
            rows.len(),
            3,
            "{format:?}: the heading and the two bad rows"
        );
        assert_eq!(rows[0].last().map(String::as_str), Some(PROBLEM_HEADING));
        assert_eq!(rows[0][5], "备注", "the file's own columns are kept");
        assert_eq!(rows[1][0], "李四");
        assert_eq!(rows[1][5], "二班");
        assert!(rows[1][6].contains("申报等级（C列）"), "{:?}", rows[1]);
        assert!(rows[2][6].contains("学历（D列）"), "{:?}", rows[2]);

        // Fixed in the spreadsheet, the file imports again; its 问题 column is not a problem.
        let again = import(&written);
        assert_eq!(again.file_problems, vec![]);
        assert_eq!(again.rows_read, 2);
        assert_eq!(again.ignored_columns, vec!["备注（F 列）".to_string()]);
    }
}

#[test]
fn a_candidate_who_cannot_apply_yet_imports_and_is_listed_apart() {
    // Born 2005, secondary school, no work: no route to 三级 on 2025-06-01.
    let csv = format!(
        "姓名,身份证号,申报等级,学历,学历状态,本专业或相关专业,本职业工作开始日期\n\
         张三,{},三级,高中,已毕业,否,\n\
         李四,{},三级,大专,已毕业,是,2010-01-01\n",
        id_number("2005-05-01", 7),
        id_number("1985-03-02", 8),
    );
    let report = import(csv.as_bytes());
    assert_eq!(report.good.len(), 2);
    assert_eq!(report.not_eligible.len(), 1, "{:?}", report.not_eligible);
    assert_eq!(report.not_eligible[0].row, 2);
    assert!(!report.not_eligible[0].note.zh.is_empty());
}

#[test]
fn excel_day_numbers_saved_into_a_csv_are_read_too() {
    let csv = format!(
        "姓名,身份证号,申报等级,学历,学历状态,本职业工作开始日期\n\
         张三,{},三级,大专,已毕业,42005\n",
        id_number("1990-05-01", 7)
    );
    let report = import(csv.as_bytes());
    assert_eq!(report.problems, vec![]);
    assert_eq!(report.good[0].entry.candidate.work[0].from, "2015-01-01");
    assert_eq!(report.repaired.len(), 1, "{:?}", report.repaired);
}

#[test]
fn a_heading_read_by_its_alias_is_said() {
    let csv = format!(
        "考生姓名,身份证号码,申报等级,学历,学历状态,参加工作时间\n\
         张三,{},三级,大专,已毕业,2015-01-01\n",
        id_number("1990-05-01", 7)
    );
    let report = import(csv.as_bytes());
    let notices: Vec<&str> = report.notices.iter().map(|n| &*n.zh).collect();
    assert!(
        notices.contains(&"“身份证号码”列按“身份证号”读取。"),
        "{notices:?}"
    );
    assert!(
        notices
            .iter()
            .any(|n| n.starts_with("“参加工作时间”列按“本职业工作开始日期”读取。如该日期早于")),
        "{notices:?}"
    );
}

#[test]
fn the_format_document_lists_every_wording_the_import_reads() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/roster-format.md"
    ))
    .expect("docs/roster-format.md");
    use pingjia_rules::aliases::{CERTIFICATES, LEVELS, SCHOOLS, STATUSES, TITLES};
    let words = SCHOOLS
        .iter()
        .map(|(w, _)| *w)
        .chain(STATUSES.iter().map(|(w, _)| *w))
        .chain(LEVELS.iter().map(|(w, _)| *w))
        .chain(CERTIFICATES.iter().map(|(w, _)| *w))
        .chain(TITLES.iter().map(|(w, _)| *w))
        .chain(
            pingjia_files::columns::HEADING_ALIASES
                .iter()
                .map(|(w, _)| *w),
        );
    for word in words {
        // A word listed in a table row: after "| " or "、".
        assert!(
            doc.contains(&format!("| {word}、"))
                || doc.contains(&format!("、{word}、"))
                || doc.contains(&format!("、{word} |"))
                || doc.contains(&format!("| {word} |")),
            "docs/roster-format.md does not list {word}"
        );
    }
}
