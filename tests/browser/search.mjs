// Drives the search page of a served site in Debian's Chromium (headless):
//   node search.mjs <site url, ending in /> <rare word> <slug of its brief> \
//        <common word> <topic slug> <word of the hostile brief> <its exact title>
// 1. the rare word (only in one brief's body) finds exactly that brief, with the word
//    marked in the excerpt;
// 2. the topic filter narrows the results of the common word to briefs on the topic;
// 3. a result links to its brief (followed);
// 4. the search box in the header of another page leads to results;
// 5. a brief whose title is markup shows it as text, and no script runs.
// Or, over a site of short English, Russian and Japanese briefs:
//   node search.mjs --languages <site url, ending in />
// 6. `alliances` finds the brief with `alliance` (stems), `союзников` the one with
//    `союзники` and `союз`, `抑止力` the one with it and not the one with 抑止 and 止力
//    apart, `kurill` the one with `kuril` and `frontiar` the one
//    with `frontier` (one typo); `the` finds nothing (a stop word
//    is no prefix of `theory`);
// 7. an excerpt shows neither a citation key nor a heading;
// 8. the status line says that search needs JavaScript without it, not with it.
// Or, in one language's edition of a site with translations:
//   node search.mjs --edition <site url, ending in /> <edition folder: ru/, ja/ or .> \
//        (<query> <slugs it finds, comma-separated>)...
// 9. each query on the edition's search page finds exactly those briefs, all in the
//    edition (no brief of another language), in its language's words.
// Exits non-zero with a message on the first expectation that fails.
import { createRequire } from "node:module";

const require = createRequire(new URL("../tools/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const languages = process.argv[2] === "--languages";
const edition = process.argv[2] === "--edition";
const [site, rareWord, rareSlug, commonWord, topic, hostileWord, hostileTitle] = process.argv.slice(languages || edition ? 3 : 2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const fail = async (message) => {
  console.error(`FAIL: ${message}`);
  await browser.close();
  process.exit(1);
};

// Waits for the search started last to finish; returns what the page shows.
async function results(page) {
  await page.waitForFunction(() => {
    const region = document.getElementById("search-results");
    const status = document.getElementById("search-status")?.textContent ?? "";
    return region?.getAttribute("aria-busy") === "false" && !status.includes("Searching");
  });
  return page.evaluate(() => ({
    status: document.getElementById("search-status").textContent,
    items: [...document.querySelectorAll("#search-list > li")].map((li) => ({
      excerpt: li.querySelector(".search-result-excerpt")?.textContent ?? "",
      title: li.querySelector("h2 a").textContent,
      href: li.querySelector("h2 a").href,
      topics: [...li.querySelectorAll(".chips a")].map((a) => a.textContent),
      marks: [...li.querySelectorAll(".search-result-excerpt mark")].map((m) => m.textContent.toLowerCase()),
    })),
  }));
}

const count = (status) => {
  const match = /^(\d+) (?:briefs?|publications?) found/.exec(status);
  return match ? Number(match[1]) : 0;
};

// 6-8, over the languages site.
async function searchLanguages() {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const expect = async (query, slugs, marked) => {
    await page.goto(`${site}search/?q=${encodeURIComponent(query)}`);
    const shown = await results(page);
    const found = shown.items.map((i) => i.href.slice(site.length));
    const wanted = slugs.map((s) => `briefs/${s}/`);
    if (JSON.stringify(found) !== JSON.stringify(wanted)) await fail(`"${query}" found ${JSON.stringify(found)}, not ${JSON.stringify(wanted)} (${shown.status})`);
    if (count(shown.status) !== slugs.length && !(slugs.length === 0 && /^No /.test(shown.status))) await fail(`"${query}": the status says "${shown.status}"`);
    if (marked && !shown.items[0].marks.includes(marked)) await fail(`"${query}": "${marked}" is not marked in ${JSON.stringify(shown.items[0])}`);
    return shown;
  };
  const english = await expect("alliances", ["alliance"], "alliance");
  await expect("союзников", ["soyuz"], "союзники");
  await expect("抑止力", ["yokushi"], "抑止");
  // `kurill` stems to `kuril` already; `frontiar` is one letter from `frontier`.
  await expect("kurill", ["alliance"], "kuril");
  await expect("frontiar", ["alliance"], "frontier");
  await expect("Moskva frontiar", []);
  await expect("the", []);
  await expect("THEORY", ["plain"]);
  // 7. Excerpts: the citation and the heading are not in them.
  const excerpt = english.items[0].excerpt;
  if (/samuels|@|Burden/.test(excerpt)) await fail(`the excerpt shows a citation key or a heading: ${excerpt}`);
  if (!excerpt.includes("alliance with Tokyo holds. Troops")) await fail(`unexpected excerpt: ${excerpt}`);
  // 8. The status line, with and without JavaScript.
  await page.goto(`${site}search/`);
  await page.waitForFunction(() => document.getElementById("search-status").textContent.startsWith("Type"));
  const status = await page.textContent("#search-status");
  if (status.includes("JavaScript")) await fail(`with JavaScript, the status says: ${status}`);
  // Also while the index is still loading (a large site's manifest, a slow network).
  const slow = await browser.newPage();
  await slow.route("**/search/index.js", (route) => setTimeout(() => route.continue().catch(() => {}), 2000));
  await slow.goto(`${site}search/`, { waitUntil: "commit" });
  await slow.waitForFunction(() => window.statecraftSearch !== undefined);
  const loading = await slow.textContent("#search-status");
  if (loading.includes("JavaScript")) await fail(`while the index loads, the status says: ${loading}`);
  await slow.close();
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await plain.goto(`${site}search/`);
  const without = await plain.textContent("#search-status");
  if (!without.includes("needs JavaScript")) await fail(`without JavaScript, the status says: ${without}`);
  await noScript.close();
  if (errors.length > 0) await fail(`script errors: ${errors.join("; ")}`);
  console.log("search languages: ok");
}

// 9, over one edition: the arguments after the site are its folder, then pairs of a
// query and the slugs it finds.
async function searchEdition() {
  const [folder, ...pairs] = process.argv.slice(4);
  const prefix = folder === "." ? "" : folder;
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const [query, slugs] = [pairs[i], pairs[i + 1]];
    await page.goto(`${site}${prefix}search/?q=${encodeURIComponent(query)}`);
    const lang = await page.evaluate(() => document.documentElement.lang);
    const shown = await results(page);
    const found = shown.items.map((item) => item.href.slice(site.length)).sort();
    const wanted = slugs.split(",").map((slug) => `${prefix}briefs/${slug}/`).sort();
    if (JSON.stringify(found) !== JSON.stringify(wanted)) await fail(`"${query}" on /${prefix}search/ (lang ${lang}) found ${JSON.stringify(found)}, not ${JSON.stringify(wanted)} (${shown.status})`);
    if (!shown.items.every((item) => item.excerpt.length > 0)) await fail(`"${query}": a result has no excerpt`);
  }
  if (errors.length > 0) await fail(`script errors: ${errors.join("; ")}`);
  console.log(`search in ${folder}: ok`);
}

try {
  if (edition) {
    await searchEdition();
    await browser.close();
    process.exit(0);
  }
  if (languages) {
    await searchLanguages();
    await browser.close();
    process.exit(0);
  }
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  let dialogs = 0;
  page.on("dialog", async (dialog) => {
    dialogs += 1;
    await dialog.dismiss();
  });

  // 1. A word found in a single brief's body.
  await page.goto(`${site}search/?q=${encodeURIComponent(rareWord)}`);
  let shown = await results(page);
  if (count(shown.status) !== 1 || shown.items.length !== 1) await fail(`"${rareWord}": expected one result, got ${JSON.stringify(shown)}`);
  if (!shown.items[0].href.endsWith(`/briefs/${rareSlug}/`)) await fail(`"${rareWord}" found ${shown.items[0].href}, not ${rareSlug}`);
  if (!shown.items[0].href.startsWith(site)) await fail(`result link ${shown.items[0].href} is outside ${site}`);
  if (!shown.items[0].marks.some((m) => m.startsWith(rareWord))) await fail(`"${rareWord}" is not marked in the excerpt: ${JSON.stringify(shown.items[0])}`);

  // 2. The topic filter narrows the results, to briefs on the topic.
  await page.fill("#search-query", commonWord);
  await page.press("#search-query", "Enter");
  shown = await results(page);
  const all = count(shown.status);
  if (all < 2) await fail(`"${commonWord}": expected several results, got ${shown.status}`);
  const topicName = await page.$eval(`#search-topic option[value="${topic}"]`, (o) => o.textContent);
  await page.selectOption("#search-topic", topic);
  shown = await results(page);
  const narrowed = count(shown.status);
  if (!(narrowed > 0 && narrowed < all)) await fail(`topic ${topic} did not narrow ${all} results: ${shown.status}`);
  for (const item of shown.items) {
    if (!item.topics.includes(topicName)) await fail(`"${item.title}" is not on ${topicName}: ${item.topics}`);
  }
  if (!page.url().includes(`topic=${topic}`)) await fail(`the address does not keep the filter: ${page.url()}`);

  // 3. A result links to its brief.
  const first = shown.items[0];
  await page.click("#search-list > li:first-child h2 a");
  await page.waitForLoadState("load");
  if (page.url() !== first.href) await fail(`followed ${first.href}, landed on ${page.url()}`);
  const heading = (await page.textContent("main h1")).trim();
  if (heading !== first.title.trim()) await fail(`the brief's heading is "${heading}", the result said "${first.title}"`);

  // 4. The header's search box, from a brief page.
  await page.fill("#masthead-search-query", rareWord);
  await page.press("#masthead-search-query", "Enter");
  await page.waitForLoadState("load");
  if (!page.url().startsWith(`${site}search/`)) await fail(`the header search went to ${page.url()}`);
  shown = await results(page);
  if (shown.items[0]?.href.endsWith(`/briefs/${rareSlug}/`) !== true) await fail(`header search: ${JSON.stringify(shown)}`);

  // 5. Markup in a title is text.
  await page.goto(`${site}search/?q=${encodeURIComponent(hostileWord)}`);
  shown = await results(page);
  if (shown.items.length !== 1 || shown.items[0].title !== hostileTitle) await fail(`hostile title shown as ${JSON.stringify(shown.items)}`);
  const injected = await page.evaluate(() => document.querySelectorAll("#search-list script, #search-list b").length);
  if (injected !== 0 || dialogs !== 0) await fail("markup from the index became elements");

  if (errors.length > 0) await fail(`script errors: ${errors.join("; ")}`);
  console.log("search: ok");
} finally {
  await browser.close();
}
