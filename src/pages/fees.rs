//! 费用: the fee of a first attempt or a retake, the payment window of a session, and the
//! account to pay into.

use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_rules::Level;
use pingjia_rules::fees::{self, Subject};
use pingjia_rules::rulebook;
use pingjia_rules::sessions;
use pingjia_shell::context::use_lang;
use pingjia_shell::today::today_in_shanghai;
use pingjia_shell::ui::{CopyButton, LevelRadios, ReasonList, Stamp, show, t, toggle, tr};

#[component]
pub fn FeesPage() -> impl IntoView {
    let lang = use_lang();
    let today = today_in_shanghai();
    let book = rulebook::for_date(today);
    let level = RwSignal::new(Level::Three);
    let retake = RwSignal::new(false);
    let subjects = RwSignal::new(Vec::<Subject>::new());

    let answer = move || {
        let level = level.get();
        let chosen: Vec<Subject> = subjects
            .get()
            .into_iter()
            .filter(|s| Subject::of_level(level).contains(s))
            .collect();
        if retake.get() {
            fees::fee(book, today, level, &chosen)
        } else {
            fees::full_fee(book, today, level)
        }
    };

    let subject_boxes = move || {
        Subject::of_level(level.get())
            .iter()
            .map(|&s| {
                view! {
                    <label class="choice">
                        <input type="checkbox" name="retake-subject" value=pingjia_rules::codes::Code::code(s)
                            prop:checked=move || subjects.get().contains(&s) on:change=move |_| toggle(subjects, s)/>
                        {show(s.name())}
                    </label>
                }
            })
            .collect_view()
    };

    let result = move || {
        match answer() {
            Ok(fee) => {
                let total = fee.total;
                // The amount, the label if today is outside the notice, and "pay after the review";
                // where to pay is said once, under the account below.
                let reasons: Vec<_> = fees::fee_reasons(book, today, &fee)
                    .into_iter()
                    .filter(|r| r.code != "where_to_pay")
                    .collect();
                view! {
                <div class="answer" aria-live="polite">
                    <p class="amount"><span class="figure" data-total=total>{total}</span>{move || tr(lang.get(), " 元", " yuan")}</p>
                    <ReasonList reasons=reasons/>
                </div>
            }
            .into_any()
            }
            Err(err) => view! {
                <p class="field-error" role="status">{show(err.message())}</p>
            }
            .into_any(),
        }
    };

    // The session whose payment window is shown: chosen, or else the next one still open.
    let chosen = RwSignal::new(None::<usize>);
    let session_index = move || {
        let level = level.get();
        chosen
            .get()
            .filter(|&i| book.sessions.get(i).is_some_and(|s| s.offers(level)))
            .or_else(|| match sessions::next_session(book, level, today) {
                Some(next) if !next.projected => {
                    book.sessions.iter().position(|s| *s == next.session)
                }
                _ => None,
            })
    };
    let session_options = move || {
        let level = level.get();
        let lang_now = lang.get();
        book.sessions
            .iter()
            .enumerate()
            .filter(|(_, s)| s.offers(level))
            .map(|(i, s)| {
                let month = sessions::month_label(s);
                let label = Bilingual::new(format!("{}评价", month.zh), month.en).get(lang_now).to_owned();
                view! { <option value=i.to_string() selected=move || session_index() == Some(i)>{label}</option> }
            })
            .collect_view()
    };
    let payment = move || {
        match session_index().and_then(|i| book.sessions.get(i)) {
        Some(session) => {
            let month = sessions::month_label(session);
            let text = Bilingual::new(
                format!("{}评价的缴费时间：{} 至 {}。", month.zh, session.pay_from, session.pay_until),
                format!("{} session: pay from {} to {}.", month.en, session.pay_from, session.pay_until),
            );
            view! { <p class="payment-window">{show(text)}</p> }.into_any()
        }
        None => view! {
            <p class="payment-window">{move || tr(lang.get(),
                "本规则所依据的通知已没有仍可报名的考期，缴费时间请以协会最新通知为准。",
                "No session of the notice these rules follow can still be entered; check the association's latest notice for payment dates.")}</p>
        }.into_any(),
    }
    };

    let account = book.bank_account.value;
    view! {
        <h1 tabindex="-1">{t("费用", "Fees")}</h1>
        <form class="stack" on:submit=|ev| ev.prevent_default()>
            <fieldset>
                <legend>{t("申报等级", "Level")}</legend>
                <LevelRadios name="fee-level" level=level/>
            </fieldset>
            <fieldset>
                <legend>{t("首次申报还是补考？", "First attempt or retake?")}</legend>
                <label class="choice">
                    <input type="radio" name="fee-mode" prop:checked=move || !retake.get() on:change=move |_| retake.set(false)/>
                    {t("首次申报（全部科目）", "First attempt (all subjects)")}
                </label>
                <label class="choice">
                    <input type="radio" name="fee-mode" prop:checked=move || retake.get() on:change=move |_| retake.set(true)/>
                    {t("补考", "Retake")}
                </label>
            </fieldset>
            <Show when=move || retake.get()>
                <fieldset>
                    <legend>{t("补考哪些科目？", "Which subjects are retaken?")}</legend>
                    {subject_boxes}
                </fieldset>
            </Show>
        </form>
        {result}
        <Stamp on=today/>
        <h2>{t("缴费", "Paying")}</h2>
        <label for="fee-session">{t("考期", "Session")}</label>
        <select id="fee-session" on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
            <option value="" disabled=true selected=move || session_index().is_none()>{t("请选择", "Choose")}</option>
            {session_options}
        </select>
        {payment}
        <dl class="bank">
            <dt>{t("银行户名", "Account name")}</dt>
            <dd><span>{account.account_name}</span><CopyButton value=account.account_name/></dd>
            <dt>{t("银行账号", "Account number")}</dt>
            <dd><span class="account-number">{account.account_number}</span><CopyButton value=account.account_number/></dd>
            <dt>{t("开户银行", "Bank")}</dt>
            <dd><span>{account.bank}</span><CopyButton value=account.bank/></dd>
        </dl>
        <ReasonList reasons=vec![fees::where_to_pay(book)]/>
    }
}
