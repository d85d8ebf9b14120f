//! The write stage: puts rendered files and static files into the output folder.
//!
//! A build writes into a fresh temporary folder next to the output and swaps it in only
//! once everything is written, so a failed or interrupted build leaves the previous site
//! untouched. Output folders carry a marker file; a folder without it is somebody
//! else's and is never replaced unless the user says `--force`.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::render::OutputFile;
use crate::source::{StaticContent, StaticFile};

/// Marks a folder as written by Statecraft (and so safe to replace).
pub const MARKER_FILE: &str = ".statecraft-output";

/// Why an output folder may not be used.
#[derive(Debug, thiserror::Error)]
pub enum UnsafeOutput {
    #[error("`{0}` is the root of the file system")]
    FileSystemRoot(PathBuf),
    #[error("`{0}` is your home folder")]
    Home(PathBuf),
    #[error("`{0}` is the site folder itself")]
    SiteRoot(PathBuf),
    #[error("`{0}` contains the site's sources")]
    ContainsSources(PathBuf),
    #[error("`{0}` is inside the site's sources (`{1}`)")]
    InsideSources(PathBuf, String),
    #[error("`{0}` already exists, is not empty and was not created by statecraft")]
    Foreign(PathBuf),
}

/// Makes `path` absolute and removes `.`/`..` without touching the file system, so it
/// works for folders that do not exist yet.
pub fn absolute(path: &Path) -> io::Result<PathBuf> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve symbolic links in the part that exists, so `out` and `root` compare.
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return Ok(out),
        }
    }
    let mut resolved = existing.canonicalize()?;
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    Ok(resolved)
}

/// Refuses output folders that would destroy something: `/`, home, the site or its
/// sources, or a non-empty folder statecraft did not create (unless `force`).
pub fn check_output_folder(root: &Path, out: &Path, force: bool) -> Result<(), UnsafeOutput> {
    let root = absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let out_abs = absolute(out).unwrap_or_else(|_| out.to_path_buf());
    if out_abs.parent().is_none() {
        return Err(UnsafeOutput::FileSystemRoot(out.to_path_buf()));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if absolute(&home).is_ok_and(|h| h == out_abs) {
            return Err(UnsafeOutput::Home(out.to_path_buf()));
        }
    }
    if out_abs == root {
        return Err(UnsafeOutput::SiteRoot(out.to_path_buf()));
    }
    if root.starts_with(&out_abs) {
        return Err(UnsafeOutput::ContainsSources(out.to_path_buf()));
    }
    for sources in ["briefs", "site", "themes", "src", "tests", ".git"] {
        if out_abs.starts_with(root.join(sources)) {
            return Err(UnsafeOutput::InsideSources(
                out.to_path_buf(),
                sources.to_string(),
            ));
        }
    }
    if !force && out_abs.is_dir() && !out_abs.join(MARKER_FILE).exists() {
        let empty = fs::read_dir(&out_abs)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(UnsafeOutput::Foreign(out.to_path_buf()));
        }
    }
    Ok(())
}

/// A build being written. Files go into a staging folder next to the output, and
/// replace the output only in [`Staging::finish`]; dropped before that, the staging
/// folder is removed and the previous site is untouched.
pub struct Staging {
    out: PathBuf,
    folder: PathBuf,
    finished: bool,
}

impl Staging {
    pub fn create(out: &Path) -> io::Result<Staging> {
        let out = absolute(out)?;
        let parent = out
            .parent()
            .ok_or_else(|| io::Error::other("the output folder has no parent"))?;
        let name = out
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        fs::create_dir_all(parent)?;
        let folder = parent.join(format!(".{name}.statecraft-new-{}", std::process::id()));
        if folder.exists() {
            fs::remove_dir_all(&folder)?;
        }
        fs::create_dir_all(&folder)?;
        let staging = Staging {
            out,
            folder,
            finished: false,
        };
        fs::write(
            staging.folder.join(MARKER_FILE),
            b"This folder is generated by statecraft; it is replaced on every build.\n",
        )?;
        Ok(staging)
    }

    /// Writes one file into the staging folder. Safe to call from many threads.
    pub fn write(&self, file: &OutputFile) -> io::Result<()> {
        let target = inside(&self.folder, &file.path)?;
        match fs::write(&target, &file.bytes) {
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::write(&target, &file.bytes)
            }
            other => other,
        }
    }

    /// Copies the static files and swaps the staging folder in place of the output.
    pub fn finish(mut self, static_files: &[StaticFile]) -> io::Result<()> {
        static_files.par_iter().try_for_each(|file| {
            let target = inside(&self.folder, &file.output_path)?;
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            match &file.content {
                StaticContent::Disk(source) => fs::copy(source, &target).map(|_| ()),
                StaticContent::Bytes(bytes) => fs::write(&target, bytes),
            }
        })?;
        let retired = self.folder.with_file_name(format!(
            ".{}.statecraft-old-{}",
            self.out
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            std::process::id()
        ));
        if self.out.exists() {
            fs::rename(&self.out, &retired)?;
        }
        if let Err(err) = fs::rename(&self.folder, &self.out) {
            // Put the previous site back.
            if retired.exists() {
                let _ = fs::rename(&retired, &self.out);
            }
            return Err(err);
        }
        self.finished = true;
        if retired.exists() {
            remove_tree(&retired)?;
        }
        Ok(())
    }
}

/// Removes a folder and everything in it, using every core: a 10,000-brief site is tens
/// of thousands of files, and removing them one after the other took longer than
/// rendering them. Symlinks are removed, never followed.
fn remove_tree(folder: &Path) -> io::Result<()> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(folder)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(folder)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.folder);
        }
    }
}

/// Writes a complete site into `out`, replacing what was there only on success.
pub fn write_site(out: &Path, files: &[OutputFile], static_files: &[StaticFile]) -> io::Result<()> {
    let staging = Staging::create(out)?;
    files.par_iter().try_for_each(|file| staging.write(file))?;
    staging.finish(static_files)
}

/// Rewrites the root-relative URLs in `href`, `src` and `action` attributes of a page at
/// `page_path` (`briefs/x/index.html`) into paths relative to it, for sites opened from
/// any folder or from disk. URLs under `base_path` only; folder URLs get `index.html`,
/// which `file://` needs. Absolute URLs (`https://...`) are left alone.
pub fn relativize(html: &str, page_path: &str, base_path: &str) -> String {
    let page_dir = page_folder(page_path);
    let page_dir = page_dir.as_slice();
    let mut out = String::with_capacity(html.len() + 1024);
    let mut rest = html;
    while let Some(at) = [" href=\"", " src=\"", " action=\""]
        .iter()
        .filter_map(|n| rest.find(n).map(|i| i + n.len()))
        .min()
    {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find('"').unwrap_or(rest.len());
        let value = &rest[..end];
        match value
            .strip_prefix(base_path)
            .filter(|_| !value.starts_with("//"))
        {
            Some(target) => out.push_str(&relative_url(page_dir, target)),
            None => out.push_str(value),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `url` (under `base_path`) as seen from the page at `page_path`; other URLs unchanged.
pub fn relative_to_page(url: &str, page_path: &str, base_path: &str) -> String {
    match url.strip_prefix(base_path) {
        Some(target) => relative_url(&page_folder(page_path), target),
        None => url.to_string(),
    }
}

fn page_folder(page_path: &str) -> Vec<&str> {
    let mut segments: Vec<&str> = page_path.split('/').filter(|s| !s.is_empty()).collect();
    segments.pop();
    segments
}

fn relative_url(page_dir: &[&str], target: &str) -> String {
    let (path, suffix) = match target.find(['#', '?']) {
        Some(i) => (&target[..i], &target[i..]),
        None => (target, ""),
    };
    let mut path = path.to_string();
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    let segments: Vec<&str> = path.split('/').collect();
    let (target_dir, file) = segments.split_at(segments.len() - 1);
    let common = page_dir
        .iter()
        .zip(target_dir)
        .take_while(|(a, b)| a == b)
        .count();
    let mut relative = "../".repeat(page_dir.len() - common);
    for segment in &target_dir[common..] {
        relative.push_str(segment);
        relative.push('/');
    }
    relative.push_str(file[0]);
    relative.push_str(suffix);
    relative
}

/// Replaces one file of the output atomically (write a temporary file, then rename),
/// so a browser never loads half a page. `path` is a generated site path.
pub fn write_file(out: &Path, path: &str, bytes: &[u8]) -> io::Result<()> {
    let target = inside(out, path)?;
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent)?;
    }
    let staging = target.with_file_name(format!(
        ".{}.statecraft-new",
        target
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    ));
    fs::write(&staging, bytes)?;
    fs::rename(&staging, &target)
}

/// Copies one static file into the output.
pub fn write_static(out: &Path, file: &StaticFile) -> io::Result<()> {
    match &file.content {
        StaticContent::Disk(source) => {
            let bytes = fs::read(source)?;
            write_file(out, &file.output_path, &bytes)
        }
        StaticContent::Bytes(bytes) => write_file(out, &file.output_path, bytes),
    }
}

/// Removes a file the site no longer has, and its folder if that is now empty.
pub fn remove_file(out: &Path, path: &str) -> io::Result<()> {
    let target = inside(out, path)?;
    match fs::remove_file(&target) {
        Ok(()) => {}
        Err(err) if err.kind() == io::ErrorKind::NotFound => {}
        Err(err) => return Err(err),
    }
    if let Some(parent) = target.parent() {
        if parent != out {
            // Fails harmlessly when the folder still has files.
            let _ = fs::remove_dir(parent);
        }
    }
    Ok(())
}

/// `out/path`, refusing paths that could leave `out` (generated paths never do; this
/// is the last line of defence).
fn inside(out: &Path, path: &str) -> io::Result<PathBuf> {
    let relative = Path::new(path);
    let safe = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if safe {
        Ok(out.join(relative))
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output folder: {path}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_work_from_any_folder() {
        let html = r##"<a href="/briefs/x/#h">x</a><link href="/style.1.css"><a href="https://e.org/a/">e</a><a href="/">home</a><img src="/img/a.png">"##;
        assert_eq!(
            relativize(html, "briefs/y/index.html", "/"),
            r##"<a href="../x/index.html#h">x</a><link href="../../style.1.css"><a href="https://e.org/a/">e</a><a href="../../index.html">home</a><img src="../../img/a.png">"##
        );
        assert_eq!(
            relativize(r##"<a href="/sub/topics/">t</a>"##, "index.html", "/sub/"),
            r##"<a href="topics/index.html">t</a>"##
        );
        assert_eq!(
            relativize(r##"<a href="#top">t</a>"##, "briefs/x/index.html", "/"),
            r##"<a href="#top">t</a>"##
        );
        assert_eq!(
            relativize(r##"<form action="/search/">"##, "briefs/x/index.html", "/"),
            r##"<form action="../../search/index.html">"##
        );
    }

    #[test]
    fn dangerous_output_folders_are_refused() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        fs::create_dir_all(root.join("briefs")).unwrap();
        assert!(matches!(
            check_output_folder(root, Path::new("/"), true),
            Err(UnsafeOutput::FileSystemRoot(_))
        ));
        assert!(matches!(
            check_output_folder(root, root, true),
            Err(UnsafeOutput::SiteRoot(_))
        ));
        assert!(matches!(
            check_output_folder(root, root.parent().unwrap(), true),
            Err(UnsafeOutput::ContainsSources(_))
        ));
        assert!(matches!(
            check_output_folder(root, &root.join("briefs/out"), true),
            Err(UnsafeOutput::InsideSources(..))
        ));
        assert!(check_output_folder(root, &root.join("public"), false).is_ok());
    }

    #[test]
    fn foreign_folders_need_force() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("mine.txt"), "keep me").unwrap();
        assert!(matches!(
            check_output_folder(site.path(), &out, false),
            Err(UnsafeOutput::Foreign(_))
        ));
        assert!(check_output_folder(site.path(), &out, true).is_ok());
    }

    #[test]
    fn write_replaces_the_previous_site_whole() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let page = |path: &str| OutputFile {
            path: path.to_string(),
            bytes: b"x".to_vec(),
        };
        write_site(&out, &[page("old/index.html")], &[]).unwrap();
        write_site(&out, &[page("new/index.html")], &[]).unwrap();
        assert!(out.join("new/index.html").exists());
        assert!(!out.join("old").exists());
        assert!(out.join(MARKER_FILE).exists());
        let leftovers: Vec<_> = fs::read_dir(site.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folders left behind");
    }
}
