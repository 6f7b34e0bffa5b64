fn main() {
    console_error_panic_hook::set_once();
    // Before the first answer: every page answers from the notices kept on an earlier visit.
    pingjia_shell::kept_books::install();
    leptos::mount::mount_to_body(pingjia::app::App);
}
