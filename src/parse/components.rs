//! Components: small templates a brief calls with Hugo's shortcode syntax,
//! `{{< pullquote by="Shinzo Abe" >}}...{{< /pullquote >}}`.
//!
//! Each is a Tera 2 component in a file of its name, `site/shortcodes/<name>.html` (or
//! the theme's `shortcodes/`), whose arguments are declared with their defaults:
//! `{% component pullquote(by="", role="") %}...{{ body }}...{% endcomponent pullquote %}`.
//! The declarations let a call be checked where it is written: an unknown argument,
//! a missing one or a value of the wrong type is an error at the call, with a
//! suggestion. A shortcode whose name no component has stays text, with a warning
//! (`W-shortcode`), as before; one whose name is close to a component's is an error.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use tera::{ComponentArgType, Context, Tera};
use xxhash_rust::xxh3::Xxh3;

use crate::load::TemplateFile;
use crate::model::diagnostics::{Diagnostic, Span};

/// The site's components, compiled.
#[derive(Default)]
pub struct Components {
    tera: Tera,
    /// Each component's declared arguments, by name.
    declared: BTreeMap<String, Vec<Argument>>,
    /// A hash of every component file: briefs are parsed again when it changes.
    pub fingerprint: u64,
}

impl std::fmt::Debug for Components {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Components")
            .field("declared", &self.declared)
            .finish_non_exhaustive()
    }
}

/// A declared argument of a component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Argument {
    pub name: String,
    pub required: bool,
    pub kind: Option<ArgumentKind>,
}

/// The type a component declares for an argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgumentKind {
    Text,
    Bool,
    Integer,
    Number,
    Other,
}

/// A value given to a component, as written: quoted text, or a bare word.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Quoted(String),
    Bare(String),
}

impl Components {
    /// Compiles the component files; returns the components that compiled and the
    /// problems of the others, at their place in their file.
    pub fn load(files: &[TemplateFile]) -> (Components, Vec<Diagnostic>) {
        let mut components = Components::default();
        let mut problems = Vec::new();
        let mut fingerprint = Xxh3::new();
        for file in files {
            (&file.name, &file.text).hash(&mut fingerprint);
            let Some(name) = file.name.strip_suffix(".html").filter(|n| !n.contains('/')) else {
                continue;
            };
            if let Err(err) = components.tera.add_raw_template(&file.name, &file.text) {
                problems.push(tera_problem(&err, file));
                continue;
            }
            match components.tera.get_component_definition(name) {
                Some(info) => {
                    let arguments = info
                        .args()
                        .iter()
                        .filter(|a| !a.is_implicit())
                        .map(|a| Argument {
                            name: a.name().to_string(),
                            required: a.is_required(),
                            kind: a.arg_type().map(|t| match t {
                                ComponentArgType::String => ArgumentKind::Text,
                                ComponentArgType::Bool => ArgumentKind::Bool,
                                ComponentArgType::Integer => ArgumentKind::Integer,
                                ComponentArgType::Float | ComponentArgType::Number => ArgumentKind::Number,
                                _ => ArgumentKind::Other,
                            }),
                        })
                        .collect();
                    components.declared.insert(name.to_string(), arguments);
                }
                None => problems.push(
                    Diagnostic::error(
                        "E-component",
                        format!("`{}` defines no component `{name}`", file.path.display()),
                    )
                    .in_file(&file.path)
                    .hint(format!(
                        "a component file holds `{{% component {name}(argument=\"default\") %}}...{{% endcomponent {name} %}}`"
                    )),
                ),
            }
        }
        components.fingerprint = fingerprint.finish();
        (components, problems)
    }

    /// The declared arguments of component `name`, when there is one.
    pub fn arguments(&self, name: &str) -> Option<&[Argument]> {
        self.declared.get(name).map(Vec::as_slice)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.declared.keys().map(String::as_str)
    }

    /// Renders component `name` with `arguments` (checked against its declaration
    /// already) and `body` (HTML): its HTML, or Tera's message.
    pub fn render(&self, name: &str, arguments: &Context, body: &str) -> Result<String, String> {
        self.tera
            .render_component(name, arguments, Some(body), true)
            .map_err(|err| {
                let mut message = err.to_string();
                let mut source = std::error::Error::source(&err);
                while let Some(cause) = source {
                    message = format!("{message}: {cause}");
                    source = cause.source();
                }
                message
            })
    }
}

/// A Tera error in a component file, at its line and column.
fn tera_problem(err: &tera::Error, file: &TemplateFile) -> Diagnostic {
    let mut problem = Diagnostic::error(
        "E-template-syntax",
        format!("component syntax error: {err}"),
    )
    .in_file(&file.path)
    .hint("fix the component; `site/shortcodes/` overrides a theme's component of the same name");
    if let tera::ErrorKind::SyntaxError(report) = err.kind() {
        let span = report.span();
        problem.message = format!("component syntax error: {}", report.message());
        problem = problem.with_span(Span::from_line_column(
            &file.text,
            span.start_line,
            span.start_col + 1,
            1,
        ));
    }
    problem
}

/// A call as written: `{{< name key="value" flag=true >}}` or `{{< /name >}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub name: String,
    /// Where the name is, relative to the start of the call.
    pub name_at: std::ops::Range<usize>,
    pub closing: bool,
    pub arguments: Vec<WrittenArgument>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WrittenArgument {
    pub name: String,
    pub value: Value,
    /// Where `name=value` is, relative to the start of the call.
    pub at: std::ops::Range<usize>,
}

/// Reads a call (`{{< ... >}}` or `{{% ... %}}`). `Err` holds what is wrong, what to
/// do, and where (relative to the call).
pub fn read_call(text: &str) -> Result<Written, (String, String, std::ops::Range<usize>)> {
    let inner_start = 3;
    let inner_end = text.len().saturating_sub(3).max(inner_start);
    let inner = &text[inner_start..inner_end];
    let lead = inner.len() - inner.trim_start().len();
    let mut at = inner_start + lead;
    let closing = text[at..].starts_with('/');
    if closing {
        at += 1;
    }
    let name_len = text[at..inner_end]
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(inner_end - at);
    let name = text[at..at + name_len].to_string();
    let name_at = at..at + name_len;
    at += name_len;
    let mut arguments = Vec::new();
    loop {
        at += text[at..inner_end].len() - text[at..inner_end].trim_start().len();
        if at >= inner_end {
            break;
        }
        let start = at;
        let key_len = text[at..inner_end]
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(inner_end - at);
        let key = &text[at..at + key_len];
        at += key_len;
        if key.is_empty() || !text[at..inner_end].starts_with('=') {
            let token_end = text[start..inner_end]
                .find(char::is_whitespace)
                .map_or(inner_end, |i| start + i)
                .max(start + 1);
            return Err((
                format!("`{}` is not a named argument", &text[start..token_end]),
                "components take named arguments: `name=\"value\"`".to_string(),
                start..token_end,
            ));
        }
        at += 1;
        let value = match text[at..inner_end].chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let body = &text[at + 1..inner_end];
                let Some(end) = find_closing(body, quote) else {
                    return Err((
                        format!("the value of `{key}` has no closing {quote}"),
                        format!("end it with {quote}"),
                        start..inner_end,
                    ));
                };
                let value = body[..end].replace(&format!("\\{quote}"), &quote.to_string());
                at += end + 2;
                Value::Quoted(value)
            }
            _ => {
                let end = text[at..inner_end]
                    .find(char::is_whitespace)
                    .map_or(inner_end, |i| at + i);
                let value = text[at..end].to_string();
                at = end;
                Value::Bare(value)
            }
        };
        arguments.push(WrittenArgument {
            name: key.to_string(),
            value,
            at: start..at,
        });
    }
    Ok(Written {
        name,
        name_at,
        closing,
        arguments,
    })
}

/// Where the unescaped `quote` closing a value is in `text`.
fn find_closing(text: &str, quote: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            c if c == quote && !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

/// Turns a written value into the value a component gets: as its declared type, or,
/// when it declares none, quoted text as text and bare `true`, `false` and numbers as
/// themselves. `Err` holds what is wrong.
pub fn typed(value: &Value, kind: Option<ArgumentKind>) -> Result<tera::Value, String> {
    let text = match value {
        Value::Quoted(t) | Value::Bare(t) => t.as_str(),
    };
    let number = || -> Option<tera::Value> {
        text.parse::<i64>().map(tera::Value::from).ok().or_else(|| {
            text.parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(tera::Value::from)
        })
    };
    match kind {
        Some(ArgumentKind::Text) => Ok(tera::Value::from(text)),
        Some(ArgumentKind::Bool) => match text {
            "true" => Ok(tera::Value::from(true)),
            "false" => Ok(tera::Value::from(false)),
            _ => Err("must be `true` or `false`".to_string()),
        },
        Some(ArgumentKind::Integer) => text
            .parse::<i64>()
            .map(tera::Value::from)
            .map_err(|_| "must be a whole number".to_string()),
        Some(ArgumentKind::Number) => number().ok_or_else(|| "must be a number".to_string()),
        Some(ArgumentKind::Other) => {
            Err("takes a list or a map, which a brief cannot write".to_string())
        }
        None => Ok(match value {
            Value::Quoted(t) => tera::Value::from(t.as_str()),
            Value::Bare(t) if t == "true" => tera::Value::from(true),
            Value::Bare(t) if t == "false" => tera::Value::from(false),
            Value::Bare(t) => number().unwrap_or_else(|| tera::Value::from(t.as_str())),
        }),
    }
}

/// The arguments as a Tera context.
pub fn context(values: Vec<(String, tera::Value)>) -> Context {
    let mut context = Context::new();
    for (name, value) in values {
        context.insert_value(name, value);
    }
    context
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file(name: &str, text: &str) -> TemplateFile {
        TemplateFile {
            name: name.to_string(),
            path: PathBuf::from("site/shortcodes").join(name),
            text: text.to_string(),
            replaced: None,
        }
    }

    #[test]
    fn calls_are_read_with_their_places() {
        let text = r#"{{< video id="a\"b" start=30 autoplay >}}"#;
        let err = read_call(text).unwrap_err();
        assert_eq!(&text[err.2], "autoplay");
        let call = read_call(r#"{{< video id="a\"b" start=30 >}}"#).unwrap();
        assert_eq!(call.name, "video");
        assert_eq!(call.arguments[0].value, Value::Quoted("a\"b".into()));
        assert_eq!(call.arguments[1].value, Value::Bare("30".into()));
        let closing = read_call("{{% /pullquote %}}").unwrap();
        assert!(closing.closing);
        assert_eq!(closing.name, "pullquote");
    }

    #[test]
    fn components_declare_their_arguments_and_render_their_body() {
        let (components, problems) = Components::load(&[
            file(
                "quote.html",
                "{% component quote(by, year: Integer = 0) %}<blockquote>{{ body }}<p>{{ by }} {{ year }}</p></blockquote>{% endcomponent quote %}",
            ),
            file("wrong.html", "{% component other() %}x{% endcomponent other %}"),
        ]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("defines no component `wrong`"));
        let arguments = components.arguments("quote").unwrap();
        assert_eq!(
            arguments[0],
            Argument {
                name: "by".into(),
                required: true,
                kind: None
            }
        );
        assert_eq!(arguments[1].kind, Some(ArgumentKind::Integer));
        let context = context(vec![
            (
                "by".into(),
                typed(&Value::Quoted("<Abe>".into()), None).unwrap(),
            ),
            (
                "year".into(),
                typed(&Value::Bare("2013".into()), Some(ArgumentKind::Integer)).unwrap(),
            ),
        ]);
        let html = components.render("quote", &context, "<p>Text</p>").unwrap();
        assert_eq!(
            html,
            "<blockquote><p>Text</p><p>&lt;Abe&gt; 2013</p></blockquote>"
        );
        assert!(typed(&Value::Bare("x".into()), Some(ArgumentKind::Integer)).is_err());
    }
}
