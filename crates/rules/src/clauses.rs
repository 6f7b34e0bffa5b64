//! The words of the clauses rules cite, so a reader can check an answer against its source.
//! Quoted from ../shared/reference/notice-2025.txt and appendix5-2023.md.

use crate::citation::{Citation, Source};

const NOTICE: &[(&str, &str)] = &[
    (
        "一",
        "2025年上海市企事业单位治安保卫协会面向社会开展的职业技能评价项目为：保卫管理员（高级工/三级）；保卫管理员（技师/二级）；保卫管理员（高级技师/一级）。",
    ),
    (
        "二（一）",
        "年满16周岁且符合保卫管理员申报条件的，可申请在本市行政区域内参加相应的职业技能评价。",
    ),
    (
        "二（一）最低学历",
        "申请参加本职业技能评价应具备的最低学历要求按现行国家职业技能标准中“大学专科毕业（或同等学力）”执行。",
    ),
    (
        "二（三）",
        "申报及认定时间按通知所列时间表安排（申报时间、缴费时间、评价时间、评价职业（等级））。注：申报及评价时间根据国家及本市技能人才评价相关要求动态调整。",
    ),
    (
        "二（三）注",
        "注：申报及评价时间根据国家及本市技能人才评价相关要求动态调整。如遇不可抗力等原因的影响，将根据实际情况对评定场次和时间适时调整，具体时间将提前另行通知。可登陆上海市企事业单位治安保卫协会官网进行查询。（七（三）：若遇国定假期调整或重大活动等特殊情况，认定日期、时间等有关安排由上海市企事业单位治安保卫协会职业技能等级认定办公室进行调整并通知。）",
    ),
    (
        "二（四）",
        "团队、个人在规定的时间内，经资格审核通过后，缴纳等级认定“考核费”。缴纳完成时间以“考核费”交至上海市企事业单位治安保卫协会职业技能等级认定办公室指定账户为准：银行户名：上海市企事业单位治安保卫协会；银行账号：03005062038；开户银行：上海银行杨浦支行营业部。",
    ),
    (
        "二（四）考核费（补考费）表",
        "保卫管理员 三级：理论知识153，操作技能883，合计1036；二级：理论知识153，操作技能540，综合测评675，合计1368；一级：理论知识153，操作技能540，综合测评675，合计1368（单位：元/人）。",
    ),
    (
        "二（五）",
        "团体申报的由所在社会培训机构、院校在考核日期前一周下载电子版准考证打印后发给考生；个人申报的考生在考核日期前一周下载电子版准考证，并自行打印准考证。",
    ),
    (
        "三",
        "考生完成所有科目评价后，一般20个工作日内可登录本人“随申办”客户端或小程序账号查询成绩及证书信息。（涉及阅卷及工件检测的项目，一般可在完成所有科目评价后的30个工作日内进行查询。）证书信息也可通过“技能人才评价工作网”（www.osta.org.cn）查询。",
    ),
    (
        "四（一）",
        "参评人员参加职业技能评价如部分科目成绩不合格，可按规定申请补考。三级成绩有效期为两年，二级、一级补考有效期为三年，超过成绩有效期须重新申报所有科目认定。",
    ),
    (
        "四（二）",
        "如参评人员在成绩有效期内重新进行了同职业（工种）同等级的新职业技能等级申报，则视为放弃补考机会，之前的合格科目成绩不再保留。",
    ),
    (
        "四（三）",
        "补考有效期内考核模式如发生变化，应按公布的补考方案进行申报。",
    ),
    (
        "四（四）",
        "参加本市职业技能竞赛成绩不合格者，不能进行补考。",
    ),
    (
        "五",
        "成绩合格的考生由上海市企事业单位治安保卫协会核发相应的职业技能等级证书。团体领取：由申报机构凭领证通知单领取证书。个人领取：考生凭领证通知、本人身份证原件或委托书及委托人身份证原件至协会业务窗口领取证书。",
    ),
    ("六（一）", "业务受理地址：虹口区天宝路879号C楼2楼。"),
    (
        "六（二）",
        "业务受理时间：每周五9:30-11:30；13:30-16:00（国家法定节假日除外）。",
    ),
    ("六（三）", "业务咨询电话：021-54732857 021-54103289。"),
    (
        "六（四）1",
        "业务监督电话：上海市企事业单位治安保卫协会：021-54732855（工作日上午9:30-11:00，下午13:30-16:30）。",
    ),
    (
        "六（四）2",
        "业务监督电话：上海市职业技能鉴定中心：400-820-9278（工作日上午9:30-11:00，下午13:30-16:30）。",
    ),
    (
        "附件2 一",
        "一经查实存在不符合申报条件或申报材料虚假伪造的，将取消其考试资格及考试成绩，虚假材料及考核评价费不予退还，已获得的证书作无效处理。",
    ),
    ("附件2 二", "参评人员有下列行为之一的，取消当次该科目成绩。"),
    (
        "附件2 三",
        "参评人员有下列行为之一的，取消当次全部科目成绩，且当年不得参加评价。",
    ),
    (
        "附件2 四",
        "参评人员有下列行为之一的，取消当次全部科目成绩。情节轻微的，2年内不得参加评价；情节严重的，5年内不得参加评价，并依据有关法律法规移送有关部门。",
    ),
    (
        "附件2 末段",
        "评价活动结束后，发现参评人员违纪违规行为并经确认的，依照以上规定处理，对其中已颁发证书的，由评价机构或评价机构监管部门宣布评价成绩无效，并对已发放证书、已上网证书数据及时作出相应处理。",
    ),
];

/// The text of a quoted clause. An interpretation's "clause" names the question it answers,
/// and its text is the reading itself, so it has none here.
pub fn text(citation: &Citation) -> Option<&'static str> {
    match citation.source {
        Source::Notice2025 => NOTICE
            .iter()
            .find(|(clause, _)| *clause == citation.clause)
            .map(|(_, text)| *text),
        Source::Appendix5of2023 => crate::eligibility::route_text(citation.clause),
        Source::HolidaySchedule => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::citation::SourceKind;

    #[test]
    fn every_quoted_notice_clause_the_rules_cite_has_its_text() {
        let cited = [
            crate::level::Level::OFFERED_CITATION,
            crate::sessions::SCHEDULE_CITATION,
            crate::sessions::TICKET_CITATION,
            crate::sessions::DATES_MAY_CHANGE_CITATION,
            crate::fees::pay_after_review().citation,
            crate::results::RESULTS_CITATION,
            crate::retake::VALIDITY_CITATION,
            crate::retake::FORFEIT_CITATION,
            crate::retake::MODE_CHANGE_CITATION,
            crate::retake::COMPETITION_CITATION,
            crate::service::ADDRESS_CITATION,
            crate::service::HOURS_CITATION,
            crate::conduct::AFTER_THE_EVENT_CITATION,
            crate::rulebook::current().bank_account.citation,
            crate::rulebook::current().fees[0].citation,
        ];
        let phones = crate::service::PHONES.iter().map(|p| p.citation);
        let conduct = crate::conduct::VIOLATIONS
            .iter()
            .map(|v| v.consequence.citation());
        for c in cited.into_iter().chain(phones).chain(conduct) {
            assert_eq!(c.kind, SourceKind::Quoted);
            assert!(text(&c).is_some(), "no text for {}", c.label_zh());
        }
    }

    #[test]
    fn appendix_routes_have_their_text() {
        let c = Citation::quoted(Source::Appendix5of2023, "二级(3)");
        assert!(text(&c).is_some_and(|t| t.contains("中级职称")));
        assert!(text(&Citation::quoted(Source::Appendix5of2023, "四级(9)")).is_none());
    }
}
