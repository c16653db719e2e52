//! What the foundation issue says must be true of the five bundled seed documents.

use gongwen::Document;
use gongwen::emit::Clause;

fn doc(stem: &str) -> Document {
    let path = std::fs::read_dir("input")
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(stem))
        .unwrap();
    gongwen::process_file(stem, &path).unwrap()
}

fn level1(d: &Document) -> Vec<&Clause> {
    d.clauses
        .iter()
        .filter(|c| c.kind == "clause" && c.level == 1)
        .collect()
}

fn children<'d>(d: &'d Document, id: &str) -> Vec<&'d Clause> {
    d.clauses
        .iter()
        .filter(|c| c.parent.as_deref() == Some(id))
        .collect()
}

fn labels(cs: &[&Clause]) -> Vec<String> {
    cs.iter()
        .map(|c| c.label.as_deref().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn seed_000_reply() {
    let d = doc("000");
    let m = &d.metadata;
    let n = m.doc_number.as_ref().unwrap();
    assert_eq!(
        (n.prefix.as_str(), n.year, n.serial),
        ("闽工信建议", 2024, 87)
    );
    assert_eq!(m.reply_category.as_deref(), Some("B"));
    assert_eq!(m.addressees, ["陆盛彪代表"]);
    assert_eq!(m.kind.as_deref(), Some("答复"));
    assert_eq!(m.issuers, ["福建省工业和信息化厅"]);
    assert_eq!(labels(&level1(&d)), ["一、", "二、", "三、", "四、"]);
    assert_eq!(m.signer.as_deref(), Some("翁玉耀"));
    assert_eq!(m.contacts.len(), 1);
    assert_eq!(m.contacts[0].name.as_deref(), Some("吴丽榕"));
    assert_eq!(m.contacts[0].phone.as_deref(), Some("0591-87829197"));
    assert_eq!(m.date.as_deref(), Some("2024-05-20"));
    assert_eq!(m.disclosure.as_deref(), Some("主动公开"));
    assert_eq!(
        m.cc,
        [
            "省人大常委会代表工作委员会",
            "省人大常委会财经工作委员会",
            "宁德市人大常委会",
            "省政府办公厅"
        ]
    );
    // the PDF line breaks inside words are repaired
    assert!(d.text.contains("加快产业领军团队"));
    assert!(!d.text.contains("加快产\n"));
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn seed_001_cooperation_opinion() {
    let d = doc("001");
    assert_eq!(d.source.format, "markdown");
    let top = level1(&d);
    assert_eq!(labels(&top), ["一、", "二、"]);
    assert_eq!(top[0].heading.as_deref(), Some("主要工作情况"));
    assert_eq!(top[1].heading.as_deref(), Some("下一步工作重点"));
    for t in &top {
        assert_eq!(labels(&children(&d, &t.id)), ["（一）", "（二）", "（三）"]);
    }
    let first = children(&d, &top[0].id)[0];
    assert_eq!(first.heading.as_deref(), Some("强化平台建设，释放创新动能"));
    assert_eq!(labels(&children(&d, &first.id)), ["一是", "二是", "三是"]);
    // bold markup never leaks; the line broken inside 合作银行 is joined
    assert!(!d.text.contains("**"));
    assert!(d.text.contains("合作银行，总数达"));
    assert_eq!(d.metadata.kind.as_deref(), Some("协办意见"));
    assert_eq!(d.metadata.addressees, ["省科技厅"]);
}

#[test]
fn seed_002_opinion() {
    let d = doc("002");
    let top = level1(&d);
    assert_eq!(
        labels(&top),
        ["一、", "二、", "三、", "四、", "五、", "六、", "七、"]
    );
    let items: Vec<&Clause> = d
        .clauses
        .iter()
        .filter(|c| c.style == Some("arabic-dot"))
        .collect();
    let expected: Vec<String> = (1..=25).map(|n| format!("{n}.")).collect();
    assert_eq!(labels(&items), expected);
    for c in &items {
        assert_eq!(c.level, 2, "{}", c.id);
        assert!(
            !c.responsible_units.is_empty(),
            "clause {} has no 责任单位",
            c.label.as_deref().unwrap()
        );
    }
    assert_eq!(
        items[1].responsible_units,
        ["省工信厅", "发改委", "科技厅", "商务厅"]
    );
    assert_eq!(items[0].responsible_units[0], "各市、县(区)人民政府");
    assert_eq!(
        items[21].responsible_units,
        [
            "省委金融办",
            "省发改委",
            "财政厅",
            "工信厅",
            "人行福建省分行"
        ]
    );
    let m = &d.metadata;
    assert_eq!(m.doc_number.as_ref().unwrap().text, "闽政办〔2024〕25号");
    assert_eq!(m.valid_until.as_deref(), Some("2027-12-31"));
    assert_eq!(m.date.as_deref(), Some("2024-07-22"));
    assert_eq!(
        m.title.as_deref(),
        Some("福建省人民政府办公厅关于推进县域重点产业链高质量发展的意见")
    );
    assert_eq!(m.source_line.as_deref(), Some("福建省人民政府门户网站"));
    // the web leftovers are boilerplate, not text of clause 25
    let last = items[24];
    assert!(!last.text.contains("热门跟贴") && !last.text.contains("获取更多资讯"));
    assert!(!last.text.contains("有效期"));
    assert_eq!(d.boilerplate.len(), 2);
}

#[test]
fn seed_003_news_report() {
    let d = doc("003");
    assert_eq!(d.metadata.kind.as_deref(), Some("新闻报道"));
    assert_eq!(
        d.metadata.title.as_deref(),
        Some("聚焦省政协2024年度首场专题议政性常委会会议")
    );
    let kinds: Vec<&str> = d.boilerplate.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [
            "byline", "chrome", "caption", "caption", "byline", "caption"
        ]
    );
    // every speaker's 一、二、… and 一是、二是… are clauses under the speaker's heading
    let shi: Vec<&Clause> = d
        .clauses
        .iter()
        .filter(|c| c.style == Some("cn-shi"))
        .collect();
    assert_eq!(shi.len(), 8);
    assert!(!d.text.contains("**") && !d.text.contains("###"));
}

#[test]
fn seed_004_measures() {
    let d = doc("004");
    let top = level1(&d);
    assert_eq!(top.len(), 6);
    let paren: Vec<&Clause> = d
        .clauses
        .iter()
        .filter(|c| c.style == Some("cn-paren"))
        .collect();
    assert_eq!(paren.len(), 23);
    assert_eq!(paren[22].label.as_deref(), Some("(二十三)"));
    let four = paren[3];
    let five = paren[4];
    assert_eq!(labels(&children(&d, &four.id)), ["1.", "2."]);
    assert_eq!(labels(&children(&d, &five.id)), ["1.", "2.", "3."]);
    // each 责任单位 line belongs to the clause above it
    assert_eq!(
        paren[0].responsible_units,
        ["市工信局", "各县(市、区)党委和人民政府"]
    );
    let steel = children(&d, &four.id)[0];
    assert_eq!(steel.heading.as_deref(), Some("钢铁产业"));
    assert_eq!(
        steel.responsible_units.last().map(String::as_str),
        Some("三钢集团")
    );
    assert!(four.responsible_units.is_empty());
    let with_units = d
        .clauses
        .iter()
        .filter(|c| !c.responsible_units.is_empty())
        .count();
    assert_eq!(with_units, 26);
    let m = &d.metadata;
    assert_eq!(m.date.as_deref(), Some("2020-12-23"));
    let codes: Vec<&str> = d.warnings.iter().map(|w| w.code).collect();
    assert_eq!(codes[0], "date_repaired");
    // 博士2000/人·月 … 技师600/人·月: the 元 was lost in extraction; eight warnings, no guesses
    // 闽发改商价〔2020669号 lost its closing bracket
    assert_eq!(codes[1], "doc_number_repaired");
    assert_eq!(codes[2..], ["amount_unit_missing"; 8]);
    assert_eq!(m.issuers, ["中共三明市委办公室", "三明市人民政府办公室"]);
    assert_eq!(m.kind.as_deref(), Some("通知"));
    assert_eq!(
        m.source_line.as_deref(),
        Some("政策法规科 时间:2020-12-29 16:59")
    );
}

#[test]
fn responsible_units_get_canonical_names() {
    let d = doc("002");
    let two = d
        .clauses
        .iter()
        .find(|c| c.label.as_deref() == Some("2."))
        .unwrap();
    assert_eq!(
        two.responsible_departments,
        [
            "福建省工业和信息化厅",
            "福建省发展和改革委员会",
            "福建省科学技术厅",
            "福建省商务厅"
        ]
    );
    let d = doc("004");
    let steel = d
        .clauses
        .iter()
        .find(|c| c.heading.as_deref() == Some("钢铁产业"))
        .unwrap();
    assert_eq!(
        steel.responsible_departments,
        [
            "三明市工业和信息化局",
            "三明市发展和改革委员会",
            "三明市科学技术局",
            "三明市生态环境局",
            "各有关县(市、区)党委和人民政府",
            "三钢集团"
        ]
    );
    // every clause with units has one canonical name per unit
    for c in &d.clauses {
        assert_eq!(
            c.responsible_units.len(),
            c.responsible_departments.len(),
            "{}",
            c.id
        );
    }
}
