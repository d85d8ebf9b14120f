// Statecraft search page: searches the briefs entirely in the browser, over the index
// files `statecraft build` writes under search/ (their format is described at the top
// of src/search.rs). Index files are scripts calling statecraftSearch.add(key, data),
// so they load over http and from file:// alike. A query loads only what it needs: the
// manifest, the term shard of each word, then the metadata and text of the results it
// shows. Every value from the index is inserted as text (textContent), never as HTML.
(function () {
  "use strict";

  const PAGE_SIZE = 10;
  // The last word of a query also matches longer words ("deter" finds "deterrence")
  // when it has at least this many characters and its words fit in this many shards.
  const PREFIX_MIN_CHARS = 3;
  const PREFIX_MAX_SHARDS = 3;
  // Words of context before and after the first matched word of an excerpt.
  const EXCERPT_BEFORE = 8;
  const EXCERPT_AFTER = 24;

  // ---------- Loading index files ----------

  const registry = new Map(); // key -> data, filled by the index scripts
  const waiting = new Map(); // key -> promise of its data
  window.statecraftSearch = {
    add(key, data) {
      registry.set(key, data);
    },
  };

  const indexScript = document.querySelector("script[data-search-index]");
  // The folder of the index files, and the site root, from the manifest's own URL:
  // right under any base path, and from file:// in a site opened from disk.
  const indexBase = indexScript ? new URL(".", indexScript.src) : null;
  const siteRoot = indexScript ? new URL("..", indexScript.src) : null;

  function load(key) {
    if (registry.has(key)) return Promise.resolve(registry.get(key));
    if (!waiting.has(key)) {
      waiting.set(
        key,
        new Promise((resolve, reject) => {
          const script = document.createElement("script");
          script.src = new URL(key + ".js", indexBase).href;
          script.onload = () => (registry.has(key) ? resolve(registry.get(key)) : reject(new Error("empty index file " + key)));
          script.onerror = () => {
            waiting.delete(key);
            reject(new Error("cannot load " + script.src));
          };
          document.head.appendChild(script);
        }),
      );
    }
    return waiting.get(key);
  }

  // ---------- Words (the same rules as for_each_word in src/search.rs) ----------

  const LETTER_OR_DIGIT = /[\p{Alphabetic}\p{N}]/u;
  const LETTER = /\p{Alphabetic}/u;
  const JOINERS = "'\u2019.";

  // Every word of `text` with its position: [{word, start, end, stop}], `stop` marking
  // stop words (which the index leaves out).
  function scan(text, stopWords) {
    const found = [];
    const chars = Array.from(text);
    let word = "";
    let start = 0;
    let position = 0;
    let lastIsLetter = false;
    const finish = (end) => {
      for (const possessive of ["'s", "\u2019s"]) {
        if (word.endsWith(possessive)) word = word.slice(0, -possessive.length);
      }
      word = Array.from(word)
        .filter((c) => !JOINERS.includes(c))
        .join("");
      if (Array.from(word).length >= 2) found.push({ word, start, end, stop: stopWords.has(word) });
      word = "";
      lastIsLetter = false;
    };
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (LETTER_OR_DIGIT.test(c)) {
        if (word === "") start = position;
        word += c.toLowerCase();
        lastIsLetter = LETTER.test(c);
      } else if (JOINERS.includes(c) && lastIsLetter && i + 1 < chars.length && LETTER.test(chars[i + 1])) {
        word += c;
        lastIsLetter = false;
      } else if (word !== "") {
        finish(position);
      }
      position += c.length;
    }
    if (word !== "") finish(position);
    return found;
  }

  // ---------- Decoding (encode_number and encode_set in src/search.rs) ----------

  const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const DIGIT = new Map(Array.from(ALPHABET, (c, i) => [c.charCodeAt(0), i]));

  function* numbers(text) {
    let i = 0;
    while (i < text.length) {
      let value = 0;
      let scale = 1;
      for (;;) {
        const digit = DIGIT.get(text.charCodeAt(i++));
        value += (digit & 31) * scale;
        scale *= 32;
        if (digit < 32) break;
      }
      yield value;
    }
  }

  // A posting list: [[brief, level], ...] in brief order.
  function postings(text, levels) {
    const list = [];
    let brief = -1;
    for (const value of numbers(text)) {
      brief += Math.floor(value / levels) + 1;
      list.push([brief, (value % levels) + 1]);
    }
    return list;
  }

  // A set of briefs written as runs.
  function briefSet(text) {
    const set = new Set();
    const values = numbers(text);
    let end = 0;
    for (const value of values) {
      const start = end + Math.floor(value / 2);
      const length = value % 2 === 1 ? values.next().value + 2 : 1;
      for (let b = start; b < start + length; b++) set.add(b);
      end = start + length;
    }
    return set;
  }

  // ---------- Searching ----------

  // Index of the shard holding `word`: the last one whose first word is not after it.
  function shardOf(manifest, word) {
    let low = 0;
    let high = manifest.shards.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (manifest.shards[middle][0] <= word) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  // The query's words: exact ones, and the last one as a prefix when it is still being
  // typed (nothing follows it) and long enough. Each entry: {word, prefix, shards}.
  function queryWords(manifest, stopWords, query) {
    const tokens = scan(query, stopWords);
    const words = [];
    tokens.forEach((token, i) => {
      const last = i === tokens.length - 1 && token.end === query.length;
      let prefix = last && Array.from(token.word).length >= PREFIX_MIN_CHARS;
      if (token.stop && !prefix) return;
      if (words.some((w) => w.word === token.word)) return;
      // A site without briefs has no shards.
      let shards = manifest.shards.length > 0 ? [shardOf(manifest, token.word)] : [];
      if (prefix) {
        for (let s = shards.length > 0 ? shards[0] + 1 : 0; s < manifest.shards.length && manifest.shards[s][0].startsWith(token.word); s++) {
          shards.push(s);
        }
        if (shards.length > PREFIX_MAX_SHARDS) {
          prefix = false;
          shards = shards.slice(0, 1);
        }
      }
      if (token.stop && !prefix) return;
      words.push({ word: token.word, prefix, stop: token.stop, shards });
    });
    return words;
  }

  function idf(manifest, count) {
    return Math.log(1 + (manifest.briefs - count + 0.5) / (count + 0.5));
  }

  // Brief -> score for one query word (the best of its matching index words).
  async function scoresOf(manifest, word) {
    const shards = await Promise.all(word.shards.map((s) => load(manifest.shards[s][1])));
    const scores = new Map();
    for (const shard of shards) {
      for (const [indexWord, text] of shard) {
        if (indexWord !== word.word && !(word.prefix && indexWord.startsWith(word.word))) continue;
        const list = postings(text, manifest.impact_levels);
        const weight = idf(manifest, list.length);
        for (const [brief, level] of list) {
          const score = weight * level;
          if (!(scores.get(brief) >= score)) scores.set(brief, score);
        }
      }
    }
    return scores;
  }

  async function facetSet(manifest, name, slug) {
    const sets = await load(manifest.facets[name]);
    const entry = sets.find(([s]) => s === slug);
    return briefSet(entry ? entry[1] : "");
  }

  // Matching briefs, best first: [[brief, score], ...]. With no words, every brief the
  // filters allow, newest first.
  async function search(manifest, words, filters) {
    const sets = [];
    if (filters.topic) sets.push(facetSet(manifest, "topic", filters.topic));
    if (filters.region) sets.push(facetSet(manifest, "region", filters.region));
    if (filters.type && manifest.facets.type) sets.push(facetSet(manifest, "type", filters.type));
    if (filters.year) {
      const year = manifest.years.find(([y]) => String(y) === filters.year);
      sets.push(briefSet(year ? year[1] : ""));
    }
    const allowed = await Promise.all(sets);
    const keep = (brief) => allowed.every((set) => set.has(brief));
    if (words.length === 0) {
      const all = [];
      for (let b = 0; b < manifest.briefs; b++) if (keep(b)) all.push([b, 0]);
      return all;
    }
    const perWord = await Promise.all(words.map((w) => scoresOf(manifest, w)));
    // A stop word being typed ("the" of "theory") constrains nothing until some longer
    // word starts with it.
    const constraining = perWord.filter((scores, i) => !(words[i].stop && scores.size === 0));
    if (constraining.length === 0) return [];
    constraining.sort((a, b) => a.size - b.size);
    const results = [];
    for (const [brief, score] of constraining[0]) {
      let total = score;
      let everyWord = true;
      for (let i = 1; i < constraining.length && everyWord; i++) {
        const other = constraining[i].get(brief);
        if (other === undefined) everyWord = false;
        else total += other;
      }
      if (everyWord && keep(brief)) results.push([brief, total]);
    }
    results.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return results;
  }

  // ---------- Excerpts ----------

  // The passage of `text` with the most distinct query words, matched words in <mark>.
  // Returns null when no query word is in the text.
  function excerpt(text, words, stopWords) {
    const tokens = scan(text, stopWords).filter((t) => !t.stop);
    const which = (token) => {
      const hits = [];
      words.forEach((w, i) => {
        if (token.word === w.word || (w.prefix && token.word.startsWith(w.word))) hits.push(i);
      });
      return hits;
    };
    const hits = tokens.map(which);
    let best = -1;
    let bestCount = 0;
    hits.forEach((h, i) => {
      if (h.length === 0) return;
      const seen = new Set();
      for (let j = i; j < Math.min(tokens.length, i + EXCERPT_AFTER); j++) hits[j].forEach((w) => seen.add(w));
      if (seen.size > bestCount) {
        best = i;
        bestCount = seen.size;
      }
    });
    if (best < 0) return null;
    const first = Math.max(0, best - EXCERPT_BEFORE);
    const last = Math.min(tokens.length - 1, best + EXCERPT_AFTER);
    const start = tokens[first].start;
    const end = tokens[last].end;
    const paragraph = document.createElement("p");
    paragraph.className = "search-result-excerpt";
    let at = start;
    if (start > 0) paragraph.append("… ");
    for (let i = first; i <= last; i++) {
      if (hits[i].length === 0) continue;
      paragraph.append(text.slice(at, tokens[i].start));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(tokens[i].start, tokens[i].end);
      paragraph.append(mark);
      at = tokens[i].end;
    }
    paragraph.append(text.slice(at, end));
    if (end < text.length) paragraph.append(" …");
    return paragraph;
  }

  function firstWords(text) {
    const paragraph = document.createElement("p");
    paragraph.className = "search-result-excerpt";
    const words = text.split(" ");
    paragraph.textContent = words.slice(0, EXCERPT_BEFORE + EXCERPT_AFTER).join(" ") + (words.length > EXCERPT_BEFORE + EXCERPT_AFTER ? " …" : "");
    return paragraph;
  }

  // ---------- The page ----------

  const form = document.getElementById("search-form");
  const input = document.getElementById("search-query");
  const filters = {
    type: document.getElementById("search-type"),
    topic: document.getElementById("search-topic"),
    region: document.getElementById("search-region"),
    year: document.getElementById("search-year"),
  };
  const region = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-list");
  const more = document.getElementById("search-more");
  if (!form || !input || !region || !status || !list || !more || !indexScript) return;

  let manifest = null;
  let stopWords = new Set();
  let current = 0; // number of the latest search; older ones are dropped when they end
  let shown = { results: [], words: [], count: 0 };

  function state() {
    const values = { q: input.value };
    for (const [name, select] of Object.entries(filters)) if (select) values[name] = select.value;
    return values;
  }

  function updateAddress(values, push) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(values)) if (value) params.set(name, value);
    const query = params.toString();
    const url = location.pathname + (query ? "?" + query : "");
    try {
      if (push) history.pushState(null, "", url);
      else history.replaceState(null, "", url);
    } catch (error) {
      // Some browsers refuse to change file:// addresses; the search still works.
    }
  }

  // The page's words, from data attributes of the results region (the theme writes
  // them in the site's language); `{n}` is a number, `{query}` the words searched for.
  function label(name) {
    return region.getAttribute("data-label-" + name) || "";
  }
  const pluralRules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(region.getAttribute("data-lang") || "en") : null;
  function found(count) {
    const category = pluralRules ? pluralRules.select(count) : count === 1 ? "one" : "other";
    return (label(category) || label("other")).replace("{n}", String(count));
  }

  async function renderResult(brief) {
    const chunk = await load(manifest.chunks[Math.floor(brief / manifest.chunk_size)]);
    const meta = chunk[brief % manifest.chunk_size];
    const text = (await load(meta.text))[meta.text_at];
    const item = document.createElement("li");
    item.className = "search-result";
    const heading = document.createElement("h2");
    heading.className = "search-result-title";
    const link = document.createElement("a");
    link.href = new URL(meta.url, siteRoot).href;
    link.textContent = meta.title;
    heading.append(link);
    const details = document.createElement("p");
    details.className = "search-result-meta";
    if (meta.type) {
      const kind = document.createElement("span");
      kind.className = "search-result-type";
      kind.textContent = meta.type;
      details.append(kind, " · ");
    }
    const time = document.createElement("time");
    time.dateTime = meta.date_iso;
    time.textContent = meta.date;
    details.append(time);
    item.append(heading, details);
    if (meta.topics.length > 0) {
      const topics = document.createElement("ul");
      topics.className = "chips chips-topic";
      topics.setAttribute("aria-label", label("topics"));
      for (const t of meta.topics) {
        const topic = manifest.topics[t];
        if (!topic) continue;
        const entry = document.createElement("li");
        const topicLink = document.createElement("a");
        topicLink.href = new URL(topic.url, siteRoot).href;
        topicLink.textContent = topic.name;
        entry.append(topicLink);
        topics.append(entry);
      }
      item.append(topics);
    }
    item.append(excerpt(text.body, shown.words, stopWords) || excerpt(text.summary, shown.words, stopWords) || firstWords(text.summary));
    return item;
  }

  // Appends the next page of results; `focus` moves focus to the first one added.
  async function showMore(number, focus) {
    const start = list.children.length;
    const page = shown.results.slice(start, start + PAGE_SIZE);
    const items = await Promise.all(page.map(([brief]) => renderResult(brief)));
    if (number !== current) return;
    list.append(...items);
    more.hidden = list.children.length >= shown.results.length;
    if (focus && items.length > 0) items[0].querySelector("a").focus();
  }

  async function run(push) {
    const number = ++current;
    const values = state();
    updateAddress(values, push);
    const query = values.q.trim();
    const filtering = Boolean(values.type || values.topic || values.region || values.year);
    if (!query && !filtering) {
      region.setAttribute("aria-busy", "false");
      list.replaceChildren();
      more.hidden = true;
      status.textContent = label("prompt");
      return;
    }
    region.setAttribute("aria-busy", "true");
    status.textContent = label("searching");
    try {
      if (!manifest) throw new Error("no index");
      const words = queryWords(manifest, stopWords, values.q);
      const results = await search(manifest, words, values);
      if (number !== current) return;
      shown = { results, words, count: results.length };
      list.replaceChildren();
      await showMore(number, false);
      if (number !== current) return;
      const count = results.length;
      const parts = [count === 0 ? label("none") : found(count)];
      if (query) parts.push(label("for").replace("{query}", query));
      if (filtering) parts.push(label("filtered"));
      status.textContent = parts.join(" ").trim();
    } catch (error) {
      console.error(error);
      if (number !== current) return;
      list.replaceChildren();
      more.hidden = true;
      status.textContent = label("failed");
    }
    region.setAttribute("aria-busy", "false");
  }

  function start() {
    const data = registry.get("index");
    if (data && data.version === 2) {
      manifest = data;
      stopWords = new Set(manifest.stop_words);
    }
    const params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    for (const [name, select] of Object.entries(filters)) {
      const value = params.get(name);
      if (select && value && Array.from(select.options).some((o) => o.value === value)) select.value = value;
    }
    let typing = 0;
    input.addEventListener("input", () => {
      clearTimeout(typing);
      typing = setTimeout(() => run(false), 200);
    });
    for (const select of Object.values(filters)) if (select) select.addEventListener("change", () => run(false));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearTimeout(typing);
      run(true);
    });
    more.addEventListener("click", () => showMore(current, true));
    window.addEventListener("popstate", () => {
      const params = new URLSearchParams(location.search);
      input.value = params.get("q") || "";
      for (const [name, select] of Object.entries(filters)) if (select) select.value = params.get(name) || "";
      run(false);
    });
    run(false);
  }

  // The manifest's script comes after this one: start once it has run (or failed).
  // Deferred scripts have all run by DOMContentLoaded, whatever happened to them.
  let started = false;
  const startOnce = () => {
    if (!started) {
      started = true;
      start();
    }
  };
  if (registry.has("index") || document.readyState === "complete") startOnce();
  else {
    indexScript.addEventListener("load", startOnce);
    indexScript.addEventListener("error", startOnce);
    document.addEventListener("DOMContentLoaded", startOnce);
  }
})();
