//! The `once` template function: renders a component the first time it is called with
//! some arguments and gives back the same HTML for the same arguments afterwards.
//!
//! ```text
//! {{ once(component="brief_card", brief=brief, heading=heading) }}
//! ```
//!
//! A brief's card appears on its topics', tags', regions', author's and year's list
//! pages: rendering it once instead of on every list page makes list pages several
//! times cheaper, which matters most when an edit shifts every page of a long list.
//!
//! Lists and maps are the same argument when they are the same shared value (a brief's
//! card, a term's link, `t`), found by address; the cache holds on to every value it
//! keyed, so an address cannot be reused by another value while its entry lives. Other
//! values are the same when they are equal (the same kind and contents). A call is
//! looked up by a 128-bit hash of the component's name and its arguments, which makes
//! no string for each of the thousands of cards a list edit shows. Arguments the
//! component takes implicitly (`@t`) are taken from the caller's scope when not passed.

use std::hash::Hasher as _;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use hashbrown::{HashMap, HashSet};
use tera::{Context, Function, Kwargs, State, Tera, TeraResult, Value};

use super::keys::{address, write_scalar, write_str, KeyBytes};

/// The HTML of each component call made so far, by its arguments.
#[derive(Default)]
pub struct RenderedOnce {
    entries: Mutex<HashMap<u128, Entry>>,
    /// The addresses of values replaced since the last sweep.
    stale: Mutex<Vec<usize>>,
}

struct Entry {
    /// The lists and maps the key names by address, kept alive with it, and their
    /// addresses.
    held: Vec<(usize, Value)>,
    html: Value,
}

impl RenderedOnce {
    /// Notes that `values` are being replaced: the entries made with them could not be
    /// found again, and would keep them alive. They are dropped in one sweep once
    /// enough are noted, since a sweep reads every entry (about a millisecond at
    /// 10,000 briefs) and an edit replaces a handful.
    pub fn forget(&self, values: &[&Value]) {
        let mut stale = self.stale.lock().unwrap_or_else(|e| e.into_inner());
        stale.extend(values.iter().filter_map(|v| address(v)));
        if stale.len() < SWEEP_AFTER {
            return;
        }
        let gone: HashSet<usize> = stale.drain(..).collect();
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.retain(|_, entry| !entry.held.iter().any(|(at, _)| gone.contains(at)));
    }

    /// How many entries there are.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.lock().unwrap().len()
    }
}

/// How many replaced values [`RenderedOnce::forget`] notes before it sweeps.
const SWEEP_AFTER: usize = 256;

/// Declares `once` in `tera` before its templates are added (Tera checks that the
/// functions they call exist), as a function that fails: the one [`register`] puts in
/// its place renders with a copy of `tera` that keeps this one, so a component that
/// `once` renders cannot call `once` itself.
pub fn declare(tera: &mut Tera) {
    tera.register_function("once", |_: Kwargs, _: &State| -> TeraResult<Value> {
        Err(tera::Error::message(
            "a component rendered by `once` cannot call `once`: call the component directly",
        ))
    });
}

/// Puts the `once` function that renders with `cache` in `tera`, whose templates are
/// loaded; `files` gives the file of each template, for errors.
pub fn register(tera: &mut Tera, cache: Arc<RenderedOnce>, files: HashMap<String, PathBuf>) {
    let renderer = tera.clone();
    // Tera copies a component's whole definition each time it is asked for one, which
    // cost as much as a card's lookup: the implicit arguments are read once, here.
    let implicit_args = renderer
        .get_component_names()
        .filter_map(|name| renderer.get_component_definition(name))
        .map(|definition| {
            let implicit = definition.args().iter().filter(|a| a.is_implicit());
            let names = implicit.map(|a| a.name().to_string()).collect();
            (definition.name().to_string(), names)
        })
        .collect();
    tera.register_function(
        "once",
        Once {
            renderer,
            implicit_args,
            cache,
            files,
        },
    );
}

struct Once {
    renderer: Tera,
    /// The names of each component's implicit (`@`) arguments, by component.
    implicit_args: HashMap<String, Vec<String>>,
    cache: Arc<RenderedOnce>,
    files: HashMap<String, PathBuf>,
}

impl Function<TeraResult<Value>> for Once {
    fn call(&self, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
        let name: &str = kwargs.must_get("component")?;
        let Some(implicit_args) = self.implicit_args.get(name) else {
            return Err(tera::Error::message(format!(
                "`once` was given `component=\"{name}\"`, and no component has that name"
            )));
        };
        let passed = || {
            kwargs
                .iter()
                .filter_map(|(key, value)| Some((key.as_str()?, value)))
                .filter(|(key, _)| *key != "component")
        };
        let mut taken: Vec<(&str, Value)> = Vec::new();
        for arg in implicit_args {
            if !passed().any(|(key, _)| key == arg) {
                if let Some(value) = state.get::<Value>(arg)? {
                    taken.push((arg, value));
                }
            }
        }
        let args = || passed().chain(taken.iter().map(|(key, value)| (*key, value)));
        let key = cache_key(name, args());
        if let Some(entry) = self.lock().get(&key) {
            return Ok(entry.html.clone());
        }
        let mut context = Context::new();
        let mut held = Vec::new();
        for (key, value) in args() {
            if let Some(at) = address(value) {
                held.push((at, value.clone()));
            }
            context.insert_value(key.to_string(), value.clone());
        }
        let html = self
            .renderer
            .render_component(name, &context, None, true)
            .map_err(|err| self.failed(name, &err))?;
        let html = Value::safe_string(&html);
        self.lock().insert(
            key,
            Entry {
                held,
                html: html.clone(),
            },
        );
        Ok(html)
    }

    fn is_safe(&self) -> bool {
        true
    }
}

impl Once {
    /// The error of a component that failed: Tera reports it at the call of `once`, so
    /// the message says where in the component it failed.
    fn failed(&self, component: &str, err: &tera::Error) -> tera::Error {
        let what = match err.kind() {
            tera::ErrorKind::RenderingError(report) => {
                let file = self.files.get(report.filename()).map_or_else(
                    || report.filename().to_string(),
                    |path| path.display().to_string(),
                );
                let span = report.span();
                let (line, column) = (span.start_line, span.start_col + 1);
                format!(
                    "in component `{component}` at {file}:{line}:{column}: {}",
                    report.message()
                )
            }
            _ => format!("in component `{component}`: {err}"),
        };
        tera::Error::message(what)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u128, Entry>> {
        self.cache.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The key of a call: the component's name and each argument's name and value, a list
/// or map by its address. Tera passes the arguments in no set order, so each one's hash
/// is added to the others'. 128 bits, so that two calls' keys do not meet by chance.
fn cache_key<'a>(component: &str, args: impl Iterator<Item = (&'a str, &'a Value)>) -> u128 {
    let mut combined = 0u128;
    let mut state = KeyBytes::default();
    for (name, value) in args {
        state.clear();
        write_str(&mut state, name);
        match address(value) {
            Some(at) => {
                state.write_u8(b'@');
                state.write_usize(at);
            }
            None => write_scalar(value, &mut state),
        }
        combined = combined.wrapping_add(state.finish128());
    }
    state.clear();
    write_str(&mut state, component);
    state.write_u128(combined);
    state.finish128()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera_with_card() -> (Tera, Arc<RenderedOnce>) {
        let mut tera = Tera::new();
        declare(&mut tera);
        tera.add_raw_templates([
            (
                "components.html",
                "{% component card(brief, heading=3, @t) %}<h{{ heading }}>{{ t.by }} {{ brief.title }}</h{{ heading }}>{% endcomponent card %}",
            ),
            (
                "list.html",
                "{% for b in briefs %}{{ once(component=\"card\", brief=b, heading=h) }}{% endfor %}",
            ),
        ])
        .unwrap();
        let cache = Arc::new(RenderedOnce::default());
        register(&mut tera, cache.clone(), HashMap::new());
        (tera, cache)
    }

    fn page(tera: &Tera, briefs: &[Value], heading: i64, t: &Value) -> String {
        let mut context = Context::new();
        context.insert("briefs", &briefs.to_vec());
        context.insert("h", &heading);
        context.insert("t", t);
        tera.render("list.html", &context).unwrap()
    }

    /// A map of one field, at an address of its own.
    fn map_of(field: &'static str, text: &str) -> Value {
        Value::from(std::collections::BTreeMap::from([(
            field,
            Value::from(text),
        )]))
    }

    fn brief(title: &str) -> Value {
        map_of("title", title)
    }

    #[test]
    fn renders_each_distinct_call_once_and_escapes_like_the_component() {
        let (tera, cache) = tera_with_card();
        let t = map_of("by", "by");
        let (a, b) = (brief("A & B"), brief("C"));
        let first = page(&tera, &[a.clone(), b.clone()], 2, &t);
        assert_eq!(first, "<h2>by A &amp; B</h2><h2>by C</h2>");
        assert_eq!(
            page(&tera, &[b.clone(), a.clone()], 2, &t),
            "<h2>by C</h2><h2>by A &amp; B</h2>"
        );
        assert_eq!(
            page(&tera, std::slice::from_ref(&a), 3, &t),
            "<h3>by A &amp; B</h3>"
        );
        assert_eq!(cache.len(), 3);
    }

    #[test]
    fn an_equal_value_at_another_address_is_rendered_from_its_own_contents() {
        let (tera, cache) = tera_with_card();
        let t = map_of("by", "by");
        let old = brief("Old title");
        assert_eq!(
            page(&tera, std::slice::from_ref(&old), 2, &t),
            "<h2>by Old title</h2>"
        );
        cache.forget(&[&old]);
        assert_eq!(cache.len(), 1, "swept only once enough values are noted");
        let others: Vec<Value> = (1..SWEEP_AFTER).map(|i| brief(&i.to_string())).collect();
        cache.forget(&others.iter().collect::<Vec<_>>());
        assert_eq!(cache.len(), 0);
        drop(old);
        let new = brief("New title");
        assert_eq!(page(&tera, &[new], 2, &t), "<h2>by New title</h2>");
    }

    #[test]
    fn a_failing_component_is_reported_with_the_place_in_it() {
        let (tera, _) = tera_with_card();
        let mut context = Context::new();
        context.insert("briefs", &vec![brief("A")]);
        context.insert("h", &2);
        context.insert("t", &map_of("title", "no `by` label"));
        let err = tera.render("list.html", &context).unwrap_err();
        let message = format!("{err:?}");
        assert!(
            message
                .contains("in component `card` at components.html:1:64: Field `by` is not defined"),
            "{message}"
        );
    }

    #[test]
    fn an_unknown_component_is_an_error_that_names_it() {
        let mut tera = Tera::new();
        declare(&mut tera);
        tera.add_raw_template("page.html", "{{ once(component=\"nope\") }}")
            .unwrap();
        register(&mut tera, Arc::default(), HashMap::new());
        let err = tera.render("page.html", &Context::new()).unwrap_err();
        assert!(
            format!("{err:?}").contains("no component has that name"),
            "{err:?}"
        );
    }
}
