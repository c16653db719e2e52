//! Property tests over arbitrary text: the pipeline never panics, spans stay in bounds and slice
//! to what they claim, every character is accounted for, output is deterministic, and
//! normalizing is idempotent.

use std::path::Path;

use gongwen::ingest::{Format, Source};
use proptest::prelude::*;

/// Pieces of official documents, mixed with arbitrary characters, so that the generated text
/// hits numbering, fields, dates, brackets, Markdown and white space often.
fn fragment() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "一、",
        "（一）",
        "(二)",
        "1.",
        "2．",
        "3、",
        "（1）",
        "①",
        "②",
        "第一章",
        "第一条 ",
        "第二条",
        "一是",
        "二是",
        "第一，",
        "。",
        "，",
        "；",
        "：",
        "、",
        "“",
        "”",
        "（",
        "）",
        "〔",
        "〕",
        "《",
        "》",
        "\n",
        "\n\n",
        "\r\n",
        "  ",
        "\u{3000}",
        "\t",
        "**",
        "# ",
        "### ",
        "> ",
        "- ",
        "`",
        "<!-- x -->",
        "责任单位：",
        "(责任单位:省工信厅、发改委)",
        "联系人：",
        "抄送：",
        "2024年5月20日",
        "20201223日",
        "闽政办〔2024〕25号",
        "闽发改商价〔2020669号",
        "福建省工业和信息化厅",
        "关于推进的通知",
        "（此件主动公开）",
        "热门跟贴",
        "扫一扫",
        "本报记者 王毅 摄",
        "有效期至2027年12月31日",
        "１２３",
        "ＡＢ",
        "\u{200B}",
        "1.85万亿元",
        "正文内容",
        "加快产",
        "业领军团队",
        "福",
        "a",
        "Z",
        "9",
    ]);
    prop_oneof![
        4 => pieces.prop_map(str::to_owned),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn document_text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..120).prop_map(|v| v.concat())
}

fn check_document(name: &str, text: &str) -> Result<(), TestCaseError> {
    let doc = match gongwen::process("p", Path::new(name), text.as_bytes()) {
        Ok(d) => d,
        Err(gongwen::Error::Empty { .. } | gongwen::Error::Binary { .. }) => return Ok(()),
        Err(e) => return Err(TestCaseError::fail(format!("unexpected error {e}"))),
    };
    let chars: Vec<char> = doc.text.chars().collect();
    let n = chars.len();
    let mut covered = vec![false; n];
    let mut spans: Vec<[usize; 2]> = doc.metadata.spans.iter().map(|s| s.span).collect();
    spans.extend(doc.boilerplate.iter().map(|b| b.span));
    for c in &doc.clauses {
        let [a, b] = c.span;
        prop_assert!(a <= b && b <= n, "clause {} span {a}..{b} of {n}", c.id);
        prop_assert_eq!(chars[a..b].iter().collect::<String>(), c.text.clone());
        spans.push(c.span);
    }
    for [a, b] in spans {
        prop_assert!(a <= b && b <= n, "span {a}..{b} of {n}");
        covered[a..b].iter_mut().for_each(|c| *c = true);
    }
    for (i, (c, cov)) in chars.iter().zip(&covered).enumerate() {
        prop_assert!(
            *cov || c.is_whitespace(),
            "char {i} {c:?} lost in {:?}",
            doc.text
        );
    }
    // The offset map is ordered and points inside the source.
    let raw_chars = doc.offsets.last().map_or(0, |o| o[1]);
    prop_assert!(doc.offsets.windows(2).all(|w| w[0][0] < w[1][0]));
    prop_assert!(raw_chars as usize <= text.chars().count());
    // Same input, same bytes.
    let again = gongwen::process("p", Path::new(name), text.as_bytes()).unwrap();
    prop_assert_eq!(doc.to_json(), again.to_json());
    // The output's own writer gives serde_json's bytes.
    let mut compact = Vec::new();
    doc.write_json(&mut compact, gongwen::emit::Layout::Compact);
    prop_assert_eq!(
        String::from_utf8(compact).unwrap(),
        serde_json::to_string(&doc).unwrap()
    );
    prop_assert_eq!(
        doc.to_json(),
        serde_json::to_string_pretty(&doc).unwrap() + "\n"
    );
    // Written in pieces, the same bytes.
    for (layout, whole) in [
        (gongwen::emit::Layout::Pretty, doc.to_json()),
        (
            gongwen::emit::Layout::Compact,
            serde_json::to_string(&doc).unwrap() + "\n",
        ),
    ] {
        for piece in [1, 200] {
            let mut pieces = Vec::new();
            // the buffer given, written over; each piece's buffer taken or left for the next
            let mut take = false;
            doc.write_json_pieces(layout, piece, b"stale".to_vec(), |p, last| {
                take = !take;
                pieces.push((if take { std::mem::take(p) } else { p.clone() }, last));
            });
            prop_assert!(
                pieces
                    .iter()
                    .rev()
                    .skip(1)
                    .all(|(p, last)| !last && p.len() >= piece)
            );
            prop_assert!(pieces.last().is_some_and(|(_, last)| *last));
            let joined: Vec<u8> = pieces.into_iter().flat_map(|(p, _)| p).collect();
            prop_assert_eq!(joined, whole.as_bytes());
        }
    }
    Ok(())
}

fn plain(text: &str) -> Source {
    Source {
        text: text.to_owned(),
        format: Format::Text,
        encoding: "utf-8",
        bom: false,
        sha256: String::new(),
        bytes: text.len(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn text_documents_hold_the_invariants(text in document_text()) {
        check_document("p.txt", &text)?;
    }

    #[test]
    fn markdown_documents_hold_the_invariants(text in document_text()) {
        check_document("p.md", &text)?;
    }

    /// Normalizing a normalized paragraph changes nothing: the character mapping and white
    /// space rules are idempotent, and a single paragraph has no line breaks left to repair.
    #[test]
    fn normalizing_is_idempotent(text in document_text()) {
        let doc = gongwen::normalize::normalize(&plain(&text));
        for p in &doc.paras {
            let para = p.span.slice(&doc.text);
            let again = gongwen::normalize::normalize(&plain(para));
            prop_assert_eq!(again.text.as_str(), para);
        }
        // and the whole text, normalized again, loses no character but line breaks
        let again = gongwen::normalize::normalize(&plain(&doc.text));
        let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        prop_assert_eq!(strip(&again.text), strip(&doc.text));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = gongwen::process("b", Path::new("b.txt"), &bytes);
        let _ = gongwen::process("b", Path::new("b.md"), &bytes);
    }
}
