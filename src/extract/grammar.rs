//! The text of the patterns the build compiles: the two largest, dates and amounts, with the
//! words and classes that their readers share, and the named collective bodies.
//!
//! The build compiles each into DFAs that are part of the program (see `build.rs` and
//! [`super::compiled`]), so a run does not compile them. The build reads this file too: it
//! names nothing of the crate, only `std` and `regex_syntax`.

/// `words` as the alternatives of a group.
pub fn any_of(words: &[&str]) -> String {
    let escaped: Vec<String> = words.iter().map(|w| regex_syntax::escape(w)).collect();
    format!("(?:{})", escaped.join("|"))
}

/// Dates: `2024年3月5日`, `2017年五月至2018年四月`, `去年底`, `本月10日`, `三季度`.
pub mod date {
    use super::any_of;

    pub const Y: &str = r"(?:[0-9]{4}|[〇零一二三四五六七八九]{4})";
    pub const M: &str = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])";
    pub const D: &str =
        r"(?:3[01]|[12][0-9]|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])";
    /// Years, months and quarters named from the document's date, and the separators of a range,
    /// each list in the order the pattern tries them.
    pub const REL_YEARS: [&str; 12] = [
        "今年",
        "本年",
        "当年",
        "这一年",
        "去年",
        "上年",
        "上一年",
        "前年",
        "明年",
        "次年",
        "来年",
        "下一年",
    ];
    pub const REL_MONTHS: [&str; 9] = [
        "本月",
        "当月",
        "这个月",
        "上月",
        "上个月",
        "上一个月",
        "下月",
        "下个月",
        "下一个月",
    ];
    pub const REL_QUARTERS: [&str; 9] = [
        "本季度",
        "当季",
        "这个季度",
        "上季度",
        "上个季度",
        "上一季度",
        "下季度",
        "下个季度",
        "下一季度",
    ];
    /// The numbers of a quarter after a year (`2024年一季度`, `2024年首季度`), after a relative year
    /// (`明年一季度`) and alone (`三季度`), and of the years back from the document's date (`近两年`):
    /// each set is a class of the pattern and what the reader takes.
    pub const YEAR_QUARTERS: &str = "一二三四1234首";
    pub const RELATIVE_QUARTERS: &str = "一二三四首";
    pub const QUARTERS: &str = "一二三四1234";
    pub const RECENT_YEARS: &str = "两二三四五六七八九十123456789";
    pub const SEPARATORS: [&str; 10] = ["至", "到", "--", "-", "——", "—", "–", "~", "～", "－"];

    /// The date pattern, whose matches [`super::super::date`] reads.
    pub fn pattern() -> String {
        format!(
            r"(?x)
            (?P<until>截至|截止到|截止)?\s?
            (?:
                (?:从|自)?(?P<r1y>{Y})\s?年\s?(?P<r1m>{M})\s?月\s?(?P<r1d>{D})\s?[日号]?\s?{SEP}\s?
                    (?:(?P<r2y>{Y})\s?年\s?)?(?:(?P<r2m>{M})\s?月\s?)?(?P<r2d>{D})\s?[日号]
              | (?:从|自)?(?P<mry>{Y})\s?年\s?(?P<mr1>{M})\s?(?:月份?)?\s?{SEP}\s?(?P<mr2>{M})\s?月份?
              | (?:从)?(?P<ya>[0-9]{{4}})\s?(?:年\s?)?(?:起\s?)?{SEP}\s?(?P<yb>[0-9]{{4}})\s?年
              | (?P<dy>[0-9]{{4}})(?P<dm>[0-9]{{2}})(?P<dd>[0-9]{{2}})日
              | (?P<iy>[0-9]{{4}})[-/.](?P<im>[0-9]{{1,2}})[-/.](?P<id>[0-9]{{1,2}})
              | (?P<y>{Y})\s?年\s?
                    (?:(?P<m>{M})\s?月份?\s?(?:(?P<d>{D})\s?[日号])?
                      | (?P<q>第?[{YEAR_QUARTERS}])季度
                      | (?P<h>上半年|下半年)
                      | (?P<yend>年?底|年?末)
                      | (?P<from>起))?
              | (?P<rel>{REL})
                    (?:(?P<rm>{M})月份?(?:(?P<rd>{D})[日号])?
                      | (?P<rq>第?[{RELATIVE_QUARTERS}])季度
                      | (?P<rh>上半年|下半年)
                      | (?P<rend>年?底|年?末))?
              | (?P<relm>{REL_MONTH})(?:(?P<relmd>{D})[日号])?
              | (?P<relq>{REL_QUARTER})
              | 近(?P<ny>[{RECENT_YEARS}])年
              | (?P<bm>{M})月(?P<bd>{D})[日号]
              | (?P<bq>第?[{QUARTERS}])季度
              | (?P<bh>上半年|下半年)
              | (?P<bday>[12]?[0-9]|3[01])日
            )",
            REL = any_of(&REL_YEARS),
            REL_MONTH = any_of(&REL_MONTHS),
            REL_QUARTER = any_of(&REL_QUARTERS),
            SEP = any_of(&SEPARATORS),
        )
    }
}

/// Amounts of money: `3.5亿元`, `超100万元`, `100万至500万元`, `3000元/人·月`.
pub mod amount {
    use super::any_of;

    /// The characters of a Chinese numeral, and those of them that are units.
    pub const CN_NUMERALS: &str =
        "零〇一二两兩三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億廿卅";
    pub const UNITS: &str = "十百千万亿拾佰仟萬億";
    pub const CN_DIGITS: &str = "零〇一二三四五六七八九";

    /// A number. Arabic digits group by ASCII commas only: a Chinese comma between numbers
    /// separates them (`$20，300美圆` is two prices), unless a decimal part follows.
    pub fn num() -> String {
        format!(
            r"(?:[0-9]{{1,3}}(?:[,，][0-9]{{3}})+[.．][0-9]+|[0-9]+(?:,[0-9]{{3}})*(?:[.．][0-9]+)?|[{CN_NUMERALS}]+(?:点[{CN_DIGITS}]+)?)"
        )
    }

    // The characters of the pattern's classes that the reader takes too: of the unit after 每
    // (每人), of a rate's unit after `/` (the first, and the others), of 角 and 分, and the letters
    // of a multiplier (5k, 2w).
    pub const EACH_UNITS: &str = "人年月次户项个家天日台套";
    pub const RATE_FIRST: &str = "人月年天日次户项个家台套亩";
    pub const RATE_UNITS: &str = "人月年天日次";
    pub const RATE_DOTS: &str = "·・";
    pub const SUB_DIGITS: &str = "0123456789零一二两三四五六七八九";
    pub const MULT_LETTERS: &str = "kKwW";

    // The words of the pattern's groups, each list in the order the pattern tries them.
    pub const PRE_WORDS: [&str; 26] = [
        "累计",
        "合计",
        "共计",
        "总计",
        "超过",
        "不低于",
        "不少于",
        "不高于",
        "不超过",
        "不多于",
        "不到",
        "不足",
        "低于",
        "少于",
        "最高",
        "最多",
        "至少",
        "高达",
        "多达",
        "大约",
        "将近",
        "接近",
        "约",
        "近",
        "超",
        "逾",
    ];
    pub const CUR_WORDS: [&str; 18] = [
        "美元",
        "美圆",
        "欧元",
        "日元",
        "日币",
        "港元",
        "港币",
        "英镑",
        "澳元",
        "韩元",
        "新台币",
        "台币",
        "卢布",
        "人民币",
        "元",
        "圆",
        "块钱",
        "块",
    ];
    pub const CUR_PRE_WORDS: [&str; 13] = [
        "人民币",
        "美元",
        "港币",
        "港元",
        "新台币",
        "台币",
        "欧元",
        "日元",
        "英镑",
        "US$",
        "$",
        "￥",
        "¥",
    ];
    pub const POST_WORDS: [&str; 6] = ["以上", "以下", "左右", "以内", "上下", "起"];
    pub const SEP_WORDS: [&str; 9] = ["至", "到", "--", "-", "——", "—", "~", "～", "－"];

    /// The amount pattern, whose matches [`super::super::money`] reads.
    pub fn pattern() -> String {
        format!(
            r"(?x)
            (?:每(?P<per_pre>[{EACH_UNITS}])\s?)?
            (?:(?P<pre>{PRE})\s?)?
            (?:(?P<cur_pre>{CUR_PRE})\s*)?
            (?:(?P<pre2>{PRE})\s?)?
            (?:
                # a range: lower bound, separator, upper bound with currency
                (?P<lo>{NUM})\s?(?P<lo_mult>{MULT})?(?P<lo_cur>{CUR})?(?:[（(]含[）)])?(?P<lo_post>以上)?\s?{SEP}\s?
                (?P<hi>{NUM})\s?(?P<hi_mult>{MULT})?\s?(?P<hi_cur>{CUR})(?P<hi_post>以下|以内)?
              |
                # a rate whose currency was lost: 2000/人·月 (before the branch below, which would
                # take the number alone)
                (?P<bare>[0-9][0-9,，]*(?:\.[0-9]+)?)(?P<bare_per>/[{RATE_UNITS}][{RATE_DOTS}]?[{RATE_UNITS}]?)
              |
                # one or more numbers sharing one unit: 100、80、50万元
                (?P<list>(?:{NUM}、)+)?
                (?P<num>{NUM})\s?(?P<more>多|余)?(?P<mult>{MULT})?\s?(?P<cur>{CUR})?(?P<cur2>欧元|日币|日元|美元|港币|港元|英镑)?
                # 角 and 分: 123元1角1分, 十块三毛
                (?:(?P<jiao>{SUB})[角毛])?(?:(?P<fen>{SUB})分)?(?P<qian>钱)?(?:整|正)?(?:人民币)?
                (?:[（(]含[）)])?(?P<post>{POST})?
                # 二千元以上二万元以下
                (?:(?P<hi2>{NUM})(?P<hi2_mult>{MULT})?(?P<hi2_cur>{CUR})(?:以下|以内))?

            )
            (?P<per>/[{RATE_FIRST}][{RATE_DOTS}]?[{RATE_UNITS}]?)?
            ",
            NUM = num(),
            PRE = any_of(&PRE_WORDS),
            CUR = any_of(&CUR_WORDS),
            CUR_PRE = any_of(&CUR_PRE_WORDS),
            POST = any_of(&POST_WORDS),
            SEP = any_of(&SEP_WORDS),
            MULT = format!("(?:个?[{UNITS}]+|[{MULT_LETTERS}])"),
            SUB = format!("[{SUB_DIGITS}]"),
        )
    }
}

/// Percentages and percentage points: `34.1%`, `约 41.2％`, `提高3个百分点`, `百分之三十`.
pub mod percent {
    use super::amount::PRE_WORDS;
    use super::any_of;

    /// The signs of a negative number.
    pub const SIGNS: &str = "-－负";
    /// A number with thousands separators and decimals: `1,234.5`, `2，000`, `3．5`.
    pub const DECIMAL: &str = r"[0-9]+(?:[,，][0-9]{3})*(?:[.．][0-9]+)?";
    /// The numerals of a number of points in Chinese (`三个百分点`).
    pub const POINT_NUMERALS: &str =
        "零〇一二两兩三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億点點";
    /// The numerals of a number after 百分之 (`百分之三十`).
    pub const OF_HUNDRED_NUMERALS: &str = "零〇一二两三四五六七八九十百千点點";
    /// The words after a percentage, in the order the pattern tries them.
    pub const POST_WORDS: [&str; 4] = ["以上", "以下", "左右", "以内"];

    /// A qualifier before (the amounts' [`PRE_WORDS`]), then a percentage (`num`), a number of
    /// points (`pp`) or a number after 百分之 (`cn`), then a qualifier after it.
    pub fn pattern() -> String {
        format!(
            r"(?:(?P<pre>{PRE})\s?)?(?:(?P<num>[{SIGNS}]?{DECIMAL})\s?(?:%|％)|(?P<pp>[{SIGNS}]?{DECIMAL}[kK万]?|[{POINT_NUMERALS}]+)\s?[个個]百分[点點]|百分之(?P<cn>[{OF_HUNDRED_NUMERALS}]+|{DECIMAL}[kK]?))(?P<post>{POST})?",
            PRE = any_of(&PRE_WORDS),
            POST = any_of(&POST_WORDS),
        )
    }
}

/// Collective bodies named as such: `各设区市人民政府`, `省直各单位`. (Task forces' members,
/// the other collective bodies, are read by hand: see `department::task_force_at`.)
pub mod collective {
    pub const NAMED: &str = concat!(
        r"各(?:有关)?(?:设区市|市、县[（(]区[)）]|县[（(]市、区[)）]|市[、，,]县[（(]区[)）]|县[（(]区[)）])(?:党委和人民政府|人民政府|党委|政府)",
        r"|(?:市直|省直)各单位|省人民政府各部门|各直属机构"
    );

    pub fn pattern() -> String {
        NAMED.to_owned()
    }
}
