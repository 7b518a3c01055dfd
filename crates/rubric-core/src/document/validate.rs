//! Semantic rules over decoded documents. Every rule adds to the report and carries on, so an
//! author sees every problem at once.

use crate::document::json::Node;
use crate::document::parse::{condition_node, ConditionNode, Limits, Malformed};
use crate::document::path::{short, Path, Seg};
use crate::document::report::Report;
use crate::model::condition::{Scalar, Test, MAX_DEPTH};
use crate::model::rubric::{Criterion, CriterionKind, CriterionType, Level, Rubric};
use crate::model::task::Task;
use std::collections::HashMap;

/// The longest id (a rubric's, task's, quiz's, criterion's, response's or checklist item's id,
/// an option's value) accepted, in characters. Ids are compared, suggested and quoted in
/// messages; a bound keeps all of that cheap, and no honest id comes near it
/// (docs/rubric-format.md, "Limits").
pub const MAX_ID_CHARS: usize = 128;

/// Refuses an id longer than [`MAX_ID_CHARS`]; `what` names the field ("id", "value").
pub(crate) fn id_length(id: &str, path: Path, what: &str, report: &mut Report) {
    let n = id.chars().count();
    if n > MAX_ID_CHARS {
        report.error(
            path,
            format!("{what} is {n} characters long; the limit is {MAX_ID_CHARS}"),
        );
    }
}

/// The first position of each key in a list, to report every later entry with the same key:
/// `duplicate {what} {key} (also {list}[{first}])`. The one rule for criterion ids, option
/// values, item ids, level values, response ids and skip reasons; one map per list keeps it
/// linear.
struct Firsts<K> {
    firsts: HashMap<K, usize>,
    what: &'static str,
    list: &'static str,
}

/// A key [`Firsts`] compares: an id or value as text (`&str`, the one map type the validation
/// already has, rather than one more per key type) or a level value.
trait Key: Copy + std::hash::Hash + Eq {
    /// The key as a message shows it (only for a duplicate, so a valid list formats nothing).
    fn shown(self) -> String;
}

impl Key for &str {
    fn shown(self) -> String {
        quoted(self)
    }
}

impl Key for i64 {
    fn shown(self) -> String {
        self.to_string()
    }
}

impl<K: Key> Firsts<K> {
    fn new(what: &'static str, list: &'static str) -> Self {
        Firsts {
            firsts: HashMap::new(),
            what,
            list,
        }
    }

    /// Entry `i` has `key`; if an earlier one had it too, reports it at `path`.
    fn check(&mut self, key: K, i: usize, path: Path, report: &mut Report) {
        // `insert` alone (put the first back on a repeat): the map code a lookup would add
        // is not needed.
        if let Some(first) = self.firsts.insert(key, i) {
            self.firsts.insert(key, first);
            report.error(
                path,
                format!(
                    "duplicate {} {} (also {}[{first}])",
                    self.what,
                    key.shown(),
                    self.list
                ),
            );
        }
    }
}

/// A list whose entries are each named by a key and shown by a label: options, checklist items,
/// responses and skip reasons. `Named(key field, what a duplicate is called, list field)`.
struct Named(&'static str, &'static str, &'static str);

impl Named {
    /// Every key (entry `j`'s `.0`) non-empty, short enough and unique in the list, every label
    /// non-empty. Takes the pairs as a slice, so the wasm has one copy for every kind of list.
    fn check(&self, entries: &[(&str, &str)], list: &Path, report: &mut Report) {
        let Named(key, what, name) = *self;
        let mut keys = Firsts::new(what, name);
        for (j, (k, label)) in entries.iter().enumerate() {
            let p = list.index(j);
            non_empty(k, p.key(key), key, report);
            id_length(k, p.key(key), key, report);
            non_empty(label, p.key("label"), "label", report);
            keys.check(*k, j, p.key(key), report);
        }
    }
}

/// Text as a message quotes it: in quotes, cut when long.
fn quoted(s: &str) -> String {
    format!("\"{}\"", short(s))
}

/// A condition's value as a message quotes it: a number, or text in quotes (cut when long).
fn scalar_text(v: &Scalar) -> String {
    match v {
        Scalar::Int(n) => n.to_string(),
        Scalar::Text(s) => quoted(s),
    }
}

/// The criteria ids as written (even of criteria that failed to decode) and where each is,
/// found in constant time: conditions and tensions may name criteria thousands of times, and a
/// search through up to 500 ids for each would be most of the work. The maps are
/// `HashMap<&str, usize>`, the one map type validation already uses, so the wasm gains no map
/// code; each keeps the first of a repeated id, as a search from the start would find.
struct Known<'a> {
    ids: Vec<&'a str>,
    /// Position in `ids`.
    positions: HashMap<&'a str, usize>,
    /// Position in the decoded rubric's criteria.
    decoded: HashMap<&'a str, usize>,
}

impl<'a> Known<'a> {
    fn new(ids: Vec<&'a str>, r: &'a Rubric) -> Known<'a> {
        let mut positions = HashMap::new();
        for (i, id) in ids.iter().enumerate().rev() {
            positions.insert(*id, i);
        }
        let mut decoded = HashMap::new();
        for (i, c) in r.criteria.iter().enumerate().rev() {
            decoded.insert(c.id.as_str(), i);
        }
        Known {
            ids,
            positions,
            decoded,
        }
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.positions.get(id).copied()
    }

    fn criterion<'r>(&self, r: &'r Rubric, id: &str) -> Option<&'r Criterion> {
        self.decoded.get(id).and_then(|i| r.criteria.get(*i))
    }
}

/// `head_clean`: the top-level fields had the right shape, so their values can be judged
/// (a missing title was already reported; "title must not be empty" would say it twice).
pub(crate) fn rubric(
    r: &Rubric,
    raw_criteria: &[Node],
    sources: &[&Node],
    head_clean: bool,
    limits: &Limits,
    report: &mut Report,
) {
    let root = Path::root();
    if head_clean {
        non_empty(&r.id, root.key("id"), "id", report);
        id_length(&r.id, root.key("id"), "id", report);
        non_empty(&r.version, root.key("version"), "version", report);
        non_empty(&r.title, root.key("title"), "title", report);
    }
    if raw_criteria.is_empty() {
        report.error(
            root.key("criteria"),
            "a rubric needs at least one criterion",
        );
    }
    // Ids as written, even of criteria that failed to decode, so references to them are not
    // reported as unknown on top of the real mistake.
    let ids: Vec<&str> = raw_criteria
        .iter()
        .filter_map(|c| c.get("id")?.as_str())
        .collect();
    let known = Known::new(ids, r);
    let mut criterion_ids = Firsts::new("criterion id", "criteria");
    for (i, raw) in raw_criteria.iter().enumerate() {
        let Some(id) = raw.get("id").and_then(Node::as_str) else {
            continue;
        };
        let path = root.key("criteria").index(i);
        id_length(id, path.key("id"), "id", report);
        criterion_ids.check(id, i, path.key("id"), report);
        if !id.is_empty()
            && !id
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || "_-.".contains(ch))
        {
            report.error(
                path.key("id"),
                format!(
                    "id \"{}\" may use only letters, digits, '_', '-' and '.'",
                    short(id)
                ),
            );
        }
    }
    let mut hotkey_owner: HashMap<String, String> = HashMap::new();
    // Each criterion is checked as itself: the decoded criteria are those of `raw_criteria` that
    // decoded, in order, each beside its node in `sources`. (Found by id, a repeated id's
    // criterion was checked with the first one's levels, keys and conditions at its own path:
    // five "hotkey already used" errors pointing at keys that were not.)
    let mut decoded = r.criteria.iter().zip(sources).peekable();
    for (i, raw) in raw_criteria.iter().enumerate() {
        let Some((c, _)) = decoded.next_if(|(_, node)| std::ptr::eq(**node, raw)) else {
            continue;
        };
        let path = root.key("criteria").index(i);
        criterion(c, &path, limits, report);
        hotkeys(c, &path, &mut hotkey_owner, report);
        let owner = Owner {
            r,
            known: &known,
            criterion: c,
            index: i,
        };
        for key in ["visible_if", "required_if"] {
            if let Some(cond) = raw.get(key) {
                condition(&owner, cond, &mut path.key(key), 0, report);
            }
        }
    }
    if r.skip_reasons.len() > limits.max_choices {
        report.error(
            root.key("skip_reasons"),
            format!(
                "{} entries; the limit is {}",
                r.skip_reasons.len(),
                limits.max_choices
            ),
        );
    }
    let reasons: Vec<_> = r
        .skip_reasons
        .iter()
        .map(|o| (&*o.value, &*o.label))
        .collect();
    let named = Named("value", "skip reason value", "skip_reasons");
    named.check(&reasons, &root.key("skip_reasons"), report);
    for (i, t) in r.tensions.iter().enumerate() {
        let path = root.key("tensions").index(i);
        if t.between.len() != 2 {
            report.error(
                path.key("between"),
                format!(
                    "a tension names exactly 2 criteria, not {}",
                    t.between.len()
                ),
            );
        } else if t.between[0] == t.between[1] {
            report.error(
                path.key("between"),
                "a tension names two different criteria",
            );
        }
        for (j, id) in t.between.iter().enumerate() {
            if known.position(id).is_none() && !report.is_full() {
                let hint = report.did_you_mean(id, known.ids.iter().copied());
                report.error(
                    path.key("between").index(j),
                    format!("unknown criterion \"{}\"{hint}", short(id)),
                );
            }
        }
        non_empty(&t.guidance, path.key("guidance"), "guidance", report);
    }
    if let Some(tag) = &r.language {
        language_tag(tag, &root.key("language"), report);
    }
    translations(r, &known, report);
}

/// A language tag such as "es" or "pt-BR" (BCP 47's shape: a 2–3 letter language, then
/// subtags of 1–8 letters or digits).
fn language_tag(tag: &str, path: &Path, report: &mut Report) {
    let ok = tag.split('-').enumerate().all(|(i, part)| {
        let alpha = part.chars().all(|c| c.is_ascii_alphabetic());
        let alnum = part.chars().all(|c| c.is_ascii_alphanumeric());
        if i == 0 {
            (2..=3).contains(&part.len()) && alpha
        } else {
            (1..=8).contains(&part.len()) && alnum
        }
    });
    if !ok {
        report.error(
            path.clone(),
            format!(
                "\"{}\" is not a language tag such as \"es\" or \"pt-BR\"",
                short(tag)
            ),
        );
    }
}

/// Every translation names a real criterion, level, option, item and tension: a typo there
/// would silently leave the original text.
fn translations(r: &Rubric, known: &Known, report: &mut Report) {
    for (tag, t) in &r.translations {
        let path = Path::root().key("translations").key(tag);
        language_tag(tag, &path, report);
        if t.tensions.len() > r.tensions.len() {
            report.error(
                path.key("tensions"),
                format!(
                    "{} tension texts, but the rubric has {} tensions",
                    t.tensions.len(),
                    r.tensions.len()
                ),
            );
        }
        // At most `max_choices` reasons, so a search per key stays bounded.
        for (k, _) in &t.skip_reasons {
            if report.is_full() {
                break;
            }
            if !r.skip_reasons.iter().any(|s| s.value == *k) {
                let values = r.skip_reasons.iter().map(|s| s.value.as_str());
                let hint = report.did_you_mean(k, values);
                report.error(
                    path.key("skip_reasons").key(k),
                    format!("the rubric has no skip reason \"{}\"{hint}", short(k)),
                );
            }
        }
        for (id, ct) in &t.criteria {
            let path = path.key("criteria").key(id);
            let Some(c) = known.criterion(r, id) else {
                if !report.is_full() {
                    let hint = report.did_you_mean(id, r.criteria.iter().map(|c| c.id.as_str()));
                    report.error(path, format!("unknown criterion \"{}\"{hint}", short(id)));
                }
                continue;
            };
            for (key, given, what) in [
                ("levels", &ct.levels, "level"),
                ("options", &ct.options, "option"),
                ("items", &ct.items, "item"),
            ] {
                // The criterion's own keys are listed only for an unknown one, not per entry:
                // a translation may name one criterion thousands of times.
                for (k, _) in given.iter().filter(|(k, _)| !has_key(&c.kind, key, k)) {
                    if report.is_full() {
                        break;
                    }
                    let known = keys_of(&c.kind, key);
                    let message = if known.is_empty() {
                        format!(
                            "criterion \"{}\" ({}) has no {key}",
                            short(id),
                            c.kind.name()
                        )
                    } else {
                        let hint = report.did_you_mean(k, known.iter().map(String::as_str));
                        format!(
                            "criterion \"{}\" has no {what} \"{}\"{hint}",
                            short(id),
                            short(k)
                        )
                    };
                    report.error(path.key(key).key(k), message);
                }
            }
        }
    }
}

/// The keys a translation may give under `field` ("levels", "options", "items") of a criterion
/// of this kind: level values as written, option values, item ids.
fn keys_of(kind: &CriterionKind, field: &str) -> Vec<String> {
    match (kind, field) {
        (
            CriterionKind::Rating { levels } | CriterionKind::Pairwise { scale: levels, .. },
            "levels",
        ) => levels.iter().map(|l| l.value.to_string()).collect(),
        (
            CriterionKind::SingleChoice { options } | CriterionKind::MultiChoice { options, .. },
            "options",
        ) => options.iter().map(|o| o.value.clone()).collect(),
        (CriterionKind::Checklist { items, .. }, "items") => {
            items.iter().map(|i| i.id.clone()).collect()
        }
        _ => Vec::new(),
    }
}

/// Whether `k` is one of [`keys_of`], without building that list.
fn has_key(kind: &CriterionKind, field: &str, k: &str) -> bool {
    match (kind, field) {
        (
            CriterionKind::Rating { levels } | CriterionKind::Pairwise { scale: levels, .. },
            "levels",
        ) => k
            .parse::<i64>()
            .is_ok_and(|v| levels.iter().any(|l| l.value == v) && v.to_string() == k),
        (
            CriterionKind::SingleChoice { options } | CriterionKind::MultiChoice { options, .. },
            "options",
        ) => options.iter().any(|o| o.value == k),
        (CriterionKind::Checklist { items, .. }, "items") => items.iter().any(|i| i.id == k),
        _ => false,
    }
}

fn non_empty(s: &str, path: Path, what: &str, report: &mut Report) {
    if s.trim().is_empty() {
        report.error(path, format!("{what} must not be empty"));
    }
}

fn criterion(c: &Criterion, path: &Path, limits: &Limits, report: &mut Report) {
    non_empty(&c.id, path.key("id"), "id", report);
    non_empty(&c.title, path.key("title"), "title", report);
    let too_many = |n: usize, key: &str, report: &mut Report| {
        if n > limits.max_choices {
            report.error(
                path.key(key),
                format!("{n} entries; the limit is {}", limits.max_choices),
            );
        }
    };
    match &c.kind {
        CriterionKind::Rating { levels } => {
            too_many(levels.len(), "levels", report);
            scale(levels, &path.key("levels"), CriterionType::Rating, report);
        }
        CriterionKind::Pairwise {
            scale: levels,
            responses,
            ..
        } => {
            too_many(levels.len(), "scale", report);
            scale(levels, &path.key("scale"), CriterionType::Pairwise, report);
            if let Some(rs) = responses {
                if rs.len() != 2 || rs[0] == rs[1] {
                    report.error(
                        path.key("responses"),
                        "responses names exactly 2 different response ids",
                    );
                }
            }
        }
        CriterionKind::SingleChoice { options } | CriterionKind::MultiChoice { options, .. } => {
            too_many(options.len(), "options", report);
            let single = matches!(c.kind, CriterionKind::SingleChoice { .. });
            let min = if single { 2 } else { 1 };
            if options.len() < min {
                report.error(
                    path.key("options"),
                    format!("a {} needs at least {min} options", c.kind.name()),
                );
            }
            let named: Vec<_> = options.iter().map(|o| (&*o.value, &*o.label)).collect();
            Named("value", "option value", "options").check(&named, &path.key("options"), report);
            for (j, o) in options.iter().enumerate() {
                if single && o.exclusive {
                    report.error(
                        path.key("options").index(j).key("exclusive"),
                        "exclusive only applies to multi_choice options",
                    );
                }
            }
            if let CriterionKind::MultiChoice {
                min_selections,
                max_selections,
                ..
            } = &c.kind
            {
                let inclusive = options.iter().filter(|o| !o.exclusive).count() as u32;
                if let (Some(lo), Some(hi)) = (min_selections, max_selections) {
                    if lo > hi {
                        report.error(
                            path.key("min_selections"),
                            format!("min_selections ({lo}) is more than max_selections ({hi})"),
                        );
                    }
                }
                if let Some(lo) = min_selections.filter(|lo| *lo > inclusive.max(1)) {
                    report.error(
                        path.key("min_selections"),
                        format!(
                            "min_selections ({lo}) is more than the {inclusive} options there are"
                        ),
                    );
                }
                if *max_selections == Some(0) {
                    report.error(
                        path.key("max_selections"),
                        "max_selections must be at least 1",
                    );
                }
            }
        }
        CriterionKind::Ranking { top_k, .. } => {
            if *top_k == Some(0) {
                report.error(path.key("top_k"), "top_k must be at least 1");
            }
        }
        CriterionKind::Text {
            min_length,
            max_length,
            ..
        } => {
            if let (Some(lo), Some(hi)) = (min_length, max_length) {
                if lo > hi {
                    report.error(
                        path.key("min_length"),
                        format!("min_length ({lo}) is more than max_length ({hi})"),
                    );
                }
            }
        }
        CriterionKind::Checklist { items, .. } => {
            too_many(items.len(), "items", report);
            if items.is_empty() {
                report.error(path.key("items"), "a checklist needs at least one item");
            }
            let named: Vec<_> = items.iter().map(|i| (&*i.id, &*i.label)).collect();
            Named("id", "item id", "items").check(&named, &path.key("items"), report);
        }
    }
}

/// Rules shared by rating and pairwise scales.
fn scale(levels: &[Level], path: &Path, kind: CriterionType, report: &mut Report) {
    if levels.len() < 2 {
        report.error(
            path.clone(),
            format!("a {} scale needs at least 2 levels", kind.name()),
        );
    }
    // "levels" in the message for a pairwise `scale` too.
    let mut values = Firsts::new("level value", "levels");
    let mut descriptors: HashMap<&str, usize> = HashMap::new();
    for (j, l) in levels.iter().enumerate() {
        let p = path.index(j);
        non_empty(&l.label, p.key("label"), "label", report);
        values.check(l.value, j, p.key("value"), report);
        if kind == CriterionType::Rating && l.descriptor.trim().is_empty() {
            report.warning(
                p.key("descriptor"),
                "this level has no descriptor: reviewers need to know what it means",
            );
        } else if let Some(prev) = descriptors
            .insert(l.descriptor.trim(), j)
            .filter(|_| !l.descriptor.trim().is_empty())
        {
            report.warning(
                p.key("descriptor"),
                format!("same descriptor as level {prev}: reviewers cannot tell them apart"),
            );
        }
    }
}

fn hotkeys(c: &Criterion, path: &Path, owner: &mut HashMap<String, String>, report: &mut Report) {
    if c.hotkeys.is_empty() {
        return;
    }
    let Some(slots) = c.kind.hotkey_slots() else {
        report.error(
            path.key("hotkeys"),
            format!("hotkeys do not apply to a {} criterion", c.kind.name()),
        );
        return;
    };
    if c.hotkeys.len() != slots {
        let (all, one) = match c.kind {
            CriterionKind::Checklist { allow_na: true, .. } => ("answers (yes, no, n/a)", "answer"),
            CriterionKind::Checklist { .. } => ("answers (yes, no)", "answer"),
            _ => ("levels/options", "level/option"),
        };
        report.error(
            path.key("hotkeys"),
            format!(
                "{} hotkeys for {slots} {all}: give exactly one key per {one}",
                c.hotkeys.len()
            ),
        );
    }
    for (j, key) in c.hotkeys.iter().enumerate() {
        let p = path.key("hotkeys").index(j);
        let mut chars = key.chars();
        let valid =
            matches!((chars.next(), chars.next()), (Some(ch), None) if ch.is_ascii_alphanumeric());
        if !valid {
            report.error(
                p,
                format!("hotkey \"{}\" must be a single letter or digit", short(key)),
            );
            continue;
        }
        let norm = key.to_ascii_lowercase();
        let here = format!("{}.hotkeys[{j}]", path);
        match owner.get(&norm) {
            Some(prev) => report.error(p, format!("hotkey \"{key}\" is already used by {prev}")),
            None => {
                owner.insert(norm, here);
            }
        }
    }
}

/// The criterion whose condition is being checked, and what its tests may name.
struct Owner<'a> {
    r: &'a Rubric,
    known: &'a Known<'a>,
    criterion: &'a Criterion,
    /// Its position in the criteria as written.
    index: usize,
}

/// Checks one condition node and, below it, every node of its tree: first whether it is a
/// condition at all ([`condition_node`] decides, the same reading the decoder makes), then
/// whether its test fits the criterion it names. It walks the JSON rather than the decoded
/// [`crate::model::condition::Condition`] because a malformed node has no decoded form, and its
/// siblings are still checked. `path` is where the node is; it is extended for each child and
/// restored after, and copied only into an issue: a condition may have thousands of tests, and
/// copying a deep path for each was most of the work. Once the report is full nothing more can
/// be said, so the walk stops.
fn condition(owner: &Owner, n: &Node, path: &mut Path, depth: usize, report: &mut Report) {
    if report.is_full() {
        return;
    }
    if depth > MAX_DEPTH {
        report.error(
            path.clone(),
            format!("conditions nest at most {MAX_DEPTH} levels deep"),
        );
        return;
    }
    let mut below = |key: &str, index: Option<usize>, sub: &Node, report: &mut Report| {
        path.0.push(Seg::Key(key.to_string()));
        path.0.extend(index.map(Seg::Index));
        condition(owner, sub, path, depth + 1, report);
        path.0
            .truncate(path.0.len() - 1 - usize::from(index.is_some()));
    };
    match condition_node(n) {
        Err(m) => malformed(m, path, report),
        Ok(ConditionNode::All(subs)) => {
            for (i, sub) in subs.iter().enumerate() {
                below("all", Some(i), sub, report);
            }
        }
        Ok(ConditionNode::Any(subs)) => {
            for (i, sub) in subs.iter().enumerate() {
                below("any", Some(i), sub, report);
            }
        }
        Ok(ConditionNode::Not(sub)) => below("not", None, sub, report),
        Ok(ConditionNode::Test(target, test)) => leaf(owner, target, &test, path, report),
    }
}

fn malformed(m: Malformed, path: &Path, report: &mut Report) {
    match m {
        Malformed::Mixed => report.error(
            path.clone(),
            "a condition is either one of all / any / not, or a criterion with one test",
        ),
        Malformed::Empty(key) => {
            report.error(path.key(key), format!("{key} needs at least one condition"))
        }
        Malformed::NoCriterion => report.error(
            path.clone(),
            "a condition needs a \"criterion\" (or all / any / not)",
        ),
        Malformed::Tests(names) => {
            let found = if names.is_empty() {
                "none".into()
            } else {
                names.join(", ")
            };
            report.error(
                path.clone(),
                format!("a condition tests exactly one thing; found {found}"),
            );
        }
    }
}

/// A test on `target_id`: it names another criterion, one that exists, whose type the test
/// can read, and the values it compares with are that criterion's.
fn leaf(owner: &Owner, target_id: &str, test: &Test, path: &Path, report: &mut Report) {
    let ids = owner.known;
    if target_id == owner.criterion.id {
        report.error(
            path.key("criterion"),
            "a condition cannot refer to its own criterion",
        );
        return;
    }
    let Some(target_idx) = ids.position(target_id) else {
        if !report.is_full() {
            let hint = report.did_you_mean(target_id, ids.ids.iter().copied());
            report.error(
                path.key("criterion"),
                format!("unknown criterion \"{}\"{hint}", short(target_id)),
            );
        }
        return;
    };
    let shown = short(target_id);
    if target_idx > owner.index {
        report.warning(
            path.key("criterion"),
            format!("\"{shown}\" comes later in the form: reviewers answer it after this one"),
        );
    }
    let Some(target) = ids.criterion(owner.r, target_id) else {
        return;
    };
    let numeric = matches!(
        target.kind,
        CriterionKind::Rating { .. } | CriterionKind::Pairwise { .. }
    );
    let fits = match test {
        Test::Answered(_) => true,
        Test::Lt(_) | Test::Lte(_) | Test::Gt(_) | Test::Gte(_) => numeric,
        Test::Includes(_) => matches!(target.kind, CriterionKind::MultiChoice { .. }),
        Test::Equals(_) | Test::NotEquals(_) | Test::In(_) => {
            numeric || matches!(target.kind, CriterionKind::SingleChoice { .. })
        }
    };
    let name = test.name();
    if !fits {
        report.error(
            path.key(name),
            format!(
                "\"{name}\" cannot test a {} criterion (\"{shown}\")",
                target.kind.name()
            ),
        );
        return;
    }
    // Values compared against must exist on the target's scale or options.
    let mut value = |p: Path, v: &Scalar| {
        if !value_exists(target, v) {
            report.error(
                p,
                format!("{} is not a value of \"{shown}\"", scalar_text(v)),
            );
        }
    };
    match test {
        Test::Equals(v) | Test::NotEquals(v) => value(path.key(name), v),
        Test::In(vs) => {
            for (i, v) in vs.iter().enumerate() {
                value(path.key(name).index(i), v);
            }
        }
        Test::Includes(opt) => {
            if let CriterionKind::MultiChoice { options, .. } = &target.kind {
                if !options.iter().any(|o| &o.value == opt) {
                    report.error(
                        path.key(name),
                        format!("\"{}\" is not an option of \"{shown}\"", short(opt)),
                    );
                }
            }
        }
        _ => {}
    }
}

fn value_exists(target: &Criterion, v: &Scalar) -> bool {
    match (&target.kind, v) {
        (
            CriterionKind::Rating { levels } | CriterionKind::Pairwise { scale: levels, .. },
            Scalar::Int(n),
        ) => levels.iter().any(|l| l.value == *n),
        (CriterionKind::SingleChoice { options }, Scalar::Text(s)) => {
            options.iter().any(|o| &o.value == s)
        }
        _ => false,
    }
}

pub(crate) fn task(t: &Task, limits: &Limits, report: &mut Report) {
    let root = Path::root();
    non_empty(&t.id, root.key("id"), "id", report);
    id_length(&t.id, root.key("id"), "id", report);
    if let Some(tag) = &t.language {
        language_tag(tag, &root.key("language"), report);
    }
    if t.responses.is_empty() {
        report.error(root.key("responses"), "a task needs at least one response");
    }
    if t.responses.len() > limits.max_responses {
        report.error(
            root.key("responses"),
            format!(
                "{} responses; the limit is {}",
                t.responses.len(),
                limits.max_responses
            ),
        );
    }
    let named: Vec<_> = t.responses.iter().map(|r| (&*r.id, &*r.label)).collect();
    Named("id", "response id", "responses").check(&named, &root.key("responses"), report);
}

pub(crate) fn task_fits(r: &Rubric, t: &Task, report: &mut Report) {
    let path = Path::root().key("responses");
    for c in &r.criteria {
        match &c.kind {
            CriterionKind::Pairwise {
                responses: Some(ids),
                ..
            } => {
                for id in ids {
                    if t.response(id).is_none() {
                        report.error(path.clone(), format!("criterion \"{}\" compares response \"{}\", which this task does not have", short(&c.id), short(id)));
                    }
                }
            }
            CriterionKind::Pairwise { .. } | CriterionKind::Ranking { .. }
                if t.responses.len() < 2 =>
            {
                report.error(
                    path.clone(),
                    format!(
                        "criterion \"{}\" ({}) needs at least 2 responses; this task has {}",
                        short(&c.id),
                        c.kind.name(),
                        t.responses.len()
                    ),
                );
            }
            _ => {}
        }
    }
}
