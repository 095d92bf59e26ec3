//! Traditional → simplified Chinese, one character at a time: the full
//! table, for the indexer.
//!
//! The table is `t2s.bin` (layout in [`crate::format::fold`]), generated
//! from OpenCC's `TSCharacters.txt` by `scripts/gen-t2s.mjs`. It lists only
//! characters that change, and no target is itself a key, so folding is
//! idempotent. The browser never loads it: each index ships the pairs its
//! own characters need (the fold table in `meta.xun`).

use std::sync::OnceLock;

static TABLE: &[u8] = include_bytes!("t2s.bin");

/// Every (traditional, simplified) pair, sorted by the first.
pub fn t2s_pairs() -> &'static [(u32, u32)] {
    static PAIRS: OnceLock<Vec<(u32, u32)>> = OnceLock::new();
    PAIRS.get_or_init(|| {
        crate::format::fold::decode(TABLE).expect("t2s.bin is checked by its tests")
    })
}

/// The simplified form of a character, or the character itself.
pub fn to_simplified(c: char) -> char {
    crate::format::fold::lookup(t2s_pairs(), c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_traditional_characters() {
        let fold = |s: &str| s.chars().map(to_simplified).collect::<String>();
        assert_eq!(fold("網絡監控"), "网络监控");
        assert_eq!(fold("新幹線"), "新干线");
        assert_eq!(fold("每個月都"), "每个月都");
        assert_eq!(fold("容器网络 k8s"), "容器网络 k8s");
    }

    /// Hong Kong and Taiwan variant characters fold as their standard
    /// forms do; characters simplified text also writes stay as they are.
    #[test]
    fn maps_regional_variant_characters() {
        let fold = |s: &str| s.chars().map(to_simplified).collect::<String>();
        assert_eq!(fold("衞生"), fold("衛生"));
        assert_eq!(fold("綫上"), "线上");
        assert_eq!(fold("敍述"), "叙述");
        assert_eq!(fold("峯值"), "峰值");
        assert_eq!(fold("著名的什么"), "著名的什么");
    }

    #[test]
    fn the_table_is_whole_sorted_and_idempotent() {
        let table = t2s_pairs();
        // TSCharacters.txt, and five Hong Kong variants (敍 枱 粧 糭 衞).
        assert_eq!(table.len(), 3227);
        assert!(table.windows(2).all(|w| w[0].0 < w[1].0));
        for &(t, s) in table {
            let s = char::from_u32(s).unwrap();
            assert_ne!(t, s as u32);
            assert_eq!(to_simplified(s), s, "{s} folds again");
        }
    }
}
