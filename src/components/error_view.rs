//! Shown instead of the form when a rubric or task is invalid: every problem, as text, with
//! where it is (docs/promises.md, P6). Never a half-rendered form.

use crate::i18n::use_i18n;
use leptos::prelude::*;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use rubric_core::{Report, Severity};

/// One document's problems.
#[derive(Clone, Debug)]
pub struct DocumentProblems {
    /// Which document: "rubric", "task", or a URL.
    pub what: String,
    pub report: Report,
}

/// The error view.
#[component]
pub fn ErrorView(
    /// Every invalid document with its report.
    problems: Vec<DocumentProblems>,
    /// Problems that are not about one document (a failed fetch). Default: none.
    #[prop(optional)]
    notes: Vec<String>,
) -> impl IntoView {
    let tr = use_i18n();
    let total: usize = problems
        .iter()
        .map(|p| p.report.errors().count())
        .sum::<usize>()
        + notes.len();
    view! {
        <section class="rw-config-error" role="alert" data-testid="config-error">
            <h2>{tr.f(msg::config_error_title, &[("n", total.into())])}</h2>
            // The problems themselves are English for developers and authors: marked as such,
            // so a screen reader reads them in English and a mirrored widget keeps them LTR.
            <ul class="rw-notes" lang="en" dir="ltr">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            {problems
                .into_iter()
                .map(|p| {
                    let items = p
                        .report
                        .issues
                        .iter()
                        .filter(|i| i.severity == Severity::Error)
                        .map(|i| {
                            let at = i.at.map(|(l, c)| tr.f(msg::line_column, &[("line", l.into()), ("column", c.into())])).unwrap_or_default();
                            view! {
                                <li class="rw-issue">
                                    <code class="rw-issue-path" dir="ltr">{i.path.to_string()}</code>
                                    <span class="rw-issue-at">{at}</span>
                                    <span class="rw-issue-msg" lang="en" dir="ltr">{i.message.clone()}</span>
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <h3>{tr.f(msg::config_error_in, &[("what", (&p.what).into())])}</h3>
                        <ol class="rw-issues">{items}</ol>
                    }
                })
                .collect_view()}
        </section>
    }
}
