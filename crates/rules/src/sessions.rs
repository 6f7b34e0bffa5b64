//! The evaluation sessions of 二（三）: when to apply, when to pay, the month of evaluation and
//! the levels offered; and the admission ticket one week before the evaluation (二（五）).

use crate::citation::{NoticeClause, Reason};
use crate::level::Level;
use crate::rulebook::{Rulebook, Session};
use crate::text::Bilingual;
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;

pub const SCHEDULE: NoticeClause = NoticeClause::quoted("二（三）");
pub const TICKET: NoticeClause = NoticeClause::quoted("二（五）");
/// The sessions after the schedule, projected from the last notice's pattern
/// (interpretations.md 12).
pub const PROJECTION: NoticeClause =
    NoticeClause::reading("二（三）：日程结束后按最近一份通知的规律推测");

/// A session as a draft names it: its evaluation month, written `YYYY-MM` ("2025-09").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SessionKey {
    pub year: i32,
    pub month: u32,
}

impl SessionKey {
    /// Reads exactly `YYYY-MM` (month 01–12, a year the rules support); "2025-9" or " 2025-09"
    /// is refused rather than guessed at.
    pub fn parse(text: &str) -> Option<SessionKey> {
        let b = text.as_bytes();
        if b.len() != 7 || b[4] != b'-' {
            return None;
        }
        let year = crate::dates::strict::number(text.get(0..4)?)?;
        let month = crate::dates::strict::number(text.get(5..7)?)?;
        let first_day = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, 1)?;
        crate::dates::is_supported(first_day).then_some(SessionKey {
            year: first_day.year(),
            month,
        })
    }
}

impl std::fmt::Display for SessionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

impl Session {
    /// How a draft names this session: its evaluation month.
    pub fn key(&self) -> SessionKey {
        SessionKey {
            year: self.evaluation_year,
            month: self.evaluation_month,
        }
    }

    pub fn evaluation_month_start(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.evaluation_year, self.evaluation_month, 1)
            .unwrap_or(self.pay_until)
    }

    pub fn evaluation_month_end(&self) -> NaiveDate {
        self.evaluation_month_start()
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(self.pay_until)
    }

    pub fn offers(&self, level: Level) -> bool {
        self.levels.contains(&level)
    }

    pub fn applications_open_on(&self, d: NaiveDate) -> bool {
        self.apply_from <= d && d <= self.apply_until
    }

    pub fn payment_open_on(&self, d: NaiveDate) -> bool {
        self.pay_from <= d && d <= self.pay_until
    }

    /// The earliest day the admission ticket can appear: one week before the first possible
    /// evaluation day, the 1st of the month (interpretations.md 9).
    pub fn earliest_ticket_date(&self, book: &Rulebook) -> NaiveDate {
        ticket_date(book, self.evaluation_month_start())
    }

    /// The same session a whole number of years later: how a projection is made.
    fn shifted_by_years(&self, years: u32) -> Option<Session> {
        let shift = |d: NaiveDate| d.checked_add_months(Months::new(12 * years));
        Some(Session {
            apply_from: shift(self.apply_from)?,
            apply_until: shift(self.apply_until)?,
            pay_from: shift(self.pay_from)?,
            pay_until: shift(self.pay_until)?,
            evaluation_year: self.evaluation_year + i32::try_from(years).ok()?,
            evaluation_month: self.evaluation_month,
            levels: self.levels,
            source: self.source,
        })
    }
}

/// How long before the evaluation the ticket appears, as the notice says it: "一周" / "a week".
pub fn ticket_lead(book: &Rulebook) -> Bilingual {
    match book.ticket.days_before_evaluation {
        7 => Bilingual::fixed("一周", "a week"),
        days => Bilingual::new(format!("{days}天"), format!("{days} days")),
    }
}

/// 「考核日期前一周」: the day the admission ticket can be downloaded for an evaluation day.
pub fn ticket_date(book: &Rulebook, evaluation: NaiveDate) -> NaiveDate {
    evaluation
        .checked_sub_days(Days::new(book.ticket.days_before_evaluation))
        .unwrap_or(evaluation)
}

/// What a session is doing on a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Window {
    /// Applications not yet open.
    Upcoming,
    /// Applications open (payment may be too).
    ApplicationsOpen,
    /// Applications closed, payment still open.
    PaymentOnly,
    /// Both closed.
    Closed,
    /// A projection from the 2025 pattern: nothing is known to be open (interpretations.md 12).
    Projected,
}

pub fn window_on(session: &Session, d: NaiveDate) -> Window {
    if d < session.apply_from {
        Window::Upcoming
    } else if session.applications_open_on(d) {
        Window::ApplicationsOpen
    } else if session.payment_open_on(d) {
        Window::PaymentOnly
    } else {
        Window::Closed
    }
}

pub const INDIVIDUAL: NoticeClause =
    NoticeClause::reading("二（二）、六（二）：个人申报须在周五业务窗口现场办理");
pub const DATES_MAY_CHANGE: NoticeClause = NoticeClause::quoted("二（三）注");

/// The last day an individual can apply for a session: they apply in person (二（二）) at the
/// service window, open on Fridays that are not statutory days off (六（二）), so it is the last
/// such Friday inside the application window (interpretations.md 14). `estimated` when that
/// year's holidays are not published yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IndividualDeadline {
    pub date: NaiveDate,
    pub estimated: bool,
}

pub fn individual_deadline(book: &Rulebook, session: &Session) -> Option<IndividualDeadline> {
    let mut d = session.apply_until;
    while d >= session.apply_from {
        let (opens, estimated) = crate::service::opens_on(book, d);
        if opens {
            return Some(IndividualDeadline { date: d, estimated });
        }
        d = d.pred_opt()?;
    }
    None
}

/// 二（三）注、七（三）: the dates of the table can be adjusted (interpretations.md 13). Every
/// answer that states a schedule date carries this line.
pub fn dates_may_change(book: &Rulebook) -> Reason {
    Reason {
        code: "dates_may_change",
        citation: book.cite(DATES_MAY_CHANGE),
        text: Bilingual::new(
            "以上日期可能根据国家及本市要求或节假日调整，请以协会通知为准。",
            "These dates can be adjusted (national or city requirements, holidays); the association's notices decide.",
        ),
    }
}

/// The group and the individual deadline of a session, as one sentence each; for a projected
/// session each sentence says first that it is a projection (interpretations.md 12), since a
/// sentence may be read, copied or shared alone.
pub fn deadline_reasons(book: &Rulebook, session: &Session, projected: bool) -> Vec<Reason> {
    let mut reasons = stated_deadlines(book, session);
    if projected {
        for r in &mut reasons {
            r.text = Bilingual::new(
                format!("（推测）{}", r.text.zh),
                format!("(Projected) {}", r.text.en),
            );
        }
    }
    reasons
}

fn stated_deadlines(book: &Rulebook, session: &Session) -> Vec<Reason> {
    let mut reasons = vec![Reason {
        code: "group_deadline",
        citation: SCHEDULE.of(session.source),
        text: Bilingual::new(
            format!(
                "团体申报（经培训机构或院校，通过自助经办系统）截止：{}。",
                session.apply_until
            ),
            format!(
                "Group applications (through an institution, online) close on {}.",
                session.apply_until
            ),
        ),
    }];
    let (day_zh, day_en, days_en) = crate::service::weekday_names(book);
    reasons.push(match individual_deadline(book, session) {
        Some(deadline) => Reason {
            code: "individual_deadline",
            citation: book.cite(INDIVIDUAL),
            text: Bilingual::new(
                format!(
                "个人申报须到业务窗口现场办理（仅{day_zh}开放），最晚{}（{day_zh}）{}。",
                deadline.date,
                if deadline.estimated { "，节假日按估算" } else { "" }
            ),
                format!(
                "Individuals apply in person at the service window, open on {days_en} only: the last chance is {day_en} {}{}.",
                deadline.date,
                if deadline.estimated { " (holidays estimated)" } else { "" }
            ),
            ),
        },
        None => Reason {
            code: "individual_deadline",
            citation: book.cite(INDIVIDUAL),
            text: Bilingual::new(
                format!("该申报期内没有开放的{day_zh}业务窗口，个人无法现场申报，请咨询协会。"),
                format!("No {day_en} service window opens during this application period, so individuals cannot apply in person; ask the association."),
            ),
        },
    });
    reasons
}

/// What every projected session says first (interpretations.md 12), in zh-CN and English.
pub fn projection_caveat(book: &Rulebook) -> (String, String) {
    let year = book.year();
    (
        format!(
            "推测，非官方日程：{year}年通知的考期已结束，这里按{year}年的安排推测，请以协会官网 {} 的通知为准。",
            book.association_site
        ),
        format!(
            "A projection, not an official date: the {year} notice's sessions are over, and this only repeats the {year} pattern; check the association's site {}.",
            book.association_site
        ),
    )
}

/// The next session a candidate can still apply for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NextSession {
    pub session: Session,
    /// True when no official schedule is known for that time and this repeats the 2025 pattern:
    /// only a guess, to be checked against the association's site (interpretations.md 12).
    pub projected: bool,
    /// [`Window::Projected`] for a projection, never "applications open".
    pub window: Window,
    pub individual_deadline: Option<IndividualDeadline>,
}

impl NextSession {
    fn new(book: &Rulebook, session: Session, projected: bool, d: NaiveDate) -> NextSession {
        NextSession {
            window: if projected {
                Window::Projected
            } else {
                window_on(&session, d)
            },
            individual_deadline: individual_deadline(book, &session),
            session,
            projected,
        }
    }

    /// "三级下一期：2025年10月评价；申报2025-08-16至2025-09-15……", then the two deadlines
    /// and the caveat that dates can move.
    pub fn reasons(&self, book: &Rulebook, level: Level) -> Vec<Reason> {
        let s = &self.session;
        let lead = ticket_lead(book);
        let mut zh = format!(
            "{}下一期：{}评价；申报{}至{}，缴费{}至{}；准考证于考核日期前{}下载，最早{}。",
            level.title().zh,
            month_label(s).zh,
            s.apply_from,
            s.apply_until,
            s.pay_from,
            s.pay_until,
            lead.zh,
            s.earliest_ticket_date(book)
        );
        let mut en = format!(
            "{}: next session evaluated in {}; apply {} to {}, pay {} to {}; the admission ticket comes {} before the evaluation day, {} at the earliest.",
            level.title().en,
            month_label(s).en,
            s.apply_from,
            s.apply_until,
            s.pay_from,
            s.pay_until,
            lead.en,
            s.earliest_ticket_date(book)
        );
        let (code, citation) = if self.projected {
            let (caveat_zh, caveat_en) = projection_caveat(book);
            zh = format!("{caveat_zh}{zh}");
            en = format!("{caveat_en} {en}");
            ("projected_session", book.cite(PROJECTION))
        } else {
            ("next_session", SCHEDULE.of(s.source))
        };
        let mut reasons = vec![Reason {
            code,
            citation,
            text: Bilingual::new(zh, en),
        }];
        reasons.extend(deadline_reasons(book, s, self.projected));
        reasons.push(dates_may_change(book));
        reasons
    }
}

/// The first session offering `level` whose last open Friday for individuals is on or after
/// `d`: the next one a person can enter in person, without an institution.
pub fn next_individual_session(book: &Rulebook, level: Level, d: NaiveDate) -> Option<NextSession> {
    let open = |s: &Session| {
        s.offers(level) && individual_deadline(book, s).is_some_and(|dl| dl.date >= d)
    };
    if let Some(s) = book.sessions.iter().find(|s| open(s)) {
        return Some(NextSession::new(book, *s, false, d));
    }
    projections(book)
        .find(|s| open(s))
        .map(|s| NextSession::new(book, s, true, d))
}

/// When `next` (the next session a candidate can enter from `from`) can no longer be entered
/// in person — its last open Friday is before `from` — the sentence that says only a group
/// application remains for it, and the next session an individual can still enter. `qualifies`
/// is the day the candidate qualifies, when that (not the day asked) is what comes too late.
pub fn group_only(
    book: &Rulebook,
    level: Level,
    next: &NextSession,
    from: NaiveDate,
    qualifies: Option<NaiveDate>,
) -> Option<(Reason, Option<NextSession>)> {
    let deadline = next.individual_deadline?.date;
    if deadline >= from {
        return None;
    }
    let (day_zh, day_en, _) = crate::service::weekday_names(book);
    let later = next_individual_session(book, level, from);
    let month = month_label(&next.session);
    let (mut zh, mut en) = match qualifies {
        Some(q) => (
            format!(
                "您{q}起才符合条件，晚于{}评价这一期个人现场申报的最后一个{day_zh}（{deadline}）：该期只能经培训机构或院校团体申报（截止{}）。",
                month.zh, next.session.apply_until
            ),
            format!(
                "You qualify only from {q}, after the last {day_en} individuals can apply for the {} session ({deadline}): for it only a group application through an institution remains (until {}).",
                month.en, next.session.apply_until
            ),
        ),
        None => (
            format!(
                "{}评价这一期个人现场申报的最后一个{day_zh}（{deadline}）已过：该期只能经培训机构或院校团体申报（截止{}）。",
                month.zh, next.session.apply_until
            ),
            format!(
                "The last {day_en} individuals could apply for the {} session ({deadline}) has passed: for it only a group application through an institution remains (until {}).",
                month.en, next.session.apply_until
            ),
        ),
    };
    if next.projected {
        zh = format!("（推测）{zh}");
        en = format!("(Projected) {en}");
    }
    match &later {
        Some(l) => {
            let dl = l.individual_deadline.map(|d| d.date);
            let later_month = month_label(&l.session);
            let projected = if l.projected {
                (
                    "（推测日期，以协会通知为准）",
                    " (a projected date: the association's notice decides)",
                )
            } else {
                ("", "")
            };
            if let Some(dl) = dl {
                zh.push_str(&format!(
                    "个人可申报的下一期：{}评价，最晚{dl}（{day_zh}）到业务窗口现场申报{}。",
                    later_month.zh, projected.0
                ));
                en.push_str(&format!(
                    " The next session an individual can enter: {}, in person at the service window by {day_en} {dl}{}.",
                    later_month.en, projected.1
                ));
            }
        }
        None => {
            zh.push_str(&format!(
                "目前不知道个人可申报的下一期，请查看协会官网 {}。",
                book.association_site
            ));
            en.push_str(&format!(
                " No later session an individual can enter is known: check the association's site {}.",
                book.association_site
            ));
        }
    }
    Some((
        Reason {
            code: "individual_too_late",
            citation: book.cite(INDIVIDUAL),
            text: Bilingual::new(zh, en),
        },
        later,
    ))
}

/// Said when no session at all, official or projected, is known for a date: never a blank.
pub fn no_schedule_known(book: &Rulebook, d: NaiveDate) -> Reason {
    Reason {
        code: "no_schedule_known",
        citation: book.cite(PROJECTION),
        text: Bilingual::new(
            format!(
                "{d}之后的考期没有已知的日程（{}年通知的考期已结束，推测也只及此后数年）：请查看协会官网 {} 的通知。",
                book.year(),
                book.association_site
            ),
            format!(
                "No schedule is known for sessions after {d} (the {} notice's sessions are over, and projections reach only a few years beyond): check the association's site {}.",
                book.year(),
                book.association_site
            ),
        ),
    }
}

/// One session as the schedule table shows it, on a given day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScheduleRow {
    pub session: Session,
    /// Repeats the 2025 pattern: a guess to check on the association's site.
    pub projected: bool,
    /// What the session is doing on the day (for a projection: what it would be doing).
    pub window: Window,
    pub individual_deadline: Option<IndividualDeadline>,
    /// Days left to apply as a group, the last day counted, while applications are open.
    pub days_left: Option<i64>,
}

/// The sessions whose evaluation month has not ended on `d` (offering `level`, if given), in
/// order, official ones first then projections, at most `count`.
pub fn schedule_from(
    book: &Rulebook,
    d: NaiveDate,
    level: Option<Level>,
    count: usize,
) -> Vec<ScheduleRow> {
    let wanted = |s: &Session| level.is_none_or(|l| s.offers(l)) && s.evaluation_month_end() >= d;
    let row = |s: Session, projected: bool| {
        let window = window_on(&s, d);
        ScheduleRow {
            days_left: (window == Window::ApplicationsOpen)
                .then(|| (s.apply_until - d).num_days() + 1),
            individual_deadline: individual_deadline(book, &s),
            window,
            projected,
            session: s,
        }
    };
    book.sessions
        .iter()
        .copied()
        .filter(|s| wanted(s))
        .map(|s| row(s, false))
        .chain(
            projections(book)
                .filter(|s| wanted(s))
                .map(|s| row(s, true)),
        )
        .take(count)
        .collect()
}

/// The first session offering `level` whose application window has not closed on `d`.
pub fn next_session(book: &Rulebook, level: Level, d: NaiveDate) -> Option<NextSession> {
    let open = |s: &Session| s.offers(level) && d <= s.apply_until;
    if let Some(s) = book.sessions.iter().find(|s| open(s)) {
        return Some(NextSession::new(book, *s, false, d));
    }
    projections(book)
        .find(|s| open(s))
        .map(|s| NextSession::new(book, s, true, d))
}

/// The table repeated a year at a time after it ends, up to five years ahead: how a
/// projection is made (interpretations.md 12).
pub fn projections(book: &Rulebook) -> impl Iterator<Item = Session> + '_ {
    (1..=5u32).flat_map(move |years| {
        book.sessions
            .iter()
            .filter_map(move |s| s.shifted_by_years(years))
    })
}

/// The sessions (offering `level`, if given) whose application or payment window is open on `d`.
pub fn open_on(book: &Rulebook, d: NaiveDate, level: Option<Level>) -> Vec<(Session, Window)> {
    book.sessions
        .iter()
        .filter(|s| level.is_none_or(|l| s.offers(l)))
        .map(|s| (*s, window_on(s, d)))
        .filter(|(_, w)| matches!(w, Window::ApplicationsOpen | Window::PaymentOnly))
        .collect()
}

/// Whether `d` is past everything the rulebook's schedule covers: after the last evaluation
/// month of the table, not merely after its last application day.
pub fn schedule_ended(book: &Rulebook, d: NaiveDate) -> bool {
    book.sessions.iter().all(|s| d > s.evaluation_month_end())
}

/// How admission tickets are obtained (二（五）): the day, where, and by whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TicketAnswer {
    pub evaluation: NaiveDate,
    pub ticket_date: NaiveDate,
    pub site: &'static str,
    pub reasons: Vec<Reason>,
}

pub fn admission_ticket(book: &Rulebook, evaluation: NaiveDate) -> TicketAnswer {
    let ticket = ticket_date(book, evaluation);
    let site = book.ticket.site;
    let lead = ticket_lead(book);
    TicketAnswer {
        evaluation,
        ticket_date: ticket,
        site,
        reasons: vec![
            Reason {
                code: "ticket_date",
                citation: book.cite(TICKET),
                text: Bilingual::new(
                    format!(
                        "准考证在考核日期前{}发布：考核日{evaluation}，则{ticket}起可下载。",
                        lead.zh
                    ),
                    format!(
                        "Admission tickets come out {} before the evaluation: for {evaluation}, from {ticket}.",
                        lead.en
                    ),
                ),
            },
            Reason {
                code: "ticket_group",
                citation: book.cite(TICKET),
                text: Bilingual::new(
                    format!(
                        "团体申报：由所在培训机构或院校从准考证发布系统（{site}）“职业技能等级认定准考证下载”栏目下载电子版，打印后发给考生。"
                    ),
                    format!(
                        "Group applications: the institution downloads the tickets from the ticket system ({site}, 职业技能等级认定准考证下载), prints them and hands them out."
                    ),
                ),
            },
            Reason {
                code: "ticket_individual",
                citation: book.cite(TICKET),
                text: Bilingual::new(
                    format!(
                        "个人申报：考生本人从准考证发布系统（{site}）“职业技能等级认定准考证下载”栏目下载电子版准考证并自行打印。"
                    ),
                    format!(
                        "Individual applications: download your own ticket from the ticket system ({site}, 职业技能等级认定准考证下载) and print it yourself."
                    ),
                ),
            },
        ],
    }
}

/// The evaluation month for display, e.g. "2026年1月" / "January 2026".
pub fn month_label(s: &Session) -> Bilingual {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let start = s.evaluation_month_start();
    let name = MONTHS.get(start.month0() as usize).copied().unwrap_or("");
    Bilingual::new(
        format!("{}年{}月", s.evaluation_year, s.evaluation_month),
        format!("{name} {}", start.year()),
    )
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_schedule_from_a_day_counts_down_the_open_window_and_goes_on_into_projections() {
        let book = crate::rulebook::current();
        let d = |t: &str| -> NaiveDate { t.parse().expect("date") };
        let rows = schedule_from(book, d("2025-06-11"), None, 6);
        assert_eq!(rows[0].session.evaluation_month, 7);
        assert_eq!(rows[0].window, Window::ApplicationsOpen);
        // 2025-06-11 to 2025-06-15, both counted.
        assert_eq!(rows[0].days_left, Some(5));
        assert!(rows[1..].iter().all(|r| r.days_left.is_none()));
        let later = schedule_from(book, d("2026-06-01"), Some(Level::Three), 3);
        assert!(later.iter().all(|r| r.projected));
        assert_eq!(
            later[0].window,
            Window::ApplicationsOpen,
            "a projected window contains the day"
        );
    }

    #[test]
    fn a_session_key_is_its_evaluation_month_written_one_way() {
        let key = SessionKey {
            year: 2025,
            month: 9,
        };
        assert_eq!(key.to_string(), "2025-09");
        assert_eq!(SessionKey::parse("2025-09"), Some(key));
        for bad in [
            "2025-9",
            " 2025-09",
            "2025-13",
            "2025-00",
            "1899-12",
            "2025/09",
            "2025-9月",
            "",
        ] {
            assert_eq!(SessionKey::parse(bad), None, "{bad:?}");
        }
    }

    use super::*;
    use crate::rulebook::current;

    fn table() -> &'static [Session] {
        current().sessions
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a test date")
    }

    #[test]
    fn the_table_is_in_order_and_windows_are_well_formed() {
        for s in table() {
            assert!(s.apply_from <= s.apply_until && s.pay_from <= s.pay_until);
            assert!(s.apply_from <= s.pay_from && s.apply_until <= s.pay_until);
            assert!(s.pay_until < s.evaluation_month_start());
            assert!(s.offers(Level::Three));
        }
        for pair in table().windows(2) {
            assert_eq!(pair[0].apply_until.succ_opt(), Some(pair[1].apply_from));
        }
        assert_eq!(table()[3].pay_from, d("2025-08-20"));
        assert_eq!(table()[6].evaluation_month_start(), d("2026-01-01"));
    }

    #[test]
    fn the_next_session_for_a_level_skips_sessions_that_do_not_offer_it() {
        let book = current();
        // On 2025-08-20 applications are open for October, which is 三级 only.
        let two = next_session(book, Level::Two, d("2025-08-20")).expect("a session");
        assert!(!two.projected);
        assert_eq!(
            (two.session.evaluation_year, two.session.evaluation_month),
            (2025, 11)
        );
        assert_eq!(two.window, Window::Upcoming);
        let three = next_session(book, Level::Three, d("2025-08-20")).expect("a session");
        assert_eq!(three.session.evaluation_month, 10);
        assert_eq!(three.window, Window::ApplicationsOpen);
    }

    #[test]
    fn the_last_day_to_apply_is_included_and_the_next_day_moves_on() {
        let book = current();
        let month = |d: NaiveDate| match next_session(book, Level::Three, d) {
            Some(next) if !next.projected => next.session.evaluation_month,
            other => panic!("unexpected {other:?}"),
        };
        assert_eq!(month(d("2025-06-15")), 7);
        assert_eq!(month(d("2025-06-16")), 8);
    }

    #[test]
    fn after_the_table_only_a_labelled_projection_is_given() {
        let book = current();
        // January 2026 is still the table's last evaluation month.
        assert!(!schedule_ended(book, d("2026-01-01")));
        assert!(!schedule_ended(book, d("2026-01-31")));
        assert!(schedule_ended(book, d("2026-02-01")));
        let next = next_session(book, Level::Two, d("2026-03-01")).expect("a projection");
        assert!(next.projected);
        assert_eq!(next.session.apply_from, d("2026-05-16"));
        assert_eq!(
            (next.session.evaluation_year, next.session.evaluation_month),
            (2026, 7)
        );
        assert_eq!(next.window, Window::Projected);
        // Even while its projected application window would be "open".
        let inside = next_session(book, Level::Three, d("2026-05-20")).expect("a projection");
        assert_eq!(inside.window, Window::Projected);
    }

    #[test]
    fn payment_can_stay_open_after_applications_close() {
        let book = current();
        let open = open_on(book, d("2025-06-18"), None);
        assert_eq!(open.len(), 2);
        assert_eq!(open[0].1, Window::PaymentOnly);
        assert_eq!(open[1].1, Window::ApplicationsOpen);
    }

    #[test]
    fn individuals_must_apply_by_the_last_open_friday() {
        // 2025-09-16…10-15: Fri 10-03 is a national-day holiday, Fri 10-10 is open.
        let october = individual_deadline(current(), &table()[4]).expect("a Friday");
        assert_eq!(october.date, d("2025-10-10"));
        // 2025-05-16…06-15: the last Friday is 06-13.
        assert_eq!(
            individual_deadline(current(), &table()[0]).map(|x| x.date),
            Some(d("2025-06-13"))
        );
        // 2025-11-16…12-31: Fri 12-26.
        assert_eq!(
            individual_deadline(current(), &table()[6]).map(|x| x.date),
            Some(d("2025-12-26"))
        );
        // A window with level filter lists only sessions offering that level.
        assert!(open_on(current(), d("2025-08-25"), Some(Level::Two)).is_empty());
        assert_eq!(open_on(current(), d("2025-08-25"), None).len(), 1);
    }

    #[test]
    fn the_ticket_comes_a_week_before_the_evaluation() {
        assert_eq!(ticket_date(current(), d("2025-07-12")), d("2025-07-05"));
        assert_eq!(table()[6].earliest_ticket_date(current()), d("2025-12-25"));
        assert_eq!(month_label(&table()[6]).zh, "2026年1月");
        assert_eq!(month_label(&table()[6]).en, "January 2026");
    }

    /// The sentences take the weekday and the ticket's lead time from the rulebook, so a notice
    /// that moves the window to Wednesdays or the ticket to five days is said as it is.
    #[test]
    fn sentences_follow_the_rulebook_not_the_2025_values() {
        use crate::rulebook::{Rulebook, ServiceWindow, TicketRule};
        let now = current();
        let book = Rulebook {
            version: now.version,
            notice: now.notice,
            published: now.published,
            applies_from: now.applies_from,
            valid_until: now.valid_until,
            fees: now.fees,
            bank_account: now.bank_account,
            sessions: now.sessions,
            retake_validity_years: now.retake_validity_years,
            ticket: TicketRule {
                days_before_evaluation: 5,
                ..now.ticket
            },
            results: now.results.clone(),
            service: ServiceWindow {
                weekday: chrono::Weekday::Wed,
                ..now.service.clone()
            },
            association_site: now.association_site,
            violations: now.violations,
            consequences: now.consequences,
            clauses: now.clauses,
        };
        let ticket = admission_ticket(&book, d("2025-07-12"));
        assert_eq!(ticket.ticket_date, d("2025-07-07"));
        assert!(
            ticket.reasons[0].text.zh.contains("前5天"),
            "{:?}",
            ticket.reasons[0]
        );
        let deadlines = deadline_reasons(&book, &table()[0], false);
        assert!(
            deadlines[1].text.zh.contains("仅周三开放"),
            "{:?}",
            deadlines[1]
        );
        assert!(
            deadlines[1].text.en.contains("Wednesdays only"),
            "{:?}",
            deadlines[1]
        );
        assert!(!deadlines[1].text.zh.contains("周五"), "{:?}", deadlines[1]);
        let next = next_session(&book, Level::Three, d("2025-06-01")).expect("a session");
        assert!(
            next.reasons(&book, Level::Three)[0]
                .text
                .en
                .contains("5 days before")
        );
    }
}
