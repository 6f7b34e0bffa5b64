//! New notices as the app meets them. At each online start `public/offline.js` asks for the
//! published index (`/rulebooks/index.json`, a few hundred bytes); only when that differs from
//! the one whose books are kept does it load the book reader (`crates/books`, on demand: its
//! checks cost far more than the first visit has room for), which accepts the publication whole
//! or refuses it, and then offers to start again. An accepted notice answers from the next
//! start (the rules' library is set once, before the first answer:
//! `pingjia_shell::kept_books`), and is announced then, once: "规则已更新".

use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_rules::rulebook::kept::storage;
use pingjia_shell::kept_books::newest_kept;
use pingjia_shell::local_storage;
use pingjia_shell::router::{Link, Page};
use pingjia_shell::ui::{show, t};

/// "规则已更新", once: a notice kept on an earlier visit is now in force.
#[component]
pub fn RulebookNews() -> impl IntoView {
    let announce = newest_kept().filter(|book| {
        local_storage::load_text(storage::ANNOUNCED).as_deref() != Some(book.version)
    });
    if let Some(book) = announce {
        local_storage::save_text(storage::ANNOUNCED, book.version);
    }
    view! {
        {announce.map(|book| view! {
            <div class="banner rulebook-news" role="status">
                <p>{show(Bilingual::new(
                    format!("规则已更新：{}（版本 {}）", book.notice, book.version),
                    format!("The rules were updated: {} (version {})", book.notice, book.version),
                ))}" "<Link page=Page::Rulebooks>{t("查看变化", "What changed")}</Link></p>
            </div>
        })}
    }
}

/// 规则版本: the notices the answers come from, what the newest kept one changed, and why a
/// publication was refused, if one was.
#[component]
pub fn RulebooksPage() -> impl IntoView {
    let library = pingjia_rules::rulebook::Library::installed();
    let books = library
        .books()
        .iter()
        .rev()
        .map(|b| {
            // The same words in both languages: the notice's number, its version, its dates.
            view! { <li>{format!("{} · {} · {} – {}", b.notice, b.version, b.applies_from, b.valid_until)}</li> }
        })
        .collect_view();
    let changes = local_storage::load_text(storage::CHANGES)
        .and_then(|text| pingjia_rules::rulebook::kept::Changes::from_text(&text))
        .filter(|c| library.books().iter().any(|b| b.version == c.version));
    let refused = local_storage::load_text(storage::REFUSED).map(|text| {
        let (zh, en) = text.split_once('\u{1f}').unwrap_or((&text, &text));
        Bilingual::new(zh.to_owned(), en.to_owned())
    });
    view! {
        <h1 tabindex="-1">{t("规则版本", "Rulebooks")}</h1>
        <p>{t("本工具的答案依据以下通知，各自适用于所列日期：", "The answers follow these notices, each for the dates listed:")}</p>
        <ul class="rulebooks">{books}</ul>
        {changes.map(|c| {
            let since = c.since.clone();
            view! {
                <h2>{show(Bilingual::new(
                    format!("{}（版本 {}）的变化", c.notice, c.version),
                    format!("What {} (version {}) changed", c.notice, c.version),
                ))}</h2>
                <p>{match since {
                    Some(s) => show(Bilingual::new(format!("与{s}相比："), format!("Compared with {s}:"))).into_any(),
                    None => t("没有可比较的上一份通知。", "No earlier notice to compare with.").into_any(),
                }}</p>
                <ul class="rulebook-changes">
                    {c.lines.into_iter().map(|(zh, en)| view! { <li>{show(Bilingual::new(zh, en))}</li> }).collect_view()}
                </ul>
            }
        })}
        {refused.map(|why| view! {
            <div class="banner warning" role="status">
                <p>{t("最近一次发布的规则未被采用，仍按上面的通知作答：", "The last published rules were not taken; the answers still follow the notices above:")}</p>
                <p class="refusal">{show(why)}</p>
            </div>
        })}
    }
}
