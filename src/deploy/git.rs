//! A git branch target (GitHub Pages, GitLab Pages): the site committed to a branch of
//! a remote, on top of the branch's last commit, and pushed.
//!
//! Runs the `git` program, so remotes, credential helpers, SSH keys and tokens work as
//! they do for the user's own pushes. The work happens in a temporary repository:
//! the branch's last commit is fetched alone (`--depth 1`), files that changed are
//! stored as objects, the tree is edited in a private index, and one commit is pushed.
//! A push is all or nothing: if it fails, the branch still holds the previous site.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::manifest::{Manifest, MANIFEST_FILE};
use super::site::{Content, Upload};
use super::{DeployError, Target};
use crate::config::GitTarget;

pub struct Git {
    /// The remote as git is given it and messages show it (URL or absolute path),
    /// without a user name or token written in it.
    remote: String,
    branch: String,
    message: String,
    /// The temporary repository, removed when the deploy ends.
    work: PathBuf,
    /// The branch's last commit, when the branch exists.
    parent: Option<String>,
    /// git has a user name and email; otherwise commits are made as `statecraft`.
    identity: bool,
    /// `http.<url>.extraheader` settings of the site's repository, as (key, value):
    /// where CI checkouts keep their token (GitHub's `actions/checkout`); and the
    /// remote's address with its credentials, when it had some. Passed on in the
    /// environment (`GIT_CONFIG_COUNT`), never on a command line others can see.
    settings: Vec<(String, String)>,
}

impl Git {
    /// Prepares a temporary repository for pushing to `config.remote`: a remote name of
    /// the site's own repository (`origin`), a URL, or a path (relative to the site).
    pub fn open(config: &GitTarget, root: &Path) -> Result<Git, DeployError> {
        let (remote, credentials) = without_credentials(&resolve_remote(&config.remote, root)?);
        let mut settings = auth_settings(root);
        // git is given the address without them and puts them back itself.
        if let Some(full) = credentials {
            settings.push((format!("url.{full}.insteadOf"), remote.clone()));
        }
        let work = std::env::temp_dir().join(format!(
            "statecraft-deploy-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        std::fs::create_dir_all(&work).map_err(|err| {
            DeployError::Target(format!("cannot create a temporary folder: {err}"))
        })?;
        let git = Git {
            remote,
            branch: config.branch.clone(),
            message: config.message.clone(),
            work,
            parent: None,
            identity: true,
            settings,
        };
        let mut git = git;
        git.run(&["init", "-q"], None)?;
        git.identity = has_identity(&git.work);
        Ok(git)
    }

    /// Runs git in the temporary repository, feeding it `input`; its standard output.
    fn run(&self, args: &[&str], input: Option<&[u8]>) -> Result<String, DeployError> {
        let mut command = Command::new("git");
        command.arg("-C").arg(&self.work);
        command.env("GIT_CONFIG_COUNT", self.settings.len().to_string());
        for (i, (key, value)) in self.settings.iter().enumerate() {
            command.env(format!("GIT_CONFIG_KEY_{i}"), key);
            command.env(format!("GIT_CONFIG_VALUE_{i}"), value);
        }
        command
            .args(args)
            .env("GIT_INDEX_FILE", self.work.join("deploy-index"))
            // Never wait for a password on a terminal nobody watches.
            .env("GIT_TERMINAL_PROMPT", "0")
            .stdin(if input.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if !self.identity {
            for (key, value) in [
                ("GIT_AUTHOR_NAME", "statecraft"),
                ("GIT_AUTHOR_EMAIL", "statecraft@localhost"),
                ("GIT_COMMITTER_NAME", "statecraft"),
                ("GIT_COMMITTER_EMAIL", "statecraft@localhost"),
            ] {
                command.env(key, value);
            }
        }
        let mut child = command.spawn().map_err(|err| {
            DeployError::Target(format!(
                "cannot run git ({err}); install git to deploy to a branch"
            ))
        })?;
        if let (Some(bytes), Some(mut stdin)) = (input, child.stdin.take()) {
            // An error here shows as git's own failure below.
            let _ = stdin.write_all(bytes);
        }
        let output = child
            .wait_with_output()
            .map_err(|err| DeployError::Target(format!("git {} failed: {err}", args[0])))?;
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            let stderr = String::from_utf8_lossy(&output.stderr);
            Err(DeployError::Target(format!(
                "git {} failed for `{}` branch `{}`: {}",
                args[0],
                self.remote,
                self.branch,
                stderr.trim()
            )))
        }
    }

    /// Stores files as objects; their ids, in order.
    fn store(&self, uploads: &[&Upload]) -> Result<(Vec<String>, u64), DeployError> {
        let blobs = self.work.join("blobs");
        let _ = std::fs::create_dir_all(&blobs);
        let mut paths = String::new();
        let mut bytes = 0;
        for (i, upload) in uploads.iter().enumerate() {
            let path = match (&upload.content, upload.encode) {
                (Content::File(path), None) => {
                    bytes += std::fs::metadata(path).map_or(0, |m| m.len());
                    path.clone()
                }
                _ => {
                    let content = upload.bytes().map_err(|err| DeployError::Read {
                        path: PathBuf::from(&upload.path),
                        source: err,
                    })?;
                    bytes += content.len() as u64;
                    let path = blobs.join(i.to_string());
                    std::fs::write(&path, content).map_err(|err| DeployError::Read {
                        path: path.clone(),
                        source: err,
                    })?;
                    path
                }
            };
            paths.push_str(&path.to_string_lossy());
            paths.push('\n');
        }
        let ids = self.run(
            &["hash-object", "-w", "--stdin-paths"],
            Some(paths.as_bytes()),
        )?;
        Ok((ids.lines().map(str::to_string).collect(), bytes))
    }
}

impl Drop for Git {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.work);
    }
}

impl Target for Git {
    fn describe(&self) -> String {
        format!("git {} branch {}", self.remote, self.branch)
    }

    fn read_manifest(&mut self) -> Result<Option<Manifest>, DeployError> {
        let head = format!("refs/heads/{}", self.branch);
        let listed = self.run(&["ls-remote", "--heads", &self.remote, &head], None)?;
        if listed.trim().is_empty() {
            return Ok(None);
        }
        self.run(&["fetch", "-q", "--depth", "1", &self.remote, &head], None)?;
        let parent = self
            .run(&["rev-parse", "FETCH_HEAD"], None)?
            .trim()
            .to_string();
        self.run(&["read-tree", &parent], None)?;
        let manifest = self
            .run(
                &["cat-file", "blob", &format!("{parent}:{MANIFEST_FILE}")],
                None,
            )
            .ok()
            .and_then(|text| Manifest::from_json(text.as_bytes()));
        self.parent = Some(parent);
        Ok(manifest)
    }

    fn holds_files(&mut self) -> Result<bool, DeployError> {
        Ok(self.parent.is_some())
    }

    fn put(&mut self, uploads: &[&Upload]) -> Result<u64, DeployError> {
        let (ids, bytes) = self.store(uploads)?;
        let mut entries = String::new();
        for (upload, id) in uploads.iter().zip(&ids) {
            entries.push_str(&format!("100644 {id}\t{}\n", upload.path));
        }
        self.run(
            &["update-index", "--add", "--index-info"],
            Some(entries.as_bytes()),
        )?;
        Ok(bytes)
    }

    fn delete(&mut self, paths: &[String]) -> Result<(), DeployError> {
        let zero = "0".repeat(40);
        let entries: String = paths.iter().map(|p| format!("0 {zero}\t{p}\n")).collect();
        self.run(&["update-index", "--index-info"], Some(entries.as_bytes()))?;
        Ok(())
    }

    /// Nothing reaches the remote before the push in [`Git::finish`].
    fn checkpoint(&mut self, _manifest: &Manifest) -> Result<(), DeployError> {
        Ok(())
    }

    fn finish(&mut self, manifest: &Manifest) -> Result<(), DeployError> {
        let id = self.run(&["hash-object", "-w", "--stdin"], Some(&manifest.to_json()))?;
        let entry = format!("100644 {}\t{MANIFEST_FILE}\n", id.trim());
        self.run(
            &["update-index", "--add", "--index-info"],
            Some(entry.as_bytes()),
        )?;
        let tree = self.run(&["write-tree"], None)?.trim().to_string();
        let mut args = vec!["commit-tree", tree.as_str(), "-m", self.message.as_str()];
        if let Some(parent) = &self.parent {
            args.extend(["-p", parent.as_str()]);
        }
        let commit = self.run(&args, None)?.trim().to_string();
        let refspec = format!("{commit}:refs/heads/{}", self.branch);
        self.run(&["push", "-q", &self.remote, &refspec], None)?;
        Ok(())
    }
}

/// Whether git has a user name and email configured (otherwise commits are made as
/// `statecraft`).
fn has_identity(work: &Path) -> bool {
    let configured = |key: &str| {
        Command::new("git")
            .arg("-C")
            .arg(work)
            .args(["config", "--get", key])
            .stdin(Stdio::null())
            .output()
            .is_ok_and(|o| o.status.success() && !o.stdout.trim_ascii().is_empty())
    };
    configured("user.name") && configured("user.email")
}

/// The site repository's `http.<url>.extraheader` settings (none when the site is not
/// in a git repository).
fn auth_settings(root: &Path) -> Vec<(String, String)> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "config",
            "--local",
            "--get-regexp",
            r"^http\..*\.extraheader$",
        ])
        .stdin(Stdio::null())
        .output();
    match output {
        Ok(output) if output.status.success() => String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| line.split_once(' '))
            .map(|(key, value)| (key.to_string(), value.to_string()))
            .collect(),
        _ => Vec::new(),
    }
}

/// `remote` without the user name and password or token of a `scheme://user:token@host`
/// address, and the whole address when it had them: a token in a remote's URL (CI
/// checkouts write them there) must show in no message and no process list. A user
/// name alone is kept for SSH (`ssh://git@host`), where it is no secret.
fn without_credentials(remote: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = remote.split_once("://") else {
        return (remote.to_string(), None);
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let Some((userinfo, host)) = rest[..authority_end].rsplit_once('@') else {
        return (remote.to_string(), None);
    };
    let secret = userinfo.contains(':') || scheme.to_ascii_lowercase().starts_with("http");
    if !secret {
        return (remote.to_string(), None);
    }
    let bare = format!("{scheme}://{host}{}", &rest[authority_end..]);
    (bare, Some(remote.to_string()))
}

/// A remote name of the site's repository becomes its URL; a relative path becomes
/// absolute (relative to the site, or for a remote's URL, to the top of the
/// repository, where git reads it from); anything else (a URL) is kept. git runs in a
/// temporary repository, where a relative path would lead elsewhere.
fn resolve_remote(remote: &str, root: &Path) -> Result<String, DeployError> {
    let looks_like_name = !remote.contains([':', '/', '\\', '.']);
    if looks_like_name && !root.join(remote).exists() {
        let output = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["remote", "get-url", remote])
            .stdin(Stdio::null())
            .output()
            .map_err(|err| DeployError::Target(format!("cannot run git ({err})")))?;
        if !output.status.success() {
            return Err(DeployError::Target(format!(
                "`{remote}` is not a remote of the site's git repository: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            )));
        }
        let url = String::from_utf8_lossy(&output.stdout).trim().to_string();
        return Ok(absolute_if_local(&url, &top_of_repository(root)));
    }
    if remote.contains('@') {
        return Ok(remote.to_string());
    }
    Ok(absolute_if_local(remote, root))
}

/// `remote` as an absolute path when it is a path on this machine (relative ones read
/// from `base`); a URL (`https://...`, `git@host:org/site.git`) as it is.
fn absolute_if_local(remote: &str, base: &Path) -> String {
    let before_slash = remote.split('/').next().unwrap_or(remote);
    if remote.contains("://") || before_slash.contains(':') {
        return remote.to_string();
    }
    let path = base.join(remote);
    crate::write::absolute(&path)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// The top folder of the git repository holding `root` (`root` itself when git cannot
/// say).
fn top_of_repository(root: &Path) -> PathBuf {
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--show-toplevel"])
        .stdin(Stdio::null())
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()))
        .filter(|top| top.is_dir())
        .unwrap_or_else(|| root.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::without_credentials;

    #[test]
    fn tokens_in_remote_addresses_are_taken_out() {
        let full = "https://deployer:ghp_SECRET@git.example.org:8443/org/site.git";
        assert_eq!(
            without_credentials(full),
            (
                "https://git.example.org:8443/org/site.git".to_string(),
                Some(full.to_string())
            )
        );
        let token_as_user = "https://ghp_SECRET@github.com/org/site.git";
        assert_eq!(
            without_credentials(token_as_user).0,
            "https://github.com/org/site.git"
        );
        for kept in [
            "ssh://git@github.com/org/site.git",
            "git@github.com:org/site.git",
            "https://github.com/org/site.git",
            "/srv/git/site.git",
        ] {
            assert_eq!(without_credentials(kept), (kept.to_string(), None));
        }
    }
}
