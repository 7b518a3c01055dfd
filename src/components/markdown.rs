//! Renders untrusted markdown as DOM nodes built by Leptos: text is always text, never HTML.

use super::form::ImageOrigins;
use leptos::prelude::*;
use rubric_core::markdown::{parse, Block, Inline};

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
    let body = blocks.iter().map(|b| block_view(b, inline)).collect_view();
    if inline {
        view! { <span class="rw-md" dir="auto">{body}</span> }.into_any()
    } else {
        view! { <div class="rw-md" dir="auto">{body}</div> }.into_any()
    }
}

fn block_view(block: &Block, inline: bool) -> AnyView {
    match block {
        Block::Paragraph(content) if inline => view! { <span class="rw-p">{inlines(content)}</span> }.into_any(),
        Block::Paragraph(content) => view! { <p>{inlines(content)}</p> }.into_any(),
        // Content headings sit below the widget's own headings in the outline.
        Block::Heading { level, content } => match level {
            1 => view! { <h3 class="rw-md-h">{inlines(content)}</h3> }.into_any(),
            2 => view! { <h4 class="rw-md-h">{inlines(content)}</h4> }.into_any(),
            3 => view! { <h5 class="rw-md-h">{inlines(content)}</h5> }.into_any(),
            _ => view! { <h6 class="rw-md-h">{inlines(content)}</h6> }.into_any(),
        },
        Block::Code(text) => view! { <pre class="rw-code" dir="ltr"><code>{text.clone()}</code></pre> }.into_any(),
        Block::Quote(blocks) => {
            view! { <blockquote>{blocks.iter().map(|b| block_view(b, inline)).collect_view()}</blockquote> }.into_any()
        }
        Block::List { ordered, start, items } => {
            let items = items
                .iter()
                .map(|blocks| view! { <li>{blocks.iter().map(|b| block_view(b, inline)).collect_view()}</li> })
                .collect_view();
            if *ordered {
                view! { <ol start=*start>{items}</ol> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            }
        }
        Block::Rule => view! { <hr /> }.into_any(),
    }
}

fn inlines(nodes: &[Inline]) -> AnyView {
    nodes.iter().map(inline_view).collect_view().into_any()
}

fn inline_view(node: &Inline) -> AnyView {
    match node {
        Inline::Text(t) => t.clone().into_any(),
        Inline::Code(t) => view! { <code>{t.clone()}</code> }.into_any(),
        Inline::Strong(c) => view! { <strong>{inlines(c)}</strong> }.into_any(),
        Inline::Emphasis(c) => view! { <em>{inlines(c)}</em> }.into_any(),
        Inline::LineBreak => view! { <br /> }.into_any(),
        Inline::Link { href: Some(href), content } => view! {
            <a href=href.clone() target="_blank" rel="noopener noreferrer nofollow">{inlines(content)}</a>
        }
        .into_any(),
        Inline::Link { href: None, content } => view! {
            <span class="rw-link-removed" title="link removed: not an allowed address">{inlines(content)}</span>
        }
        .into_any(),
        Inline::Image { src: Some(src), alt } => view! {
            <img src=src.clone() alt=alt.clone() loading="lazy" referrerpolicy="no-referrer" class="rw-img" />
        }
        .into_any(),
        Inline::Image { src: None, alt } => {
            let label = if alt.is_empty() { "image not shown".to_string() } else { format!("image not shown: {alt}") };
            view! { <span class="rw-img-blocked">"[" {label} "]"</span> }.into_any()
        }
    }
}
