//! `site/glossary.yaml`: the terms of the field, each with a definition and the other
//! ways authors write it. The first mention of a term in each brief links to the term's
//! entry on `/glossary/` (see `markdown`), and the glossary page lists every term with
//! the briefs that use it (see `link::glossary`).
//!
//! The file is read once per build, like the configuration, and validated the same way:
//! unknown keys (with a suggestion), missing fields and duplicates are errors at their
//! line in the file.

use std::collections::HashMap;
use std::path::Path;

use serde_yaml::Value;

use crate::config::GLOSSARY_PATH;
use crate::model::diagnostics::{did_you_mean, Diagnostic};
use crate::model::slug::slugify;
use crate::model::yaml::{self, Step};

const KEYS: &[&str] = &["term", "definition", "aliases"];

/// Ids the glossary page itself uses (from `base.html`); no term may take them.
const PAGE_IDS: &[&str] = &["main", "site-header", "site-footer"];

const EXAMPLE: &str =
    "each entry is `- term: Soft power` with `definition: ...` and optionally `aliases: [...]`";

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GlossaryTerm {
    pub term: String,
    /// The term's id on the glossary page: `/glossary/#<slug>`.
    pub slug: String,
    pub definition: String,
    /// Other ways of writing the term ("ABM Treaty" for "Anti-Ballistic Missile Treaty").
    pub aliases: Vec<String>,
}

/// The validated glossary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Glossary {
    /// In file order.
    pub terms: Vec<GlossaryTerm>,
    /// Every form of every term (the term and its aliases), lowercased with single
    /// spaces, longest first so that "extended deterrence" wins over "deterrence".
    forms: Vec<(String, usize)>,
}

/// Parses and validates the glossary text, reporting every problem.
pub fn parse(text: &str) -> Result<Glossary, Vec<Diagnostic>> {
    let path = Path::new(GLOSSARY_PATH);
    let value: Value = serde_yaml::from_str(text).map_err(|err| {
        let problem = yaml::serde_error(&err, "E-glossary", "invalid glossary", path, text);
        match problem.hint {
            Some(_) => vec![problem],
            None => {
                let index = err.location().map_or(0, |l| l.index());
                vec![problem.hint(yaml::syntax_hint(text, index))]
            }
        }
    })?;
    let items = match value {
        Value::Null => Vec::new(),
        Value::Sequence(items) => items,
        _ => {
            return Err(vec![Diagnostic::error(
                "E-glossary",
                "the glossary must be a list of terms",
            )
            .at(path, text, 0, 1)
            .hint(EXAMPLE)])
        }
    };
    let mut reader = Reader {
        text,
        problems: Vec::new(),
    };
    let mut terms = Vec::new();
    for (entry, item) in items.iter().enumerate() {
        if let Some(term) = reader.entry(item, entry) {
            terms.push(term);
        }
    }
    let forms = reader.check_duplicates(&terms);
    if reader.problems.is_empty() {
        let terms = terms.into_iter().map(|read| read.term).collect();
        Ok(Glossary { terms, forms })
    } else {
        Err(reader.problems)
    }
}

/// A term as read, with where its entry and aliases are in the file.
struct ReadTerm {
    term: GlossaryTerm,
    /// Position of the entry in the file's list.
    entry: usize,
    /// Position of each alias in the entry's `aliases` list (`None`: a single text).
    alias_items: Vec<Option<usize>>,
}

struct Reader<'a> {
    text: &'a str,
    problems: Vec<Diagnostic>,
}

impl Reader<'_> {
    /// Reports a problem at the node `path` leads to: its key when `at_key`, else its
    /// value (the start of the file when the YAML has no such node).
    fn problem(&mut self, path: &[Step], at_key: bool, message: String, hint: &str) {
        let range = yaml::find(self.text, path).map_or(0..0, |found| match found.key {
            Some(key) if at_key => key,
            _ => found.value,
        });
        self.problems.push(
            Diagnostic::error("E-glossary", message)
                .at(
                    Path::new(GLOSSARY_PATH),
                    self.text,
                    range.start,
                    range.len(),
                )
                .hint(hint),
        );
    }

    fn entry(&mut self, item: &Value, entry: usize) -> Option<ReadTerm> {
        let Value::Mapping(mapping) = item else {
            self.problem(
                &[Step::Item(entry)],
                false,
                "a glossary entry must be a set of fields".to_string(),
                EXAMPLE,
            );
            return None;
        };
        for key in mapping.keys() {
            let name = key.as_str().unwrap_or_default();
            if KEYS.contains(&name) {
                continue;
            }
            let hint = match did_you_mean(name, KEYS.iter().copied()) {
                Some(suggestion) => format!("did you mean `{suggestion}`?"),
                None => format!("glossary entries have the fields: {}", KEYS.join(", ")),
            };
            self.problem(
                &[Step::Item(entry), Step::Key(name)],
                true,
                format!("unknown glossary field `{name}`"),
                &hint,
            );
        }
        let term = self.text_field(mapping.get("term"), entry, "term");
        let definition = self.text_field(mapping.get("definition"), entry, "definition");
        let (aliases, alias_items) = match mapping.get("aliases") {
            None | Some(Value::Null) => (Vec::new(), Vec::new()),
            Some(Value::String(alias)) => (vec![alias.trim().to_string()], vec![None]),
            Some(Value::Sequence(items)) if items.iter().all(Value::is_string) => items
                .iter()
                .enumerate()
                .filter_map(|(i, a)| Some((a.as_str()?.trim().to_string(), Some(i))))
                .filter(|(a, _)| !a.is_empty())
                .unzip(),
            Some(_) => {
                self.problem(
                    &[Step::Item(entry), Step::Key("aliases")],
                    true,
                    "`aliases` must be a list of texts".to_string(),
                    "write `aliases: [ABM Treaty, ABMT]`",
                );
                (Vec::new(), Vec::new())
            }
        };
        let (term, definition) = (term?, definition?);
        let slug = slugify(&term);
        if slug.is_empty() || PAGE_IDS.contains(&slug.as_str()) {
            self.problem(
                &[Step::Item(entry), Step::Key("term")],
                false,
                format!("the term `{term}` cannot be given an id on the glossary page"),
                "use a term with letters or digits other than `main`, `site-header` and `site-footer`",
            );
            return None;
        }
        Some(ReadTerm {
            term: GlossaryTerm {
                term,
                slug,
                definition,
                aliases,
            },
            entry,
            alias_items,
        })
    }

    fn text_field(&mut self, value: Option<&Value>, entry: usize, key: &str) -> Option<String> {
        match value {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Value::Number(n)) => Some(n.to_string()),
            None | Some(Value::Null) => {
                self.problem(
                    &[Step::Item(entry)],
                    false,
                    format!("this glossary entry has no `{key}`"),
                    &format!("add `{key}: ...` to the entry; {EXAMPLE}"),
                );
                None
            }
            Some(_) => {
                self.problem(
                    &[Step::Item(entry), Step::Key(key)],
                    true,
                    format!("`{key}` must be a text"),
                    EXAMPLE,
                );
                None
            }
        }
    }

    /// Rejects a term or alias written twice (in any case), and two terms with the same
    /// id. Returns the matching forms of every term.
    fn check_duplicates(&mut self, terms: &[ReadTerm]) -> Vec<(String, usize)> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut slugs: HashMap<&str, usize> = HashMap::new();
        let mut forms = Vec::new();
        for (index, read) in terms.iter().enumerate() {
            let term = &read.term;
            let entry = Step::Item(read.entry);
            let mut duplicate_term = false;
            let term_path = vec![entry, Step::Key("term")];
            let alias_paths = read.alias_items.iter().map(|item| {
                let mut path = vec![entry, Step::Key("aliases")];
                path.extend(item.map(Step::Item));
                path
            });
            let forms_of_entry = std::iter::once((&term.term, term_path.clone()))
                .chain(term.aliases.iter().zip(alias_paths));
            for (form, path) in forms_of_entry {
                let normalized = normalize(form);
                if normalized.is_empty() {
                    continue;
                }
                match seen.get(&normalized) {
                    Some(&first) => {
                        duplicate_term |= path == term_path;
                        let what = if first == index {
                            "twice in this entry".to_string()
                        } else {
                            format!("already, for `{}`", terms[first].term.term)
                        };
                        self.problem(
                            &path,
                            false,
                            format!("`{form}` is in the glossary {what}"),
                            "each term and alias may appear once; remove one of them",
                        );
                    }
                    None => {
                        seen.insert(normalized.clone(), index);
                        forms.push((normalized, index));
                    }
                }
            }
            // Two different terms can still slugify alike ("U.S." and "US").
            match slugs.get(term.slug.as_str()) {
                Some(&first) if !duplicate_term => {
                    self.problem(
                        &term_path,
                        false,
                        format!(
                            "`{}` has the same glossary id `#{}` as `{}`",
                            term.term, term.slug, terms[first].term.term
                        ),
                        "merge the two entries, or make one an alias of the other",
                    );
                }
                Some(_) => {}
                None => {
                    slugs.insert(&term.slug, index);
                }
            }
        }
        forms.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        forms
    }
}

/// Lowercase, with every run of whitespace as one space.
fn normalize(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Letters and digits, and the hyphen and underscore that join words into one: a term
/// only matches whole words ("power" is not in "powers" nor in "superpower").
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

impl Glossary {
    /// The first mention in `text` of a term not yet `linked` (indexed like
    /// [`Glossary::terms`]): its byte range and the term's index. Whole words only,
    /// any case; a line break matches a space.
    pub fn first_mention(&self, text: &str, linked: &[bool]) -> Option<(usize, usize, usize)> {
        let mut previous: Option<char> = None;
        for (start, c) in text.char_indices() {
            let at_word_start = is_word_char(c) && !previous.is_some_and(is_word_char);
            previous = Some(c);
            if !at_word_start {
                continue;
            }
            for (form, term) in &self.forms {
                if linked.get(*term).copied().unwrap_or(true) {
                    continue;
                }
                if let Some(end) = match_form(text, start, form) {
                    return Some((start, end, *term));
                }
            }
        }
        None
    }
}

/// If `form` (normalized) is written at `start` of `text`, ending at a word boundary,
/// the byte where it ends.
fn match_form(text: &str, start: usize, form: &str) -> Option<usize> {
    let mut rest = text[start..].char_indices().peekable();
    let mut end = start;
    for expected in form.chars() {
        let (i, c) = rest.next()?;
        if expected == ' ' {
            if !c.is_whitespace() {
                return None;
            }
            while rest.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                rest.next();
            }
        } else if !c.to_lowercase().eq(expected.to_lowercase()) {
            return None;
        }
        end = start + i + c.len_utf8();
    }
    match text[end..].chars().next() {
        Some(next) if is_word_char(next) => None,
        _ => Some(end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLOSSARY: &str = "- term: Deterrence\n  definition: Preventing action by threat.\n- term: Extended deterrence\n  definition: Deterrence on behalf of an ally.\n  aliases: [nuclear umbrella]\n";

    #[test]
    fn longest_form_wins_and_words_are_whole() {
        let glossary = parse(GLOSSARY).unwrap();
        let text = "Deterrents aside, the U.S. offers extended\ndeterrence and more deterrence.";
        let (start, end, term) = glossary.first_mention(text, &[false, false]).unwrap();
        assert_eq!(&text[start..end], "extended\ndeterrence");
        assert_eq!(glossary.terms[term].slug, "extended-deterrence");
        let (start, end, _) = glossary.first_mention(text, &[false, true]).unwrap();
        assert_eq!(&text[start..end], "deterrence");
        assert!(glossary
            .first_mention("non-deterrence", &[false, false])
            .is_none());
        let (s, e, _) = glossary
            .first_mention("Under the Nuclear Umbrella.", &[false, false])
            .unwrap();
        assert_eq!(&"Under the Nuclear Umbrella."[s..e], "Nuclear Umbrella");
    }

    #[test]
    fn unknown_keys_and_duplicates_point_at_their_line() {
        let text = "- term: Soft power\n  definition: Attraction.\n  alias: [attraction]\n- term: Hard power\n  definition: Coercion.\n  aliases: [soft power]\n- term: Smart power\n  defintion: Both.\n";
        let problems = parse(text).unwrap_err();
        let found: Vec<(usize, usize, &str)> = problems
            .iter()
            .map(|p| {
                let span = p.span.as_ref().unwrap();
                (span.line, span.column, p.hint.as_deref().unwrap_or(""))
            })
            .collect();
        assert!(
            found.contains(&(3, 3, "did you mean `aliases`?")),
            "{problems:?}"
        );
        assert!(
            found.contains(&(8, 3, "did you mean `definition`?")),
            "{problems:?}"
        );
        assert!(
            found
                .iter()
                .any(|&(line, column, _)| (line, column) == (7, 1)),
            "missing definition: {problems:?}"
        );
        assert!(
            found
                .iter()
                .any(|&(line, column, _)| (line, column) == (6, 13)),
            "duplicate alias: {problems:?}"
        );
    }
}
