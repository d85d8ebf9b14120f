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
        let mut known = snapshot(&folders);
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                std::thread::sleep(INTERVAL);
                let now = snapshot(&folders);
                let changed = changes(&known, &now);
                known = now;
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

/// Every file under `folders`, with its stamp.
fn snapshot(folders: &[PathBuf]) -> HashMap<PathBuf, Stamp> {
    folders
        .iter()
        .flat_map(|folder| walkdir::WalkDir::new(folder).into_iter())
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            let stamp = Stamp::of(&entry.metadata().ok()?);
            Some((entry.into_path(), stamp))
        })
        .collect()
}

/// The files that appeared, went or changed from `before` to `after`, sorted.
fn changes(before: &HashMap<PathBuf, Stamp>, after: &HashMap<PathBuf, Stamp>) -> Vec<PathBuf> {
    let mut changed: Vec<PathBuf> = after
        .iter()
        .filter(|(path, stamp)| before.get(*path) != Some(stamp))
        .map(|(path, _)| path.clone())
        .chain(before.keys().filter(|p| !after.contains_key(*p)).cloned())
        .collect();
    changed.sort();
    changed
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
        let before = snapshot(&folders);
        // Same length, written at once: only the time, to the nanosecond, differs.
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&edited, "again").unwrap();
        std::fs::remove_file(&gone).unwrap();
        let made = folders[0].join("made.md");
        std::fs::write(&made, "new").unwrap();
        let after = snapshot(&folders);
        assert_eq!(changes(&before, &after), [edited, gone, made]);
        assert!(changes(&after, &snapshot(&folders)).is_empty());
    }
}
