//! The PDF cache: each PDF typeset is kept in `.statecraft-cache/pdf/` next to `site/`,
//! named after the hash of everything that went into it ([`super::pdf_key`]), so a
//! rebuild typesets only the PDFs whose brief, template, fonts or settings changed,
//! and a restarted `watch` none at all.
//!
//! Entries are written to a temporary name and renamed, so a crashed build never leaves
//! half a PDF under a key; the cache is only ever read by key, so a stale or foreign
//! file is never used. Using an entry marks it (its modification time, at most
//! hourly), and a build removes the entries no build has used for [`MAX_AGE`]: old
//! versions of edited briefs go, while a build running at the same time (another
//! `--base-url`, say) keeps its own.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime};

/// The cache folder, relative to the site root.
pub const CACHE_FOLDER: &str = ".statecraft-cache/pdf";

/// How long an entry no build uses is kept.
pub const MAX_AGE: Duration = Duration::from_secs(24 * 60 * 60);

/// How old a mark may be before using an entry marks it again.
const MARK_EVERY: Duration = Duration::from_secs(60 * 60);

/// The PDFs typeset before, by key.
pub struct Cache {
    folder: PathBuf,
    /// Keys found in the folder when it was first used, and those stored since.
    present: OnceLock<Mutex<HashSet<u64>>>,
}

impl Cache {
    /// Opens the cache of the site at `root`. Nothing is read until a PDF is looked up
    /// (a build without PDFs never reads the folder), nor created until one is stored.
    pub fn open(root: &Path) -> Cache {
        Cache {
            folder: root.join(CACHE_FOLDER),
            present: OnceLock::new(),
        }
    }

    /// The keys in the folder, listed at the first use.
    fn present(&self) -> &Mutex<HashSet<u64>> {
        self.present.get_or_init(|| {
            let keys = fs::read_dir(&self.folder)
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .filter_map(|e| key_of(&e.file_name().to_string_lossy()))
                        .collect()
                })
                .unwrap_or_default();
            Mutex::new(keys)
        })
    }

    /// The file of the PDF with `key`, if the cache has it; marks it used (unless it
    /// was marked in the last [`MARK_EVERY`]).
    pub fn get(&self, key: u64) -> Option<PathBuf> {
        if !self.present().lock().ok()?.contains(&key) {
            return None;
        }
        let path = self.path(key);
        // Removed since the folder was listed: make the PDF again.
        let modified = fs::metadata(&path).ok()?.modified().ok()?;
        // A mark less than an hour old is left as it is: one system call per PDF
        // rather than three in the usual rebuild, at most an hour off a day.
        let now = SystemTime::now();
        if now
            .duration_since(modified)
            .map_or(true, |age| age > MARK_EVERY)
        {
            let file = fs::File::options().append(true).open(&path).ok()?;
            let _ = file.set_modified(now);
        }
        Some(path)
    }

    /// Stores a PDF under `key`; returns its file.
    pub fn put(&self, key: u64, bytes: &[u8]) -> io::Result<PathBuf> {
        fs::create_dir_all(&self.folder)?;
        let path = self.path(key);
        let temporary = self
            .folder
            .join(format!(".{key:016x}.{}.tmp", std::process::id()));
        fs::write(&temporary, bytes)?;
        fs::rename(&temporary, &path)?;
        if let Ok(mut present) = self.present().lock() {
            present.insert(key);
        }
        Ok(path)
    }

    /// Removes the entries not in `used` that no build has used for `max_age` (the
    /// entries in `used` were just marked). Only files named like entries are touched,
    /// and only by a build that looked PDFs up.
    pub fn prune(&self, used: &HashSet<u64>, max_age: Duration) -> io::Result<()> {
        let present = match self.present.get().map(Mutex::lock) {
            Some(Ok(present)) => present.clone(),
            _ => return Ok(()),
        };
        let now = SystemTime::now();
        for key in present.difference(used) {
            let path = self.path(*key);
            let Ok(modified) = fs::metadata(&path).and_then(|m| m.modified()) else {
                continue;
            };
            if now.duration_since(modified).is_ok_and(|age| age > max_age) {
                match fs::remove_file(&path) {
                    Err(err) if err.kind() != io::ErrorKind::NotFound => return Err(err),
                    _ => {}
                }
            }
        }
        Ok(())
    }

    fn path(&self, key: u64) -> PathBuf {
        self.folder.join(format!("{key:016x}.pdf"))
    }
}

/// The key of a cache entry's file name (`<16 hex digits>.pdf`).
fn key_of(name: &str) -> Option<u64> {
    let hex = name.strip_suffix(".pdf")?;
    if hex.len() != 16 {
        return None;
    }
    u64::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_found_by_key_and_pruned() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::open(root.path());
        assert!(cache.get(7).is_none());
        cache.put(7, b"%PDF-a").unwrap();
        cache.put(8, b"%PDF-b").unwrap();
        let folder = root.path().join(CACHE_FOLDER);
        fs::write(folder.join("notes.txt"), "mine").unwrap();
        // Older than a mark lasts (`MARK_EVERY`).
        let old = SystemTime::now() - 2 * MARK_EVERY;
        for name in ["0000000000000007.pdf", "0000000000000008.pdf", "notes.txt"] {
            let file = fs::File::options()
                .append(true)
                .open(folder.join(name))
                .unwrap();
            file.set_modified(old).unwrap();
        }
        // A build that looked no PDF up (`--no-pdf`) leaves the cache alone.
        Cache::open(root.path())
            .prune(&HashSet::new(), Duration::ZERO)
            .unwrap();
        assert!(folder.join("0000000000000008.pdf").exists());
        let reopened = Cache::open(root.path());
        // Using 7 marks it: only 8 is old enough to go.
        assert_eq!(fs::read(reopened.get(7).unwrap()).unwrap(), b"%PDF-a");
        reopened
            .prune(&HashSet::new(), Duration::from_secs(60))
            .unwrap();
        let reopened = Cache::open(root.path());
        assert!(reopened.get(7).is_some() && reopened.get(8).is_none());
        assert!(folder.join("notes.txt").exists());
    }
}
