//! Traditional → simplified Chinese, one character at a time.
//!
//! The table is `t2s.bin`, generated from OpenCC's `TSCharacters.txt` by
//! `scripts/gen-t2s.mjs` (its layout is described there). It lists only
//! characters that change, and no target is itself a key, so folding is
//! idempotent. 9.6 KB in the binary, 7.6 KB gzipped.

use std::sync::OnceLock;

static TABLE: &[u8] = include_bytes!("t2s.bin");

/// (traditional, simplified) code points, sorted by the first.
fn pairs() -> &'static [(u32, u32)] {
    static PAIRS: OnceLock<Vec<(u32, u32)>> = OnceLock::new();
    PAIRS.get_or_init(|| {
        let mut d = crate::format::codec::Decoder::new(TABLE);
        let n = d.varint().unwrap_or(0) as usize;
        let mut out = Vec::with_capacity(n);
        let mut t = 0u64;
        for _ in 0..n {
            let (Ok(step), Ok(zz)) = (d.varint(), d.varint()) else {
                break;
            };
            t += step;
            let delta = if zz & 1 == 0 {
                (zz >> 1) as i64
            } else {
                -((zz >> 1) as i64) - 1
            };
            out.push((t as u32, (t as i64 + delta) as u32));
        }
        out
    })
}

/// The simplified form of a character, or the character itself.
pub fn to_simplified(c: char) -> char {
    let table = pairs();
    match table.binary_search_by_key(&(c as u32), |p| p.0) {
        Ok(i) => char::from_u32(table[i].1).unwrap_or(c),
        Err(_) => c,
    }
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

    #[test]
    fn the_table_is_whole_sorted_and_idempotent() {
        let table = pairs();
        assert_eq!(table.len(), 3222);
        assert!(table.windows(2).all(|w| w[0].0 < w[1].0));
        for &(t, s) in table {
            let s = char::from_u32(s).unwrap();
            assert_ne!(t, s as u32);
            assert_eq!(to_simplified(s), s, "{} folds again", s);
        }
    }
}
