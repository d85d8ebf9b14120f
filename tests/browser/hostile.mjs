// Opens a brief page built from hostile Markdown in escape mode, in Debian's Chromium:
//   node hostile.mjs <path of the page's index.html>
// Focuses and clicks everything that can be focused or clicked in the brief, waits,
// and fails if any payload set `window.__pwned` (or a parent frame's) or opened a
// dialog. Exits non-zero on failure.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(new URL("../tools/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const [file] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failure = null;
try {
  const page = await browser.newPage();
  page.on("dialog", async (dialog) => {
    failure = `a dialog opened: ${dialog.message()}`;
    await dialog.dismiss();
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForTimeout(300);
  const pwned = () => page.evaluate(() => window.__pwned ?? null);
  // Focus every focusable element of the brief, then click every link and image.
  await page.evaluate(() => {
    for (const el of document.querySelectorAll("main *")) {
      if (typeof el.focus === "function") el.focus();
    }
  });
  const clickable = await page.$$("main a, main img, main h2, main h3");
  for (const el of clickable) {
    await el.click({ noWaitAfter: true, timeout: 1000 }).catch(() => {});
    if (page.url() !== pathToFileURL(file).href) await page.goto(pathToFileURL(file).href);
  }
  await page.waitForTimeout(500);
  const value = await pwned();
  if (value !== null) failure = `payload ${value} ran`;
  const dangerous = await page.evaluate(() =>
    [...document.querySelectorAll("main *")].flatMap((el) =>
      [...el.attributes]
        // The theme's citation records are downloads of inert text; any other data: URL fails.
        .filter((a) => !(el.hasAttribute("download") && /^data:application\/(x-bibtex|x-research-info-systems);/.test(a.value)))
        .filter((a) => /^on/i.test(a.name) || /^\s*(javascript|data|vbscript):/i.test(a.value) || a.name === "style")
        .map((a) => `<${el.tagName.toLowerCase()} ${a.name}="${a.value}">`),
    ),
  );
  if (dangerous.length) failure = `dangerous attributes in the page: ${dangerous.join(", ")}`;
  if (!failure) console.log("hostile brief: no script ran");
} finally {
  await browser.close();
}
if (failure) {
  console.error(`FAIL: ${failure}`);
  process.exit(1);
}
