//! Renders untrusted markdown as DOM nodes: text always goes in as text nodes, never as HTML.
//!
//! The node tree from `rubric_core::text::markdown` (whose URLs already passed the allow-list) is
//! turned into elements with plain DOM calls rather than `view!`: one small recursive function
//! instead of a distinct view type per node kind, which saved about 18 KB of wasm.

use super::dom::{child, el, Dom, Edit};
use super::form::{content_lang, ImageOrigins};
use crate::i18n::{use_i18n, I18n};
use leptos::prelude::*;
use rubric_core::text::i18n::Translate;
use rubric_core::text::markdown::{parse, Block, Change, Inline};
use rubric_core::text::messages as msg;
use web_sys::Element;

/// Markdown from a rubric, task or server, rendered safely: `inline` renders inside phrasing
/// content (e.g. a `<label>`), spans instead of block elements (default: false).
#[component]
pub fn Markdown(#[prop(into)] text: String, #[prop(optional)] inline: bool) -> impl IntoView {
    Dom::one(markdown_el(
        &text,
        inline,
        content_lang().as_deref(),
        &use_i18n(),
    ))
}

/// Markdown in a new `<span class="rw-md" dir="auto">` at the end of `parent` (phrasing
/// content, such as a label), for views built with DOM calls; `lang` is the content's language.
pub(crate) fn append_inline(parent: &Element, text: &str, lang: Option<&str>, tr: &I18n) {
    parent.add_node(&markdown_el(text, true, lang, tr));
}

/// Markdown in a new element of class `rw-md`: a `<span>` when `inline` (phrasing content),
/// else a `<div>`; `lang` is the content's language. Images load only from the origins in
/// context ([`ImageOrigins`]).
pub(crate) fn markdown_el(text: &str, inline: bool, lang: Option<&str>, tr: &I18n) -> Element {
    let el = el(if inline { "span" } else { "div" });
    fill(&el, "", text, inline, lang, tr);
    el
}

/// Markdown into `el`, which becomes its `rw-md` box (its classes `class` and `rw-md`,
/// `dir="auto"`, `lang`): for an element that holds nothing else, such as a card's
/// descriptor, one element less than a box inside it. The class is written whole, not added
/// through `classList`: that list is an object of its own in the page's memory, one per card.
pub(crate) fn fill(
    el: &Element,
    class: &str,
    text: &str,
    inline: bool,
    lang: Option<&str>,
    tr: &I18n,
) {
    let origins = use_context::<ImageOrigins>().unwrap_or_default();
    el.set_class_name(&if class.is_empty() {
        "rw-md".to_string()
    } else {
        format!("{class} rw-md")
    });
    el.set_attr("dir", "auto");
    if let Some(l) = lang {
        el.set_attr("lang", l);
    }
    append_blocks(el, &parse(text, &origins.0), inline, tr);
}

fn append_blocks(parent: &Element, blocks: &[Block], inline: bool, tr: &I18n) {
    // One paragraph (a level's descriptor, a question's description, mostly) needs no box of
    // its own: its text goes straight into the markdown box, one element less per card and per
    // question.
    if let [Block::Paragraph(content)] = blocks {
        return append_inlines(parent, content, tr);
    }
    for block in blocks {
        match block {
            Block::Paragraph(content) => {
                let p = if inline {
                    let span = child(parent, "span");
                    span.set_class_name("rw-p");
                    span
                } else {
                    child(parent, "p")
                };
                append_inlines(&p, content, tr);
            }
            // Content headings sit below the widget's own headings in the outline.
            Block::Heading { level, content } => {
                let tag = ["h3", "h4", "h5", "h6"][usize::from(level.saturating_sub(1)).min(3)];
                let h = child(parent, tag);
                h.set_class_name("rw-md-h");
                append_inlines(&h, content, tr);
            }
            Block::Code(text) => code_box(parent, "rw-code").set_text_content(Some(text)),
            // Added and removed lines are coloured, keep their `+` and `-` as text, and are
            // named for screen readers ("added line"), which do not announce <ins> and <del>.
            Block::Diff(lines) => {
                let code = code_box(parent, "rw-code rw-diff");
                let (added, removed) = (tr.t(msg::diff_added), tr.t(msg::diff_removed));
                for (change, text) in lines {
                    let (tag, said) = match change {
                        Change::Added => ("ins", Some(&added)),
                        Change::Removed => ("del", Some(&removed)),
                        Change::Same => ("span", None),
                    };
                    let line = child(&code, tag);
                    if let Some(said) = said {
                        let sr = child(&line, "span");
                        sr.set_class_name("rw-sr-only");
                        let _ = sr.append_with_str_2(said, ": ");
                    }
                    let _ = line.append_with_str_2(text, "\n");
                }
            }
            Block::Quote(inner) => append_blocks(&child(parent, "blockquote"), inner, inline, tr),
            Block::List {
                ordered,
                start,
                items,
            } => {
                let list = child(parent, if *ordered { "ol" } else { "ul" });
                if *ordered && *start != 1 {
                    list.set_attr("start", &start.to_string());
                }
                for item in items {
                    append_blocks(&child(&list, "li"), item, inline, tr);
                }
            }
            Block::Rule => {
                child(parent, "hr");
            }
        }
    }
}

/// A `<pre class="{class}">` at the end of `parent`; returns its `<code>`. Left to right whatever
/// the widget's direction, and focusable: it scrolls sideways when long, so keyboard users must
/// be able to reach it.
fn code_box(parent: &Element, class: &str) -> Element {
    let pre = child(parent, "pre");
    pre.set_class_name(class);
    pre.set_attr("dir", "ltr");
    pre.set_attr("tabindex", "0");
    child(&pre, "code")
}

fn append_inlines(parent: &Element, nodes: &[Inline], tr: &I18n) {
    for node in nodes {
        match node {
            Inline::Text(t) => {
                parent.add_text(t);
            }
            Inline::Code(t) => child(parent, "code").set_text_content(Some(t)),
            Inline::Strong(c) => append_inlines(&child(parent, "strong"), c, tr),
            Inline::Emphasis(c) => append_inlines(&child(parent, "em"), c, tr),
            Inline::LineBreak => {
                child(parent, "br");
            }
            Inline::Link {
                href: Some(href),
                content,
            } => {
                let a = child(parent, "a");
                a.set_attr("href", href);
                a.set_attr("target", "_blank");
                a.set_attr("rel", "noopener noreferrer nofollow");
                append_inlines(&a, content, tr);
            }
            Inline::Link {
                href: None,
                content,
            } => {
                let span = child(parent, "span");
                span.set_class_name("rw-link-removed");
                span.set_attr("title", &tr.t(msg::link_removed));
                append_inlines(&span, content, tr);
            }
            Inline::Image {
                src: Some(src),
                alt,
            } => {
                let img = child(parent, "img");
                img.set_class_name("rw-img");
                img.set_attr("alt", alt);
                img.set_attr("loading", "lazy");
                img.set_attr("referrerpolicy", "no-referrer");
                img.set_attr("src", src);
            }
            Inline::Image { src: None, alt } => {
                let span = child(parent, "span");
                span.set_class_name("rw-img-blocked");
                let label = if alt.is_empty() {
                    tr.t(msg::image_blocked)
                } else {
                    tr.f(msg::image_blocked_alt, &[("alt", alt.into())])
                };
                span.set_text_content(Some(&label));
            }
        }
    }
}
