//! The home page: what pingjia is, what the notice evaluates, and the tools.

use crate::app::use_lang;
use crate::i18n::Lang;
use leptos::prelude::*;
use pingjia_rules::Level;

#[component]
pub fn Home() -> impl IntoView {
    let lang = use_lang();
    let text = move || lang.get().text();
    let levels = move || {
        let lang = lang.get();
        Level::OFFERED
            .into_iter()
            .map(|level| {
                let title = match lang {
                    Lang::ZhCn => level.title_zh(),
                    Lang::En => level.title_en(),
                };
                view! { <li>{title}</li> }
            })
            .collect_view()
    };
    let levels_source = move || {
        let citation = Level::OFFERED_CITATION;
        let label = match lang.get() {
            Lang::ZhCn => citation.label_zh(),
            Lang::En => citation.label_en(),
        };
        format!("{}：{}", text().source_prefix, label)
    };
    let tools = move || {
        let text = text();
        text.tools
            .iter()
            .map(|tool| {
                view! {
                    <li class="tool">
                        <h3>{tool.name}</h3>
                        <p>{tool.summary}</p>
                        <p class="status">{text.coming_soon}</p>
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <h1>{move || text().home_heading}</h1>
        <p class="intro">{move || text().home_intro}</p>
        <section aria-labelledby="levels-heading">
            <h2 id="levels-heading">{move || text().levels_heading}</h2>
            <ul class="levels">{levels}</ul>
            <p class="citation">{levels_source}</p>
        </section>
        <section aria-labelledby="tools-heading">
            <h2 id="tools-heading">{move || text().tools_heading}</h2>
            <ul class="tools">{tools}</ul>
        </section>
    }
}
