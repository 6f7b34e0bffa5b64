//! Writing a roster: CSV (UTF-8 with a BOM, so Excel shows the Chinese) and XLSX, with the
//! template's columns first, so an exported file can be imported again, then each row's result.

use crate::columns::{Column, RESULT_HEADINGS};
use crate::import::ProblemRows;
use crate::protocol::{ExportRoster, Format};
use pingjia_rules::Bilingual;
use rust_xlsxwriter::{Format as CellFormat, Workbook, Worksheet, XlsxError};

pub const ROSTER_SHEET: &str = "考生名单";
pub const TOTALS_SHEET: &str = "合计";
pub const NOTES_SHEET: &str = "说明";

const BOM: &[u8] = "\u{feff}".as_bytes();

/// The fee cell of a row the total does not count (it cannot apply, or is incomplete): text,
/// so a spreadsheet's SUM of the column is the total.
pub const NOT_COUNTED: &str = "—（不计）";

pub fn export(format: Format, roster: &ExportRoster) -> Result<Vec<u8>, Bilingual> {
    match format {
        Format::Csv => csv(roster),
        Format::Xlsx => xlsx(roster).map_err(failed),
    }
}

pub fn template(format: Format) -> Result<Vec<u8>, Bilingual> {
    match format {
        Format::Csv => {
            let mut out = BOM.to_vec();
            let mut writer = csv::Writer::from_writer(&mut out);
            writer
                .write_record(Column::ALL.map(Column::heading))
                .map_err(failed)?;
            // What the XLSX template's 说明 sheet says, under each heading: a CSV has no second
            // sheet. The import skips this row.
            let guidance = Column::ALL.iter().enumerate().map(|(i, c)| {
                let required = if c.required() { "（必填）" } else { "" };
                let mark = if i == 0 { crate::GUIDANCE_MARK } else { "" };
                format!("{mark}{required}{}", c.accepts())
            });
            writer.write_record(guidance).map_err(failed)?;
            drop(writer);
            Ok(out)
        }
        Format::Xlsx => xlsx_template().map_err(failed),
    }
}

/// The rows of an import that have problems, as the file held them, with a 问题 column last:
/// the person fixes them in the spreadsheet and imports this file again (the 问题 column is
/// not one the import reads, so it is ignored then).
pub fn problem_rows(format: Format, rows: &ProblemRows) -> Result<Vec<u8>, Bilingual> {
    let headings: Vec<&str> = rows
        .headings
        .iter()
        .map(String::as_str)
        .chain([PROBLEM_HEADING])
        .collect();
    match format {
        Format::Csv => {
            let mut out = BOM.to_vec();
            let mut writer = csv::Writer::from_writer(&mut out);
            writer.write_record(&headings).map_err(failed)?;
            for (cells, problem) in &rows.rows {
                let mut record: Vec<std::borrow::Cow<'_, str>> =
                    cells.iter().map(|c| neutralised(c)).collect();
                record.resize(rows.headings.len(), std::borrow::Cow::Borrowed(""));
                record.push(std::borrow::Cow::Borrowed(problem));
                writer
                    .write_record(record.iter().map(|c| c.as_bytes()))
                    .map_err(failed)?;
            }
            writer.flush().map_err(failed)?;
            drop(writer);
            Ok(out)
        }
        Format::Xlsx => problem_rows_xlsx(&headings, rows).map_err(failed),
    }
}

/// The heading of the column that says what is wrong with a row.
pub const PROBLEM_HEADING: &str = "问题";

fn problem_rows_xlsx(headings: &[&str], rows: &ProblemRows) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let heading = CellFormat::new().set_bold();
    let text = CellFormat::new().set_num_format("@");
    let sheet = book.add_worksheet();
    sheet.set_name(ROSTER_SHEET)?;
    for (j, h) in headings.iter().enumerate() {
        let j = j as u16;
        // Every cell as text: the file's cells were read as shown, and an identity number
        // written as a number would lose its last digits again.
        sheet.set_column_format(j, &text)?;
        sheet.write_string_with_format(0, j, *h, &heading)?;
    }
    let problem_column = rows.headings.len() as u16;
    sheet.set_column_width(problem_column, 60)?;
    for (i, (cells, problem)) in rows.rows.iter().enumerate() {
        let r = (i + 1) as u32;
        for (j, cell) in cells.iter().enumerate().take(rows.headings.len()) {
            if !cell.is_empty() {
                sheet.write_string(r, j as u16, cell)?;
            }
        }
        sheet.write_string(r, problem_column, problem)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

fn failed(e: impl std::fmt::Display) -> Bilingual {
    Bilingual::new(
        format!("文件未能生成（{e}）。请重试；如仍不行，请改用另一种格式。"),
        format!("The file could not be written ({e}). Try again, or choose the other format."),
    )
}

/// The headings of an export: the template's, then the results.
fn headings() -> Vec<&'static str> {
    Column::ALL
        .map(Column::heading)
        .into_iter()
        .chain(RESULT_HEADINGS)
        .collect()
}

/// The cells of one row, as text.
fn cells(roster: &ExportRoster, i: usize) -> Vec<String> {
    let row = &roster.rows[i];
    Column::ALL
        .map(|c| c.write(&row.entry))
        .into_iter()
        .chain([
            row.status.clone(),
            row.summary.clone(),
            row.fee
                .map_or_else(|| NOT_COUNTED.to_string(), |f| f.to_string()),
            roster.checked_on.format("%Y-%m-%d").to_string(),
            roster.rulebook_version.clone(),
        ])
        .collect()
}

/// A cell a spreadsheet could take for a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return: OWASP's "CSV injection") written as text, after an apostrophe, which
/// Excel and WPS show as text and do not display. The import takes the apostrophe off again.
/// XLSX cells are written as strings, which are never formulas.
pub fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(crate::FORMULA_STARTS) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

fn csv(roster: &ExportRoster) -> Result<Vec<u8>, Bilingual> {
    let mut out = BOM.to_vec();
    let mut writer = csv::Writer::from_writer(&mut out);
    writer.write_record(headings()).map_err(failed)?;
    let id_column = Column::ALL
        .iter()
        .position(|c| *c == Column::IdNumber)
        .unwrap_or(1);
    for i in 0..roster.rows.len() {
        let mut row: Vec<String> = cells(roster, i)
            .iter()
            .map(|c| neutralised(c).into_owned())
            .collect();
        // A tab before the number makes Excel keep it as text: read as a number, its last
        // three digits would be lost. The import trims it.
        if let Some(number) = row.get_mut(id_column)
            && !number.is_empty()
        {
            number.insert(0, '\t');
        }
        writer.write_record(&row).map_err(failed)?;
    }
    writer.flush().map_err(failed)?;
    drop(writer);
    Ok(out)
}

fn xlsx(roster: &ExportRoster) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let heading = CellFormat::new().set_bold();
    let text = CellFormat::new().set_num_format("@");

    let sheet = book.add_worksheet();
    sheet.set_name(ROSTER_SHEET)?;
    roster_sheet_columns(sheet, &text)?;
    for (j, h) in headings().iter().enumerate() {
        sheet.write_string_with_format(0, j as u16, *h, &heading)?;
    }
    let fee_column = Column::ALL.len() + 2;
    for i in 0..roster.rows.len() {
        let r = (i + 1) as u32;
        for (j, cell) in cells(roster, i).into_iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            match roster.rows[i].fee {
                Some(fee) if j == fee_column => sheet.write_number(r, j as u16, fee as f64)?,
                _ => sheet.write_string(r, j as u16, cell)?,
            };
        }
    }

    let sheet = book.add_worksheet();
    sheet.set_name(TOTALS_SHEET)?;
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 36)?;
    sheet.set_column_width(2, 10)?;
    let mut r = 0;
    let mut line = |sheet: &mut Worksheet, what: &str, value: &str| -> Result<(), XlsxError> {
        sheet.write_string_with_format(r, 0, what, &heading)?;
        sheet.write_string(r, 1, value)?;
        r += 1;
        Ok(())
    };
    line(sheet, "草稿", &roster.title)?;
    line(sheet, "机构", &roster.institution)?;
    line(sheet, "考期", &roster.session)?;
    line(
        sheet,
        "核对日期",
        &roster.checked_on.format("%Y-%m-%d").to_string(),
    )?;
    line(sheet, "规则版本", &roster.rulebook_version)?;
    line(sheet, "考生人数", &roster.rows.len().to_string())?;
    line(sheet, "计费人数（符合条件）", &roster.counted.to_string())?;
    r += 1;
    sheet.write_string_with_format(r, 0, "考核费合计", &heading)?;
    sheet.write_string_with_format(r, 1, "金额（元）", &heading)?;
    sheet.write_string_with_format(r, 2, "人数", &heading)?;
    r += 1;
    for total in &roster.totals {
        sheet.write_string(r, 0, &total.what)?;
        sheet.write_number(r, 1, total.yuan as f64)?;
        if let Some(people) = total.people {
            sheet.write_number(r, 2, people as f64)?;
        }
        r += 1;
    }
    sheet.write_string_with_format(r, 0, "总计", &heading)?;
    match roster.grand_total {
        Some(total) => {
            sheet.write_number(r, 1, total as f64)?;
            sheet.write_number(r, 2, roster.counted as f64)?
        }
        None => sheet.write_string(r, 1, "无法合计")?,
    };
    book.save_to_buffer()
}

/// Widths, and the identity number kept as text so a number typed later keeps every digit.
fn roster_sheet_columns(sheet: &mut Worksheet, text: &CellFormat) -> Result<(), XlsxError> {
    for (j, column) in Column::ALL.iter().enumerate() {
        let width = match column {
            Column::IdNumber => 22,
            Column::School => 20,
            _ if column.is_date() => 14,
            _ => 12,
        };
        sheet.set_column_width(j as u16, width)?;
        if *column == Column::IdNumber {
            sheet.set_column_format(j as u16, text)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn xlsx_template() -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let heading = CellFormat::new().set_bold();
    let text = CellFormat::new().set_num_format("@");
    let wrap = CellFormat::new().set_text_wrap();

    let sheet = book.add_worksheet();
    sheet.set_name(ROSTER_SHEET)?;
    roster_sheet_columns(sheet, &text)?;
    for (j, column) in Column::ALL.iter().enumerate() {
        sheet.write_string_with_format(0, j as u16, column.heading(), &heading)?;
    }

    let sheet = book.add_worksheet();
    sheet.set_name(NOTES_SHEET)?;
    sheet.set_column_width(0, 20)?;
    sheet.set_column_width(1, 8)?;
    sheet.set_column_width(2, 80)?;
    for (j, h) in ["列名", "必填", "填写说明"].iter().enumerate() {
        sheet.write_string_with_format(0, j as u16, *h, &heading)?;
    }
    for (i, column) in Column::ALL.iter().enumerate() {
        let r = (i + 1) as u32;
        sheet.write_string(r, 0, column.heading())?;
        sheet.write_string(r, 1, if column.required() { "是" } else { "" })?;
        sheet.write_string_with_format(r, 2, column.accepts(), &wrap)?;
    }
    let r = Column::ALL.len() as u32 + 2;
    sheet.write_string_with_format(
        r,
        0,
        "每行一名考生，从第 2 行起填写；第 1 行的列名不要改动。每人可填一项学历、一段工作经历、一张证书和一个职称，更多的请导入后在草稿中添加。",
        &wrap,
    )?;
    book.save_to_buffer()
}

/// A file name for a draft: its title without characters file systems refuse.
pub fn file_name(title: &str, format: Format) -> String {
    let clean: String = title
        .trim()
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = if clean.is_empty() {
        "考生名单".to_string()
    } else {
        clean
    };
    format!("{clean}.{}", format.extension())
}
