//! A folder target: a web server's document root mounted on this machine (NFS, SMB,
//! sshfs) or any local folder, kept in step the way `rsync --delete` would, but by
//! content: changed files are replaced, new ones copied, removed ones deleted last.
//!
//! Each file is written under a temporary name beside its place and renamed over it,
//! so a reader (or a web server) sees the old file or the new one, never half of one.
//! A temporary file left by a deploy that was killed is removed by the next deploy
//! that writes or deletes in its folder.
//!
//! A path that was a file and is now a folder (`data` and then `data/x.txt`), or the
//! other way round, replaces what the last deploy put there; never a file statecraft
//! did not put there.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::manifest::{Manifest, MANIFEST_FILE};
use super::site::Upload;
use super::{DeployError, DeployOptions, Target};
use crate::config::FolderTarget;
use crate::write;

pub struct Folder {
    path: PathBuf,
    /// The files the target's manifest lists: put there by a deploy, so a deploy may
    /// remove them when a new file or folder needs their place.
    ours: BTreeSet<String>,
    /// Held while a file or folder is removed to make way, so that two files written
    /// at once (`data/a`, `data/b`) never remove what the other just made.
    making_way: Mutex<()>,
}

impl Folder {
    /// The folder of `config`, relative to the site root when not absolute. Refuses
    /// folders a deploy must never write into: `/`, home, the site or its sources,
    /// the output folder itself.
    pub fn open(config: &FolderTarget, options: &DeployOptions) -> Result<Folder, DeployError> {
        let path = options.root.join(&config.path);
        write::check_output_folder(&options.root, &path, true)
            .map_err(|err| DeployError::Unsafe(format!("refusing to deploy into {err}")))?;
        let target = write::absolute(&path).unwrap_or_else(|_| path.clone());
        let out = write::absolute(&options.out).unwrap_or_else(|_| options.out.clone());
        if target.starts_with(&out) || out.starts_with(&target) {
            return Err(DeployError::Unsafe(format!(
                "refusing to deploy into `{}`: it overlaps the output folder `{}`",
                path.display(),
                options.out.display()
            )));
        }
        Ok(Folder {
            path: target,
            ours: BTreeSet::new(),
            making_way: Mutex::new(()),
        })
    }

    fn failed(&self, what: &str, path: &Path, err: &io::Error) -> DeployError {
        let why = match err.kind() {
            io::ErrorKind::NotADirectory | io::ErrorKind::AlreadyExists => {
                "a file is in the way of a folder".to_string()
            }
            _ => err.to_string(),
        };
        DeployError::Target(format!("cannot {what} `{}`: {why}", path.display()))
    }

    /// Refuses to reach any of `paths` through a link: a folder of the target on the
    /// way to one that is a symbolic link (put there by whoever else writes the target)
    /// would have the deploy write or delete files outside the target. Each folder is
    /// looked at once, however many files it holds.
    fn refuse_links<'a>(
        &self,
        paths: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), DeployError> {
        let mut folders = BTreeSet::new();
        for path in paths {
            let mut end = 0;
            while let Some(slash) = path[end..].find('/') {
                end += slash;
                folders.insert(&path[..end]);
                end += 1;
            }
        }
        for relative in folders {
            let folder = self.path.join(relative);
            match fs::symlink_metadata(&folder) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    return Err(DeployError::Target(format!(
                        "cannot write or delete files under `{}`: it is a link to elsewhere in the target, and a deploy never writes outside its target; replace the link by a folder",
                        folder.display()
                    )));
                }
                Ok(_) => {}
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                Err(err) => return Err(self.failed("read", &folder, &err)),
            }
        }
        Ok(())
    }

    /// Writes `bytes` at `relative`, atomically.
    fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), DeployError> {
        let target = self.path.join(relative);
        let parent = target.parent().unwrap_or(&self.path);
        if fs::create_dir_all(parent).is_err() {
            // A file of the last deploy where a folder goes now: once it is out of the
            // way, the folder can be made.
            self.make_way_for_folders(relative)?;
            fs::create_dir_all(parent)
                .map_err(|err| self.failed("create the folder", parent, &err))?;
        }
        let name = target
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let temporary = parent.join(temporary_name(&name, std::process::id()));
        fs::write(&temporary, bytes).map_err(|err| self.failed("write", &temporary, &err))?;
        let mut renamed = fs::rename(&temporary, &target);
        if renamed.is_err() && fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
            // A folder of the last deploy where the file goes now.
            if let Err(err) = self.make_way_for_file(relative) {
                let _ = fs::remove_file(&temporary);
                return Err(err);
            }
            renamed = fs::rename(&temporary, &target);
        }
        renamed.map_err(|err| {
            let _ = fs::remove_file(&temporary);
            self.failed("replace", &target, &err)
        })
    }

    /// Removes the files of the last deploy that stand where the folders of
    /// `relative` go (`data`, for `data/x.txt`); a file statecraft did not put there
    /// stays, and the caller reports it in the way.
    fn make_way_for_folders(&self, relative: &str) -> Result<(), DeployError> {
        let _one_at_a_time = self.making_way.lock();
        let mut end = 0;
        while let Some(slash) = relative[end..].find('/') {
            end += slash;
            let folder = &relative[..end];
            let path = self.path.join(folder);
            let is_file = fs::symlink_metadata(&path).is_ok_and(|m| !m.is_dir());
            if is_file && self.ours.contains(folder) {
                match fs::remove_file(&path) {
                    Ok(()) => {}
                    Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                    Err(err) => return Err(self.failed("delete", &path, &err)),
                }
            }
            end += 1;
        }
        Ok(())
    }

    /// Removes the folder of the last deploy that stands where the file `relative`
    /// goes, if every file in it is one a deploy put there.
    fn make_way_for_file(&self, relative: &str) -> Result<(), DeployError> {
        let _one_at_a_time = self.making_way.lock();
        let folder = self.path.join(relative);
        for entry in walkdir::WalkDir::new(&folder).min_depth(1) {
            let entry = entry.map_err(|err| {
                let err = io::Error::from(err);
                self.failed("read", &folder, &err)
            })?;
            if entry.file_type().is_dir() {
                continue;
            }
            let inside = entry
                .path()
                .strip_prefix(&self.path)
                .unwrap_or(entry.path());
            let inside = inside.to_string_lossy().replace('\\', "/");
            if !self.ours.contains(&inside) && !is_leftover(&entry.file_name().to_string_lossy()) {
                return Err(DeployError::Target(format!(
                    "cannot put the file `{relative}` where the folder `{}` is: the folder holds `{inside}`, which statecraft did not put there; move it away",
                    folder.display()
                )));
            }
        }
        fs::remove_dir_all(&folder).map_err(|err| self.failed("delete", &folder, &err))
    }

    /// Removes what deploys that were killed left in the folders of `paths`: their
    /// temporary files (see [`temporary_name`]), but for this deploy's own.
    fn remove_leftovers<'a>(&self, paths: impl IntoIterator<Item = &'a str>) {
        let own_suffix = format!(".statecraft-{}", std::process::id());
        let folders: BTreeSet<PathBuf> = paths
            .into_iter()
            .filter_map(|p| self.path.join(p).parent().map(Path::to_path_buf))
            .collect();
        for folder in folders {
            let Ok(entries) = fs::read_dir(&folder) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let is_file = entry.file_type().is_ok_and(|t| t.is_file());
                if is_file && is_leftover(&name) && !name.ends_with(&own_suffix) {
                    // One still there is found again next time.
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
    }
}

/// The temporary name a file `name` is written under before it is renamed over its
/// place: `.index.html.statecraft-1234`, with the process id.
fn temporary_name(name: &str, process: u32) -> String {
    format!(".{name}.statecraft-{process}")
}

/// Whether `name` is a temporary name of [`temporary_name`]'s making, and nothing else:
/// a dot, a name, `.statecraft-` and a number.
fn is_leftover(name: &str) -> bool {
    let Some((start, process)) = name.rsplit_once(".statecraft-") else {
        return false;
    };
    start.len() > 1
        && start.starts_with('.')
        && !process.is_empty()
        && process.bytes().all(|b| b.is_ascii_digit())
}

impl Target for Folder {
    fn describe(&self) -> String {
        self.path.display().to_string()
    }

    fn read_manifest(&mut self) -> Result<Option<Manifest>, DeployError> {
        match fs::read(self.path.join(MANIFEST_FILE)) {
            Ok(bytes) => {
                let manifest = Manifest::from_json(&bytes);
                if let Some(manifest) = &manifest {
                    self.ours = manifest.files.keys().cloned().collect();
                }
                Ok(manifest)
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(self.failed("read", &self.path.join(MANIFEST_FILE), &err)),
        }
    }

    fn holds_files(&mut self) -> Result<bool, DeployError> {
        match fs::read_dir(&self.path) {
            Ok(mut entries) => Ok(entries.next().is_some()),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(err) => Err(self.failed("read", &self.path, &err)),
        }
    }

    fn put(&mut self, uploads: &[&Upload]) -> Result<u64, DeployError> {
        self.refuse_links(uploads.iter().map(|u| u.path.as_str()))?;
        self.remove_leftovers(uploads.iter().map(|u| u.path.as_str()));
        let sizes: Result<Vec<u64>, DeployError> = uploads
            .par_iter()
            .map(|upload| {
                let bytes = upload.bytes().map_err(|err| DeployError::Read {
                    path: PathBuf::from(&upload.path),
                    source: err,
                })?;
                self.write(&upload.path, &bytes)?;
                Ok(bytes.len() as u64)
            })
            .collect();
        Ok(sizes?.iter().sum())
    }

    fn delete(&mut self, paths: &[String]) -> Result<(), DeployError> {
        self.refuse_links(paths.iter().map(String::as_str))?;
        self.remove_leftovers(paths.iter().map(String::as_str));
        for relative in paths {
            let path = self.path.join(relative);
            match fs::remove_file(&path) {
                Ok(()) => {}
                // Gone already; or its folder was replaced by a file of the new site
                // (`data/x.txt` by `data`).
                Err(err)
                    if matches!(
                        err.kind(),
                        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                    ) => {}
                // The file was replaced by a folder of the new site (`data` by
                // `data/x.txt`), which stays.
                Err(_) if fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) => {}
                Err(err) => return Err(self.failed("delete", &path, &err)),
            }
            // Folders the deletion emptied go too; a folder holding anything stays.
            let mut folder = path.parent();
            while let Some(dir) = folder.filter(|d| *d != self.path && d.starts_with(&self.path)) {
                if fs::remove_dir(dir).is_err() {
                    break;
                }
                folder = dir.parent();
            }
        }
        Ok(())
    }

    fn checkpoint(&mut self, manifest: &Manifest) -> Result<(), DeployError> {
        self.write(MANIFEST_FILE, &manifest.to_json())
    }

    fn finish(&mut self, manifest: &Manifest) -> Result<(), DeployError> {
        self.write(MANIFEST_FILE, &manifest.to_json())
    }
}
