// Runs axe-core in Debian's Chromium (headless) on pages of a served site, in light and
// dark colour schemes, on a desktop screen and a phone's (390x844, the menu open), and
// checks the print stylesheet:
//   node accessibility.mjs <base url> <path of a brief> <other paths...>
// Exits non-zero listing every violation.
import { createRequire } from "node:module";

const require = createRequire(new URL("../tools/package.json", import.meta.url));
const { chromium } = require("playwright-core");
const axePath = require.resolve("axe-core/axe.min.js");

const [base, briefPath, ...otherPaths] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

const problems = [];
try {
  const screens = [
    { name: "desktop", viewport: { width: 1280, height: 900 } },
    { name: "mobile", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  ];
  for (const colorScheme of ["light", "dark"]) for (const { name: screen, ...screenOptions } of screens) {
    const context = await browser.newContext({ colorScheme, ...screenOptions });
    const page = await context.newPage();
    for (const path of [briefPath, ...otherPaths]) {
      await page.goto(base + path);
      // On a phone, check the menu too, open.
      if (screen === "mobile") await page.evaluate(() => document.querySelector("details.menu")?.setAttribute("open", ""));
      // The search page fills in its results after loading; check them too.
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(() =>
        // eslint-disable-next-line no-undef
        axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } }),
      );
      for (const violation of result.violations) {
        const where = violation.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ");
        problems.push(`${colorScheme} ${screen} ${path}: ${violation.id} (${violation.impact}) ${violation.help} — ${where}`);
      }
    }
    await context.close();
  }

  // Print: no navigation chrome, external link targets written out.
  const page = await browser.newPage();
  await page.goto(base + briefPath);
  await page.emulateMedia({ media: "print" });
  const print = await page.evaluate(() => {
    const hidden = (selector) => [...document.querySelectorAll(selector)].every((e) => getComputedStyle(e).display === "none");
    const external = document.querySelector('.body a[href^="http"], .footnotes a[href^="http"]');
    return {
      headerHidden: hidden(".site-header"),
      navHidden: hidden("nav.site-nav"),
      footerHidden: hidden(".site-footer"),
      externalUrlShown: external ? getComputedStyle(external, "::after").content.includes("http") : null,
    };
  });
  if (!print.headerHidden || !print.navHidden || !print.footerHidden) problems.push(`print: navigation chrome still shown ${JSON.stringify(print)}`);
  if (print.externalUrlShown === false) problems.push("print: external link URLs are not written out");
  if (process.env.PRINT_PDF) await page.pdf({ path: process.env.PRINT_PDF, format: "A4" });
} finally {
  await browser.close();
}

if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("accessibility and print: ok");
