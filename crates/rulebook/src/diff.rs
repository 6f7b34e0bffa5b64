//! What changed from one notice's book to the next, in sentences a clerk reads: fees, sessions,
//! validity years, the ticket and results rules, the service window, violations, clause texts.

use crate::check::evaluation_month;
use crate::format::{NoticeBook, Session, Text};

fn line(zh: String, en: String) -> Text {
    Text { zh, en }
}

fn levels(s: &Session) -> String {
    s.levels.join("、")
}

fn session_text(s: &Session) -> (String, String) {
    (
        format!(
            "{} 考核（申报 {}–{}，缴费 {}–{}，{}）",
            s.evaluation,
            s.apply[0],
            s.apply[1],
            s.pay[0],
            s.pay[1],
            levels(s)
        ),
        format!(
            "the {} evaluation (applications {} to {}, payment {} to {}, {})",
            s.evaluation,
            s.apply[0],
            s.apply[1],
            s.pay[0],
            s.pay[1],
            levels(s)
        ),
    )
}

/// Every difference between `old` and `new`, in the order a reader checks a notice.
pub fn diff(old: &NoticeBook, new: &NoticeBook) -> Vec<Text> {
    let mut out = Vec::new();
    if old.notice != new.notice || old.version != new.version {
        out.push(line(
            format!(
                "通知：{}（{}）→ {}（{}）",
                old.notice, old.version, new.notice, new.version
            ),
            format!(
                "Notice: {} ({}) → {} ({})",
                old.notice, old.version, new.notice, new.version
            ),
        ));
    }
    if (old.applies_from, old.valid_until) != (new.applies_from, new.valid_until) {
        out.push(line(
            format!(
                "适用期：{}–{} → {}–{}",
                old.applies_from, old.valid_until, new.applies_from, new.valid_until
            ),
            format!(
                "In force: {} to {} → {} to {}",
                old.applies_from, old.valid_until, new.applies_from, new.valid_until
            ),
        ));
    }
    let fee_of = |b: &NoticeBook| {
        b.fees.last().map(|f| {
            [
                ("理论知识", "theory", f.theory),
                ("三级操作技能", "level 3 skills", f.skills_level_three),
                (
                    "二级、一级操作技能",
                    "level 2 and 1 skills",
                    f.skills_levels_two_one,
                ),
                (
                    "二级、一级综合评审",
                    "level 2 and 1 review",
                    f.review_levels_two_one,
                ),
            ]
        })
    };
    if let (Some(before), Some(after)) = (fee_of(old), fee_of(new)) {
        for ((zh, en, was), (_, _, now)) in before.into_iter().zip(after) {
            if was != now {
                out.push(line(
                    format!("考核费 {zh}：{was} 元 → {now} 元"),
                    format!("Fee, {en}: {was} → {now} yuan"),
                ));
            }
        }
    }
    let bank = |b: &NoticeBook| {
        (
            b.bank_account.account_name.clone(),
            b.bank_account.account_number.clone(),
            b.bank_account.bank.clone(),
        )
    };
    if bank(old) != bank(new) {
        let (name, number, at) = bank(new);
        out.push(line(
            format!("缴费账户改为：{name}，{number}，{at}"),
            format!("The account to pay into is now: {name}, {number}, {at}"),
        ));
    }
    for s in &new.sessions {
        let same_month = old.sessions.iter().find(|o| o.evaluation == s.evaluation);
        let (zh, en) = session_text(s);
        match same_month {
            None => out.push(line(
                format!("新增考期：{zh}"),
                format!("New session: {en}"),
            )),
            Some(o) if o != s => {
                let (was_zh, was_en) = session_text(o);
                out.push(line(
                    format!("考期有变：{was_zh} → {zh}"),
                    format!("Session changed: {was_en} → {en}"),
                ));
            }
            Some(_) => {}
        }
    }
    // A session the old book held within the new one's time, and the new one leaves out (the
    // old year's sessions before the new book begins are not "removed").
    for o in &old.sessions {
        let within_new = evaluation_month(o).is_some_and(|m| m >= new.applies_from);
        if within_new && !new.sessions.iter().any(|s| s.evaluation == o.evaluation) {
            let (zh, en) = session_text(o);
            out.push(line(
                format!("不再列出的考期：{zh}"),
                format!("Session no longer listed: {en}"),
            ));
        }
    }
    let validity = |b: &NoticeBook| {
        b.retake_validity_years
            .last()
            .map(|v| (v.level_three, v.levels_two_one))
    };
    if validity(old) != validity(new)
        && let Some((three, two_one)) = validity(new)
    {
        out.push(line(
            format!("补考成绩有效期：三级 {three} 年，二级、一级 {two_one} 年"),
            format!("Scores stay valid for a retake: {three} years at level 3, {two_one} at levels 2 and 1"),
        ));
    }
    if old.ticket != new.ticket {
        out.push(line(
            format!(
                "准考证：考核前 {} 天，在 {} 下载",
                new.ticket.days_before_evaluation, new.ticket.site
            ),
            format!(
                "Admission ticket: {} days before the evaluation, from {}",
                new.ticket.days_before_evaluation, new.ticket.site
            ),
        ));
    }
    if (
        old.results.working_days,
        old.results.working_days_with_marking,
    ) != (
        new.results.working_days,
        new.results.working_days_with_marking,
    ) {
        out.push(line(
            format!(
                "成绩查询：{} 个工作日（涉及阅卷或工件检测的 {} 个）",
                new.results.working_days, new.results.working_days_with_marking
            ),
            format!(
                "Results: {} working days ({} with marking or workpiece inspection)",
                new.results.working_days, new.results.working_days_with_marking
            ),
        ));
    }
    if old.service.address != new.service.address {
        out.push(line(
            format!("受理地址：{}", new.service.address.zh),
            format!("Service window address: {}", new.service.address.en),
        ));
    }
    if (old.service.weekday.as_str(), &old.service.hours)
        != (new.service.weekday.as_str(), &new.service.hours)
    {
        let hours: Vec<String> = new
            .service
            .hours
            .iter()
            .map(|[a, b]| format!("{a}-{b}"))
            .collect();
        out.push(line(
            format!("受理时间：{} {}", new.service.weekday, hours.join("；")),
            format!(
                "Service hours: {} {}",
                new.service.weekday,
                hours.join(", ")
            ),
        ));
    }
    let numbers = |b: &NoticeBook| {
        b.service
            .phones
            .iter()
            .map(|p| p.number.clone())
            .collect::<Vec<_>>()
    };
    if numbers(old) != numbers(new) {
        out.push(line(
            format!("电话：{}", numbers(new).join("、")),
            format!("Phones: {}", numbers(new).join(", ")),
        ));
    }
    if old.association_site != new.association_site {
        out.push(line(
            format!("协会网址：{}", new.association_site),
            format!("The association's site: {}", new.association_site),
        ));
    }
    if old.violations != new.violations || old.consequences != new.consequences {
        out.push(line(
            "违纪违规行为及处理（附件2）有修改。".into(),
            "The violations and what they cost (attachment 2) changed.".into(),
        ));
    }
    let changed: Vec<&str> = new
        .clauses
        .iter()
        .filter(|(number, words)| old.clauses.get(*number) != Some(*words))
        .map(|(number, _)| number.as_str())
        .collect();
    if !changed.is_empty() {
        out.push(line(
            format!("条款原文有修改或新增：{}", changed.join("、")),
            format!("Clauses with new or changed words: {}", changed.join(", ")),
        ));
    }
    // A new book that starts after the old one ended leaves days no notice speaks for.
    if let (Some(gap_from), Some(gap_until)) =
        (old.valid_until.succ_opt(), new.applies_from.pred_opt())
        && gap_from <= gap_until
    {
        out.push(line(
            format!("注意：{gap_from} 至 {gap_until} 没有任何一份通知适用，这些日期的答案会注明按最近的通知作答。"),
            format!("Note: no notice applies from {gap_from} to {gap_until}; answers for those days say they follow the nearest notice."),
        ));
    }
    out
}
