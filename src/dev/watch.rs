//! `watch`: rebuilds a [`Session`] on every change to the site's sources, found by
//! the operating system's file notifications or by polling.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::dev::poll::Poller;
use crate::dev::session::{Rebuild, Session};
use crate::load;
use crate::write;
use crate::Error;

/// Watches the site's sources and calls `on_rebuild` after each rebuild (and once for
/// the first build), as soon as the pages are written: the search index and the PDFs
/// follow (and `on_rebuild` is called again, with [`Rebuild::pdfs_only`], when PDFs
/// were written or failed). Runs until the watcher fails. `poll` uses polling instead
/// of the operating system's notifications (for network drives, WSL2 and containers).
pub fn watch(
    session: &mut Session,
    poll: bool,
    mut on_rebuild: impl FnMut(&Result<Rebuild, Error>),
) -> Result<(), notify::Error> {
    // Watched before the first build reads anything: a save while it runs (a minute
    // or more for a large site whose cards or PDFs are not cached yet) is rebuilt after
    // it, not lost.
    let root = write::absolute(session.root()).unwrap_or_else(|_| session.root().to_path_buf());
    let (sender, receiver) = mpsc::channel();
    let mut sources = if poll {
        Sources::Polled {
            _poller: Poller::start(&root, &SOURCE_FOLDERS, sender),
        }
    } else {
        Sources::Notified(SourceWatcher::start(&root, sender)?)
    };
    let first = session.rebuild_pages(&[]);
    on_rebuild(&first);
    if first.is_ok() {
        follow(session, &mut on_rebuild);
    }
    // A scheduled brief is published at its date with nothing saved: the wait for
    // events ends then, and the rebuild links the site again with it.
    while let Some(events) = next_batch(&receiver, session.next_publication()) {
        let mut changed = changed_sources(&events?, &root);
        changed.retain(|path| is_used(path, session.theme()));
        if let Sources::Notified(watcher) = &mut sources {
            changed.extend(watcher.follow_folders()?);
        }
        if changed.is_empty() {
            changed = session.briefs_due();
        }
        if changed.is_empty() {
            continue;
        }
        rebuild(session, &changed, &mut on_rebuild);
    }
    Ok(())
}

/// The pages, reported at once; then the search index and the PDFs, which no page
/// waits for. After a failed rebuild they stay those of the last good site.
fn rebuild(
    session: &mut Session,
    changed: &[PathBuf],
    on_rebuild: &mut impl FnMut(&Result<Rebuild, Error>),
) {
    let result = session.rebuild_pages(changed);
    on_rebuild(&result);
    if result.is_ok() {
        follow(session, on_rebuild);
    }
}

/// The search index and the PDFs, after pages written.
fn follow(session: &mut Session, on_rebuild: &mut impl FnMut(&Result<Rebuild, Error>)) {
    if let Err(err) = session.update_search_index() {
        on_rebuild(&Err(err));
        return;
    }
    match session.update_pdfs() {
        Ok(update)
            if update.files_written + update.files_removed > 0
                || !update.diagnostics.is_empty() =>
        {
            on_rebuild(&Ok(Rebuild {
                files_written: update.files_written,
                files_removed: update.files_removed,
                pdfs_typeset: update.pdfs_typeset,
                pdfs_only: true,
                diagnostics: update.diagnostics,
                elapsed: update.elapsed,
                ..Rebuild::default()
            }))
        }
        Ok(_) => {}
        Err(err) => on_rebuild(&Err(err)),
    }
}

type Event = notify::Result<notify::Event>;

/// How long a batch of events waits for one more. An editor's save (write a temporary
/// file, rename it over the brief; or truncate and write in place) is a burst of
/// events well under a millisecond apart, and every millisecond waited here is one the
/// writer waits for the page.
const QUIET: Duration = Duration::from_millis(3);

/// The longest wait for events before [`Session::next_publication`] is asked again: a
/// brief dated years ahead is no reason to wait years (nor to overflow a deadline).
const LONGEST_WAIT: Duration = Duration::from_secs(3600);

/// The next batch of events: waits for one (without waking up while nothing happens,
/// until `until_due` passes if given: the batch is then empty), then takes every event
/// that follows it until [`QUIET`] passes without one. `None` once the watcher is
/// gone; the first error of the batch, if any.
fn next_batch(
    receiver: &mpsc::Receiver<Event>,
    until_due: Option<Duration>,
) -> Option<notify::Result<Vec<notify::Event>>> {
    let first = match until_due {
        Some(wait) => match receiver.recv_timeout(wait.min(LONGEST_WAIT)) {
            Ok(event) => event,
            Err(mpsc::RecvTimeoutError::Timeout) => return Some(Ok(Vec::new())),
            Err(mpsc::RecvTimeoutError::Disconnected) => return None,
        },
        None => receiver.recv().ok()?,
    };
    let mut batch = vec![first];
    while let Ok(event) = receiver.recv_timeout(QUIET) {
        batch.push(event);
    }
    Some(batch.into_iter().collect())
}

/// The folders of a site's sources, relative to its root.
const SOURCE_FOLDERS: [&str; 3] = ["briefs", "site", "themes"];

/// How changes are found: by the operating system's notifications, or by polling.
enum Sources {
    Notified(SourceWatcher),
    /// Polls until dropped.
    Polled {
        _poller: Poller,
    },
}

/// Watches the source folders of a site, each while it exists: the root is watched
/// too (not its whole tree), so that a folder made later is seen, such as `themes/`
/// made by `statecraft theme eject` while `serve` runs.
struct SourceWatcher {
    watcher: notify::RecommendedWatcher,
    root: PathBuf,
    watched: [bool; SOURCE_FOLDERS.len()],
}

impl SourceWatcher {
    /// Starts watching, sending each event as it comes, until dropped.
    fn start(root: &Path, sender: mpsc::Sender<Event>) -> notify::Result<Self> {
        let mut watcher = notify::recommended_watcher(sender)?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut sources = SourceWatcher {
            watcher,
            root: root.to_path_buf(),
            watched: [false; SOURCE_FOLDERS.len()],
        };
        sources.follow_folders()?;
        Ok(sources)
    }

    /// Watches the source folders made since the last call and forgets the ones
    /// gone. Gives both: the files of a folder made were there before their events
    /// could be watched, and a folder moved away has no events for its files; the
    /// session reads what a folder it is given holds and held.
    fn follow_folders(&mut self) -> notify::Result<Vec<PathBuf>> {
        let mut made_or_gone = Vec::new();
        for (folder, watched) in SOURCE_FOLDERS.iter().zip(&mut self.watched) {
            let path = self.root.join(folder);
            let exists = path.is_dir();
            if exists && !*watched {
                self.watcher.watch(&path, RecursiveMode::Recursive)?;
                made_or_gone.push(PathBuf::from(folder));
            } else if !exists && *watched {
                // Already gone with the folder for some watchers: nothing to report.
                let _ = self.watcher.unwatch(&path);
                made_or_gone.push(PathBuf::from(folder));
            }
            *watched = exists;
        }
        Ok(made_or_gone)
    }
}

/// The site-relative paths a batch of events changed.
fn changed_sources(events: &[notify::Event], root: &Path) -> Vec<PathBuf> {
    events
        .iter()
        .filter(|e| !e.kind.is_access())
        .flat_map(|e| e.paths.iter())
        .filter_map(|p| p.strip_prefix(root).ok().map(Path::to_path_buf))
        .collect()
}

/// Whether a change to `path` (site-relative) can change the site: something in a
/// source folder (a change to the folder itself is not: [`SourceWatcher`] follows the
/// folders), not an editor's temporary file, and not in a theme other than `theme`.
fn is_used(path: &Path, theme: &str) -> bool {
    let themes = Path::new("themes");
    SOURCE_FOLDERS
        .iter()
        .any(|folder| path.starts_with(folder) && path != Path::new(folder))
        && !load::is_ignored(path)
        && (!path.starts_with(themes) || path.starts_with(themes.join(theme)))
}
