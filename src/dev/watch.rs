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
/// the first build), as soon as the pages are written: the search index follows. Runs
/// until the watcher fails. `poll` uses polling instead of the operating system's
/// notifications (for network drives, WSL2 and containers).
pub fn watch(
    session: &mut Session,
    poll: bool,
    mut on_rebuild: impl FnMut(&Result<Rebuild, Error>),
) -> Result<(), notify::Error> {
    let first = session.rebuild(&[]);
    on_rebuild(&first);
    let root = write::absolute(session.root()).unwrap_or_else(|_| session.root().to_path_buf());
    let folders = [
        root.join("briefs"),
        root.join("site"),
        root.join("themes").join(session.theme()),
    ];
    let (sender, receiver) = mpsc::channel();
    let _watcher = start_watcher(&folders, poll, sender)?;
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
        let result = session.rebuild_pages(&changed);
        on_rebuild(&result);
        // After a failed rebuild the index stays that of the last good site.
        if result.is_ok() {
            if let Err(err) = session.update_search_index() {
                on_rebuild(&Err(err));
            }
        }
    }
    Ok(())
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
