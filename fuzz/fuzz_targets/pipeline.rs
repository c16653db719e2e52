//! The whole pipeline over arbitrary bytes, as text and as Markdown: it must never panic, and
//! what it returns must hold the output's invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["fuzz.txt", "fuzz.md"] {
        let Ok(doc) = gongwen::process("fuzz", std::path::Path::new(name), data) else { continue };
        let chars: Vec<char> = doc.text.chars().collect();
        for c in &doc.clauses {
            let [a, b] = c.span;
            assert!(a <= b && b <= chars.len());
            assert_eq!(chars[a..b].iter().collect::<String>(), c.text);
        }
        for s in doc.metadata.spans.iter().map(|s| s.span).chain(doc.boilerplate.iter().map(|b| b.span)) {
            assert!(s[0] <= s[1] && s[1] <= chars.len());
        }
        let _ = doc.to_json();
    }
});
