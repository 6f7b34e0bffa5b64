//! The roster file's columns: their headings, what each accepts, how a cell becomes part of a
//! [`RosterEntry`] and how an entry is written back. `docs/roster-format.md` documents the same
//! list (a test holds them together), and the XLSX template carries it as its 说明 sheet.
//!
//! One row is one person, with at most one schooling, one period of work, one certificate and
//! one title: the editor takes more where a person has them.

use pingjia_rules::candidate_draft::{Answer, HeldDraft, SchoolingDraft, WorkDraft};
use pingjia_rules::{aliases, dates};
// The choices in the rules' fixed order, so a new one reaches the file format at once.
use pingjia_rules::codes::Code;
use pingjia_rules::eligibility::{CertificateLevel, School, SchoolStatus, TitleGrade};
use pingjia_rules::fees::Subject;
use pingjia_rules::level::Level;
use pingjia_rules::roster::RosterEntry;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Name,
    IdNumber,
    Level,
    Retake,
    BirthDate,
    School,
    SchoolStatus,
    RelatedSpecialty,
    Assessed,
    WorkFrom,
    WorkUntil,
    Certificate,
    CertificateDate,
    Title,
    TitleDate,
}

/// Columns an export adds after the roster; an import recognises and skips them, so an
/// exported file can be imported again.
pub const RESULT_HEADINGS: [&str; 5] = ["核对结果", "说明", "考核费（元）", "核对日期", "规则版本"];

/// What "work until" holds for work that goes on.
pub const ONGOING: &str = "至今";

/// Headings institutions' own spreadsheets use for the template's columns (the template's own
/// headings are read too). `docs/roster-format.md` lists them.
pub const HEADING_ALIASES: &[(&str, Column)] = &[
    ("考生姓名", Column::Name),
    ("学员姓名", Column::Name),
    ("身份证号码", Column::IdNumber),
    ("证件号码", Column::IdNumber),
    ("公民身份号码", Column::IdNumber),
    ("身份证", Column::IdNumber),
    ("报考等级", Column::Level),
    ("申报级别", Column::Level),
    ("等级", Column::Level),
    ("文化程度", Column::School),
    ("最高学历", Column::School),
    ("毕业状态", Column::SchoolStatus),
    ("是否毕业", Column::SchoolStatus),
    ("参加工作时间", Column::WorkFrom),
    ("工作年限起始", Column::WorkFrom),
    ("从事本职业时间", Column::WorkFrom),
    ("证书等级", Column::Certificate),
    ("职业资格证书等级", Column::Certificate),
    ("发证日期", Column::CertificateDate),
    ("职称等级", Column::Title),
];

/// The alias words of a table, as the accepted values list them.
fn alias_words<T>(table: &[(&str, T)]) -> String {
    table
        .iter()
        .map(|(word, _)| *word)
        .collect::<Vec<_>>()
        .join("、")
}

impl Column {
    /// In the template's order.
    pub const ALL: [Column; 15] = [
        Column::Name,
        Column::IdNumber,
        Column::Level,
        Column::Retake,
        Column::BirthDate,
        Column::School,
        Column::SchoolStatus,
        Column::RelatedSpecialty,
        Column::Assessed,
        Column::WorkFrom,
        Column::WorkUntil,
        Column::Certificate,
        Column::CertificateDate,
        Column::Title,
        Column::TitleDate,
    ];

    pub fn heading(self) -> &'static str {
        match self {
            Column::Name => "姓名",
            Column::IdNumber => "身份证号",
            Column::Level => "申报等级",
            Column::Retake => "补考科目",
            Column::BirthDate => "出生日期",
            Column::School => "学历",
            Column::SchoolStatus => "学历状态",
            Column::RelatedSpecialty => "本专业或相关专业",
            Column::Assessed => "经评估论证",
            Column::WorkFrom => "本职业工作开始日期",
            Column::WorkUntil => "本职业工作结束日期",
            Column::Certificate => "已有证书等级",
            Column::CertificateDate => "证书发证日期",
            Column::Title => "职称",
            Column::TitleDate => "职称取得日期",
        }
    }

    pub fn required(self) -> bool {
        matches!(self, Column::Name | Column::IdNumber | Column::Level)
    }

    pub fn from_heading(heading: &str) -> Option<Column> {
        Column::read_heading(heading).map(|(column, _)| column)
    }

    /// The column a heading names, and whether it named it by an alias (an import says so).
    pub fn read_heading(heading: &str) -> Option<(Column, bool)> {
        let heading = aliases::normalise(heading);
        // A heading marked required ("姓名*") is the same column.
        let heading = heading.trim_end_matches('*');
        Column::ALL
            .into_iter()
            .find(|c| c.heading() == heading)
            .map(|c| (c, false))
            .or_else(|| {
                HEADING_ALIASES
                    .iter()
                    .find(|(alias, _)| aliases::normalise(alias) == heading)
                    .map(|(_, c)| (*c, true))
            })
    }

    /// What the column accepts, for the template's 说明 sheet and the format document.
    pub fn accepts(self) -> String {
        fn words<T: Copy>(all: &[T], label: impl Fn(T) -> String) -> String {
            all.iter().map(|v| label(*v)).collect::<Vec<_>>().join("、")
        }
        match self {
            Column::Name => "姓名，与身份证一致。".into(),
            Column::IdNumber => {
                "18 位居民身份证号，末位可为 X。请把该列设为“文本”，否则 Excel 会丢掉末几位。"
                    .into()
            }
            Column::Level => format!(
                "{}（也可写 {}）。",
                words(&Level::OFFERED, |l| l.choice_label().zh.into_owned()),
                alias_words(aliases::LEVELS)
            ),
            Column::Retake => format!(
                "首次申报留空；补考时填补考的科目：{}，多个科目用“、”分隔。",
                words(&[Subject::Theory, Subject::Skills, Subject::Review], |s| s
                    .name()
                    .zh
                    .into_owned())
            ),
            Column::BirthDate => "可留空，由身份证号读出；填写时格式如 1990-05-01。".into(),
            Column::School => format!(
                "可留空。{}（也可写 {}）。",
                words(School::ALL, |s| s.label().zh.into_owned()),
                alias_words(aliases::SCHOOLS)
            ),
            Column::SchoolStatus => format!(
                "填了学历时必填：{}（也可写 {}）。",
                words(SchoolStatus::ALL, |s| s.label().zh.into_owned()),
                alias_words(aliases::STATUSES)
            ),
            Column::RelatedSpecialty => "是 或 否（留空为否）：所学是否为本专业或相关专业。".into(),
            Column::Assessed => {
                "是、否 或 不知道（留空为否；不知道按否核对，结果会说明）：所学专业是否经评估论证。"
                    .into()
            }
            Column::WorkFrom => "从事本职业工作的开始日期，如 2018-03-01；没有可留空。".into(),
            Column::WorkUntil => format!("结束日期；仍在从事写“{ONGOING}”或留空。"),
            Column::Certificate => format!(
                "可留空。已取得的本职业证书：{}（也可写 {}）。",
                words(CertificateLevel::ALL, |c| c.label().zh.into_owned()),
                alias_words(aliases::CERTIFICATES)
            ),
            Column::CertificateDate => "填了证书等级时必填：发证日期，如 2020-06-30。".into(),
            Column::Title => format!(
                "可留空。{}（也可写 {}）。",
                words(TitleGrade::ALL, |t| t.label().zh.into_owned()),
                alias_words(aliases::TITLES)
            ),
            Column::TitleDate => "填了职称时必填：取得日期，如 2021-12-01。".into(),
        }
    }

    /// What a bad cell's message lists: the standard choices and two common wordings, so the
    /// message stays short (the format document and the template's notes list every wording).
    pub fn choices(self) -> String {
        fn short<T: Copy>(labels: Vec<String>, table: &[(&str, T)]) -> String {
            let examples: Vec<&str> = table
                .iter()
                .map(|(w, _)| *w)
                .filter(|w| !labels.iter().any(|l| l == w))
                .take(2)
                .collect();
            format!(
                "{}；也认常见写法，如 {}。",
                labels.join("、"),
                examples.join("、")
            )
        }
        match self {
            Column::Level => short(
                Level::OFFERED
                    .iter()
                    .map(|l| l.choice_label().zh.into_owned())
                    .collect(),
                aliases::LEVELS,
            ),
            Column::School => short(
                School::ALL
                    .iter()
                    .map(|s| s.label().zh.into_owned())
                    .collect(),
                aliases::SCHOOLS,
            ),
            Column::SchoolStatus => short(
                SchoolStatus::ALL
                    .iter()
                    .map(|s| s.label().zh.into_owned())
                    .collect(),
                aliases::STATUSES,
            ),
            Column::Certificate => short(
                CertificateLevel::ALL
                    .iter()
                    .map(|c| c.label().zh.into_owned())
                    .collect(),
                aliases::CERTIFICATES,
            ),
            Column::Title => short(
                TitleGrade::ALL
                    .iter()
                    .map(|t| t.label().zh.into_owned())
                    .collect(),
                aliases::TITLES,
            ),
            other => other.accepts(),
        }
    }

    /// The cell an entry is written as.
    pub fn write(self, entry: &RosterEntry) -> String {
        let c = &entry.candidate;
        let school = c.schooling.first();
        let work = c.work.first();
        let certificate = c.certificates.first();
        let title = c.titles.first();
        let yes_no = |b: Option<bool>| match b {
            Some(true) => "是".to_string(),
            Some(false) => "否".to_string(),
            None => String::new(),
        };
        match self {
            Column::Name => entry.name.clone(),
            Column::IdNumber => c.id_number.clone(),
            Column::Level => entry
                .level
                .map(|l| l.choice_label().zh.into_owned())
                .unwrap_or_default(),
            Column::Retake => entry
                .retake
                .iter()
                .map(|s| s.name().zh.into_owned())
                .collect::<Vec<_>>()
                .join("、"),
            Column::BirthDate => c.birth_date.clone(),
            Column::School => school
                .and_then(|s| s.school)
                .map(|s| s.label().zh.into_owned())
                .unwrap_or_default(),
            Column::SchoolStatus => school
                .and_then(|s| s.status)
                .map(|s| s.label().zh.into_owned())
                .unwrap_or_default(),
            Column::RelatedSpecialty => yes_no(school.and_then(|s| s.related_specialty)),
            Column::Assessed => match school.and_then(|s| s.assessed) {
                Some(Answer::Yes) => "是".to_string(),
                Some(Answer::No) => "否".to_string(),
                Some(Answer::DontKnow) => DONT_KNOW.to_string(),
                None => String::new(),
            },
            Column::WorkFrom => work.map(|w| w.from.clone()).unwrap_or_default(),
            Column::WorkUntil => match work {
                Some(w) if w.ongoing => ONGOING.to_string(),
                Some(w) => w.until.clone(),
                None => String::new(),
            },
            Column::Certificate => certificate
                .and_then(|h| h.kind)
                .map(|k| k.label().zh.into_owned())
                .unwrap_or_default(),
            Column::CertificateDate => certificate.map(|h| h.since.clone()).unwrap_or_default(),
            Column::Title => title
                .and_then(|h| h.kind)
                .map(|k| k.label().zh.into_owned())
                .unwrap_or_default(),
            Column::TitleDate => title.map(|h| h.since.clone()).unwrap_or_default(),
        }
    }

    pub fn is_date(self) -> bool {
        matches!(
            self,
            Column::BirthDate
                | Column::WorkFrom
                | Column::WorkUntil
                | Column::CertificateDate
                | Column::TitleDate
        )
    }
}

/// A cell's text as compared with the accepted words: no spaces, half-width brackets and slashes.
fn normalised(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '／' => '/',
            other => other,
        })
        .collect()
}

fn find<T: Copy>(text: &str, all: &[T], words: impl Fn(T) -> Vec<String>) -> Option<T> {
    let text = normalised(text);
    all.iter()
        .copied()
        .find(|v| words(*v).iter().any(|w| normalised(w) == text))
}

/// A cell that could not be read as its column asks, and what the column accepts instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable;

/// Puts one cell's text into the entry. Empty cells leave the entry as it is.
pub fn read(column: Column, text: &str, entry: &mut RosterEntry) -> Result<(), Unreadable> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(());
    }
    let c = &mut entry.candidate;
    match column {
        Column::Name => entry.name = text.to_string(),
        Column::IdNumber => c.id_number = text.to_string(),
        Column::Level => entry.level = Some(aliases::level(text).ok_or(Unreadable)?),
        Column::Retake => {
            let mut subjects = Vec::new();
            for part in text
                .split(['、', ',', '，', ';', '；', '/', '／', ' '])
                .filter(|p| !p.trim().is_empty())
            {
                let s = find(
                    part,
                    &[Subject::Theory, Subject::Skills, Subject::Review],
                    |s| {
                        let short = match s {
                            Subject::Theory => "理论",
                            Subject::Skills => "操作",
                            Subject::Review => "综合评审",
                        };
                        vec![s.name().zh.into_owned(), short.into()]
                    },
                )
                .ok_or(Unreadable)?;
                if !subjects.contains(&s) {
                    subjects.push(s);
                }
            }
            subjects.sort();
            entry.retake = subjects;
        }
        Column::BirthDate => c.birth_date = date(text)?,
        Column::School => schooling(c).school = Some(aliases::school(text).ok_or(Unreadable)?),
        Column::SchoolStatus => {
            schooling(c).status = Some(aliases::status(text).ok_or(Unreadable)?)
        }
        Column::RelatedSpecialty => schooling(c).related_specialty = Some(yes_no(text)?),
        Column::Assessed => {
            schooling(c).assessed = Some(if normalised(text) == DONT_KNOW {
                Answer::DontKnow
            } else if yes_no(text)? {
                Answer::Yes
            } else {
                Answer::No
            })
        }
        Column::WorkFrom => work(c).from = date(text)?,
        Column::WorkUntil => {
            if normalised(text) == ONGOING {
                work(c).ongoing = true;
            } else {
                work(c).until = date(text)?;
            }
        }
        Column::Certificate => {
            certificate(c).kind = Some(aliases::certificate(text).ok_or(Unreadable)?)
        }
        Column::CertificateDate => certificate(c).since = date(text)?,
        Column::Title => title(c).kind = Some(aliases::title(text).ok_or(Unreadable)?),
        Column::TitleDate => title(c).since = date(text)?,
    }
    Ok(())
}

/// Work with a start and no end goes on: the roster's "结束日期" is left empty for it.
pub fn finish(entry: &mut RosterEntry) {
    // Every level needs schooling: an empty or absent 学历 is a thing to fill in, not a
    // candidate without a diploma.
    schooling(&mut entry.candidate);
    if let Some(w) = entry.candidate.work.first_mut()
        && !w.from.is_empty()
        && w.until.is_empty()
    {
        w.ongoing = true;
    }
}

fn schooling(c: &mut pingjia_rules::candidate_draft::CandidateDraft) -> &mut SchoolingDraft {
    if c.schooling.is_empty() {
        c.schooling.push(SchoolingDraft::default());
    }
    &mut c.schooling[0]
}

fn work(c: &mut pingjia_rules::candidate_draft::CandidateDraft) -> &mut WorkDraft {
    if c.work.is_empty() {
        c.work.push(WorkDraft::default());
    }
    &mut c.work[0]
}

fn certificate(
    c: &mut pingjia_rules::candidate_draft::CandidateDraft,
) -> &mut HeldDraft<CertificateLevel> {
    if c.certificates.is_empty() {
        c.certificates.push(HeldDraft::default());
    }
    &mut c.certificates[0]
}

fn title(c: &mut pingjia_rules::candidate_draft::CandidateDraft) -> &mut HeldDraft<TitleGrade> {
    if c.titles.is_empty() {
        c.titles.push(HeldDraft::default());
    }
    &mut c.titles[0]
}

/// How "I don't know" is written in a cell.
const DONT_KNOW: &str = "不知道";

fn yes_no(text: &str) -> Result<bool, Unreadable> {
    match normalised(text).as_str() {
        "是" | "Y" | "y" | "yes" | "Yes" | "YES" | "1" | "√" => Ok(true),
        "否" | "N" | "n" | "no" | "No" | "NO" | "0" | "×" => Ok(false),
        _ => Err(Unreadable),
    }
}

/// A date as people type it in a spreadsheet — 2025-06-01, 2025/6/1, 2025.6.1, 2025年6月1日 or
/// 20250601 — read by the rules' one typed reader and written the rules' way (2025-06-01).
pub fn date(text: &str) -> Result<String, Unreadable> {
    dates::typed::read(text)
        .map(dates::typed::canonical)
        .map_err(|_| Unreadable)
}

/// The spreadsheet's letter for a column counted from 0: A … Z, AA ….
pub fn letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_spreadsheets_write_them() {
        for typed in [
            "2025-06-01",
            "2025/6/1",
            "2025.6.1",
            "2025年6月1日",
            "20250601",
            " 2025-6-01 ",
        ] {
            assert_eq!(date(typed), Ok("2025-06-01".into()), "{typed}");
        }
        for bad in ["2025-02-30", "6/1/2025", "明年", "2025-06", "1800-01-01"] {
            assert_eq!(date(bad), Err(Unreadable), "{bad}");
        }
    }

    #[test]
    fn every_written_cell_reads_back_to_the_same_entry() {
        let mut entry = RosterEntry {
            name: "张三".into(),
            level: Some(Level::Two),
            retake: vec![Subject::Theory, Subject::Review],
            ..RosterEntry::default()
        };
        let c = &mut entry.candidate;
        c.id_number = "11010519491231002X".into();
        c.schooling.push(SchoolingDraft {
            school: Some(School::College),
            status: Some(SchoolStatus::Graduated),
            related_specialty: Some(true),
            assessed: Some(Answer::No),
        });
        c.work.push(WorkDraft {
            from: "2015-03-01".into(),
            until: String::new(),
            ongoing: true,
        });
        c.certificates.push(HeldDraft {
            kind: Some(CertificateLevel::Three),
            since: "2019-06-30".into(),
        });
        c.titles.push(HeldDraft {
            kind: Some(TitleGrade::Intermediate),
            since: "2021-12-01".into(),
        });

        let mut back = RosterEntry::default();
        for column in Column::ALL {
            read(column, &column.write(&entry), &mut back).unwrap_or_else(|_| panic!("{column:?}"));
        }
        finish(&mut back);
        assert_eq!(back, entry);
    }

    #[test]
    fn the_words_people_use_are_accepted() {
        let level = |t: &str| {
            let mut e = RosterEntry::default();
            read(Column::Level, t, &mut e).map(|()| e.level)
        };
        assert_eq!(level("高级工"), Ok(Some(Level::Three)));
        assert_eq!(level("二级(技师)"), Ok(Some(Level::Two)));
        assert_eq!(level("一级/高级技师"), Ok(Some(Level::One)));
        assert_eq!(level("四级"), Err(Unreadable));
        let mut e = RosterEntry::default();
        read(Column::Retake, "操作技能，理论知识", &mut e).unwrap();
        assert_eq!(e.retake, vec![Subject::Theory, Subject::Skills]);
        assert_eq!(read(Column::Retake, "英语", &mut e), Err(Unreadable));
        read(Column::School, "大专", &mut e).unwrap();
        assert_eq!(e.candidate.schooling[0].school, Some(School::College));
    }

    #[test]
    fn headings_are_distinct_and_found_with_a_required_mark() {
        for c in Column::ALL {
            assert_eq!(Column::from_heading(c.heading()), Some(c));
            assert_eq!(
                Column::from_heading(&format!(" {}* ", c.heading())),
                Some(c)
            );
        }
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
    }
}
