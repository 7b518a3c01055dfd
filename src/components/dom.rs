//! Views built with DOM calls, for the review form's components.
//!
//! In this codebase an element in a `view!` costs hundreds of bytes of wasm (each element,
//! attribute and reactive part is its own type, and each type its own build, rebuild and mount
//! code); the criterion fields built with `view!` were one 62 KB function. Built here, an element
//! is a few calls, a reactive part is one closure through one [`bind`], and a listener one
//! closure through one [`listen`]: the code grows with what a component does, not with its
//! shape.
//!
//! A component returns a [`Dom`] (the nodes it made), which any `view!` can hold. Every effect
//! and listener made here belongs to the owner the component runs under, and goes with it.
//! Built fresh each time, a [`Dom`] never shows what a previous render left in its element:
//! when Leptos rebuilds a view in place, the new nodes replace the old.

use leptos::prelude::*;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::renderer::types::Element as TElement;
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, Node};

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    // The DOM calls that build a form, without web-sys's error handling: its `catch` wraps
    // each call in a `try` that copies the arguments (`handleError(f, arguments)`), and at
    // 20 questions those wrappers took more of the build than `createElement` itself, and
    // each call site checked a result. None of these can throw here: tags and attribute names
    // are our constants, an attribute's value is any string, and a node is only ever appended
    // to an element that does not contain it.
    /// A document or an element, for the calls below.
    type Raw;
    #[wasm_bindgen(method, js_name = createElement)]
    fn create_element(this: &Raw, tag: &str) -> Element;
    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set_attribute(this: &Raw, name: &str, value: &str);
    #[wasm_bindgen(method, js_name = append)]
    fn append_text(this: &Raw, text: &str);
    #[wasm_bindgen(method, js_name = appendChild)]
    fn append_node(this: &Raw, kid: &Node);
    #[wasm_bindgen(method, js_name = insertBefore)]
    fn insert_node(this: &Raw, kid: &Node, before: &Node);
    #[wasm_bindgen(method, js_name = toggleAttribute)]
    fn toggle_attribute(this: &Raw, name: &str, on: bool);
    #[wasm_bindgen(method, js_name = removeAttribute)]
    fn remove_attribute(this: &Raw, name: &str);
    #[wasm_bindgen(method, js_name = addEventListener)]
    fn add_listener(this: &Raw, event: &str, f: &js_sys::Function);
}

/// Changing an element being built (see the bindings above).
pub trait Edit {
    /// Sets attribute `name` (one of ours) to `value`.
    fn set_attr(&self, name: &str, value: &str);
    /// Appends `text` as a text node.
    fn add_text(&self, text: &str);
    /// Appends `kid`.
    fn add_node(&self, kid: &Node);
    /// Boolean attribute `name` (one of ours) is there while `on`.
    fn flag(&self, name: &str, on: bool);
    /// Removes attribute `name`.
    fn unset(&self, name: &str);
}

impl Edit for Element {
    fn set_attr(&self, name: &str, value: &str) {
        self.unchecked_ref::<Raw>().set_attribute(name, value);
    }
    fn add_text(&self, text: &str) {
        self.unchecked_ref::<Raw>().append_text(text);
    }
    fn add_node(&self, kid: &Node) {
        self.unchecked_ref::<Raw>().append_node(kid);
    }
    fn flag(&self, name: &str, on: bool) {
        self.unchecked_ref::<Raw>().toggle_attribute(name, on);
    }
    fn unset(&self, name: &str) {
        self.unchecked_ref::<Raw>().remove_attribute(name);
    }
}

/// A new `tag` element (one of ours), not yet in the page.
pub fn el(tag: &str) -> Element {
    document().unchecked_ref::<Raw>().create_element(tag)
}

/// A new `tag` element at the end of `parent`.
pub fn child(parent: &Element, tag: &str) -> Element {
    el(tag).put(parent)
}

/// Building an element in one expression.
pub trait Make: Sized {
    /// Sets attribute `name` to `value`.
    fn attr(self, name: &str, value: &str) -> Self;
    /// Sets the class attribute.
    fn cls(self, class: &str) -> Self {
        self.attr("class", class)
    }
    /// Appends `text` as a text node.
    fn text(self, text: &str) -> Self;
    /// Appends `kid`.
    fn add(self, kid: &Node) -> Self;
    /// Appends itself to `parent`.
    fn put(self, parent: &Element) -> Self;
    /// Calls `f` on every `event` here, for as long as the current owner lives.
    fn on(self, event: &str, f: impl FnMut(Event) + 'static) -> Self;
}

impl Make for Element {
    fn attr(self, name: &str, value: &str) -> Self {
        self.set_attr(name, value);
        self
    }
    fn text(self, text: &str) -> Self {
        self.add_text(text);
        self
    }
    fn add(self, kid: &Node) -> Self {
        self.add_node(kid);
        self
    }
    fn put(self, parent: &Element) -> Self {
        parent.add_node(&self);
        self
    }
    fn on(self, event: &str, f: impl FnMut(Event) + 'static) -> Self {
        listen(&self, event, Box::new(f));
        self
    }
}

/// Adds a listener kept for as long as the current owner lives (the component's view).
pub fn listen(target: &Element, event: &str, f: Box<dyn crate::browser::Handler>) {
    let cb = crate::browser::handler(f);
    target
        .unchecked_ref::<Raw>()
        .add_listener(event, cb.as_ref().unchecked_ref());
    StoredValue::new_local(cb);
}

/// What [`bind`] runs again, called through a vtable of this one method: a `dyn FnMut`
/// vtable also holds `call_once`, whose shim the wasm would carry for each closure type.
pub trait Rerun {
    fn rerun(&mut self);
}

impl<F: FnMut()> Rerun for F {
    fn rerun(&mut self) {
        self()
    }
}

/// Runs `f` now and again whenever a signal it read changes, for as long as the current owner
/// lives: a render effect, as Leptos's own reactive attributes are (the first run is now, not
/// on the next tick). Every binding below is one of these, through one boxed closure type.
pub fn bind(f: Box<dyn Rerun>) {
    let mut f = f;
    StoredValue::new_local(RenderEffect::new(move |_: Option<()>| f.rerun()));
}

/// `node`'s text follows `f`.
pub fn bind_text(node: &Node, f: impl Fn() -> String + 'static) {
    let node = node.clone();
    bind(Box::new(move || node.set_text_content(Some(&f()))));
}

/// Attribute `name` of `el` follows `f` (none: absent).
pub fn bind_attr(el: &Element, name: &'static str, f: impl Fn() -> Option<String> + 'static) {
    let el = el.clone();
    bind(Box::new(move || match f() {
        Some(v) => el.set_attr(name, &v),
        None => el.unset(name),
    }));
}

/// Boolean attribute `name` of `el` (`hidden`, `disabled`…) is there while `f` is true.
pub fn bind_flag(el: &Element, name: &'static str, f: impl Fn() -> bool + 'static) {
    let el = el.clone();
    bind(Box::new(move || {
        el.flag(name, f());
    }));
}

/// The class attribute of `el` is `base`, and `base extra` while `f` is true. Written whole,
/// not through `classList`: that list is an object of its own per element in the page's
/// memory (two per question, when each question's classes went through it).
pub fn bind_class(
    el: &Element,
    base: &'static str,
    extra: &'static str,
    f: impl Fn() -> bool + 'static,
) {
    let el = el.clone();
    bind(Box::new(move || {
        if f() {
            el.set_class_name(&format!("{base} {extra}"));
        } else {
            el.set_class_name(base);
        }
    }));
}

/// The checkbox's checked state follows `f`.
pub fn bind_checked(input: &Element, f: impl Fn() -> bool + 'static) {
    if let Some(input) = input.dyn_ref::<web_sys::HtmlInputElement>().cloned() {
        bind(Box::new(move || input.set_checked(f())));
    }
}

/// What `fill` makes (given a holder to fill, and what `data` returned) stands at the end of
/// `parent`, and is made again whenever what `data` read changes: a view's `{move || …}`.
/// `fill` runs untracked, under an owner of its own that goes with what it made (its listeners
/// and bindings). What it made stands before a comment node, so content after it stays put.
pub fn bind_view<T: 'static>(
    parent: &Element,
    data: impl Fn() -> T + 'static,
    fill: impl Fn(&Element, T) + 'static,
) {
    view_where(parent, data, fill, |_| true);
}

/// [`bind_view`], made again only when what `data` returned differs from the last time: a
/// memo's work without a `Memo`, whose code the wasm would carry once per value type (about
/// 2 KB each).
pub fn bind_view_changed<T: PartialEq + Clone + 'static>(
    parent: &Element,
    data: impl Fn() -> T + 'static,
    fill: impl Fn(&Element, T) + 'static,
) {
    let mut last: Option<T> = None;
    view_where(parent, data, fill, move |now: &T| {
        let changed = last.as_ref() != Some(now);
        if changed {
            last = Some(now.clone());
        }
        changed
    });
}

/// [`bind_view`] when `changed` says the new value is worth making nodes for.
fn view_where<T: 'static>(
    parent: &Element,
    data: impl Fn() -> T + 'static,
    fill: impl Fn(&Element, T) + 'static,
    mut changed: impl FnMut(&T) -> bool + 'static,
) {
    let marker: Node = document().create_comment("").into();
    parent.add_node(&marker);
    // Weak: this effect belongs to that owner, and must not keep it (and what it cleans up
    // when the widget is unmounted, such as the draft's last write) from going.
    let owner = Owner::current().map(|o| o.downgrade());
    let mut made: Vec<Node> = Vec::new();
    let mut made_by: Option<Owner> = None;
    bind(Box::new(move || {
        let value = data();
        if !changed(&value) {
            return;
        }
        if let Some(old) = made_by.take() {
            old.cleanup();
        }
        for node in made.drain(..) {
            if let Some(p) = node.parent_node() {
                p.remove_child(&node).ok();
            }
        }
        let Some(child_owner) = owner.as_ref().and_then(|o| o.upgrade()).map(|o| o.child()) else {
            return;
        };
        let holder = el("div");
        child_owner.with(|| untrack(|| fill(&holder, value)));
        made_by = Some(child_owner);
        let Some(at) = marker.parent_node() else {
            return;
        };
        while let Some(node) = holder.first_child() {
            at.unchecked_ref::<Raw>().insert_node(&node, &marker);
            made.push(node);
        }
    }));
}

/// A view made with `view!` (or any other) at the end of `parent`, for as long as the current
/// owner lives.
pub fn embed(parent: &Element, view: AnyView) {
    let mut state = view.build();
    state.mount(parent, None);
    StoredValue::new_local(state);
}

/// A `<button type="button" class="rw-button rw-small">` saying `text`, at the end of `parent`.
pub fn small_button(parent: &Element, text: &str) -> Element {
    child(parent, "button")
        .attr("type", "button")
        .cls("rw-button rw-small")
        .text(text)
}

/// The nodes a component built with DOM calls, as a view any `view!` can hold.
pub struct Dom(SendWrapper<Vec<Element>>);

impl Dom {
    /// One element.
    pub fn one(el: Element) -> Dom {
        Dom(SendWrapper::new(vec![el]))
    }
    /// Several elements, in order.
    pub fn many(els: Vec<Element>) -> Dom {
        Dom(SendWrapper::new(els))
    }
}

/// The mounted nodes of a [`Dom`].
pub struct DomState(Vec<TElement>);

impl Mountable for DomState {
    fn unmount(&mut self) {
        for el in &mut self.0 {
            el.unmount();
        }
    }
    fn mount(&mut self, parent: &TElement, marker: Option<&web_sys::Node>) {
        for el in &mut self.0 {
            el.mount(parent, marker);
        }
    }
    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        self.0
            .first()
            .is_some_and(|el| el.insert_before_this(child))
    }
    fn elements(&self) -> Vec<TElement> {
        self.0.clone()
    }
}

impl Render for Dom {
    type State = DomState;
    fn build(self) -> DomState {
        DomState(self.0.take())
    }
    fn rebuild(self, state: &mut DomState) {
        let mut new = DomState(self.0.take());
        if new.0 != state.0 {
            state.insert_before_this(&mut new);
            state.unmount();
            *state = new;
        }
    }
}

leptos::tachys::no_attrs!(Dom);

impl RenderHtml for Dom {
    type AsyncOutput = Self;
    type Owned = Self;
    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self {
        self
    }

    // Client-side rendering only: there is no server HTML to write or to hydrate.
    fn to_html_with_buf(
        self,
        _buf: &mut String,
        _position: &mut Position,
        _escape: bool,
        _mark_branches: bool,
        _extra_attrs: Vec<leptos::attr::any_attribute::AnyAttribute>,
    ) {
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        _cursor: &Cursor,
        _position: &PositionState,
    ) -> DomState {
        self.build()
    }

    fn into_owned(self) -> Self {
        self
    }
}

impl IntoIterator for Dom {
    type Item = Element;
    type IntoIter = std::vec::IntoIter<Element>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.take().into_iter()
    }
}
