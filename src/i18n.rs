//! The strings of the home page and the page frame, in one typed table per language, so a
//! missing translation is a compile error, not a blank on a phone screen. Other pages write
//! their few words at the call site (`ui::t`); messages from the rules arrive as `Bilingual`.

pub use pingjia_rules::Lang;

/// The strings of the home page and the frame, in `lang`.
pub fn text(lang: Lang) -> &'static Text {
    match lang {
        Lang::ZhCn => &ZH_CN,
        Lang::En => &EN,
    }
}

/// One tool on the home page.
pub struct ToolText {
    pub name: &'static str,
    pub summary: &'static str,
}

/// The home page's and the frame's strings, in one language.
pub struct Text {
    pub document_title: &'static str,
    pub app_name: &'static str,
    pub language_label: &'static str,
    pub home_heading: &'static str,
    /// Names the year of the notice in force (its number is in the stamp below).
    pub home_intro: fn(year: i32) -> String,
    pub levels_heading: &'static str,
    pub source_prefix: &'static str,
    pub tools_heading: &'static str,
    pub tools: [ToolText; 8],
}

pub static ZH_CN: Text = Text {
    document_title: "保卫管理员职业技能评价助手",
    app_name: "保卫管理员评价助手",
    language_label: "语言",
    home_heading: "保卫管理员职业技能评价助手",
    home_intro: |year| {
        format!(
            "把上海市企事业单位治安保卫协会《关于开展{year}年上海市保卫管理员社会化职业技能评价有关操作事项的通知》做成随身工具：每个答案都注明所依据的条款。"
        )
    },
    levels_heading: "评价项目",
    source_prefix: "依据",
    tools_heading: "工具",
    tools: [
        ToolText {
            name: "资格自测",
            summary: "我能否申报三级、二级或一级，依据哪一条，还差什么。",
        },
        ToolText {
            name: "费用",
            summary: "首次申报和补考的考核费，个人或团体合计，缴费账户。",
        },
        ToolText {
            name: "考期",
            summary: "现在能报哪一期，申报和缴费截止日，准考证下载日。",
        },
        ToolText {
            name: "补考",
            summary: "成绩有效期到哪天，还剩哪些科目，补考费多少。",
        },
        ToolText {
            name: "成绩与证书",
            summary: "何时能查成绩，在哪里查，如何领取证书。",
        },
        ToolText {
            name: "办事指南",
            summary: "业务窗口现在是否开放，地址和咨询电话。",
        },
        ToolText {
            name: "考场纪律",
            summary: "哪些行为会被取消成绩或禁考，后果是什么。",
        },
        ToolText {
            name: "团体申报",
            summary: "培训机构逐人核对学员名单、合计费用；草稿保存在本设备，离线可用。",
        },
    ],
};

pub static EN: Text = Text {
    document_title: "Security administrator skill evaluation helper",
    app_name: "Evaluation helper",
    language_label: "Language",
    home_heading: "Security administrator skill evaluation helper",
    home_intro: |year| {
        format!(
            "The Shanghai security association's {year} notice on the security administrator skill evaluation, as a tool you can carry: every answer names the clause it relies on."
        )
    },
    levels_heading: "What is evaluated",
    source_prefix: "Source",
    tools_heading: "Tools",
    tools: [
        ToolText {
            name: "Eligibility",
            summary: "Can I apply for level 3, 2 or 1, by which route, and what is missing.",
        },
        ToolText {
            name: "Fees",
            summary: "First attempt and retake fees, for one person or a group, and where to pay.",
        },
        ToolText {
            name: "Sessions",
            summary: "Which session I can still enter, its deadlines and the admission-ticket date.",
        },
        ToolText {
            name: "Retakes",
            summary: "Until when my scores stay valid, which subjects remain, what a retake costs.",
        },
        ToolText {
            name: "Results and certificates",
            summary: "When results are out, where to look them up, how to collect the certificate.",
        },
        ToolText {
            name: "Service window",
            summary: "Is the service window open now, its address and phone numbers.",
        },
        ToolText {
            name: "Exam rules",
            summary: "Which conduct cancels scores or bars a candidate, and for how long.",
        },
        ToolText {
            name: "Group applications",
            summary: "Institutions check their roster person by person and total the fees; drafts stay on this device and work offline.",
        },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_the_default() {
        assert_eq!(Lang::default(), Lang::ZhCn);
    }
}
