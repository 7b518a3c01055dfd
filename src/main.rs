//! The demo page entry point: installs the panic hook and mounts the demo shell.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(rubric_widget::demo::Demo);
}
