//! Shown instead of the form when a rubric or task is invalid: every problem, as text, with
//! where it is (docs/promises.md, P6). Never a half-rendered form.

use super::dom::{child, el, Dom, Make};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use rubric_core::text::i18n::Translate;
use rubric_core::text::messages as msg;
use rubric_core::{Report, Severity};
use web_sys::Element;

/// One document's problems.
#[derive(Clone, Debug)]
pub struct DocumentProblems {
    /// Which document: "rubric", "task", or a URL.
    pub what: String,
    pub report: Report,
}

/// The error view (quiz and report).
#[component]
pub fn ErrorView(
    /// Every invalid document with its report.
    problems: Vec<DocumentProblems>,
    /// Problems that are not about one document (a failed fetch). Default: none.
    #[prop(optional)]
    notes: Vec<String>,
) -> impl IntoView {
    Dom::one(error_view(&problems, &notes))
}

/// Every problem of every invalid document in `problems`, and the `notes` that are not about
/// one document (a failed fetch).
pub fn error_view(problems: &[DocumentProblems], notes: &[String]) -> Element {
    let tr = use_i18n();
    let total: usize = problems
        .iter()
        .map(|p| p.report.errors().count())
        .sum::<usize>()
        + notes.len();
    let section = el("section")
        .cls("rw-config-error")
        .attr("role", "alert")
        .attr("data-testid", "config-error");
    child(&section, "h2").text(&tr.f(msg::config_error_title, &[("n", total.into())]));
    // The problems themselves are English for developers and authors: marked as such, so a
    // screen reader reads them in English and a mirrored widget keeps them LTR.
    let list = child(&section, "ul")
        .cls("rw-notes")
        .attr("lang", "en")
        .attr("dir", "ltr");
    for n in notes {
        child(&list, "li").text(n);
    }
    for p in problems {
        child(&section, "h3").text(&tr.f(msg::config_error_in, &[("what", (&p.what).into())]));
        let list = child(&section, "ol").cls("rw-issues");
        for i in p
            .report
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
        {
            let at =
                i.at.map(|(l, c)| {
                    tr.f(
                        msg::line_column,
                        &[("line", l.into()), ("column", c.into())],
                    )
                })
                .unwrap_or_default();
            let li = child(&list, "li").cls("rw-issue");
            child(&li, "code")
                .cls("rw-issue-path")
                .attr("dir", "ltr")
                .text(&i.path.to_string());
            child(&li, "span").cls("rw-issue-at").text(&at);
            child(&li, "span")
                .cls("rw-issue-msg")
                .attr("lang", "en")
                .attr("dir", "ltr")
                .text(&i.message);
        }
    }
    section
}
