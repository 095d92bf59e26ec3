//! Turns a section's fields into what [`xun::format::build::prepare`]
//! segments: each field folded, its Taiwan and Hong Kong phrases found,
//! and jieba's search mode for its CJK runs.
//!
//! It also notes what a small site's runtime needs to segment the same
//! text again without jieba (see [`xun::format::text`]): the words that
//! tile each CJK run, and the shorter words jieba found inside them.

use jieba_rs::Jieba;
use xun::format::build::FieldText;
use xun::format::text::FieldNotes;

pub struct Segmenter {
    jieba: Jieba,
    /// Index every CJK character and pair too, not only the words.
    pub chars: bool,
}

/// A field, folded, with its regional phrases.
pub struct Folded<'a> {
    text: &'a str,
    folded: String,
    back: Vec<u32>,
    /// (folded character, mainland form), owned and borrowed.
    regional: Vec<(u32, String)>,
    regional_refs: Vec<(u32, &'static str)>,
}

impl Folded<'_> {
    pub fn field(&self) -> FieldText<'_> {
        FieldText {
            folded: &self.folded,
            back: &self.back,
            regional: &self.regional_refs,
        }
    }

    /// What the runtime needs besides the text and the word lengths.
    pub fn notes(&self) -> FieldNotes {
        FieldNotes {
            cuts: Vec::new(),
            regional: self.regional.clone(),
            folded: (!xun::analysis::folds_by_char(self.text))
                .then(|| (self.folded.clone(), self.back.clone())),
        }
    }
}

impl Segmenter {
    /// With `chars`, every CJK character is indexed, not only words.
    pub fn new(chars: bool) -> Segmenter {
        Segmenter {
            jieba: Jieba::new(),
            chars,
        }
    }

    /// Folds a field. With `regional` (a post in Traditional script), each
    /// Taiwan or Hong Kong phrase is also a term, under its mainland forms.
    pub fn fold<'a>(&self, text: &'a str, regional: bool) -> Folded<'a> {
        let (folded, back) = xun::analysis::fold_mapped(text);
        let mut regional_refs = Vec::new();
        if regional {
            for (at, _, mainland) in crate::regional::phrases_in(&folded) {
                for form in mainland {
                    regional_refs.push((at as u32, form.as_str()));
                }
            }
        }
        let regional = regional_refs
            .iter()
            .map(|&(at, form)| (at, form.to_owned()))
            .collect();
        Folded {
            text,
            folded,
            back,
            regional,
            regional_refs,
        }
    }

    /// jieba's search mode on a CJK run (see [`xun::analysis::field::Cut`]).
    /// With `notes`, also pushes the lengths of the words that tile the
    /// run, and the shorter words found inside them.
    pub fn cut(
        &self,
        run: &str,
        out: &mut Vec<(u32, u32)>,
        notes: Option<(&mut Vec<u32>, &mut Vec<String>)>,
    ) {
        let tokens = self.jieba.cut_for_search(run, true);
        out.extend(tokens.iter().map(|t| (t.start as u32, t.end as u32)));
        let Some((cuts, grams)) = notes else {
            return;
        };
        // Search mode gives each word of the cut right after the shorter
        // words inside it, so the cut is read from the end: a word, then
        // the words that start within it, then the word before it.
        let mut tiles = Vec::new();
        let mut start = usize::MAX;
        for t in tokens.iter().rev() {
            if t.start < start {
                tiles.push((t.end - t.start) as u32);
                start = t.start;
            } else {
                grams.push(t.word.to_owned());
            }
        }
        cuts.extend(tiles.into_iter().rev());
    }
}
