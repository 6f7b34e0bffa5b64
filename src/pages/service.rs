//! 办事指南: is the service window open now, when next, where, and whom to call.

use crate::i18n::Lang;
use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_rules::service;
use pingjia_shell::context::use_lang;
use pingjia_shell::today::now_in_shanghai;
use pingjia_shell::ui::{ClauseRef, ReasonList, Stamp, show, t};

#[component]
pub fn ServicePage() -> impl IntoView {
    let lang = use_lang();
    let now = now_in_shanghai();
    let book = pingjia_rules::rulebook::current();
    let status = service::window_at(book, now);
    let open = status.open_now;
    let phones = book
        .service
        .phones
        .iter()
        .map(|p| {
            let tel = format!("tel:{}", p.number.replace('-', ""));
            view! {
                <li class="phone">
                    <a href=tel>{p.number}</a>
                    <p>{show(Bilingual::fixed(p.purpose_zh, p.purpose_en))}</p>
                    <p class="hours">{show(Bilingual::fixed(p.hours_zh, p.hours_en))}</p>
                    <ClauseRef citation=p.citation/>
                </li>
            }
        })
        .collect_view();
    view! {
        <h1 tabindex="-1">{t("办事指南", "Service window")}</h1>
        <p class=if open { "status open" } else { "status closed" } data-open=open.to_string()>
            {move || match (open, lang.get()) {
                (true, Lang::ZhCn) => "业务窗口现在开放",
                (true, Lang::En) => "The service window is open now",
                (false, Lang::ZhCn) => "业务窗口现在不开放",
                (false, Lang::En) => "The service window is closed now",
            }}
        </p>
        <ReasonList reasons=status.reasons(book)/>
        <Stamp on=now.date()/>
        <h2>{t("地址", "Address")}</h2>
        <p>{show(book.service.address.clone())}</p>
        <ClauseRef citation=book.cite(service::ADDRESS)/>
        <h2>{t("电话", "Phone numbers")}</h2>
        <ul class="plain">{phones}</ul>
    }
}
