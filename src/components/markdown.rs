//! Renders untrusted markdown as DOM nodes: text always goes in as text nodes, never as HTML.
//!
//! The node tree from `rubric_core::text::markdown` (whose URLs already passed the allow-list) is
//! turned into elements with plain DOM calls rather than `view!`: one small recursive function
//! instead of a distinct view type per node kind, which saved about 18 KB of wasm.

use super::form::{content_lang, ImageOrigins};
use crate::i18n::{use_i18n, I18n};
use leptos::prelude::*;
use rubric_core::text::i18n::Translate;
use rubric_core::text::markdown::{parse, Block, Change, Inline};
use rubric_core::text::messages as msg;
use web_sys::{Document, Element};

/// Markdown from a rubric, task or server, rendered safely.
#[component]
pub fn Markdown(
    /// The markdown source.
    #[prop(into)]
    text: String,
    /// Render inside phrasing content (e.g. a `<label>`): spans instead of block elements.
    /// Default: false.
    #[prop(optional)]
    inline: bool,
) -> impl IntoView {
    let origins = use_context::<ImageOrigins>().unwrap_or_default();
    let blocks = parse(&text, &origins.0);
    let tr = use_i18n();
    let lang = content_lang();
    let fill = move |el: web_sys::HtmlElement| {
        let doc = document();
        // When a reactive view is rendered again with the same shape (the designer's preview
        // after an edit), Leptos rebuilds it in place: this element may be the previous
        // render's, still holding its nodes. Replace them rather than append after them.
        el.set_text_content(None);
        append_blocks(&doc, &el, &blocks, inline, &tr);
    };
    if inline {
        let node = NodeRef::<leptos::html::Span>::new();
        node.on_load(move |el| fill(el.into()));
        view! { <span class="rw-md" dir="auto" lang=lang node_ref=node></span> }.into_any()
    } else {
        let node = NodeRef::<leptos::html::Div>::new();
        node.on_load(move |el| fill(el.into()));
        view! { <div class="rw-md" dir="auto" lang=lang node_ref=node></div> }.into_any()
    }
}

/// Markdown in a new `<span class="rw-md" dir="auto">` at the end of `parent` (phrasing
/// content, such as a label), for views built with DOM calls; `lang` is the content's language.
pub(crate) fn append_inline(
    doc: &Document,
    parent: &Element,
    text: &str,
    lang: Option<&str>,
    origins: &[String],
    tr: &I18n,
) {
    append_markdown(doc, parent, text, true, lang, origins, tr);
}

/// Markdown in a new element of class `rw-md` at the end of `parent`: a `<span>` when `inline`
/// (phrasing content), else a `<div>`, as the [`Markdown`] component makes.
pub(crate) fn append_markdown(
    doc: &Document,
    parent: &Element,
    text: &str,
    inline: bool,
    lang: Option<&str>,
    origins: &[String],
    tr: &I18n,
) {
    let el = child(doc, parent, if inline { "span" } else { "div" });
    el.set_class_name("rw-md");
    let _ = el.set_attribute("dir", "auto");
    if let Some(l) = lang {
        let _ = el.set_attribute("lang", l);
    }
    append_blocks(doc, &el, &parse(text, origins), inline, tr);
}

/// A new `tag` element at the end of `parent`.
pub(crate) fn child(doc: &Document, parent: &Element, tag: &str) -> Element {
    // Tags are our constants, never content, so this cannot fail; were it to, the text would
    // land in the parent: no panic (whose message formatting costs the bundle half a KiB).
    match doc.create_element(tag) {
        Ok(el) => {
            let _ = parent.append_child(&el);
            el
        }
        Err(_) => parent.clone(),
    }
}

fn append_blocks(doc: &Document, parent: &Element, blocks: &[Block], inline: bool, tr: &I18n) {
    for block in blocks {
        match block {
            Block::Paragraph(content) => {
                let p = if inline {
                    let span = child(doc, parent, "span");
                    span.set_class_name("rw-p");
                    span
                } else {
                    child(doc, parent, "p")
                };
                append_inlines(doc, &p, content, tr);
            }
            // Content headings sit below the widget's own headings in the outline.
            Block::Heading { level, content } => {
                let tag = ["h3", "h4", "h5", "h6"][usize::from(level.saturating_sub(1)).min(3)];
                let h = child(doc, parent, tag);
                h.set_class_name("rw-md-h");
                append_inlines(doc, &h, content, tr);
            }
            Block::Code(text) => code_box(doc, parent, "rw-code").set_text_content(Some(text)),
            // Added and removed lines are coloured, keep their `+` and `-` as text, and are
            // named for screen readers ("added line"), which do not announce <ins> and <del>.
            Block::Diff(lines) => {
                let code = code_box(doc, parent, "rw-code rw-diff");
                let (added, removed) = (tr.t(msg::diff_added), tr.t(msg::diff_removed));
                for (change, text) in lines {
                    let (tag, said) = match change {
                        Change::Added => ("ins", Some(&added)),
                        Change::Removed => ("del", Some(&removed)),
                        Change::Same => ("span", None),
                    };
                    let line = child(doc, &code, tag);
                    if let Some(said) = said {
                        let sr = child(doc, &line, "span");
                        sr.set_class_name("rw-sr-only");
                        let _ = sr.append_with_str_2(said, ": ");
                    }
                    let _ = line.append_with_str_2(text, "\n");
                }
            }
            Block::Quote(inner) => {
                append_blocks(doc, &child(doc, parent, "blockquote"), inner, inline, tr)
            }
            Block::List {
                ordered,
                start,
                items,
            } => {
                let list = child(doc, parent, if *ordered { "ol" } else { "ul" });
                if *ordered && *start != 1 {
                    let _ = list.set_attribute("start", &start.to_string());
                }
                for item in items {
                    append_blocks(doc, &child(doc, &list, "li"), item, inline, tr);
                }
            }
            Block::Rule => {
                child(doc, parent, "hr");
            }
        }
    }
}

/// A `<pre class="{class}">` at the end of `parent`; returns its `<code>`. Left to right whatever
/// the widget's direction, and focusable: it scrolls sideways when long, so keyboard users must
/// be able to reach it.
fn code_box(doc: &Document, parent: &Element, class: &str) -> Element {
    let pre = child(doc, parent, "pre");
    pre.set_class_name(class);
    let _ = pre.set_attribute("dir", "ltr");
    let _ = pre.set_attribute("tabindex", "0");
    child(doc, &pre, "code")
}

fn append_inlines(doc: &Document, parent: &Element, nodes: &[Inline], tr: &I18n) {
    for node in nodes {
        match node {
            Inline::Text(t) => {
                let _ = parent.append_with_str_1(t);
            }
            Inline::Code(t) => child(doc, parent, "code").set_text_content(Some(t)),
            Inline::Strong(c) => append_inlines(doc, &child(doc, parent, "strong"), c, tr),
            Inline::Emphasis(c) => append_inlines(doc, &child(doc, parent, "em"), c, tr),
            Inline::LineBreak => {
                child(doc, parent, "br");
            }
            Inline::Link {
                href: Some(href),
                content,
            } => {
                let a = child(doc, parent, "a");
                let _ = a.set_attribute("href", href);
                let _ = a.set_attribute("target", "_blank");
                let _ = a.set_attribute("rel", "noopener noreferrer nofollow");
                append_inlines(doc, &a, content, tr);
            }
            Inline::Link {
                href: None,
                content,
            } => {
                let span = child(doc, parent, "span");
                span.set_class_name("rw-link-removed");
                let _ = span.set_attribute("title", &tr.t(msg::link_removed));
                append_inlines(doc, &span, content, tr);
            }
            Inline::Image {
                src: Some(src),
                alt,
            } => {
                let img = child(doc, parent, "img");
                img.set_class_name("rw-img");
                let _ = img.set_attribute("alt", alt);
                let _ = img.set_attribute("loading", "lazy");
                let _ = img.set_attribute("referrerpolicy", "no-referrer");
                let _ = img.set_attribute("src", src);
            }
            Inline::Image { src: None, alt } => {
                let span = child(doc, parent, "span");
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
