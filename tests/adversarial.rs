//! Input that fights back: each case gets a clear one-line error or a correct output, never a
//! panic, and the exit code says what happened.

mod common;

use common::{gongwen, stderr};
use std::fs;
use std::path::Path;

use gongwen::Document;

fn process(name: &str, text: &str) -> Document {
    gongwen::process("t", Path::new(name), text.as_bytes()).unwrap()
}

/// Every non-white-space character is in a metadata span, a clause or boilerplate.
fn assert_nothing_lost(doc: &Document) {
    let n = doc.text.chars().count();
    let mut covered = vec![false; n];
    let spans = doc
        .metadata
        .spans
        .iter()
        .map(|s| s.span)
        .chain(doc.clauses.iter().map(|c| c.span))
        .chain(doc.boilerplate.iter().map(|b| b.span));
    for [a, b] in spans {
        assert!(a <= b && b <= n);
        covered[a..b].iter_mut().for_each(|c| *c = true);
    }
    let lost = doc
        .text
        .chars()
        .zip(&covered)
        .filter(|(c, cov)| !**cov && !c.is_whitespace())
        .count();
    assert_eq!(lost, 0, "{} characters lost", lost);
}

#[test]
fn mixed_encodings_in_one_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("in");
    fs::create_dir(&d).unwrap();
    let text = "关于印发办法的通知\n一、总则\n正文。\n";
    fs::write(d.join("a-utf8.txt"), text).unwrap();
    fs::write(
        d.join("b-utf8bom.txt"),
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
    )
    .unwrap();
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(|u| u.to_be_bytes()))
        .collect();
    fs::write(d.join("c-utf16le.txt"), le).unwrap();
    fs::write(d.join("d-utf16be.md"), be).unwrap();
    fs::write(d.join("e-gbk.txt"), encoding_rs::GB18030.encode(text).0).unwrap();
    fs::write(d.join("f-crlf.txt"), text.replace('\n', "\r\n")).unwrap();
    let o = gongwen(tmp.path(), &["extract", "in", "-o", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut encodings = Vec::new();
    for name in [
        "a-utf8",
        "b-utf8bom",
        "c-utf16le",
        "d-utf16be",
        "e-gbk",
        "f-crlf",
    ] {
        let v: serde_json::Value =
            serde_json::from_slice(&fs::read(tmp.path().join(format!("out/{name}.json"))).unwrap())
                .unwrap();
        assert_eq!(v["text"], "关于印发办法的通知\n一、总则\n正文。", "{name}");
        encodings.push(format!(
            "{}{}",
            v["source"]["encoding"].as_str().unwrap(),
            if v["source"]["bom"] == true {
                "+bom"
            } else {
                ""
            }
        ));
    }
    assert_eq!(
        encodings,
        [
            "utf-8",
            "utf-8+bom",
            "utf-16le+bom",
            "utf-16be+bom",
            "gb18030",
            "utf-8"
        ]
    );
}

#[test]
fn ten_thousand_numbered_clauses() {
    let mut src = String::from("一、总则\n");
    for n in 1..=10_000 {
        src.push_str(&format!("{n}.第{n}项内容。\n"));
    }
    let doc = process("big.txt", &src);
    let items: Vec<_> = doc
        .clauses
        .iter()
        .filter(|c| c.style == Some("arabic-dot"))
        .collect();
    assert_eq!(items.len(), 10_000);
    assert_eq!(&*items.last().unwrap().id, "1.10000");
    assert!(doc.warnings.is_empty());
    assert_nothing_lost(&doc);
}

/// One paragraph naming thousands of companies, and a cited title beside each: every name is
/// found once, and no body inside a title is taken out of it.
#[test]
fn a_paragraph_of_thousands_of_companies_and_titles() {
    let sentence = "福建华兴科技有限公司与厦门海天贸易有限公司签订协议，\
                    根据《福建省人民政府关于加强工作的意见》执行；";
    let doc = process(
        "companies.txt",
        &format!("关于合作的通知\n{}\n", sentence.repeat(3000)),
    );
    let names: Vec<&str> = doc
        .entities
        .iter()
        .filter(|e| e.kind == "organization")
        .map(|e| &*e.text)
        .collect();
    assert_eq!(names.len(), 6000);
    assert!(
        names
            .chunks(2)
            .all(|p| p == ["福建华兴科技有限公司", "厦门海天贸易有限公司"])
    );
    let titles = doc
        .entities
        .iter()
        .filter(|e| e.kind == "cited_document")
        .count();
    assert_eq!(titles, 3000);
    assert!(!doc.entities.iter().any(|e| e.kind == "department"));
    assert_nothing_lost(&doc);
}

/// Pages saved one after another into one file, each with its 来源 line: every one of those
/// lines stays out of the content (its website is no department) and gives only its date.
#[test]
fn a_thousand_saved_pages_keep_each_source_line_out_of_the_content() {
    let page =
        "来源:福建省人民政府门户网站 时间:2020-12-29 16:59\n各地要在2021年3月底前完成评估。\n";
    let doc = process(
        "pages.txt",
        &format!("关于做好评估工作的通知\n{}", page.repeat(1000)),
    );
    let source_lines: Vec<[usize; 2]> = doc
        .metadata
        .spans
        .iter()
        .filter(|s| s.field == "source_line")
        .map(|s| s.span)
        .collect();
    assert_eq!(source_lines.len(), 1000);
    let inside = |[a, b]: [usize; 2]| source_lines.iter().any(|s| s[0] <= a && b <= s[1]);
    let in_source_lines: Vec<_> = doc.entities.iter().filter(|e| inside(e.span)).collect();
    assert_eq!(in_source_lines.len(), 1000);
    assert!(
        in_source_lines
            .iter()
            .all(|e| e.kind == "date" && &*e.text == "2020-12-29")
    );
    // the lines between them are content: each has its deadline
    let deadlines = doc.entities.iter().filter(|e| &*e.text == "2021年3月");
    assert_eq!(deadlines.count(), 1000);
    assert_nothing_lost(&doc);
}

#[test]
fn every_numbering_style_at_once_nests_deeply() {
    let src = "# 标题\n\n## 第一部分\n\n### 说明\n\n第一章 总则\n\n第一节 一般规定\n\n第一条 范围\n\n一、甲\n\n（一）乙\n\n1.丙\n\n（1）丁\n\n①戊\n\n第一，己，一是庚；二是辛。\n\n第二，壬。\n";
    let doc = process("all.md", src);
    let styles: Vec<_> = doc.clauses.iter().filter_map(|c| c.style).collect();
    for s in [
        "heading",
        "chapter",
        "section",
        "article",
        "cn-comma",
        "cn-paren",
        "arabic-dot",
        "arabic-paren",
        "circled",
        "cn-ordinal",
        "cn-shi",
    ] {
        assert!(styles.contains(&s), "no {s} in {styles:?}");
    }
    let deepest = doc.clauses.iter().map(|c| c.level).max().unwrap();
    assert!(deepest >= 11, "levels: {deepest}");
    let shi: Vec<_> = doc
        .clauses
        .iter()
        .filter(|c| c.style == Some("cn-shi"))
        .map(|c| &*c.id)
        .collect();
    assert_eq!(shi.len(), 2);
    assert_nothing_lost(&doc);
}

#[test]
fn pathological_nesting_does_not_panic() {
    let quotes = ">".repeat(5_000) + " 深\n";
    let lists: String = (0..2_000)
        .map(|k| format!("{}- 项\n", "  ".repeat(k)))
        .collect();
    let brackets = "（".repeat(20_000) + "正文" + &"）".repeat(20_000);
    let emphasis = "**".repeat(10_000) + "正文";
    for (name, src) in [
        ("q.md", quotes),
        ("l.md", lists),
        ("b.txt", brackets.clone()),
        ("b.md", brackets),
        ("e.md", emphasis),
    ] {
        let doc = process(name, &src);
        assert_nothing_lost(&doc);
    }
}

#[test]
fn a_megabyte_line_without_punctuation() {
    let src = "字".repeat(350_000);
    let doc = process("line.txt", &src);
    assert_eq!(doc.text.chars().count(), 350_000);
    assert_nothing_lost(&doc);
    // and many short lines that all join into one paragraph
    let broken: String = (0..50_000).map(|_| "强化人才战略支撑，加快产\n").collect();
    let doc = process("broken.txt", &broken);
    assert_eq!(
        doc.text.matches('\n').count(),
        0,
        "lines broken mid-sentence are joined"
    );
    assert_nothing_lost(&doc);
}

#[test]
fn odd_characters_are_normalized_not_lost() {
    let src = "正文\u{200B}内容\u{00A0}\u{3000}甲\u{000C}乙\r丙\u{2028}丁";
    let doc = process("odd.txt", src);
    assert_nothing_lost(&doc);
    assert!(doc.text.contains("正文内容 甲 乙"));
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_broken_links_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("in");
    fs::create_dir_all(d.join("sub")).unwrap();
    fs::write(d.join("good.txt"), "关于某事的通知\n一、总则\n正文。\n").unwrap();
    std::os::unix::fs::symlink("..", d.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", d.join("broken.txt")).unwrap();
    let o = gongwen(tmp.path(), &["extract", "in", "-o", "out"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.lines()
            .any(|l| l.contains("loop") && l.contains("cannot read")),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.contains("broken.txt") && l.contains("cannot read")),
        "{err}"
    );
    assert!(!err.contains("panicked"));
    assert!(tmp.path().join("out/good.json").is_file());
}
