//! Docs files: what a shown hit displays. For a run of consecutive
//! sections, their headings and anchors, and the pages they belong to.

use super::codec::{Decoder, Encoder, Truncated};
use super::{FileId, truncated};
use crate::Error;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Page {
    pub title: String,
    /// Site-relative or absolute URL of the page, as links should use it.
    pub url: String,
    /// `YYYY-MM-DD` or empty.
    pub date: String,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SectionDoc {
    /// Fragment id without `#`; empty for the text before a page's first
    /// heading.
    pub anchor: String,
    /// Empty for the text before a page's first heading.
    pub heading: String,
}

/// One docs file: sections `first_section..` and pages `first_page..`,
/// every page that one of the sections belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Docs {
    pub first_page: u32,
    pub pages: Vec<Page>,
    pub sections: Vec<SectionDoc>,
}

impl Docs {
    pub fn encode(&self) -> Vec<u8> {
        let mut e = Encoder::new();
        e.varint(self.first_page.into());
        e.varint(self.pages.len() as u64);
        for p in &self.pages {
            e.str(&p.title);
            e.str(&p.url);
            e.str(&p.date);
            e.strs(&p.tags);
        }
        e.varint(self.sections.len() as u64);
        for s in &self.sections {
            e.str(&s.anchor);
            e.str(&s.heading);
        }
        e.buf
    }

    /// Reads the payload of docs file `id`.
    pub fn decode(id: u32, payload: &[u8]) -> Result<Docs, Error> {
        let name = FileId::Docs(id).name();
        let mut d = Decoder::new(payload);
        let docs = read(&mut d).map_err(truncated(&name))?;
        let detail = if !d.is_empty() {
            Some("bytes after the sections")
        } else {
            docs.pages
                .iter()
                .find_map(|p| super::url::check(&p.url).err())
        };
        match detail {
            Some(detail) => Err(Error::Corrupt { file: name, detail }),
            None => Ok(docs),
        }
    }

    /// A page by its id, if this file has it.
    pub fn page(&self, page: u32) -> Option<&Page> {
        self.pages.get(page.checked_sub(self.first_page)? as usize)
    }
}

fn read(d: &mut Decoder) -> Result<Docs, Truncated> {
    let first_page = d.varint_u32()?;
    let n = d.count(4)?;
    let mut pages = Vec::with_capacity(n);
    for _ in 0..n {
        pages.push(Page {
            title: d.str()?.to_owned(),
            url: d.str()?.to_owned(),
            date: d.str()?.to_owned(),
            tags: d.strs()?,
        });
    }
    let n = d.count(2)?;
    let mut sections = Vec::with_capacity(n);
    for _ in 0..n {
        sections.push(SectionDoc {
            anchor: d.str()?.to_owned(),
            heading: d.str()?.to_owned(),
        });
    }
    Ok(Docs {
        first_page,
        pages,
        sections,
    })
}
