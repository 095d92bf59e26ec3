//! Primitive encodings shared by every file: LEB128 varints and
//! length-prefixed UTF-8 strings.
//!
//! Every read is bounds-checked: a short or malformed buffer yields
//! [`Truncated`], which the caller turns into a
//! [`crate::Error`] naming the file.

/// A read ran past the end of its buffer, or a varint was malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Truncated;

/// Why a payload could not be read: it ends too soon, or its structure
/// is impossible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    Truncated,
    Corrupt(&'static str),
}

impl From<Truncated> for DecodeError {
    fn from(_: Truncated) -> Self {
        DecodeError::Truncated
    }
}

impl DecodeError {
    /// The error of the runtime, naming the file it happened in.
    pub fn in_file(self, file: String) -> crate::Error {
        match self {
            DecodeError::Truncated => crate::Error::Truncated { file },
            DecodeError::Corrupt(detail) => crate::Error::Corrupt { file, detail },
        }
    }
}

/// Appends encoded values to a byte vector.
#[derive(Debug, Default)]
pub struct Encoder {
    pub buf: Vec<u8>,
}

impl Encoder {
    pub fn new() -> Encoder {
        Encoder::default()
    }

    pub fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }

    pub fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }

    pub fn strs(&mut self, list: &[String]) {
        self.varint(list.len() as u64);
        for s in list {
            self.str(s);
        }
    }
}

/// Reads values back from a byte slice.
#[derive(Debug, Clone)]
pub struct Decoder<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Decoder<'a> {
    pub fn new(buf: &'a [u8]) -> Decoder<'a> {
        Decoder { buf, pos: 0 }
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.buf.len()
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    pub fn varint(&mut self) -> Result<u64, Truncated> {
        let mut v: u64 = 0;
        // A u64 needs at most 10 groups of 7 bits; more is corruption.
        for shift in (0..70).step_by(7) {
            let byte = *self.buf.get(self.pos).ok_or(Truncated)?;
            self.pos += 1;
            if shift == 63 && byte > 1 {
                return Err(Truncated);
            }
            v |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Ok(v);
            }
        }
        Err(Truncated)
    }

    /// A varint that must fit a `u32` (counts, ids, positions).
    pub fn varint_u32(&mut self) -> Result<u32, Truncated> {
        u32::try_from(self.varint()?).map_err(|_| Truncated)
    }

    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], Truncated> {
        let end = self.pos.checked_add(n).ok_or(Truncated)?;
        let out = self.buf.get(self.pos..end).ok_or(Truncated)?;
        self.pos = end;
        Ok(out)
    }

    pub fn str(&mut self) -> Result<&'a str, Truncated> {
        let n = usize::try_from(self.varint()?).map_err(|_| Truncated)?;
        std::str::from_utf8(self.bytes(n)?).map_err(|_| Truncated)
    }

    pub fn strs(&mut self) -> Result<Vec<String>, Truncated> {
        let n = self.count(1)?;
        (0..n).map(|_| self.str().map(str::to_owned)).collect()
    }

    /// A element count, checked against the bytes left so that a corrupt
    /// count cannot make the caller allocate gigabytes. `min_size` is the
    /// smallest encoding of one element.
    pub fn count(&mut self, min_size: usize) -> Result<usize, Truncated> {
        let n = usize::try_from(self.varint()?).map_err(|_| Truncated)?;
        let left = self.buf.len() - self.pos;
        if n.saturating_mul(min_size.max(1)) > left {
            return Err(Truncated);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let values = [0, 1, 127, 128, 300, u32::MAX as u64, u64::MAX];
        let mut e = Encoder::new();
        for v in values {
            e.varint(v);
        }
        let mut d = Decoder::new(&e.buf);
        for v in values {
            assert_eq!(d.varint(), Ok(v));
        }
        assert!(d.is_empty());
        assert_eq!(d.varint(), Err(Truncated));
    }

    #[test]
    fn overlong_varint_is_rejected() {
        let mut d = Decoder::new(&[0xff; 11]);
        assert_eq!(d.varint(), Err(Truncated));
    }

    #[test]
    fn huge_count_is_rejected_before_allocation() {
        let mut e = Encoder::new();
        e.varint(1 << 40);
        assert_eq!(Decoder::new(&e.buf).count(1), Err(Truncated));
    }
}
