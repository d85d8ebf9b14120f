//! `watch`: rebuilds a [`Session`] on every change to the site's sources, found by
//! the operating system's file notifications or by polling.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::RecursiveMode;

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
    let first = session.rebuild_pages(&[]);
    // Watched from the moment the first pages are written: a save while the first
    // PDFs are typeset (minutes for a large site with an empty cache) is rebuilt after
    // them, not lost.
    let root = write::absolute(session.root()).unwrap_or_else(|_| session.root().to_path_buf());
    let folders = [
        root.join("briefs"),
        root.join("site"),
        root.join("themes").join(session.theme()),
    ];
    let (sender, receiver) = mpsc::channel();
    let _watcher = start_watcher(&folders, poll, sender)?;
    on_rebuild(&first);
    if first.is_ok() {
        follow(session, &mut on_rebuild);
    }
    for events in receiver {
        let events = events.map_err(|errors| {
            errors
                .into_iter()
                .next()
                .unwrap_or_else(|| notify::Error::generic("watch failed"))
        })?;
        let changed = changed_sources(&events, &root);
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

type Events = notify_debouncer_full::DebounceEventResult;

/// Watches `folders` (those that exist), sending batches of events 10 ms after the
/// last one: an editor's save (write a temporary file, rename it over the brief) is a
/// burst of events well inside that, and every millisecond waited here is one the
/// writer waits for the page. The watcher runs until the returned value is dropped.
fn start_watcher(
    folders: &[PathBuf],
    poll: bool,
    sender: mpsc::Sender<Events>,
) -> Result<Box<dyn std::any::Any>, notify::Error> {
    let debounce = Duration::from_millis(10);
    let existing = folders.iter().filter(|f| f.is_dir());
    if poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(250));
        let mut debouncer = notify_debouncer_full::new_debouncer_opt::<_, notify::PollWatcher, _>(
            debounce,
            None,
            sender,
            notify_debouncer_full::NoCache,
            config,
        )?;
        for folder in existing {
            debouncer.watch(folder, RecursiveMode::Recursive)?;
        }
        Ok(Box::new(debouncer))
    } else {
        let mut debouncer = notify_debouncer_full::new_debouncer(debounce, None, sender)?;
        for folder in existing {
            debouncer.watch(folder, RecursiveMode::Recursive)?;
        }
        Ok(Box::new(debouncer))
    }
}

/// The site-relative paths a batch of events changed, editors' temporary files left
/// out.
fn changed_sources(events: &[notify_debouncer_full::DebouncedEvent], root: &Path) -> Vec<PathBuf> {
    let mut changed: Vec<PathBuf> = events
        .iter()
        .filter(|e| !e.kind.is_access())
        .flat_map(|e| e.paths.iter())
        .filter_map(|p| p.strip_prefix(root).ok().map(Path::to_path_buf))
        .filter(|p| !load::is_ignored(p))
        .collect();
    changed.sort();
    changed.dedup();
    changed
}
