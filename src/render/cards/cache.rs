//! The card cache: each card (and icon) drawn is kept in `.statecraft-cache/cards/`
//! next to `site/`, named after the hash of its SVG, fonts and size, so a build draws
//! only the cards whose brief, fonts or logo changed and a restarted `watch` none.
//!
//! Entries are written to a temporary name and renamed, so a crashed build never
//! leaves half a picture under a key; entries are only read by key, so a stale or
//! foreign file is never used. A build removes the entries no build has used for
//! [`MAX_AGE`].

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// The cache folder, relative to the site root (git-ignored by `statecraft init`).
pub const CACHE_FOLDER: &str = ".statecraft-cache/cards";

/// How long an entry no build uses is kept.
pub const MAX_AGE: Duration = Duration::from_secs(7 * 24 * 60 * 60);

pub struct Cache {
    folder: PathBuf,
    /// Keys found in the folder when it was opened, and those stored since.
    present: Mutex<HashSet<u64>>,
}

impl Cache {
    /// Opens the cache of the site at `root` (nothing is created until a card is stored).
    pub fn open(root: &Path) -> Cache {
        let folder = root.join(CACHE_FOLDER);
        let present = fs::read_dir(&folder)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter_map(|e| key_of(&e.file_name().to_string_lossy()))
                    .collect()
            })
            .unwrap_or_default();
        Cache {
            folder,
            present: Mutex::new(present),
        }
    }

    /// The bytes stored under `key`, if any; marks the entry used.
    pub fn get(&self, key: u64) -> Option<Vec<u8>> {
        fs::read(self.file(key)?).ok()
    }

    /// The file stored under `key`, if any (it starts like a PNG); marks the entry
    /// used. A build links it into its output instead of copying it.
    pub fn file(&self, key: u64) -> Option<PathBuf> {
        if !self.present.lock().ok()?.contains(&key) {
            return None;
        }
        let path = self.path(key);
        let mut file = fs::File::options()
            .read(true)
            .append(true)
            .open(&path)
            .ok()?;
        let mut start = [0u8; 4];
        io::Read::read_exact(&mut file, &mut start).ok()?;
        let _ = file.set_modified(SystemTime::now());
        (&start == b"\x89PNG").then_some(path)
    }

    /// Stores `bytes` under `key`.
    pub fn put(&self, key: u64, bytes: &[u8]) -> io::Result<()> {
        fs::create_dir_all(&self.folder)?;
        let temporary = self
            .folder
            .join(format!(".{key:016x}.{}.tmp", std::process::id()));
        fs::write(&temporary, bytes)?;
        fs::rename(&temporary, self.path(key))?;
        if let Ok(mut present) = self.present.lock() {
            present.insert(key);
        }
        Ok(())
    }

    /// Removes the entries not used for `max_age`. Only files named like entries are
    /// touched.
    pub fn prune(&self, max_age: Duration) -> io::Result<()> {
        let Ok(entries) = fs::read_dir(&self.folder) else {
            return Ok(());
        };
        let now = SystemTime::now();
        for entry in entries.filter_map(Result::ok) {
            if key_of(&entry.file_name().to_string_lossy()).is_none() {
                continue;
            }
            let modified = entry.metadata().and_then(|m| m.modified())?;
            if now.duration_since(modified).is_ok_and(|age| age > max_age) {
                fs::remove_file(entry.path())?;
            }
        }
        Ok(())
    }

    fn path(&self, key: u64) -> PathBuf {
        self.folder.join(format!("{key:016x}.png"))
    }
}

/// The key of an entry's file name (`<16 hex digits>.png`).
fn key_of(name: &str) -> Option<u64> {
    let hex = name.strip_suffix(".png")?;
    (hex.len() == 16).then(|| u64::from_str_radix(hex, 16).ok())?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_found_by_key() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::open(root.path());
        assert!(cache.get(7).is_none());
        cache.put(7, b"\x89PNG-a").unwrap();
        let folder = root.path().join(CACHE_FOLDER);
        fs::write(folder.join("notes.txt"), "mine").unwrap();
        let reopened = Cache::open(root.path());
        assert_eq!(reopened.get(7).unwrap(), b"\x89PNG-a");
        reopened.prune(Duration::from_secs(3600)).unwrap();
        assert!(folder.join("notes.txt").exists());
        assert!(Cache::open(root.path()).get(7).is_some());
    }
}
