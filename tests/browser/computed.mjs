// Reads what a served page really shows, in Debian's Chromium (headless):
//   node computed.mjs <url> <css selector> <css property>
// Prints JSON {"light": [...], "dark": [...]}: the computed value of the property for
// every element the selector matches, with the page in light and in dark colour scheme.
import { createRequire } from "node:module";

const require = createRequire(new URL("../tools/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const [url, selector, property] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const result = {};
try {
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    const response = await page.goto(url);
    if (!response.ok()) throw new Error(`${url}: HTTP ${response.status()}`);
    result[scheme] = await page.$$eval(
      selector,
      (elements, property) => elements.map((e) => getComputedStyle(e).getPropertyValue(property)),
      property,
    );
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
