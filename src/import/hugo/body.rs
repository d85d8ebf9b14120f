//! A Hugo page's Markdown made Statecraft's: `ref`/`relref` shortcodes become links
//! to briefs by slug, `figure`-like shortcodes figures (caption, alt text, source
//! line), YouTube and Vimeo the theme's `video` component, other embeds links,
//! `highlight` fenced code; links by old URL become links by slug and a bundle's
//! files their copies in the site. Any other shortcode becomes a call of a component
//! of the same name (positional arguments named `arg1`, `arg2`...), which the import
//! defines as a stand-in and lists for a person.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};

use crate::import::document::{figure, video, ComponentUse};
use crate::parse::markdown::shortcodes;

/// What the body refers to, and how to rewrite it.
pub trait Targets {
    /// `slug.md` for a `ref` argument (`posts/x.md`, `x`, `/posts/x/`), if known.
    fn reference(&self, target: &str) -> Option<String>;
    /// What a `ref` (`absolute`) or `relref` to `target` printed on the old site, if
    /// the page is known: its permalink (`https://example.org/research/posts/x/`), or
    /// the same without scheme and host (`/research/posts/x/`).
    fn printed(&self, target: &str, absolute: bool) -> Option<String>;
    /// `slug.md` for an old URL of the site (`/posts/x/`), if it was a page.
    fn old_url(&self, url: &str) -> Option<String>;
    /// Where a file the page refers to (`chart.png` in a bundle, `/images/x.png`) is
    /// in the new site, as a site path.
    fn file(&mut self, src: &str) -> Option<String>;
}

/// A converted body and what needs a person: (text to find it by, message).
pub struct Converted {
    pub markdown: String,
    pub attention: Vec<(String, String)>,
    /// Shortcodes converted, by name.
    pub converted: BTreeMap<String, usize>,
    /// Shortcodes left as component calls, by component name.
    pub components: BTreeMap<String, ComponentUse>,
}

struct Call {
    name: String,
    closing: bool,
    escaped: bool,
    positional: Vec<String>,
    named: BTreeMap<String, String>,
}

/// Converts the Markdown `body`.
pub fn convert(body: &str, targets: &mut dyn Targets) -> Converted {
    let mut converted = Converted {
        markdown: String::new(),
        attention: Vec::new(),
        converted: BTreeMap::new(),
        components: BTreeMap::new(),
    };
    let found = shortcodes::locate(body);
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    let mut index = 0;
    while index < found.len() {
        let range = found[index].clone();
        out.push_str(&body[at..range.start]);
        at = range.end;
        index += 1;
        let written = &body[range.clone()];
        let call = parse_call(written);
        if call.escaped {
            out.push_str(&format!(
                "`{}`",
                written
                    .replace("/*", "")
                    .replace("*/", "")
                    .replace("  ", " ")
            ));
            continue;
        }
        if call.name == "highlight" && !call.closing {
            let closing = found[index..].iter().position(|r| {
                let next = parse_call(&body[r.clone()]);
                next.closing && next.name == "highlight"
            });
            if let Some(offset) = closing {
                let end = found[index + offset].clone();
                let code = body[range.end..end.start].trim_matches('\n');
                let language = call.positional.first().cloned().unwrap_or_default();
                out.push_str(&format!("```{language}\n{code}\n```"));
                *converted.converted.entry(call.name.clone()).or_default() += 1;
                at = end.end;
                index += offset + 1;
                continue;
            }
        }
        if is_reference(&call) {
            match reference(&call, targets) {
                Some((link, printed)) => {
                    *converted.converted.entry(call.name.clone()).or_default() += 1;
                    if in_text(&out) {
                        out.push_str(&format!("[{}]({link})", markdown_text(&printed)));
                    } else {
                        out.push_str(&link);
                    }
                }
                None => {
                    if !call.closing {
                        converted.attention.push((
                            written.to_string(),
                            format!("`{written}` points at no page of the site: fix the link"),
                        ));
                    }
                    out.push_str(written);
                }
            }
            continue;
        }
        match replacement(&call, targets) {
            Some(text) => {
                *converted.converted.entry(call.name.clone()).or_default() += 1;
                out.push_str(&text);
            }
            None => {
                let name = component_name(&call.name);
                if call.closing {
                    if !out.ends_with('\n') {
                        out.push('\n');
                    }
                    out.push_str(&format!("{{{{< /{name} >}}}}"));
                    if !body[range.end..].starts_with('\n') {
                        out.push('\n');
                    }
                    continue;
                }
                let paired = found[index..].iter().any(|r| {
                    let next = parse_call(&body[r.clone()]);
                    next.closing && next.name == call.name
                });
                let call_text = component_call(&name, &call);
                let used = converted.components.entry(name.clone()).or_default();
                used.shortcode.clone_from(&call.name);
                used.paired |= paired;
                used.arguments.extend(argument_names(&call));
                converted.attention.push((
                    call_text.clone(),
                    format!("the shortcode `{}` is now a call of the component `{name}`: make `site/shortcodes/{name}.html` show what it showed on the old site (the import's stand-in shows only its body)", call.name),
                ));
                // A body is Markdown between calls on their own lines.
                if paired && !(out.is_empty() || out.ends_with('\n')) {
                    out.push_str("\n\n");
                }
                out.push_str(&call_text);
                if paired && !body[range.end..].starts_with('\n') {
                    out.push('\n');
                }
            }
        }
    }
    out.push_str(&body[at..]);
    converted.markdown = rewrite_links(&out, targets, &mut converted.attention);
    converted
}

fn is_reference(call: &Call) -> bool {
    matches!(call.name.as_str(), "ref" | "relref")
}

/// Whether a shortcode written after `before` stands in running text, where Hugo
/// printed the address it gives: not in a link's destination (`[x](`), a link
/// reference definition (`[x]: `) or an HTML attribute (`href="`), which take the
/// address as it is.
fn in_text(before: &str) -> bool {
    let line = before.rsplit('\n').next().unwrap_or("");
    let definition = line.trim_start().starts_with('[') && line.trim_end().ends_with("]:");
    !(before.ends_with("](")
        || before.ends_with("](<")
        || before.ends_with('=')
        || before.ends_with("=\"")
        || before.ends_with("='")
        || definition)
}

/// A `ref` or `relref` call's target: (its link in the new site, `slug.md#anchor` or
/// `/about/`; the address Hugo printed for it on the old site), or `None` when it
/// names no page of the import.
fn reference(call: &Call, targets: &dyn Targets) -> Option<(String, String)> {
    if call.closing {
        return None;
    }
    let target = call
        .named
        .get("path")
        .or(call.positional.first())
        .filter(|t| !t.is_empty())?;
    let (path, anchor) = target
        .split_once('#')
        .map_or((target.as_str(), None), |(p, a)| (p, Some(a)));
    // An anchor alone (`#part`) is in the current page, as Hugo printed it.
    let (mut link, mut printed) = if path.is_empty() {
        (String::new(), String::new())
    } else {
        let absolute = call.name == "ref";
        (targets.reference(path)?, targets.printed(path, absolute)?)
    };
    if let Some(anchor) = anchor {
        for address in [&mut link, &mut printed] {
            address.push('#');
            address.push_str(anchor);
        }
    }
    Some((link, printed))
}

/// `text` as the text of a Markdown link, shown as it is: the characters Markdown
/// would read as markup escaped.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '[' | ']' | '*' | '_' | '`' | '<' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A component's name for a shortcode's: a Tera name (`gallery-item` -> `gallery_item`).
fn component_name(shortcode: &str) -> String {
    let name: String = shortcode
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    }
}

/// The names a component gets a call's arguments by.
fn argument_names(call: &Call) -> Vec<String> {
    let positional = (1..=call.positional.len()).map(|i| format!("arg{i}"));
    positional
        .chain(call.named.keys().map(|k| component_name(k)))
        .collect()
}

/// `{{< notice warning title="Mind" >}}` -> `{{< notice arg1="warning" title="Mind" >}}`.
fn component_call(name: &str, call: &Call) -> String {
    let values = call.positional.iter().chain(call.named.values());
    let mut out = format!("{{{{< {name}");
    for (argument, value) in argument_names(call).iter().zip(values) {
        out.push_str(&format!(" {argument}=\"{}\"", value.replace('"', "\\\"")));
    }
    out.push_str(" >}}");
    out
}

/// `{{< name a "b" key="v" >}}` -> its name and arguments.
fn parse_call(written: &str) -> Call {
    let inner = written
        .get(3..written.len().saturating_sub(3))
        .unwrap_or("")
        .trim();
    let escaped = inner.starts_with("/*");
    let inner = inner.trim_start_matches("/*").trim_end_matches("*/").trim();
    let closing = inner.starts_with('/');
    let inner = inner.trim_start_matches('/').trim();
    let mut words = arguments(inner).into_iter();
    let name = words.next().map(|(_, v)| v).unwrap_or_default();
    let mut call = Call {
        name,
        closing,
        escaped,
        positional: Vec::new(),
        named: BTreeMap::new(),
    };
    for (key, value) in words {
        match key {
            Some(key) => {
                call.named.insert(key.to_ascii_lowercase(), value);
            }
            None => call.positional.push(value),
        }
    }
    call
}

/// Arguments as (name, value): `a "b c" key="v" k=` + "`raw`".
fn arguments(text: &str) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut key = None;
        let mut value = String::new();
        if c == '"' || c == '`' {
            value = quoted(&mut chars);
        } else {
            let mut word = String::new();
            while let Some(&(_, c)) = chars.peek() {
                if c.is_whitespace() || c == '=' {
                    break;
                }
                word.push(c);
                chars.next();
            }
            if chars.peek().is_some_and(|&(_, c)| c == '=') {
                chars.next();
                key = Some(word);
                match chars.peek() {
                    Some(&(_, q)) if q == '"' || q == '`' => value = quoted(&mut chars),
                    _ => {
                        while let Some(&(_, c)) = chars.peek() {
                            if c.is_whitespace() {
                                break;
                            }
                            value.push(c);
                            chars.next();
                        }
                    }
                }
            } else {
                value = word;
            }
        }
        let _ = start;
        out.push((key, value));
    }
    out
}

fn quoted(chars: &mut std::iter::Peekable<std::str::CharIndices>) -> String {
    let Some((_, quote)) = chars.next() else {
        return String::new();
    };
    let mut value = String::new();
    while let Some((_, c)) = chars.next() {
        if c == '\\' && quote == '"' {
            if let Some((_, escaped)) = chars.next() {
                value.push(escaped);
            }
            continue;
        }
        if c == quote {
            break;
        }
        value.push(c);
    }
    value
}

/// What a known shortcode becomes.
fn replacement(call: &Call, targets: &mut dyn Targets) -> Option<String> {
    let arg = |names: &[&str], position: usize| -> Option<String> {
        names
            .iter()
            .find_map(|n| call.named.get(*n).cloned())
            .or_else(|| call.positional.get(position).cloned())
            .filter(|v| !v.is_empty())
    };
    if call.closing {
        return None;
    }
    match call.name.as_str() {
        "figure" | "fig" | "img" | "image" | "imgproc" | "picture" => {
            let src = arg(&["src", "link"], 0)?;
            let src = targets.file(&src).unwrap_or(src);
            let caption: Vec<String> = [arg(&["title"], 99), arg(&["caption"], 99)]
                .into_iter()
                .flatten()
                .collect();
            let caption = caption.join(". ");
            let alt = arg(&["alt"], 99);
            let source = arg(&["attr"], 99).map(|attr| match arg(&["attrlink"], 99) {
                Some(link) => format!("[{attr}]({link})"),
                None => attr,
            });
            Some(figure(&src, &caption, alt.as_deref(), source.as_deref()))
        }
        "youtube" | "vimeo" => {
            let id = arg(&["id"], 0)?;
            let id = id.replace(
                |c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                "",
            );
            let title = arg(&["title"], 99).unwrap_or_default();
            Some(video(
                &call.name,
                &id,
                &title,
                arg(&["start"], 99).as_deref(),
            ))
        }
        "tweet" | "x" => {
            let id = arg(&["id"], 1).or_else(|| arg(&["id"], 0))?;
            let user = arg(&["user"], 0)
                .filter(|u| *u != id)
                .unwrap_or_else(|| "i".into());
            Some(format!("<https://x.com/{user}/status/{id}>"))
        }
        "gist" => {
            let user = arg(&["user"], 0)?;
            let id = arg(&["id"], 1)?;
            Some(format!("<https://gist.github.com/{user}/{id}>"))
        }
        "instagram" => arg(&["id"], 0).map(|id| format!("<https://www.instagram.com/p/{id}/>")),
        _ => None,
    }
}

/// Links by old URL to links by slug, and files of the page to their new place;
/// `[[text]]`, plain text to Hugo, escaped so that it does not become a wiki link.
fn rewrite_links(
    markdown: &str,
    targets: &mut dyn Targets,
    attention: &mut Vec<(String, String)>,
) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_WIKILINKS;
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        let (dest, is_image) = match &event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                ..
            }) => {
                let written = &markdown[range.clone()];
                edits.push((range, written.replace('[', "\\[").replace(']', "\\]")));
                continue;
            }
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url.to_string(), false),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url.to_string(), true),
            _ => continue,
        };
        let has_scheme = dest
            .split_once(':')
            .is_some_and(|(s, _)| s.chars().all(|c| c.is_ascii_alphabetic()));
        if dest.is_empty()
            || dest.starts_with('#')
            || dest.ends_with(".md")
            || dest.contains(".md#")
            || has_scheme
        {
            continue;
        }
        let new = if is_image {
            targets.file(&dest)
        } else {
            targets.old_url(&dest).or_else(|| targets.file(&dest))
        };
        let Some(new) = new else {
            // A relative address names a file beside the page, which Statecraft would
            // look for beside the brief; so does a link by old URL.
            if !is_image || !dest.starts_with('/') {
                attention.push((
                    dest.clone(),
                    format!("a link to `{dest}`, which is no page or file of the imported site: check it"),
                ));
            }
            continue;
        };
        let written = &markdown[range.clone()];
        if let Some(at) = written.rfind(&format!("({dest}")) {
            let start = range.start + at + 1;
            edits.push((start..start + dest.len(), new));
        }
    }
    let mut out = markdown.to_string();
    for (range, new) in edits.into_iter().rev() {
        out.replace_range(range, &new);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Site;

    impl Targets for Site {
        fn reference(&self, target: &str) -> Option<String> {
            (target.contains("kuril")).then(|| "kuril.md".to_string())
        }
        fn printed(&self, target: &str, absolute: bool) -> Option<String> {
            let base = if absolute { "https://example.org" } else { "" };
            (target.contains("kuril")).then(|| format!("{base}/posts/kuril/"))
        }
        fn old_url(&self, url: &str) -> Option<String> {
            (url == "/posts/kuril/").then(|| "kuril.md".to_string())
        }
        fn file(&mut self, src: &str) -> Option<String> {
            (src == "chart.png").then(|| "/media/lng/chart.png".to_string())
        }
    }

    #[test]
    fn known_shortcodes_are_converted() {
        let body = "See [the dispute]({{< ref \"posts/kuril.md#history\" >}}) and [old](/posts/kuril/).\n\n{{< figure src=\"chart.png\" title=\"Imports\" caption=\"By source\" >}}\n\n{{< youtube w7Ft2ymGmfc >}}\n\n{{< highlight go >}}\nfmt.Println(1)\n{{< /highlight >}}\n\n{{< notice warning >}}Careful{{< /notice >}}\n\n{{< ref \"gone.md\" >}}\n\n`{{< ref \"x\" >}}` stays. {{</* figure src=\"x\" */>}}";
        let out = convert(body, &mut Site);
        assert_eq!(
            out.markdown,
            "See [the dispute](kuril.md#history) and [old](kuril.md).\n\n![Imports. By source](/media/lng/chart.png)\n\n{{< video provider=\"youtube\" id=\"w7Ft2ymGmfc\" title=\"YouTube video w7Ft2ymGmfc\" >}}\n\n```go\nfmt.Println(1)\n```\n\n{{< notice arg1=\"warning\" >}}\nCareful\n{{< /notice >}}\n\n{{< ref \"gone.md\" >}}\n\n`{{< ref \"x\" >}}` stays. `{{< figure src=\"x\" >}}`"
        );
        assert_eq!(out.attention.len(), 2, "{:?}", out.attention);
        assert!(out.attention[0]
            .1
            .contains("shortcode `notice` is now a call of the component `notice`"));
        assert!(out.attention[1].1.contains("points at no page"));
        let notice = &out.components["notice"];
        assert!(notice.paired);
        assert_eq!(notice.arguments.iter().collect::<Vec<_>>(), ["arg1"]);
    }

    #[test]
    fn figures_keep_caption_alt_text_and_attribution() {
        let body = "{{< figure src=\"chart.png\" caption=\"Imports [2023]\" alt=\"Bars by source\" attr=\"MOF\" attrlink=\"https://mof.example\" >}}\n\n{{% gallery-item \"a b\" size=big %}}";
        let out = convert(body, &mut Site);
        assert_eq!(
            out.markdown,
            "![Imports \\[2023\\]](/media/lng/chart.png){alt=\"Bars by source\"}\nSource: [MOF](https://mof.example)\n\n{{< gallery_item arg1=\"a b\" size=\"big\" >}}"
        );
        assert!(!out.components["gallery_item"].paired);
    }
}
