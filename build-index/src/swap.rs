//! Writes an index directory so that no reader ever sees half of one, and
//! no failed or concurrent build loses one.
//!
//! The files go into a hidden sibling of `--out`, `.<name>.xun-new-<pid>`,
//! which is synced once and then exchanged with `--out` in one step where
//! the system can (Linux `renameat2` with `RENAME_EXCHANGE`), else by two
//! renames that put the old index back if the second fails. An error at
//! any step before the swap leaves `--out` exactly as it was.
//!
//! Builds into the same `--out` (a CI matrix, a watch mode that rebuilds
//! on every save) take turns: each holds an exclusive lock on the parent
//! directory from before it creates its staging directory until after the
//! swap. So do builds into siblings (`site/a`, `site/b`), which share the
//! parent's lock; the one that waits names the index the other writes. Leftovers of killed builds (`.<name>.xun-*`) are removed only
//! while holding the lock, when no other build can be writing one.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use xun::format::FileId;

use crate::error::BuildError;

/// How long a build waits for another one writing the same `--out`.
pub const LOCK_WAIT: Duration = Duration::from_secs(300);

/// Writes `files` into `out`, replacing any previous index there.
pub fn write_atomically(
    out: &Path,
    files: &[(String, Vec<u8>)],
    written: &mut dyn FnMut(u64),
) -> Result<(), BuildError> {
    let mut staging = Staging::begin(out)?;
    for (name, bytes) in files {
        staging.write(name, bytes)?;
        written(1);
    }
    staging.commit()
}

/// Writes one file so that a reader finds the old one or the new one,
/// never half of one: into a hidden sibling (`.<name>.xun-<pid>`), then
/// renamed over it. For the pages of `--html`, which live among a site's
/// own files and so are replaced one by one, not as a directory.
pub fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.xun-{}", std::process::id()));
    let written = fs::write(&temp, bytes).and_then(|()| fs::rename(&temp, path));
    if written.is_err() {
        // Nothing half-written stays behind either.
        let _ = fs::remove_file(&temp);
    }
    written.map_err(BuildError::io(path))
}

/// An index being written: a staging directory beside `--out`, under the
/// lock, which [`Staging::commit`] swaps in. Dropped without a commit (an
/// error, a panic), it is removed and `--out` is left as it was.
pub struct Staging {
    out: PathBuf,
    parent: PathBuf,
    dir: PathBuf,
    retired: PathBuf,
    /// Directories made so far, so that each is made once.
    made: std::collections::HashSet<PathBuf>,
    /// Files written, for systems that sync file by file.
    names: Vec<String>,
    committed: bool,
    _lock: File,
}

impl Staging {
    /// Takes the lock for `out`, removes the leftovers of killed builds
    /// and makes a fresh staging directory.
    pub fn begin(out: &Path) -> Result<Staging, BuildError> {
        check_replaceable(out)?;
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(BuildError::io(&parent))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let prefix = format!(".{name}.xun-");
        let lock = lock(&parent, &prefix, out)?;
        // Another build may have replaced `out` while this one waited.
        check_replaceable(out)?;
        for entry in fs::read_dir(&parent)
            .map_err(BuildError::io(&parent))?
            .flatten()
        {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                // Best effort: a leftover that cannot be removed is only clutter.
                let _ = fs::remove_dir_all(entry.path());
            }
        }
        let pid = std::process::id();
        let dir = parent.join(format!("{prefix}new-{pid}"));
        fs::create_dir_all(&dir).map_err(BuildError::io(&dir))?;
        Ok(Staging {
            out: out.to_owned(),
            retired: parent.join(format!("{prefix}old-{pid}")),
            parent,
            dir,
            made: std::collections::HashSet::new(),
            names: Vec::new(),
            committed: false,
            _lock: lock,
        })
    }

    /// Writes one file; `name` may have directories (`d/0/17.xun`). Not
    /// synced: [`Staging::commit`] syncs them all at once.
    pub fn write(&mut self, name: &str, bytes: &[u8]) -> Result<(), BuildError> {
        let path = self.dir.join(name);
        if let Some(parent) = path.parent()
            && !self.made.contains(parent)
        {
            fs::create_dir_all(parent).map_err(BuildError::io(parent))?;
            self.made.insert(parent.to_owned());
        }
        fs::write(&path, bytes).map_err(BuildError::io(&path))?;
        if cfg!(not(target_os = "linux")) {
            self.names.push(name.to_owned());
        }
        Ok(())
    }

    /// Where a file of the staging directory goes, for a build's scratch
    /// files (removed with [`Staging::remove`] before the commit).
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    pub fn remove(&mut self, name: &str) -> Result<(), BuildError> {
        let path = self.dir.join(name);
        fs::remove_file(&path).map_err(BuildError::io(&path))
    }

    /// Writes its file id in build `build` into a file written earlier,
    /// named as [`FileId::name`] names it (see [`xun::format::set_file_id`]).
    pub fn set_file_id(&mut self, name: &str, build: u32) -> Result<(), BuildError> {
        use std::io::{Seek, SeekFrom, Write};
        let id = FileId::parse(name).expect("a file is named by FileId::name");
        let id = xun::format::file_id(build, id);
        let path = self.dir.join(name);
        let mut file = fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .map_err(BuildError::io(&path))?;
        file.seek(SeekFrom::Start(xun::format::BUILD_OFFSET as u64))
            .and_then(|_| file.write_all(&id.to_le_bytes()))
            .map_err(BuildError::io(&path))
    }

    /// Makes the files durable with one sync for the whole tree, then
    /// swaps the staging directory in for `--out`.
    pub fn commit(mut self) -> Result<(), BuildError> {
        sync_tree(&self.dir, &self.names).map_err(BuildError::io(&self.dir))?;
        swap(&self.dir, &self.retired, &self.out)?;
        self.committed = true;
        sync_dir(&self.parent);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// What a build may write at the top of `--out`: the index's files and
/// directories ([`FileId::name`]), the bundles of `--bundle` and
/// `--offline`, and the runtime. `tests/cli.rs` checks that a build with
/// every option writes nothing else.
const WRITTEN: &[&str] = &[
    "meta.xun",
    "filters.xun",
    "d",
    "p",
    "r",
    "t",
    "preload",
    "xun.pack",
    crate::runtime::OFFLINE,
    "xun.js",
    "xun.css",
    "xun_wasm.js",
    "xun_wasm_bg.wasm",
];

/// Whether a build may have written `name` at the top of `--out`; a
/// Finder's `.DS_Store` counts as written, for it is made again at will.
pub fn written_by_build(name: &str) -> bool {
    WRITTEN.contains(&name) || name == ".DS_Store"
}

/// `out` may be replaced if it is missing, empty, or a xun index that
/// holds nothing else: a site generator that does not clear its output
/// (Hugo) may have put a page of its own in the index's directory since
/// the last build, and replacing the directory would delete it.
fn check_replaceable(out: &Path) -> Result<(), BuildError> {
    if !out.exists() {
        return Ok(());
    }
    let ours = out.join(FileId::Meta.name()).is_file();
    let mut names: Vec<String> = fs::read_dir(out)
        .map_err(BuildError::io(out))?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()
        .map_err(BuildError::io(out))?;
    if !ours && !names.is_empty() {
        return Err(BuildError::NotAnIndexDir {
            path: out.to_owned(),
        });
    }
    names.retain(|n| !written_by_build(n));
    if names.is_empty() {
        return Ok(());
    }
    names.sort();
    Err(BuildError::ForeignFiles {
        path: out.to_owned(),
        names,
    })
}

/// Takes the exclusive lock that builds writing into `parent` share,
/// waiting up to [`LOCK_WAIT`] for a build that holds it. Released when
/// the returned file is dropped.
fn lock(parent: &Path, prefix: &str, out: &Path) -> Result<File, BuildError> {
    let file = lock_file(parent, prefix)?;
    let started = Instant::now();
    let mut told = false;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(fs::TryLockError::Error(e)) => return Err(BuildError::io(parent)(e)),
            Err(fs::TryLockError::WouldBlock) => {}
        }
        let holder = holder(parent);
        if started.elapsed() >= LOCK_WAIT {
            return Err(BuildError::Busy {
                out: out.to_owned(),
                holder,
                waited: LOCK_WAIT,
            });
        }
        if !told {
            eprintln!(
                "build-index: waiting for another build-index{} to finish before writing {}",
                describe(holder.as_ref()),
                out.display()
            );
            told = true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The file whose lock builds share: the parent directory itself where
/// directories can be locked, so that nothing is left beside `--out`.
#[cfg(unix)]
fn lock_file(parent: &Path, _prefix: &str) -> Result<File, BuildError> {
    File::open(parent).map_err(BuildError::io(parent))
}

#[cfg(not(unix))]
fn lock_file(parent: &Path, prefix: &str) -> Result<File, BuildError> {
    let path = parent.join(format!("{prefix}lock"));
    fs::OpenOptions::new()
        .create(true)
        .write(true)
        .open(&path)
        .map_err(BuildError::io(&path))
}

/// The build that holds the lock: its pid and the index it is writing,
/// read from the name of its staging directory (`.<name>.xun-new-<pid>`).
fn holder(parent: &Path) -> Option<(u32, PathBuf)> {
    fs::read_dir(parent).ok()?.flatten().find_map(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        let (out, pid) = name.strip_prefix('.')?.rsplit_once(".xun-new-")?;
        Some((pid.parse().ok()?, parent.join(out)))
    })
}

/// ` (pid N, writing DIR)`, or nothing when the holder is not known.
pub fn describe(holder: Option<&(u32, PathBuf)>) -> String {
    holder.map_or_else(String::new, |(pid, out)| {
        format!(" (pid {pid}, writing {})", out.display())
    })
}

/// Flushes a directory and the files written into it.
#[cfg(target_os = "linux")]
fn sync_tree(dir: &Path, _names: &[String]) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let d = File::open(dir)?;
    // SAFETY: `d` is an open descriptor for the duration of the call.
    // syncfs flushes the file system that holds it: one call, however many
    // files were written.
    if unsafe { libc::syncfs(d.as_raw_fd()) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn sync_tree(dir: &Path, names: &[String]) -> std::io::Result<()> {
    for name in names {
        File::open(dir.join(name))?.sync_all()?;
    }
    sync_dir(dir);
    Ok(())
}

/// Makes a directory's entries durable; best effort, as not every file
/// system can.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

fn swap(staging: &Path, retired: &Path, out: &Path) -> Result<(), BuildError> {
    if !out.exists() {
        return fs::rename(staging, out).map_err(BuildError::io(out));
    }
    if exchange(staging, out).is_ok() {
        // `staging` now holds the previous index.
        let _ = fs::remove_dir_all(staging);
        return Ok(());
    }
    fs::rename(out, retired).map_err(BuildError::io(out))?;
    if let Err(e) = fs::rename(staging, out) {
        // Put the old index back before reporting.
        return Err(match fs::rename(retired, out) {
            Ok(()) => BuildError::Io {
                path: out.to_owned(),
                source: e,
            },
            Err(_) => BuildError::Io {
                path: retired.to_owned(),
                source: std::io::Error::other(format!(
                    "{e}; the previous index is here, not at {}",
                    out.display()
                )),
            },
        });
    }
    let _ = fs::remove_dir_all(retired);
    Ok(())
}

/// Swaps two directories in one step (Linux `renameat2` with
/// `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both arguments are NUL-terminated paths that outlive the
    // call, resolved against the working directory (AT_FDCWD).
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replaced_file_is_whole_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("index.html");
        fs::write(&page, "old").unwrap();
        replace_file(&page, b"new").unwrap();
        assert_eq!(fs::read_to_string(&page).unwrap(), "new");
        // A folder in the way: the error names the page, the old folder
        // stays, and the temporary file is gone.
        let blocked = dir.path().join("blocked");
        fs::create_dir(&blocked).unwrap();
        let err = replace_file(&blocked, b"new").unwrap_err();
        assert!(
            matches!(&err, BuildError::Io { path, .. } if *path == blocked),
            "{err}"
        );
        assert!(blocked.is_dir());
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    /// A build waiting on a sibling's lock names the sibling's index, not
    /// its own.
    #[test]
    fn the_holder_is_read_from_any_staging_directory_beside() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(holder(dir.path()), None);
        fs::create_dir(dir.path().join("blog")).unwrap();
        fs::create_dir(dir.path().join(".docs.v2.xun-old-7")).unwrap();
        assert_eq!(holder(dir.path()), None, "a retired index is no holder");
        fs::create_dir(dir.path().join(".docs.v2.xun-new-4242")).unwrap();
        let found = holder(dir.path());
        assert_eq!(found, Some((4242, dir.path().join("docs.v2"))));
        assert_eq!(
            describe(found.as_ref()),
            format!(
                " (pid 4242, writing {})",
                dir.path().join("docs.v2").display()
            )
        );
    }
}
