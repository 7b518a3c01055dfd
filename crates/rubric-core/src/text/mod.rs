//! Text shown to people: untrusted markdown as a node tree, the one URL allow-list, the
//! widget's messages and the languages they are translated into.

pub mod i18n;
pub mod markdown;
pub mod messages;
pub mod url_policy;
