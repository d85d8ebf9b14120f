//! Which output folders are safe to write: never the file system's root, the home
//! folder, the site or its sources, nor somebody else's folder without `--force`.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::MARKER_FILE;

/// Why an output folder may not be used.
#[derive(Debug, thiserror::Error)]
pub enum UnsafeOutput {
    #[error("`{0}`: it is the root of the file system")]
    FileSystemRoot(PathBuf),
    #[error("`{0}`: it is your home folder or holds it")]
    Home(PathBuf),
    #[error("`{0}`: it is a system folder or inside one")]
    System(PathBuf),
    #[error("`{0}`: it is not a folder")]
    NotAFolder(PathBuf),
    #[error("`{0}`: it is the site folder itself")]
    SiteRoot(PathBuf),
    #[error("`{0}`: it contains the site's sources")]
    ContainsSources(PathBuf),
    #[error("`{0}`: it is inside the site's sources (`{1}`)")]
    InsideSources(PathBuf, String),
    #[error("`{0}`: it already exists, is not empty and was not created by statecraft")]
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

/// Folders of the system whose contents a site must never replace, `--force` or not,
/// though a folder inside them may be a site's (`/var/www`, `/dev/shm/x`); those
/// where none may be are [`SYSTEM_TREES`].
const SYSTEM_FOLDERS: &[&str] = &[
    "/dev",
    "/home",
    "/media",
    "/mnt",
    "/opt",
    "/root",
    "/run",
    "/srv",
    "/tmp",
    "/usr",
    "/usr/local",
    "/usr/share",
    "/var",
    "/var/tmp",
    "/Applications",
    "/Users",
    "/Volumes",
    "/private",
];

/// Folders the system keeps its own files in, all the way down: no folder inside them
/// is a site's (`/var/log`, `/etc/nginx`), unlike `/var/www`, `/srv` or `/usr/share`,
/// where web servers serve sites from, or `/dev/shm` and `/run/user/<id>`, memory
/// file systems people build into.
const SYSTEM_TREES: &[&str] = &[
    "/bin",
    "/boot",
    "/etc",
    "/lib",
    "/lib32",
    "/lib64",
    "/libx32",
    "/proc",
    "/sbin",
    "/sys",
    "/usr/bin",
    "/usr/sbin",
    "/usr/lib",
    "/usr/lib32",
    "/usr/lib64",
    "/usr/libexec",
    "/usr/include",
    "/usr/src",
    "/usr/local/bin",
    "/usr/local/sbin",
    "/usr/local/lib",
    "/usr/local/etc",
    "/usr/local/include",
    "/var/backups",
    "/var/cache",
    "/var/lib",
    "/var/lock",
    "/var/log",
    "/var/mail",
    "/var/opt",
    "/var/run",
    "/var/spool",
    "/System",
    "/Library",
];

/// Refuses output folders that would destroy something, `--force` or not: anything
/// that is not a folder (a file, a FIFO, a device), `/`, a system folder or a folder
/// inside one of [`SYSTEM_TREES`], the home folder or a folder holding it, the site or
/// a folder holding it, the site's sources; and without `force`, a non-empty folder
/// statecraft did not create.
pub fn check_output_folder(root: &Path, out: &Path, force: bool) -> Result<(), UnsafeOutput> {
    let root = absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let out_abs = absolute(out).unwrap_or_else(|_| out.to_path_buf());
    if out_abs.parent().is_none() {
        return Err(UnsafeOutput::FileSystemRoot(out.to_path_buf()));
    }
    if fs::metadata(&out_abs).is_ok_and(|m| !m.is_dir()) {
        return Err(UnsafeOutput::NotAFolder(out.to_path_buf()));
    }
    if out_abs == root {
        return Err(UnsafeOutput::SiteRoot(out.to_path_buf()));
    }
    if root.starts_with(&out_abs) {
        return Err(UnsafeOutput::ContainsSources(out.to_path_buf()));
    }
    for sources in ["briefs", "site", "themes", "src", "tests", ".git"] {
        // A source folder may be a link to a folder elsewhere (in the site or not):
        // where it leads is what must not be written over, nor a folder holding it.
        let folder = root.join(sources);
        let resolved = absolute(&folder).unwrap_or(folder);
        if out_abs.starts_with(&resolved) {
            return Err(UnsafeOutput::InsideSources(
                out.to_path_buf(),
                sources.to_string(),
            ));
        }
        if resolved.starts_with(&out_abs) {
            return Err(UnsafeOutput::ContainsSources(out.to_path_buf()));
        }
    }
    if SYSTEM_FOLDERS.iter().any(|f| Path::new(f) == out_abs)
        || SYSTEM_TREES.iter().any(|f| out_abs.starts_with(f))
    {
        return Err(UnsafeOutput::System(out.to_path_buf()));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if absolute(&home).is_ok_and(|h| h.starts_with(&out_abs)) {
            return Err(UnsafeOutput::Home(out.to_path_buf()));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_folders_and_non_folders_are_refused_even_with_force() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        for system in ["/usr", "/home", "/var", "/etc", "/tmp", "/usr/local"] {
            assert!(
                matches!(
                    check_output_folder(root, Path::new(system), true),
                    Err(UnsafeOutput::System(_)
                        | UnsafeOutput::Home(_)
                        | UnsafeOutput::ContainsSources(_))
                ),
                "{system} accepted"
            );
        }
        for not_a_folder in ["/dev/null", "/etc/hostname"] {
            assert!(matches!(
                check_output_folder(root, Path::new(not_a_folder), true),
                Err(UnsafeOutput::NotAFolder(_))
            ));
        }
        assert!(check_output_folder(root, &root.join("public"), true).is_ok());
        // Inside the folders the system keeps its own files in, too; not in those
        // where people keep sites.
        for system in [
            "/var/log",
            "/etc/nginx",
            "/usr/local/bin",
            "/usr/lib/x",
            "/var/lib/x",
        ] {
            assert!(
                matches!(
                    check_output_folder(root, Path::new(system), true),
                    Err(UnsafeOutput::System(_))
                ),
                "{system} accepted"
            );
        }
        for web in [
            "/var/www/html",
            "/srv/www",
            "/usr/share/nginx/html",
            "/tmp/x/public",
            "/dev/shm/site",
            "/run/user/1000/site",
        ] {
            assert!(
                check_output_folder(root, Path::new(web), true).is_ok(),
                "{web} refused"
            );
        }
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
}
