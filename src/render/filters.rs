//! Template filters for words in the page's language, given the labels `t` (so a page
//! in another language than the site's passes its own):
//!
//! - `{{ count | plural(t=t, key="n_briefs") }}`: the plural form of `t.n_briefs` for
//!   the number, by the language's plural rule, `{n}` replaced ("3 briefs",
//!   "3 брифа").
//! - `{{ brief.date_iso | format_date(t=t) }}`: a `YYYY-MM-DD` date as people of the
//!   language write it ("12 March 2024", "12 марта 2024 г.", "2024年3月12日");
//!   `format="cite.apa_date"` takes another format of `t`.

use chrono::NaiveDate;
use tera::{Kwargs, State, Tera, TeraResult, Value};

use crate::model::labels::{fill_date, plural_category};

/// Adds the filters to `tera`.
pub fn register(tera: &mut Tera) {
    tera.register_filter("plural", plural);
    tera.register_filter("format_date", format_date);
}

fn label<'v>(t: &'v Value, path: &'v str) -> Option<&'v Value> {
    path.split('.')
        .try_fold(t, |node, part| node.get_from_path(part))
}

fn plural(n: Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let t: Value = kwargs.must_get("t")?;
    let key: &str = kwargs.must_get("key")?;
    let Some(count) = n
        .as_i128()
        .and_then(|c| u64::try_from(c.unsigned_abs()).ok())
    else {
        return Err(tera::Error::message(format!(
            "plural needs a whole number, not `{}`",
            n.name()
        )));
    };
    let language = t
        .get_from_path("lang")
        .and_then(Value::as_str)
        .unwrap_or("en");
    let form = match label(&t, key) {
        Some(forms) if forms.as_map().is_some() => {
            let category = plural_category(language, count);
            [category, "other"]
                .iter()
                .find_map(|c| forms.get_from_path(c).and_then(Value::as_str))
                .unwrap_or("{n}")
                .to_string()
        }
        Some(text) => text.as_str().unwrap_or("{n}").to_string(),
        None => format!("{{n}} {key}"),
    };
    Ok(form.replace("{n}", &count.to_string()))
}

fn format_date(date: &str, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let t: Value = kwargs.must_get("t")?;
    let key: &str = kwargs.get("format")?.unwrap_or("date_format");
    let day =
        NaiveDate::parse_from_str(date.get(..10).unwrap_or(date), "%Y-%m-%d").map_err(|_| {
            tera::Error::message(format!("format_date needs a YYYY-MM-DD date, not `{date}`"))
        })?;
    let format = label(&t, key)
        .or_else(|| label(&t, "date_format"))
        .and_then(Value::as_str)
        .unwrap_or("{year}-{month_number}-{day}");
    let months: Vec<&str> = label(&t, "months")
        .and_then(Value::as_array)
        .map(|m| m.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let months = if months.len() == 12 {
        months
    } else {
        vec![""; 12]
    };
    Ok(fill_date(format, &months, day))
}
