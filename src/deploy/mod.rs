//! `statecraft deploy`: publishes a built output folder to a target declared in
//! `site/config.yaml` (an S3 or S3-compatible bucket, a git branch, a folder).
//!
//! In: the output folder of a build (never the sources) and the configuration's
//! `deploy:` targets. Out: the target holding exactly the site, and a [`DeployReport`].
//! Runs on its own, after a build.
//!
//! Incremental by content: a manifest at the target ([`manifest`]) records the hash of
//! every file it holds and the headers it is served with; only new and changed files
//! are sent. The order keeps the target consistent at every moment: assets first, then
//! pages, then the files pointing at others (feeds, `search/index.js`), and deletions
//! only once everything new is in place. The manifest is updated before each batch is
//! sent (listing its files as being sent) and as batches land, so a deploy cut short
//! (network error, refused credential, killed), the first one included, leaves the
//! previous site whole and the next run sends only what is still missing.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::config::{Config, DeployTarget, TargetKind};
use crate::model::urls::BaseUrl;

mod folder;
mod git;
pub mod headers;
pub mod manifest;
mod s3;
pub mod site;

use manifest::{Change, Manifest, Plan};
use site::{Layout, Upload};

/// What to deploy, and where.
#[derive(Debug, Clone)]
pub struct DeployOptions {
    /// The site folder (for relative target paths and the git remote of `origin`).
    pub root: PathBuf,
    /// The built output folder.
    pub out: PathBuf,
    /// The target's name; `None` when the configuration declares exactly one.
    pub target: Option<String>,
    /// List what would change and change nothing.
    pub dry_run: bool,
    /// Send every file, whatever the manifest says, and deploy to a target that holds
    /// files but no manifest.
    pub force: bool,
}

/// What a deploy did (or, with `dry_run`, would do).
#[derive(Debug, Clone, Default)]
pub struct DeployReport {
    /// `production (s3://bucket/prefix/)`.
    pub target: String,
    /// Each file sent (or to send), with `new` or `changed`, in order.
    pub uploaded: Vec<(String, &'static str)>,
    pub deleted: Vec<String>,
    pub unchanged: usize,
    /// Bytes sent (with `dry_run`, the size of the files to send, uncompressed).
    pub bytes: u64,
    pub elapsed: Duration,
}

/// Progress of a deploy under way, for a line on the terminal.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// The plan: files to send, files to delete, files unchanged.
    Planned(usize, usize, usize),
    /// Files sent so far, of the total.
    Sent(usize, usize),
}

/// Why a deploy stopped. Whatever the cause, the target still holds a whole site.
#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    #[error("the configuration declares no deploy targets")]
    NoTargets,
    #[error("no deploy target named `{wanted}`; the configuration declares: {known}")]
    UnknownTarget { wanted: String, known: String },
    #[error("the configuration declares several deploy targets ({0}); name the one to deploy to")]
    WhichTarget(String),
    #[error("`{0}` is not a statecraft build (it has no .statecraft-output marker)")]
    NotABuild(PathBuf),
    #[error("cannot read `{path}`: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{0} already holds files but no deploy manifest, so statecraft did not put them there"
    )]
    Foreign(String),
    #[error("{0}")]
    Unsafe(String),
    #[error(
        "the deploy manifest of {target} lists `{path}`, which is not a path inside the target"
    )]
    ForeignManifest { target: String, path: String },
    #[error("{out} was built for {built} (its pages link there), not for --base-url {given}: host rules for another address would not match its pages")]
    BaseUrlMismatch {
        out: String,
        built: String,
        given: String,
    },
    /// The target refused or failed an operation; the message says which and why.
    #[error("{0}")]
    Target(String),
}

impl DeployError {
    /// What the user can do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            DeployError::NoTargets => "declare one under `deploy:` in site/config.yaml (see \"Deploying\" in README.md)",
            DeployError::UnknownTarget { .. } | DeployError::WhichTarget(_) => {
                "run `statecraft deploy NAME` with one of the names above"
            }
            DeployError::NotABuild(_) => "run `statecraft build` first (or pass the --out folder the build wrote)",
            DeployError::Read { .. } => "check the output folder and its permissions, or build again",
            DeployError::Foreign(_) => "deploy to an empty place, or pass --force to send every file there (files statecraft did not put there are never deleted)",
            DeployError::Unsafe(_) => "choose another target path",
            DeployError::ForeignManifest { .. } => "statecraft never writes such a path, so somebody else edited the manifest: nothing was sent or deleted; check what the target holds, then delete its .statecraft-deploy.json and deploy with --force (files statecraft did not put there are never deleted)",
            DeployError::BaseUrlMismatch { .. } => "leave out --base-url to deploy the build for the address it was built for, or build again with the --base-url you mean",
            DeployError::Target(_) => "nothing was deleted and the previous site is whole; fix the cause and run the deploy again: it sends only what is still missing",
        }
    }
}

/// A place a deploy can write to. Implementations send files in the order given.
trait Target {
    /// `s3://bucket/prefix/`, `git <remote> <branch>`, a folder path.
    fn describe(&self) -> String;
    /// The manifest of the last deploy, if the target has one.
    fn read_manifest(&mut self) -> Result<Option<Manifest>, DeployError>;
    /// Whether the target holds files (with no manifest: files statecraft did not put
    /// there).
    fn holds_files(&mut self) -> Result<bool, DeployError>;
    /// Sends a batch of files; returns the bytes sent.
    fn put(&mut self, uploads: &[&Upload]) -> Result<u64, DeployError>;
    /// Deletes files the site no longer has.
    fn delete(&mut self, paths: &[String]) -> Result<(), DeployError>;
    /// Records progress: the manifest of what the target holds now, and of the files
    /// about to be sent ([`manifest::SENDING`]).
    fn checkpoint(&mut self, manifest: &Manifest) -> Result<(), DeployError>;
    /// Records the final manifest (a git target commits and pushes here).
    fn finish(&mut self, manifest: &Manifest) -> Result<(), DeployError>;
}

/// Files sent between two manifest checkpoints.
const BATCH: usize = 500;

/// Deploys `options.out` to the chosen target of `config`.
pub fn deploy(
    options: &DeployOptions,
    config: &Config,
    progress: &mut dyn FnMut(Progress),
) -> Result<DeployReport, DeployError> {
    let started = std::time::Instant::now();
    let target_config = choose(&config.deploy, options.target.as_deref())?;
    let files = site::scan(&options.out)?;
    let (mut target, layout) = open(target_config, options, config)?;
    let mut report = DeployReport {
        target: format!("{} ({})", target_config.name, target.describe()),
        ..DeployReport::default()
    };
    let remote = match target.read_manifest()? {
        Some(manifest) => {
            if let Some(path) = manifest.files.keys().find(|p| !manifest::is_inside(p)) {
                return Err(DeployError::ForeignManifest {
                    target: target.describe(),
                    path: path.clone(),
                });
            }
            manifest
        }
        None if !options.force && target.holds_files()? => {
            return Err(DeployError::Foreign(target.describe()));
        }
        None => Manifest::new(),
    };
    let plan = manifest::plan(site::uploads(&files, &layout), &remote, options.force);
    progress(Progress::Planned(
        plan.uploads.len(),
        plan.deletions.len(),
        plan.unchanged,
    ));
    report.unchanged = plan.unchanged;
    report.uploaded = plan
        .uploads
        .iter()
        .map(|(u, change)| (u.path.clone(), change_name(*change)))
        .collect();
    report.deleted = plan.deletions.clone();
    if options.dry_run {
        report.bytes = plan.uploads.iter().map(|(u, _)| size_of(u)).sum();
    } else {
        report.bytes = apply(target.as_mut(), &plan, remote, progress)?;
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Sends the plan's files in batches, checkpointing the manifest before each (listing
/// the batch's files as [`manifest::SENDING`]), then deletes and records the final
/// manifest.
fn apply(
    target: &mut dyn Target,
    plan: &Plan,
    mut manifest: Manifest,
    progress: &mut dyn FnMut(Progress),
) -> Result<u64, DeployError> {
    let total = plan.uploads.len();
    let mut bytes = 0;
    let mut sent = 0;
    let uploads: Vec<&Upload> = plan.uploads.iter().map(|(u, _)| u).collect();
    for batch in uploads.chunks(BATCH) {
        // Listed before they are sent, so that a run cut short during the batch (even
        // the first deploy's, which finds no manifest yet) leaves a manifest that owns
        // them: the next run sends them again instead of refusing a target that holds
        // files it cannot account for.
        for upload in batch {
            manifest
                .files
                .insert(upload.path.clone(), manifest::SENDING.to_string());
        }
        target.checkpoint(&manifest)?;
        bytes += target.put(batch)?;
        for upload in batch {
            manifest
                .files
                .insert(upload.path.clone(), upload.key.clone());
        }
        sent += batch.len();
        progress(Progress::Sent(sent, total));
    }
    if !plan.deletions.is_empty() {
        // Files being deleted stay listed until they are gone, so a deploy cut short
        // here deletes them next time.
        target.checkpoint(&manifest)?;
        target.delete(&plan.deletions)?;
        for path in &plan.deletions {
            manifest.files.remove(path);
        }
    }
    if total > 0 || !plan.deletions.is_empty() {
        target.finish(&manifest)?;
    }
    Ok(bytes)
}

fn change_name(change: Change) -> &'static str {
    match change {
        Change::New => "new",
        Change::Changed => "changed",
    }
}

fn size_of(upload: &Upload) -> u64 {
    match &upload.content {
        site::Content::File(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
        site::Content::Bytes(bytes) => bytes.len() as u64,
    }
}

/// The base URL a deploy of the build in `out` is made for: the one the build used,
/// which its marker records, so that host rules (`_redirects`, `_headers`) name the
/// paths its pages link to even when it was built with `--base-url`. `given` (deploy's
/// own `--base-url`) may repeat that address but not name another. A build that
/// recorded none (an earlier version's) is deployed for `given`, else for the
/// configuration's base URL (`None`).
pub fn base_url_for(out: &Path, given: Option<&str>) -> Result<Option<String>, DeployError> {
    let Some(built) = site::built_base_url(out) else {
        return Ok(given.map(str::to_string));
    };
    match given {
        Some(given) if !same_address(given, &built) => Err(DeployError::BaseUrlMismatch {
            out: out.display().to_string(),
            built,
            given: given.to_string(),
        }),
        _ => Ok(Some(built)),
    }
}

/// Whether two base URLs name one address (`https://a.org/x` and `https://a.org/x/`).
pub fn same_address(a: &str, b: &str) -> bool {
    match (BaseUrl::parse(a), BaseUrl::parse(b)) {
        (Ok(a), Ok(b)) => a.root() == b.root(),
        _ => a.trim() == b.trim(),
    }
}

/// The target named `wanted`, or the only one.
fn choose<'a>(
    targets: &'a [DeployTarget],
    wanted: Option<&str>,
) -> Result<&'a DeployTarget, DeployError> {
    let names = || {
        targets
            .iter()
            .map(|t| format!("`{}`", t.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (wanted, targets) {
        (_, []) => Err(DeployError::NoTargets),
        (None, [only]) => Ok(only),
        (None, _) => Err(DeployError::WhichTarget(names())),
        (Some(name), _) => {
            targets
                .iter()
                .find(|t| t.name == name)
                .ok_or_else(|| DeployError::UnknownTarget {
                    wanted: name.to_string(),
                    known: names(),
                })
        }
    }
}

/// Connects to the target and says what it holds besides the site's files.
fn open(
    target: &DeployTarget,
    options: &DeployOptions,
    config: &Config,
) -> Result<(Box<dyn Target>, Layout), DeployError> {
    let base_path = config.base_url.path.clone();
    Ok(match &target.kind {
        TargetKind::S3(s3) => (
            Box::new(s3::S3::connect(s3)?),
            Layout {
                base_path,
                gzip_in_place: s3.gzip,
                redirect_metadata: s3.redirects,
                ..Layout::default()
            },
        ),
        TargetKind::Git(git) => {
            let mut extra = Vec::new();
            if git.nojekyll {
                extra.push((".nojekyll".to_string(), Vec::new()));
            }
            if let Some(domain) = &git.cname {
                extra.push(("CNAME".to_string(), format!("{domain}\n").into_bytes()));
            }
            (
                Box::new(git::Git::open(git, &options.root)?),
                Layout {
                    base_path,
                    precompress: git.precompress.clone(),
                    host_rules: git.host_rules,
                    extra,
                    ..Layout::default()
                },
            )
        }
        TargetKind::Folder(folder) => (
            Box::new(folder::Folder::open(folder, options)?),
            Layout {
                base_path,
                precompress: folder.precompress.clone(),
                host_rules: folder.host_rules,
                ..Layout::default()
            },
        ),
    })
}
