//! Evaluation: precision, recall and F1 per entity type, against hand-written gold files.
//!
//! A gold file (`tests/gold/<id>.json`) lists, in text order, every entity of the types it
//! covers: its type, its text as written, and the value fields that must match exactly
//! (a subset of the output's value: `{"yuan": "1850000000000"}` checks only the amount). The
//! k-th gold entity with a given type and text pairs with the k-th predicted one, so gold files
//! need no offsets. A pair whose values differ counts as a false positive and a false negative;
//! a gold entity with no partner is a false negative, a predicted one a false positive.
//! Types a gold file does not list in `types` are not scored for that document.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Clone, Debug, Deserialize)]
pub struct GoldEntity {
    #[serde(rename = "type")]
    pub kind: String,
    pub text: String,
    #[serde(default)]
    pub value: serde_json::Map<String, Value>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GoldDoc {
    /// The output id of the document.
    pub document: String,
    /// The entity types this file annotates completely.
    pub types: Vec<String>,
    pub entities: Vec<GoldEntity>,
}

#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Score {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Score {
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }

    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, o: Score) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

/// One disagreement between gold and output.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Miss {
    pub document: String,
    pub kind: String,
    /// `missing` (in gold only), `spurious` (in output only) or `wrong_value`.
    pub problem: &'static str,
    pub text: String,
    pub gold: Option<Value>,
    pub output: Option<Value>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    pub scores: BTreeMap<String, Score>,
    pub misses: Vec<Miss>,
}

fn subset(gold: &serde_json::Map<String, Value>, out: &Value) -> bool {
    gold.iter().all(|(k, v)| out.get(k) == Some(v))
}

/// Scores the entities of one output document (its JSON) against its gold file.
pub fn evaluate(gold: &GoldDoc, output: &Value, report: &mut Report) {
    let empty = Vec::new();
    let predicted = output
        .get("entities")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    for kind in &gold.types {
        let g: Vec<&GoldEntity> = gold.entities.iter().filter(|e| &e.kind == kind).collect();
        let p: Vec<&Value> = predicted
            .iter()
            .filter(|e| e.get("type").and_then(Value::as_str) == Some(kind))
            .collect();
        // k-th occurrence of a text pairs with the k-th
        let mut by_text: HashMap<&str, Vec<&Value>> = HashMap::new();
        for e in &p {
            by_text
                .entry(e.get("text").and_then(Value::as_str).unwrap_or_default())
                .or_default()
                .push(e);
        }
        let mut used: HashMap<&str, usize> = HashMap::new();
        let mut score = Score::default();
        for ge in &g {
            let k = used.entry(ge.text.as_str()).or_default();
            match by_text.get(ge.text.as_str()).and_then(|v| v.get(*k)) {
                Some(pe) => {
                    *k += 1;
                    let value = pe.get("value").cloned().unwrap_or(Value::Null);
                    if subset(&ge.value, &value) {
                        score.tp += 1;
                    } else {
                        score.fp += 1;
                        score.fn_ += 1;
                        report.misses.push(Miss {
                            document: gold.document.clone(),
                            kind: kind.clone(),
                            problem: "wrong_value",
                            text: ge.text.clone(),
                            gold: Some(Value::Object(ge.value.clone())),
                            output: Some(value),
                        });
                    }
                }
                None => {
                    score.fn_ += 1;
                    report.misses.push(Miss {
                        document: gold.document.clone(),
                        kind: kind.clone(),
                        problem: "missing",
                        text: ge.text.clone(),
                        gold: Some(Value::Object(ge.value.clone())),
                        output: None,
                    });
                }
            }
        }
        for (text, list) in &by_text {
            let consumed = used.get(text).copied().unwrap_or(0);
            for pe in list.iter().skip(consumed) {
                score.fp += 1;
                report.misses.push(Miss {
                    document: gold.document.clone(),
                    kind: kind.clone(),
                    problem: "spurious",
                    text: text.to_string(),
                    gold: None,
                    output: pe.get("value").cloned(),
                });
            }
        }
        report.scores.entry(kind.clone()).or_default().add(score);
    }
}

impl Report {
    /// The score table, one line per type and a total.
    pub fn table(&self) -> String {
        let mut o =
            String::from("type              gold   output    tp  precision  recall      f1\n");
        let mut total = Score::default();
        for (kind, s) in &self.scores {
            total.add(*s);
            let _ = writeln!(
                o,
                "{kind:<16}{:>6}{:>9}{:>6}{:>11.3}{:>8.3}{:>8.3}",
                s.tp + s.fn_,
                s.tp + s.fp,
                s.tp,
                s.precision(),
                s.recall(),
                s.f1()
            );
        }
        let _ = writeln!(
            o,
            "{:<16}{:>6}{:>9}{:>6}{:>11.3}{:>8.3}{:>8.3}",
            "all",
            total.tp + total.fn_,
            total.tp + total.fp,
            total.tp,
            total.precision(),
            total.recall(),
            total.f1()
        );
        o
    }

    /// Every disagreement, one per line.
    pub fn misses_text(&self) -> String {
        let mut o = String::new();
        for m in &self.misses {
            let show = |v: &Option<Value>| v.as_ref().map_or("-".to_owned(), Value::to_string);
            let _ = writeln!(
                o,
                "{} {} {} {} gold={} output={}",
                m.document,
                m.kind,
                m.problem,
                m.text,
                show(&m.gold),
                show(&m.output)
            );
        }
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn occurrences_pair_in_order_and_values_must_match() {
        let gold: GoldDoc = serde_json::from_value(json!({
            "document": "d", "types": ["amount", "date"],
            "entities": [
                {"type": "amount", "text": "5万元", "value": {"yuan": "50000"}},
                {"type": "date", "text": "2023年", "value": {"start": "2023-01-01"}},
                {"type": "amount", "text": "5万元", "value": {"yuan": "50000"}},
                {"type": "amount", "text": "3亿元", "value": {"yuan": "300000000"}}
            ]
        }))
        .unwrap();
        let out = json!({"entities": [
            {"type": "amount", "text": "5万元", "value": {"yuan": "50000", "currency": "CNY"}},
            {"type": "amount", "text": "5万元", "value": {"yuan": "5000"}},
            {"type": "date", "text": "2023年", "value": {"start": "2023-01-01", "end": "2023-12-31"}},
            {"type": "percent", "text": "3%", "value": {}},
            {"type": "amount", "text": "8元", "value": {"yuan": "8"}}
        ]});
        let mut r = Report::default();
        evaluate(&gold, &out, &mut r);
        assert_eq!(
            r.scores["amount"],
            Score {
                tp: 1,
                fp: 2,
                fn_: 2
            }
        );
        assert_eq!(
            r.scores["date"],
            Score {
                tp: 1,
                fp: 0,
                fn_: 0
            }
        );
        assert!(
            !r.scores.contains_key("percent"),
            "types outside the gold file are not scored"
        );
        let problems: Vec<_> = r
            .misses
            .iter()
            .map(|m| (m.problem, m.text.as_str()))
            .collect();
        assert!(problems.contains(&("wrong_value", "5万元")));
        assert!(problems.contains(&("missing", "3亿元")));
        assert!(problems.contains(&("spurious", "8元")));
        assert!((r.scores["amount"].f1() - 1.0 / 3.0).abs() < 1e-9);
    }
}
