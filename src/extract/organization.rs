//! Organizations: companies, banks, research institutes, schools, associations and the
//! administrative committees of zones (三钢集团, 兴业银行, 国网三明供电公司, 中国环境科学院,
//! 三明学院, 平潭综合实验区管委会), found by the word their names end with. The name starts
//! after the last punctuation before it, less the verbs, prepositions and conjunctions jieba
//! finds at its start (`支持青拓集团创建` → 青拓集团, `加强与中国环境科学院` → 中国环境科学院).

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::{Entity, JIEBA, Value};
use crate::span::Span;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrganizationValue {
    pub name: String,
}

static SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"股份有限公司|有限责任公司|有限公司|股份公司|公司|集团|银行|研究总院|研究院|研究所|科学院|学院|大学|协会|商会|管委会")
        .expect("organization suffix pattern")
});

fn is_delimiter(c: char) -> bool {
    c.is_whitespace() || "、，,。；;：:“”‘’《》「」！？!?·—".contains(c)
}

/// The start of the name that ends at `end` with a suffix starting at `suffix_start`.
fn name_start(text: &str, suffix_start: usize, floor: usize) -> Option<usize> {
    let mut start = suffix_start;
    let mut depth = 0;
    // a name never reaches back into the organization before it
    for (i, c) in text[floor..suffix_start]
        .char_indices()
        .rev()
        .map(|(i, c)| (floor + i, c))
    {
        match c {
            ')' | '）' => depth += 1,
            '(' | '（' if depth > 0 => depth -= 1,
            '(' | '（' => break,
            c if depth == 0 && is_delimiter(c) => break,
            _ => {}
        }
        start = i;
        if suffix_start - i > 60 {
            break;
        }
    }
    // Drop leading verbs, prepositions, conjunctions, adverbs (支持, 与, 推动, 探索在); a
    // conjunction inside (厦门国际银行和平安银行) starts a new name.
    let region = &text[start..suffix_start];
    let tags = JIEBA.tag(region, true);
    let mut cut = 0;
    for t in &tags {
        let function = ["v", "p", "c", "d", "r", "u"].contains(&t.tag)
            || (t.tag.starts_with('v') && !t.tag.starts_with("vn"));
        if function {
            cut = t.byte_end;
        } else if cut == 0 || !function {
            break;
        }
    }
    if let Some(t) = tags
        .iter()
        .rev()
        .find(|t| (t.tag == "c" || t.tag == "p") && t.byte_start >= cut)
    {
        cut = t.byte_end;
    }
    // a verb or preposition right before a proper noun ends the context (省上支持三明学院)
    for w in tags.windows(2) {
        let verb = w[0].tag == "v" || w[0].tag == "p";
        let proper = ["ns", "nz", "nr", "nt", "j"].contains(&w[1].tag);
        if verb && proper && w[0].byte_end > cut {
            cut = w[0].byte_end;
        }
    }
    if region[cut..].chars().count() < 2 {
        // 企业和商会: nothing is left after the conjunction, so there is no name; but a
        // short brand jieba tags as a verb (安踏, 交发) is the name
        if tags.iter().any(|t| t.tag == "c" || t.tag == "p") {
            return None;
        }
        cut = 0;
    }
    Some(start + cut)
}

/// Words that make a name generic (合作银行, 境内上市公司, 行业协会, 一批产业学院).
const GENERIC_TAIL: &[&str] = &["合作", "政策"];

const GENERIC: &[&str] = &[
    "合作",
    "上市",
    "行业",
    "产业",
    "企业家",
    "龙头",
    "有关",
    "相关",
    "各类",
    "专业",
    "职业",
    "协",
];

/// Finds organizations in `text` (byte offsets from `base`).
pub fn organizations(text: &str, base: usize, out: &mut Vec<Entity>) {
    // only the names found in this text bound the next one
    let first = out.len();
    for m in SUFFIX.find_iter(text) {
        // 银行业 is a trade, not a bank
        if text[m.end()..].starts_with(['业', '家']) {
            continue;
        }
        let prev_end = out[first..]
            .iter()
            .rev()
            .find(|o| o.span.end <= base + m.start())
            .map_or(0, |o| o.span.end - base);
        // the name before ends this one only where something separates them (和, 作为, a
        // comma); otherwise it is part of it (…研究总院海西（福建）分院有限公司)
        let gap = &text[prev_end..m.start()];
        let separated = gap.contains(is_delimiter)
            || JIEBA
                .tag(gap, true)
                .iter()
                .any(|t| ["c", "p", "v"].contains(&t.tag));
        let floor = if separated { prev_end } else { 0 };
        let Some(start) = name_start(text, m.start(), floor) else {
            continue;
        };
        if m.start() - start < "三钢".len() {
            continue;
        }
        let mut end = m.end();
        // 数字中国研究院(福建)
        let rest = &text[end..];
        if let Some(inner) = rest.strip_prefix(['(', '（'])
            && let Some(close) = inner.find([')', '）'])
            && inner[..close].chars().count() <= 4
        {
            end += rest.len() - inner.len()
                + close
                + inner[close..].chars().next().map_or(0, char::len_utf8);
        }
        let head = &text[start..m.start()];
        let bare = head.trim_start_matches(['市', '省']);
        let generic = GENERIC_TAIL.iter().any(|g| bare.ends_with(g))
            || GENERIC
                .iter()
                .any(|g| bare.ends_with(g) && bare.chars().count() <= 4)
            || head.contains('等')
            || head.contains("一批");
        if generic {
            continue;
        }
        let name = text[start..end].to_owned();
        let span = Span::new(base + start, base + end);
        // the outer name wins: 中国机械科学研究总院海西（福建）分院有限公司
        let mine = out.split_off(first);
        let mut mine: Vec<Entity> = mine
            .into_iter()
            .filter(|o| !(span.start <= o.span.start && o.span.end <= span.end))
            .collect();
        let inside = mine
            .iter()
            .any(|o| o.span.start <= span.start && span.end <= o.span.end);
        out.append(&mut mine);
        if inside {
            continue;
        }
        out.push(Entity::new(
            "organization",
            span,
            Value::Organization(OrganizationValue { name }),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        organizations(text, 0, &mut out);
        out.iter().map(|e| e.span.slice(text).to_owned()).collect()
    }

    #[test]
    fn names_start_after_verbs_and_punctuation() {
        assert_eq!(
            names("支持青拓集团创建省不锈钢制造业创新中心"),
            ["青拓集团"]
        );
        assert_eq!(names("与兴业银行、福建金投签订战略合作协议"), ["兴业银行"]);
        assert_eq!(
            names("加强与中国环境科学院、中关村创新发展研究院的对接"),
            ["中国环境科学院", "中关村创新发展研究院"]
        );
        assert_eq!(
            names("市工信局、发改委、科技局,国网三明供电公司,各有关县"),
            ["国网三明供电公司"]
        );
        assert_eq!(
            names("学习借鉴三钢(集团)公司的经验做法"),
            ["三钢(集团)公司"]
        );
        assert_eq!(
            names("省政协常委、数字中国研究院(福建)院长宋志刚建议"),
            ["数字中国研究院(福建)"]
        );
        assert_eq!(
            names("新增厦门国际银行和平安银行作为技改项目"),
            ["厦门国际银行", "平安银行"]
        );
    }

    #[test]
    fn trades_are_not_organizations() {
        assert!(names("鼓励银行业金融机构创新金融产品").is_empty());
    }

    #[test]
    fn generic_and_nested_names() {
        for t in [
            "推动合作银行加快技改融资",
            "对新增境内上市公司",
            "发挥行业协会作用",
            "培育建设一批产业学院",
            "这次专题协商会进一步",
        ] {
            assert!(names(t).is_empty(), "{t}: {:?}", names(t));
        }
        assert_eq!(
            names("以中国机械科学研究总院海西（福建）分院有限公司为依托"),
            ["中国机械科学研究总院海西（福建）分院有限公司"]
        );
        assert_eq!(names("深化与厦钨股份公司合作"), ["厦钨股份公司"]);
    }

    #[test]
    fn specific_heads_are_kept() {
        assert_eq!(
            names("发挥市氟化工产业协会、氟化工产业技术研究院作用"),
            ["市氟化工产业协会", "氟化工产业技术研究院"]
        );
    }

    #[test]
    fn short_brand_heads_are_kept() {
        assert_eq!(
            names("全国政协常委、安踏集团董事局主席丁世忠"),
            ["安踏集团"]
        );
        assert_eq!(
            names("市投资集团、城发集团、交发集团,各县"),
            ["市投资集团", "城发集团", "交发集团"]
        );
    }

    #[test]
    fn boundaries_between_names() {
        assert_eq!(
            names("新增厦门国际银行和平安银行作为技改项目融资支持专项政策合作银行,总数达"),
            ["厦门国际银行", "平安银行"]
        );
        assert!(names("实地走访企业和商会组织").is_empty());
        assert_eq!(
            names("争取省上支持三明学院等具有办学能力的机构"),
            ["三明学院"]
        );
    }

    #[test]
    fn earlier_paragraphs_in_the_output_do_not_matter() {
        let mut out = Vec::new();
        organizations("推动三钢集团已竞买", 0, &mut out);
        organizations("支持青拓集团创建", 100, &mut out);
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].span, Span::new(106, 118));
    }
}
