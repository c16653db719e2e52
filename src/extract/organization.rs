//! Organizations: companies, banks, research institutes, schools, associations and the
//! administrative committees of zones (三钢集团, 兴业银行, 国网三明供电公司, 中国环境科学院,
//! 三明学院, 平潭综合实验区管委会), found by the word their names end with. The name starts
//! after the last punctuation before it, less the verbs, prepositions and conjunctions jieba
//! finds at its start (`支持青拓集团创建` → 青拓集团, `加强与中国环境科学院` → 中国环境科学院).

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::near::{self, Inside};
#[cfg(test)]
use regex::Regex;
use serde::Serialize;

use super::{Entity, Value, segment, word_frequency};
use crate::span::Span;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrganizationValue {
    pub name: String,
}

/// The endings of organization names, as alternatives of a pattern.
const SUFFIXES: &str = "股份有限公司|有限责任公司|有限公司|股份公司|公司|集团|银行|研究总院|研究院|研究所|科学院|学院|大学|协会|商会|管委会";
/// Every ending above holds one of these: a paragraph without them names no organization.
pub(crate) const SUFFIX_CHARS: [char; 7] = ['司', '团', '行', '院', '所', '学', '会'];
/// The endings, found as their pattern finds them, by a literal searcher.
static SUFFIX: LazyLock<AhoCorasick> =
    LazyLock::new(|| crate::patterns::literal_alternatives(SUFFIXES));
/// The characters of the endings.
static SUFFIX_INSIDE: LazyLock<Inside> = LazyLock::new(|| Inside::of_words(SUFFIXES.split('|')));

/// Builds the searcher now rather than when the first document needs it.
pub(super) fn warm_up() {
    LazyLock::force(&SUFFIX);
    LazyLock::force(&SUFFIX_INSIDE);
}

fn is_delimiter(c: char) -> bool {
    c.is_whitespace() || "、，,。；;：:“”‘’《》「」！？!?·—".contains(c)
}

/// Verbs seen this often are the sentence's verbs (支持, 指定, 设立); rarer ones may be a
/// brand jieba tags as a verb (安踏, 交发).
const COMMON_VERB: usize = 500;

/// Whether `tag` can only stand between names, never inside one: prepositions,
/// conjunctions, adverbs, pronouns, particles, idioms (与, 和, 不, 本, 的, 积极争取).
fn is_function(tag: &jieba_rs::Tag) -> bool {
    matches!(tag.tag, "p" | "c" | "d" | "ad" | "r" | "l" | "i")
        || tag.tag.starts_with('u')
        || CONTEXT.contains(&tag.word)
}

/// Verbs that put a body in the sentence's hands and are never part of its name; jieba's
/// dictionary often tags them as nouns (委托, 指导, 会同, 经).
const CONTEXT: &[&str] = &[
    "由",
    "经",
    "向",
    "报",
    "并报",
    "交由",
    "移送",
    "会同",
    "委托",
    "指导",
    "监督",
    "督促",
    "指",
    "规定",
    "依法",
    "发挥",
    "充分发挥",
    "存入",
    "放宽",
    "开立",
    "区分",
    "明确",
    "面向",
    "参照",
    "接受",
    "加入",
    "成立",
    "设立",
    "组建",
    "听取",
    "支持",
    "鼓励",
    "引导",
    "重视",
    "协调",
    "查处",
    "扩大",
    "侵占",
    "选定",
    "指定",
    "限于",
    "组织",
    "举行",
    "担任",
    "申请",
    "成为",
    "属于",
    "包括",
    "通过",
    "利用",
    "推动",
    "培育",
    "引进",
    "设置",
    "报告",
    "报送",
    "告知",
];

/// Whether `tag` is a verb common enough to be the sentence's own (支持, 指定, 设立), not
/// a brand jieba tags as a verb (安踏, 交发).
fn is_common_verb(tag: &jieba_rs::Tag) -> bool {
    tag.tag.starts_with('v')
        && !tag.tag.starts_with("vn")
        && word_frequency(tag.word) >= COMMON_VERB
}

fn is_proper(tag: &jieba_rs::Tag) -> bool {
    ["ns", "nz", "nt", "nr", "j"]
        .iter()
        .any(|p| tag.tag.starts_with(p))
}

/// A clause number before the name: `（七）指导行业协会`, `(三)有良好的银行`; read by
/// [`clause_number_len`], which the tests hold to it.
#[cfg(test)]
static CLAUSE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(][一二三四五六七八九十百0-9]+[）)]").expect("clause number pattern")
});

/// The length in bytes of the clause number that opens `text`, as [`CLAUSE_NUMBER`] matches
/// it: a bracket, numerals or digits, a bracket.
fn clause_number_len(text: &str) -> Option<usize> {
    let inside = text.strip_prefix(['（', '('])?;
    let after = inside.trim_start_matches(|c| "一二三四五六七八九十百0123456789".contains(c));
    if after.len() == inside.len() {
        return None;
    }
    let rest = after.strip_prefix(['）', ')'])?;
    Some(text.len() - rest.len())
}

/// How far before its suffix a name reaches, in bytes (a character more at most).
const NAME_REACH: usize = 60;

/// The most characters between the brackets after a suffix that belong to the name (数字中国
/// 研究院(福建)), and so the most bytes a name ends past its suffix: two full-width brackets
/// and those characters.
const BRACKETED: usize = 4;
const PAST_SUFFIX: usize = 2 * '（'.len_utf8() + BRACKETED * 4;

/// The start of the name whose suffix is `text[suffix_start..suffix_end]`; it does not reach
/// back past `floor`, and a `floor` more than [`NAME_REACH`] and a character before the suffix
/// changes nothing.
fn name_start(text: &str, suffix_start: usize, suffix_end: usize, floor: usize) -> Option<usize> {
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
        if suffix_start - i > NAME_REACH {
            break;
        }
    }
    if let Some(n) = clause_number_len(&text[start..suffix_start]) {
        start += n;
    }
    // The name starts after the last word that cannot be part of one (指导, 与, 应当, 的);
    // a conjunction inside (厦门国际银行和平安银行) starts a new name. A name jieba knows
    // whole (亚洲开发银行, 兴业银行) keeps its words.
    let name = &text[start..suffix_end];
    let cut = context_end(
        &segment::tag(name),
        &text[start..suffix_start],
        suffix_end - suffix_start,
    )?;
    Some(start + cut)
}

/// Where the context before a name ends in `region`, the text before the name's suffix of
/// `suffix_len` bytes, given jieba's tags of the two together: the name's start in `region`.
fn context_end(tags: &[jieba_rs::Tag], region: &str, suffix_len: usize) -> Option<usize> {
    let head_len = region.len();
    let known = tags
        .last()
        .filter(|t| t.tag == "nt" && t.byte_start < head_len)
        .map_or(head_len, |t| t.byte_start);
    // a word must not run into the suffix: not 大学 in 扩大学校, 重大学术
    if tags.iter().any(|t| {
        t.byte_start < head_len && head_len < t.byte_end && t.byte_end < head_len + suffix_len
    }) {
        return None;
    }
    let head: Vec<_> = tags.iter().take_while(|t| t.byte_end <= known).collect();
    // A verb ends the context unless a proper noun before it starts the name
    // (中关村创新发展研究院, but 行业协会应当制定行业协会).
    let mut cut = 0;
    let mut proper = false;
    for t in &head {
        if is_function(t) || (is_common_verb(t) && !proper) {
            cut = t.byte_end;
            proper = false;
        } else if let Some(rest) = t.word.strip_prefix(['由', '向', '经', '报'])
            && ["市", "省", "县", "区"].contains(&rest)
        {
            // 由市科学技术协会: jieba joins the preposition to the level
            cut = t.byte_end - rest.len();
        } else if is_proper(t) {
            proper = true;
        }
    }
    // a verb or preposition right before a proper noun ends the context (省上支持三明学院)
    for w in head.windows(2) {
        let verb = w[0].tag == "v" || w[0].tag == "p";
        let proper = ["ns", "nz", "nr", "nt", "j"].contains(&w[1].tag);
        if verb && proper && w[0].byte_end > cut {
            cut = w[0].byte_end;
        }
    }
    if known < head_len {
        cut = cut.min(known);
    }
    if region[cut..].chars().count() < 2 {
        // 企业和商会, 支持银行: nothing is left of the name; but a short brand jieba tags
        // as a rare verb (安踏, 交发) is the name
        let last = head.last()?;
        let brand = last.tag.starts_with('v') && !is_common_verb(last) && !is_function(last);
        if !brand {
            return None;
        }
        cut = last.byte_start;
    }
    Some(cut)
}

/// Words that make the name before them generic (合作银行, 城投平台公司).
const GENERIC_TAIL: &[&str] = &["合作", "政策", "平台"];

/// Words that make a short name ending in them generic (境内上市公司, 行业协会, 产业学院).
const GENERIC_END: &[&str] = &[
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

/// Words before a name that say it is any such body, not a named one (各商业银行, 本市支持商会).
const DETERMINERS: &[&str] = &[
    "各",
    "本市",
    "本省",
    "本区",
    "本县",
    "本",
    "该",
    "其他",
    "其",
    "有关",
    "相关",
    "所在地",
    "市属",
    "省属",
    "县级以上",
    "区县",
    "地方",
    "境外",
    "境内",
    "外国",
    "中外合资",
    "中资",
    "外资",
];

/// Kinds of company, bank, association and zone that name no one body (保险公司, 商业银行,
/// 跨国公司, 开发区管委会). A level before them makes them one (市投资集团).
const KINDS: &[&str] = &[
    "保险",
    "财产保险",
    "人寿保险",
    "商业保险",
    "商业",
    "跨国",
    "国有",
    "国有独资",
    "国有控股",
    "国有资本控股",
    "国有资本参股",
    "国有资本投资",
    "国有资本运营",
    "融资担保",
    "担保",
    "小额贷款",
    "贷款",
    "信托",
    "融资租赁",
    "金融租赁",
    "商业保理",
    "集团",
    "企业",
    "资产管理",
    "地方资产管理",
    "投资",
    "投资性",
    "控股",
    "财务",
    "证券",
    "基金",
    "期货",
    "民营",
    "私营",
    "股份制",
    "城市商业",
    "农村商业",
    "村镇",
    "政策性",
    "邮轮",
    "开户",
    "受托",
    "代收",
    "托管",
    "存管",
    "承保",
    "结算",
    "私人",
    "专业",
    "物业管理",
    "物业服务",
    "饭店管理",
    "社区",
    "技师",
    "开发区",
    "开发区总",
    "新区",
    "度假区",
    "旅游度假区",
    "风景区",
    "景区",
    "风景名胜区",
    "保税区",
    "保税港区",
    "高新区",
    "园区",
    "工业园区",
    "产业园区",
    "经济开发区",
    "经济技术开发区",
    "示范区",
    "试验区",
    "实验区",
    "集聚区",
    "自贸区",
    "片区",
    "协会",
    "行业协会",
    "以下简称",
    "简称",
];

/// Whether the words before the suffix make a kind of body rather than a name.
fn is_generic(head: &str) -> bool {
    let mut bare = head;
    while let Some(d) = DETERMINERS.iter().find(|d| bare.starts_with(**d)) {
        bare = &bare[d.len()..];
    }
    let kind = bare.is_empty() || KINDS.contains(&bare);
    let stripped = bare.len() < head.len();
    let level = head.trim_start_matches(['市', '省', '县']);
    kind && (stripped || level.len() == head.len())
        || GENERIC_TAIL.iter().any(|g| level.ends_with(g))
        || GENERIC_END
            .iter()
            .any(|g| level.ends_with(g) && level.chars().count() <= 4)
        || ["等", "一批", "相关", "有关", "各类", "的"]
            .iter()
            .any(|w| head.contains(w))
}

/// Finds organizations in `text` (byte offsets from `base`).
pub fn organizations(text: &str, base: usize, out: &mut Vec<Entity>) {
    organizations_near(text, base, near::signs(text, &SUFFIX_CHARS), out);
}

/// [`organizations`], where `signs` are the byte offsets of the characters of [`SUFFIX_CHARS`].
pub(super) fn organizations_near(
    text: &str,
    base: usize,
    signs: impl IntoIterator<Item = usize>,
    out: &mut Vec<Entity>,
) {
    organizations_reading(text, base, signs, out, Reading::Near);
}

/// What a name found reads of the text and the names before it: only what lies within a
/// name's reach of it, or, for the tests, all of it.
#[derive(Clone, Copy, PartialEq)]
enum Reading {
    Near,
    #[cfg(test)]
    All,
}

fn organizations_reading(
    text: &str,
    base: usize,
    signs: impl IntoIterator<Item = usize>,
    out: &mut Vec<Entity>,
    reading: Reading,
) {
    let near_only = reading == Reading::Near;
    // only the names found in this text bound the next one
    let first = out.len();
    near::find_words_near(&SUFFIX, &SUFFIX_INSIDE, text, signs, |m| {
        // 银行业 is a trade, not a bank
        let after = &text[m.end..];
        if after.starts_with(['业', '家']) {
            return;
        }
        // 《公司法》, 商业银行法: the name of a law
        if after.starts_with('法') && !after["法".len()..].starts_with(['人', '定', '务']) {
            return;
        }
        // 协商会 is a meeting
        if &text[m.clone()] == "商会" && text[..m.start].ends_with('协') {
            return;
        }
        let prev_end = out[first..]
            .iter()
            .rev()
            .find(|o| o.span.end <= base + m.start)
            .map_or(0, |o| o.span.end - base);
        // the name before ends this one only where something separates them (和, 作为, a
        // comma); otherwise it is part of it (…研究总院海西（福建）分院有限公司). Farther back
        // than a name reaches it bounds nothing, and the gap is not read.
        let gap = &text[prev_end..m.start];
        let separated = (!near_only || gap.len() < NAME_REACH + 4)
            && (gap.contains(is_delimiter)
                || segment::tag(gap)
                    .iter()
                    .any(|t| ["c", "p", "v"].contains(&t.tag)));
        let floor = if separated { prev_end } else { 0 };
        let Some(start) = name_start(text, m.start, m.end, floor) else {
            return;
        };
        if m.start - start < "三钢".len() {
            return;
        }
        let mut end = m.end;
        // 数字中国研究院(福建)
        let rest = &text[end..];
        if let Some(inner) = rest.strip_prefix(['(', '（'])
            && let Some(close) = inner.find([')', '）'])
            && inner[..close].chars().count() <= BRACKETED
        {
            end += rest.len() - inner.len()
                + close
                + inner[close..].chars().next().map_or(0, char::len_utf8);
        }
        let generic = is_generic(&text[start..m.start]);
        if generic {
            return;
        }
        let name = text[start..end].to_owned();
        let span = Span::new(base + start, base + end);
        debug_assert!(end - m.end <= PAST_SUFFIX);
        // The outer name wins: 中国机械科学研究总院海西（福建）分院有限公司. The names before
        // were found in the order of their suffixes, each ending at most PAST_SUFFIX bytes past
        // its own: past the last that ends that far before this one's start, none reaches it.
        let near = out[first..]
            .iter()
            .rposition(|o| near_only && o.span.end + PAST_SUFFIX <= span.start)
            .map_or(first, |k| first + k + 1);
        let mut mine = out.split_off(near);
        mine.retain(|o| !(span.start <= o.span.start && o.span.end <= span.end));
        let inside = mine
            .iter()
            .any(|o| o.span.start <= span.start && span.end <= o.span.end);
        out.append(&mut mine);
        if inside {
            return;
        }
        out.push(Entity::new(
            "organization",
            span,
            Value::Organization(OrganizationValue { name }),
        ));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn a_clause_number_is_what_its_pattern_matches(
            text in "[（(]?[一二三四五六七八九十百0-9a]{0,3}[）)]?[（(指]?"
        ) {
            proptest::prop_assert_eq!(
                clause_number_len(&text),
                CLAUSE_NUMBER.find(&text).map(|m| m.end()),
                "{}", text
            );
        }

        /// Reading only what lies within a name's reach finds what reading everything does.
        #[test]
        fn names_found_reading_near_them_are_those_found_reading_all(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "福建华兴科技有限公司", "厦门海天贸易有限公司", "中国机械科学研究总院海西（福建）分院有限公司",
                "数字中国研究院(福建)", "研究院（分院）", "兴业银行", "本公司", "银行业", "协商会",
                "省农业科学院", "与", "和", "的", "，", "、", "签订协议", "（一）", "指导行业协会",
                "华兴", "海天科技集团", "股份", "有限", "公司",
            ][..]), 0..40)
        ) {
            let text: String = parts.concat();
            let signs = || near::signs(&text, &SUFFIX_CHARS);
            let (mut near, mut all) = (Vec::new(), Vec::new());
            organizations_reading(&text, 7, signs(), &mut near, Reading::Near);
            organizations_reading(&text, 7, signs(), &mut all, Reading::All);
            proptest::prop_assert_eq!(near, all, "{}", text);
        }

        /// What the gap to the name before is not read for: a floor farther back than a name
        /// reaches changes nothing.
        #[test]
        fn a_floor_out_of_a_names_reach_changes_nothing(
            text in "[福建华兴科技有限公司与和的，、签订协议（）() 研究院银行]{0,80}"
        ) {
            for m in SUFFIX.find_iter(&text) {
                for (floor, _) in text.char_indices() {
                    if floor + NAME_REACH + 4 > m.start() {
                        break;
                    }
                    proptest::prop_assert_eq!(
                        name_start(&text, m.start(), m.end(), floor),
                        name_start(&text, m.start(), m.end(), 0),
                        "{} floor {}", text, floor
                    );
                }
            }
        }

        #[test]
        fn endings_are_found_as_their_pattern_finds_them(
            text in "[股份有限责任公司集团银行研究总院所科学大协商管委会业 ]{0,40}"
        ) {
            proptest::prop_assert!(crate::patterns::literal_tests::agree(SUFFIXES, &text));
        }
    }

    #[test]
    fn every_ending_holds_an_ending_character() {
        for ending in SUFFIXES.split('|') {
            assert!(ending.contains(SUFFIX_CHARS), "{ending}");
        }
    }

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
    fn kinds_of_body_are_not_names() {
        for t in [
            "督促保险公司及时理赔",
            "各商业银行应当",
            "鼓励跨国公司设立总部",
            "报开发区管委会备案",
            "依照《中华人民共和国公司法》",
            "举行工资集体协商会",
            "人民政府应当扩大学校规模",
            "（七）指导行业协会制定规范",
            "持卡人应当到公安机关指定的银行办理",
            "专项维修资金应当存入银行",
        ] {
            assert!(names(t).is_empty(), "{t}: {:?}", names(t));
        }
    }

    #[test]
    fn verbs_before_a_name_are_not_part_of_it() {
        assert_eq!(
            names("控制性详细规划由市科学技术协会组织"),
            ["市科学技术协会"]
        );
        assert_eq!(names("会同人民银行制定"), ["人民银行"]);
        assert_eq!(names("委托义乌试验区管委会实施"), ["义乌试验区管委会"]);
        assert_eq!(names("积极争取亚洲开发银行贷款"), ["亚洲开发银行"]);
        assert_eq!(
            names("加强与中关村创新发展研究院的对接"),
            ["中关村创新发展研究院"]
        );
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

#[cfg(test)]
mod near_signs {
    use super::*;
    use proptest::prelude::*;

    fn endings_and_more() -> impl Strategy<Value = String> {
        near::drawn(SUFFIXES, "[的，业家法有限公司学会 a]{0,3}", 1..5)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn the_search_near_the_signs_finds_every_ending(text in endings_and_more()) {
            let mut near = Vec::new();
            let signs = near::signs(&text, &SUFFIX_CHARS);
            near::find_words_near(&SUFFIX, &SUFFIX_INSIDE, &text, signs, |m| near.push(m));
            let all: Vec<_> = SUFFIX.find_iter(&text).map(|m| m.range()).collect();
            prop_assert_eq!(near, all, "{}", text);
        }
    }
}
