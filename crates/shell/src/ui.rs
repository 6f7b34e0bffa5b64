//! Pieces every page uses: text in the current language, reasons with their clauses, the
//! "computed for" stamp, the error summary, copy buttons.

use crate::context::use_lang;
use chrono::NaiveDate;
use leptos::prelude::*;
use pingjia_rules::Lang;
use pingjia_rules::{Bilingual, Citation, Level, Reason, SourceKind, clauses, rulebook};

/// Picks the string of the current language; both must be written at the call site.
pub fn tr(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::ZhCn => zh,
        Lang::En => en,
    }
}

/// A reactive `tr` for use directly in a view.
pub fn t(
    zh: &'static str,
    en: &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || tr(lang.get(), zh, en)
}

/// A message kept in both languages, shown in the current one (and re-worded when it changes).
pub fn show(text: Bilingual) -> impl Fn() -> String + Send + Sync + 'static {
    let lang = use_lang();
    move || text.get(lang.get()).to_owned()
}

pub fn citation_label(lang: Lang, c: &Citation) -> String {
    let label = c.label().get(lang).to_owned();
    match (c.kind, lang) {
        (SourceKind::Quoted, _) => label,
        (SourceKind::Interpretation, Lang::ZhCn) => format!("{label}（本工具的理解）"),
        (SourceKind::Interpretation, Lang::En) => format!("{label} (our reading)"),
    }
}

/// A clause reference at the end of its sentence, short ("通知二（三）", "本工具的理解"), that
/// opens to the full reference and the clause's words when tapped.
#[component]
pub fn ClauseRef(citation: Citation) -> impl IntoView {
    let lang = use_lang();
    // The words of the clause in the notice the citation names, which need not be the newest.
    let text = clauses::text(
        rulebook::Library::installed().citing(citation.source),
        &citation,
    );
    view! {
        <details class="clause">
            <summary>{move || citation.short_label().get(lang.get()).to_owned()}</summary>
            <span class="clause-body">
                <span class="clause-label">{move || citation_label(lang.get(), &citation)}</span>
                {match text {
                    Some(words) => view! { <blockquote lang="zh-CN">{words}</blockquote> }.into_any(),
                    None => view! {
                        <span class="clause-note">{move || tr(lang.get(),
                            "这是本工具在通知未写明之处采用的理解，不是通知原文。",
                            "This is the reading we take where the notice is silent, not the notice's own words.")}</span>
                    }.into_any(),
                }}
            </span>
        </details>
    }
}

/// A sentence of the rules, in the current language, with the association's web address shown
/// as a link named for what it is ("协会官网") rather than as a long address that widens a phone's
/// page. A bare address elsewhere in the text is a link too.
#[component]
pub fn RuleText(text: Bilingual) -> impl IntoView {
    let lang = use_lang();
    move || {
        let lang = lang.get();
        let site = rulebook::current().association_site;
        let named = tr(lang, "协会官网", "the association's site");
        let words = text.get(lang);
        let mut parts = Vec::new();
        let mut rest = words;
        while let Some(at) = rest.find(site) {
            // "协会官网 http://…" and "the association's site http://…" become the name alone.
            let before = &rest[..at];
            let before = before.strip_suffix(&format!("{named} ")).unwrap_or(before);
            parts.push(view! { {before.to_owned()} }.into_any());
            parts
                .push(view! { <a href=site rel="noopener" target="_blank">{named}</a> }.into_any());
            rest = &rest[at + site.len()..];
        }
        parts.push(view! { {rest.to_owned()} }.into_any());
        parts.collect_view()
    }
}

/// Reasons as sentences, each with its clause.
#[component]
pub fn ReasonList(reasons: Vec<Reason>) -> impl IntoView {
    let items = reasons
        .into_iter()
        .map(|r| {
            view! {
                <li class="reason" data-code=r.code>
                    <div class="reason-text"><RuleText text=r.text/>" "<ClauseRef citation=r.citation/></div>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="reasons">{items}</ul> }
}

/// "Computed for 2025-06-01 with rulebook 2025.1": every answer says what it rests on — the
/// notice in force on that day, which need not be the newest.
#[component]
pub fn Stamp(on: NaiveDate) -> impl IntoView {
    let book = rulebook::for_date(on);
    let (version, notice) = (book.version, book.notice);
    view! {
        <p class="stamp">
            {show(Bilingual::new(
                format!("计算日期：{on} · 规则版本：{version}（{notice}）"),
                format!("Computed for {on} · rulebook {version} (notice {notice})"),
            ))}
        </p>
    }
}

/// One problem with what was entered: the id of the field at fault and what to do, kept in both
/// languages so switching language re-words it.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub id: String,
    pub message: Bilingual,
}

/// The GOV.UK error summary: a list of links to the fields at fault; it takes focus when shown
/// so a screen reader announces it and a keyboard user starts from it.
#[component]
pub fn ErrorSummary(errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let lang = use_lang();
    let summary = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if !errors.get().is_empty()
            && let Some(el) = summary.get()
        {
            let _ = el.focus();
        }
    });
    view! {
        <Show when=move || !errors.get().is_empty()>
            <div class="error-summary" role="alert" tabindex="-1" node_ref=summary>
                <h2>{move || tr(lang.get(), "请更正以下问题", "There is a problem")}</h2>
                <ul>
                    {move || {
                        let lang = lang.get();
                        errors.get().into_iter().map(|e| view! {
                            <li><a href=format!("#{}", e.id)>{e.message.get(lang).to_owned()}</a></li>
                        }).collect_view()
                    }}
                </ul>
            </div>
        </Show>
    }
}

/// The error of one field, if any, for showing beside it.
pub fn error_for(errors: &[FieldError], id: &str) -> Option<Bilingual> {
    errors
        .iter()
        .find(|e| e.id == id)
        .map(|e| e.message.clone())
}

/// The error beside field `id`, in the current language; empty when there is none.
pub fn field_error(
    errors: Signal<Vec<FieldError>>,
    id: String,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    let lang = use_lang();
    move || {
        errors
            .with(|e| error_for(e, &id))
            .map(|m| m.get(lang.get()).to_owned())
    }
}

/// The class of a field's wrapper: marked when the field has an error.
pub fn field_class(
    errors: Signal<Vec<FieldError>>,
    id: String,
) -> impl Fn() -> &'static str + Send + Sync + 'static {
    move || {
        if errors.with(|e| error_for(e, &id).is_some()) {
            "field has-error"
        } else {
            "field"
        }
    }
}

/// A date as a person types it (20250601, 2025-6-1, 2025年6月1日 …), read by the rules' one
/// typed reader.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    pingjia_rules::dates::typed::read(text).ok()
}

/// The error of a date field `id` whose text is `typed`, if it cannot be read.
pub fn date_errors(
    id: &str,
    label: &Bilingual,
    example: NaiveDate,
    typed: &str,
) -> Vec<FieldError> {
    match pingjia_rules::dates::typed::read(typed) {
        Ok(_) => Vec::new(),
        Err(e) => vec![FieldError {
            id: id.to_string(),
            message: pingjia_rules::dates::typed::message(e, label, example),
        }],
    }
}

/// One date question: its label, a hint giving `example` in the two forms a phone's digit keypad
/// and a keyboard type (the field's error gives the same example), and a text box that brings
/// up the digit keypad. What is typed is kept as typed; once the person leaves the box, a date
/// that was read is shown back the rules' way (20060301 becomes 2006-03-01), so they see how it
/// was understood.
#[component]
pub fn DateField(
    id: String,
    label: Bilingual,
    example: NaiveDate,
    #[prop(into)] value: Signal<String>,
    set: Callback<String>,
    #[prop(into)] errors: Signal<Vec<FieldError>>,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let (class, error) = (
        field_class(errors, id.clone()),
        field_error(errors, id.clone()),
    );
    view! {
        <div class=class>
            <label for=id.clone()>{show(label)}</label>
            <p class="hint" id=hint_id.clone()>{show(pingjia_rules::dates::typed::hint(example))}</p>
            <p class="field-error">{error}</p>
            <input id=id type="text" inputmode="numeric" autocomplete=autocomplete.unwrap_or("off")
                spellcheck="false" aria-describedby=hint_id
                disabled=move || disabled.get()
                prop:value=move || value.get()
                on:input=move |ev| set.run(event_target_value(&ev))
                on:change=move |ev| {
                    let typed = event_target_value(&ev);
                    if let Some(d) = parse_date(&typed) {
                        let written = pingjia_rules::dates::typed::canonical(d);
                        if written != typed {
                            set.run(written);
                        }
                    }
                }/>
        </div>
    }
}

/// A button that copies `value` and says so.
#[component]
pub fn CopyButton(value: &'static str) -> impl IntoView {
    let lang = use_lang();
    let copied = RwSignal::new(false);
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let promise = clipboard.write_text(value);
        leptos::task::spawn_local(async move {
            copied.set(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
        });
    };
    view! {
        <button type="button" class="copy" on:click=copy>
            {move || match (copied.get(), lang.get()) {
                (true, Lang::ZhCn) => "已复制",
                (true, Lang::En) => "Copied",
                (false, Lang::ZhCn) => "复制",
                (false, Lang::En) => "Copy",
            }}
        </button>
    }
}

/// The three levels as radio buttons bound to `level`; `name` groups them in their form.
#[component]
pub fn LevelRadios(name: &'static str, level: RwSignal<Level>) -> impl IntoView {
    Level::OFFERED
        .into_iter()
        .map(|l| {
            view! {
                <label class="choice">
                    <input type="radio" name=name prop:checked=move || level.get() == l on:change=move |_| level.set(l)/>
                    {show(l.choice_label().capitalised())}
                </label>
            }
        })
        .collect_view()
}

/// Adds `item` to the list, or takes it out if it is there (for a group of checkboxes).
pub fn toggle<T: PartialEq + Send + Sync + 'static>(list: RwSignal<Vec<T>>, item: T) {
    list.update(|items| match items.iter().position(|x| *x == item) {
        Some(i) => {
            items.remove(i);
        }
        None => items.push(item),
    });
}
