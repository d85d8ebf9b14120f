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
        let series = match brief.series {
            Some(s) => {
                let series = &site.series[s];
                let position = series.briefs.iter().position(|&b| b == index).unwrap_or(0);
                let card_at = |p: Option<usize>| {
                    p.and_then(|p| series.briefs.get(p))
                        .map_or_else(Value::none, |&b| self.cards[b].clone())
                };
                map([
                    ("name", Value::from(series.name.as_str())),
                    ("url", Value::from(site.config.base_url.local(&series.path))),
                    (
                        "part",
                        Value::from(meta.series.as_ref().map_or(0, |s| s.part)),
                    ),
                    ("total", Value::from(series.briefs.len())),
                    ("previous", card_at(position.checked_sub(1))),
                    ("next", card_at(Some(position + 1))),
                ])
            }
            None => Value::none(),
        };
        fields.extend([
            ("body", Value::safe_string(&body)),
            ("toc", toc),
            ("show_toc", Value::from(toc_len >= 3)),
            ("word_count", Value::from(brief.parsed.body.word_count)),
            (
                "updated",
                Value::from(meta.updated.map(|d| d.human()).unwrap_or_default()),
            ),
            (
                "updated_iso",
                Value::from(meta.updated.map(|d| d.iso_day()).unwrap_or_default()),
            ),
            ("key_findings", safe_list(&brief.parsed.key_findings_html)),
            ("references", safe_list(&brief.parsed.references_html)),
            (
                "recommendations",
                safe_list(&brief.parsed.recommendations_html),
            ),
            ("backlinks", Value::from(backlinks)),
            ("related", Value::from(related)),
            ("series", series),
            ("topic_navigation", self.topic_navigation(brief)),
            ("permalink", Value::from(base.absolute(&brief.path))),
            ("number", Value::from(meta.number.as_str())),
            (
                "pdf_url",
                Value::from(
                    brief
                        .pdf
                        .as_ref()
                        .map(|(_, path)| base.local(path))
                        .unwrap_or_default(),
                ),
            ),
            (
                "pdf_permalink",
                Value::from(
                    brief
                        .pdf
                        .as_ref()
                        .map(|(_, path)| base.absolute(path))
                        .unwrap_or_default(),
                ),
            ),
            (
                "citation",
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
                ]),
            ),
            ("json_ld", Value::safe_string(&cite::json_ld(site, brief))),
        ]);
        Value::from(fields)
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
