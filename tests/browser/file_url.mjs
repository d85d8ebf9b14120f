// Opens a site built with --relative straight from disk (file://) in Debian's Chromium:
//   node file_url.mjs <path of the output folder>
// The home page must be styled by the theme, clicking through to a brief and on to
// one of its topics must work, and so must searching from the header for a word of the
// newest brief's title and opening that result. Exits non-zero on the first failure.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(new URL("../tools/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const [folder] = process.argv.slice(2);
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

try {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(`${folder}/index.html`).href);
  // The theme's stylesheet sets the body margin to 0; without it, browsers use 8px.
  const styled = async () => page.evaluate(() => getComputedStyle(document.body).marginTop === "0px");
  if (!(await styled())) await fail("the home page is not styled from file://");

  // The first link in the main content to a brief page.
  await page.click('main a[href*="briefs/"][href$="/index.html"]:not([href$="briefs/index.html"])');
  await page.waitForLoadState("load");
  if (!page.url().startsWith("file://") || !page.url().endsWith("/index.html")) await fail(`card link went to ${page.url()}`);
  if (!page.url().includes("/briefs/") || !(await page.$("main h1"))) await fail(`no brief at ${page.url()}`);
  if (!(await styled())) await fail("the brief page is not styled from file://");

  await page.click('main a[href*="topics/"][href$="/index.html"]');
  await page.waitForLoadState("load");
  if (!(await page.textContent("h1"))) await fail(`no term page at ${page.url()}`);
  if (!(await styled())) await fail("the term page is not styled from file://");

  // Search: the index loads as scripts, which file:// allows (fetch it does not).
  await page.goto(pathToFileURL(`${folder}/index.html`).href);
  const newest = await page.$eval('main a[href*="briefs/"][href$="/index.html"]:not([href$="briefs/index.html"])', (a) => ({ title: a.textContent.trim(), href: a.href }));
  const word = newest.title.split(/[^\p{L}]+/u).sort((a, b) => b.length - a.length)[0];
  await page.fill("#masthead-search-query", word);
  await page.press("#masthead-search-query", "Enter");
  await page.waitForLoadState("load");
  if (!page.url().startsWith("file://") || !page.url().includes("/search/index.html?q=")) await fail(`the header search went to ${page.url()}`);
  await page
    .waitForFunction((href) => [...document.querySelectorAll("#search-list a")].some((a) => a.href === href), newest.href, { timeout: 10000 })
    .catch(async () => fail(`searching "${word}" from file:// did not find ${newest.href}: ${await page.textContent("#search-status")}`));
  await page.click(`#search-list a[href="${newest.href}"]`);
  await page.waitForLoadState("load");
  if (page.url() !== newest.href || !(await styled())) await fail(`the search result led to ${page.url()}`);
  console.log("file:// browsing: ok");
} finally {
  await browser.close();
}
