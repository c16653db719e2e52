//! jieba's part-of-speech model, for the words its dictionary does not know: a hidden Markov
//! model whose states pair a word position (B, M, E, S) with a tag, decoded by Viterbi over a
//! word's characters. The algorithm is jieba-rs's own (`src/posseg.rs`, MIT), step for step,
//! so every score and every tie falls as there; the model is its `posseg.txt`, copied to
//! `data/jieba/` and made into tables by the build (`build.rs`), so nothing is parsed at run
//! time (jieba-rs decompresses and parses its copy on first use, about 25 ms of a core).

use std::cell::RefCell;

mod model {
    include!(concat!(env!("OUT_DIR"), "/posseg_model.rs"));
}

/// The score of what cannot happen.
const MIN_FLOAT: f64 = -3.14e100;
const NUM_TAGS: usize = 64;
const NUM_STATES: usize = 4 * NUM_TAGS;

/// The positions that may come before each: B after E or S, M and E after B or M, S after E
/// or S.
const PREV_POS: [[usize; 2]; 4] = [[2, 3], [0, 1], [0, 1], [2, 3]];

/// The model's tables, read in place from the bytes the build made, which are part of the
/// program: nothing is decoded or copied at run time (decoding them into tables of their own
/// cost every run 2 MB of fresh memory, about 400 page faults).
struct Model {
    /// Each state's start score.
    start: &'static [[u8; 8]; NUM_STATES],
    /// The score of going to a state from another: `trans[to][from]`.
    trans: &'static [[[u8; 8]; NUM_STATES]],
    /// Each character's row (up to U+FFFF; 0, the empty row, for one the model has not seen).
    chars: &'static [[u8; 2]],
    /// A row: its first state (`u32`), then where each position's states begin and end (five
    /// `u16`), relative to it.
    rows: &'static [[u8; 14]],
    /// The emission scores of the states of each row (the states are `model::STATES`).
    emits: &'static [[u8; 8]],
}

static MODEL: Model = Model {
    start: &model::START.as_chunks::<8>().0.as_chunks::<NUM_STATES>().0[0],
    trans: model::TRANS.as_chunks::<8>().0.as_chunks::<NUM_STATES>().0,
    chars: model::CHARS.as_chunks::<2>().0,
    rows: model::ROWS.as_chunks::<14>().0,
    emits: model::EMITS.as_chunks::<8>().0,
};

/// A number of the model: a little-endian `f64`.
fn score(bytes: [u8; 8]) -> f64 {
    f64::from_le_bytes(bytes)
}

/// A character's states: `model::STATES[start..]`, those of position `p` at
/// `start + bounds[p]..start + bounds[p + 1]`.
#[derive(Clone, Copy)]
struct Row {
    start: usize,
    bounds: [usize; 5],
}

impl Model {
    fn start(&self, state: u8) -> f64 {
        score(self.start[usize::from(state)])
    }

    fn row(&self, c: char) -> Row {
        let row = self
            .chars
            .get(c as usize)
            .map_or(0, |&b| u16::from_le_bytes(b));
        let r = self.rows[usize::from(row)];
        let bound = |p: usize| usize::from(u16::from_le_bytes([r[4 + 2 * p], r[5 + 2 * p]]));
        Row {
            start: u32::from_le_bytes([r[0], r[1], r[2], r[3]]) as usize,
            bounds: [bound(0), bound(1), bound(2), bound(3), bound(4)],
        }
    }

    /// The states of `row` of positions `from..to`, each with its emission score.
    fn states(&self, row: Row, from: usize, to: usize) -> impl Iterator<Item = (u8, f64)> {
        let range = row.start + row.bounds[from]..row.start + row.bounds[to];
        let states = model::STATES[range.clone()].iter().copied();
        states.zip(self.emits[range].iter().map(|&b| score(b)))
    }
}

fn tag_name(state: u8) -> &'static str {
    model::TAGS[usize::from(state) % NUM_TAGS]
}

fn position(state: u8) -> usize {
    usize::from(state) / NUM_TAGS
}

/// Where the states of each position begin in `live` (ascending by state), and their end.
fn bounds(live: &[(u8, f64)]) -> [usize; 5] {
    let mut bounds = [0; 5];
    for pos in 0..4 {
        bounds[pos + 1] = live.partition_point(|&(s, _)| position(s) <= pos);
    }
    bounds
}

/// The most entries of [`Scratch::prev`] kept from one word to the next (1 MiB).
const KEPT_PREV: usize = 1 << 19;

/// Buffers reused from word to word.
#[derive(Default)]
struct Scratch {
    chars: Vec<(usize, char)>,
    /// The best state before each (character, state), `chars × NUM_STATES`.
    prev: Vec<u16>,
    path: Vec<u8>,
    /// The states reachable at a step, ascending, with their scores.
    live: Vec<(u8, f64)>,
    next: Vec<(u8, f64)>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The tag of a word the dictionary does not know, as jieba-rs's `Jieba::tag` gives it: `m` for
/// ASCII digits, `eng` for other ASCII letters and digits, the model's tag for a word with a
/// CJK ideograph (that of the longest word Viterbi finds in it, the last on ties), `x`
/// otherwise.
pub(super) fn guess(word: &str) -> &'static str {
    let (mut alnum, mut digits) = (0, 0);
    for c in word.chars().filter(char::is_ascii_alphanumeric) {
        alnum += 1;
        digits += usize::from(c.is_ascii_digit());
    }
    if alnum > 0 {
        return if alnum == digits { "m" } else { "eng" };
    }
    if !word.chars().any(is_cjk) {
        return "x";
    }
    let mut best: Option<(usize, &'static str)> = None;
    SCRATCH.with(|scratch| {
        let Ok(mut scratch) = scratch.try_borrow_mut() else {
            // never: nothing here tags a word while tagging one
            return;
        };
        viterbi(&mut scratch, word, |start, end, tag| {
            if best.is_none_or(|(len, _)| end - start >= len) {
                best = Some((end - start, tag));
            }
        });
        // a long word's table (512 bytes a character) is not kept for the short ones after it
        if scratch.prev.len() > KEPT_PREV {
            scratch.prev = Vec::new();
        }
    });
    best.map_or("x", |(_, tag)| tag)
}

/// jieba-rs's CJK ideographs: the unified block and its extensions.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2B73F}'
        | '\u{2B740}'..='\u{2B81F}'
        | '\u{2B820}'..='\u{2CEAF}'
        | '\u{2CEB0}'..='\u{2EBEF}'
        | '\u{2F800}'..='\u{2FA1F}')
}

/// Decodes `text` and gives each word found (byte start, byte end, tag) to `emit`, in order;
/// text the model cannot decode is one word tagged `x`.
fn viterbi(scratch: &mut Scratch, text: &str, mut emit: impl FnMut(usize, usize, &'static str)) {
    let Scratch {
        chars,
        prev,
        path,
        live,
        next,
    } = scratch;
    chars.clear();
    chars.extend(text.char_indices());
    let n = chars.len();
    if n == 0 {
        return;
    }
    let end = text.len();
    let after = |t: usize| if t + 1 < n { chars[t + 1].0 } else { end };
    let m = &MODEL;

    // one character: the best S state
    if n == 1 {
        let mut best: Option<(f64, u8)> = None;
        for (s, em) in m.states(m.row(chars[0].1), 3, 4) {
            let p = m.start(s) + em;
            if p > MIN_FLOAT && best.is_none_or(|(bp, _)| p >= bp) {
                best = Some((p, s));
            }
        }
        emit(0, end, best.map_or("x", |(_, s)| tag_name(s)));
        return;
    }

    // Only reachable states go from one step to the next, ascending by state; one that scores
    // MIN_FLOAT can never be chosen later.
    live.clear();
    for (s, em) in m.states(m.row(chars[0].1), 0, 4) {
        let p = m.start(s) + em;
        if p > MIN_FLOAT {
            live.push((s, p));
        }
    }
    if live.is_empty() {
        emit(0, end, "x");
        return;
    }
    let mut live_bounds = bounds(live);
    // Only the entries of live states are read back, and each step writes those first.
    if prev.len() < n * NUM_STATES {
        prev.resize(n * NUM_STATES, u16::MAX);
    }
    for t in 1..n {
        next.clear();
        for (s, em) in m.states(m.row(chars[t].1), 0, 4) {
            let trans = &m.trans[usize::from(s)];
            let (mut best, mut best_prev) = (MIN_FLOAT, u16::MAX);
            for &pp in &PREV_POS[position(s)] {
                for &(ps, pv) in &live[live_bounds[pp]..live_bounds[pp + 1]] {
                    let tp = score(trans[usize::from(ps)]);
                    if tp <= MIN_FLOAT {
                        continue;
                    }
                    let p = pv + tp + em;
                    if p > best {
                        best = p;
                        best_prev = u16::from(ps);
                    }
                }
            }
            prev[t * NUM_STATES + usize::from(s)] = best_prev;
            if best > MIN_FLOAT {
                next.push((s, best));
            }
        }
        std::mem::swap(live, next);
        if live.is_empty() {
            emit(0, end, "x");
            return;
        }
        live_bounds = bounds(live);
    }

    // the best E or S state at the end
    let (mut best, mut last) = (MIN_FLOAT, None);
    for &(s, score) in &live[live_bounds[2]..live_bounds[4]] {
        if score > best {
            best = score;
            last = Some(s);
        }
    }
    let Some(last) = last else {
        emit(0, end, "x");
        return;
    };
    path.clear();
    path.resize(n, 0);
    path[n - 1] = last;
    for t in (1..n).rev() {
        // a live state was reached from a live state, whose number is under 256
        path[t - 1] = prev[t * NUM_STATES + usize::from(path[t])] as u8;
    }

    let mut word_start = 0;
    let mut last_end = None;
    for (t, &s) in path.iter().enumerate() {
        match position(s) {
            0 => word_start = chars[t].0,
            1 => {}
            2 => {
                emit(word_start, after(t), tag_name(s));
                last_end = Some(after(t));
            }
            _ => {
                emit(chars[t].0, after(t), tag_name(s));
                last_end = Some(after(t));
            }
        }
    }
    match last_end {
        None => emit(0, end, "x"),
        // a word begun and not ended
        Some(e) if e < end => emit(e, end, "x"),
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jieba_rs::Jieba;
    use proptest::prelude::*;

    /// With no dictionary every word jieba-rs finds is one it does not know, tagged by its own
    /// copy of the model: each must be tagged the same here.
    fn check(text: &str) -> Result<usize, TestCaseError> {
        static EMPTY: std::sync::LazyLock<Jieba> = std::sync::LazyLock::new(Jieba::empty);
        let tags = EMPTY.tag(text, true);
        for t in &tags {
            prop_assert_eq!(guess(t.word), t.tag, "{} in {}", t.word, text);
        }
        Ok(tags.len())
    }

    #[test]
    fn every_character_alone_is_tagged_as_jieba_rs_tags_it() {
        let ideographs = ('\u{3400}'..='\u{9FFF}').chain('\u{F900}'..='\u{FAFF}');
        let others = [
            'a',
            '7',
            '，',
            '\u{3000}',
            '𠮷',
            '\u{2F800}',
            '\u{F8FF}',
            'é',
        ];
        for c in ideographs.chain(others) {
            check(&c.to_string()).unwrap();
        }
        assert_eq!(guess("𠮷"), "x", "no emission: no state");
        assert_eq!((guess(""), guess("A股"), guess("2023")), ("x", "eng", "m"));
    }

    #[test]
    fn names_and_words_of_documents_are_tagged_as_jieba_rs_tags_them() {
        let text = "全国政协常委、安踏集团董事局主席丁世忠建议，由翁玉耀同志牵头，\
                    闽侯县甘蔗街道和三明市沙县区共同推进；联系人：陈晓雯。";
        assert!(check(text).unwrap() > 20);
        // a name the model knows as one
        assert_eq!(guess("丁世忠"), "nr");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        // any ideographs, with ASCII and punctuation among them
        #[test]
        fn random_words_are_tagged_as_jieba_rs_tags_them(
            text in "[\u{4E00}-\u{9FFF}\u{3400}-\u{4DBF}a-z0-9，。 ]{1,40}"
        ) {
            check(&text)?;
        }

        // runs of common characters, which the model joins into longer words
        #[test]
        fn runs_of_common_characters_are_tagged_as_jieba_rs_tags_them(
            text in "[王李张陈林黄小明华国建平安福州宁德省市县区政府公司的了是在有和]{1,40}"
        ) {
            check(&text)?;
        }
    }
}
