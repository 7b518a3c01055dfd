//! What may be typed at the caret, from the same field tables that check the document
//! ([`crate::document::shape`]), so completion can never offer a field the checker refuses:
//! the fields an object may still have (those it must have first), a criterion's `type`, the
//! format version, `true` / `false`, and the criterion ids a condition or a tension names.
//!
//! One tolerant pass over the whole text: the fields after the caret count too (a criterion's
//! `type` is often written after the field being typed, and a field already there is not
//! offered again).

use super::lex::{colon_follows, tokens, Kind, Tok};
use crate::document::shape::{kind_fields, Field, Shape, COMMON, CONDITION, QUIZ, RUBRIC};
use crate::model::rubric::CriterionType;

/// One thing that may be typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// What the list shows: a field's name, or a value as JSON (`"rating"`, `true`).
    pub label: String,
    /// What replaces [`Completion::from`]`..`[`Completion::to`].
    pub insert: String,
    /// Where the caret goes in `insert`, in bytes: inside the quotes or brackets of an empty
    /// value, so the next thing is typed (or completed) right there.
    pub caret: usize,
    /// A field the object must have.
    pub required: bool,
}

/// The items for one caret position, and the byte range the chosen one replaces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub from: usize,
    pub to: usize,
    pub items: Vec<Item>,
}

/// What may be typed at byte `caret` of `text`; `None` where nothing is known (inside a title,
/// after a value that needs a comma first, in free text).
pub fn at(text: &str, caret: usize) -> Option<Completion> {
    // A caret inside a character (from a stale offset) is taken back to its start.
    let mut caret = caret.min(text.len());
    while !text.is_char_boundary(caret) {
        caret -= 1;
    }
    let scan = Scan::run(text, caret);
    let capture = scan.capture.as_ref()?;
    let (spot, frames) = (&capture.spot, &capture.frames);
    // The context of the innermost frame, descending from the document's root.
    let root_keys = match frames.first()? {
        Frame::Obj { id, .. } => &scan.objects[*id].keys,
        Frame::Arr { .. } => return None,
    };
    let quiz = root_keys
        .iter()
        .any(|k| matches!(&text[k.0..k.1], "rubric" | "items"));
    let mut ctx = Ctx::Shape(Shape::Object(if quiz { QUIZ } else { RUBRIC }));
    for (i, frame) in frames[..frames.len() - 1].iter().enumerate() {
        let next_type = match frames[i + 1] {
            Frame::Obj { id, .. } => scan.objects[id]
                .ty
                .and_then(|r| CriterionType::from_name(&text[r.0..r.1])),
            Frame::Arr { .. } => None,
        };
        let seg = match frame {
            Frame::Obj { key, .. } => Seg::Key(&text[key.as_ref()?.0..key.as_ref()?.1]),
            Frame::Arr { .. } => Seg::Index,
        };
        ctx = descend(ctx, seg, next_type)?;
    }
    let partial = |r: (usize, usize)| text[r.0..r.1].to_ascii_lowercase();
    let items = match (spot, frames.last()?) {
        (
            Spot::Key {
                partial: p,
                has_colon,
                ..
            },
            Frame::Obj { id, .. },
        ) => {
            let own = &scan.objects[*id].keys;
            let typed = partial(*p);
            let fields = fields(ctx);
            let mut items: Vec<Item> = fields
                .iter()
                .filter(|f| {
                    // Not a field the object already has, other than the one being typed.
                    !own.iter()
                        .any(|k| &text[k.0..k.1] == f.name && !(k.0 <= p.1 && p.0 <= k.1))
                })
                .map(|f| field_item(f, *has_colon))
                .collect();
            items.sort_by_key(|i| !i.required);
            rank(items, &typed)
        }
        (Spot::Value { partial: p, .. }, Frame::Obj { key, .. }) => {
            let name = key.map(|k| &text[k.0..k.1])?;
            let shape = match ctx {
                Ctx::Shape(Shape::Condition) => field(CONDITION, name),
                c => fields(c).iter().find(|f| f.name == name).map(|f| f.shape),
            }?;
            // A condition names another criterion: never the one it is in (the checker
            // refuses that).
            let own = frames.iter().rev().find_map(|f| match f {
                Frame::Obj {
                    id,
                    criterion: true,
                    ..
                } => scan.objects[*id].id.map(|r| &text[r.0..r.1]),
                _ => None,
            });
            let mut ids = scan.criterion_ids(text);
            ids.retain(|i| Some(*i) != own);
            rank(
                values(name, shape, matches!(ctx, Ctx::Criterion(_)), &ids),
                &partial(*p),
            )
        }
        (Spot::Value { partial: p, .. }, Frame::Arr { .. }) => {
            // An element of a list: only a tension's `between` names something known.
            let parent = frames.len().checked_sub(2).map(|i| &frames[i])?;
            let Frame::Obj { key: Some(k), .. } = parent else {
                return None;
            };
            if &text[k.0..k.1] != "between" {
                return None;
            }
            rank(id_items(&scan.criterion_ids(text)), &partial(*p))
        }
        _ => return None,
    };
    let (from, to) = spot.range();
    // A new member with another after it (the next thing is a name) needs its comma.
    let items = match spot {
        Spot::Key {
            has_colon: false, ..
        } if text[to..].trim_start().starts_with('"') => items
            .into_iter()
            .map(|mut i| {
                i.insert.push(',');
                i
            })
            .collect(),
        _ => items,
    };
    (!items.is_empty()).then_some(Completion { from, to, items })
}

/// Where in an object or list the caret is.
#[derive(Clone, Copy, Debug)]
enum Spot {
    /// Where a field name goes (possibly half typed: `partial`, without its quote); `from..to`
    /// is what a chosen name replaces. `has_colon`: the name is already followed by `:`, so
    /// only the name is replaced.
    Key {
        partial: (usize, usize),
        from: usize,
        to: usize,
        has_colon: bool,
    },
    /// Where a value goes.
    Value {
        partial: (usize, usize),
        from: usize,
        to: usize,
    },
}

impl Spot {
    fn range(&self) -> (usize, usize) {
        match *self {
            Spot::Key { from, to, .. } | Spot::Value { from, to, .. } => (from, to),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Key,
    Colon,
    Value,
    /// A value was read: a comma (or the end) comes next.
    Comma,
}

/// An open object or list, innermost last. Byte ranges are `(start, end)`.
#[derive(Clone, Debug)]
enum Frame {
    Obj {
        /// Its entry in [`Scan::objects`].
        id: usize,
        /// The field whose value is being read (the name without quotes).
        key: Option<(usize, usize)>,
        expect: Expect,
        /// An element of a `criteria` list.
        criterion: bool,
    },
    Arr {
        /// Whether the element before the caret was read (a comma comes next).
        after_value: bool,
    },
}

/// An object's field names and `type`, over the whole text.
#[derive(Default)]
struct Object {
    keys: Vec<(usize, usize)>,
    ty: Option<(usize, usize)>,
    /// A criterion's own `id` value.
    id: Option<(usize, usize)>,
}

struct Capture {
    frames: Vec<Frame>,
    spot: Spot,
}

struct Scan {
    objects: Vec<Object>,
    /// The `id` values of criteria, as ranges.
    ids: Vec<(usize, usize)>,
    capture: Option<Capture>,
}

/// A string token's content, without its quotes.
fn content(t: &Tok) -> (usize, usize) {
    let closed = matches!(t.kind, Kind::Str { closed: true });
    (
        t.start + 1,
        if closed { t.end - 1 } else { t.end }.max(t.start + 1),
    )
}

impl Scan {
    fn run(text: &str, caret: usize) -> Scan {
        let mut scan = Scan {
            objects: Vec::new(),
            ids: Vec::new(),
            capture: None,
        };
        let mut stack: Vec<Frame> = Vec::new();
        // Whether the caret's place was seen (with something to offer there or not).
        let mut seen = false;
        for t in tokens(text, 0) {
            if !seen {
                let inside = match t.kind {
                    Kind::Str { closed } => t.start < caret && (caret < t.end || !closed),
                    Kind::Word | Kind::Number => t.start < caret && caret <= t.end,
                    _ => false,
                };
                if inside || caret <= t.start {
                    scan.capture = capture(text, &stack, inside.then_some(&t), caret);
                    seen = true;
                }
            }
            scan.step(text, &mut stack, &t);
        }
        if !seen {
            scan.capture = capture(text, &stack, None, caret);
        }
        scan
    }

    fn step(&mut self, text: &str, stack: &mut Vec<Frame>, t: &Tok) {
        let parent_key_is_criteria = |stack: &[Frame]| {
            let n = stack.len();
            n >= 2
                && matches!(stack[n - 1], Frame::Arr { .. })
                && matches!(stack[n - 2], Frame::Obj { key: Some(k), .. } if &text[k.0..k.1] == "criteria")
        };
        match t.kind {
            Kind::Open(c) => {
                let criterion = parent_key_is_criteria(stack);
                if c == b'{' {
                    self.objects.push(Object::default());
                    stack.push(Frame::Obj {
                        id: self.objects.len() - 1,
                        key: None,
                        expect: Expect::Key,
                        criterion,
                    });
                } else {
                    stack.push(Frame::Arr { after_value: false });
                }
            }
            Kind::Close(_) => {
                stack.pop();
                read_value(stack.last_mut());
            }
            Kind::Comma => match stack.last_mut() {
                Some(Frame::Obj { expect, .. }) => *expect = Expect::Key,
                Some(Frame::Arr { after_value }) => *after_value = false,
                None => {}
            },
            Kind::Colon => {
                if let Some(Frame::Obj {
                    expect: e @ Expect::Colon,
                    ..
                }) = stack.last_mut()
                {
                    *e = Expect::Value;
                }
            }
            Kind::Str { .. } | Kind::Number | Kind::Word | Kind::Other => match stack.last_mut() {
                // A string where a name goes is a name (also after a value with no comma, and
                // after a name with no colon: one being typed on the line above).
                Some(Frame::Obj {
                    id,
                    key,
                    expect: expect @ (Expect::Key | Expect::Comma | Expect::Colon),
                    ..
                }) if matches!(t.kind, Kind::Str { .. }) => {
                    let name = content(t);
                    self.objects[*id].keys.push(name);
                    *key = Some(name);
                    *expect = Expect::Colon;
                }
                Some(Frame::Obj {
                    id,
                    key: Some(k),
                    expect: expect @ Expect::Value,
                    criterion,
                }) => {
                    if matches!(t.kind, Kind::Str { .. }) {
                        match &text[k.0..k.1] {
                            "type" => self.objects[*id].ty = Some(content(t)),
                            "id" if *criterion => {
                                self.ids.push(content(t));
                                self.objects[*id].id = Some(content(t));
                            }
                            _ => {}
                        }
                    }
                    *expect = Expect::Comma;
                }
                other => read_value(other),
            },
        }
    }

    /// The criteria's ids, in document order, once each.
    fn criterion_ids<'t>(&self, text: &'t str) -> Vec<&'t str> {
        let mut seen = std::collections::HashSet::new();
        self.ids
            .iter()
            .map(|r| &text[r.0..r.1])
            .filter(|id| !id.is_empty() && seen.insert(*id))
            .collect()
    }
}

/// A value was read in `frame`.
fn read_value(frame: Option<&mut Frame>) {
    match frame {
        Some(Frame::Obj { expect, .. }) if *expect == Expect::Value => *expect = Expect::Comma,
        Some(Frame::Arr { after_value }) => *after_value = true,
        _ => {}
    }
}

/// Where the caret is, given the open frames before `token` (the token the caret is in, if
/// any).
fn capture(text: &str, stack: &[Frame], token: Option<&Tok>, caret: usize) -> Option<Capture> {
    let top = stack.last()?;
    // Where what was typed of the token begins: after a string's opening quote.
    let start = token.map_or(caret, |t| match t.kind {
        Kind::Str { .. } => content(t).0,
        _ => t.start,
    });
    let spot = match (top, token) {
        (
            Frame::Obj {
                expect: Expect::Key | Expect::Comma,
                ..
            },
            Some(t),
        ) => {
            if !matches!(t.kind, Kind::Str { .. } | Kind::Word) {
                return None;
            }
            Spot::Key {
                partial: (start, caret),
                from: t.start,
                to: t.end,
                has_colon: colon_follows(text, t.end),
            }
        }
        (
            Frame::Obj {
                expect: Expect::Value,
                ..
            }
            | Frame::Arr { .. },
            Some(t),
        ) => Spot::Value {
            partial: (start, caret),
            from: t.start,
            to: t.end,
        },
        (
            Frame::Obj {
                expect: Expect::Key,
                ..
            },
            None,
        ) => Spot::Key {
            partial: (caret, caret),
            from: caret,
            to: caret,
            has_colon: false,
        },
        (
            Frame::Obj {
                expect: Expect::Value,
                ..
            },
            None,
        )
        | (Frame::Arr { after_value: false }, None) => Spot::Value {
            partial: (caret, caret),
            from: caret,
            to: caret,
        },
        _ => return None,
    };
    Some(Capture {
        frames: stack.to_vec(),
        spot,
    })
}

/// Where a path step leads: an object of known fields, a criterion (whose fields depend on
/// its `type`), or a value of some shape.
#[derive(Clone, Copy)]
enum Ctx {
    Shape(Shape),
    Criterion(Option<CriterionType>),
}

enum Seg<'t> {
    Key(&'t str),
    Index,
}

fn field(fields: &[Field], name: &str) -> Option<Shape> {
    fields.iter().find(|f| f.name == name).map(|f| f.shape)
}

/// A criterion's field `name`: its type's, or, while the type is unknown, any type's.
fn criterion_field(ty: Option<CriterionType>, name: &str) -> Option<Shape> {
    field(COMMON, name).or_else(|| match ty {
        Some(t) => field(kind_fields(t), name),
        None => CriterionType::ALL
            .iter()
            .find_map(|t| field(kind_fields(*t), name)),
    })
}

/// One step down: `ty` is the type of the object stepped into, when it is a criterion.
fn descend(ctx: Ctx, seg: Seg, ty: Option<CriterionType>) -> Option<Ctx> {
    Some(match (ctx, seg) {
        (Ctx::Shape(Shape::Object(f)), Seg::Key(k)) => Ctx::Shape(field(f, k)?),
        (Ctx::Shape(Shape::Map(f)), Seg::Key(_)) => Ctx::Shape(Shape::Object(f)),
        (Ctx::Shape(Shape::Condition), Seg::Key(k)) => Ctx::Shape(field(CONDITION, k)?),
        (Ctx::Criterion(t), Seg::Key(k)) => Ctx::Shape(criterion_field(t, k)?),
        (Ctx::Shape(Shape::List(f)), Seg::Index) => Ctx::Shape(Shape::Object(f)),
        (Ctx::Shape(Shape::Criteria), Seg::Index) => Ctx::Criterion(ty),
        (Ctx::Shape(Shape::Conditions), Seg::Index) => Ctx::Shape(Shape::Condition),
        (Ctx::Shape(Shape::Texts), Seg::Index) => Ctx::Shape(Shape::Text),
        (Ctx::Shape(Shape::Scalars), Seg::Index) => Ctx::Shape(Shape::Scalar),
        _ => return None,
    })
}

/// The fields an object in `ctx` may have, in the table's order.
fn fields(ctx: Ctx) -> Vec<Field> {
    match ctx {
        Ctx::Shape(Shape::Object(f)) => f.to_vec(),
        Ctx::Shape(Shape::Condition) => CONDITION.to_vec(),
        Ctx::Criterion(t) => {
            let own = t.map(kind_fields).unwrap_or_default();
            COMMON.iter().chain(own).copied().collect()
        }
        Ctx::Shape(_) => Vec::new(),
    }
}

/// A field's name, with an empty value of its shape when no value follows yet.
fn field_item(f: &Field, has_colon: bool) -> Item {
    let name = format!("\"{}\"", f.name);
    if has_colon {
        let caret = name.len();
        return Item {
            label: f.name.into(),
            insert: name,
            caret,
            required: f.required,
        };
    }
    let empty = match f.shape {
        Shape::Text | Shape::Id => "\"\"",
        Shape::Texts | Shape::List(_) | Shape::Criteria | Shape::Conditions | Shape::Scalars => {
            "[]"
        }
        Shape::Object(_)
        | Shape::Map(_)
        | Shape::Condition
        | Shape::Objects
        | Shape::TextMap
        | Shape::Metadata => "{}",
        Shape::Bool | Shape::Int | Shape::Count | Shape::Number | Shape::Scalar => "",
    };
    let insert = format!("{name}: {empty}");
    // Inside the empty value's quotes or brackets, or after the colon.
    let caret = insert.len() - empty.len().min(1);
    Item {
        label: f.name.into(),
        insert,
        caret,
        required: f.required,
    }
}

/// The values field `name` of `shape` may take, when they are few and known.
fn values(name: &str, shape: Shape, in_criterion: bool, ids: &[&str]) -> Vec<Item> {
    let quoted = |v: &str| {
        let insert = format!("\"{v}\"");
        Item {
            label: insert.clone(),
            caret: insert.len(),
            insert,
            required: false,
        }
    };
    match (name, shape) {
        ("type", _) if in_criterion => CriterionType::ALL
            .iter()
            .map(|t| quoted(t.name()))
            .collect(),
        ("schema_version", _) => vec![quoted(&format!("{}.0", crate::SCHEMA_MAJOR))],
        ("criterion", _) => id_items(ids),
        (_, Shape::Bool) => ["true", "false"]
            .iter()
            .map(|v| Item {
                label: (*v).into(),
                insert: (*v).into(),
                caret: v.len(),
                required: false,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn id_items(ids: &[&str]) -> Vec<Item> {
    ids.iter()
        .map(|id| {
            let insert = format!("\"{id}\"");
            Item {
                label: insert.clone(),
                caret: insert.len(),
                insert,
                required: false,
            }
        })
        .collect()
}

/// The items matching what was typed: those it starts first, then those containing it, each
/// group in its own order. Case is ignored; quotes in a typed value are too.
fn rank(items: Vec<Item>, typed: &str) -> Vec<Item> {
    let typed = typed.trim_start_matches('"');
    let name = |i: &Item| i.label.trim_matches('"').to_ascii_lowercase();
    let (mut starts, rest): (Vec<Item>, Vec<Item>) =
        items.into_iter().partition(|i| name(i).starts_with(typed));
    starts.extend(rest.into_iter().filter(|i| name(i).contains(typed)));
    starts
}
