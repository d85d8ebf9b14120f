//! The brief page's view: the card's fields plus the body, table of contents, key
//! findings, citations, backlinks, related briefs, series and topic navigation.

use tera::Value;

use super::{assemble_body, map, toc_value, Views};
use crate::link::{Brief, Site};
use crate::model::taxonomy::TaxonomyKind;
use crate::model::urls;
use crate::render::cite;

impl Views {
    /// `brief`: everything the brief page shows.
    pub fn brief_page(&self, site: &Site, index: usize) -> Value {
        let brief = &site.briefs[index];
        let meta = &brief.parsed.meta;
        let base = &site.config.base_url;
        let mut fields = self.card_fields(site, brief);
        let body = assemble_body(&brief.parsed.body.parts, &brief.hrefs, &brief.link_titles);
        let toc = toc_value(&brief.parsed.body.headings);
        let toc_len = toc.len().unwrap_or(0);
        let safe_list = |items: &[String]| {
            Value::from(
                items
                    .iter()
                    .map(|s| Value::safe_string(s))
                    .collect::<Vec<_>>(),
            )
        };
        let backlinks: Vec<Value> = brief
            .backlinks
            .iter()
            .map(|b| {
                map([
                    ("brief", self.cards[b.from].clone()),
                    ("context", Value::from(b.context.as_str())),
                ])
            })
            .collect();
        let related: Vec<Value> = brief
            .related
            .iter()
            .map(|&r| self.cards[r].clone())
            .collect();
        let pdf = |url: &dyn Fn(&str) -> String| {
            Value::from(
                brief
                    .pdf
                    .as_ref()
                    .map(|(_, path)| url(path))
                    .unwrap_or_default(),
            )
        };
        let day = |date: Option<String>| Value::from(date.unwrap_or_default());
        fields.extend([
            ("body", Value::safe_string(&body)),
            ("toc", toc),
            ("show_toc", Value::from(toc_len >= 3)),
            ("word_count", Value::from(brief.parsed.body.word_count)),
            ("updated", day(meta.updated.map(|d| d.human()))),
            ("updated_iso", day(meta.updated.map(|d| d.iso_day()))),
            ("key_findings", safe_list(&brief.parsed.key_findings_html)),
            ("references", safe_list(&brief.parsed.references_html)),
            (
                "recommendations",
                safe_list(&brief.parsed.recommendations_html),
            ),
            ("backlinks", Value::from(backlinks)),
            ("related", Value::from(related)),
            ("series", self.series_navigation(site, index)),
            ("topic_navigation", self.topic_navigation(brief)),
            ("permalink", Value::from(base.absolute(&brief.path))),
            ("number", Value::from(meta.number.as_str())),
            ("pdf_url", pdf(&|path| base.local(path))),
            ("pdf_permalink", pdf(&|path| base.absolute(path))),
            ("citation", citation(site, brief)),
            ("json_ld", Value::safe_string(&cite::json_ld(site, brief))),
        ]);
        Value::from(fields)
    }

    /// The brief's series, with its part, and the parts before and after it.
    fn series_navigation(&self, site: &Site, index: usize) -> Value {
        let brief = &site.briefs[index];
        let Some(series) = brief.series.map(|s| &site.series[s]) else {
            return Value::none();
        };
        let position = series.briefs.iter().position(|&b| b == index).unwrap_or(0);
        let card_at = |p: Option<usize>| {
            p.and_then(|p| series.briefs.get(p))
                .map_or_else(Value::none, |&b| self.cards[b].clone())
        };
        let part = brief.parsed.meta.series.as_ref().map_or(0, |s| s.part);
        map([
            ("name", Value::from(series.name.as_str())),
            ("url", Value::from(site.config.base_url.local(&series.path))),
            ("part", Value::from(part)),
            ("total", Value::from(series.briefs.len())),
            ("previous", card_at(position.checked_sub(1))),
            ("next", card_at(Some(position + 1))),
        ])
    }

    /// For each topic of the brief: the briefs before and after it on the topic's page.
    fn topic_navigation(&self, brief: &Brief) -> Value {
        let card = |i: Option<usize>| i.map_or_else(Value::none, |i| self.cards[i].clone());
        let entries: Vec<Value> = brief
            .topic_neighbours
            .iter()
            .map(|n| {
                map([
                    (
                        "topic",
                        self.term_ref[TaxonomyKind::Topics as usize][n.topic].clone(),
                    ),
                    ("previous", card(n.previous)),
                    ("next", card(n.next)),
                ])
            })
            .collect();
        Value::from(entries)
    }
}

/// The "Cite this brief" block: APA and Chicago references, BibTeX, and the records'
/// addresses.
fn citation(site: &Site, brief: &Brief) -> Value {
    let base = &site.config.base_url;
    map([
        ("apa", Value::safe_string(&cite::apa(site, brief))),
        ("chicago", Value::safe_string(&cite::chicago(site, brief))),
        ("bibtex", Value::from(cite::bibtex(site, brief))),
        (
            "bib_url",
            Value::from(base.local(&urls::cite_bib(&brief.path))),
        ),
        (
            "ris_url",
            Value::from(base.local(&urls::cite_ris(&brief.path))),
        ),
    ])
}
