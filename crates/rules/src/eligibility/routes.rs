//! The routes of appendix 5 (附件1), each as its clause reads, judged on a candidate's facts,
//! and what a route that is not met still lacks, in the candidate's terms.

use super::*;

/// Work periods as known on `on`: an ongoing period is assumed to go on; a period recorded as
/// ending after `on` is also taken as planned.
pub(super) struct Facts<'a> {
    pub(super) c: &'a Candidate,
    /// Set when a route was answered with a document of a higher grade than it names, so the
    /// answer can say that this is a reading (interpretations.md 15).
    pub(super) used_higher_grade: std::cell::Cell<bool>,
}

impl Facts<'_> {
    /// The earliest date from which a document of `wanted` grade or higher is held
    /// (interpretations.md 15: 中级职称 meets 初级; a 三级 certificate meets 四级).
    fn earliest<G: Copy + Ord>(
        &self,
        held: impl Iterator<Item = (G, NaiveDate)>,
        wanted: G,
    ) -> Option<NaiveDate> {
        let best = held
            .filter(|(grade, _)| *grade >= wanted)
            .min_by_key(|(_, since)| *since)?;
        if best.0 > wanted {
            self.used_higher_grade.set(true);
        }
        Some(best.1)
    }

    fn certificate(&self, level: CertificateLevel) -> Option<NaiveDate> {
        self.earliest(
            self.c.certificates.iter().map(|c| (c.level, c.issued)),
            level,
        )
    }

    fn title(&self, grade: TitleGrade) -> Option<NaiveDate> {
        self.earliest(self.c.titles.iter().map(|t| (t.grade, t.obtained)), grade)
    }

    /// 累计从事本职业或相关职业工作满N年 (after `after`, if given).
    fn work_years(&self, years: u32, after: Option<NaiveDate>) -> MetFrom {
        MetFrom::from_option(cumulative_years_reached(&self.c.work, after, years))
    }

    /// 取得X后，累计从事…满N年: nothing without X.
    fn work_years_after(&self, held: Option<NaiveDate>, years: u32) -> MetFrom {
        match held {
            Some(d) => self.work_years(years, Some(d)),
            None => MetFrom::Never,
        }
    }

    fn schooling(&self, f: impl Fn(&Schooling) -> bool) -> bool {
        self.c.schooling.iter().any(f)
    }
}

pub(super) fn has(b: bool) -> MetFrom {
    if b { MetFrom::Always } else { MetFrom::Never }
}

/// A route of appendix 5: its clause, its reading and how to judge it.
pub(super) struct Route {
    pub(super) level: Level,
    pub(super) number: u8,
    /// As appendix 5 numbers it, e.g. "三级(2)".
    pub(super) clause: &'static str,
    pub(super) confidence: Confidence,
    pub(super) text_zh: &'static str,
    pub(super) judge: fn(&Facts) -> (MetFrom, Vec<Need>),
    /// The students this route itself names (三级(4)「含在读应届毕业生」, 二级(5) 预备技师班): for
    /// this route alone they meet the minimum education as 同等学力 (interpretations.md 5).
    pub(super) names_students: Option<fn(&Schooling) -> bool>,
}

/// A certificate or a title that a route counts from.
#[derive(Clone, Copy)]
pub(super) enum Qualification {
    Certificate(CertificateLevel),
    Title(TitleGrade),
}

impl Qualification {
    /// As a clause names it after 「取得」, e.g. "四级证书", "初级职称".
    fn name(self) -> Bilingual {
        match self {
            Qualification::Certificate(level) => {
                let short = level.short_label();
                Bilingual::new(
                    format!("{}证书", short.zh),
                    format!("{} certificate", short.en),
                )
            }
            Qualification::Title(grade) => grade.label(),
        }
    }
}

/// Something a route needs, for explaining what is missing.
pub(super) enum Need {
    Missing(Qualification),
    Work {
        years: u32,
        /// Work counts only after this, if given.
        after: Option<Qualification>,
        met_from: MetFrom,
    },
    Held {
        what: Qualification,
        years: u32,
        met_from: MetFrom,
    },
    School(&'static str, &'static str),
}

use CertificateLevel as C;
use TitleGrade as T;

/// A certificate of this or a related occupation, and since when it is held.
fn cert(f: &Facts, level: C) -> (Qualification, Option<NaiveDate>) {
    (Qualification::Certificate(level), f.certificate(level))
}

/// A title in a matching specialty, and since when it is held.
fn title(f: &Facts, grade: T) -> (Qualification, Option<NaiveDate>) {
    (Qualification::Title(grade), f.title(grade))
}

/// "取得X": met while X is held, whenever it was obtained.
fn holding(held: (Qualification, Option<NaiveDate>)) -> (MetFrom, Vec<Need>) {
    match held {
        (_, Some(_)) => (MetFrom::Always, vec![]),
        (what, None) => (MetFrom::Never, vec![Need::Missing(what)]),
    }
}

/// "取得X后，累计工作满N年": the route's date and what it lacks.
fn after_holding(
    f: &Facts,
    held: (Qualification, Option<NaiveDate>),
    years: u32,
) -> (MetFrom, Vec<Need>) {
    let (what, since) = held;
    let work = f.work_years_after(since, years);
    let need = match since {
        None => Need::Missing(what),
        Some(_) => Need::Work {
            years,
            after: Some(what),
            met_from: work,
        },
    };
    (work, vec![need])
}

fn combine(a: (MetFrom, Vec<Need>), b: (MetFrom, Vec<Need>)) -> (MetFrom, Vec<Need>) {
    let mut needs = a.1;
    needs.extend(b.1);
    (a.0.and(b.0), needs)
}

fn school_route(
    f: &Facts,
    ok: impl Fn(&Schooling) -> bool,
    zh: &'static str,
    en: &'static str,
) -> (MetFrom, Vec<Need>) {
    let met = f.schooling(ok);
    (
        has(met),
        if met {
            vec![]
        } else {
            vec![Need::School(zh, en)]
        },
    )
}

pub(super) static ROUTES: [Route; 14] = [
    Route {
        level: Level::Three,
        number: 1,
        clause: "三级(1)",
        confidence: Confidence::High,
        text_zh: "累计从事本职业或相关职业工作满10年。",
        names_students: None,
        judge: |f| {
            let m = f.work_years(10, None);
            (
                m,
                vec![Need::Work {
                    years: 10,
                    after: None,
                    met_from: m,
                }],
            )
        },
    },
    Route {
        level: Level::Three,
        number: 2,
        clause: "三级(2)",
        confidence: Confidence::High,
        text_zh: "取得本职业或相关职业四级/中级工职业资格（职业技能等级）证书后，累计从事本职业或相关职业工作满4年。",
        names_students: None,
        judge: |f| after_holding(f, cert(f, C::Four), 4),
    },
    Route {
        level: Level::Three,
        number: 3,
        clause: "三级(3)",
        confidence: Confidence::High,
        text_zh: "取得符合专业对应关系的初级职称（专业技术人员职业资格）后，累计从事本职业或相关职业工作满1年。",
        names_students: None,
        judge: |f| after_holding(f, title(f, T::Junior), 1),
    },
    Route {
        level: Level::Three,
        number: 4,
        clause: "三级(4)",
        confidence: Confidence::High,
        text_zh: "取得本专业或相关专业的技工院校高级工班及以上毕业证书（含在读应届毕业生）。",
        names_students: Some(|s| {
            s.school.is_senior_technical() && s.status == SchoolStatus::FinalYear
        }),
        judge: |f| {
            school_route(
                f,
                |s| {
                    s.school.is_senior_technical()
                        && s.related_specialty
                        && s.diploma_or_final_year()
                },
                "本专业或相关专业的技工院校高级工班及以上毕业证书（或为在读应届毕业生）",
                "a diploma (or final year) of a senior-worker class or above at a technical school, in this or a related specialty",
            )
        },
    },
    Route {
        level: Level::Three,
        number: 5,
        clause: "三级(5)",
        confidence: Confidence::High,
        text_zh: "取得本职业或相关职业四级/中级工职业资格（职业技能等级）证书，并取得高等职业学校、专科及以上普通高等学校本专业或相关专业毕业证书（含在读应届毕业生）。",
        names_students: None,
        judge: |f| {
            let school = school_route(
                f,
                |s| {
                    s.school.is_higher_education()
                        && s.related_specialty
                        && s.diploma_or_final_year()
                },
                "高等职业学校、专科及以上普通高等学校本专业或相关专业毕业证书（或为在读应届毕业生）",
                "a diploma (or final year) of a higher vocational school or a college or university, in this or a related specialty",
            );
            combine(holding(cert(f, C::Four)), school)
        },
    },
    Route {
        level: Level::Three,
        number: 6,
        clause: "三级(6)",
        confidence: Confidence::High,
        text_zh: "取得经评估论证的高等职业学校、专科及以上普通高等学校本专业或相关专业的毕业证书（含在读应届毕业生）。",
        names_students: None,
        judge: |f| {
            school_route(
                f,
                |s| {
                    s.school.is_higher_education()
                        && s.assessed
                        && s.related_specialty
                        && s.diploma_or_final_year()
                },
                "经评估论证的高等职业学校、专科及以上普通高等学校本专业或相关专业毕业证书（或为在读应届毕业生）",
                "a diploma (or final year) of an assessed higher vocational, college or university programme in this or a related specialty",
            )
        },
    },
    Route {
        level: Level::Two,
        number: 1,
        clause: "二级(1)",
        confidence: Confidence::High,
        text_zh: "取得本职业或相关职业三级/高级工职业资格（职业技能等级）证书后，累计从事本职业或相关职业工作满5年。",
        names_students: None,
        judge: |f| after_holding(f, cert(f, C::Three), 5),
    },
    Route {
        level: Level::Two,
        number: 2,
        clause: "二级(2)",
        confidence: Confidence::High,
        text_zh: "取得符合专业对应关系的初级职称（专业技术人员职业资格）后，累计从事本职业或相关职业工作满5年，并在取得本职业或相关职业三级/高级工职业资格（职业技能等级）证书后，从事本职业或相关职业工作满1年。",
        names_students: None,
        judge: |f| {
            combine(
                after_holding(f, title(f, T::Junior), 5),
                after_holding(f, cert(f, C::Three), 1),
            )
        },
    },
    Route {
        level: Level::Two,
        number: 3,
        clause: "二级(3)",
        confidence: Confidence::High,
        text_zh: "取得符合专业对应关系的中级职称（专业技术人员职业资格）后，累计从事本职业或相关职业工作满1年。",
        names_students: None,
        judge: |f| after_holding(f, title(f, T::Intermediate), 1),
    },
    Route {
        level: Level::Two,
        number: 4,
        clause: "二级(4)",
        confidence: Confidence::Medium,
        text_zh: "取得本职业或相关职业三级/高级工职业资格（职业技能等级）证书的高级技工学校、技师学院毕业生，累计从事本职业或相关职业工作满2年。",
        names_students: None,
        judge: |f| {
            let certificate = holding(cert(f, C::Three));
            let school = school_route(
                f,
                |s| {
                    matches!(
                        s.school,
                        School::SeniorTechnicalSchool
                            | School::TechnicianCollege
                            | School::TechnicianClass
                    ) && s.status == SchoolStatus::Graduated
                },
                "高级技工学校或技师学院毕业",
                "graduation from a senior technical school or a technician college",
            );
            let work = f.work_years(2, None);
            let (met_from, mut needs) = combine(certificate, school);
            needs.push(Need::Work {
                years: 2,
                after: None,
                met_from: work,
            });
            (met_from.and(work), needs)
        },
    },
    Route {
        level: Level::Two,
        number: 5,
        clause: "二级(5)",
        confidence: Confidence::Medium,
        text_zh: "取得本职业或相关职业三级/高级工职业资格（职业技能等级）证书满2年的技师学院预备技师班、技师班学生。",
        names_students: Some(|s| {
            s.school == School::TechnicianClass
                && matches!(s.status, SchoolStatus::FinalYear | SchoolStatus::Studying)
        }),
        judge: |f| {
            let held =
                MetFrom::from_option(f.certificate(C::Three).and_then(|d| anniversary(d, 2)));
            let school = school_route(
                f,
                |s| {
                    s.school == School::TechnicianClass
                        && matches!(s.status, SchoolStatus::FinalYear | SchoolStatus::Studying)
                },
                "技师学院预备技师班或技师班在读",
                "studying in a technician college's preparatory-technician or technician class",
            );
            let mut needs = match f.certificate(C::Three) {
                None => vec![Need::Missing(Qualification::Certificate(C::Three))],
                Some(_) => vec![Need::Held {
                    what: Qualification::Certificate(C::Three),
                    years: 2,
                    met_from: held,
                }],
            };
            needs.extend(school.1);
            (held.and(school.0), needs)
        },
    },
    Route {
        level: Level::One,
        number: 1,
        clause: "一级(1)",
        confidence: Confidence::Medium,
        text_zh: "取得本职业或相关职业二级/技师职业资格（职业技能等级）证书后，累计从事本职业或相关职业工作满5年。",
        names_students: None,
        judge: |f| after_holding(f, cert(f, C::Two), 5),
    },
    Route {
        level: Level::One,
        number: 2,
        clause: "一级(2)",
        confidence: Confidence::Medium,
        text_zh: "取得符合专业对应关系的中级职称后，累计从事本职业或相关职业工作满5年，并在取得本职业或相关职业二级/技师职业资格（职业技能等级）证书后，从事本职业或相关职业工作满1年。",
        names_students: None,
        judge: |f| {
            combine(
                after_holding(f, title(f, T::Intermediate), 5),
                after_holding(f, cert(f, C::Two), 1),
            )
        },
    },
    Route {
        level: Level::One,
        number: 3,
        clause: "一级(3)",
        confidence: Confidence::Medium,
        text_zh: "取得符合专业对应关系的高级职称（专业技术人员职业资格）后，累计从事本职业或相关职业工作满1年。",
        names_students: None,
        judge: |f| after_holding(f, title(f, T::Senior), 1),
    },
];

/// The wording of a route by its clause, e.g. "三级(2)".
pub fn route_text(clause: &str) -> Option<&'static str> {
    ROUTES
        .iter()
        .find(|r| r.clause == clause)
        .map(|r| r.text_zh)
}

/// "四级" — how a clause names a certificate's level before 「证书」.
/// "还差1年3个月，即2026-09-01起满足" / "1 year 3 months to go: met from 2026-09-01".
pub(super) fn wait_text(on: NaiveDate, met_from: MetFrom) -> (String, String) {
    match met_from {
        MetFrom::Always => ("已满足".into(), "met".into()),
        MetFrom::Date(d) if d <= on => ("已满足".into(), "met".into()),
        MetFrom::Date(d) if (d - on).num_days() < 31 => {
            let days = (d - on).num_days();
            let en = if days == 1 {
                "1 day".to_string()
            } else {
                format!("{days} days")
            };
            (
                format!("还差{days}天，即{d}起满足"),
                format!("{en} to go: met from {d}"),
            )
        }
        MetFrom::Date(d) => {
            let (y, m) = dates::years_and_months_between(on, d);
            let zh = match (y, m) {
                (0, m) => format!("{m}个月"),
                (y, 0) => format!("{y}年"),
                (y, m) => format!("{y}年{m}个月"),
            };
            let plural = |n: u32, w: &str| {
                if n == 1 {
                    format!("{n} {w}")
                } else {
                    format!("{n} {w}s")
                }
            };
            let en = match (y, m) {
                (0, m) => plural(m, "month"),
                (y, 0) => plural(y, "year"),
                (y, m) => format!("{} {}", plural(y, "year"), plural(m, "month")),
            };
            (
                format!("还差{zh}，即{d}起满足"),
                format!("{en} to go: met from {d}"),
            )
        }
        MetFrom::Never => (
            "按目前填写的经历，仅靠时间无法满足".into(),
            "time alone will not meet it with the experience given".into(),
        ),
    }
}

/// The codes of the reasons about time: their text says how long is left, or that time alone
/// will not do.
pub const NOT_ENOUGH_WORK: &str = "not_enough_work";
pub const HELD_TOO_SHORT: &str = "held_too_short";

pub(super) fn explain(need: &Need, on: NaiveDate, citation: Citation) -> Option<Reason> {
    let reason = |code: &'static str, zh: String, en: String| Reason {
        code,
        citation,
        text: Bilingual::new(zh, en),
    };
    match need {
        Need::Missing(Qualification::Certificate(level)) => Some(reason(
            "missing_certificate",
            format!("需要本职业或相关职业{}证书。", level.label().zh),
            format!(
                "Needs a {} certificate of this or a related occupation.",
                level.label().en
            ),
        )),
        Need::Missing(Qualification::Title(grade)) => Some(reason(
            "missing_title",
            format!("需要符合专业对应关系的{}。", grade.label().zh),
            format!("Needs a {} in a matching specialty.", grade.label().en),
        )),
        Need::Work { met_from, .. } if met_from.met_on(on) => None,
        Need::Work {
            years,
            after,
            met_from,
        } => {
            let (wait_zh, wait_en) = wait_text(on, *met_from);
            let (zh, en) = match after {
                None => (
                    format!("本职业或相关职业工作累计需满{years}年：{wait_zh}。"),
                    format!(
                        "Needs {years} years of work in this or a related occupation in total: {wait_en}."
                    ),
                ),
                Some(what) => (
                    format!(
                        "取得{}后的本职业或相关职业工作累计需满{years}年：{wait_zh}。",
                        what.name().zh
                    ),
                    format!(
                        "Needs {years} years of work in this or a related occupation after the {}: {wait_en}.",
                        what.name().en
                    ),
                ),
            };
            Some(reason(NOT_ENOUGH_WORK, zh, en))
        }
        Need::Held { met_from, .. } if met_from.met_on(on) => None,
        Need::Held {
            what,
            years,
            met_from,
        } => {
            let (wait_zh, wait_en) = wait_text(on, *met_from);
            Some(reason(
                HELD_TOO_SHORT,
                format!("{}需取得满{years}年：{wait_zh}。", what.name().zh),
                format!(
                    "The {} must have been held for {years} years: {wait_en}.",
                    what.name().en
                ),
            ))
        }
        Need::School(zh, en) => Some(reason(
            "missing_schooling",
            format!("需要{zh}。"),
            format!("Needs {en}."),
        )),
    }
}
