//! Polling for changes, for file systems whose changes the operating system does not
//! report (network drives, WSL2 with files on the Windows side, containers with bind
//! mounts): the source folders are walked every [`INTERVAL`], and each file that
//! appeared, went, or whose modification time (to the nanosecond), size or inode
//! changed is reported. notify's own poller compares modification times in whole
//! seconds, which misses a second save within the same second.

use std::collections::HashMap;
use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

/// How often the folders are walked.
pub const INTERVAL: Duration = Duration::from_millis(250);

/// Walks `folders` of a root every [`INTERVAL`] on a thread of its own, until dropped.
pub struct Poller {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Poller {
    /// Starts polling `folders` (relative to `root`; those missing are walked when
    /// they appear). Their files as they are now are the ones later walks compare with.
    pub fn start(
        root: &Path,
        folders: &[&str],
        sender: mpsc::Sender<notify::Result<notify::Event>>,
    ) -> Poller {
        let folders: Vec<PathBuf> = folders.iter().map(|f| root.join(f)).collect();
        let mut known = Known::default();
        known.walk(&folders);
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                std::thread::sleep(INTERVAL);
                let changed = known.walk(&folders);
                if changed.is_empty() {
                    continue;
                }
                let mut event = notify::Event::new(notify::EventKind::Any);
                event.paths = changed;
                if sender.send(Ok(event)).is_err() {
                    return;
                }
            }
        });
        Poller {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Poller {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// What tells one version of a file from the next without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    /// The inode and the status change time, where there are such: a file replaced by
    /// a rename keeps neither.
    #[cfg(unix)]
    inode: (u64, i64, i64),
}

impl Stamp {
    fn of(metadata: &Metadata) -> Stamp {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Stamp {
            modified: metadata.modified().ok(),
            len: metadata.len(),
            #[cfg(unix)]
            inode: (metadata.ino(), metadata.ctime(), metadata.ctime_nsec()),
        }
    }
}

/// The files found by the walks so far, each with its stamp and the walk that last
/// found it. Kept from one walk to the next, so that a walk of an unchanged site makes
/// no new entry (at 10,000 briefs, four walks a second).
#[derive(Default)]
struct Known {
    files: HashMap<PathBuf, Seen>,
    walks: u64,
}

struct Seen {
    stamp: Stamp,
    walk: u64,
}

impl Known {
    /// Walks `folders`: the files that appeared, went or changed since the last walk,
    /// sorted (every file, the first time).
    fn walk(&mut self, folders: &[PathBuf]) -> Vec<PathBuf> {
        self.walks += 1;
        let walk = self.walks;
        let mut changed = Vec::new();
        let entries = folders
            .iter()
            // Links followed, as a build follows them: a brief that is a link to a file
            // elsewhere in the site changes when that file does.
            .flat_map(|folder| walkdir::WalkDir::new(folder).follow_links(true).into_iter())
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file());
        for entry in entries {
            let Ok(metadata) = entry.metadata() else {
                continue;
            };
            let stamp = Stamp::of(&metadata);
            match self.files.get_mut(entry.path()) {
                Some(seen) => {
                    if seen.stamp != stamp {
                        seen.stamp = stamp;
                        changed.push(entry.path().to_path_buf());
                    }
                    seen.walk = walk;
                }
                None => {
                    changed.push(entry.path().to_path_buf());
                    self.files.insert(entry.into_path(), Seen { stamp, walk });
                }
            }
        }
        self.files.retain(|path, seen| {
            let found = seen.walk == walk;
            if !found {
                changed.push(path.clone());
            }
            found
        });
        changed.sort();
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rewrite_within_the_same_second_is_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let folders = [dir.path().join("briefs")];
        std::fs::create_dir(&folders[0]).unwrap();
        let (kept, edited, gone) = (
            folders[0].join("kept.md"),
            folders[0].join("edited.md"),
            folders[0].join("gone.md"),
        );
        for path in [&kept, &edited, &gone] {
            std::fs::write(path, "first").unwrap();
        }
        let mut known = Known::default();
        assert_eq!(known.walk(&folders).len(), 3, "every file, the first time");
        // Same length, written at once: only the time, to the nanosecond, differs.
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&edited, "again").unwrap();
        std::fs::remove_file(&gone).unwrap();
        let made = folders[0].join("made.md");
        std::fs::write(&made, "new").unwrap();
        assert_eq!(known.walk(&folders), [edited, gone, made]);
        assert!(known.walk(&folders).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_file_changes_when_its_target_does() {
        let dir = tempfile::tempdir().unwrap();
        let folders = [dir.path().join("briefs")];
        std::fs::create_dir(&folders[0]).unwrap();
        let target = dir.path().join("drafts.md");
        std::fs::write(&target, "first").unwrap();
        let link = folders[0].join("linked.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let mut known = Known::default();
        assert_eq!(known.walk(&folders), std::slice::from_ref(&link));
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&target, "again").unwrap();
        assert_eq!(known.walk(&folders), [link]);
    }
}
