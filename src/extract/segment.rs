//! jieba, the word segmenter, shared by every extractor that needs word boundaries.
//!
//! Loading jieba's whole dictionary (349,045 words) takes about 100–140 ms, most of a run over
//! one small document. But what jieba says about a piece of text depends only on the dictionary
//! words that occur in it and on the dictionary's total frequency. So a small run can
//! [`restrict`] the dictionary to the words its documents can hold, plus one placeholder word,
//! made of a character they do not contain, that carries the frequency of every word left out:
//! the same answers from a fraction of the words (about 1,200 for a reply of 2,900 characters,
//! 16,000 for a 1 MB document). A word is kept when its documents [cover](Scope::covers) it:
//! each of its characters occurs in them, and so does each pair of characters it holds side by
//! side. Any word inside a covered text is covered too, so text that is covered finds every
//! word it holds in the restricted dictionary; other text is segmented with the whole
//! dictionary, loaded then, so the answers never depend on which dictionary a run loaded.

use std::sync::{LazyLock, Mutex, OnceLock};

use jieba_rs::Jieba;
use rustc_hash::FxHashSet;

use crate::names::{CharSet, pair_key};
use crate::normalize::{normalized, plain};

/// jieba's own dictionary, `word frequency tag` per line (see data/jieba/README.md).
static DICTIONARY: &str = include_str!("../../data/jieba/dict.txt");

/// The whole dictionary, loaded on first use.
static FULL: LazyLock<Jieba> = LazyLock::new(Jieba::new);
/// A restricted run's documents' texts, read one by one as the scope is made.
type Texts = Box<dyn Iterator<Item = String> + Send>;
static TEXTS: Mutex<Option<Texts>> = Mutex::new(None);
/// What a restricted run's documents contain (`None` for a run that is not restricted), made
/// on first use.
static SCOPE: OnceLock<Option<Scope>> = OnceLock::new();
/// The dictionary restricted to [`SCOPE`], built on first use.
static SCOPED: OnceLock<Jieba> = OnceLock::new();

/// The characters of a run's documents, and the pairs of characters they hold side by side.
///
/// The documents are read as decoded, but jieba sees their normalized text, where a character
/// may come next to another that it was not next to before: a line break joined, white space or
/// Markdown markup dropped, a zero-width character removed. So the pairs skip what
/// normalization drops or makes ASCII, and a pair with an ASCII character in it is never
/// tested: every ASCII character is in the set.
pub(crate) struct Scope {
    chars: CharSet,
    /// The pairs, by [`pair_key`].
    pairs: FxHashSet<u64>,
}

impl Scope {
    /// The characters and pairs of `texts`, and ASCII (normalization turns full-width digits
    /// and letters into it).
    fn of<S: AsRef<str>>(texts: impl IntoIterator<Item = S>) -> Scope {
        let mut chars = CharSet::new();
        (0..128u8).map(char::from).for_each(|c| chars.insert(c));
        let mut pairs = FxHashSet::default();
        for text in texts {
            let mut last = None;
            for c in text.as_ref().chars() {
                if c.is_ascii() {
                    continue;
                }
                chars.insert(c);
                let n = if plain(c) {
                    c
                } else {
                    normalized(c).unwrap_or(' ')
                };
                if !n.is_ascii() {
                    if let Some(l) = last {
                        pairs.insert(pair_key(l, n));
                    }
                    last = Some(n);
                }
            }
        }
        Scope { chars, pairs }
    }

    /// Whether every character of `text` occurs in the documents, and every pair of
    /// characters side by side in `text` (neither of them ASCII) occurs in them too, as far
    /// as normalization can bring them together. A covered text's every piece is covered.
    pub(crate) fn covers(&self, text: &str) -> bool {
        let mut last: Option<char> = None;
        text.chars().all(|c| {
            let known = self.chars.contains(c)
                && (c.is_ascii()
                    || last.is_none_or(|l| l.is_ascii() || self.pairs.contains(&pair_key(l, c))));
            last = Some(c);
            known
        })
    }
}

/// A private-use character outside `set`, for the placeholder word.
fn outsider(set: &CharSet) -> Option<char> {
    ('\u{E000}'..='\u{F8FF}').find(|&c| !set.contains(c))
}

/// Restricts this run's dictionary to what `texts` (the decoded inputs of a small run) can
/// hold. The texts are read when the scope is first needed, one at a time, by the thread that
/// loads the dictionary ([`warm_up`]) or the first to segment, while the others wait; so the
/// run's workers need not wait for them to start. Only the first call counts, and only before
/// jieba is first used.
pub fn restrict(texts: impl Iterator<Item = String> + Send + 'static) {
    if let Ok(mut pending) = TEXTS.lock() {
        pending.get_or_insert_with(|| Box::new(texts));
    }
}

/// The run's scope, made on first use: `None` when the run is not restricted.
fn scope() -> Option<&'static Scope> {
    SCOPE
        .get_or_init(|| {
            let texts = TEXTS.lock().ok()?.take()?;
            Some(Scope::of(texts))
        })
        .as_ref()
}

/// The dictionary words `scope` covers, and the placeholder word.
fn scoped(scope: &Scope) -> Jieba {
    let mut kept = String::new();
    let mut left_out = 0usize;
    let mut start = 0;
    // the lines are `word frequency tag`, with one space between fields, and the file ends
    // with a line end (a line lost would change the total frequency, which a test compares)
    for end in memchr::memchr_iter(b'\n', DICTIONARY.as_bytes()) {
        let line = &DICTIONARY[start..end];
        start = end + 1;
        let (word, rest) =
            line.split_at(memchr::memchr(b' ', line.as_bytes()).unwrap_or(line.len()));
        if scope.covers(word) {
            kept.push_str(line);
            kept.push('\n');
        } else {
            left_out += rest
                .bytes()
                .skip(1)
                .take_while(u8::is_ascii_digit)
                .fold(0, |n, d| n * 10 + usize::from(d - b'0'));
        }
    }
    let Some(outsider) = outsider(&scope.chars) else {
        return Jieba::new();
    };
    let Ok(mut jieba) = Jieba::with_dict(&mut kept.as_bytes()) else {
        return Jieba::new();
    };
    jieba.add_word(&outsider.to_string(), Some(left_out), None);
    jieba
}

/// The segmenter for `text`: the restricted dictionary when the run has one and it covers
/// `text`, the whole dictionary otherwise.
pub(crate) fn jieba(text: &str) -> &'static Jieba {
    match scope() {
        Some(scope) if scope.covers(text) => SCOPED.get_or_init(|| scoped(scope)),
        _ => &FULL,
    }
}

/// How often jieba's dictionary has seen `word` (1 for a word it does not know).
pub(crate) fn word_frequency(word: &str) -> usize {
    jieba(word).suggest_freq(word).saturating_sub(1).max(1)
}

/// Loads the dictionary this run uses, the slowest of the tables, so that a caller can start
/// it on a thread of its own while the inputs are found, read and normalized.
pub fn warm_up() {
    match scope() {
        Some(scope) => {
            SCOPED.get_or_init(|| scoped(scope));
        }
        None => {
            LazyLock::force(&FULL);
        }
    }
}

/// Loads jieba's part-of-speech model for words its dictionary does not know (about 30 ms),
/// which the first such word of a document would otherwise load on a worker. The model is
/// jieba's own, whatever the dictionary, so it loads on a thread of its own while the
/// dictionary loads: tagging 丁世忠 with no dictionary at all is tagging a word it does not know.
pub fn warm_up_tagger() {
    let _ = Jieba::empty().tag("丁世忠", true);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(jieba: &Jieba, text: &str) -> Vec<(String, String)> {
        jieba
            .tag(text, true)
            .into_iter()
            .map(|t| (t.word.to_owned(), t.tag.to_owned()))
            .collect()
    }

    #[test]
    fn the_copy_is_jiebas_own_dictionary() {
        let copy = Jieba::with_dict(&mut DICTIONARY.as_bytes()).unwrap();
        // the Debug form shows the number of words and the total frequency
        assert_eq!(format!("{copy:?}"), format!("{:?}", *FULL));
    }

    #[test]
    fn a_restricted_dictionary_answers_like_the_whole_one() {
        // as decoded, and as normalization gives them to jieba: a line break joined, Markdown
        // bold and a zero-width space dropped, full-width digits made ASCII
        let texts = [
            "省工信厅、发改委牵头，宁德时代新能源科技股份有限公司和福鼎市人民\n政府配合，\
             ２０２３年安排资金**1.85亿元**，支持王小明同志在长\u{200B}乐区开展试点。",
            "全国政协常委、安踏集团董事局主席丁世忠建议加快产业链协同创新。",
        ];
        let seen = [
            "省工信厅、发改委牵头，宁德时代新能源科技股份有限公司和福鼎市人民政府配合，\
             2023年安排资金1.85亿元，支持王小明同志在长乐区开展试点。",
            texts[1],
        ];
        let scope = Scope::of(texts);
        let restricted = scoped(&scope);
        assert_eq!(
            format!("{restricted:?}").split(',').nth(1),
            format!("{:?}", *FULL).split(',').nth(1),
            "same total frequency"
        );
        for text in seen {
            assert!(scope.covers(text), "{text}");
            let chars: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            for (k, &from) in chars.iter().enumerate() {
                for &to in chars[k + 1..].iter().take(12).chain([&text.len()]) {
                    let window = &text[from..to];
                    assert!(scope.covers(window), "{window}");
                    assert_eq!(tags(&restricted, window), tags(&FULL, window), "{window}");
                    assert_eq!(
                        restricted.suggest_freq(window),
                        FULL.suggest_freq(window),
                        "{window}"
                    );
                }
            }
        }
        // words of characters the documents hold, but never side by side, are left out
        assert!(FULL.has_word("上海") && !restricted.has_word("上海"));
        assert!(FULL.has_word("同时") && !restricted.has_word("同时"));
        assert!(restricted.has_word("人民政府") && restricted.has_word("长乐"));
        // a few hundred words of 349,045
        let kept: usize = format!("{restricted:?}")
            .split(|c: char| !c.is_ascii_digit())
            .find(|n| !n.is_empty())
            .and_then(|n| n.parse().ok())
            .unwrap();
        assert!((100..1_000).contains(&kept), "{kept}");
    }

    #[test]
    fn what_a_scope_covers() {
        let scope = Scope::of(["福建\n省，A福州\u{200B}市"]);
        assert!(scope.chars.contains('福') && scope.chars.contains('1'));
        assert!(!scope.chars.contains('上') && !scope.chars.contains('𠮷'));
        for text in [
            "福建省",
            "建省，福州市",
            "省，",
            "福州",
            "州市",
            "福建 省",
            "A1",
            "",
        ] {
            assert!(scope.covers(text), "{text}");
        }
        for text in ["建福", "福州建", "上", "𠮷", "福，"] {
            assert!(!scope.covers(text), "{text}");
        }
        assert_eq!(outsider(&scope.chars), Some('\u{E000}'));
        assert_eq!(outsider(&Scope::of(["\u{E000}"]).chars), Some('\u{E001}'));
    }
}
