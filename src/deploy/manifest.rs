//! The deploy manifest: what the target holds, path by path, as of the last deploy.
//! It is kept at the target itself (`.statecraft-deploy.json` at its root), so any
//! machine, a fresh CI runner included, knows what is there without listing it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::site::Upload;

/// The manifest's name at the target's root.
pub const MANIFEST_FILE: &str = ".statecraft-deploy.json";

/// Path -> key ([`Upload::key`]: content hash and headers) of every file at the target
/// that a deploy put there, or [`SENDING`] for a file a deploy was sending.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    pub files: BTreeMap<String, String>,
}

impl Manifest {
    pub fn new() -> Manifest {
        Manifest {
            version: 1,
            files: BTreeMap::new(),
        }
    }

    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).expect("a map of strings serialises")
    }

    /// Reads a manifest; `None` when the bytes are not one (a file somebody else put
    /// there under this name).
    pub fn from_json(bytes: &[u8]) -> Option<Manifest> {
        serde_json::from_slice(bytes)
            .ok()
            .filter(|m: &Manifest| m.version == 1)
    }
}

/// Whether `path`, a path of a manifest, names a file inside the target, as every path
/// a deploy writes does (`briefs/x/index.html`): relative, `/` between non-empty names,
/// none of them `.` or `..`, no `\` or control character. A manifest is read from the
/// target, which others may write, and its paths are deleted when the site no longer
/// has them.
pub fn is_inside(path: &str) -> bool {
    !path.is_empty()
        && !path.contains(|c: char| c == '\\' || c.is_control())
        && path
            .split('/')
            .all(|name| !name.is_empty() && name != "." && name != "..")
}

/// The key of a file a deploy is sending: it may be at the target, whole, as it was or
/// new, or not at all. It is recorded before the file is sent, so that a deploy cut
/// short (killed, or the network gone) leaves a manifest naming every file it may have
/// put there, the first deploy's included; no content has this key, so the next deploy
/// sends the file again, or deletes it if the site no longer has it.
pub const SENDING: &str = "sending";

/// What a deploy does: uploads in the order they are sent, then deletions.
#[derive(Debug, Default)]
pub struct Plan {
    /// New and changed files, in upload order (see [`Upload::rank`]).
    pub uploads: Vec<(Upload, Change)>,
    /// Files the target holds from the last deploy that the site no longer has.
    pub deletions: Vec<String>,
    pub unchanged: usize,
}

/// Why a file is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    New,
    Changed,
}

/// Compares what the site should hold with what the manifest says the target holds.
/// With `resend_all`, every file is sent whatever the manifest says.
pub fn plan(uploads: Vec<Upload>, remote: &Manifest, resend_all: bool) -> Plan {
    let mut plan = Plan::default();
    let wanted: std::collections::HashSet<String> =
        uploads.iter().map(|u| u.path.clone()).collect();
    for upload in uploads {
        match remote.files.get(&upload.path) {
            Some(key) if *key == upload.key && !resend_all => plan.unchanged += 1,
            Some(_) => plan.uploads.push((upload, Change::Changed)),
            None => plan.uploads.push((upload, Change::New)),
        }
    }
    plan.uploads
        .sort_by(|(a, _), (b, _)| (a.rank, &a.path).cmp(&(b.rank, &b.path)));
    plan.deletions = remote
        .files
        .keys()
        .filter(|path| !wanted.contains(*path))
        .cloned()
        .collect();
    plan
}
