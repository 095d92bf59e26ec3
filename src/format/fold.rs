//! `fold.xun`: the traditional → simplified characters a query may need,
//! as pairs of code points. The same layout is used for the full table
//! compiled into the indexer (`src/analysis/t2s.bin`).
//!
//! ```text
//! varint pair count, then per pair, in rising order of the traditional
//! code point: varint its step from the previous one,
//!             varint zigzag(simplified − traditional)
//! ```

use super::codec::{Decoder, Encoder, Truncated};

pub type Pairs = Vec<(u32, u32)>;

pub fn encode(pairs: &[(u32, u32)]) -> Vec<u8> {
    let mut e = Encoder::new();
    e.varint(pairs.len() as u64);
    let mut last = 0u32;
    for &(from, to) in pairs {
        e.varint(u64::from(from - last));
        last = from;
        let delta = i64::from(to) - i64::from(from);
        e.varint(if delta >= 0 {
            (delta as u64) << 1
        } else {
            ((-delta as u64) << 1) - 1
        });
    }
    e.buf
}

/// Reads pairs back; they come out sorted by their first code point, and
/// every code point is a valid `char`.
pub fn decode(bytes: &[u8]) -> Result<Pairs, Truncated> {
    let mut d = Decoder::new(bytes);
    let n = d.count(2)?;
    let mut out = Vec::with_capacity(n);
    let mut from = 0u32;
    for i in 0..n {
        let step = d.varint_u32()?;
        if i > 0 && step == 0 {
            return Err(Truncated);
        }
        from = from.checked_add(step).ok_or(Truncated)?;
        let zz = d.varint()?;
        let delta = if zz & 1 == 0 {
            (zz >> 1) as i64
        } else {
            -((zz >> 1) as i64) - 1
        };
        let to = i64::from(from)
            .checked_add(delta)
            .and_then(|t| u32::try_from(t).ok())
            .ok_or(Truncated)?;
        if char::from_u32(from).is_none() || char::from_u32(to).is_none() {
            return Err(Truncated);
        }
        out.push((from, to));
    }
    if !d.is_empty() {
        return Err(Truncated);
    }
    Ok(out)
}

/// The mapped character, or the character itself.
pub fn lookup(pairs: &[(u32, u32)], c: char) -> char {
    match pairs.binary_search_by_key(&(c as u32), |p| p.0) {
        Ok(i) => char::from_u32(pairs[i].1).unwrap_or(c),
        Err(_) => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_damage() {
        let pairs = vec![
            ('個' as u32, '个' as u32),
            ('網' as u32, '网' as u32),
            ('𠉂' as u32, '㒓' as u32),
        ];
        let mut sorted = pairs.clone();
        sorted.sort();
        let bytes = encode(&sorted);
        assert_eq!(decode(&bytes), Ok(sorted.clone()));
        assert_eq!(lookup(&sorted, '網'), '网');
        assert_eq!(lookup(&sorted, '网'), '网');
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_err());
        }
    }
}
