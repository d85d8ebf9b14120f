//! Who writes each path of the output. Every page, file and redirect claims its path
//! here; two claims on one path are an error naming both owners.

use std::collections::{HashMap, HashSet};

use crate::config::Config;
use crate::link::taxonomy::Taxonomies;
use crate::link::{Brief, Intersection, Page, Series};
use crate::model::diagnostics::Diagnostic;
use crate::model::taxonomy::TaxonomyKind;
use crate::model::urls;

/// Everything that writes output files.
pub(super) struct Outputs<'a> {
    pub config: &'a Config,
    pub briefs: &'a [Brief],
    pub pages: &'a [Page],
    pub taxonomies: &'a Taxonomies,
    pub series: &'a [Series],
    pub intersections: &'a [Intersection],
    /// Static files as (name templates use, path in the output).
    pub assets: &'a [(String, String)],
    /// The site has a glossary page.
    pub glossary: bool,
}

/// The owner of each claimed site path, described for people ("brief briefs/a.md").
#[derive(Default)]
struct Claims {
    owners: HashMap<String, String>,
}

impl Claims {
    /// Claims `path` for `owner`; the previous owner when it was taken.
    fn claim(&mut self, path: String, owner: &str) -> Result<(), String> {
        match self.owners.get(&path) {
            Some(previous) => Err(previous.clone()),
            None => {
                self.owners.insert(path, owner.to_string());
                Ok(())
            }
        }
    }
}

fn collision(owner: &str, path: &str, previous: &str) -> Diagnostic {
    Diagnostic::error(
        "E-url-collision",
        format!("{owner} writes `/{path}`, which {previous} already writes"),
    )
    .hint("give one of them another slug (or rename the file)")
}

/// Records who writes each output path and reports two outputs at one path. Returns
/// every path of the site (for checking `/absolute/` links).
pub(super) fn claim_paths(outputs: &Outputs, problems: &mut Vec<Diagnostic>) -> HashSet<String> {
    let mut claims = Claims::default();
    claim_generated(&mut claims, outputs, problems);
    // Briefs in file order, so a collision is reported at the later file; aliases
    // last, so an alias over a real page is reported at the alias.
    let mut by_file: Vec<&Brief> = outputs.briefs.iter().collect();
    by_file.sort_by(|a, b| a.parsed.source.cmp(&b.parsed.source));
    claim_briefs(&mut claims, &by_file, problems);
    claim_pages(&mut claims, outputs.pages, problems);
    for (_, path) in outputs.assets {
        let owner = format!("static file `{path}`");
        if let Err(previous) = claims.claim(urls::site_path_of(path).to_string(), &owner) {
            problems.push(collision(&owner, path, &previous));
        }
    }
    claim_aliases(&mut claims, &by_file, problems);
    claims.owners.into_keys().collect()
}

/// The pages every site has, and the list pages of briefs, terms, topic pairs and
/// series.
fn claim_generated(claims: &mut Claims, outputs: &Outputs, problems: &mut Vec<Diagnostic>) {
    let mut generated = |path: String, owner: &str| {
        if let Err(previous) = claims.claim(path.clone(), owner) {
            problems.push(collision(owner, &path, &previous));
        }
    };
    let generator = "the generator";
    for fixed in urls::FIXED {
        generated(fixed.to_string(), generator);
    }
    if outputs.glossary {
        generated(urls::GLOSSARY.to_string(), "the glossary");
    }
    let page_size = outputs.config.page_size;
    let list = |first: &str, briefs: usize| -> Vec<String> {
        (1..=page_count(briefs, page_size))
            .map(|n| urls::paginated(first, n))
            .collect()
    };
    for path in list(urls::BRIEF_LIST, outputs.briefs.len()) {
        generated(path, "the brief list");
    }
    for kind in TaxonomyKind::ALL {
        generated(urls::taxonomy(kind), generator);
        for term in &outputs.taxonomies.get(kind).terms {
            let owner = format!("{} `{}`", kind.singular().to_lowercase(), term.name);
            let first = urls::term(kind, &term.slug);
            for path in list(&first, term.briefs.len()) {
                generated(path, &owner);
            }
            if kind == TaxonomyKind::Topics {
                generated(urls::topic_feed(&term.slug), generator);
            }
        }
    }
    for intersection in outputs.intersections {
        for path in list(&intersection.path, intersection.briefs.len()) {
            generated(path, "a topic intersection");
        }
    }
    for series in outputs.series {
        generated(series.path.clone(), &format!("series `{}`", series.name));
    }
}

/// Each brief's page, and the files next to it when the page is its own.
fn claim_briefs(claims: &mut Claims, by_file: &[&Brief], problems: &mut Vec<Diagnostic>) {
    for brief in by_file {
        let p = &brief.parsed;
        let owner = format!("brief {}", p.source.display());
        if let Err(previous) = claims.claim(brief.path.clone(), &owner) {
            let mut problem = collision(&owner, &brief.path, &previous);
            if previous.starts_with("brief ") {
                problem.code = "E-duplicate-slug";
            }
            problems.push(p.at(problem, p.meta.slug.place));
            continue;
        }
        // Files next to the brief page collide only if the page does.
        let mut beside = vec![urls::cite_bib(&brief.path), urls::cite_ris(&brief.path)];
        beside.extend(brief.pdf.as_ref().map(|pdf| pdf.path.clone()));
        for path in beside {
            if let Err(previous) = claims.claim(path.clone(), &owner) {
                problems.push(collision(&owner, &path, &previous).in_file(&p.source));
            }
        }
    }
}

fn claim_pages(claims: &mut Claims, pages: &[Page], problems: &mut Vec<Diagnostic>) {
    for page in pages {
        let p = &page.parsed;
        let owner = format!("page {}", p.source.display());
        if urls::RESERVED_SEGMENTS.contains(&page.slug.as_str()) {
            let problem = Diagnostic::error(
                "E-url-collision",
                format!(
                    "a page cannot be called `{}`: the generator uses /{}/",
                    page.slug, page.slug
                ),
            )
            .hint("rename the file or set another `slug:`");
            problems.push(p.at(problem, p.meta.slug.place));
            continue;
        }
        if let Err(previous) = claims.claim(page.path.clone(), &owner) {
            let problem = collision(&owner, &page.path, &previous);
            problems.push(p.at(problem, p.meta.slug.place));
        }
    }
}

fn claim_aliases(claims: &mut Claims, by_file: &[&Brief], problems: &mut Vec<Diagnostic>) {
    for brief in by_file {
        let p = &brief.parsed;
        let owner = format!("the alias in {}", p.source.display());
        for alias in &p.meta.aliases {
            if let Err(previous) = claims.claim(alias.value.clone(), &owner) {
                let problem = collision(&owner, &alias.value, &previous);
                problems.push(p.at(problem, alias.place));
            }
        }
    }
}

/// Number of pages a list of `items` takes (at least one, even when empty).
pub fn page_count(items: usize, page_size: usize) -> usize {
    items.div_ceil(page_size.max(1)).max(1)
}
