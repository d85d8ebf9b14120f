//! A folder target: a web server's document root mounted on this machine (NFS, SMB,
//! sshfs) or any local folder, kept in step the way `rsync --delete` would, but by
//! content: changed files are replaced, new ones copied, removed ones deleted last.
//!
//! Each file is written under a temporary name beside its place and renamed over it,
//! so a reader (or a web server) sees the old file or the new one, never half of one.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::manifest::{Manifest, MANIFEST_FILE};
use super::site::Upload;
use super::{DeployError, DeployOptions, Target};
use crate::config::FolderTarget;
use crate::write;

pub struct Folder {
    path: PathBuf,
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
        Ok(Folder { path: target })
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
        fs::create_dir_all(parent).map_err(|err| self.failed("create the folder", parent, &err))?;
        let name = target
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let temporary = parent.join(format!(".{name}.statecraft-{}", std::process::id()));
        fs::write(&temporary, bytes).map_err(|err| self.failed("write", &temporary, &err))?;
        fs::rename(&temporary, &target).map_err(|err| {
            let _ = fs::remove_file(&temporary);
            self.failed("replace", &target, &err)
        })
    }
}

impl Target for Folder {
    fn describe(&self) -> String {
        self.path.display().to_string()
    }

    fn read_manifest(&mut self) -> Result<Option<Manifest>, DeployError> {
        match fs::read(self.path.join(MANIFEST_FILE)) {
            Ok(bytes) => Ok(Manifest::from_json(&bytes)),
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
        for relative in paths {
            let path = self.path.join(relative);
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
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
