//! 沪企保协〔2025〕17号: every value the notice fixes, and the words of its clauses as quoted
//! from ../shared/reference/notice-2025.txt.

use super::{
    BankAccount, Consequence, Dated, FeeTable, Phone, ResultsRule, Rulebook, ServiceWindow,
    Session, TicketRule, ValidityYears, Violation,
};
use crate::citation::{Citation, Source};
use crate::dates::date;
use crate::level::Level;
use crate::text::Bilingual;
use chrono::{NaiveDate, NaiveTime, Weekday};

const NOTICE_DATE: NaiveDate = date(2025, 5, 21);
const FIRST_APPLICATION_DAY: NaiveDate = date(2025, 5, 16);
const VALID_UNTIL: NaiveDate = date(2026, 1, 31);

pub static RULEBOOK_2025: Rulebook = Rulebook {
    version: "2025.1",
    notice: "沪企保协〔2025〕17号",
    published: NOTICE_DATE,
    applies_from: FIRST_APPLICATION_DAY,
    valid_until: VALID_UNTIL,
    fees: &[Dated {
        from: FIRST_APPLICATION_DAY,
        until: VALID_UNTIL,
        value: FeeTable {
            theory: 153,
            skills_level_three: 883,
            skills_levels_two_one: 540,
            review_levels_two_one: 675,
        },
        citation: Citation::quoted(Source::Notice2025, "二（四）考核费（补考费）表"),
    }],
    bank_account: Dated {
        from: FIRST_APPLICATION_DAY,
        until: VALID_UNTIL,
        value: BankAccount {
            account_name: "上海市企事业单位治安保卫协会",
            account_number: "03005062038",
            bank: "上海银行杨浦支行营业部",
        },
        citation: Citation::quoted(Source::Notice2025, "二（四）"),
    },
    sessions: &SESSIONS,
    retake_validity_years: &[Dated {
        from: FIRST_APPLICATION_DAY,
        until: VALID_UNTIL,
        value: ValidityYears {
            level_three: 2,
            levels_two_one: 3,
        },
        citation: Citation::quoted(Source::Notice2025, "四（一）"),
    }],
    // 「考核日期前一周」 (二（五）).
    ticket: TicketRule {
        days_before_evaluation: 7,
        site: "http://139.224.253.143",
    },
    results: ResultsRule {
        working_days: 20,
        working_days_with_marking: 30,
        where_to_look: &[
            Bilingual::fixed(
                "“随申办”客户端或小程序：人力资源和社会保障局 - 劳动就业 - 职业技能证书查询（或直接搜索“职业技能证书查询”）",
                "The Suishenban (随申办) app or mini-program: Human Resources and Social Security Bureau → Employment → Vocational skill certificate lookup (or search for 职业技能证书查询)",
            ),
            Bilingual::fixed(
                "技能人才评价工作网 www.osta.org.cn",
                "The skills evaluation website www.osta.org.cn",
            ),
        ],
    },
    service: ServiceWindow {
        address: Bilingual::fixed(
            "上海市虹口区天宝路879号C楼2楼",
            "2F, Building C, 879 Tianbao Road, Hongkou District, Shanghai",
        ),
        // 每周五 9:30-11:30；13:30-16:00.
        weekday: Weekday::Fri,
        hours: &[(hm(9, 30), hm(11, 30)), (hm(13, 30), hm(16, 0))],
        phones: &PHONES,
    },
    association_site: "http://www.shqbxh.com/page/page_6_21_1.html",
    violations: &VIOLATIONS,
    consequences: &CONSEQUENCES,
    clauses: &CLAUSES,
};

#[allow(
    clippy::panic,
    reason = "evaluated at compile time for the rulebook's constants: an impossible time stops the build"
)]
const fn hm(h: u32, m: u32) -> NaiveTime {
    match NaiveTime::from_hms_opt(h, m, 0) {
        Some(t) => t,
        None => panic!("an impossible time in the rulebook"),
    }
}

const ALL: &[Level] = &[Level::Three, Level::Two, Level::One];
const THREE_ONLY: &[Level] = &[Level::Three];

const fn row(
    apply: (u32, u32, u32, u32),
    pay: (u32, u32, u32, u32),
    evaluation: (i32, u32),
    levels: &'static [Level],
) -> Session {
    Session {
        apply_from: date(2025, apply.0, apply.1),
        apply_until: date(2025, apply.2, apply.3),
        pay_from: date(2025, pay.0, pay.1),
        pay_until: date(2025, pay.2, pay.3),
        evaluation_year: evaluation.0,
        evaluation_month: evaluation.1,
        levels,
    }
}

/// The table as printed, including the 4th row's payment start of 08-20 (interpretations.md 8)
/// and 「明年1月」 as January 2026.
static SESSIONS: [Session; 7] = [
    row((5, 16, 6, 15), (5, 21, 6, 20), (2025, 7), ALL),
    row((6, 16, 7, 15), (6, 21, 7, 20), (2025, 8), ALL),
    row((7, 16, 8, 15), (7, 21, 8, 20), (2025, 9), ALL),
    row((8, 16, 9, 15), (8, 20, 9, 20), (2025, 10), THREE_ONLY),
    row((9, 16, 10, 15), (9, 21, 10, 20), (2025, 11), ALL),
    row((10, 16, 11, 15), (10, 21, 11, 20), (2025, 12), THREE_ONLY),
    row((11, 16, 12, 31), (11, 21, 12, 31), (2026, 1), THREE_ONLY),
];

static PHONES: [Phone; 4] = [
    Phone {
        number: "021-54732857",
        purpose_zh: "业务咨询",
        purpose_en: "Enquiries",
        hours_zh: "通知未写明时间",
        hours_en: "Hours not stated in the notice",
        citation: Citation::quoted(Source::Notice2025, "六（三）"),
    },
    Phone {
        number: "021-54103289",
        purpose_zh: "业务咨询",
        purpose_en: "Enquiries",
        hours_zh: "通知未写明时间",
        hours_en: "Hours not stated in the notice",
        citation: Citation::quoted(Source::Notice2025, "六（三）"),
    },
    Phone {
        number: "021-54732855",
        purpose_zh: "业务监督：上海市企事业单位治安保卫协会",
        purpose_en: "Supervision: Shanghai Enterprise and Institution Security Association",
        hours_zh: "工作日上午9:30-11:00，下午13:30-16:30",
        hours_en: "Working days 9:30–11:00 and 13:30–16:30",
        citation: Citation::quoted(Source::Notice2025, "六（四）1"),
    },
    Phone {
        number: "400-820-9278",
        purpose_zh: "业务监督：上海市职业技能鉴定中心",
        purpose_en: "Supervision: Shanghai Vocational Skill Testing Centre",
        hours_zh: "工作日上午9:30-11:00，下午13:30-16:30",
        hours_en: "Working days 9:30–11:00 and 13:30–16:30",
        citation: Citation::quoted(Source::Notice2025, "六（四）2"),
    },
];

/// 附件2: what each kind of violation costs, in the notice's words.
static CONSEQUENCES: [(Consequence, Bilingual); 4] = [
    (
        Consequence::QualificationCancelled,
        Bilingual::fixed(
            "取消考试资格及考试成绩，虚假材料及考核评价费不予退还，已获得的证书作无效处理。",
            "Qualification and scores cancelled; false materials and the fee are not returned; any certificate obtained is void.",
        ),
    ),
    (
        Consequence::SubjectCancelled,
        Bilingual::fixed(
            "取消当次该科目成绩。",
            "The score of that subject at this sitting is cancelled.",
        ),
    ),
    (
        Consequence::AllCancelledBarredThisYear,
        Bilingual::fixed(
            "取消当次全部科目成绩，且当年不得参加评价。",
            "All scores of this sitting are cancelled, and the candidate may not be evaluated again this year.",
        ),
    ),
    (
        Consequence::AllCancelledBarredTwoOrFiveYears,
        Bilingual::fixed(
            "取消当次全部科目成绩。情节轻微的，2年内不得参加评价；情节严重的，5年内不得参加评价，并依据有关法律法规移送有关部门。",
            "All scores of this sitting are cancelled. Minor cases are barred for 2 years; serious ones for 5 years and referred to the authorities.",
        ),
    ),
];

/// 附件2: every listed violation.
use Consequence::*;

const fn v(
    code: &'static str,
    consequence: Consequence,
    text_zh: &'static str,
    text_en: &'static str,
) -> Violation {
    Violation {
        code,
        consequence,
        text_zh,
        text_en,
    }
}

static VIOLATIONS: [Violation; 17] = [
    v(
        "1",
        QualificationCancelled,
        "不符合申报条件或申报材料虚假伪造的",
        "Not meeting the application conditions, or false or forged application materials",
    ),
    v(
        "2-1",
        SubjectCancelled,
        "携带禁携物品（包括与评价内容相关的书籍、资料、电子产品、通讯设备以及规定以外的工具等）进入座位（或考位）或未将禁携物品放在指定位置，经提醒拒不改正的",
        "Bringing prohibited items (related books or materials, electronics, communication devices, tools not allowed) to the seat, or not leaving them where directed, and refusing to correct this when reminded",
    ),
    v(
        "2-2",
        SubjectCancelled,
        "未在规定的座位（或考位）参加评价，或未经工作人员允许擅自离开座位（或考位），经提醒拒不改正的",
        "Not sitting in the assigned seat, or leaving it without the staff's permission, and refusing to correct this when reminded",
    ),
    v(
        "2-3",
        SubjectCancelled,
        "在考场（或考区）禁止的范围内，喧哗、吸烟或实施其他影响考场秩序的行为，经提醒拒不改正的",
        "Making noise, smoking or otherwise disturbing order in the exam area, and refusing to stop when reminded",
    ),
    v(
        "2-4",
        SubjectCancelled,
        "其他违反考场规则但尚未构成作弊的行为",
        "Any other breach of exam-room rules that is not cheating",
    ),
    v(
        "3-1",
        AllCancelledBarredThisYear,
        "在评价过程中使用规定以外的带拍照、存储、传输或通讯功能的电子设备（如相机、手机、耳机、U 盘、手提电脑、智能手表、智能手环等）或其他电子用品的",
        "Using an unauthorised device that can photograph, store, transmit or communicate (camera, phone, earphones, USB drive, laptop, smart watch or band, etc.) during the evaluation",
    ),
    v(
        "3-2",
        AllCancelledBarredThisYear,
        "抄袭或协助他人抄袭试题答案或与评价内容相关资料等的",
        "Copying answers or related materials, or helping someone else do so",
    ),
    v(
        "3-3",
        AllCancelledBarredThisYear,
        "故意损毁试卷、工件或考试材料的",
        "Deliberately damaging papers, workpieces or exam materials",
    ),
    v(
        "3-4",
        AllCancelledBarredThisYear,
        "擅自将试题、答卷或者有关内容带出考场的",
        "Taking questions, answer sheets or related content out of the exam room",
    ),
    v(
        "3-5",
        AllCancelledBarredThisYear,
        "存在其他作弊但对其他应试人员未造成严重干扰的行为",
        "Other cheating that does not seriously disturb other candidates",
    ),
    v(
        "4-1",
        AllCancelledBarredTwoOrFiveYears,
        "通过虚假承诺、提供虚假材料以及其他非正当手段取得参加评价资格的",
        "Obtaining the right to sit by false promises, false materials or other improper means",
    ),
    v(
        "4-2",
        AllCancelledBarredTwoOrFiveYears,
        "评价前以非正当手段获得试题或答案或进行传播的",
        "Obtaining or spreading questions or answers by improper means before the evaluation",
    ),
    v(
        "4-3",
        AllCancelledBarredTwoOrFiveYears,
        "抢夺、窃取他人试卷或胁迫他人配合作弊、偷换工量器具或工件等的",
        "Snatching or stealing another's paper, coercing others into cheating, or swapping tools, gauges or workpieces",
    ),
    v(
        "4-4",
        AllCancelledBarredTwoOrFiveYears,
        "由他人冒名顶替参加评价或替他人参加评价的",
        "Having someone sit in one's place, or sitting in someone else's",
    ),
    v(
        "4-5",
        AllCancelledBarredTwoOrFiveYears,
        "串通作弊或参与有组织作弊的",
        "Colluding in cheating or taking part in organised cheating",
    ),
    v(
        "4-6",
        AllCancelledBarredTwoOrFiveYears,
        "故意损毁评价设备（含视频监控系统）、材料，造成设备事故、人身伤害或设备主要零部件损坏的",
        "Deliberately damaging evaluation equipment (including video surveillance) or materials, causing an equipment accident, injury or damage to major parts",
    ),
    v(
        "4-7",
        AllCancelledBarredTwoOrFiveYears,
        "其他影响恶劣或严重扰乱评价管理秩序的行为",
        "Other conduct with a bad effect or that seriously disrupts the evaluation",
    ),
];

/// The words of the notice's clauses the rules cite.
static CLAUSES: [(&str, &str); 24] = [
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
