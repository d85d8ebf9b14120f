//! Reading `site/config.yaml` one key at a time, so that every problem of the file is
//! reported at once, each at its place: an unknown key (with the closest known one),
//! a value of the wrong type, a missing required key.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use super::CONFIG_PATH;
use crate::model::diagnostics::{did_you_mean, Diagnostic};
use crate::model::yaml::{self, Step};

/// `problem` in the configuration file `text`, at the key or value the `path` leads
/// to (at the file's start if the YAML has no such node).
pub(super) fn place(problem: Diagnostic, text: &str, path: &[Step], at_key: bool) -> Diagnostic {
    // A value that is missing (`src` left out of `analytics:`) is shown at the nearest
    // value around it that is written.
    let range = (1..=path.len())
        .rev()
        .find_map(|n| yaml::find(text, &path[..n]).map(|found| (n, found)))
        .map_or(0..0, |(n, found)| match found.key {
            Some(key) if at_key || n < path.len() => key,
            _ => found.value,
        });
    problem.at(Path::new(CONFIG_PATH), text, range.start, range.len())
}

/// A key of the section `section` (`colors:`) that is none of `known`: an error at
/// the key, naming it as `what` (`colour`), with the closest known key.
pub(super) fn unknown_key(
    section: &str,
    what: &str,
    key: &str,
    known: &[&str],
    text: &str,
) -> Diagnostic {
    let hint = match did_you_mean(key, known.iter().copied()) {
        Some(name) => format!("did you mean `{name}`?"),
        None => format!("`{section}:` sets `{}`", known.join("`, `")),
    };
    place(
        Diagnostic::error("E-config", format!("unknown {what} `{key}`")).hint(hint),
        text,
        &[Step::Key(section), Step::Key(key)],
        true,
    )
}

pub(super) struct ConfigReader<'a> {
    text: &'a str,
    mapping: Mapping,
    /// Keys asked for so far: the known keys, for suggestions.
    known: Vec<&'static str>,
    pub problems: Vec<Diagnostic>,
}

impl<'a> ConfigReader<'a> {
    /// Reads the file's YAML; a syntax error, or a file that is not a set of keys, is the
    /// one problem reported.
    pub(super) fn new(text: &'a str) -> Result<ConfigReader<'a>, Vec<Diagnostic>> {
        let path = Path::new(CONFIG_PATH);
        let value: Value = serde_yaml::from_str(text).map_err(|err| {
            let problem = yaml::serde_error(&err, "E-config", "invalid configuration", path, text);
            // The parser's own hint (how to close a list) when it has one.
            vec![match problem.hint {
                Some(_) => problem,
                None => problem.hint("see the configuration reference in README.md"),
            }]
        })?;
        let mapping = match value {
            Value::Mapping(mapping) => mapping,
            Value::Null => Mapping::new(),
            _ => {
                return Err(vec![Diagnostic::error(
                    "E-config",
                    "the configuration must be a set of `key: value` lines",
                )
                .at(path, text, 0, 1)
                .hint("start with `title: ...` and `base_url: ...`; see README.md")])
            }
        };
        Ok(ConfigReader {
            text,
            mapping,
            known: Vec::new(),
            problems: Vec::new(),
        })
    }

    fn at(&self, problem: Diagnostic, path: &[Step], at_key: bool) -> Diagnostic {
        place(problem, self.text, path, at_key)
    }

    /// The value of `key`, read as a `T`; `None` when absent or (a problem is then
    /// recorded) of the wrong shape.
    pub(super) fn field<T: DeserializeOwned>(&mut self, key: &'static str) -> Option<T> {
        self.known.push(key);
        let value = self.mapping.remove(key)?;
        if value.is_null() {
            return None;
        }
        match serde_yaml::from_value(value) {
            Ok(value) => Some(value),
            Err(err) => {
                let problem = Diagnostic::error(
                    "E-config",
                    format!("invalid `{key}`: {}", yaml::serde_message(&err)),
                )
                .hint("see the configuration reference in README.md");
                self.problems
                    .push(self.at(problem, &[Step::Key(key)], false));
                None
            }
        }
    }

    /// A key the site cannot do without: a problem when it is missing.
    pub(super) fn required<T: DeserializeOwned>(
        &mut self,
        key: &'static str,
        example: &str,
    ) -> Option<T> {
        let present = self.mapping.get(key).is_some_and(|v| !v.is_null());
        let value = self.field(key);
        if !present {
            self.problems.push(
                Diagnostic::error("E-config", format!("`{key}` is missing"))
                    .in_file(CONFIG_PATH)
                    .hint(format!("add a line `{key}: {example}`")),
            );
        }
        value
    }

    /// Every key no field asked for: unknown, with the closest known key.
    pub(super) fn unknown_keys(&mut self) {
        let keys: Vec<String> = self
            .mapping
            .keys()
            .map(|key| match key {
                Value::String(s) => s.clone(),
                other => serde_yaml::to_string(other)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            })
            .collect();
        for name in keys {
            let hint = match did_you_mean(&name, self.known.iter().copied()) {
                Some(known) => format!("did you mean `{known}`?"),
                None => "see the configuration reference in README.md".to_string(),
            };
            let problem =
                Diagnostic::error("E-config", format!("unknown configuration key `{name}`"))
                    .hint(hint);
            self.problems
                .push(self.at(problem, &[Step::Key(&name)], true));
        }
    }
}
