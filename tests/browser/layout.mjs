// Measures the layout of a served site in Debian's Chromium (headless):
//   node layout.mjs <base url> <path of a brief> <other paths...>
// On a phone (390x844) the header, menu included, takes at most 15% of the first
// screen on every page, and the menu button opens the menu; on the brief page, heading
// anchors show on hover or focus only, and navigation (menus, lists of other briefs) is
// less than half of the page. Prints the figures as JSON; exits non-zero listing every
// problem.
// With LIST_FILTER=name=value[&name=value...] and LIST_FILTER_EXPECT=path,path..., also
// chooses those filters on the list of all briefs (/briefs/), submits them and checks
// that the search page it leads to has them set and lists exactly those briefs. With
// REGION_PAGE=/regions/<slug>/, checks that the filter form of that page, once filled,
// has the region chosen.
import { createRequire } from "node:module";

const require = createRequire(new URL("../tools/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const [base, briefPath, ...otherPaths] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

const problems = [];
const figures = {};
try {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  const page = await phone.newPage();
  for (const path of [briefPath, ...otherPaths]) {
    await page.goto(base + path);
    const header = await page.evaluate(() => {
      const box = document.querySelector("#site-header").getBoundingClientRect();
      return { height: box.height, bottom: box.bottom, screen: window.innerHeight };
    });
    figures[`header ${path}`] = `${header.height.toFixed(1)}px of ${header.screen}px (${((100 * header.bottom) / header.screen).toFixed(1)}%)`;
    if (header.bottom > 0.15 * header.screen) {
      problems.push(`${path}: the header ends at ${header.bottom}px, more than 15% of a ${header.screen}px screen`);
    }
  }

  // The menu button opens the menu, whose links are then visible. (The language
  // switcher, a few short links, stays in the header.)
  await page.goto(base + briefPath);
  const closed = await page.locator(".site-header nav:not(.languages) a").filter({ visible: true }).count();
  await page.locator(".menu-button").click();
  const open = await page.locator(".menu-panel nav a").filter({ visible: true }).count();
  figures["menu links visible, closed/open"] = `${closed}/${open}`;
  if (closed !== 0 || open < 3) problems.push(`menu: ${closed} links visible when closed, ${open} when open`);
  await phone.close();

  // Desktop: heading anchors hidden until hover or focus; navigation under half the page.
  // Reduced motion: no transitions, so styles are read in their final state.
  const desk = await browser.newPage({ viewport: { width: 1280, height: 900 }, reducedMotion: "reduce" });
  await desk.goto(base + briefPath);
  const anchor = desk.locator(".brief-body h2 .heading-anchor").first();
  const opacity = () => anchor.evaluate((a) => getComputedStyle(a).opacity);
  const hidden = await opacity();
  await desk.locator(".brief-body h2").first().hover();
  const hovered = await opacity();
  await desk.mouse.move(0, 0);
  await anchor.focus();
  await desk.keyboard.press("Shift+Tab");
  await desk.keyboard.press("Tab");
  const focused = await opacity();
  figures["heading anchor opacity: idle/hover/focus"] = `${hidden}/${hovered}/${focused}`;
  if (hidden !== "0" || hovered !== "1" || focused !== "1") problems.push(`heading anchors: opacity ${hidden} idle, ${hovered} on hover, ${focused} on focus`);
  // Navigation's share of the brief page, on a phone where every block is stacked: the
  // header, the table of contents and download links, the series and topic links, the
  // further reading and the footer, against the whole page's height.
  const stacked = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, reducedMotion: "reduce" });
  await stacked.goto(base + briefPath);
  const share = await stacked.evaluate(() => {
    const total = document.documentElement.scrollHeight;
    const navigation = [...document.querySelectorAll(".site-header, .site-footer, .brief-connections, .rail-inner, .series-nav, .topic-nav")]
      .reduce((sum, e) => sum + e.getBoundingClientRect().height, 0);
    return { total, navigation };
  });
  figures["brief page on a phone: navigation/total height"] = `${share.navigation.toFixed(0)}/${share.total}px (${((100 * share.navigation) / share.total).toFixed(1)}%)`;
  if (share.navigation >= share.total / 2) problems.push(`brief page: navigation is ${share.navigation}px of ${share.total}px`);
  const scripts = await desk.evaluate(() => [...document.scripts].map((s) => s.src).filter((s) => s && !s.startsWith(location.origin)));
  if (scripts.length) problems.push(`third-party scripts: ${scripts.join(", ")}`);
  if (process.env.REGION_PAGE) {
    // A region's page keeps its region chosen once the script fills in the others.
    const region = process.env.REGION_PAGE.split("/").filter(Boolean).pop();
    const regionPage = await browser.newPage();
    await regionPage.goto(base + process.env.REGION_PAGE);
    const select = regionPage.locator("form.list-filters select[name=region]");
    await regionPage.waitForFunction(() => document.querySelector("form.list-filters select[name=region]").options.length > 2, null, { timeout: 10000 });
    const options = await select.locator("option").count();
    const value = await select.inputValue();
    figures["region page filter"] = `${options} options, ${value} chosen`;
    if (value !== region) problems.push(`region page ${process.env.REGION_PAGE}: region filter set to ${JSON.stringify(value)}`);
  }
  if (process.env.LIST_FILTER) {
    // Several filters: name=value&name=value (regions and years come from the script
    // the page loads; selectOption waits for the option to be there).
    const chosen = process.env.LIST_FILTER.split("&").map((pair) => pair.split("="));
    const label = process.env.LIST_FILTER;
    const expected = process.env.LIST_FILTER_EXPECT.split(",").sort();
    const list = await browser.newPage();
    await list.goto(base + "/briefs/");
    for (const [name, value] of chosen) {
      await list.locator(`form.list-filters select[name="${name}"]`).selectOption(value, { timeout: 10000 });
    }
    await list.locator("form.list-filters button[type=submit]").click();
    await list.waitForURL(/\/search\//);
    await list.waitForFunction(() => document.querySelector("#search-results")?.getAttribute("aria-busy") === "false" && document.querySelector("#search-list li"));
    const shown = await list.evaluate(() => [...document.querySelectorAll("#search-list .search-result-title a")].map((a) => new URL(a.href).pathname).sort());
    const set = [];
    for (const [name] of chosen) set.push(`${name}=${await list.locator(`#search-${name}`).inputValue()}`);
    figures[`list filter ${label}`] = `${shown.length} result(s), search page filters set to ${set.join("&")}`;
    if (JSON.stringify(shown) !== JSON.stringify(expected) || set.join("&") !== label) problems.push(`list filter ${label}: ${JSON.stringify(shown)}, expected ${JSON.stringify(expected)} (filters shown: ${set.join("&")})`);
  }
} finally {
  await browser.close();
}

console.log(JSON.stringify(figures, null, 1));
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
