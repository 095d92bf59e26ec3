//! Words that ask rather than say: question words, particles, pronouns and
//! the commonest function words of Chinese (and of Cantonese, as Hong Kong
//! readers type it: 点样, 嘅), the words that frame a question (有必要,
//! 区别, 优缺点, 靠谱, 办法), those that join what it compares (Taiwan
//! 跟, Hong Kong 同 and 分别), and English stop words.
//!
//! A word on this list is one word of a query even where the site never
//! writes it (a mainland blog has no 边个), so that its characters are not
//! searched alone.
//!
//! In a query they are *weak*: a section need not contain them, and they
//! add little to its score (`怎么排查pod网络不通` is about 排查, pod, 网络,
//! 不通). A single character on this list also stands on its own rather
//! than being glued to its neighbour (`容器的网络` is 容器, 的, 网络).
//!
//! The indexer adds the words that the index's own statistics make weak:
//! those found in so many sections that they cannot tell them apart
//! ([`crate::format::terms::TermInfo::weak`]).

#[rustfmt::skip]
const WORDS: &[&str] = &[
    // English stop words.
    "a", "about", "an", "and", "are", "as", "at", "be", "by", "can",
    "do", "does", "for", "from", "how", "in", "is", "it", "of", "on",
    "or", "the", "to", "use", "using", "vs", "what", "when", "where", "which",
    "why", "with",
    // Question words and phrases.
    "什么", "什么样", "怎么", "怎么办", "怎么样", "怎样", "如何", "为什么", "为何", "哪", "哪些", "哪个",
    "哪里", "多少", "是否", "能否", "有没有", "是不是", "能不能", "会不会", "要不要", "可不可以", "咋", "咋办",
    "啥", "请问", "吗", "呢", "吧", "呀", "啊", "甚么", "为甚么", "有何", "何谓",
    // Cantonese, as Hong Kong readers type it (folded).
    "点样", "点解", "咩", "乜", "乜嘢", "边个", "边啲", "边度", "有冇", "冇", "系咪", "唔", "嘅",
    "喺", "啲", "得唔得", "啱唔啱", "可唔可以", "系唔系", "使唔使", "会唔会", "仲", "几耐",
    "几时", "咁", "嘢", "佢", "佢哋", "我哋", "你哋", "用嚟", "入面", "俾",
    "点算", "点算好", "几多", "做咩", "做乜", "系咩", "咗", "嗰", "嗰个", "呢个", "啦", "嘛", "嚟",
    "好唔好", "冇得",
    // Words that frame a question: is it worth it, what is the difference.
    "有必要", "必要", "值得", "适合", "应该", "需要", "建议", "区别", "差别", "差异", "不同", "对比",
    "比较", "分别", "优缺点", "优劣", "好处", "或者", "好", "行",
    "办法", "靠谱", "靠不靠谱", "行不行", "好不好",
    // Pronouns, particles, auxiliaries and light verbs.
    "我", "你", "他", "她", "它", "们", "这", "那", "些", "个", "一个", "一些",
    "多个", "几个", "各个", "每个", "各种",
    "一种", "一下", "的", "了", "着", "么", "是", "有", "在", "和", "与", "或",
    "而", "但", "并", "跟", "同", "对", "从", "到", "向", "于", "以", "把", "被", "给",
    "让", "做", "要", "想", "会", "能", "可", "可以", "该", "就", "还", "也",
    "又", "才", "很", "太", "更", "最", "都", "所", "现在", "一般", "里", "上",
    "下",
];

/// The longest Chinese function word, in characters (可不可以, 可唔可以).
pub const MAX_FUNCTION_CHARS: usize = 4;

/// Every function and question word, folded.
pub fn function_words() -> &'static [&'static str] {
    WORDS
}

/// Whether a folded word is a function or question word.
pub fn is_function_word(word: &str) -> bool {
    WORDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The route (of CJK runs) looks a function word up only up to this
    /// length.
    #[test]
    fn no_chinese_function_word_is_longer_than_the_route_looks() {
        for word in WORDS.iter().filter(|w| !w.is_ascii()) {
            assert!(word.chars().count() <= MAX_FUNCTION_CHARS, "{word}");
        }
    }
}
