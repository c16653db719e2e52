//! The entities of the bundled documents against the hand-written gold files in `tests/gold/`
//! (written by reading the documents, not by running the code): every annotated type must reach
//! F1 ≥ 0.95 with exact values. `cargo run -- eval tests/gold output -v` shows the same table
//! and every disagreement.

use std::path::PathBuf;

use gongwen::eval::{GoldDoc, Report, evaluate};

const MIN_F1: f64 = 0.95;

#[test]
fn entities_match_the_gold_files() {
    let (inputs, _) = gongwen::batch::collect_inputs(&[PathBuf::from("input")]);
    let mut report = Report::default();
    let mut scored = 0;
    for input in &inputs {
        let gold_path = PathBuf::from("tests/gold").join(format!("{}.json", input.id));
        let gold: GoldDoc =
            serde_json::from_str(&std::fs::read_to_string(&gold_path).unwrap()).unwrap();
        let doc = gongwen::process_file(&input.id, &input.path).unwrap();
        let output: serde_json::Value = serde_json::from_str(&doc.to_json()).unwrap();
        evaluate(&gold, &output, &mut report);
        scored += 1;
    }
    assert_eq!(scored, inputs.len(), "every input document has a gold file");
    println!("{}", report.table());
    for kind in [
        "amount",
        "percent",
        "date",
        "doc_number",
        "cited_document",
        "phone",
        "county",
        "place",
        "department",
        "organization",
        "person",
    ] {
        assert!(report.scores.contains_key(kind), "no gold for {kind}");
    }
    let low: Vec<String> = report
        .scores
        .iter()
        .filter(|(_, s)| s.f1() < MIN_F1)
        .map(|(k, s)| format!("{k}: F1 {:.3}", s.f1()))
        .collect();
    assert!(
        low.is_empty(),
        "below F1 {MIN_F1}: {low:?}\n{}\n{}",
        report.table(),
        report.misses_text()
    );
}
