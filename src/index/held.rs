//! Files of another instance's copy of this build, held until a search
//! first needs each (see [`Index::take_copy`]).

use super::{Index, Missing};
use crate::Error;
use crate::format::terms::Terms;
use crate::format::{FileId, bundle};

impl Index {
    /// Holds the files of another instance's copy of this build (see
    /// [`Index::take_copy`]), to be added as searches need them
    /// ([`Index::add_held`]). The copy's checksum and build are checked
    /// here, each file's contents when it is added.
    pub fn hold(&mut self, bytes: &[u8]) -> Result<(), Error> {
        const NAME: &str = "the page's copy";
        let (build, files) = bundle::decode_built(NAME, bytes)?;
        if build != self.build {
            return Err(Error::Mismatch { file: NAME.into() });
        }
        for (name, payload) in files {
            let id = FileId::parse(name)
                .filter(|&id| self.meta.has_file(id))
                .filter(|id| {
                    matches!(
                        id,
                        FileId::Dictionary(_) | FileId::Postings(_) | FileId::Records(_)
                    )
                })
                .ok_or_else(|| Error::UnknownFile {
                    file: name.to_owned(),
                })?;
            // A name twice is harmless: the first is added, the other stays.
            if !self.is_loaded(id) {
                self.held.push((id, payload.to_vec()));
            }
        }
        Ok(())
    }

    /// Adds the held files among `missing`. True when every one of them was
    /// held, so that the search may be asked again without fetching.
    pub fn add_held(&mut self, missing: &Missing) -> Result<bool, Error> {
        let mut all = !missing.is_empty();
        for &id in &missing.0 {
            match self.held.iter().position(|h| h.0 == id) {
                Some(at) => {
                    let (_, payload) = self.held.swap_remove(at);
                    match id {
                        FileId::Dictionary(i) => {
                            self.insert_bucket(i, Terms::decode_listed(i, &payload)?)
                        }
                        _ => self.insert(id, &payload)?,
                    }
                }
                None => all = false,
            }
        }
        Ok(all)
    }
}
