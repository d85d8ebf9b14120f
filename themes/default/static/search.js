// Statecraft search page: searches the briefs entirely in the browser, over the index
// files `statecraft build` writes under search/ (their format is described at the top
// of src/render/search/mod.rs). Index files are scripts calling statecraftSearch.add(key,
// data), so they load over http and from file:// alike. A query loads only what it
// needs: the manifest, the term shard of each word, then the metadata and text of the
// results it shows. Every value from the index is inserted as text (textContent),
// never as HTML.

// ---------- Words: the same rules as src/render/search/words.rs ----------
// Split, fold, stop, stem: the index holds the terms these rules give, so the page
// must give exactly the same ones. The stemmers are ports of the Snowball English and
// Russian algorithms as rust-stemmers 1.2 has them; tests/search.rs runs them under
// Node against rust-stemmers on word lists, so the two cannot drift apart.
const statecraftWords = (function () {
  "use strict";

  // ----- Snowball English (Porter2) -----

  const isV = (c) => c !== undefined && "aeiouy".includes(c);
  const isVWXY = (c) => c !== undefined && "aeiouywxY".includes(c);
  // The longest of `suffixes` that `w` ends with, starting at or after `limit`.
  const longest = (w, suffixes, limit = 0) => {
    let found = null;
    for (const s of suffixes) if (w.endsWith(s) && w.length - s.length >= limit && (found === null || s.length > found.length)) found = s;
    return found;
  };
  const hasV = (w, from, to) => {
    for (let i = from; i < to; i++) if (isV(w[i])) return true;
    return false;
  };
  // A short syllable ending at `at`.
  const shortV = (w, at) => (at >= 3 && !isVWXY(w[at - 1]) && isV(w[at - 2]) && !isV(w[at - 3])) || (at === 2 && !isV(w[1]) && isV(w[0]));

  const EN_EXCEPTIONS = { skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl", sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes" };
  const EN_INVARIANT = new Set(["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"]);
  const STEP2 = { tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize", ization: "ize", ational: "ate", ation: "ate", ator: "ate", alism: "al", aliti: "al", alli: "al", fulness: "ful", ousli: "ous", ousness: "ous", iveness: "ive", iviti: "ive", biliti: "ble", bli: "ble", ogi: "og", fulli: "ful", lessli: "less", li: "" };
  const STEP3 = { tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic", ful: "", ness: "", ative: "" };
  const STEP4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion"];

  function stemEnglish(word) {
    if (Object.hasOwn(EN_EXCEPTIONS, word)) return EN_EXCEPTIONS[word];
    if (Array.from(word).length < 3) return word;
    let w = word;
    if (w[0] === "'") w = w.slice(1);
    let yFound = false;
    const chars = Array.from(w);
    for (let i = 0; i < chars.length; i++) {
      if (chars[i] === "y" && (i === 0 || isV(chars[i - 1]))) {
        chars[i] = "Y";
        yFound = true;
      }
    }
    w = chars.join("");
    // Regions: p1 after the first non-vowel following a vowel, p2 the same after p1.
    let p1 = w.length;
    let p2 = w.length;
    const pastVThenNonV = (from) => {
      let i = from;
      while (i < w.length && !isV(w[i])) i++;
      if (i >= w.length) return -1;
      i++;
      while (i < w.length && isV(w[i])) i++;
      if (i >= w.length) return -1;
      return i + 1;
    };
    const prefix = ["gener", "commun", "arsen"].find((p) => w.startsWith(p));
    const r1 = prefix ? prefix.length : pastVThenNonV(0);
    if (r1 >= 0) {
      p1 = r1;
      const r2 = pastVThenNonV(r1);
      if (r2 >= 0) p2 = r2;
    }
    // Step 1a.
    const apostrophe = longest(w, ["'", "'s", "'s'"]);
    if (apostrophe) w = w.slice(0, -apostrophe.length);
    const s1a = longest(w, ["sses", "ied", "ies", "s", "us", "ss"]);
    if (s1a === "sses") w = w.slice(0, -2);
    else if (s1a === "ied" || s1a === "ies") {
      const at = w.length - 3;
      w = w.slice(0, at) + (at >= 2 ? "i" : "ie");
    } else if (s1a === "s") {
      const at = w.length - 1;
      if (at >= 1 && hasV(w, 0, at - 1)) w = w.slice(0, at);
    }
    if (!EN_INVARIANT.has(w)) {
      // Step 1b.
      const s1b = longest(w, ["eed", "eedly", "ed", "edly", "ing", "ingly"]);
      if (s1b === "eed" || s1b === "eedly") {
        const at = w.length - s1b.length;
        if (p1 <= at) w = w.slice(0, at) + "ee";
      } else if (s1b !== null) {
        const at = w.length - s1b.length;
        if (hasV(w, 0, at)) {
          w = w.slice(0, at);
          const end = longest(w, ["at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"]);
          if (end === "at" || end === "bl" || end === "iz") w += "e";
          else if (end !== null) w = w.slice(0, -1);
          else if (w.length === p1 && shortV(w, w.length)) w += "e";
        }
      }
      // Step 1c.
      const last = w.length - 1;
      if ((w[last] === "y" || w[last] === "Y") && last >= 2 && !isV(w[last - 1])) w = w.slice(0, last) + "i";
      // Step 2.
      const s2 = longest(w, Object.keys(STEP2));
      if (s2 !== null) {
        const at = w.length - s2.length;
        if (p1 <= at) {
          if (s2 === "ogi") {
            if (w[at - 1] === "l") w = w.slice(0, at) + "og";
          } else if (s2 === "li") {
            if (at >= 1 && "cdeghkmnrt".includes(w[at - 1])) w = w.slice(0, at);
          } else w = w.slice(0, at) + STEP2[s2];
        }
      }
      // Step 3.
      const s3 = longest(w, Object.keys(STEP3));
      if (s3 !== null) {
        const at = w.length - s3.length;
        if (p1 <= at && (s3 !== "ative" || p2 <= at)) w = w.slice(0, at) + STEP3[s3];
      }
      // Step 4.
      const s4 = longest(w, STEP4);
      if (s4 !== null) {
        const at = w.length - s4.length;
        if (p2 <= at) {
          if (s4 !== "ion") w = w.slice(0, at);
          else if (at >= 1 && (w[at - 1] === "s" || w[at - 1] === "t")) w = w.slice(0, at);
        }
      }
      // Step 5.
      const at = w.length - 1;
      if (w[at] === "e") {
        if (p2 <= at || (p1 <= at && !shortV(w, at))) w = w.slice(0, at);
      } else if (w[at] === "l") {
        if (p2 <= at && w[at - 1] === "l") w = w.slice(0, at);
      }
    }
    return yFound ? w.replaceAll("Y", "y") : w;
  }

  // ----- Snowball Russian -----

  const isRuV = (c) => c !== undefined && "аеиоуыэюя".includes(c);
  const RU_GERUND_1 = ["в", "вши", "вшись"];
  const RU_GERUND_2 = ["ив", "ивши", "ившись", "ыв", "ывши", "ывшись"];
  const RU_ADJECTIVE = ["ее", "ие", "ые", "ое", "ими", "ыми", "ей", "ий", "ый", "ой", "ем", "им", "ым", "ом", "его", "ого", "ему", "ому", "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею"];
  const RU_PARTICIPLE_1 = ["ем", "нн", "вш", "ющ", "щ"];
  const RU_PARTICIPLE_2 = ["ивш", "ывш", "ующ"];
  const RU_REFLEXIVE = ["ся", "сь"];
  const RU_VERB_1 = ["ла", "на", "ете", "йте", "ли", "й", "л", "ем", "н", "ло", "но", "ет", "ют", "ны", "ть", "ешь", "нно"];
  const RU_VERB_2 = ["ила", "ыла", "ена", "ейте", "уйте", "ите", "или", "ыли", "ей", "уй", "ил", "ыл", "им", "ым", "ен", "ило", "ыло", "ено", "ят", "ует", "уют", "ит", "ыт", "ены", "ить", "ыть", "ишь", "ую", "ю"];
  const RU_NOUN = ["а", "ев", "ов", "ие", "ье", "е", "иями", "ями", "ами", "еи", "ии", "и", "ией", "ей", "ой", "ий", "й", "иям", "ям", "ием", "ем", "ам", "ом", "о", "у", "ах", "иях", "ях", "ы", "ь", "ию", "ью", "ю", "ия", "ья", "я"];

  function stemRussian(word) {
    let w = word;
    let pV = w.length;
    let p2 = w.length;
    const past = (from, test) => {
      let i = from;
      while (i < w.length && !test(w[i])) i++;
      return i < w.length ? i + 1 : -1;
    };
    let c = past(0, isRuV);
    if (c >= 0) {
      pV = c;
      c = past(c, (x) => !isRuV(x));
      if (c >= 0) c = past(c, isRuV);
      if (c >= 0) c = past(c, (x) => !isRuV(x));
      if (c >= 0) p2 = c;
    }
    // Removes the longest of `one` (after а or я) and `two` (after anything) that the
    // word ends with inside RV; false when none is there or its condition fails.
    const remove = (one, two) => {
      const found = longest(w, one.concat(two), pV);
      if (found === null) return false;
      const at = w.length - found.length;
      if (two.includes(found)) {
        w = w.slice(0, at);
        return true;
      }
      if (at - 1 >= pV && (w[at - 1] === "а" || w[at - 1] === "я")) {
        w = w.slice(0, at);
        return true;
      }
      return false;
    };
    if (!remove(RU_GERUND_1, RU_GERUND_2)) {
      remove([], RU_REFLEXIVE);
      if (remove([], RU_ADJECTIVE)) remove(RU_PARTICIPLE_1, RU_PARTICIPLE_2);
      else if (!remove(RU_VERB_1, RU_VERB_2)) remove([], RU_NOUN);
    }
    if (w.endsWith("и") && w.length - 1 >= pV) w = w.slice(0, -1);
    const derivational = longest(w, ["ост", "ость"], pV);
    if (derivational !== null && p2 <= w.length - derivational.length) w = w.slice(0, w.length - derivational.length);
    const tidy = longest(w, ["ейш", "ейше", "н", "ь"], pV);
    if (tidy === "ейш" || tidy === "ейше") {
      w = w.slice(0, w.length - tidy.length);
      if (w.endsWith("нн") && w.length - 2 >= pV) w = w.slice(0, -1);
    } else if (tidy === "н") {
      if (w.length - 2 >= pV && w[w.length - 2] === "н") w = w.slice(0, -1);
    } else if (tidy === "ь") w = w.slice(0, -1);
    return w;
  }

  // ----- Splitting and folding -----

  const STOP_WORDS = new Set(); // filled from the manifest by the page; the test sets it
  const isNumeric = (c) => /\p{N}/u.test(c);
  const isCyrillic = (c) => /[\u0400-\u052F\u1C80-\u1C8F\u2DE0-\u2DFF\uA640-\uA69F]/u.test(c);
  const isLatin = (c) => /[A-Za-z\u00C0-\u024F\u1E00-\u1EFF\u2C60-\u2C7F\uA720-\uA7FF\uFB00-\uFB06]/u.test(c);
  const CJK = /[\u3005-\u3007\u3040-\u309F\u30A1-\u30FA\u30FC-\u30FF\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF66-\uFF9F\u{20000}-\u{2FFFF}]/u;
  const isCjk = (c) => CJK.test(c);
  const LETTER_OR_DIGIT = /[\p{Alphabetic}\p{N}]/u;
  const LETTER = /\p{Alphabetic}/u;
  const JOINERS = "'\u2019.";
  const FOLD_EXTRA = { "ß": "ss", "ẞ": "ss", "ς": "σ", "ſ": "s", "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st", "ϐ": "β", "ϑ": "θ", "ϕ": "φ", "ϖ": "π", "ϰ": "κ", "ϱ": "ρ", "ϵ": "ε" };
  const FOLD_LETTER = { "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i" };

  function scriptOf(word) {
    for (const c of word) {
      if (isNumeric(c)) continue;
      if (isLatin(c)) return "latin";
      if (isCyrillic(c)) return "cyrillic";
      if (isCjk(c)) return "cjk";
      return "other";
    }
    return "latin";
  }

  function fold(raw, foldAccents) {
    let out = "";
    for (const c of raw) out += Object.hasOwn(FOLD_EXTRA, c) ? FOLD_EXTRA[c] : c.toLowerCase();
    if (scriptOf(raw) === "cyrillic") return out.replaceAll("ё", "е");
    if (foldAccents && /[^\x00-\x7f]/.test(out)) {
      out = Array.from(out.normalize("NFD").replace(/\p{M}/gu, ""), (c) => (Object.hasOwn(FOLD_LETTER, c) ? FOLD_LETTER[c] : c)).join("");
    }
    return out;
  }

  // Whether a language tag's words are stemmed (English, Russian, Japanese sites).
  const stems = (language) => ["en", "ru", "ja"].includes(String(language || "").split(/[-_]/)[0].toLowerCase());

  // Every token of `text` with its place (in UTF-16 units): [{token, term, start, end,
  // stop, cjk, run}]. `token` is folded, `term` what the index holds (stemmed);
  // `stop` marks stop words and words of one letter (not in the index); for bigrams,
  // `cjk` is true and `run` is the whole run of Chinese or Japanese characters.
  function scan(text, options) {
    const stemmed = new Map();
    const stemsHere = stems(options.language);
    const termOf = (token, script) => {
      if (!stemsHere || (script !== "latin" && script !== "cyrillic")) return token;
      if (!stemmed.has(token)) stemmed.set(token, script === "latin" ? stemEnglish(token) : stemRussian(token));
      return stemmed.get(token);
    };
    const found = [];
    const chars = Array.from(text);
    let word = "";
    let start = 0;
    let position = 0;
    let lastIsLetter = false;
    const finish = (end) => {
      let token = fold(word, options.foldAccents);
      for (const possessive of ["'s", "\u2019s"]) {
        if (token.endsWith(possessive)) token = token.slice(0, -possessive.length);
      }
      token = Array.from(token)
        .filter((c) => !JOINERS.includes(c))
        .join("");
      const stop = Array.from(token).length < 2 || STOP_WORDS.has(token);
      const script = scriptOf(token);
      found.push({ token, term: stop ? token : termOf(token, script), start, end, stop, cjk: false });
      word = "";
      lastIsLetter = false;
    };
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (isCjk(c)) {
        if (word !== "") finish(position);
        let j = i;
        const starts = [];
        let at = position;
        while (j < chars.length && isCjk(chars[j])) {
          starts.push(at);
          at += chars[j].length;
          j++;
        }
        starts.push(at);
        const run = chars.slice(i, j);
        const runText = run.join("");
        if (run.length === 1) found.push({ token: runText, term: runText, start: starts[0], end: starts[1], stop: false, cjk: true, run: runText });
        for (let k = 0; k + 1 < run.length; k++) {
          const bigram = run[k] + run[k + 1];
          found.push({ token: bigram, term: bigram, start: starts[k], end: starts[k + 2], stop: false, cjk: true, run: runText });
        }
        position = at;
        i = j - 1;
        lastIsLetter = false;
        continue;
      }
      if (LETTER_OR_DIGIT.test(c)) {
        if (word === "") start = position;
        word += c;
        lastIsLetter = LETTER.test(c);
      } else if (JOINERS.includes(c) && lastIsLetter && i + 1 < chars.length && LETTER.test(chars[i + 1]) && !isCjk(chars[i + 1])) {
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

  return { stemEnglish, stemRussian, fold, scan, stems, STOP_WORDS };
})();

if (typeof window === "undefined") {
  // Under Node (tests/search.rs): the words' rules alone.
  module.exports = statecraftWords;
}

if (typeof window !== "undefined") (function () {
  "use strict";

  const PAGE_SIZE = 10;
  // Words of five letters or more also find words one edit away ("kurill" finds
  // "kuril") when nothing starts with them; looked for in at most this many shards.
  const TYPO_MIN_CHARS = 5;
  const TYPO_MAX_SHARDS = 3;
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

  // Words as the index has them (statecraftWords above), with the manifest's settings.
  let wordOptions = { language: "en", foldAccents: true };
  const scan = (text) => statecraftWords.scan(text, wordOptions);

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

  // The query's words: each a term of the index (a stem, or a bigram of Chinese or
  // Japanese), the last one also as a prefix when it is still being typed (nothing
  // follows it) and long enough, or a single Chinese or Japanese character. Stop
  // words are left out, also as prefixes ("the" does not find "theory"). Each entry:
  // {term, prefix, typo, shards}.
  function queryWords(manifest, query) {
    const tokens = scan(query).filter((t) => !t.stop);
    const words = [];
    tokens.forEach((token, i) => {
      if (words.some((w) => w.term === token.term)) return;
      const last = i === tokens.length - 1 && token.end === query.length;
      const length = Array.from(token.token).length;
      let prefix = last && (token.cjk ? length === 1 : length >= PREFIX_MIN_CHARS);
      // A site without briefs has no shards.
      let shards = manifest.shards.length > 0 ? [shardOf(manifest, token.term)] : [];
      if (prefix) {
        for (let s = shards.length > 0 ? shards[0] + 1 : 0; s < manifest.shards.length && manifest.shards[s][0].startsWith(token.term); s++) {
          shards.push(s);
        }
        if (shards.length > PREFIX_MAX_SHARDS) {
          prefix = false;
          shards = shards.slice(0, 1);
        }
      }
      words.push({ term: token.term, prefix, typo: !token.cjk && length >= TYPO_MIN_CHARS, shards, matched: new Set() });
    });
    return words;
  }

  // Whether `a` and `b` are one insertion, deletion or substitution apart.
  function oneEditApart(a, b) {
    const x = Array.from(a);
    const y = Array.from(b);
    if (Math.abs(x.length - y.length) > 1) return false;
    let i = 0;
    while (i < x.length && i < y.length && x[i] === y[i]) i++;
    let j = 0;
    while (j < x.length - i && j < y.length - i && x[x.length - 1 - j] === y[y.length - 1 - j]) j++;
    return Math.max(x.length, y.length) - i - j === 1;
  }

  function idf(manifest, count) {
    return Math.log(1 + (manifest.briefs - count + 0.5) / (count + 0.5));
  }

  // Brief -> score for one query word (the best of its matching index terms, which go
  // into word.matched for the excerpts). Only when no term matches, terms one edit away
  // are looked for: in the shards of the terms that share its first two characters.
  async function scoresOf(manifest, word) {
    const scores = new Map();
    const add = (text) => {
      const list = postings(text, manifest.impact_levels);
      const weight = idf(manifest, list.length);
      for (const [brief, level] of list) {
        const score = weight * level;
        if (!(scores.get(brief) >= score)) scores.set(brief, score);
      }
    };
    const shards = await Promise.all(word.shards.map((s) => load(manifest.shards[s][1])));
    for (const shard of shards) {
      for (const [term, text] of shard) {
        if (term !== word.term && !(word.prefix && term.startsWith(word.term))) continue;
        word.matched.add(term);
        add(text);
      }
    }
    if (word.matched.size > 0 || !word.typo || manifest.shards.length === 0) return scores;
    const start = Array.from(word.term).slice(0, 2).join("");
    const near = [];
    for (let s = shardOf(manifest, start); s < manifest.shards.length && near.length < TYPO_MAX_SHARDS; s++) {
      if (near.length > 0 && !manifest.shards[s][0].startsWith(start)) break;
      near.push(s);
    }
    for (const shard of await Promise.all(near.map((s) => load(manifest.shards[s][1])))) {
      for (const [term, text] of shard) {
        if (!oneEditApart(term, word.term)) continue;
        word.matched.add(term);
        add(text);
      }
    }
    return scores;
  }

  async function facetSet(manifest, name, slug) {
    const sets = await load(manifest.facets[name]);
    const entry = sets.find(([s]) => s === slug);
    return briefSet(entry ? entry[1] : "");
  }

  // Matching briefs, best first: [[brief, score], ...], those with every word (each
  // bigram of a Chinese or Japanese word: that they are next to each other is checked on
  // the text of the results shown). With no words, every brief the filters allow,
  // newest first.
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
    const constraining = await Promise.all(words.map((w) => scoresOf(manifest, w)));
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
  function excerpt(text, words) {
    const tokens = scan(text).filter((t) => !t.stop);
    const which = (token) => {
      const hits = [];
      words.forEach((w, i) => {
        if (w.matched.has(token.term)) hits.push(i);
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
      // Bigrams overlap: a mark starts where the last one ended.
      if (hits[i].length === 0 || tokens[i].end <= at) continue;
      const from = Math.max(at, tokens[i].start);
      paragraph.append(text.slice(at, from));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(from, tokens[i].end);
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
  // The page says that search needs JavaScript until this script runs.
  status.textContent = label(new URLSearchParams(location.search).get("q") ? "searching" : "prompt");

  let manifest = null;
  let current = 0; // number of the latest search; older ones are dropped when they end
  // The latest search: its candidates, words, runs of Chinese or Japanese characters,
  // how many candidates were looked at (`next`) and found without a run (`rejected`).
  let shown = { results: [], words: [], phrases: [], next: 0, rejected: 0, status: [] };

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

  // The number of the first brief of each metadata chunk (chunks hold different
  // numbers of briefs), made when the manifest is read.
  let chunkStarts = [];

  // A candidate's metadata and text: its chunk is the last that starts at or before it.
  async function loadResult(brief) {
    let low = 0;
    let high = chunkStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (chunkStarts[middle] <= brief) low = middle;
      else high = middle - 1;
    }
    const chunk = await load(manifest.chunks[low][0]);
    const meta = chunk[brief - chunkStarts[low]];
    const text = (await load(meta.text))[meta.text_at];
    return { meta, text };
  }

  // Whether a candidate has each run of Chinese or Japanese characters of the query
  // whole: the index only says that it has each of their bigrams.
  function hasPhrases({ meta, text }) {
    if (shown.phrases.length === 0) return true;
    const all = [meta.title, text.summary, text.headings, text.body].join(" ");
    return shown.phrases.every((phrase) => all.includes(phrase));
  }

  function renderResult({ meta, text }) {
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
    item.append(excerpt(text.body, shown.words) || excerpt(text.summary, shown.words) || firstWords(text.summary));
    return item;
  }

  // Appends the next page of results; `focus` moves focus to the first one added.
  async function showMore(number, focus) {
    const items = [];
    while (items.length < PAGE_SIZE && shown.next < shown.results.length) {
      const batch = shown.results.slice(shown.next, shown.next + PAGE_SIZE - items.length);
      shown.next += batch.length;
      const loaded = await Promise.all(batch.map(([brief]) => loadResult(brief)));
      if (number !== current) return;
      for (const result of loaded) {
        if (hasPhrases(result)) items.push(renderResult(result));
        else shown.rejected += 1;
      }
    }
    list.append(...items);
    more.hidden = shown.next >= shown.results.length;
    if (shown.phrases.length > 0) announce();
    if (focus && items.length > 0) items[0].querySelector("a").focus();
  }

  // The status line: how many results (fewer as candidates without a run of Chinese
  // or Japanese characters of the query are found), for what.
  function announce() {
    const count = shown.results.length - shown.rejected;
    status.textContent = [count === 0 ? label("none") : found(count), ...shown.status].join(" ").trim();
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
      const words = queryWords(manifest, values.q);
      // A query of stop words only finds nothing (not every brief).
      const results = query && words.length === 0 ? [] : await search(manifest, words, values);
      if (number !== current) return;
      const phrases = [...new Set(scan(values.q).filter((t) => t.cjk && Array.from(t.run).length >= 3).map((t) => t.run))];
      const parts = [];
      if (query) parts.push(label("for").replace("{query}", query));
      if (filtering) parts.push(label("filtered"));
      shown = { results, words, phrases, next: 0, rejected: 0, status: parts };
      list.replaceChildren();
      await showMore(number, false);
      if (number !== current) return;
      announce();
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
    if (data && data.version === 4) {
      manifest = data;
      let next = 0;
      chunkStarts = manifest.chunks.map(([, briefs]) => {
        const start = next;
        next += briefs;
        return start;
      });
      for (const word of manifest.stop_words) statecraftWords.STOP_WORDS.add(word);
      wordOptions = { language: manifest.language, foldAccents: manifest.fold_accents };
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
