//! jieba, the word segmenter, shared by every extractor that needs word boundaries.
//!
//! Loading jieba's whole dictionary (349,045 words) takes about 115 ms of a core, the largest
//! fixed cost of a run. But what jieba says about a piece of text depends only on the
//! dictionary words that occur in it and on the dictionary's total frequency. So each thread
//! segments with a dictionary of its own that starts empty but for one placeholder word, made
//! of a character no text given to it holds, which carries the total frequency. Before a text
//! is segmented, each of its characters, each pair and each run of three characters side by
//! side that the thread meets for the first time brings in the dictionary's words that are
//! that character or that pair, or begin with that run, found in a sorted index of the
//! dictionary that the build makes (no loading: it is part of the program). Each word takes its
//! frequency from the placeholder's, so the total never changes. Every word that occurs in a
//! text is one of its characters or pairs or begins with one of its runs of three, so the
//! thread's dictionary gives the same answers as the whole one, from the words a run's texts
//! can hold. A text that holds the placeholder's character is segmented with the whole
//! dictionary, loaded then. [`tag`] gives a dictionary word its tag from the index and any
//! other word the tag of jieba's model for words it does not know (`super::posseg`).

use std::cell::RefCell;
use std::ops::Range;
use std::sync::LazyLock;

use jieba_rs::{Jieba, Tag};
use rustc_hash::{FxHashMap, FxHashSet};

use super::posseg;
use crate::names::pair_key;

mod index {
    include!(concat!(env!("OUT_DIR"), "/jieba_index.rs"));
}

/// The whole dictionary, loaded on first use (by a text that holds [`PLACEHOLDER`], and by
/// tests).
static FULL: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// The placeholder word: a private-use character.
const PLACEHOLDER: char = '\u{F8FF}';

/// The dictionary, sorted by the build (see `build.rs`): word `k` is
/// `TEXT[end(k - 1)..end(k)]`.
struct Index;

impl Index {
    fn u32_at(table: &[u8], k: usize) -> u32 {
        let b = &table[4 * k..4 * k + 4];
        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
    }

    fn word(k: usize) -> &'static str {
        let start = if k == 0 {
            0
        } else {
            Self::u32_at(index::ENDS, k - 1) as usize
        };
        &index::TEXT[start..Self::u32_at(index::ENDS, k) as usize]
    }

    fn freq(k: usize) -> usize {
        Self::u32_at(index::FREQS, k) as usize
    }

    fn tag(k: usize) -> &'static str {
        index::TAGS[usize::from(index::TAG_IDS[k])]
    }

    /// The first index in `lo..hi` at which `pred` fails, which holds for a run of indexes at
    /// the start of the range and for none after.
    fn partition(mut lo: usize, mut hi: usize, pred: impl Fn(usize) -> bool) -> usize {
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if pred(mid) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The words that begin with `c`, a run of the sorted words (none past U+FFFF: the build
    /// checks that no word begins there).
    fn first(c: char) -> Range<usize> {
        let at = |c| Self::u32_at(index::FIRSTS, c) as usize;
        match c as usize {
            c @ ..0x1_0000 => at(c)..at(c + 1),
            _ => 0..0,
        }
    }

    /// Each word's second character, 0 for a word of one.
    fn second(k: usize) -> u32 {
        Self::u32_at(index::SECONDS, k)
    }

    /// The word that is `c` alone, if the dictionary has it.
    fn single(c: char) -> Option<usize> {
        let words = Self::first(c);
        (!words.is_empty() && Self::second(words.start) == 0).then_some(words.start)
    }

    /// Where `word` is in the dictionary, if it is: among the words of its first two
    /// characters, found by their second.
    fn find(word: &str) -> Option<usize> {
        let mut chars = word.chars();
        let a = chars.next()?;
        let Some(b) = chars.next() else {
            return Self::single(a);
        };
        let Range { start, end } = Self::pair(a, b);
        let k = Self::partition(start, end, |k| Self::word(k) < word);
        (k < end && Self::word(k) == word).then_some(k)
    }

    /// The words that begin with `a` and `b`, a run of the sorted words, found by their
    /// second characters.
    fn pair(a: char, b: char) -> Range<usize> {
        let Range { start, end } = Self::first(a);
        let b = u32::from(b);
        let lo = Self::partition(start, end, |k| Self::second(k) < b);
        lo..Self::partition(lo, end, |k| Self::second(k) == b)
    }

    /// Of `words`, words of three characters or more that begin with one pair (a run of the
    /// sorted words), those whose third character is `c`.
    fn third(words: Range<usize>, c: char) -> Range<usize> {
        let third = |k| Self::word(k).chars().nth(2).map_or(0, u32::from);
        let c = u32::from(c);
        let lo = Self::partition(words.start, words.end, |k| third(k) < c);
        lo..Self::partition(lo, words.end, |k| third(k) == c)
    }
}

/// A thread's own dictionary: the words that are the characters and pairs of characters its
/// texts have held or begin with their runs of three, and the placeholder.
struct Local {
    jieba: Jieba,
    /// The frequency the placeholder carries: the total of the words not added.
    left_out: usize,
    /// The characters (by [`single`]) and runs of three (by [`triple`]) whose words are in.
    seen: FxHashSet<u64>,
    /// The pairs (by [`pair_key`]) whose word of two is in, each with the dictionary's words
    /// of three characters or more that begin with it, which come in by their third.
    pairs: FxHashMap<u64, Range<usize>>,
}

/// The key of a character in [`Local::seen`]: the word that is that character alone.
fn single(c: char) -> u64 {
    u64::from(c) << 32 | u64::from(u32::MAX)
}

/// The key of a run of three characters in [`Local::seen`], apart from every [`single`]: the
/// words that begin with the three.
fn triple(a: char, b: char, c: char) -> u64 {
    1 << 63 | u64::from(a) << 42 | u64::from(b) << 21 | u64::from(c)
}

/// Each character of `text` with the next two, where it has them.
fn runs(text: &str) -> impl Iterator<Item = (char, Option<char>, Option<char>)> {
    let mut ahead = text.chars();
    let (mut b, mut c) = (ahead.nth(1), ahead.next());
    text.chars().map(move |a| {
        let run = (a, b, c);
        (b, c) = (c, ahead.next());
        run
    })
}

impl Local {
    fn new() -> Local {
        let mut jieba = Jieba::empty();
        jieba.add_word(&PLACEHOLDER.to_string(), Some(index::TOTAL), None);
        Local {
            jieba,
            left_out: index::TOTAL,
            seen: FxHashSet::default(),
            pairs: FxHashMap::default(),
        }
    }

    /// Adds the words of `text` the thread has not seen yet: for each character, pair and run
    /// of three seen for the first time, the words that are that character or that pair, or
    /// begin with that run. (Every word that begins with a pair, as it was, brought in 9,953
    /// words for a 1 MB document's texts, most of them in none; by runs of three, 1,437.)
    fn learn(&mut self, text: &str) {
        let left_out = self.left_out;
        for (a, b, c) in runs(text) {
            if self.seen.insert(single(a))
                && let Some(k) = Index::single(a)
            {
                self.add(k);
            }
            let Some(b) = b else {
                break;
            };
            let longer = match self.pairs.get(&pair_key(a, b)) {
                Some(longer) => longer.clone(),
                None => {
                    let Range { start, end } = Index::pair(a, b);
                    // the word of the two alone sorts first
                    let two =
                        start < end && Index::word(start).len() == a.len_utf8() + b.len_utf8();
                    if two {
                        self.add(start);
                    }
                    let longer = start + usize::from(two)..end;
                    self.pairs.insert(pair_key(a, b), longer.clone());
                    longer
                }
            };
            if let Some(c) = c
                && !longer.is_empty()
                && self.seen.insert(triple(a, b, c))
            {
                for k in Index::third(longer, c) {
                    self.add(k);
                }
            }
        }
        if self.left_out != left_out {
            self.jieba
                .add_word(&PLACEHOLDER.to_string(), Some(self.left_out), None);
        }
    }

    /// Whether every dictionary word of `text` is in: what [`learn`](Self::learn) would add
    /// nothing for.
    fn knows(&self, text: &str) -> bool {
        runs(text).all(|(a, b, c)| {
            self.seen.contains(&single(a))
                && b.is_none_or(|b| match self.pairs.get(&pair_key(a, b)) {
                    None => false,
                    Some(longer) => {
                        longer.is_empty() || c.is_none_or(|c| self.seen.contains(&triple(a, b, c)))
                    }
                })
        })
    }

    /// Adds word `k` of the index; [`learn`](Self::learn) then gives the placeholder what is
    /// left of the total.
    fn add(&mut self, k: usize) {
        let freq = Index::freq(k);
        self.jieba
            .add_word(Index::word(k), Some(freq), Some(Index::tag(k)));
        self.left_out -= freq;
    }
}

thread_local! {
    static LOCAL: RefCell<Local> = RefCell::new(Local::new());
}

/// Makes the thread's own segmenter, if it has none yet (half a megabyte of fresh memory).
pub(crate) fn warm_up_thread() {
    LOCAL.with(|_| ());
}

/// Runs `f` with a segmenter that answers for `text` as jieba's whole dictionary does: the
/// thread's own, once the words of `text` are in it. Within `f` (a word of the text looked up
/// again, say), the thread's dictionary serves a text whose words are all in it already, and
/// the whole dictionary serves any other.
pub(crate) fn with_jieba<R>(text: &str, f: impl FnOnce(&Jieba) -> R) -> R {
    if text.contains(PLACEHOLDER) {
        return f(&FULL);
    }
    LOCAL.with(|local| {
        if let Ok(mut local) = local.try_borrow_mut() {
            local.learn(text);
        } else if !local.borrow().knows(text) {
            return f(&FULL);
        }
        f(&local.borrow().jieba)
    })
}

/// How often jieba's dictionary has seen `word` (1 for a word it does not know).
pub(crate) fn word_frequency(word: &str) -> usize {
    with_jieba(word, |jieba| jieba.suggest_freq(word))
        .saturating_sub(1)
        .max(1)
}

/// jieba's words of `text` with their part-of-speech tags, as `Jieba::tag` gives them with the
/// whole dictionary: a dictionary word's tag from the index, any other word's from jieba's
/// model for words it does not know ([`posseg::guess`]), whose tables are part of the program
/// (jieba-rs parses its own copy on first use).
pub(crate) fn tag(text: &str) -> Vec<Tag<'_>> {
    with_jieba(text, |jieba| jieba.cut(text, true))
        .into_iter()
        .map(|t| Tag {
            word: t.word,
            tag: Index::find(t.word).map_or_else(|| posseg::guess(t.word), Index::tag),
            start: t.start,
            end: t.end,
            byte_start: t.byte_start,
            byte_end: t.byte_end,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    type Tagged = Vec<(String, String, usize, usize)>;

    fn tagged(tags: Vec<Tag>) -> Tagged {
        let fields = |t: Tag| (t.word.to_owned(), t.tag.to_owned(), t.start, t.byte_start);
        tags.into_iter().map(fields).collect()
    }

    /// jieba-rs's own tags of `text`, with its part-of-speech model.
    fn jiebas(jieba: &Jieba, text: &str) -> Tagged {
        tagged(jieba.tag(text, true))
    }

    fn ours(text: &str) -> Tagged {
        tagged(tag(text))
    }

    #[test]
    fn the_index_is_jiebas_own_dictionary() {
        let n_words = index::ENDS.len() / 4;
        // the Debug form shows the number of n_words and the total frequency
        assert_eq!(
            format!("{:?}", *FULL),
            format!(
                "Jieba {{ records_len: {}, total_freq: {} }}",
                n_words,
                index::TOTAL
            )
        );
        assert!((1..n_words).all(|k| Index::word(k - 1) < Index::word(k)));
        for k in (0..n_words).step_by(97) {
            assert!(FULL.has_word(Index::word(k)), "{}", Index::word(k));
            assert_eq!(Index::find(Index::word(k)), Some(k), "{}", Index::word(k));
        }
        for word in [
            "",
            "人民政府省",
            "𠮷",
            "\u{F8FF}",
            "中华人民共和国国务院办公厅",
        ] {
            assert_eq!(Index::find(word), None, "{word}");
        }
        let k = Index::partition(0, n_words, |k| Index::word(k) < "人民政府");
        assert_eq!(Index::word(k), "人民政府");
        // the n_words of a first character, of a pair and of one character alone
        assert!(Index::first('人').all(|k| Index::word(k).starts_with('人')));
        assert!(Index::pair('人', '民').contains(&k));
        assert!(Index::pair('人', '民').all(|k| Index::word(k).starts_with("人民")));
        assert_eq!(Index::single('人').map(Index::word), Some("人"));
        assert_eq!(Index::single('𠮷'), None);
        for (a, b) in [('人', '民'), ('长', '乐'), ('𠀀', '𠀀'), ('乐', '长')] {
            let count = (0..n_words)
                .filter(|&k| Index::word(k).starts_with(&format!("{a}{b}")))
                .count();
            assert_eq!(Index::pair(a, b).len(), count, "{a}{b}");
        }
        assert_eq!((Index::freq(k), Index::tag(k)), (15227, "nt"));
    }

    #[test]
    fn a_thread_learns_every_dictionary_word_of_a_text() {
        let text = "省工信厅、发改委牵头，宁德时代新能源科技股份有限公司和福鼎市人民政府配合，\
                    2023年安排资金1.85亿元，支持王小明同志在长乐区开展试点。𠮷A\u{F8FE}";
        let mut local = Local::new();
        local.learn(text);
        let ends: Vec<usize> = text.char_indices().map(|(i, _)| i).skip(1).collect();
        let mut found = 0;
        for (from, _) in text.char_indices() {
            for &to in ends.iter().chain([&text.len()]).filter(|&&to| to > from) {
                let word = &text[from..to];
                assert_eq!(local.jieba.has_word(word), FULL.has_word(word), "{word}");
                found += usize::from(FULL.has_word(word));
            }
        }
        assert!(found > 50, "{found}");
        assert!(local.jieba.has_word("人民政府") && local.jieba.has_word("长乐"));
        // a word of the text's characters, never side by side in it
        assert!(FULL.has_word("省市") && !local.jieba.has_word("省市"));
        // a word that begins with a pair of the text, not with a run of three of it
        assert!(FULL.has_word("人民币") && !local.jieba.has_word("人民币"));
        assert!(local.knows(text));
        assert!(!local.knows("省市"));
    }

    #[test]
    fn a_threads_own_dictionary_answers_like_the_whole_one() {
        let texts = [
            "省工信厅、发改委牵头，宁德时代新能源科技股份有限公司和福鼎市人民政府配合，\
             2023年安排资金1.85亿元，支持王小明同志在长乐区开展试点。",
            "全国政协常委、安踏集团董事局主席丁世忠建议加快产业链协同创新。",
            // the placeholder's character: the whole dictionary answers
            "福州\u{F8FF}市人民政府",
        ];
        for text in texts {
            let chars: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            for (k, &from) in chars.iter().enumerate() {
                for &to in chars[k + 1..].iter().take(12).chain([&text.len()]) {
                    let window = &text[from..to];
                    assert_eq!(ours(window), jiebas(&FULL, window), "{window}");
                    assert_eq!(
                        with_jieba(window, |jieba| jieba.suggest_freq(window)),
                        FULL.suggest_freq(window),
                        "{window}"
                    );
                }
            }
        }
        // only the words the texts hold, and the placeholder
        LOCAL.with(|local| {
            let local = local.borrow();
            let jieba = &local.jieba;
            assert!(jieba.has_word("人民政府") && !jieba.has_word("上海"));
            assert_eq!(
                format!("{jieba:?}").split(',').nth(1),
                format!("{:?}", *FULL).split(',').nth(1),
                "same total frequency"
            );
        });
    }

    #[test]
    fn within_its_own_use_a_thread_looks_up_the_words_it_has() {
        let text = "支持宁德时代新能源科技股份有限公司";
        let (inner, outer) = with_jieba(text, |jieba| {
            // tagging, and looking up a word of the text: the thread's dictionary has them
            assert_eq!(ours(text), jiebas(jieba, text));
            let inner: Vec<usize> = tag(text).iter().map(|t| word_frequency(t.word)).collect();
            // a text with a word the thread has not seen: the whole dictionary answers
            let outer = word_frequency("上海");
            (inner, outer)
        });
        let whole: Vec<usize> = FULL
            .tag(text, true)
            .iter()
            .map(|t| FULL.suggest_freq(t.word).saturating_sub(1).max(1))
            .collect();
        assert_eq!(inner, whole);
        assert_eq!(outer, FULL.suggest_freq("上海") - 1);
        LOCAL.with(|local| assert!(!local.borrow().jieba.has_word("上海")));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        // texts of characters that make many words and names, places and numbers, with
        // punctuation, ASCII and the placeholder's character among them, each segmented in
        // turn on one thread: every answer is the whole dictionary's
        #[test]
        fn a_threads_answers_are_the_whole_dictionarys(
            texts in prop::collection::vec(
                "[人民政府省市县区长乐福州建设发展中国家和平安银行王小明同志工作的一是了在有\
                  研究院公司协会大学、，。（）0-9a-z\u{F8FF} ]{1,24}",
                1..6,
            )
        ) {
            for text in &texts {
                let freq = with_jieba(text, |jieba| jieba.suggest_freq(text));
                prop_assert_eq!(
                    (ours(text), freq),
                    (jiebas(&FULL, text), FULL.suggest_freq(text)),
                    "{}",
                    text
                );
            }
        }
    }

    /// Every line of the bundled documents, as a file has it: tagged as jieba-rs tags it.
    #[test]
    fn the_bundled_documents_are_tagged_as_jieba_tags_them() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/input");
        let mut lines = 0;
        let mut guessed = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines() {
                let ours = ours(line);
                assert_eq!(ours, jiebas(&FULL, line), "{line}");
                guessed += ours.iter().filter(|t| Index::find(&t.0).is_none()).count();
                lines += 1;
            }
        }
        assert!(
            lines > 400 && guessed > 100,
            "{lines} lines, {guessed} words guessed"
        );
    }
}
