// Drives Debian's Chromium (headless) against `statecraft serve` with many tabs open:
//   node live_reload_tabs.mjs <url of a brief page> <path of that brief's file>
// 1. opens the page in 10 tabs of one browser, more than the 6 connections Chromium
//    opens to one host: every tab loads (a tab that kept a connection open for live
//    reload would leave the 7th waiting for one);
// 2. follows a link in the first tab: navigation still works;
// 3. edits the brief's title on disk -> every tab shows the new title by itself.
// Exits non-zero with a message on the first expectation that fails.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("../tools/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const [url, briefFile] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const TABS = 10;

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const fail = async (message) => {
  console.error(`FAIL: ${message}`);
  await browser.close();
  process.exit(1);
};

try {
  const context = await browser.newContext();
  const tabs = [];
  for (let n = 1; n <= TABS; n++) {
    const tab = await context.newPage();
    await tab.goto(url, { timeout: 15000 }).catch(() => fail(`tab ${n} of ${TABS} did not load`));
    tabs.push(tab);
  }

  // Navigation in a tab while the others are open.
  const first = tabs[0];
  const home = new URL("/", url).href;
  await first.goto(home, { timeout: 15000 }).catch(() => fail("the first tab could not go to the home page"));
  await first.goto(url, { timeout: 15000 }).catch(() => fail("the first tab could not come back"));

  // Every tab is told of rebuilds (its stream is open) before the edit, which would
  // otherwise race with the last tab's connection.
  for (const [i, tab] of tabs.entries()) {
    await tab
      .waitForFunction(() => window.statecraftLiveReload === "connected", null, { timeout: 15000 })
      .catch(() => fail(`tab ${i + 1} never listened for rebuilds`));
  }

  // An edit reloads every tab.
  const original = readFileSync(briefFile, "utf8");
  writeFileSync(briefFile, original.replace("Live Title One", "Live Title Two"));
  for (const [i, tab] of tabs.entries()) {
    await tab
      .waitForFunction(() => document.querySelector("h1")?.textContent.includes("Live Title Two"), null, { timeout: 15000 })
      .catch(async () => {
        const titles = await Promise.all(tabs.map((t) => t.textContent("h1").catch((e) => e.message)));
        await fail(`tab ${i + 1} did not show the edited title; the tabs show: ${titles.map((t) => t?.trim()).join(" | ")}`);
      });
  }
  console.log(`live reload in ${TABS} tabs: ok`);
} finally {
  await browser.close();
}
