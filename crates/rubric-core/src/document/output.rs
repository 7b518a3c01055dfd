//! The types the widget writes as JSON, each declared once.
//!
//! The wasm carries no serializer (serde_json costs ~17 KiB brotli), yet native users read and
//! describe the same documents with serde (the receiver, tests) and schemars (the JSON Schemas
//! in `schema/`). So that a field is added in one place, `json_output!` takes a type's
//! definition and emits it with serde's and schemars' derives plus a [`WriteJson`] impl that
//! writes the same JSON through [`Writer`]. Serde's code is only ever called natively, so the
//! linker drops it from the wasm. Tests assert the written text is serde_json's, byte for byte
//! (numbers with a fraction aside, see the `f64` impl; and integers above 2^63, the `u64` one).

use crate::document::json::Writer;
use std::collections::BTreeMap;

/// A value the widget writes as JSON: exactly the text serde's `Serialize` gives it.
pub trait WriteJson {
    fn write_json(&self, w: &mut Writer);

    /// `"key": value` inside an object. Text and integers override it with the writer's
    /// one-call form, so that each field of a declared type is one call in the wasm, as it
    /// was in the hand-written writers. Always inlined: a copy of this per field type cost
    /// more review wasm than the two calls it would save (measured).
    #[inline(always)]
    fn write_field(&self, key: &str, w: &mut Writer) {
        w.key(key);
        self.write_json(w);
    }

    /// The compact JSON text.
    fn to_json(&self) -> String {
        let mut w = Writer::default();
        self.write_json(&mut w);
        w.finish()
    }
}

impl WriteJson for str {
    fn write_json(&self, w: &mut Writer) {
        w.str(self);
    }

    fn write_field(&self, key: &str, w: &mut Writer) {
        w.field_str(key, self);
    }
}

impl WriteJson for String {
    fn write_json(&self, w: &mut Writer) {
        w.str(self);
    }

    fn write_field(&self, key: &str, w: &mut Writer) {
        w.field_str(key, self);
    }
}

impl WriteJson for bool {
    fn write_json(&self, w: &mut Writer) {
        w.bool(*self);
    }
}

impl WriteJson for i64 {
    fn write_json(&self, w: &mut Writer) {
        w.int(*self);
    }

    fn write_field(&self, key: &str, w: &mut Writer) {
        w.field_int(key, *self);
    }
}

impl WriteJson for u32 {
    fn write_json(&self, w: &mut Writer) {
        w.int(i64::from(*self));
    }

    fn write_field(&self, key: &str, w: &mut Writer) {
        w.field_int(key, i64::from(*self));
    }
}

/// Through the `i64` printer, clamped at `i64::MAX` as the hand-written writers always did:
/// the review wasm then carries one integer printer. Only a value above 2^63 (milliseconds
/// for 292 million years, or as many quiz items) would differ from serde's text.
impl WriteJson for u64 {
    fn write_json(&self, w: &mut Writer) {
        w.int(clamp(*self));
    }

    // Inlined like the hand-written writers' clamp was (a function of its own measured larger).
    #[inline(always)]
    fn write_field(&self, key: &str, w: &mut Writer) {
        w.field_int(key, clamp(*self));
    }
}

fn clamp(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Rust's shortest round-trip text (`1`, `0.25`, `0.0000001`), not serde_json's (`1.0`,
/// `0.25`, `1e-7`): the same numbers, and the widget's format since the first quiz result.
/// Written only by the quiz; the review form writes no floats, so its wasm has no float printing.
impl WriteJson for f64 {
    fn write_json(&self, w: &mut Writer) {
        w.float(*self);
    }
}

/// `null` when absent. A field declared with `skip_serializing_if` is left out instead (see
/// `json_output!`).
impl<T: WriteJson> WriteJson for Option<T> {
    fn write_json(&self, w: &mut Writer) {
        match self {
            Some(v) => v.write_json(w),
            None => w.null(),
        }
    }
}

impl<T: WriteJson> WriteJson for [T] {
    fn write_json(&self, w: &mut Writer) {
        w.begin_array();
        for v in self {
            v.write_json(w);
        }
        w.end_array();
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    fn write_json(&self, w: &mut Writer) {
        self.as_slice().write_json(w);
    }
}

impl<T: WriteJson, const N: usize> WriteJson for [T; N] {
    fn write_json(&self, w: &mut Writer) {
        self.as_slice().write_json(w);
    }
}

/// An object with its keys in sorted order, as serde writes a `BTreeMap`.
impl<T: WriteJson> WriteJson for BTreeMap<String, T> {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        for (k, v) in self {
            w.key(k);
            v.write_json(w);
        }
        w.end_object();
    }
}

/// A JSON object whose keys keep the order they were put in, where a `BTreeMap` would sort
/// them (the quiz result lists its criteria in rubric order). Read, written and described
/// (JSON Schema) as a map; a key read twice keeps its first place and its last value, as
/// serde_json's `Map` does with `preserve_order`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OrderedMap<T>(pub Vec<(String, T)>);

impl<T> OrderedMap<T> {
    pub fn get(&self, key: &str) -> Option<&T> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

impl<T: WriteJson> WriteJson for OrderedMap<T> {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        for (k, v) in &self.0 {
            w.key(k);
            v.write_json(w);
        }
        w.end_object();
    }
}

impl<T: serde::Serialize> serde::Serialize for OrderedMap<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for OrderedMap<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<T>(std::marker::PhantomData<T>);
        impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for Visit<T> {
            type Value = OrderedMap<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(String, T)> = Vec::new();
                let mut at: BTreeMap<String, usize> = BTreeMap::new();
                while let Some((k, v)) = m.next_entry::<String, T>()? {
                    match at.get(&k) {
                        Some(&i) => entries[i].1 = v,
                        None => {
                            at.insert(k.clone(), entries.len());
                            entries.push((k, v));
                        }
                    }
                }
                Ok(OrderedMap(entries))
            }
        }
        d.deserialize_map(Visit(std::marker::PhantomData))
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for OrderedMap<T> {
    fn inline_schema() -> bool {
        <BTreeMap<String, T>>::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        <BTreeMap<String, T>>::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        <BTreeMap<String, T>>::schema_id()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <BTreeMap<String, T>>::json_schema(g)
    }
}

/// Declares a type the widget writes as JSON, once: the definition is emitted as written, with
/// `serde::{Serialize, Deserialize}` and `schemars::JsonSchema` derived, and a [`WriteJson`]
/// impl that writes what `Serialize` writes. Three forms:
///
/// - a struct with named fields: an object, fields in declaration order;
/// - an enum tagged inside (`#[serde(tag = "kind", ...)]` first after the doc comment), every
///   variant renamed explicitly (`#[serde(rename = "not_scored")]`, since a macro cannot
///   derive the snake_case name; `rename_all` is not understood) and with named fields or
///   none: `{"kind": "not_scored", ...fields}`;
/// - an untagged enum (`#[serde(untagged, ...)]` first after the doc comment), every variant
///   with named fields: the variant's object.
///
/// [`crate::Answer`] keeps a hand-written impl: its tag is the name of its
/// [`CriterionType`](crate::model::rubric::CriterionType), the one list of type names, which
/// this macro could only repeat as literals.
///
/// The only field attributes understood are doc comments and `#[serde(default,
/// skip_serializing_if = "Option::is_none")]` (the field is left out when `None`); any other
/// `serde` or `schemars` attribute on a field is a compile error, since the writer could not
/// follow it. Type-level attributes (`deny_unknown_fields`, other derives) only concern serde
/// and are passed through.
macro_rules! json_output {
    (
        $(#[$attr:meta])*
        $vis:vis struct $name:ident {
            $(
                $(#[$($fattr:tt)*])*
                $fvis:vis $field:ident : $ty:ty
            ),* $(,)?
        }
    ) => {
        #[derive(::serde::Serialize, ::serde::Deserialize, ::schemars::JsonSchema)]
        $(#[$attr])*
        $vis struct $name {
            $( $(#[$($fattr)*])* $fvis $field: $ty, )*
        }

        impl $crate::document::output::WriteJson for $name {
            fn write_json(&self, w: &mut $crate::document::json::Writer) {
                w.begin_object();
                $( $crate::document::output::json_output!(
                    @field w, always, [$(#[$($fattr)*])*] $field, &self.$field
                ); )*
                w.end_object();
            }
        }
    };

    (
        $(#[doc = $edoc:literal])*
        #[serde(tag = $tag:literal $(, $opt:ident)* $(,)?)]
        $(#[$attr:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[doc = $vdoc:literal])*
                #[serde(rename = $vname:literal)]
                $variant:ident $({
                    $(
                        $(#[$($fattr:tt)*])*
                        $field:ident : $ty:ty
                    ),* $(,)?
                })?
            ),* $(,)?
        }
    ) => {
        $(#[doc = $edoc])*
        #[derive(::serde::Serialize, ::serde::Deserialize, ::schemars::JsonSchema)]
        #[serde(tag = $tag $(, $opt)*)]
        $(#[$attr])*
        $vis enum $name {
            $(
                $(#[doc = $vdoc])*
                #[serde(rename = $vname)]
                $variant $({ $( $(#[$($fattr)*])* $field: $ty, )* })?,
            )*
        }

        impl $crate::document::output::WriteJson for $name {
            fn write_json(&self, w: &mut $crate::document::json::Writer) {
                w.begin_object();
                w.key($tag);
                match self {
                    $(
                        Self::$variant { $($($field,)*)? .. } => {
                            w.str($vname);
                            $($( $crate::document::output::json_output!(
                                @field w, always, [$(#[$($fattr)*])*] $field, $field
                            ); )*)?
                        }
                    )*
                }
                w.end_object();
            }
        }
    };

    (
        $(#[doc = $edoc:literal])*
        #[serde(untagged $(, $opt:ident)* $(,)?)]
        $(#[$attr:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[doc = $vdoc:literal])*
                $variant:ident {
                    $(
                        $(#[$($fattr:tt)*])*
                        $field:ident : $ty:ty
                    ),* $(,)?
                }
            ),* $(,)?
        }
    ) => {
        $(#[doc = $edoc])*
        #[derive(::serde::Serialize, ::serde::Deserialize, ::schemars::JsonSchema)]
        #[serde(untagged $(, $opt)*)]
        $(#[$attr])*
        $vis enum $name {
            $(
                $(#[doc = $vdoc])*
                $variant { $( $(#[$($fattr)*])* $field: $ty, )* },
            )*
        }

        impl $crate::document::output::WriteJson for $name {
            fn write_json(&self, w: &mut $crate::document::json::Writer) {
                w.begin_object();
                match self {
                    $(
                        Self::$variant { $($field,)* } => {
                            $( $crate::document::output::json_output!(
                                @field w, always, [$(#[$($fattr)*])*] $field, $field
                            ); )*
                        }
                    )*
                }
                w.end_object();
            }
        }
    };

    // One field: its attributes are read one by one to decide whether it may be left out.
    (@field $w:ident, $mode:ident, [#[doc = $doc:literal] $($rest:tt)*] $key:ident, $v:expr) => {
        $crate::document::output::json_output!(@field $w, $mode, [$($rest)*] $key, $v)
    };
    (@field $w:ident, $mode:ident,
        [#[serde(default, skip_serializing_if = "Option::is_none")] $($rest:tt)*]
        $key:ident, $v:expr
    ) => {
        $crate::document::output::json_output!(@field $w, if_some, [$($rest)*] $key, $v)
    };
    (@field $w:ident, $mode:ident, [#[$($other:tt)*] $($rest:tt)*] $key:ident, $v:expr) => {
        compile_error!(concat!(
            "json_output!: the writer cannot follow #[",
            stringify!($($other)*),
            "] on `",
            stringify!($key),
            "`"
        ))
    };
    (@field $w:ident, always, [] $key:ident, $v:expr) => {
        $crate::document::output::WriteJson::write_field($v, stringify!($key), $w)
    };
    (@field $w:ident, if_some, [] $key:ident, $v:expr) => {
        if let Some(v) = $v {
            $crate::document::output::WriteJson::write_field(v, stringify!($key), $w);
        }
    };
}

pub(crate) use json_output;

#[cfg(test)]
mod tests {
    use super::*;

    json_output! {
        /// Every field form the macro knows.
        #[derive(Debug, PartialEq)]
        struct Sample {
            /// Written as `null` when absent.
            kept: Option<i64>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            left_out: Option<u64>,
            order: OrderedMap<bool>,
        }
    }

    #[test]
    fn a_declared_struct_writes_what_serde_writes() {
        let order = OrderedMap(vec![("z".to_string(), true), ("a".to_string(), false)]);
        for (kept, left_out) in [(None, None), (Some(-1), Some(i64::MAX as u64))] {
            let s = Sample {
                kept,
                left_out,
                order: order.clone(),
            };
            assert_eq!(s.to_json(), serde_json::to_string(&s).unwrap());
        }
        assert_eq!(
            Sample {
                kept: None,
                left_out: None,
                order,
            }
            .to_json(),
            r#"{"kept":null,"order":{"z":true,"a":false}}"#
        );
    }

    #[test]
    fn an_ordered_map_reads_in_order_and_a_repeated_key_keeps_its_first_place() {
        let m: OrderedMap<i64> = serde_json::from_str(r#"{"b": 1, "a": 2, "b": 3}"#).unwrap();
        assert_eq!(m.0, vec![("b".to_string(), 3), ("a".to_string(), 2)]);
        assert_eq!(m.get("a"), Some(&2));
        assert_eq!(
            schemars::schema_for!(OrderedMap<i64>),
            schemars::schema_for!(BTreeMap<String, i64>),
            "described as a map"
        );
    }
}
