//! One snapshot per bundled input document, rendered as readable text (one line per metadata
//! field, clause, boilerplate span and warning, with character spans).
//!
//! A change to extraction shows here as a diff: review it with `cargo insta review` and commit
//! the accepted `.snap` files together with the regenerated `output/`.

use std::path::PathBuf;

#[test]
fn outline_of_each_input_document() {
    let (inputs, errors) = gongwen::batch::collect_inputs(&[PathBuf::from("input")]);
    assert!(errors.is_empty());
    for input in inputs {
        let doc = gongwen::process_file(&input.id, &input.path).unwrap();
        insta::assert_snapshot!(input.id.replace('/', "__"), doc.outline_text());
    }
}
