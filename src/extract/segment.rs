//! jieba, the word segmenter, shared by every extractor that needs word boundaries.
//!
//! Loading jieba's whole dictionary (349,045 words) takes about 140 ms, most of a run over one
//! small document. But what jieba says about a piece of text depends only on the dictionary
//! words that occur in it and on the dictionary's total frequency. So a small run can
//! [`restrict`] the dictionary to the words made of characters its documents contain, plus one
//! placeholder word, made of a character they do not contain, that carries the frequency of
//! every word left out: the same answers from a fraction of the words (35,000 for a 10 KB
//! reply). Text with a character outside that set is segmented with the whole dictionary,
//! loaded then, so the answers never depend on which dictionary a run loaded.

use std::sync::{LazyLock, OnceLock};

use jieba_rs::Jieba;

use crate::names::CharSet;

/// jieba's own dictionary, `word frequency tag` per line (see data/jieba/README.md).
static DICTIONARY: &str = include_str!("../../data/jieba/dict.txt");

/// The whole dictionary, loaded on first use.
static FULL: LazyLock<Jieba> = LazyLock::new(Jieba::new);
/// The characters a restricted run's documents contain, once [`restrict`] has been called.
static SCOPE: OnceLock<CharSet> = OnceLock::new();
/// The dictionary restricted to [`SCOPE`], built on first use.
static SCOPED: OnceLock<Jieba> = OnceLock::new();

/// The characters of `texts`, and ASCII (normalization turns full-width digits and letters
/// into it).
fn char_set<'a>(texts: impl IntoIterator<Item = &'a str>) -> CharSet {
    let mut set = CharSet::new();
    (0..128u8).map(char::from).for_each(|c| set.insert(c));
    for text in texts {
        text.chars().for_each(|c| set.insert(c));
    }
    set
}

/// A private-use character outside `set`, for the placeholder word.
fn outsider(set: &CharSet) -> Option<char> {
    ('\u{E000}'..='\u{F8FF}').find(|&c| !set.contains(c))
}

/// Restricts this run's dictionary to the characters of `texts` (the decoded inputs of a
/// small run). Only the first call counts, and only before jieba is first used.
pub fn restrict<'a>(texts: impl IntoIterator<Item = &'a str>) {
    let _ = SCOPE.set(char_set(texts));
}

/// The dictionary words made of characters in `scope`, and the placeholder word.
fn scoped(scope: &CharSet) -> Jieba {
    let mut kept = String::new();
    let mut left_out = 0usize;
    for line in DICTIONARY.lines() {
        let mut fields = line.split(' ');
        let word = fields.next().unwrap_or_default();
        if word.chars().all(|c| scope.contains(c)) {
            kept.push_str(line);
            kept.push('\n');
        } else {
            left_out += fields.next().and_then(|f| f.parse().ok()).unwrap_or(0);
        }
    }
    let Some(outsider) = outsider(scope) else {
        return Jieba::new();
    };
    let Ok(mut jieba) = Jieba::with_dict(&mut kept.as_bytes()) else {
        return Jieba::new();
    };
    jieba.add_word(&outsider.to_string(), Some(left_out), None);
    jieba
}

/// The segmenter for `text`: the restricted dictionary when the run has one and it covers
/// every character of `text`, the whole dictionary otherwise.
pub(crate) fn jieba(text: &str) -> &'static Jieba {
    match SCOPE.get() {
        Some(scope) if text.chars().all(|c| scope.contains(c)) => {
            SCOPED.get_or_init(|| scoped(scope))
        }
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
    match SCOPE.get() {
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
        let texts = [
            "省工信厅、发改委牵头，宁德时代新能源科技股份有限公司和福鼎市人民政府配合，\
             2023年安排资金1.85亿元，支持王小明同志在长乐区开展试点。",
            "全国政协常委、安踏集团董事局主席丁世忠建议加快产业链协同创新。",
        ];
        let scope = char_set(texts);
        let restricted = scoped(&scope);
        assert_eq!(
            format!("{restricted:?}").split(',').nth(1),
            format!("{:?}", *FULL).split(',').nth(1),
            "same total frequency"
        );
        for text in texts {
            let chars: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            for (k, &from) in chars.iter().enumerate() {
                for &to in chars[k + 1..].iter().take(12).chain([&text.len()]) {
                    let window = &text[from..to];
                    assert_eq!(tags(&restricted, window), tags(&FULL, window), "{window}");
                    assert_eq!(
                        restricted.suggest_freq(window),
                        FULL.suggest_freq(window),
                        "{window}"
                    );
                }
            }
        }
        // a character outside the set is not in the restricted dictionary's words
        assert!(!restricted.has_word("上海"));
        assert!(FULL.has_word("上海"));
    }

    #[test]
    fn characters_outside_the_set() {
        let scope = char_set(["福建"]);
        assert!(scope.contains('福') && scope.contains('1') && !scope.contains('上'));
        assert!(!scope.contains('𠮷'));
        assert_eq!(outsider(&scope), Some('\u{E000}'));
        assert_eq!(outsider(&char_set(["\u{E000}"])), Some('\u{E001}'));
    }
}
