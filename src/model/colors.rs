//! The institution's colours (`colors:`) and the palette the site, the social cards
//! and the PDFs are drawn in. Contrast follows WCAG 2.1: text needs 4.5:1 against
//! what it is written on.

/// A colour in sRGB, as CSS writes it (`#13294b`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub [u8; 3]);

/// The contrast text needs against its background (WCAG 2.1, AA).
pub const TEXT_CONTRAST: f64 = 4.5;
/// The contrast the marks of a chart need against the page (WCAG 2.1, 1.4.11).
pub const GRAPHICS_CONTRAST: f64 = 3.0;

pub const WHITE: Rgb = Rgb([0xff, 0xff, 0xff]);
pub const BLACK: Rgb = Rgb([0x00, 0x00, 0x00]);

/// The backgrounds the theme writes coloured text on in light mode (the page, the
/// cards and side panels, the key findings' and recommendations' boxes, the darkest
/// tint), and in dark mode: a colour readable on each of them is readable everywhere.
pub const LIGHT_BACKGROUNDS: [Rgb; 5] = [
    Rgb([0xfc, 0xfb, 0xf8]),
    Rgb([0xf2, 0xef, 0xe6]),
    Rgb([0xe8, 0xe3, 0xd6]),
    Rgb([0xea, 0xf0, 0xf7]),
    Rgb([0xf6, 0xef, 0xe1]),
];
pub const DARK_BACKGROUNDS: [Rgb; 5] = [
    Rgb([0x11, 0x15, 0x1c]),
    Rgb([0x18, 0x1e, 0x28]),
    Rgb([0x22, 0x2a, 0x37]),
    Rgb([0x16, 0x22, 0x3a]),
    Rgb([0x27, 0x1c, 0x20]),
];

impl Rgb {
    /// `#rgb` or `#rrggbb`, in either case.
    pub fn parse(text: &str) -> Option<Rgb> {
        let digits = text.trim().strip_prefix('#')?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let value = |hex: &str| u8::from_str_radix(hex, 16).ok();
        match digits.len() {
            3 => {
                let mut channels = [0; 3];
                for (channel, digit) in channels.iter_mut().zip(digits.chars()) {
                    *channel = value(&digit.to_string())? * 17;
                }
                Some(Rgb(channels))
            }
            6 => Some(Rgb([
                value(&digits[0..2])?,
                value(&digits[2..4])?,
                value(&digits[4..6])?,
            ])),
            _ => None,
        }
    }

    /// `#rrggbb`, lowercase.
    pub fn hex(self) -> String {
        let [r, g, b] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// Relative luminance (WCAG 2.1).
    fn luminance(self) -> f64 {
        let linear = |channel: u8| {
            let c = f64::from(channel) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let [r, g, b] = self.0.map(linear);
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }

    /// The contrast ratio of two colours, from 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// The lowest contrast of this colour against any of `backgrounds`.
    pub fn least_contrast(self, backgrounds: &[Rgb]) -> (f64, Rgb) {
        backgrounds
            .iter()
            .map(|&background| (self.contrast(background), background))
            .fold((f64::INFINITY, BLACK), |least, this| {
                if this.0 < least.0 {
                    this
                } else {
                    least
                }
            })
    }

    /// `share` (0 to 1) of `other` mixed into this colour.
    pub fn mix(self, other: Rgb, share: f64) -> Rgb {
        let mut channels = [0; 3];
        for (i, channel) in channels.iter_mut().enumerate() {
            let (a, b) = (f64::from(self.0[i]), f64::from(other.0[i]));
            *channel = (a + (b - a) * share).round() as u8;
        }
        Rgb(channels)
    }

    /// White or black, whichever reads better on this colour (one of them always
    /// reaches 4.5:1).
    pub fn ink(self) -> Rgb {
        if self.contrast(WHITE) >= self.contrast(BLACK) {
            WHITE
        } else {
            BLACK
        }
    }

    /// This colour if it reads as text on every one of `backgrounds`, else the least
    /// mix of it with `towards` (white or black) that does.
    pub fn readable_on(self, backgrounds: &[Rgb], towards: Rgb) -> Rgb {
        self.reaching(TEXT_CONTRAST, backgrounds, towards)
    }

    /// This colour if it has `contrast` against every one of `backgrounds`, else the
    /// least mix of it with `towards` (white or black) that has.
    pub fn reaching(self, contrast: f64, backgrounds: &[Rgb], towards: Rgb) -> Rgb {
        (0..=100)
            .map(|step| self.mix(towards, f64::from(step) / 100.0))
            .find(|shade| shade.least_contrast(backgrounds).0 >= contrast)
            .unwrap_or(towards)
    }
}

/// The colours a site sets (`colors:`); each left out keeps the theme's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Colors {
    /// The masthead, footer and social cards' background, the browser's bar; its pale
    /// shades tint the key findings' box and the chips.
    pub brand: Option<Rgb>,
    /// Kickers, rules and markers, the recommendations' box, the PDF's headings.
    pub accent: Option<Rgb>,
    /// Links.
    pub link: Option<Rgb>,
    /// The series of charts, in order (empty: the theme's [`THEME_CHARTS`]).
    pub charts: Vec<Rgb>,
}

/// The theme's own colours, which `colors:` replaces.
pub const THEME_BRAND: Rgb = Rgb([0x13, 0x29, 0x4b]);
pub const THEME_ACCENT: Rgb = Rgb([0x9e, 0x1b, 0x32]);
pub const THEME_LINK: Rgb = Rgb([0x0b, 0x4f, 0x9c]);
/// The theme's chart series, as its stylesheet gives them in light mode (`--chart-1`
/// to `--chart-6`).
pub const THEME_CHARTS: [Rgb; 6] = [
    Rgb([0x1f, 0x5f, 0xa8]),
    Rgb([0xc2, 0x57, 0x1a]),
    Rgb([0x2e, 0x85, 0x40]),
    Rgb([0x8a, 0x3e, 0xa8]),
    Rgb([0xa3, 0x1f, 0x34]),
    Rgb([0x5b, 0x64, 0x70]),
];

impl Colors {
    pub fn is_empty(&self) -> bool {
        *self == Colors::default()
    }

    pub fn brand(&self) -> Rgb {
        self.brand.unwrap_or(THEME_BRAND)
    }

    pub fn accent(&self) -> Rgb {
        self.accent.unwrap_or(THEME_ACCENT)
    }

    pub fn link(&self) -> Rgb {
        self.link.unwrap_or(THEME_LINK)
    }

    /// The stylesheet rules that put these colours in place of the theme's, in light
    /// and dark mode (the theme's variables; empty when no colour is set). Text on
    /// the brand colour turns white or black, whichever reads; dark mode gets a
    /// deeper brand and lighter text colours, readable on its backgrounds.
    pub fn stylesheet(&self) -> String {
        let mut light: Vec<(&str, Rgb)> = Vec::new();
        let mut dark: Vec<(&str, Rgb)> = Vec::new();
        if let Some(brand) = self.brand {
            let deep = brand.mix(BLACK, 0.37);
            let raised = brand.mix(WHITE, 0.15);
            let title_in_dark = brand.readable_on(&DARK_BACKGROUNDS, WHITE);
            light.extend(on_brand(brand));
            light.extend([
                ("box-rule", brand),
                ("box-title", brand.readable_on(&LIGHT_BACKGROUNDS, BLACK)),
            ]);
            light.extend(tints(brand, &LIGHT_BACKGROUNDS, BLACK));
            dark.extend(on_brand(deep));
            dark.extend([
                ("brand-raised", raised),
                ("brand-raised-ink", raised.ink()),
                ("box-rule", title_in_dark),
                ("box-title", title_in_dark),
            ]);
            dark.extend(tints(brand, &DARK_BACKGROUNDS, WHITE));
        }
        if let Some(accent) = self.accent {
            let bright = accent.readable_on(&DARK_BACKGROUNDS, WHITE);
            light.extend([
                ("accent", accent),
                ("recs-rule", accent),
                ("brand-rule", accent),
            ]);
            dark.extend([("accent", bright), ("recs-rule", bright)]);
        }
        if let Some(link) = self.link {
            let bright = link.readable_on(&DARK_BACKGROUNDS, WHITE);
            light.extend([("link", link), ("link-visited", link)]);
            dark.extend([("link", bright), ("link-visited", bright)]);
        }
        if light.is_empty() && self.charts.is_empty() {
            return String::new();
        }
        let rules = |colors: &[(&str, Rgb)]| -> String {
            colors
                .iter()
                .map(|(name, color)| format!(" --{name}: {};", color.hex()))
                .collect()
        };
        let (mut light, mut dark) = (rules(&light), rules(&dark));
        // Chart series: in dark mode, the shade of each that shows on the page.
        let mut series = String::new();
        for (i, &color) in self.charts.iter().enumerate() {
            let n = i + 1;
            let bright = color.reaching(GRAPHICS_CONTRAST, &DARK_BACKGROUNDS, WHITE);
            light.push_str(&format!(" --chart-{n}: {};", color.hex()));
            dark.push_str(&format!(" --chart-{n}: {};", bright.hex()));
            // The theme's stylesheet draws six series in its variables; the site's
            // others need their rules.
            if n > THEME_CHARTS.len() {
                series.push_str(&format!(
                    ".chart .series-{n} {{ fill: var(--chart-{n}); }}\n.chart .chart-line.series-{n} {{ stroke: var(--chart-{n}); fill: none; }}\n"
                ));
            }
        }
        format!(
            "\n/* colors: from site/config.yaml */\n:root {{{light} }}\n@media (prefers-color-scheme: dark) {{\n  :root {{{dark} }}\n}}\n{series}"
        )
    }

    /// The social card's colours: the brand's background and the accent's stripe,
    /// texts readable on them (the theme's own card when no colour is set).
    pub fn card(&self) -> CardColors {
        let background = self.brand();
        let text = background.ink();
        CardColors {
            background,
            stripe: self.accent(),
            text,
            kind: match self.accent {
                None if self.brand.is_none() => Rgb([0xf5, 0xb7, 0xc2]),
                _ => self
                    .accent()
                    .mix(text, 0.7)
                    .readable_on(&[background], text),
            },
            byline: match self.brand {
                None => Rgb([0xc9, 0xd3, 0xe3]),
                Some(_) => softened(text, background),
            },
        }
    }
}

/// The colours of a social card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CardColors {
    pub background: Rgb,
    pub stripe: Rgb,
    /// The site's name and the title.
    pub text: Rgb,
    /// The publication type.
    pub kind: Rgb,
    /// The authors and date.
    pub byline: Rgb,
}

/// The theme's variables for what is written on a band of `brand`: text, quieter
/// text, the focus ring, and the background of a button pressed or hovered there
/// (tinted with the text colour when the text still reads on it, else the other way).
fn on_brand(brand: Rgb) -> [(&'static str, Rgb); 5] {
    let ink = brand.ink();
    let other = if ink == WHITE { BLACK } else { WHITE };
    let hover = [brand.mix(ink, 0.14), brand.mix(other, 0.14)]
        .into_iter()
        .find(|shade| ink.contrast(*shade) >= TEXT_CONTRAST)
        .unwrap_or(brand);
    [
        ("brand", brand),
        ("brand-ink", ink),
        ("brand-ink-2", softened(ink, brand)),
        (
            "brand-focus",
            Rgb([0xff, 0xb2, 0x7a]).readable_on(&[brand], ink),
        ),
        ("brand-hover", hover),
    ]
}

/// The pale shades of `brand` the theme writes text on, for the mode whose page and
/// panels are `backgrounds` (the page first) and whose text is towards `text` (black
/// in light mode): the key findings' box, the chips (topics, tags) and a chip hovered,
/// with the chips' text. The box and the chips are kept no closer to `text` than the
/// closest of `backgrounds`, so every colour that reads on all of those (the accent and
/// links are checked against them) reads on these.
fn tints(brand: Rgb, backgrounds: &[Rgb], text: Rgb) -> [(&'static str, Rgb); 4] {
    let page = backgrounds[0];
    let needed = text.least_contrast(backgrounds).0;
    let tint = |share: f64| {
        (0..=100)
            .map(|step| brand.mix(page, share + (1.0 - share) * f64::from(step) / 100.0))
            .find(|shade| shade.contrast(text) >= needed)
            .unwrap_or(page)
    };
    let (boxed, chip) = (tint(0.92), tint(0.88));
    let hover = brand.mix(page, 0.8);
    [
        ("box", boxed),
        ("chip", chip),
        ("chip-hover", hover),
        ("chip-ink", brand.readable_on(&[chip, hover], text)),
    ]
}

/// `ink` with up to a fifth of `background` mixed in, as long as it still reads on it.
fn softened(ink: Rgb, background: Rgb) -> Rgb {
    (0..=20)
        .rev()
        .map(|step| ink.mix(background, f64::from(step) / 100.0))
        .find(|shade| shade.contrast(background) >= TEXT_CONTRAST)
        .unwrap_or(ink)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_read_as_css_writes_them() {
        assert_eq!(Rgb::parse("#13294B"), Some(Rgb([0x13, 0x29, 0x4b])));
        assert_eq!(Rgb::parse("#fff"), Some(WHITE));
        assert_eq!(Rgb::parse(" #000000 "), Some(BLACK));
        for wrong in ["13294b", "#12345", "#ggg", "navy", "#+1+2+3", ""] {
            assert_eq!(Rgb::parse(wrong), None, "{wrong}");
        }
        assert_eq!(Rgb([0x13, 0x29, 0x4b]).hex(), "#13294b");
    }

    #[test]
    fn contrast_is_wcag_contrast() {
        assert!((WHITE.contrast(BLACK) - 21.0).abs() < 1e-9);
        assert!((WHITE.contrast(WHITE) - 1.0).abs() < 1e-9);
        // #767676 is the lightest grey that reads on white.
        assert!(Rgb([0x76, 0x76, 0x76]).contrast(WHITE) >= TEXT_CONTRAST);
        assert!(Rgb([0x77, 0x77, 0x77]).contrast(WHITE) < TEXT_CONTRAST);
    }

    #[test]
    fn text_on_a_colour_is_white_or_black_whichever_reads() {
        assert_eq!(THEME_BRAND.ink(), WHITE);
        assert_eq!(Rgb([0xff, 0xd1, 0x00]).ink(), BLACK);
    }

    #[test]
    fn the_theme_colours_read_on_every_background() {
        for color in [THEME_BRAND, THEME_ACCENT, THEME_LINK] {
            assert_eq!(color.readable_on(&LIGHT_BACKGROUNDS, BLACK), color);
        }
        let yellow = Rgb([0xff, 0xd1, 0x00]);
        let darker = yellow.readable_on(&LIGHT_BACKGROUNDS, BLACK);
        assert_ne!(darker, yellow);
        assert!(darker.least_contrast(&LIGHT_BACKGROUNDS).0 >= TEXT_CONTRAST);
        let lighter = THEME_ACCENT.readable_on(&DARK_BACKGROUNDS, WHITE);
        assert!(lighter.least_contrast(&DARK_BACKGROUNDS).0 >= TEXT_CONTRAST);
        // The theme's chart series show (3:1) on every light background, as a site's
        // own must.
        for color in THEME_CHARTS {
            assert!(color.least_contrast(&LIGHT_BACKGROUNDS).0 >= GRAPHICS_CONTRAST);
        }
    }

    #[test]
    fn a_site_without_colours_keeps_the_theme_stylesheet() {
        assert_eq!(Colors::default().stylesheet(), "");
        let css = Colors {
            accent: Some(Rgb([0x00, 0x66, 0x33])),
            ..Colors::default()
        }
        .stylesheet();
        assert!(
            css.contains(
                ":root { --accent: #006633; --recs-rule: #006633; --brand-rule: #006633; }"
            ),
            "{css}"
        );
        // Dark mode gets a lighter shade, readable on its backgrounds.
        assert!(
            css.contains(":root { --accent: #5c9d7c; --recs-rule: #5c9d7c; }"),
            "{css}"
        );
        assert!(!css.contains("--brand:"), "{css}");
    }

    #[test]
    fn the_brand_tints_keep_every_text_readable() {
        for brand in [
            THEME_BRAND,
            Rgb([0x7a, 0x00, 0x19]),
            Rgb([0xff, 0xd1, 0x00]),
            WHITE,
            BLACK,
        ] {
            for (backgrounds, text, ink) in [
                (&LIGHT_BACKGROUNDS, BLACK, Rgb([0x1a, 0x20, 0x30])),
                (&DARK_BACKGROUNDS, WHITE, Rgb([0xe8, 0xe6, 0xe1])),
            ] {
                let tints = tints(brand, backgrounds, text);
                let [(_, boxed), (_, chip), (_, hover), (_, chip_ink)] = tints;
                // The box and chips are no closer to the text's side than the
                // backgrounds, so the theme's text and any colour checked against the
                // backgrounds read on them.
                for shade in [boxed, chip] {
                    assert!(ink.contrast(shade) >= TEXT_CONTRAST, "{brand:?} {shade:?}");
                    assert!(shade.contrast(text) >= text.least_contrast(backgrounds).0);
                }
                for shade in [chip, hover] {
                    assert!(
                        chip_ink.contrast(shade) >= TEXT_CONTRAST,
                        "{brand:?} {chip_ink:?} on {shade:?}"
                    );
                }
            }
        }
    }
}
