/// Loaded files of one kind, by number, in rising order. A sorted `Vec`
/// rather than a `BTreeMap`: the B-tree's code, instantiated for each kind,
/// was 11.5 KB of the wasm. A page loads tens of files; a bundle lists
/// each kind in rising order, as build-index writes it, so inserting its
/// files appends.
pub(super) struct Numbered<T>(Vec<(u32, T)>);

impl<T> Default for Numbered<T> {
    fn default() -> Self {
        Numbered(Vec::new())
    }
}

impl<T> Numbered<T> {
    pub(super) fn get(&self, n: u32) -> Option<&T> {
        let i = self.0.binary_search_by_key(&n, |e| e.0).ok()?;
        Some(&self.0[i].1)
    }

    /// Adds file `n`, or replaces it.
    pub(super) fn insert(&mut self, n: u32, file: T) {
        match self.0.binary_search_by_key(&n, |e| e.0) {
            Ok(i) => self.0[i].1 = file,
            Err(i) => self.0.insert(i, (n, file)),
        }
    }

    pub(super) fn values(&self) -> impl Iterator<Item = &T> {
        self.0.iter().map(|e| &e.1)
    }

    /// Takes file `n` out, if it is here.
    pub(super) fn take(&mut self, n: u32) -> Option<T> {
        let i = self.0.binary_search_by_key(&n, |e| e.0).ok()?;
        Some(self.0.remove(i).1)
    }
}
