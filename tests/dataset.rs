//! The committed dataset in `output/` is exactly what the code produces from `input/`, every
//! file in it validates against the published JSON Schema, and no text is lost.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use gongwen::batch::{self, Index, IndexRow};
use serde_json::Value;

fn inputs() -> Vec<batch::Input> {
    let (inputs, errors) = batch::collect_inputs(&[PathBuf::from("input")]);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(inputs.len() >= 5);
    inputs
}

fn documents() -> Vec<gongwen::Document> {
    inputs()
        .iter()
        .map(|i| gongwen::process_file(&i.id, &i.path).unwrap())
        .collect()
}

/// The output is written by a writer of its own, for speed; its bytes are serde_json's.
#[test]
fn json_is_serde_jsons_compact_and_pretty_form() {
    for doc in documents() {
        let mut line = Vec::new();
        doc.write_json(&mut line, gongwen::emit::Layout::Compact);
        let line = String::from_utf8(line).unwrap();
        assert!(line == serde_json::to_string(&doc).unwrap(), "{}", doc.id);
        // and the files are serde_json's pretty form
        assert!(
            doc.to_json() == serde_json::to_string_pretty(&doc).unwrap() + "\n",
            "{}",
            doc.id
        );
    }
}

#[test]
fn committed_output_is_what_the_code_produces() {
    let docs = documents();
    let mut expected_files = BTreeSet::from(["index.json".to_owned()]);
    for doc in &docs {
        let name = batch::output_name(&doc.id);
        let committed = fs::read_to_string(Path::new("output").join(&name))
            .unwrap_or_else(|e| panic!("output/{name}: {e}; run `cargo run --release -- extract`"));
        assert!(
            committed == doc.to_json(),
            "output/{name} is stale; run `cargo run --release -- extract` and review `git diff output/`"
        );
        expected_files.insert(name);
    }
    let index = Index::new(docs.iter().map(IndexRow::of).collect(), Vec::new());
    let committed = fs::read_to_string("output/index.json").unwrap();
    assert!(committed == index.to_json(), "output/index.json is stale");
    let present: BTreeSet<String> = fs::read_dir("output")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        present, expected_files,
        "output/ holds files no input produces"
    );
}

fn validator(path: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn assert_valid(v: &jsonschema::Validator, doc: &Value, name: &str) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{name} does not validate:\n{}",
        errors.join("\n")
    );
}

#[test]
fn every_output_file_validates_against_the_schema() {
    let doc_schema = validator("schema/gongwen-1.schema.json");
    let index_schema = validator("schema/gongwen-index-1.schema.json");
    let mut n = 0;
    for entry in fs::read_dir("output").unwrap() {
        let path = entry.unwrap().path();
        let value: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        let name = path.display().to_string();
        if path.file_name().unwrap() == "index.json" {
            assert_valid(&index_schema, &value, &name);
        } else {
            assert_valid(&doc_schema, &value, &name);
            n += 1;
        }
    }
    assert!(n >= 5);
}

#[test]
fn the_schema_rejects_what_it_should() {
    let v = validator("schema/gongwen-1.schema.json");
    let mut doc: Value = serde_json::from_str(&documents()[0].to_json()).unwrap();
    assert!(v.is_valid(&doc));
    doc["metadata"]["date"] = Value::from("20 May 2024");
    assert!(!v.is_valid(&doc));
    doc["metadata"]["date"] = Value::Null;
    doc["clauses"][0]["span"] = serde_json::json!([1]);
    assert!(!v.is_valid(&doc));
}

/// Character spans of a document, as (start, end) pairs of char offsets.
fn all_spans(doc: &Value) -> Vec<(usize, usize)> {
    let span = |v: &Value| {
        (
            v[0].as_u64().unwrap() as usize,
            v[1].as_u64().unwrap() as usize,
        )
    };
    let mut out = Vec::new();
    for s in doc["metadata"]["spans"].as_array().unwrap() {
        out.push(span(&s["span"]));
    }
    for c in doc["clauses"].as_array().unwrap() {
        out.push(span(&c["span"]));
    }
    for b in doc["boilerplate"].as_array().unwrap() {
        out.push(span(&b["span"]));
    }
    out
}

#[test]
fn no_text_is_lost() {
    for doc in documents() {
        let value: Value = serde_json::from_str(&doc.to_json()).unwrap();
        let chars: Vec<char> = doc.text.chars().collect();
        let mut covered = vec![false; chars.len()];
        for (a, b) in all_spans(&value) {
            assert!(
                a <= b && b <= chars.len(),
                "{}: span {a}..{b} out of bounds",
                doc.id
            );
            covered[a..b].iter_mut().for_each(|c| *c = true);
        }
        let lost: String = chars
            .iter()
            .zip(&covered)
            .filter(|(c, cov)| !**cov && !c.is_whitespace())
            .map(|(c, _)| *c)
            .collect();
        assert!(
            lost.is_empty(),
            "{}: characters in no metadata field, clause or boilerplate: {lost:?}",
            doc.id
        );
    }
}

#[test]
fn spans_slice_to_what_they_claim() {
    for doc in documents() {
        let chars: Vec<char> = doc.text.chars().collect();
        let slice = |s: [usize; 2]| chars[s[0]..s[1]].iter().collect::<String>();
        for c in &doc.clauses {
            assert_eq!(slice(c.span), c.text, "{} clause {}", doc.id, c.id);
            if let Some(label) = &c.label {
                assert!(
                    c.text.starts_with(label.as_str()),
                    "{} clause {}: label {label}",
                    doc.id,
                    c.id
                );
            }
            if let Some(h) = &c.heading {
                assert!(
                    c.text.contains(h.as_str()),
                    "{} clause {}: heading {h}",
                    doc.id,
                    c.id
                );
            }
        }
        for e in &doc.entities {
            assert_eq!(
                slice(e.span),
                e.text,
                "{} entity {} at {:?}",
                doc.id,
                e.kind,
                e.span
            );
            if let Some(id) = &e.clause {
                let c = doc
                    .clauses
                    .iter()
                    .find(|c| &c.id == id)
                    .expect("entity clause exists");
                assert!(
                    c.span[0] <= e.span[0] && e.span[0] < c.span[1].max(c.span[0] + 1),
                    "{} entity {} outside clause {id}",
                    doc.id,
                    e.text
                );
            }
        }
        // Clauses in document order never overlap.
        for w in doc.clauses.windows(2) {
            assert!(
                w[0].span[1] <= w[1].span[0],
                "{}: clauses {} and {} overlap",
                doc.id,
                w[0].id,
                w[1].id
            );
        }
        // The offset map points every normalized character at the same raw character, except
        // for characters normalization changes (full-width digits, white space).
        let raw_bytes = fs::read(&doc.source.path).unwrap();
        let raw: Vec<char> = String::from_utf8(raw_bytes).unwrap().chars().collect();
        let offsets = &doc.offsets;
        for (i, &c) in chars.iter().enumerate() {
            let k = offsets.partition_point(|o| o[0] as usize <= i);
            let (n, r) = (offsets[k - 1][0] as usize, offsets[k - 1][1] as usize);
            let rc = raw[r + (i - n)];
            assert!(
                rc == c || c.is_whitespace(),
                "{}: char {i} {c:?} maps to raw {rc:?}",
                doc.id
            );
        }
    }
}
