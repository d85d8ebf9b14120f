//! The `deploy:` section of `site/config.yaml`: named places `statecraft deploy`
//! publishes the built site to.
//!
//! Written as a mapping of names to targets, or as a list of targets with a `name`:
//!
//! ```yaml
//! deploy:
//!   production: {type: s3, bucket: briefs-example-org, region: eu-west-1}
//!   pages: {type: git, remote: origin, branch: gh-pages, cname: briefs.example.org}
//!   intranet: {type: folder, path: /mnt/web/briefs}
//! ```
//!
//! No credential is ever read from here: object storage finds them in the environment
//! or the provider's usual files, git uses its own credential helpers and SSH keys.

use serde::Deserialize;

use crate::model::diagnostics::Diagnostic;
use crate::model::yaml::{self, Step};

/// One place the site can be deployed to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeployTarget {
    /// The name given on the command line (`statecraft deploy NAME`).
    pub name: String,
    pub kind: TargetKind,
}

/// Where a target is and how to talk to it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TargetKind {
    /// An S3 bucket, or a bucket of an S3-compatible service (R2, MinIO, Backblaze B2).
    S3(S3Target),
    /// A branch of a git repository (GitHub Pages, GitLab Pages).
    Git(GitTarget),
    /// A folder, e.g. a web server's document root mounted on this machine.
    Folder(FolderTarget),
}

/// `type: s3`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3Target {
    pub bucket: String,
    /// A folder inside the bucket (`briefs/`); empty for the bucket's root.
    #[serde(default)]
    pub prefix: String,
    /// The bucket's region; default: `AWS_REGION`, the profile's region, or `us-east-1`
    /// (`auto` for Cloudflare R2).
    #[serde(default)]
    pub region: Option<String>,
    /// The address of an S3-compatible service (`https://<account>.r2.cloudflarestorage.com`).
    #[serde(default)]
    pub endpoint: Option<String>,
    /// Address buckets as `endpoint/bucket` rather than `bucket.endpoint` (default: on
    /// with an `endpoint`, off for AWS).
    #[serde(default)]
    pub path_style: Option<bool>,
    /// A profile of `~/.aws/config` and `~/.aws/credentials` (default: `AWS_PROFILE`).
    #[serde(default)]
    pub profile: Option<String>,
    /// Store text files gzip-compressed with `Content-Encoding: gzip`.
    #[serde(default)]
    pub gzip: bool,
    /// Mark each alias's redirect page with S3 website redirect metadata, so S3
    /// website hosting answers a real 301 (default `true`).
    #[serde(default = "yes")]
    pub redirects: bool,
}

/// `type: git`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GitTarget {
    /// A remote of the site's own repository (`origin`), a URL or a path.
    pub remote: String,
    #[serde(default = "default_branch")]
    pub branch: String,
    /// The custom domain GitHub Pages serves the site at (written to `CNAME`).
    #[serde(default)]
    pub cname: Option<String>,
    /// Write `.nojekyll`, so GitHub Pages serves the files as they are (default `true`).
    #[serde(default = "yes")]
    pub nojekyll: bool,
    /// The commit message.
    #[serde(default = "default_message")]
    pub message: String,
    #[serde(default)]
    pub precompress: Vec<Encoding>,
    /// Write `_redirects` and `_headers` (GitLab Pages reads `_redirects`).
    #[serde(default)]
    pub host_rules: bool,
}

/// `type: folder`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FolderTarget {
    /// The folder, relative to the site root or absolute.
    pub path: String,
    /// Precompressed copies next to each text file (`x.html.gz`, `x.html.br`) for
    /// servers that send them (nginx `gzip_static`, Caddy `precompressed`).
    #[serde(default)]
    pub precompress: Vec<Encoding>,
    /// Write `_redirects` and `_headers` for Netlify and Cloudflare Pages.
    #[serde(default)]
    pub host_rules: bool,
}

/// A compression for precompressed copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    Gzip,
    Brotli,
}

fn yes() -> bool {
    true
}
fn default_branch() -> String {
    "gh-pages".to_string()
}
fn default_message() -> String {
    "Deploy site".to_string()
}

/// Reads the `deploy:` value (`None` when the configuration has none). `text` is the
/// configuration file, for placing problems.
pub(super) fn parse_targets(
    value: Option<&serde_yaml::Value>,
    text: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<DeployTarget> {
    let mut targets = Vec::new();
    // Where each target is written: its position in the list form, `None` in the
    // mapping form (where its name finds it).
    let mut items = Vec::new();
    match value {
        None | Some(serde_yaml::Value::Null) => {}
        Some(serde_yaml::Value::Mapping(map)) => {
            for (key, value) in map {
                let name = key.as_str().unwrap_or_default().to_string();
                let place = [Step::Key("deploy"), Step::Key(&name)];
                match target_kind(value, &[], text, &place) {
                    Ok(kind) => {
                        targets.push(DeployTarget { name, kind });
                        items.push(None);
                    }
                    Err(problem) => problems.push(problem),
                }
            }
        }
        Some(serde_yaml::Value::Sequence(list)) => {
            for (index, value) in list.iter().enumerate() {
                let place = [Step::Key("deploy"), Step::Item(index)];
                let name = match value.get("name") {
                    Some(serde_yaml::Value::String(name)) => Ok(name.clone()),
                    Some(_) => Err(target_problem(
                        "`name` must be a text".to_string(),
                        text,
                        &[Step::Key("deploy"), Step::Item(index), Step::Key("name")],
                        false,
                    )),
                    None => Err(target_problem(
                        "missing field `name`".to_string(),
                        text,
                        &place,
                        true,
                    )),
                };
                match name.and_then(|name| Ok((name, target_kind(value, &["name"], text, &place)?)))
                {
                    Ok((name, kind)) => {
                        targets.push(DeployTarget { name, kind });
                        items.push(Some(index));
                    }
                    Err(problem) => problems.push(problem),
                }
            }
        }
        Some(_) => problems.push(super::at_value(
            Diagnostic::error(
                "E-config",
                "`deploy` must be a mapping or a list of targets",
            )
            .hint("write `deploy:` followed by `name: {type: s3|git|folder, ...}` entries"),
            text,
            &[Step::Key("deploy")],
        )),
    }
    check_targets(&targets, &items, text, problems);
    targets
}

/// Reads one target, written at `place`, leaving out the keys `skip` (`name`, in the
/// list form). Its `type` is read here rather than by serde (an internally tagged
/// enum), which forgets which field of the target a problem was in; read this way, a
/// problem is shown at the key or value it is about.
fn target_kind(
    value: &serde_yaml::Value,
    skip: &[&str],
    text: &str,
    place: &[Step],
) -> Result<TargetKind, Diagnostic> {
    let at = |field: &'static str| {
        let mut path = place.to_vec();
        path.push(Step::Key(field));
        path
    };
    let serde_yaml::Value::Mapping(map) = value else {
        return Err(target_problem(
            "a target must be a mapping of keys to values".to_string(),
            text,
            place,
            false,
        ));
    };
    let mut fields = map.clone();
    for key in skip {
        fields.remove(*key);
    }
    let kind = match fields.remove("type") {
        Some(serde_yaml::Value::String(kind)) => kind,
        Some(_) => {
            return Err(target_problem(
                "`type` must be `s3`, `git` or `folder`".to_string(),
                text,
                &at("type"),
                false,
            ))
        }
        None => {
            return Err(target_problem(
                "missing field `type`".to_string(),
                text,
                place,
                true,
            ))
        }
    };
    let fields = serde_yaml::Value::Mapping(fields);
    let read = match kind.as_str() {
        "s3" => serde_path_to_error::deserialize(fields).map(TargetKind::S3),
        "git" => serde_path_to_error::deserialize(fields).map(TargetKind::Git),
        "folder" => serde_path_to_error::deserialize(fields).map(TargetKind::Folder),
        _ => {
            return Err(target_problem(
                format!("unknown type `{kind}`, expected `s3`, `git` or `folder`"),
                text,
                &at("type"),
                false,
            ))
        }
    };
    read.map_err(|err| {
        // The path of the field the problem is in (`gzip`, `precompress[1]`); empty
        // for a field that is missing, which is shown at the target.
        let mut path = place.to_vec();
        for segment in err.path().iter() {
            match segment {
                serde_path_to_error::Segment::Map { key } => path.push(Step::Key(key)),
                serde_path_to_error::Segment::Seq { index } => path.push(Step::Item(*index)),
                _ => break,
            }
        }
        let unknown_key = err.inner().to_string().starts_with("unknown field");
        let at_key = unknown_key || path.len() == place.len();
        target_problem(yaml::serde_message(err.inner()), text, &path, at_key)
    })
}

/// An invalid target: `message`, shown at the key (`at_key`) or value at `path`.
fn target_problem(message: String, text: &str, path: &[Step], at_key: bool) -> Diagnostic {
    let problem = Diagnostic::error("E-config", format!("invalid deploy target: {message}"))
        .hint("a target has `type: s3` (with `bucket`), `type: git` (with `remote`) or `type: folder` (with `path`); see \"Deploying\" in README.md");
    super::reader::place(problem, text, path, at_key)
}

/// Names are unique and usable on the command line; values that must not be empty are
/// not. `items` says where each target is written (see [`parse_targets`]).
fn check_targets(
    targets: &[DeployTarget],
    items: &[Option<usize>],
    text: &str,
    problems: &mut Vec<Diagnostic>,
) {
    for (index, (target, item)) in targets.iter().zip(items).enumerate() {
        let mut place = match item {
            None => vec![Step::Key("deploy"), Step::Key(&target.name)],
            Some(item) => vec![Step::Key("deploy"), Step::Item(*item)],
        };
        let bad_name = target.name.is_empty()
            || !target
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let problem = if bad_name {
            Some(
                Diagnostic::error(
                    "E-config",
                    format!("deploy target name `{}` is not a simple name", target.name),
                )
                .hint("use letters, digits, `-` and `_`, e.g. `production`"),
            )
        } else if targets[..index].iter().any(|t| t.name == target.name) {
            Some(
                Diagnostic::error(
                    "E-config",
                    format!("deploy target `{}` is declared twice", target.name),
                )
                .hint("rename or remove one of the two targets"),
            )
        } else {
            empty_field(&target.kind).map(|field| {
                place.push(Step::Key(field));
                Diagnostic::error(
                    "E-config",
                    format!("deploy target `{}` has an empty `{field}`", target.name),
                )
                .hint(format!("give `{field}` a value"))
            })
        };
        let Some(problem) = problem else {
            continue;
        };
        // A name is shown as written: the key of the mapping form, the `name:` of the
        // list form.
        let at_key = item.is_none() && place.len() == 2;
        if item.is_some() && place.len() == 2 {
            place.push(Step::Key("name"));
        }
        problems.push(super::reader::place(problem, text, &place, at_key));
    }
}

/// The first required field left empty, if any.
fn empty_field(kind: &TargetKind) -> Option<&'static str> {
    match kind {
        TargetKind::S3(s3) if s3.bucket.trim().is_empty() => Some("bucket"),
        TargetKind::Git(git) if git.remote.trim().is_empty() => Some("remote"),
        TargetKind::Git(git) if git.branch.trim().is_empty() => Some("branch"),
        TargetKind::Folder(folder) if folder.path.trim().is_empty() => Some("path"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Vec<DeployTarget>, Vec<Diagnostic>) {
        let value: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
        let mut problems = Vec::new();
        let targets = parse_targets(value.get("deploy"), text, &mut problems);
        (targets, problems)
    }

    #[test]
    fn maps_and_lists_of_targets() {
        let (map, problems) = parse(
            "deploy:\n  prod: {type: s3, bucket: b}\n  web: {type: folder, path: /srv/www}\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(map.len(), 2);
        assert_eq!(map[0].name, "prod");
        let (list, problems) =
            parse("deploy:\n  - name: pages\n    type: git\n    remote: origin\n");
        assert!(problems.is_empty(), "{problems:?}");
        match &list[0].kind {
            TargetKind::Git(git) => assert_eq!(git.branch, "gh-pages"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn mistakes_are_placed_at_their_key() {
        let text = "title: x\ndeploy:\n  prod:\n    type: s3\n    buckt: b\n";
        let (_, problems) = parse(text);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("buckt"), "{:?}", problems[0]);
        // At `buckt:`, not at the target's first line (`type: s3`).
        assert_eq!(problems[0].span.as_ref().unwrap().line, 5);
    }
}
