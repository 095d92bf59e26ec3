//! The filter table (`filters.xun`): what filtering and sorting by date
//! need, in one small file. For each key (`tags`, `categories`), each of
//! its values with the pages that have it; and each page's date.
//!
//! ```text
//! varint page count (the manifest's)
//! varint key count, then per key, in rising byte order of its name:
//!     str name (not empty)
//!     varint value count (at least 1), then per value, in rising byte order:
//!         str value (not empty)
//!         varint page count n (at least 1), then n varints: the first page,
//!             then the step to each next one (at least 1)
//! varint 0 when no page has a date, else the page count, then per page:
//!     varint 0 for a page without a date, else zigzag(its date code − the
//!     code of the last page before it that has one, or 0) + 1
//! ```
//!
//! A date code is `year × 512 + month × 32 + day` ([`date_code`]): it
//! orders like the date, and pages in path order (`2019-09-30-x.md`)
//! step by a few days, which is one byte.
//!
//! Its size is O(Σ values' bytes + Σ pages per value + pages): about one
//! byte per (page, value) pair and one to two per dated page, a few
//! hundred bytes for a blog of a hundred posts. It is written only when
//! some page has a tag, a category or a date, and the manifest says
//! whether it exists ([`super::meta::Meta::filters`]), so that an index
//! without any costs no request.

use super::FileId;
use super::codec::{DecodeError, Decoder, Encoder};
use crate::Error;

/// The keys a table may hold, as the indexer fills them.
pub const TAGS: &str = "tags";
pub const CATEGORIES: &str = "categories";

/// One value of a key: `阿里云`, and the pages tagged with it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Value {
    pub name: String,
    /// Page ids, strictly rising, each below the page count.
    pub pages: Vec<u32>,
}

/// A key (`tags`) and its values, in rising byte order, none empty.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Key {
    pub name: String,
    pub values: Vec<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filters {
    pub page_count: u32,
    /// In rising byte order of their names.
    pub keys: Vec<Key>,
    /// Per page, its [`date_code`], 0 for none; empty when no page has a
    /// date.
    pub dates: Vec<u32>,
}

/// `2019-09-30` → its date code; `None` unless the text is a date of
/// that shape (a year of four digits, a month 1–12, a day of that month:
/// not `2019-02-30`).
pub fn date_code(date: &str) -> Option<u32> {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let digits = &b[range];
        digits
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day > days {
        return None;
    }
    let code = year * 512 + month * 32 + day;
    is_date_code(code).then_some(code)
}

/// Whether a code is one [`date_code`] gives.
fn is_date_code(code: u32) -> bool {
    let (month, day) = ((code / 32) % 16, code % 32);
    code / 512 <= 9999 && (1..=12).contains(&month) && (1..=31).contains(&day)
}

impl Filters {
    /// Whether the table holds nothing: then no file is written.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.dates.iter().all(|&d| d == 0)
    }

    /// A key's values, if the table has the key.
    pub fn key(&self, name: &str) -> Option<&Key> {
        // A search asks once per key, and an index has two.
        self.keys.iter().find(|k| k.name == name)
    }

    /// A page's date code, 0 when it has none.
    pub fn date(&self, page: u32) -> u32 {
        self.dates.get(page as usize).copied().unwrap_or(0)
    }

    /// The payload of `filters.xun`. Keys, values and pages must be in
    /// the order the layout says (the indexer sorts them).
    pub fn encode(&self) -> Vec<u8> {
        let mut e = Encoder::new();
        e.varint(self.page_count.into());
        e.varint(self.keys.len() as u64);
        for key in &self.keys {
            e.str(&key.name);
            e.varint(key.values.len() as u64);
            for value in &key.values {
                e.str(&value.name);
                e.varint(value.pages.len() as u64);
                let mut last = 0;
                for (i, &page) in value.pages.iter().enumerate() {
                    e.varint(u64::from(if i == 0 { page } else { page - last }));
                    last = page;
                }
            }
        }
        if self.dates.iter().all(|&d| d == 0) {
            e.varint(0);
        } else {
            e.varint(self.dates.len() as u64);
            let mut last: i64 = 0;
            for &code in &self.dates {
                if code == 0 {
                    e.varint(0);
                    continue;
                }
                let step = i64::from(code) - last;
                e.varint(zigzag(step) + 1);
                last = code.into();
            }
        }
        e.buf
    }

    /// Reads the payload of `filters.xun`, checking everything the
    /// runtime relies on: the order of keys, values and pages, pages
    /// below `page_count` (the manifest's), as many dates as pages, each
    /// a `u32`.
    pub fn decode(payload: &[u8], page_count: u32) -> Result<Filters, Error> {
        let mut d = Decoder::new(payload);
        let read = read(&mut d, page_count).and_then(|filters| {
            if d.is_empty() {
                Ok(filters)
            } else {
                Err(DecodeError::Corrupt("bytes after the dates"))
            }
        });
        read.map_err(|e| e.in_file(FileId::Filters.name()))
    }
}

fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    ((n >> 1) as i64) ^ -((n & 1) as i64)
}

fn read(d: &mut Decoder, page_count: u32) -> Result<Filters, DecodeError> {
    if d.varint_u32()? != page_count {
        return Err(DecodeError::Corrupt("page count differs from the manifest"));
    }
    // The smallest key: a name of one byte, its length, and a value; the
    // smallest value: a name of one byte, its length, one page.
    let n = d.count(5)?;
    let mut keys: Vec<Key> = Vec::with_capacity(n);
    for _ in 0..n {
        let name = named(d, keys.last().map(|k| k.name.as_str()))?;
        let n = d.count(3)?;
        let mut values: Vec<Value> = Vec::with_capacity(n);
        for _ in 0..n {
            let name = named(d, values.last().map(|v| v.name.as_str()))?;
            let pages = pages(d, page_count)?;
            values.push(Value { name, pages });
        }
        if values.is_empty() {
            return Err(UNORDERED);
        }
        keys.push(Key { name, values });
    }
    let dated = d.count(1)?;
    if dated != 0 && dated != page_count as usize {
        return Err(DecodeError::Corrupt("dates for another number of pages"));
    }
    let mut dates = Vec::with_capacity(dated);
    let mut last: i64 = 0;
    for _ in 0..dated {
        // Any code orders pages; one that is no date only orders oddly.
        let code = match d.varint()? {
            0 => 0,
            n => {
                let code = (last.checked_add(unzigzag(n - 1)))
                    .and_then(|c| u32::try_from(c).ok())
                    .filter(|&c| c != 0)
                    .ok_or(DecodeError::Corrupt("a date out of range"))?;
                last = code.into();
                code
            }
        };
        dates.push(code);
    }
    Ok(Filters {
        page_count,
        keys,
        dates,
    })
}

const UNORDERED: DecodeError = DecodeError::Corrupt("keys or values empty or out of order");

/// A key's or a value's name: not empty, and after the one before.
fn named(d: &mut Decoder, before: Option<&str>) -> Result<String, DecodeError> {
    let name = d.str()?;
    if name.is_empty() || before.is_some_and(|b| b >= name) {
        return Err(UNORDERED);
    }
    Ok(name.to_owned())
}

/// A value's pages: at least one, strictly rising, each below
/// `page_count`.
fn pages(d: &mut Decoder, page_count: u32) -> Result<Vec<u32>, DecodeError> {
    let n = d.count(1)?;
    let mut pages = Vec::with_capacity(n);
    let mut page = 0u32;
    for i in 0..n {
        let step = d.varint_u32()?;
        page = page
            .checked_add(step)
            .filter(|&p| p < page_count && (i == 0 || step > 0))
            .ok_or(DecodeError::Corrupt("pages out of order or past the last"))?;
        pages.push(page);
    }
    if pages.is_empty() {
        return Err(DecodeError::Corrupt("a value without pages"));
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Filters {
        let value = |name: &str, pages: &[u32]| Value {
            name: name.into(),
            pages: pages.to_vec(),
        };
        Filters {
            page_count: 5,
            keys: vec![
                Key {
                    name: CATEGORIES.into(),
                    values: vec![value("技术", &[4])],
                },
                Key {
                    name: TAGS.into(),
                    values: vec![value("Kubernetes", &[0, 3, 4]), value("阿里云", &[1, 3])],
                },
            ],
            dates: vec![
                date_code("2019-09-30").unwrap(),
                0,
                date_code("2019-09-02").unwrap(),
                date_code("2020-02-20").unwrap(),
                date_code("1999-12-31").unwrap(),
            ],
        }
    }

    #[test]
    fn round_trip_and_every_truncation() {
        let table = sample();
        let bytes = table.encode();
        assert_eq!(Filters::decode(&bytes, 5), Ok(table.clone()));
        for cut in 0..bytes.len() {
            assert!(Filters::decode(&bytes[..cut], 5).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Filters::decode(&longer, 5).is_err());
        assert_eq!(table.key(TAGS).unwrap().values.len(), 2);
        assert!(table.key("authors").is_none());
        assert_eq!(table.date(1), 0);
        assert_eq!(table.date(99), 0);
    }

    #[test]
    fn dates_order_like_the_calendar() {
        let code = |d: &str| date_code(d).unwrap();
        assert!(code("2019-12-31") < code("2020-01-01"));
        assert!(code("2020-01-31") < code("2020-02-01"));
        for bad in [
            "2019-13-01",
            "2019-00-10",
            "2019-01-32",
            "2019-1-1",
            "2019/01/01",
            "",
        ] {
            assert_eq!(date_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn impossible_tables_are_corrupt_not_panics() {
        let corrupt = |t: &Filters| match Filters::decode(&t.encode(), 5) {
            Err(Error::Corrupt { file, .. }) => assert_eq!(file, "filters.xun"),
            other => panic!("{other:?}"),
        };
        let mut t = sample();
        t.keys.swap(0, 1);
        corrupt(&t);
        let mut t = sample();
        t.keys[1].values[0].pages = vec![3, 3];
        corrupt(&t);
        let mut t = sample();
        t.keys[1].values[0].pages = vec![5];
        corrupt(&t);
        let mut t = sample();
        t.keys[0].values.clear();
        corrupt(&t);
        let mut t = sample();
        t.dates.pop();
        corrupt(&t);
        // The manifest counts another number of pages.
        assert!(matches!(
            Filters::decode(&sample().encode(), 6),
            Err(Error::Corrupt { .. })
        ));
        // A date step below the first day there is (zigzag 1: −1).
        let mut t = sample();
        t.dates = vec![0; 5];
        let mut bytes = t.encode();
        bytes.pop();
        bytes.extend([5, 0, 0, 0, 0, 2]);
        assert!(matches!(
            Filters::decode(&bytes, 5),
            Err(Error::Corrupt { .. })
        ));
        // A step past the largest i64 from a date: refused, not overflowed.
        bytes.truncate(bytes.len() - 6);
        bytes.extend([5, 11, 0, 0, 0]);
        bytes.extend([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
        assert!(matches!(
            Filters::decode(&bytes, 5),
            Err(Error::Corrupt { .. })
        ));
    }

    #[test]
    fn a_table_without_dates_stores_none() {
        let mut t = sample();
        t.dates = vec![0; 5];
        let back = Filters::decode(&t.encode(), 5).unwrap();
        assert!(back.dates.is_empty());
        assert!(!back.is_empty());
        assert!(Filters::default().is_empty());
    }
}
