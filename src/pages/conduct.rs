//! 考场纪律: every violation of 附件2, grouped by consequence, searchable.

use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_rules::conduct;
use pingjia_rules::rulebook::{self, Consequence};
use pingjia_shell::context::use_lang;
use pingjia_shell::today::today_in_shanghai;
use pingjia_shell::ui::{ClauseRef, ReasonList, t};

const GROUPS: [Consequence; 4] = [
    Consequence::SubjectCancelled,
    Consequence::AllCancelledBarredThisYear,
    Consequence::AllCancelledBarredTwoOrFiveYears,
    Consequence::QualificationCancelled,
];

#[component]
pub fn ConductPage() -> impl IntoView {
    let lang = use_lang();
    let query = RwSignal::new(String::new());
    let matches = move |zh: &str, en: &str| {
        let q = query.get();
        // ASCII case folding is enough for the English texts and leaves Chinese as it is.
        let q = q.trim().to_ascii_lowercase();
        q.is_empty() || zh.contains(&q) || en.to_ascii_lowercase().contains(&q)
    };
    let groups = move || {
        let lang_now = lang.get();
        GROUPS
            .iter()
            .map(|&c| {
                let items: Vec<_> = rulebook::current()
                    .violations
                    .iter()
                    .filter(|v| v.consequence == c && matches(v.text_zh, v.text_en))
                    .map(|v| {
                        // What else applies to this one item (false materials: 四-1's bar);
                        // the closing paragraph, common to all, is shown once below.
                        let also: Vec<_> = conduct::related(rulebook::current(), v)
                            .into_iter()
                            .filter(|r| r.code != "found_after_the_event")
                            .collect();
                        view! {
                            <li data-code=v.code>
                                {Bilingual::fixed(v.text_zh, v.text_en).get(lang_now).to_owned()}
                                {(!also.is_empty()).then(|| view! { <ReasonList reasons=also/> })}
                            </li>
                        }
                    })
                    .collect();
                if items.is_empty() {
                    return None;
                }
                Some(view! {
                    <section class="consequence">
                        <h2>{conduct::description(rulebook::current(), c).get(lang_now).to_owned()}</h2>
                        <ul>{items}</ul>
                        <ClauseRef citation=rulebook::current().cite(c.clause())/>
                    </section>
                })
            })
            .collect_view()
    };
    let none = move || {
        let q = query.get();
        let any = rulebook::current().violations.iter().any(|v| {
            let q = q.trim().to_ascii_lowercase();
            q.is_empty() || v.text_zh.contains(&q) || v.text_en.to_ascii_lowercase().contains(&q)
        });
        (!any)
            .then(|| view! { <p role="status">{t("没有找到相符的行为。", "Nothing matches.")}</p> })
    };
    let mut closing = vec![conduct::after_the_event(rulebook::current())];
    closing.extend(rulebook::current().currency_note(today_in_shanghai()));
    view! {
        <h1 tabindex="-1">{t("考场纪律", "Exam rules")}</h1>
        <label for="conduct-search">{t("搜索（例如：手机）", "Search (e.g. phone)")}</label>
        <input id="conduct-search" type="search" prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
        {groups}
        {none}
        <ReasonList reasons=closing/>
    }
}
