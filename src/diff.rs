//! Diff two datasets (or two documents): what a change to the code or the input added, lost or
//! changed, per document, in metadata, clauses and entities.
//!
//! Outputs are read back through deserialize-only views, so any `gongwen/1` file can be
//! compared, whatever version of gongwen wrote it.
//!
//! Matching:
//! - documents by `id`;
//! - metadata field by field (`spans` left out: they move whenever text before them changes);
//! - clauses: the same id and text are unchanged; the same text under another id was
//!   re-numbered; the same id with other text changed; the rest were added or removed;
//! - entities by type and text, the k-th occurrence with the k-th, so spans that moved because
//!   text before them changed still match; then unmatched ones of one type whose spans overlap
//!   once shifted by the text length change before them, as changed.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A document as read back from JSON.
#[derive(Clone, Debug, Deserialize)]
pub struct DocView {
    pub id: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub metadata: serde_json::Map<String, Value>,
    #[serde(default)]
    pub clauses: Vec<ClauseView>,
    #[serde(default)]
    pub entities: Vec<EntityView>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ClauseView {
    pub id: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub span: [usize; 2],
}

#[derive(Clone, Debug, Deserialize)]
pub struct EntityView {
    #[serde(rename = "type")]
    pub kind: String,
    pub text: String,
    pub span: [usize; 2],
    #[serde(default)]
    pub value: Value,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum MetaChange {
    Changed {
        field: String,
        old: Value,
        new: Value,
    },
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ClauseChange {
    Added {
        id: String,
        text: String,
    },
    Removed {
        id: String,
        text: String,
    },
    Renumbered {
        old_id: String,
        new_id: String,
        text: String,
    },
    TextChanged {
        id: String,
        old: String,
        new: String,
    },
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum EntityChange {
    Added {
        r#type: String,
        text: String,
        span: [usize; 2],
        value: Value,
        context: String,
    },
    Removed {
        r#type: String,
        text: String,
        span: [usize; 2],
        value: Value,
        context: String,
    },
    Changed {
        r#type: String,
        old_text: String,
        new_text: String,
        old_span: [usize; 2],
        new_span: [usize; 2],
        old_value: Value,
        new_value: Value,
        context: String,
    },
}

impl EntityChange {
    fn kind(&self) -> &str {
        match self {
            EntityChange::Added { r#type, .. }
            | EntityChange::Removed { r#type, .. }
            | EntityChange::Changed { r#type, .. } => r#type,
        }
    }
}

/// What changed in one document present on both sides.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct DocDiff {
    pub id: String,
    pub metadata: Vec<MetaChange>,
    pub clauses: Vec<ClauseChange>,
    pub entities: Vec<EntityChange>,
}

impl DocDiff {
    pub fn is_empty(&self) -> bool {
        self.metadata.is_empty() && self.clauses.is_empty() && self.entities.is_empty()
    }
}

/// Per entity type: how many were added, removed and changed.
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Totals {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

/// The difference between two datasets.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Report {
    pub added_documents: Vec<String>,
    pub removed_documents: Vec<String>,
    pub documents: Vec<DocDiff>,
    /// Entity totals per type, `clause` and `metadata` included as pseudo-types.
    pub totals: BTreeMap<String, Totals>,
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.added_documents.is_empty()
            && self.removed_documents.is_empty()
            && self.documents.is_empty()
    }

    /// The reports on sets of documents that share no id, as one: what [`diff_sets`] says of
    /// their union.
    pub fn merge(reports: impl IntoIterator<Item = Report>) -> Report {
        let mut all = Report::default();
        for r in reports {
            all.added_documents.extend(r.added_documents);
            all.removed_documents.extend(r.removed_documents);
            all.documents.extend(r.documents);
        }
        all.added_documents.sort_unstable();
        all.removed_documents.sort_unstable();
        all.documents.sort_by(|a, b| a.id.cmp(&b.id));
        count(&mut all);
        all
    }
}

/// Compares two sets of documents, matched by id.
pub fn diff_sets(old: &[DocView], new: &[DocView]) -> Report {
    let old_by: BTreeMap<&str, &DocView> = old.iter().map(|d| (d.id.as_str(), d)).collect();
    let new_by: BTreeMap<&str, &DocView> = new.iter().map(|d| (d.id.as_str(), d)).collect();
    let mut report = Report::default();
    for (id, o) in &old_by {
        match new_by.get(id) {
            None => report.removed_documents.push(id.to_string()),
            Some(n) => {
                let d = diff_docs(o, n);
                if !d.is_empty() {
                    report.documents.push(d);
                }
            }
        }
    }
    report.added_documents = new_by
        .keys()
        .filter(|id| !old_by.contains_key(*id))
        .map(|s| s.to_string())
        .collect();
    count(&mut report);
    report
}

/// [`diff_sets`] of two datasets listed by their documents' ids, each document read (by
/// `load_old` or `load_new`, from where its listing says) when it is compared, so that neither
/// dataset is ever whole in memory; pairs are compared in parallel. `None` when a document's id
/// is not the one it is listed under (the caller then compares the whole sets, matched by the
/// ids they hold).
pub fn diff_listed<A: Sync, B: Sync>(
    old: &BTreeMap<String, A>,
    load_old: impl Fn(&A) -> Result<DocView, String> + Sync,
    new: &BTreeMap<String, B>,
    load_new: impl Fn(&B) -> Result<DocView, String> + Sync,
) -> Result<Option<Report>, String> {
    use rayon::prelude::*;
    enum Pair {
        Same,
        Changed(DocDiff),
        Removed,
        Added,
        Misnamed,
    }
    let mut ids: Vec<&String> = old.keys().chain(new.keys()).collect();
    ids.sort_unstable();
    ids.dedup();
    let compared: Vec<Result<Pair, String>> = ids
        .par_iter()
        .map(|&id| {
            let o = old.get(id).map(&load_old).transpose()?;
            let n = new.get(id).map(&load_new).transpose()?;
            if [&o, &n].into_iter().flatten().any(|d| d.id != *id) {
                return Ok(Pair::Misnamed);
            }
            Ok(match (o, n) {
                (Some(o), Some(n)) => {
                    let d = diff_docs(&o, &n);
                    if d.is_empty() {
                        Pair::Same
                    } else {
                        Pair::Changed(d)
                    }
                }
                (Some(_), None) => Pair::Removed,
                _ => Pair::Added,
            })
        })
        .collect();
    let mut report = Report::default();
    for (id, pair) in ids.into_iter().zip(compared) {
        match pair? {
            Pair::Same => {}
            Pair::Changed(d) => report.documents.push(d),
            Pair::Removed => report.removed_documents.push(id.clone()),
            Pair::Added => report.added_documents.push(id.clone()),
            Pair::Misnamed => return Ok(None),
        }
    }
    count(&mut report);
    Ok(Some(report))
}

/// Fills in the report's totals from its documents' changes.
fn count(report: &mut Report) {
    for d in &report.documents {
        for e in &d.entities {
            let t = report.totals.entry(e.kind().to_owned()).or_default();
            match e {
                EntityChange::Added { .. } => t.added += 1,
                EntityChange::Removed { .. } => t.removed += 1,
                EntityChange::Changed { .. } => t.changed += 1,
            }
        }
        let t = report.totals.entry("clause".to_owned()).or_default();
        for c in &d.clauses {
            match c {
                ClauseChange::Added { .. } => t.added += 1,
                ClauseChange::Removed { .. } => t.removed += 1,
                _ => t.changed += 1,
            }
        }
        report
            .totals
            .entry("metadata".to_owned())
            .or_default()
            .changed += d.metadata.len();
    }
    report
        .totals
        .retain(|_, t| t.added + t.removed + t.changed > 0);
}

/// Compares two versions of one document.
pub fn diff_docs(old: &DocView, new: &DocView) -> DocDiff {
    DocDiff {
        id: new.id.clone(),
        metadata: diff_metadata(old, new),
        clauses: diff_clauses(&old.clauses, &new.clauses),
        entities: diff_entities(old, new),
    }
}

fn diff_metadata(old: &DocView, new: &DocView) -> Vec<MetaChange> {
    let keys: BTreeSet<&String> = old
        .metadata
        .keys()
        .chain(new.metadata.keys())
        .filter(|k| *k != "spans")
        .collect();
    let mut out = Vec::new();
    for k in keys {
        let o = old.metadata.get(k).cloned().unwrap_or(Value::Null);
        let n = new.metadata.get(k).cloned().unwrap_or(Value::Null);
        if o != n {
            out.push(MetaChange::Changed {
                field: k.clone(),
                old: o,
                new: n,
            });
        }
    }
    out
}

fn diff_clauses(old: &[ClauseView], new: &[ClauseView]) -> Vec<ClauseChange> {
    // 1. same id, same text: unchanged.
    let new_same: HashSet<(&str, &str)> = new
        .iter()
        .map(|c| (c.id.as_str(), c.text.as_str()))
        .collect();
    let old_same: HashSet<(&str, &str)> = old
        .iter()
        .map(|c| (c.id.as_str(), c.text.as_str()))
        .collect();
    let mut old_left: Vec<&ClauseView> = old
        .iter()
        .filter(|c| !new_same.contains(&(c.id.as_str(), c.text.as_str())))
        .collect();
    let mut new_left: Vec<&ClauseView> = new
        .iter()
        .filter(|c| !old_same.contains(&(c.id.as_str(), c.text.as_str())))
        .collect();
    let mut out = Vec::new();
    // 2. same text under another id: re-numbered.
    old_left.retain(|o| match new_left.iter().position(|n| n.text == o.text) {
        Some(k) => {
            let n = new_left.remove(k);
            out.push(ClauseChange::Renumbered {
                old_id: o.id.clone(),
                new_id: n.id.clone(),
                text: n.text.clone(),
            });
            false
        }
        None => true,
    });
    // 3. same id, other text: changed; the rest were added or removed.
    for o in old_left {
        match new_left.iter().position(|n| n.id == o.id) {
            Some(k) => {
                let n = new_left.remove(k);
                out.push(ClauseChange::TextChanged {
                    id: o.id.clone(),
                    old: o.text.clone(),
                    new: n.text.clone(),
                });
            }
            None => out.push(ClauseChange::Removed {
                id: o.id.clone(),
                text: o.text.clone(),
            }),
        }
    }
    for n in new_left {
        out.push(ClauseChange::Added {
            id: n.id.clone(),
            text: n.text.clone(),
        });
    }
    out
}

/// Up to `width` characters either side of a span, with the span in 【】.
pub fn context(text: &str, span: [usize; 2], width: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let [s, e] = [span[0].min(chars.len()), span[1].min(chars.len())];
    let a = s.saturating_sub(width);
    let b = (e + width).min(chars.len());
    let part = |r: std::ops::Range<usize>| chars[r].iter().collect::<String>().replace('\n', "⏎");
    format!("{}【{}】{}", part(a..s), part(s..e), part(e..b))
}

fn diff_entities(old: &DocView, new: &DocView) -> Vec<EntityChange> {
    // k-th occurrence of (type, text) matches the k-th.
    let key = |e: &EntityView, seen: &mut HashMap<(String, String), usize>| {
        let k = (e.kind.clone(), e.text.clone());
        let n = seen.entry(k.clone()).or_default();
        *n += 1;
        (k.0, k.1, *n)
    };
    let mut seen = HashMap::new();
    let old_keys: Vec<_> = old.entities.iter().map(|e| key(e, &mut seen)).collect();
    let mut seen = HashMap::new();
    let new_keys: Vec<_> = new.entities.iter().map(|e| key(e, &mut seen)).collect();
    let new_index: HashMap<_, usize> = new_keys
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, k)| (k, i))
        .collect();
    let mut matched_new = vec![false; new.entities.len()];
    let mut out = Vec::new();
    let mut old_left = Vec::new();
    // (old start, new start) of matched entities, for shifting unmatched spans.
    let mut anchors: Vec<(usize, usize)> = Vec::new();
    for (i, k) in old_keys.iter().enumerate() {
        match new_index.get(k) {
            Some(&j) => {
                matched_new[j] = true;
                let (o, n) = (&old.entities[i], &new.entities[j]);
                anchors.push((o.span[0], n.span[0]));
                if o.value != n.value {
                    out.push(changed(o, n, new));
                }
            }
            None => old_left.push(i),
        }
    }
    anchors.sort_unstable();
    let shift = |pos: usize| -> isize {
        let k = anchors.partition_point(|a| a.0 <= pos);
        if k == 0 {
            0
        } else {
            anchors[k - 1].1 as isize - anchors[k - 1].0 as isize
        }
    };
    let mut new_left: Vec<usize> = (0..new.entities.len())
        .filter(|&j| !matched_new[j])
        .collect();
    for i in old_left {
        let o = &old.entities[i];
        let d = shift(o.span[0]);
        let moved = [
            (o.span[0] as isize + d).max(0) as usize,
            (o.span[1] as isize + d).max(0) as usize,
        ];
        let overlap = new_left.iter().position(|&j| {
            let n = &new.entities[j];
            n.kind == o.kind && n.span[0] < moved[1] && moved[0] < n.span[1]
        });
        match overlap {
            Some(k) => {
                let j = new_left.remove(k);
                out.push(changed(o, &new.entities[j], new));
            }
            None => out.push(EntityChange::Removed {
                r#type: o.kind.clone(),
                text: o.text.clone(),
                span: o.span,
                value: o.value.clone(),
                context: context(&old.text, o.span, 10),
            }),
        }
    }
    for j in new_left {
        let n = &new.entities[j];
        out.push(EntityChange::Added {
            r#type: n.kind.clone(),
            text: n.text.clone(),
            span: n.span,
            value: n.value.clone(),
            context: context(&new.text, n.span, 10),
        });
    }
    out
}

fn changed(o: &EntityView, n: &EntityView, new: &DocView) -> EntityChange {
    EntityChange::Changed {
        r#type: n.kind.clone(),
        old_text: o.text.clone(),
        new_text: n.text.clone(),
        old_span: o.span,
        new_span: n.span,
        old_value: o.value.clone(),
        new_value: n.value.clone(),
        context: context(&new.text, n.span, 10),
    }
}

fn short(s: &str, n: usize) -> String {
    let s = s.replace('\n', "⏎");
    if s.chars().count() <= n {
        s
    } else {
        s.chars().take(n).collect::<String>() + "…"
    }
}

impl Report {
    /// The human-readable report.
    pub fn to_text(&self) -> String {
        let mut o = String::new();
        for id in &self.added_documents {
            let _ = writeln!(o, "+ document {id}");
        }
        for id in &self.removed_documents {
            let _ = writeln!(o, "- document {id}");
        }
        for d in &self.documents {
            let _ = writeln!(o, "~ document {}", d.id);
            for MetaChange::Changed { field, old, new } in &d.metadata {
                let _ = writeln!(
                    o,
                    "  metadata {field}: {} -> {}",
                    short(&old.to_string(), 60),
                    short(&new.to_string(), 60)
                );
            }
            for c in &d.clauses {
                let _ = match c {
                    ClauseChange::Added { id, text } => {
                        writeln!(o, "  + clause {id}: {}", short(text, 40))
                    }
                    ClauseChange::Removed { id, text } => {
                        writeln!(o, "  - clause {id}: {}", short(text, 40))
                    }
                    ClauseChange::Renumbered {
                        old_id,
                        new_id,
                        text,
                    } => {
                        writeln!(o, "  ~ clause {old_id} -> {new_id}: {}", short(text, 40))
                    }
                    ClauseChange::TextChanged { id, old, new } => {
                        writeln!(
                            o,
                            "  ~ clause {id} text: {} -> {}",
                            short(old, 30),
                            short(new, 30)
                        )
                    }
                };
            }
            for e in &d.entities {
                let _ = match e {
                    EntityChange::Added {
                        r#type,
                        text,
                        span,
                        value,
                        context,
                    } => {
                        writeln!(o, "  + {type} {text} [{}, {}) {value}  {context}", span[0], span[1], type = r#type)
                    }
                    EntityChange::Removed {
                        r#type,
                        text,
                        span,
                        value,
                        context,
                    } => {
                        writeln!(o, "  - {type} {text} [{}, {}) {value}  {context}", span[0], span[1], type = r#type)
                    }
                    EntityChange::Changed {
                        r#type,
                        old_text,
                        new_text,
                        old_value,
                        new_value,
                        context,
                        ..
                    } => {
                        writeln!(o, "  ~ {type} {old_text} {old_value} -> {new_text} {new_value}  {context}", type = r#type)
                    }
                };
            }
        }
        let _ = writeln!(
            o,
            "{} documents changed, {} added, {} removed",
            self.documents.len(),
            self.added_documents.len(),
            self.removed_documents.len()
        );
        if !self.totals.is_empty() {
            let _ = writeln!(
                o,
                "{:<14}{:>8}{:>8}{:>8}",
                "type", "added", "removed", "changed"
            );
            for (t, n) in &self.totals {
                let _ = writeln!(
                    o,
                    "{t:<14}{:>8}{:>8}{:>8}",
                    format!("+{}", n.added),
                    format!("-{}", n.removed),
                    format!("~{}", n.changed)
                );
            }
        }
        o
    }
}

/// The documents of an output folder (every `*.json` below it but `index.json`), with their
/// paths relative to the folder, in sorted order.
pub fn load_dir(dir: &std::path::Path) -> Result<Vec<(std::path::PathBuf, DocView)>, String> {
    document_files(dir)?
        .into_iter()
        .map(|name| {
            let view = load_file(&dir.join(&name))?;
            Ok((name, view))
        })
        .collect()
}

/// The documents' JSON files in an output folder (every `.json` file but its own
/// `index.json`), as paths relative to it, in sorted order.
pub fn document_files(dir: &std::path::Path) -> Result<Vec<std::path::PathBuf>, String> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        let is_doc = entry.file_type().is_file()
            && path.extension().is_some_and(|e| e == "json")
            && !(path.file_name().is_some_and(|f| f == "index.json") && path.parent() == Some(dir));
        if is_doc {
            out.push(path.strip_prefix(dir).unwrap_or(path).to_path_buf());
        }
    }
    Ok(out)
}

/// One document's JSON file.
pub fn load_file(path: &std::path::Path) -> Result<DocView, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{}: not a gongwen document: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(text: &str, clauses: Value, entities: Value, date: &str) -> DocView {
        serde_json::from_value(json!({
            "id": "d", "text": text,
            "metadata": {"date": date, "spans": [{"field": "date", "span": [0, 1]}]},
            "clauses": clauses, "entities": entities,
        }))
        .unwrap()
    }

    #[test]
    fn equal_documents_have_no_diff() {
        let a = doc(
            "甲乙",
            json!([{"id": "1", "text": "甲"}]),
            json!([]),
            "2024-01-01",
        );
        assert!(diff_sets(std::slice::from_ref(&a), std::slice::from_ref(&a)).is_empty());
    }

    #[test]
    fn moved_entities_still_match_and_value_changes_show() {
        let old = doc(
            "投资100万元，补助5万元。",
            json!([]),
            json!([
                {"type": "amount", "text": "100万元", "span": [2, 7], "value": {"yuan": "1000000"}},
                {"type": "amount", "text": "5万元", "span": [10, 13], "value": {"yuan": "50000"}}
            ]),
            "2024-01-01",
        );
        let new = doc(
            "今年投资100万元，补助5万元。",
            json!([]),
            json!([
                {"type": "amount", "text": "100万元", "span": [4, 9], "value": {"yuan": "1000000"}},
                {"type": "amount", "text": "5万元", "span": [12, 15], "value": {"yuan": "5000"}}
            ]),
            "2024-01-02",
        );
        let r = diff_sets(&[old], &[new]);
        let d = &r.documents[0];
        assert_eq!(d.metadata.len(), 1, "spans are not compared; the date is");
        assert_eq!(d.entities.len(), 1);
        assert!(
            matches!(&d.entities[0], EntityChange::Changed { new_value, .. } if new_value["yuan"] == "5000")
        );
        assert_eq!(
            r.totals["amount"],
            Totals {
                added: 0,
                removed: 0,
                changed: 1
            }
        );
    }

    #[test]
    fn overlapping_entities_of_a_type_are_changes_others_added_or_removed() {
        let old = doc(
            "约100万元和3日",
            json!([]),
            json!([
                {"type": "amount", "text": "100万元", "span": [1, 6], "value": 1},
                {"type": "date", "text": "3日", "span": [7, 9], "value": 1}
            ]),
            "x",
        );
        let new = doc(
            "约100万元和3日",
            json!([]),
            json!([
                {"type": "amount", "text": "约100万元", "span": [0, 6], "value": 2},
                {"type": "percent", "text": "3", "span": [7, 8], "value": 1}
            ]),
            "x",
        );
        let r = diff_sets(&[old], &[new]);
        let kinds: Vec<_> = r.documents[0]
            .entities
            .iter()
            .map(|e| match e {
                EntityChange::Added { r#type, .. } => format!("+{type}", type = r#type),
                EntityChange::Removed { r#type, .. } => format!("-{type}", type = r#type),
                EntityChange::Changed { r#type, .. } => format!("~{type}", type = r#type),
            })
            .collect();
        assert_eq!(kinds, ["~amount", "-date", "+percent"]);
        assert!(r.to_text().contains("~ amount 100万元 1 -> 约100万元 2"));
    }

    #[test]
    fn clauses_added_removed_renumbered_changed() {
        let old = doc(
            "",
            json!([{"id": "1", "text": "一、甲"}, {"id": "2", "text": "二、乙"}, {"id": "3", "text": "丙"}]),
            json!([]),
            "x",
        );
        let new = doc(
            "",
            json!([{"id": "1", "text": "一、甲！"}, {"id": "3", "text": "二、乙"}, {"id": "4", "text": "丁"}]),
            json!([]),
            "x",
        );
        let r = diff_sets(&[old], &[new]);
        let c = &r.documents[0].clauses;
        assert_eq!(
            c,
            &[
                ClauseChange::Renumbered {
                    old_id: "2".into(),
                    new_id: "3".into(),
                    text: "二、乙".into()
                },
                ClauseChange::TextChanged {
                    id: "1".into(),
                    old: "一、甲".into(),
                    new: "一、甲！".into()
                },
                ClauseChange::Removed {
                    id: "3".into(),
                    text: "丙".into()
                },
                ClauseChange::Added {
                    id: "4".into(),
                    text: "丁".into()
                },
            ]
        );
    }

    #[test]
    fn documents_added_and_removed() {
        let mut a = doc("", json!([]), json!([]), "x");
        let mut b = a.clone();
        a.id = "old".into();
        b.id = "new".into();
        let r = diff_sets(&[a], &[b]);
        assert_eq!(
            (r.added_documents.as_slice(), r.removed_documents.as_slice()),
            (&["new".to_string()][..], &["old".to_string()][..])
        );
        let json = serde_json::to_string(&r).unwrap();
        let back: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["added_documents"][0], "new");
    }

    #[test]
    fn context_marks_the_span() {
        assert_eq!(
            context("今年投资100万元，补助", [4, 9], 2),
            "投资【100万元】，补"
        );
    }
}
