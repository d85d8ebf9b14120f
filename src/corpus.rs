//! A synthetic corpus for benchmarks: N realistic briefs (~1,200 words each, headings,
//! lists, tables, footnotes, 1-3 links to other briefs, all taxonomies) and a site
//! configuration. The same `n` and seed always give the same bytes. With images, each
//! brief is a bundle (`briefs/<slug>/index.md`) showing a figure beside it.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// Regions, tags and authors of the corpus, as in a large institution's archive.
const REGIONS: usize = 25;
const TAGS: usize = 300;
const AUTHORS: usize = 60;
const TOPICS: [&str; 3] = ["soft-power", "hard-power", "alliance-dynamics"];

const WORDS: &[&str] = &[
    "alliance",
    "deterrence",
    "Moscow",
    "Tokyo",
    "Washington",
    "Beijing",
    "policy",
    "security",
    "energy",
    "sanctions",
    "diplomacy",
    "treaty",
    "missile",
    "defense",
    "cooperation",
    "strategy",
    "region",
    "influence",
    "culture",
    "economy",
    "investment",
    "military",
    "posture",
    "capability",
    "dialogue",
    "summit",
    "border",
    "territory",
    "islands",
    "negotiation",
    "credibility",
    "commitment",
    "burden",
    "sharing",
    "budget",
    "doctrine",
    "exercise",
    "naval",
    "forces",
    "presence",
    "public",
    "opinion",
    "media",
    "narrative",
    "partnership",
    "interdependence",
    "pipeline",
    "liquefied",
    "gas",
    "supply",
    "market",
    "export",
    "import",
    "technology",
    "semiconductor",
    "infrastructure",
    "development",
    "assistance",
    "legitimacy",
    "norms",
    "institution",
    "multilateral",
    "bilateral",
    "escalation",
    "stability",
    "balance",
    "power",
    "attraction",
    "coercion",
    "leverage",
    "signal",
    "resolve",
    "assurance",
    "extended",
    "nuclear",
    "umbrella",
    "conventional",
    "hybrid",
    "information",
    "cyber",
    "space",
    "maritime",
    "fisheries",
    "the",
    "of",
    "and",
    "in",
    "to",
    "a",
    "that",
    "is",
    "for",
    "on",
    "with",
    "as",
    "by",
    "its",
    "has",
    "was",
    "were",
    "this",
    "which",
    "from",
    "more",
    "than",
    "both",
    "while",
    "since",
    "after",
    "before",
    "because",
    "however",
    "therefore",
    "although",
    "remains",
    "shows",
    "suggests",
    "argues",
    "reflects",
    "limits",
    "expands",
    "reduces",
    "raises",
    "shapes",
    "tests",
];

/// Deterministic pseudo-random numbers (SplitMix64): fast, tiny, and stable across
/// platforms and versions, which a benchmark corpus needs more than statistical quality.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The largest corpus `bench-corpus` writes (about 1.6 GB of Markdown, 8 KB a
/// brief): beyond the largest benchmark, and far below filling a disk by a slip of the
/// keyboard.
pub const MAX_BRIEFS: usize = 200_000;

/// Writes `n` briefs to `out/briefs/` and a configuration to `out/site/config.yaml`.
/// `out` must not exist yet or be empty: the generator never overwrites.
pub fn generate(out: &Path, n: usize, seed: u64) -> io::Result<()> {
    generate_with(out, n, seed, false)
}

/// [`generate`], with `images`: each brief a bundle with one figure, a PNG of
/// [`IMAGE_WIDTH`] x [`IMAGE_HEIGHT`] pixels drawn from the seed.
pub fn generate_with(out: &Path, n: usize, seed: u64, images: bool) -> io::Result<()> {
    if n > MAX_BRIEFS {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{n} briefs would take about {} GB; the most a benchmark corpus has is {MAX_BRIEFS}",
                n / 125_000
            ),
        ));
    }
    if out.exists() && fs::read_dir(out)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("`{}` is not empty; choose a new folder", out.display()),
        ));
    }
    fs::create_dir_all(out.join("briefs"))?;
    fs::create_dir_all(out.join("site"))?;
    fs::write(out.join("site/config.yaml"), config())?;
    for i in 0..n {
        let mut random = Random(seed ^ (i as u64).wrapping_mul(0x2545_f491_4f6c_dd1d));
        let mut text = brief(i, n, &mut random);
        if images {
            let folder = out.join("briefs").join(slug(i));
            fs::create_dir_all(&folder)?;
            figure(&mut random)
                .save(folder.join("figure.png"))
                .map_err(io::Error::other)?;
            let at = text.find("\n## ").map_or(text.len(), |at| at + 1);
            text.insert_str(
                at,
                &format!("![Figure of brief {i}](figure.png)\nSource: Benchmark Institute.\n\n"),
            );
            fs::write(folder.join("index.md"), text)?;
        } else {
            fs::write(out.join("briefs").join(format!("{}.md", slug(i))), text)?;
        }
    }
    Ok(())
}

/// The size of the figure of each brief of a corpus with images: a typical chart
/// exported for the web.
pub const IMAGE_WIDTH: u32 = 1200;
pub const IMAGE_HEIGHT: u32 = 675;

/// A figure like an exported bar chart: bars of random heights and colours on white.
fn figure(random: &mut Random) -> image::RgbImage {
    let bars: Vec<(u32, [u8; 3])> = (0..8)
        .map(|_| {
            let height = 50 + random.below(IMAGE_HEIGHT as usize - 100) as u32;
            let colour = [
                random.below(200) as u8,
                random.below(200) as u8,
                random.below(200) as u8,
            ];
            (height, colour)
        })
        .collect();
    let slot = IMAGE_WIDTH / bars.len() as u32;
    image::RgbImage::from_fn(IMAGE_WIDTH, IMAGE_HEIGHT, |x, y| {
        let (height, colour) = bars[(x / slot) as usize % bars.len()];
        let inside = x % slot > slot / 8 && x % slot < slot - slot / 8;
        if inside && IMAGE_HEIGHT - y <= height {
            image::Rgb(colour)
        } else {
            image::Rgb([255, 255, 255])
        }
    })
}

fn slug(i: usize) -> String {
    format!("brief-{i:05}")
}

fn config() -> String {
    let mut yaml = String::from(
        "title: Benchmark Archive\ndescription: A synthetic archive for benchmarks.\nbase_url: https://bench.example/\nlanguage: en\npublisher: Benchmark Institute\npage_size: 20\ntopics:\n",
    );
    for topic in TOPICS {
        let _ = writeln!(
            yaml,
            "  - slug: {topic}\n    title: {}\n    description: Briefs on {topic}.",
            topic.replace('-', " ")
        );
    }
    yaml.push_str("authors:\n");
    for a in 0..AUTHORS {
        let _ = writeln!(yaml, "  - id: author-{a:02}\n    name: Author {a:02}\n    affiliation: Fellow\n    bio: Writes briefs.");
    }
    yaml
}

fn sentence(random: &mut Random, words: usize) -> String {
    let mut text = String::with_capacity(words * 8);
    for w in 0..words {
        let word = WORDS[random.below(WORDS.len())];
        if w == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                text.extend(first.to_uppercase());
                text.push_str(chars.as_str());
            }
        } else {
            text.push(' ');
            text.push_str(word);
        }
    }
    text.push('.');
    text
}

fn brief(i: usize, n: usize, random: &mut Random) -> String {
    let year = 2005 + random.below(20);
    let date = format!(
        "{year}-{:02}-{:02}",
        1 + random.below(12),
        1 + random.below(28)
    );
    let topic_count = 1 + random.below(2);
    let topics: Vec<&str> = (0..topic_count)
        .map(|k| TOPICS[(i + k) % TOPICS.len()])
        .collect();
    let authors: Vec<String> = (0..1 + random.below(2))
        .map(|_| format!("author-{:02}", random.below(AUTHORS)))
        .collect();
    let regions: Vec<String> = (0..1 + random.below(2))
        .map(|_| format!("Region {}", random.below(REGIONS)))
        .collect();
    let tags: Vec<String> = (0..2 + random.below(3))
        .map(|_| format!("Tag {}", random.below(TAGS)))
        .collect();
    let mut text = String::with_capacity(12 * 1024);
    let _ = write!(
        text,
        "---\ntitle: \"{}\"\ndate: {date}\nsummary: \"{}\"\nauthors: [{}]\ntopics: [{}]\nregions: [{}]\ntags: [{}]\nkey_findings:\n  - \"{}\"\n  - \"{}\"\nrecommendations:\n  - \"{}\"\n---\n\n",
        sentence(random, 7).trim_end_matches('.'),
        sentence(random, 30),
        dedup(authors).join(", "),
        topics.join(", "),
        dedup(regions).join(", "),
        dedup(tags).join(", "),
        sentence(random, 14),
        sentence(random, 12),
        sentence(random, 16),
    );
    let links = 1 + random.below(3);
    let mut footnote = 0;
    for section in 0..6 {
        let _ = writeln!(text, "## {}\n", sentence(random, 4).trim_end_matches('.'));
        for paragraph in 0..3 {
            for s in 0..4 {
                let words = 10 + random.below(10);
                text.push_str(&sentence(random, words));
                if section < links && paragraph == 0 && s == 1 && n > 1 {
                    let target = (i + 1 + random.below(n - 1)) % n;
                    let _ = write!(text, " See [[{}]].", slug(target));
                }
                if s == 2 && paragraph == 1 {
                    footnote += 1;
                    let _ = write!(text, "[^{footnote}]");
                }
                text.push(' ');
            }
            text.push_str("\n\n");
        }
        if section == 2 {
            text.push_str("| Year | Measure | Change |\n|---|---|---|\n");
            for row in 0..4 {
                let _ = writeln!(
                    text,
                    "| {} | {} | {}% |",
                    year - row,
                    WORDS[random.below(WORDS.len())],
                    random.below(40)
                );
            }
            text.push('\n');
        }
        if section == 4 {
            for _ in 0..4 {
                let _ = writeln!(text, "- {}", sentence(random, 9));
            }
            text.push('\n');
        }
    }
    for f in 1..=footnote {
        let _ = writeln!(
            text,
            "[^{f}]: {} ({}).",
            sentence(random, 8),
            1990 + random.below(35)
        );
    }
    text
}

fn dedup(mut items: Vec<String>) -> Vec<String> {
    items.sort();
    items.dedup();
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_brief() {
        let a = brief(
            7,
            100,
            &mut Random(42 ^ 7u64.wrapping_mul(0x2545_f491_4f6c_dd1d)),
        );
        let b = brief(
            7,
            100,
            &mut Random(42 ^ 7u64.wrapping_mul(0x2545_f491_4f6c_dd1d)),
        );
        assert_eq!(a, b);
        let words = a.split_whitespace().count();
        assert!((1000..1600).contains(&words), "{words} words");
    }
}
