//! `site/glossary.yaml`: the terms of the field, each with a definition and the other
//! ways authors write it. The first mention of a term in each brief links to the term's
//! entry on `/glossary/` (see `markdown`), and the glossary page lists every term with
//! the briefs that use it.
//!
//! The file is read once per build, like the configuration, and validated the same way:
//! unknown keys (with a suggestion), missing fields and duplicates are errors at their
//! line in the file.

use std::collections::HashMap;
use std::path::Path;

use serde_yaml::Value;

use crate::config::yaml_file_error;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::link::Brief;
use crate::markdown::LinkTarget;
use crate::slug::slugify;

/// Where the glossary lives, relative to the site root.
pub const GLOSSARY_PATH: &str = "site/glossary.yaml";

/// Site path of the glossary page.
pub const GLOSSARY_PAGE: &str = "glossary/";

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

/// A term on the glossary page, with the briefs that mention it.
#[derive(Debug, Clone)]
pub struct GlossaryEntry {
    pub term: GlossaryTerm,
    /// Indexes into the site's briefs, newest first.
    pub briefs: Vec<usize>,
}

/// Parses and validates the glossary text, reporting every problem.
pub fn parse(text: &str) -> Result<Glossary, Vec<Diagnostic>> {
    let path = Path::new(GLOSSARY_PATH);
    let value: Value = serde_yaml::from_str(text).map_err(|err| {
        vec![
            yaml_file_error(&err, "E-glossary", "invalid glossary", path, text)
                .hint("check indentation and quoting; text containing `: ` must be in quotes"),
        ]
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
    let regions = entry_regions(text, items.len());
    let mut reader = Reader {
        text,
        problems: Vec::new(),
    };
    let mut terms = Vec::new();
    for (item, region) in items.iter().zip(regions) {
        if let Some(term) = reader.entry(item, region) {
            terms.push((term, region));
        }
    }
    let forms = reader.check_duplicates(&terms);
    if reader.problems.is_empty() {
        let terms = terms.into_iter().map(|(term, _)| term).collect();
        Ok(Glossary { terms, forms })
    } else {
        Err(reader.problems)
    }
}

/// The byte range of each top-level entry (`- term: ...` up to the next `- `), so
/// problems can point into the right entry. When the list is not written one entry
/// per `- ` line (a flow list), every entry gets the whole file.
fn entry_regions(text: &str, count: usize) -> Vec<(usize, usize)> {
    let mut starts: Vec<(usize, usize)> = Vec::new(); // (offset, indent)
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("- ") || trimmed.trim_end() == "-" {
            starts.push((offset, line.len() - trimmed.len()));
        }
        offset += line.len();
    }
    let top = starts.iter().map(|&(_, indent)| indent).min().unwrap_or(0);
    starts.retain(|&(_, indent)| indent == top);
    if starts.len() != count {
        return vec![(0, text.len()); count];
    }
    let ends = starts.iter().skip(1).map(|&(s, _)| s).chain([text.len()]);
    starts.iter().map(|&(s, _)| s).zip(ends).collect()
}

struct Reader<'a> {
    text: &'a str,
    problems: Vec<Diagnostic>,
}

impl Reader<'_> {
    /// Byte offset of the `key:` line in `region` (the region's start if not found).
    fn key_offset(&self, region: (usize, usize), key: &str) -> usize {
        let mut offset = region.0;
        for line in self.text[region.0..region.1].split_inclusive('\n') {
            let indent = line.len() - line.trim_start().len();
            let rest = line.trim_start();
            let (rest, dash) = match rest.strip_prefix("- ") {
                Some(r) => (r.trim_start(), rest.len() - r.trim_start().len()),
                None => (rest, 0),
            };
            if rest
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
            {
                return offset + indent + dash;
            }
            offset += line.len();
        }
        region.0
    }

    /// Byte offset of `needle` in `region` at or after the `key:` line.
    fn value_offset(&self, region: (usize, usize), key: &str, needle: &str) -> usize {
        let from = self.key_offset(region, key);
        self.text[from..region.1]
            .find(needle)
            .map_or(from, |i| from + i)
    }

    fn problem(&mut self, offset: usize, len: usize, message: String, hint: &str) {
        self.problems.push(
            Diagnostic::error("E-glossary", message)
                .at(Path::new(GLOSSARY_PATH), self.text, offset, len)
                .hint(hint),
        );
    }

    fn entry(&mut self, item: &Value, region: (usize, usize)) -> Option<GlossaryTerm> {
        let Value::Mapping(mapping) = item else {
            self.problem(
                region.0,
                1,
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
            let offset = self.key_offset(region, name);
            self.problem(
                offset,
                name.len().max(1),
                format!("unknown glossary field `{name}`"),
                &hint,
            );
        }
        let term = self.text_field(mapping.get("term"), region, "term");
        let definition = self.text_field(mapping.get("definition"), region, "definition");
        let aliases = match mapping.get("aliases") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::String(alias)) => vec![alias.trim().to_string()],
            Some(Value::Sequence(items)) if items.iter().all(Value::is_string) => items
                .iter()
                .filter_map(Value::as_str)
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty())
                .collect(),
            Some(_) => {
                let offset = self.key_offset(region, "aliases");
                self.problem(
                    offset,
                    "aliases".len(),
                    "`aliases` must be a list of texts".to_string(),
                    "write `aliases: [ABM Treaty, ABMT]`",
                );
                Vec::new()
            }
        };
        let (term, definition) = (term?, definition?);
        let slug = slugify(&term);
        if slug.is_empty() || PAGE_IDS.contains(&slug.as_str()) {
            let offset = self.value_offset(region, "term", &term);
            self.problem(
                offset,
                term.len(),
                format!("the term `{term}` cannot be given an id on the glossary page"),
                "use a term with letters or digits other than `main`, `site-header` and `site-footer`",
            );
            return None;
        }
        Some(GlossaryTerm {
            term,
            slug,
            definition,
            aliases,
        })
    }

    fn text_field(
        &mut self,
        value: Option<&Value>,
        region: (usize, usize),
        key: &str,
    ) -> Option<String> {
        match value {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Value::Number(n)) => Some(n.to_string()),
            None | Some(Value::Null) => {
                self.problem(
                    region.0,
                    1,
                    format!("this glossary entry has no `{key}`"),
                    &format!("add `{key}: ...` to the entry; {EXAMPLE}"),
                );
                None
            }
            Some(_) => {
                let offset = self.key_offset(region, key);
                self.problem(
                    offset,
                    key.len(),
                    format!("`{key}` must be a text"),
                    EXAMPLE,
                );
                None
            }
        }
    }

    /// Rejects a term or alias written twice (in any case), and two terms with the same
    /// id. Returns the matching forms of every term.
    fn check_duplicates(
        &mut self,
        terms: &[(GlossaryTerm, (usize, usize))],
    ) -> Vec<(String, usize)> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut slugs: HashMap<&str, usize> = HashMap::new();
        let mut forms = Vec::new();
        for (index, (term, region)) in terms.iter().enumerate() {
            let region = *region;
            let mut duplicate_term = false;
            for (key, form) in std::iter::once(("term", &term.term))
                .chain(term.aliases.iter().map(|a| ("aliases", a)))
            {
                let normalized = normalize(form);
                if normalized.is_empty() {
                    continue;
                }
                match seen.get(&normalized) {
                    Some(&first) => {
                        duplicate_term |= key == "term";
                        let what = if first == index {
                            "twice in this entry".to_string()
                        } else {
                            format!("already, for `{}`", terms[first].0.term)
                        };
                        let offset = self.value_offset(region, key, form);
                        self.problem(
                            offset,
                            form.len(),
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
                    let offset = self.value_offset(region, "term", &term.term);
                    self.problem(
                        offset,
                        term.term.len(),
                        format!(
                            "`{}` has the same glossary id `#{}` as `{}`",
                            term.term, term.slug, terms[first].0.term
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

    /// The page's entries: every term alphabetically, with the briefs whose first
    /// mention of it links there.
    pub fn entries(&self, briefs: &[Brief]) -> Vec<GlossaryEntry> {
        let index: HashMap<&str, usize> = self
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.slug.as_str(), i))
            .collect();
        let mut using: Vec<Vec<usize>> = vec![Vec::new(); self.terms.len()];
        for (b, brief) in briefs.iter().enumerate() {
            for link in &brief.parsed.body.links {
                if let LinkTarget::Glossary(slug) = &link.target {
                    if let Some(&t) = index.get(slug.as_str()) {
                        if using[t].last() != Some(&b) {
                            using[t].push(b);
                        }
                    }
                }
            }
        }
        let mut entries: Vec<GlossaryEntry> = self
            .terms
            .iter()
            .cloned()
            .zip(using)
            .map(|(term, briefs)| GlossaryEntry { term, briefs })
            .collect();
        entries.sort_by(|a, b| {
            a.term
                .term
                .to_lowercase()
                .cmp(&b.term.term.to_lowercase())
                .then_with(|| a.term.slug.cmp(&b.term.slug))
        });
        entries
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
