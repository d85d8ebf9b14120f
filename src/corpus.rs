//! A synthetic corpus for benchmarks: N realistic briefs (~1,200 words each, headings,
//! lists, tables, footnotes, 1-3 links to other briefs, all taxonomies) and a site
//! configuration. The same `n` and seed always give the same bytes. With images, each
//! brief is a bundle (`briefs/<slug>/index.md`) showing a figure beside it. With
//! languages, a share of the briefs also has a Russian or Japanese translation
//! (`briefs/<slug>.ru.md`, `briefs/<slug>/index.ja.md`), and the configuration names
//! the languages with their topics and regions.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;
use std::str::FromStr;

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

/// Russian words, nouns and adjectives in several cases and numbers, so that a
/// search index must stem them: союз, союза, союзников.
const RU_WORDS: &[&str] = &[
    "союз",
    "союза",
    "союзу",
    "союзом",
    "союзе",
    "союзы",
    "союзов",
    "союзников",
    "союзникам",
    "союзниками",
    "союзники",
    "сдерживание",
    "сдерживания",
    "сдерживанию",
    "сдерживанием",
    "Москва",
    "Москвы",
    "Москве",
    "Москву",
    "Москвой",
    "Токио",
    "Вашингтон",
    "Вашингтона",
    "Вашингтоне",
    "Пекин",
    "Пекина",
    "Пекином",
    "Япония",
    "Японии",
    "Японию",
    "Японией",
    "Россия",
    "России",
    "Россию",
    "Россией",
    "Китай",
    "Китая",
    "Китаем",
    "США",
    "НАТО",
    "безопасность",
    "безопасности",
    "политика",
    "политики",
    "политике",
    "политику",
    "политикой",
    "энергетика",
    "энергетики",
    "энергетической",
    "санкции",
    "санкций",
    "санкциями",
    "санкциях",
    "дипломатия",
    "дипломатии",
    "дипломатией",
    "договор",
    "договора",
    "договору",
    "договоров",
    "ракеты",
    "ракет",
    "ракетной",
    "оборона",
    "обороны",
    "обороне",
    "оборонного",
    "сотрудничество",
    "сотрудничества",
    "сотрудничеству",
    "стратегия",
    "стратегии",
    "стратегию",
    "стратегический",
    "стратегического",
    "регион",
    "региона",
    "регионе",
    "регионов",
    "влияние",
    "влияния",
    "влиянием",
    "культура",
    "культуры",
    "культурного",
    "экономика",
    "экономики",
    "экономической",
    "инвестиции",
    "инвестиций",
    "военный",
    "военная",
    "военного",
    "военных",
    "военные",
    "диалог",
    "диалога",
    "диалоге",
    "саммит",
    "саммита",
    "саммите",
    "граница",
    "границы",
    "границе",
    "территория",
    "территории",
    "острова",
    "островов",
    "островах",
    "Курил",
    "Курильских",
    "переговоры",
    "переговоров",
    "переговорах",
    "доверие",
    "доверия",
    "обязательства",
    "обязательств",
    "бремя",
    "бремени",
    "бюджет",
    "бюджета",
    "доктрина",
    "доктрины",
    "учения",
    "учений",
    "флот",
    "флота",
    "силы",
    "сил",
    "силами",
    "присутствие",
    "присутствия",
    "общественное",
    "общественного",
    "мнение",
    "мнения",
    "партнёрство",
    "партнёрства",
    "взаимозависимость",
    "взаимозависимости",
    "трубопровод",
    "трубопровода",
    "газ",
    "газа",
    "сжиженного",
    "поставки",
    "поставок",
    "рынок",
    "рынка",
    "рынке",
    "экспорт",
    "экспорта",
    "импорт",
    "импорта",
    "технологии",
    "технологий",
    "полупроводников",
    "инфраструктура",
    "инфраструктуры",
    "развитие",
    "развития",
    "помощь",
    "помощи",
    "легитимность",
    "легитимности",
    "нормы",
    "норм",
    "институты",
    "институтов",
    "многосторонний",
    "многостороннего",
    "двусторонний",
    "двусторонних",
    "эскалация",
    "эскалации",
    "стабильность",
    "стабильности",
    "баланс",
    "баланса",
    "сила",
    "силы",
    "мягкая",
    "мягкой",
    "жёсткая",
    "жёсткой",
    "привлекательность",
    "привлекательности",
    "принуждение",
    "принуждения",
    "рычаги",
    "рычагов",
    "сигнал",
    "сигналы",
    "решимость",
    "решимости",
    "гарантии",
    "гарантий",
    "ядерный",
    "ядерного",
    "ядерные",
    "ядерного",
    "зонтик",
    "зонтика",
    "обычные",
    "гибридные",
    "гибридной",
    "информационной",
    "киберпространстве",
    "космос",
    "морской",
    "морские",
    "морского",
    "рыболовство",
    "рыболовства",
    "и",
    "и",
    "и",
    "в",
    "в",
    "в",
    "на",
    "на",
    "с",
    "с",
    "по",
    "по",
    "для",
    "что",
    "что",
    "как",
    "не",
    "не",
    "это",
    "его",
    "её",
    "их",
    "а",
    "но",
    "или",
    "к",
    "от",
    "из",
    "при",
    "между",
    "после",
    "до",
    "также",
    "однако",
    "поэтому",
    "хотя",
    "более",
    "менее",
    "остаётся",
    "остаются",
    "показывает",
    "показывают",
    "отражает",
    "отражают",
    "ограничивает",
    "ограничивают",
    "расширяет",
    "снижает",
    "повышает",
    "формирует",
    "формируют",
    "определяет",
    "укрепляет",
    "укрепляют",
    "ослабляет",
    "усиливает",
    "зависит",
    "стало",
    "были",
    "был",
    "была",
    "будет",
    "может",
    "могут",
];

/// Japanese nouns, written without spaces between them as Japanese is.
const JA_NOUNS: &[&str] = &[
    "抑止力",
    "同盟",
    "安全保障",
    "日米同盟",
    "外交",
    "北方領土",
    "ロシア",
    "東京",
    "モスクワ",
    "ワシントン",
    "北京",
    "日本",
    "米国",
    "中国",
    "韓国",
    "欧州",
    "政策",
    "制裁",
    "エネルギー",
    "条約",
    "ミサイル",
    "防衛",
    "協力",
    "戦略",
    "地域",
    "影響力",
    "文化",
    "経済",
    "投資",
    "軍事",
    "対話",
    "首脳会談",
    "国境",
    "領土",
    "島々",
    "交渉",
    "信頼性",
    "関与",
    "負担",
    "予算",
    "ドクトリン",
    "演習",
    "海軍",
    "兵力",
    "プレゼンス",
    "世論",
    "報道",
    "物語",
    "パートナーシップ",
    "相互依存",
    "パイプライン",
    "液化天然ガス",
    "供給",
    "市場",
    "輸出",
    "輸入",
    "技術",
    "半導体",
    "インフラ",
    "開発援助",
    "正統性",
    "規範",
    "国際機関",
    "多国間協議",
    "二国間関係",
    "エスカレーション",
    "安定",
    "均衡",
    "力",
    "魅力",
    "強制",
    "交渉力",
    "シグナル",
    "決意",
    "保証",
    "拡大抑止",
    "核の傘",
    "通常戦力",
    "ハイブリッド戦",
    "情報戦",
    "サイバー",
    "宇宙",
    "海洋",
    "漁業",
    "平和条約",
    "国際秩序",
    "ソフトパワー",
    "ハードパワー",
    "同盟国",
    "防衛費",
];

/// The particles between the nouns of a Japanese sentence.
const JA_PARTICLES: &[&str] = &["は", "が", "を", "に", "と", "で", "から", "への"];

/// How a Japanese sentence ends.
const JA_PREDICATES: &[&str] = &[
    "強化している",
    "示している",
    "影響を与えている",
    "重要である",
    "求められている",
    "高まっている",
    "揺らいでいる",
    "制約している",
    "拡大した",
    "減少した",
    "懸念される",
    "左右する",
    "維持している",
    "必要としている",
    "議論されてきた",
    "変化した",
    "不可欠である",
    "試されている",
    "進展した",
    "停滞している",
    "見直された",
    "注目される",
    "再検討されている",
    "弱めている",
];

/// How a Japanese sentence may begin.
const JA_CONNECTIVES: &[&str] = &[
    "しかし",
    "また",
    "さらに",
    "一方で",
    "そのため",
    "特に",
    "したがって",
    "同時に",
    "近年",
    "当初",
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
    generate_with_languages(out, n, seed, images, &Languages::default())
}

/// [`generate_with`], with a share of the briefs translated into each of `languages`
/// (see [`Languages`]). Without languages, the same bytes as [`generate_with`].
pub fn generate_with_languages(
    out: &Path,
    n: usize,
    seed: u64,
    images: bool,
    languages: &Languages,
) -> io::Result<()> {
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
    let translated: Vec<(Language, Vec<bool>)> = languages
        .0
        .iter()
        .map(|&(language, share)| (language, chosen(n, seed, language, share)))
        .collect();
    fs::create_dir_all(out.join("briefs"))?;
    fs::create_dir_all(out.join("site"))?;
    fs::write(out.join("site/config.yaml"), config(languages))?;
    for i in 0..n {
        let mut random = Random(seed ^ (i as u64).wrapping_mul(0x2545_f491_4f6c_dd1d));
        let meta = Meta::draw(i, &mut random);
        let mut text = english(i, n, &meta, &mut random);
        let translations = translated
            .iter()
            .filter(|(_, chosen)| chosen[i])
            .map(|&(language, _)| (language, translation(i, n, seed, language, &meta)));
        if images {
            let folder = out.join("briefs").join(slug(i));
            fs::create_dir_all(&folder)?;
            figure(&mut random)
                .save(folder.join("figure.png"))
                .map_err(io::Error::other)?;
            insert_figure(
                &mut text,
                &format!("![Figure of brief {i}](figure.png)\nSource: Benchmark Institute.\n\n"),
            );
            fs::write(folder.join("index.md"), text)?;
            for (language, mut text) in translations {
                insert_figure(&mut text, &language.figure(i));
                fs::write(folder.join(format!("index.{}.md", language.code())), text)?;
            }
        } else {
            fs::write(out.join("briefs").join(format!("{}.md", slug(i))), text)?;
            for (language, text) in translations {
                let name = format!("{}.{}.md", slug(i), language.code());
                fs::write(out.join("briefs").join(name), text)?;
            }
        }
    }
    Ok(())
}

/// Puts a figure (Markdown ending in a blank line) before the first heading of a brief,
/// or at the end of a brief without headings.
fn insert_figure(text: &mut String, figure: &str) {
    let at = text.find("\n## ").map_or(text.len(), |at| at + 1);
    text.insert_str(at, figure);
}

/// A language a corpus can have translations in, besides English (the site's own).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Language {
    Russian,
    Japanese,
}

impl Language {
    const ALL: [Language; 2] = [Language::Russian, Language::Japanese];

    /// The code of the language in file names, front matter and the configuration.
    pub fn code(self) -> &'static str {
        match self {
            Language::Russian => "ru",
            Language::Japanese => "ja",
        }
    }

    /// The name of the language, in the language.
    fn name(self) -> &'static str {
        match self {
            Language::Russian => "Русский",
            Language::Japanese => "日本語",
        }
    }

    /// The titles of [`TOPICS`], in the same order.
    fn topics(self) -> [&'static str; 3] {
        match self {
            Language::Russian => ["Мягкая сила", "Жёсткая сила", "Динамика союзов"],
            Language::Japanese => ["ソフトパワー", "ハードパワー", "同盟のダイナミクス"],
        }
    }

    /// The name of region `r` (`Region r` in the briefs).
    fn region(self, r: usize) -> String {
        match self {
            Language::Russian => format!("Регион {r}"),
            Language::Japanese => format!("地域{r}"),
        }
    }

    /// A figure and its source line, as the English `![Figure of brief i](figure.png)`.
    fn figure(self, i: usize) -> String {
        match self {
            Language::Russian => {
                format!("![Рисунок к записке {i}](figure.png)\nИсточник: Benchmark Institute.\n\n")
            }
            Language::Japanese => {
                format!("![報告{i}の図](figure.png)\n出典：ベンチマーク研究所。\n\n")
            }
        }
    }

    /// Mixed into the seed, so that each language chooses its own briefs and text.
    fn salt(self) -> u64 {
        match self {
            Language::Russian => 0x7275_0000_0000_0001,
            Language::Japanese => 0x6a61_0000_0000_0002,
        }
    }
}

/// The share of the briefs translated into each language, as `bench-corpus
/// --languages ru=0.1,ja=0.1` writes it: 10% of the briefs get a Russian translation
/// and 10% a Japanese one, each language choosing its briefs on its own (a brief may
/// have both). The default has none.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Languages(Vec<(Language, f64)>);

impl Languages {
    /// How many briefs of a corpus of `n` get a translation, per language.
    pub fn translations(&self, n: usize) -> Vec<(Language, usize)> {
        self.0
            .iter()
            .map(|&(language, share)| (language, count(n, share)))
            .collect()
    }
}

impl FromStr for Languages {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let mut languages = Vec::new();
        for item in text.split(',') {
            let item = item.trim();
            let Some((code, share)) = item.split_once('=') else {
                return Err(format!(
                    "`{item}` is not LANG=SHARE; write e.g. `ru=0.1,ja=0.1` (a share of the briefs from 0 to 1 per language)"
                ));
            };
            let code = code.trim();
            let Some(language) = Language::ALL.into_iter().find(|l| l.code() == code) else {
                return Err(format!(
                    "no corpus text in language `{code}`; the languages are ru and ja"
                ));
            };
            let share = share.trim();
            let share = match share.parse::<f64>() {
                Ok(value) if (0.0..=1.0).contains(&value) => value,
                _ => {
                    return Err(format!(
                        "the share of {code} is `{share}`; a share is a number from 0 to 1 (0.1 is 10% of the briefs)"
                    ))
                }
            };
            if languages.iter().any(|&(l, _)| l == language) {
                return Err(format!("{code} is given twice"));
            }
            languages.push((language, share));
        }
        // `ja=..,ru=..` and `ru=..,ja=..` are the same corpus.
        languages.sort_by_key(|&(language, _)| language);
        Ok(Languages(languages))
    }
}

/// How many briefs of `n` a share means: the nearest whole number.
fn count(n: usize, share: f64) -> usize {
    ((n as f64 * share).round() as usize).min(n)
}

/// Which briefs get a translation into `language`: exactly [`count`] of them, those
/// whose number drawn from the seed is smallest.
fn chosen(n: usize, seed: u64, language: Language, share: f64) -> Vec<bool> {
    let mut keys: Vec<(u64, usize)> = (0..n)
        .map(|i| {
            let mut random = Random(
                seed.wrapping_add(language.salt()) ^ (i as u64).wrapping_mul(0x9e6c_63d0_676a_9a99),
            );
            (random.next(), i)
        })
        .collect();
    keys.sort_unstable();
    let mut chosen = vec![false; n];
    for &(_, i) in &keys[..count(n, share)] {
        chosen[i] = true;
    }
    chosen
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

fn config(languages: &Languages) -> String {
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
    if !languages.0.is_empty() {
        yaml.push_str("languages:\n");
    }
    for &(language, _) in &languages.0 {
        let _ = writeln!(
            yaml,
            "  {}:\n    name: {}\n    topics:",
            language.code(),
            language.name()
        );
        for (topic, title) in TOPICS.iter().zip(language.topics()) {
            let _ = writeln!(yaml, "      {topic}: {title}");
        }
        yaml.push_str("    regions:\n");
        for r in 0..REGIONS {
            let _ = writeln!(yaml, "      Region {r}: {}", language.region(r));
        }
    }
    yaml
}

/// Appends `word` with its first letter in upper case (a sentence's first word).
fn push_capitalized(text: &mut String, word: &str) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        text.extend(first.to_uppercase());
        text.push_str(chars.as_str());
    }
}

fn sentence(random: &mut Random, words: usize) -> String {
    let mut text = String::with_capacity(words * 8);
    for w in 0..words {
        let word = WORDS[random.below(WORDS.len())];
        if w == 0 {
            push_capitalized(&mut text, word);
        } else {
            text.push(' ');
            text.push_str(word);
        }
    }
    text.push('.');
    text
}

/// What a brief and its translations share: date, taxonomies, authors.
struct Meta {
    year: usize,
    date: String,
    topics: Vec<&'static str>,
    authors: Vec<String>,
    regions: Vec<String>,
    tags: Vec<String>,
}

impl Meta {
    fn draw(i: usize, random: &mut Random) -> Meta {
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
        Meta {
            year,
            date,
            topics,
            authors: dedup(authors),
            regions: dedup(regions),
            tags: dedup(tags),
        }
    }
}

#[cfg(test)]
fn brief(i: usize, n: usize, random: &mut Random) -> String {
    let meta = Meta::draw(i, random);
    english(i, n, &meta, random)
}

fn english(i: usize, n: usize, meta: &Meta, random: &mut Random) -> String {
    let year = meta.year;
    let mut text = String::with_capacity(12 * 1024);
    let _ = write!(
        text,
        "---\ntitle: \"{}\"\ndate: {}\nsummary: \"{}\"\nauthors: [{}]\ntopics: [{}]\nregions: [{}]\ntags: [{}]\nkey_findings:\n  - \"{}\"\n  - \"{}\"\nrecommendations:\n  - \"{}\"\n---\n\n",
        sentence(random, 7).trim_end_matches('.'),
        meta.date,
        sentence(random, 30),
        meta.authors.join(", "),
        meta.topics.join(", "),
        meta.regions.join(", "),
        meta.tags.join(", "),
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

/// The translation of brief `i` into `language`: the same front matter as the
/// original (date, authors, topics, regions, tags as written there) with `lang` and
/// `translation_of`, and a body of the same shape (sections, links to other briefs by
/// their original slugs, a table, a list, footnotes) in the language. Drawn from its
/// own numbers, so that the original is the same with or without it.
fn translation(i: usize, n: usize, seed: u64, language: Language, meta: &Meta) -> String {
    let random = &mut Random(
        seed.wrapping_add(language.salt()).rotate_left(29)
            ^ (i as u64).wrapping_mul(0x2545_f491_4f6c_dd1d),
    );
    let mut text = String::with_capacity(16 * 1024);
    let _ = write!(
        text,
        "---\ntitle: \"{}\"\nlang: {}\ntranslation_of: {}\ndate: {}\nsummary: \"{}\"\nauthors: [{}]\ntopics: [{}]\nregions: [{}]\ntags: [{}]\nkey_findings:\n  - \"{}\"\n  - \"{}\"\nrecommendations:\n  - \"{}\"\n---\n\n",
        title(language, random),
        language.code(),
        slug(i),
        meta.date,
        sentences(language, random, 30),
        meta.authors.join(", "),
        meta.topics.join(", "),
        meta.regions.join(", "),
        meta.tags.join(", "),
        sentences(language, random, 14),
        sentences(language, random, 12),
        sentences(language, random, 16),
    );
    let space = match language {
        Language::Russian => " ",
        Language::Japanese => "",
    };
    let links = 1 + random.below(3);
    let mut footnote = 0;
    for section in 0..6 {
        let _ = writeln!(text, "## {}\n", title(language, random));
        for paragraph in 0..3 {
            for s in 0..4 {
                if s > 0 {
                    text.push_str(space);
                }
                let words = 10 + random.below(10);
                text.push_str(&sentences(language, random, words));
                if section < links && paragraph == 0 && s == 1 && n > 1 {
                    let target = slug((i + 1 + random.below(n - 1)) % n);
                    let _ = match language {
                        Language::Russian => write!(text, " См. [[{target}]]."),
                        Language::Japanese => write!(text, "詳しくは[[{target}]]を参照。"),
                    };
                }
                if s == 2 && paragraph == 1 {
                    footnote += 1;
                    let _ = write!(text, "[^{footnote}]");
                }
            }
            text.push_str("\n\n");
        }
        if section == 2 {
            text.push_str(match language {
                Language::Russian => "| Год | Показатель | Изменение |\n|---|---|---|\n",
                Language::Japanese => "| 年 | 指標 | 変化 |\n|---|---|---|\n",
            });
            for row in 0..4 {
                let measure = match language {
                    Language::Russian => pick(RU_WORDS, random),
                    Language::Japanese => pick(JA_NOUNS, random),
                };
                let _ = writeln!(
                    text,
                    "| {} | {measure} | {}% |",
                    meta.year - row,
                    random.below(40)
                );
            }
            text.push('\n');
        }
        if section == 4 {
            for _ in 0..4 {
                let _ = writeln!(text, "- {}", sentences(language, random, 9));
            }
            text.push('\n');
        }
    }
    for f in 1..=footnote {
        let note = sentences(language, random, 8);
        let year = 1990 + random.below(35);
        let _ = match language {
            Language::Russian => writeln!(text, "[^{f}]: {note} ({year})."),
            Language::Japanese => writeln!(
                text,
                "[^{f}]: {}（{year}年）。",
                note.trim_end_matches('。')
            ),
        };
    }
    text
}

fn pick(words: &[&'static str], random: &mut Random) -> &'static str {
    words[random.below(words.len())]
}

/// A title or heading in `language`, without a full stop: a few words in Russian, a
/// noun phrase in Japanese (日米同盟と抑止力の課題).
fn title(language: Language, random: &mut Random) -> String {
    match language {
        Language::Russian => {
            let words = 4 + random.below(4);
            let mut title = russian(random, words);
            title.pop();
            title
        }
        Language::Japanese => {
            let mut title = String::new();
            for k in 0..2 + random.below(2) {
                if k > 0 {
                    title.push_str(if random.below(3) == 0 { "と" } else { "の" });
                }
                title.push_str(pick(JA_NOUNS, random));
            }
            title
        }
    }
}

/// Text of about `words` English words in `language`: one Russian sentence of that
/// many words, or Japanese sentences of a noun and particle per three words.
fn sentences(language: Language, random: &mut Random, words: usize) -> String {
    match language {
        Language::Russian => russian(random, words),
        Language::Japanese => {
            let mut chunks = (words / 3).max(2);
            let mut text = String::new();
            while chunks > 0 {
                let these = if chunks > 7 {
                    3 + random.below(3)
                } else {
                    chunks
                };
                text.push_str(&japanese(random, these));
                chunks -= these;
            }
            text
        }
    }
}

/// A Russian sentence of `words` words: capitalised, a comma here and there, a full
/// stop.
fn russian(random: &mut Random, words: usize) -> String {
    let mut text = String::with_capacity(words * 16);
    for w in 0..words {
        let word = pick(RU_WORDS, random);
        if w == 0 {
            push_capitalized(&mut text, word);
        } else {
            if w > 2 && w + 2 < words && random.below(8) == 0 {
                text.push(',');
            }
            text.push(' ');
            text.push_str(word);
        }
    }
    text.push('.');
    text
}

/// A Japanese sentence of `chunks` nouns (some with a second noun joined by の), each
/// followed by a particle, a comma here and there, then a predicate and 。, all
/// without spaces.
fn japanese(random: &mut Random, chunks: usize) -> String {
    let mut text = String::with_capacity(chunks * 24 + 32);
    if random.below(4) == 0 {
        text.push_str(pick(JA_CONNECTIVES, random));
        text.push('、');
    }
    for c in 0..chunks {
        text.push_str(pick(JA_NOUNS, random));
        if random.below(3) == 0 {
            text.push('の');
            text.push_str(pick(JA_NOUNS, random));
        }
        let particle = if c == 0 {
            ["は", "が"][random.below(2)]
        } else if c + 1 == chunks {
            ["を", "が", "に", "と"][random.below(4)]
        } else {
            pick(JA_PARTICLES, random)
        };
        text.push_str(particle);
        if c + 1 < chunks && random.below(if particle == "は" { 2 } else { 6 }) == 0 {
            text.push('、');
        }
    }
    text.push_str(pick(JA_PREDICATES, random));
    text.push('。');
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

    /// Every file under `root`, by its path relative to `root`, with its bytes.
    fn files(root: &Path) -> Vec<(String, Vec<u8>)> {
        let mut found = Vec::new();
        let mut folders = vec![root.to_path_buf()];
        while let Some(folder) = folders.pop() {
            for entry in fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else {
                    let name = path.strip_prefix(root).unwrap().display().to_string();
                    found.push((name, fs::read(&path).unwrap()));
                }
            }
        }
        found.sort();
        found
    }

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

    #[test]
    fn the_same_seed_and_languages_give_the_same_corpus() {
        let languages: Languages = "ja=0.2,ru=0.3".parse().unwrap();
        assert_eq!(languages, "ru=0.3, ja=0.2".parse().unwrap());
        let dir = tempfile::tempdir().unwrap();
        generate_with_languages(&dir.path().join("a"), 50, 42, false, &languages).unwrap();
        generate_with_languages(&dir.path().join("b"), 50, 42, false, &languages).unwrap();
        generate_with(&dir.path().join("plain"), 50, 42, false).unwrap();
        let a = files(&dir.path().join("a"));
        assert_eq!(a, files(&dir.path().join("b")));
        let named = |suffix: &str| a.iter().filter(|(name, _)| name.ends_with(suffix)).count();
        assert_eq!((named(".ru.md"), named(".ja.md")), (15, 10));
        // The English briefs are the same bytes with translations or without; only the
        // configuration gains the languages.
        let plain = files(&dir.path().join("plain"));
        let originals: Vec<_> = a
            .iter()
            .filter(|(name, _)| !name.ends_with(".ru.md") && !name.ends_with(".ja.md"))
            .filter(|(name, _)| !name.ends_with("config.yaml"))
            .collect();
        assert_eq!(originals.len(), 50);
        for (name, bytes) in originals {
            assert!(
                plain.contains(&(name.clone(), bytes.clone())),
                "{name} differs"
            );
        }
        let config = |files: &[(String, Vec<u8>)]| {
            let (_, bytes) = files
                .iter()
                .find(|(name, _)| name.ends_with("config.yaml"))
                .unwrap();
            String::from_utf8(bytes.clone()).unwrap()
        };
        let (with, without) = (config(&a), config(&plain));
        assert!(!without.contains("languages:"));
        assert!(with.starts_with(&without), "languages come after the rest");
        assert!(with.contains("languages:\n  ru:\n    name: Русский\n    topics:\n      soft-power: Мягкая сила\n      hard-power: Жёсткая сила\n      alliance-dynamics: Динамика союзов\n"));
        assert!(with.contains("  ja:\n    name: 日本語\n    topics:\n      soft-power: ソフトパワー\n      hard-power: ハードパワー\n      alliance-dynamics: 同盟のダイナミクス\n"));
        assert!(with.contains("      Region 24: 地域24\n"));
    }

    #[test]
    fn a_translation_has_the_front_matter_of_its_original_and_text_in_its_language() {
        let i = 7;
        let random = &mut Random(42 ^ (i as u64).wrapping_mul(0x2545_f491_4f6c_dd1d));
        let meta = Meta::draw(i, random);
        let original = english(i, 100, &meta, random);
        let front = |text: &str| -> Vec<(String, String)> {
            let end = text[4..].find("\n---\n").unwrap() + 4;
            text[4..end]
                .lines()
                .filter(|line| !line.starts_with("  "))
                .map(|line| {
                    let (key, value) = line.split_once(':').unwrap();
                    (key.to_string(), value.trim().to_string())
                })
                .collect()
        };
        let value = |front: &[(String, String)], key: &str| {
            front.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
        };
        let english_front = front(&original);
        for language in Language::ALL {
            let text = translation(i, 100, 42, language, &meta);
            assert_eq!(text, translation(i, 100, 42, language, &meta));
            let translated = front(&text);
            assert_eq!(value(&translated, "lang").as_deref(), Some(language.code()));
            assert_eq!(
                value(&translated, "translation_of").as_deref(),
                Some("brief-00007")
            );
            for key in ["date", "authors", "topics", "regions", "tags"] {
                assert_eq!(value(&translated, key), value(&english_front, key), "{key}");
            }
            let keys = |front: &[(String, String)]| -> Vec<String> {
                front
                    .iter()
                    .map(|(k, _)| k.clone())
                    .filter(|k| k != "lang" && k != "translation_of")
                    .collect()
            };
            assert_eq!(keys(&translated), keys(&english_front));
            assert_ne!(value(&translated, "title"), value(&english_front, "title"));
            let body = &text[text[4..].find("\n---\n").unwrap() + 9..];
            assert!(body.contains("\n## "), "headings");
            assert!(body.contains("\n|---|---|---|\n"), "a table");
            assert!(body.contains("\n- "), "a list");
            assert!(body.contains("\n[^1]: "), "footnotes");
            assert!(body.contains("[[brief-"), "links to other briefs");
            let paragraphs: Vec<&str> = body
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .filter(|p| !["#", "|", "-", "[^", "!"].iter().any(|s| p.starts_with(s)))
                .collect();
            assert_eq!(paragraphs.len(), 18);
            match language {
                Language::Russian => {
                    let words = text.split_whitespace().count();
                    assert!((1000..1600).contains(&words), "{words} words");
                    assert!(body.chars().any(|c| ('а'..='я').contains(&c)));
                    assert!(paragraphs
                        .iter()
                        .all(|p| p.contains(' ') && p.contains('.')));
                }
                Language::Japanese => {
                    let characters = body.chars().count();
                    assert!(
                        (2500..=3500).contains(&characters),
                        "{characters} characters"
                    );
                    for paragraph in &paragraphs {
                        assert!(!paragraph.contains(' '), "a space in {paragraph}");
                        assert!(paragraph.ends_with('。'), "{paragraph}");
                    }
                    for particle in ["は", "が", "を", "の", "に", "と"] {
                        assert!(body.contains(particle), "{particle}");
                    }
                }
            }
        }
    }

    #[test]
    fn languages_are_read_or_refused_with_the_reason() {
        let parsed: Languages = "ru=0.1,ja=1".parse().unwrap();
        assert_eq!(
            parsed.translations(1000),
            [(Language::Russian, 100), (Language::Japanese, 1000)]
        );
        for (spec, reason) in [
            ("ru", "is not LANG=SHARE"),
            ("", "is not LANG=SHARE"),
            ("de=0.1", "no corpus text in language `de`"),
            ("ru=1.5", "a share is a number from 0 to 1"),
            ("ru=-0.1", "a share is a number from 0 to 1"),
            ("ru=NaN", "a share is a number from 0 to 1"),
            ("ru=ten", "a share is a number from 0 to 1"),
            ("ru=0.1,ru=0.2", "ru is given twice"),
        ] {
            let err = spec.parse::<Languages>().unwrap_err();
            assert!(err.contains(reason), "{spec}: {err}");
        }
    }
}
