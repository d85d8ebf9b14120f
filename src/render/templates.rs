//! Loading the theme's templates, and turning template errors into diagnostics at the
//! template's file, line and column.

use std::cell::Cell;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Once;

use tera::Tera;

use crate::load::TemplateFile;
use crate::model::diagnostics::{Diagnostic, Span};

/// Templates every theme must provide.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "index.html",
    "brief.html",
    "briefs.html",
    "taxonomy.html",
    "term.html",
    "archive.html",
    "archive_year.html",
    "page.html",
    "series.html",
    "series_index.html",
    "intersection.html",
    "timeline.html",
    "glossary.html",
    "search.html",
    "404.html",
];

/// Loaded templates plus where each came from, for error locations.
pub struct Templates {
    pub(super) tera: Tera,
    pub(super) files: HashMap<String, (PathBuf, String)>,
    /// Hash of every template's name and text: a template edit changes every page key.
    pub(super) fingerprint: u64,
}

/// Tera builds a hash map (ahash's) for every call's arguments, map literal and loop,
/// and each map's seed comes from one atomic counter that the rendering threads
/// share: that cache line moving between cores was 2% of the CPU of a list edit. The
/// counter is made per thread instead; the keys stay the process's random ones, and
/// no output depends on a map's order. Called before anything makes a Tera value
/// (configuration labels are some): the source can only be set before the first map.
pub(crate) fn seed_maps_per_thread() {
    struct PerThread;
    impl ahash::random_state::RandomSource for PerThread {
        fn gen_hasher_seed(&self) -> usize {
            thread_local!(static NEXT: Cell<usize> = const { Cell::new(0) });
            NEXT.with(|next| {
                // Threads start apart (their counter's address) and step by an odd
                // number, so no two maps of a thread share a seed.
                let seed = match next.get() {
                    0 => next as *const Cell<usize> as usize,
                    seed => seed,
                };
                next.set(seed.wrapping_add(0x9E37_79B9_7F4A_7C15_u64 as usize));
                seed
            })
        }
    }
    static INSTALLED: Once = Once::new();
    // Fails only when some map was made before: then the default source stays.
    INSTALLED.call_once(|| {
        let _ = ahash::random_state::set_random_source(PerThread);
    });
}

/// Parses all templates. Reports syntax errors at their file, line and column.
pub fn load_templates(templates: &[TemplateFile]) -> Result<Templates, Vec<Diagnostic>> {
    let files: HashMap<String, (PathBuf, String)> = templates
        .iter()
        .map(|t| (t.name.clone(), (t.path.clone(), t.text.clone())))
        .collect();
    let mut problems = Vec::new();
    for required in REQUIRED_TEMPLATES {
        if !files.contains_key(*required) {
            problems.push(
                Diagnostic::error(
                    "E-template-missing",
                    format!("the theme has no `{required}` template"),
                )
                .hint(format!(
                    "add `site/templates/{required}`, or use `theme: default`"
                )),
            );
        }
    }
    let mut tera = Tera::new();
    super::filters::register(&mut tera);
    super::once::declare(&mut tera);
    let dropped = dropped_components(templates);
    let mut callers: Vec<Vec<String>> = dropped
        .iter()
        .map(|(name, _)| once_callers(templates, name))
        .collect();
    if let Err(err) =
        tera.add_raw_templates(templates.iter().map(|t| (t.name.as_str(), t.text.as_str())))
    {
        for problem in template_problems(&err, &files, None) {
            // A call of a component the site's template dropped is reported once, at the
            // site's template (below): Tera's report is at the calling template, which
            // may be the built-in theme's, a file the user cannot open.
            let dropped_at = dropped.iter().position(|(name, _)| {
                problem
                    .message
                    .ends_with(&format!("Unknown component `{name}`"))
            });
            match dropped_at {
                Some(at) => callers[at].push(template_name(templates, problem.file.as_deref())),
                None => problems.push(problem),
            }
        }
    }
    for ((name, template), mut callers) in dropped.iter().zip(callers) {
        if callers.is_empty() {
            continue;
        }
        callers.sort();
        callers.dedup();
        problems.push(dropped_component(name, template, &callers));
    }
    let mut fingerprint = xxhash_rust::xxh3::Xxh3::default();
    for template in templates {
        (&template.name, &template.text).hash(&mut fingerprint);
    }
    if problems.is_empty() {
        Ok(Templates {
            tera,
            files,
            fingerprint: fingerprint.finish(),
        })
    } else {
        Err(problems)
    }
}

/// The components a site template's theme counterpart defined that no template defines
/// any more (a `site/templates/components.html` copied in part), each with the site's
/// template that replaced it.
fn dropped_components(templates: &[TemplateFile]) -> Vec<(String, &TemplateFile)> {
    let defined: Vec<&str> = templates
        .iter()
        .flat_map(|t| component_names(&t.text))
        .collect();
    let mut dropped = Vec::new();
    for template in templates {
        let Some(replaced) = &template.replaced else {
            continue;
        };
        for name in component_names(replaced) {
            if !defined.contains(&name) {
                dropped.push((name.to_string(), template));
            }
        }
    }
    dropped
}

/// The names of the components `text` defines (`{% component name(...) %}`).
fn component_names(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for (at, _) in text.match_indices("{%") {
        let rest = text[at + 2..].trim_start_matches('-').trim_start();
        let Some(rest) = rest.strip_prefix("component") else {
            continue;
        };
        if !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let rest = rest.trim_start();
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if end > 0 {
            names.push(&rest[..end]);
        }
    }
    names
}

/// The templates that render component `name` with `once(component="name")`, a call
/// Tera checks only while rendering.
fn once_callers(templates: &[TemplateFile], name: &str) -> Vec<String> {
    let calls = [
        format!("component=\"{name}\""),
        format!("component='{name}'"),
    ];
    templates
        .iter()
        .filter(|t| calls.iter().any(|call| t.text.contains(call.as_str())))
        .map(|t| t.name.clone())
        .collect()
}

/// The name of the template at `path` (the path itself when none is there).
fn template_name(templates: &[TemplateFile], path: Option<&std::path::Path>) -> String {
    templates
        .iter()
        .find(|t| Some(t.path.as_path()) == path)
        .map_or_else(
            || path.map_or_else(String::new, |p| p.display().to_string()),
            |t| t.name.clone(),
        )
}

/// The error for a component `name` that the site's `template` left out of the theme's
/// file it replaces, and that `callers` still call.
fn dropped_component(name: &str, template: &TemplateFile, callers: &[String]) -> Diagnostic {
    let callers: Vec<String> = callers.iter().map(|c| format!("`{c}`")).collect();
    Diagnostic::error(
        "E-template-missing",
        format!(
            "`{}` has no component `{name}`, which the theme's `{}` had and {} {}",
            template.path.display(),
            template.name,
            callers.join(", "),
            if callers.len() == 1 { "calls" } else { "call" }
        ),
    )
    .in_file(&template.path)
    .with_span(Span::from_line_column(&template.text, 1, 1, 1))
    .hint(format!(
        "copy `{{% component {name}(...) %}}...{{% endcomponent {name} %}}` from the theme's `{}` into it (`statecraft theme eject` writes the theme's files into `themes/default/`), or delete `{}` to use the theme's",
        template.name,
        template.path.display()
    ))
}

/// Turns a Tera error into diagnostics at the template's file and line, naming the
/// page being rendered when there is one. Tera reports every unknown filter, test,
/// function, component and included template of a set of templates in one message,
/// as reports of their own: each becomes a diagnostic at its place.
pub(super) fn template_problems(
    err: &tera::Error,
    files: &HashMap<String, (PathBuf, String)>,
    rendering: Option<&str>,
) -> Vec<Diagnostic> {
    if let tera::ErrorKind::Msg(message) = err.kind() {
        let reports = located_reports(message, files);
        if !reports.is_empty() {
            return reports;
        }
    }
    vec![template_problem(err, files, rendering)]
}

/// The reports in `message` (`error: ...` then ` --> name:line:column` and the line
/// with its carets) of templates in `files`, as syntax errors at their place.
fn located_reports(message: &str, files: &HashMap<String, (PathBuf, String)>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for report in message.split("\n\n") {
        let mut lines = report.lines();
        let Some(what) = lines.next().and_then(|l| l.strip_prefix("error: ")) else {
            continue;
        };
        let Some(place) = lines.next().and_then(|l| l.trim().strip_prefix("--> ")) else {
            continue;
        };
        let mut parts = place.rsplitn(3, ':');
        let (Some(column), Some(line), Some(name)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let (Ok(line), Ok(column), Some((path, text))) = (
            line.parse::<usize>(),
            column.parse::<usize>(),
            files.get(name),
        ) else {
            continue;
        };
        let width = report
            .lines()
            .map(|l| l.matches('^').count())
            .max()
            .unwrap_or(1);
        problems.push(
            Diagnostic::error(
                "E-template-syntax",
                format!("template syntax error: {what}"),
            )
            .hint(reference_hint(what))
            .in_file(path)
            .with_span(Span::from_line_column(text, line, column, width.max(1))),
        );
    }
    problems
}

/// What to do about an unknown name in a template.
fn reference_hint(what: &str) -> String {
    let kind = ["filter", "test", "function", "component", "template"]
        .into_iter()
        .find(|kind| what.starts_with(&format!("Unknown {kind}")));
    match kind {
        Some("template") => "include a template the theme or `site/templates/` has".to_string(),
        Some("component") => {
            "call a component of the theme's `components.html` or one of `site/shortcodes/`".to_string()
        }
        Some(kind) => format!(
            "use a {kind} Tera 2 has (its documentation lists them) or one Statecraft adds (filters `plural` and `format_date`, function `once`)"
        ),
        None => "fix the template; `site/templates/` overrides a theme template of the same name".to_string(),
    }
}

/// Turns a Tera error into a diagnostic at the template's file and line, naming the
/// page being rendered when there is one.
fn template_problem(
    err: &tera::Error,
    files: &HashMap<String, (PathBuf, String)>,
    rendering: Option<&str>,
) -> Diagnostic {
    let context = rendering.map_or_else(String::new, |r| format!(" while rendering {r}"));
    let mut current: Option<&dyn std::error::Error> = Some(err);
    while let Some(e) = current {
        if let Some(tera_err) = e.downcast_ref::<tera::Error>() {
            if let tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) =
                tera_err.kind()
            {
                let (code, what) = match tera_err.kind() {
                    tera::ErrorKind::SyntaxError(_) => {
                        ("E-template-syntax", "template syntax error")
                    }
                    _ => ("E-template-render", "template error"),
                };
                let mut problem = Diagnostic::error(code, format!("{what}: {}{context}", report.message()))
                    .hint("fix the template; `site/templates/` overrides a theme template of the same name");
                if let Some((path, text)) = files.get(report.filename()) {
                    let span = report.span();
                    let width = if span.end_line == span.start_line {
                        span.end_col.saturating_sub(span.start_col)
                    } else {
                        1
                    };
                    problem = problem.in_file(path).with_span(Span::from_line_column(
                        text,
                        span.start_line,
                        span.start_col + 1,
                        width,
                    ));
                }
                return problem;
            }
        }
        current = e.source();
    }
    Diagnostic::error(
        "E-template-render",
        format!("template error: {err}{context}"),
    )
    .hint("fix the template; `site/templates/` overrides a theme template of the same name")
}
