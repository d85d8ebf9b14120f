//! `watch`: rebuilds a [`Session`] on every change to the site's sources, found by
//! the operating system's file notifications or by polling.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

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
    // it, not lost. Every theme is watched, since the configuration, read by the build
    // and possibly edited later, says which one is used.
    let root = write::absolute(session.root()).unwrap_or_else(|_| session.root().to_path_buf());
    let folders = [root.join("briefs"), root.join("site"), root.join("themes")];
    let (sender, receiver) = mpsc::channel();
    let _watcher = start_watcher(&folders, poll, sender)?;
    let first = session.rebuild_pages(&[]);
    on_rebuild(&first);
    if first.is_ok() {
        follow(session, &mut on_rebuild);
    }
    while let Some(events) = next_batch(&receiver) {
        let changed = changed_sources(&events?, &root, session.theme());
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

/// The next batch of events: waits for one (without waking up while nothing happens),
/// then takes every event that follows it until [`QUIET`] passes without one. `None`
/// once the watcher is gone; the first error of the batch, if any.
fn next_batch(receiver: &mpsc::Receiver<Event>) -> Option<notify::Result<Vec<notify::Event>>> {
    let mut batch = vec![receiver.recv().ok()?];
    while let Ok(event) = receiver.recv_timeout(QUIET) {
        batch.push(event);
    }
    Some(batch.into_iter().collect())
}

/// Watches `folders` (those that exist), sending each event as it comes. The watcher
/// runs until the returned value is dropped.
fn start_watcher(
    folders: &[PathBuf],
    poll: bool,
    sender: mpsc::Sender<Event>,
) -> Result<Box<dyn std::any::Any>, notify::Error> {
    fn watching<W: Watcher + 'static>(
        mut watcher: W,
        folders: &[PathBuf],
    ) -> Result<Box<dyn std::any::Any>, notify::Error> {
        for folder in folders.iter().filter(|f| f.is_dir()) {
            watcher.watch(folder, RecursiveMode::Recursive)?;
        }
        Ok(Box::new(watcher))
    }
    if poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(250));
        watching(notify::PollWatcher::new(sender, config)?, folders)
    } else {
        watching(notify::recommended_watcher(sender)?, folders)
    }
}

/// The site-relative paths a batch of events changed, editors' temporary files and
/// themes other than `theme` left out.
fn changed_sources(events: &[notify::Event], root: &Path, theme: &str) -> Vec<PathBuf> {
    let themes = Path::new("themes");
    let mut changed: Vec<PathBuf> = events
        .iter()
        .filter(|e| !e.kind.is_access())
        .flat_map(|e| e.paths.iter())
        .filter_map(|p| p.strip_prefix(root).ok().map(Path::to_path_buf))
        .filter(|p| !load::is_ignored(p))
        .filter(|p| !p.starts_with(themes) || p.starts_with(themes.join(theme)))
        .collect();
    changed.sort();
    changed.dedup();
    changed
}
