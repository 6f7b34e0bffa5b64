//! The home page: what pingjia is, what the notice evaluates, and the tools.

use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_rules::Level;
use pingjia_shell::context::use_lang;
use pingjia_shell::router::{Link, Page, Step};
use pingjia_shell::ui::show;

#[component]
pub fn Home() -> impl IntoView {
    let lang = use_lang();
    let text = move || crate::i18n::text(lang.get());
    let levels = move || {
        let lang = lang.get();
        Level::OFFERED
            .into_iter()
            .map(|level| {
                view! { <li>{level.title().get(lang).to_owned()}</li> }
            })
            .collect_view()
    };
    let levels_source = move || {
        let citation = pingjia_rules::rulebook::current().cite(Level::OFFERED_CLAUSE);
        let label = citation.label().get(lang.get()).to_owned();
        let colon = Bilingual::fixed("：", ": ");
        format!("{}{}{label}", text().source_prefix, colon.get(lang.get()))
    };
    // In the order of Text::tools.
    const PAGES: [Page; 8] = [
        Page::Eligibility(Step::Level),
        Page::Fees,
        Page::Sessions,
        Page::Retake,
        Page::Results,
        Page::Service,
        Page::Conduct,
        Page::Drafts,
    ];
    let tools = move || {
        let text = text();
        text.tools
            .iter()
            .zip(PAGES)
            .map(|(tool, page)| {
                view! {
                    <li class="tool">
                        <h3><Link page=page>{tool.name}</Link></h3>
                        <p>{tool.summary}</p>
                    </li>
                }
            })
            .collect_view()
    };

    let book = pingjia_rules::rulebook::current();
    let today = pingjia_shell::today::today_in_shanghai();
    let ended = pingjia_rules::sessions::schedule_ended(book, today);
    let loaded = show(Bilingual::new(
        format!(
            "已载入规则版本 {}（{}），适用至 {}。",
            book.version, book.notice, book.valid_until
        ),
        format!(
            "Rulebook {} ({}) loaded, valid until {}.",
            book.version, book.notice, book.valid_until
        ),
    ));

    view! {
        <h1 tabindex="-1">{move || text().home_heading}</h1>
        <Show when=move || ended>
            <p class="banner" role="note">{move || { let year = book.year(); pingjia_rules::Bilingual::new(
                format!("{year}年通知公布的考期已全部结束，暂无官方日程。考期相关答案为按{year}年规律的推测，请以协会官网最新通知为准。"),
                format!("Every session of the {year} notice is over and no official schedule is known. Session answers are projections from the {year} pattern; check the association's latest notice."),
            ).get(lang.get()).to_owned() }}</p>
        </Show>
        <p class="intro">{move || (text().home_intro)(book.year())}</p>
        <p class="stamp">{loaded}</p>
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
