// Drives Debian's Chromium (headless) against `statecraft serve`:
//   node live_reload.mjs <url of a brief page> <path of that brief's file> [<stylesheet>]
// 1. edits the brief's title on disk -> the open page shows the new title by itself;
// 2. breaks the front matter -> the error overlay appears, with the diagnostic;
// 3. fixes it -> the overlay goes away and the page shows the fixed title;
// 4. with a stylesheet of the site's own (site/static/*.css, whose name does not change
//    with its content) that sets the h1's font size to 11px: sets it to 33px on disk ->
//    the open page shows 33px without being loaded again.
// Exits non-zero with a message on the first expectation that fails. Playwright gives
// each launch a fresh, empty profile.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("../tools/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const [url, briefFile, stylesheet] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";

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
  const page = await browser.newPage();
  await page.goto(url);
  const original = readFileSync(briefFile, "utf8");
  const heading = async () => (await page.textContent("h1"))?.trim();
  if (!(await heading())?.includes("Live Title One")) await fail(`unexpected first title: ${await heading()}`);

  // 1. Edit the title on disk; the page must update with no action in the browser.
  writeFileSync(briefFile, original.replace("Live Title One", "Live Title Two"));
  await page
    .waitForFunction(() => document.querySelector("h1")?.textContent.includes("Live Title Two"), null, { timeout: 15000 })
    .catch(() => fail("the page did not show the edited title"));

  // 2. Break the front matter: the overlay appears with the diagnostic, escaped.
  writeFileSync(briefFile, original.replace("title:", "title: [<b>unclosed"));
  await page
    .waitForSelector("#statecraft-error-overlay", { timeout: 15000 })
    .catch(() => fail("no error overlay after breaking the front matter"));
  const report = await page.textContent("#statecraft-error-overlay pre");
  if (!report.includes("E-yaml")) await fail(`overlay lacks the diagnostic: ${report}`);
  if ((await page.$("#statecraft-error-overlay b")) !== null) await fail("overlay rendered the brief's markup");

  // 3. Fix it: the overlay goes away and the page shows the fixed brief.
  writeFileSync(briefFile, original.replace("Live Title One", "Live Title Three"));
  await page
    .waitForFunction(
      () => !document.getElementById("statecraft-error-overlay") && document.querySelector("h1")?.textContent.includes("Live Title Three"),
      null,
      { timeout: 15000 },
    )
    .catch(() => fail("the overlay did not go away after the fix"));

  // 4. A stylesheet whose name stays the same is swapped in place too.
  if (stylesheet) {
    const fontSize = () => page.evaluate(() => getComputedStyle(document.querySelector("h1")).fontSize);
    if ((await fontSize()) !== "11px") await fail(`the site's stylesheet is not applied: h1 is ${await fontSize()}`);
    await page.evaluate(() => { window.statecraftKept = true; });
    writeFileSync(stylesheet, readFileSync(stylesheet, "utf8").replace("11px", "33px"));
    await page
      .waitForFunction(() => getComputedStyle(document.querySelector("h1")).fontSize === "33px", null, { timeout: 15000 })
      .catch(async () => fail(`the edited stylesheet did not show: h1 is ${await fontSize()}`));
    if (!(await page.evaluate(() => window.statecraftKept))) await fail("the page was loaded again for a stylesheet edit");
  }
  console.log("live reload: ok");
} finally {
  await browser.close();
}
