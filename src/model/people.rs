//! People: the authors of briefs. The registry holds the institution's authors, declared
//! under `authors:` in the configuration or in `site/authors/<id>.md` (both work); a
//! brief may also name a guest author inline, who has no page of their own.

use std::path::PathBuf;

use crate::model::body::RenderedMarkdown;

/// An author, registered or guest.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Person {
    /// The registry id (`elena-markova`), the slug of the author's page; empty for a
    /// guest.
    pub id: String,
    pub name: String,
    /// The job title: "Senior Fellow, Eurasia Program".
    pub role: String,
    /// The institution the person belongs to: "Northbridge Institute", "Keio
    /// University". Empty means the site's publisher.
    pub affiliation: String,
    /// A static file name (`people/elena.jpg`) or an `https://` address.
    pub photo: Option<String>,
    /// The ORCID iD, `0000-0002-1825-0097`.
    pub orcid: Option<String>,
    pub email: Option<String>,
    /// A profile elsewhere (the institution's staff page, a homepage).
    pub url: Option<String>,
    pub social: Vec<SocialLink>,
    /// Areas of expertise, as written.
    pub expertise: Vec<String>,
    /// The biography, Markdown rendered (its links resolved by the link stage).
    pub bio: RenderedMarkdown,
    /// Where the person is declared: an author file, or `None` for the configuration
    /// (or a brief, for a guest).
    pub source: Option<PathBuf>,
    /// The author file's text, for diagnostics in the biography.
    pub text: String,
}

impl Person {
    pub fn is_guest(&self) -> bool {
        self.id.is_empty()
    }

    /// The address of the ORCID record.
    pub fn orcid_url(&self) -> Option<String> {
        self.orcid
            .as_ref()
            .map(|id| format!("https://orcid.org/{id}"))
    }
}

/// A link to an account on another site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SocialLink {
    /// The key as written (`linkedin`, `mastodon`).
    pub network: String,
    /// The network's name for people ("LinkedIn").
    pub name: String,
    pub url: String,
}

/// Networks with a known name; any other key is shown as written.
const NETWORKS: &[(&str, &str)] = &[
    ("bluesky", "Bluesky"),
    ("facebook", "Facebook"),
    ("github", "GitHub"),
    ("instagram", "Instagram"),
    ("linkedin", "LinkedIn"),
    ("mastodon", "Mastodon"),
    ("threads", "Threads"),
    ("twitter", "X (Twitter)"),
    ("x", "X (Twitter)"),
    ("youtube", "YouTube"),
    ("website", "Website"),
];

impl SocialLink {
    /// A link from `network: value`, where the value is an `https://` address or, for
    /// X/Twitter, an `@handle`. `Err` says what is wrong.
    pub fn parse(network: &str, value: &str) -> Result<SocialLink, String> {
        let value = value.trim();
        let key = network.trim().to_ascii_lowercase();
        let url = match value.strip_prefix('@') {
            Some(handle) if matches!(key.as_str(), "twitter" | "x") && is_handle(handle) => {
                format!("https://x.com/{handle}")
            }
            _ if is_web_address(value) => value.to_string(),
            _ => {
                return Err(format!(
                "`{value}` is not an address: write the full `https://...` address of the account"
            ))
            }
        };
        let name = NETWORKS
            .iter()
            .find(|(k, _)| *k == key)
            .map_or_else(|| network.trim().to_string(), |(_, n)| n.to_string());
        Ok(SocialLink {
            network: key,
            name,
            url,
        })
    }

    /// The X/Twitter handle (`@northbridge`), for `twitter:site` and `twitter:creator`.
    pub fn twitter_handle(&self) -> Option<String> {
        if !matches!(self.network.as_str(), "twitter" | "x") {
            return None;
        }
        let rest = self
            .url
            .strip_prefix("https://x.com/")
            .or_else(|| self.url.strip_prefix("https://twitter.com/"))?;
        let handle = rest.trim_end_matches('/');
        is_handle(handle).then(|| format!("@{handle}"))
    }
}

fn is_handle(handle: &str) -> bool {
    !handle.is_empty()
        && handle.len() <= 30
        && handle
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// An absolute `http://` or `https://` address with a host and no spaces.
pub fn is_web_address(value: &str) -> bool {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty()
            && !r.starts_with('/')
            && !r.contains(char::is_whitespace)
            && !r.contains(['"', '<', '>'])
    })
}

/// An ORCID iD in its canonical form (`0000-0002-1825-0097`) from itself or its
/// address (`https://orcid.org/0000-...`), if its check digit is right (ISO 7064
/// MOD 11-2).
pub fn parse_orcid(value: &str) -> Option<String> {
    let id = value
        .trim()
        .trim_start_matches("https://orcid.org/")
        .trim_start_matches("http://orcid.org/")
        .trim_start_matches("orcid.org/");
    let digits: Vec<char> = id.chars().filter(|c| *c != '-').collect();
    let grouped =
        id.len() == 19 && id.split('-').all(|g| g.len() == 4) && id.split('-').count() == 4;
    if !grouped || digits.len() != 16 {
        return None;
    }
    let mut total = 0u32;
    for c in &digits[..15] {
        total = (total + c.to_digit(10)?) * 2;
    }
    let check = (12 - total % 11) % 11;
    let expected = if check == 10 {
        'X'
    } else {
        char::from_digit(check, 10)?
    };
    (digits[15].to_ascii_uppercase() == expected).then(|| id.to_ascii_uppercase())
}

/// An email address as people write it: something, `@`, a host with a dot.
pub fn is_email(value: &str) -> bool {
    match value.split_once('@') {
        Some((local, host)) => {
            !local.is_empty()
                && host.contains('.')
                && !host.starts_with('.')
                && !host.ends_with('.')
                && !value.contains(char::is_whitespace)
                && !value.contains(['<', '>', '"', '(', ')', ',', ';', ':'])
        }
        None => false,
    }
}

/// The registry: every registered author, in order (the configuration's first, then
/// the author files by id).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct People {
    pub list: Vec<Person>,
}

impl People {
    pub fn get(&self, id: &str) -> Option<&Person> {
        self.list.iter().find(|p| p.id == id)
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.list.iter().position(|p| p.id == id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|p| p.id.as_str())
    }
}

/// An author named by a brief: a registered author by id, or a guest written inline.
#[derive(Debug, Clone, PartialEq)]
pub enum Byline {
    Registered(String),
    Guest(Box<Person>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orcid_check_digits() {
        assert_eq!(
            parse_orcid("https://orcid.org/0000-0002-1825-0097").as_deref(),
            Some("0000-0002-1825-0097")
        );
        assert_eq!(
            parse_orcid("0000-0002-1694-233x").as_deref(),
            Some("0000-0002-1694-233X")
        );
        assert!(parse_orcid("0000-0002-1825-0098").is_none());
        assert!(parse_orcid("0000000218250097").is_none());
    }

    #[test]
    fn social_links_need_addresses() {
        let x = SocialLink::parse("twitter", "@northbridge").unwrap();
        assert_eq!(x.url, "https://x.com/northbridge");
        assert_eq!(x.twitter_handle().as_deref(), Some("@northbridge"));
        assert!(SocialLink::parse("linkedin", "javascript:alert(1)").is_err());
        assert!(SocialLink::parse("linkedin", "linkedin.com/in/x").is_err());
        let m = SocialLink::parse("Mastodon", "https://mastodon.social/@nb").unwrap();
        assert_eq!((m.name.as_str(), m.twitter_handle()), ("Mastodon", None));
        assert!(is_email("press@northbridge.example"));
        assert!(!is_email("press at northbridge"));
    }
}
