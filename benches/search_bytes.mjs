// What a search downloads: opens the search page of a built site in headless Chromium
// (served by a plain static server started here) for each query and adds up the bytes
// of the index files it loaded, as stored and gzip-compressed (what most hosts send).
//   node benches/search_bytes.mjs <output folder> <query string>...
// e.g. node benches/search_bytes.mjs /tmp/corpus-10k/public "q=alliance+deterrence"
// Needs `npm ci --prefix tests/tools` and Debian's chromium. Also prints the size of
// the whole index.
import { createServer } from "node:http";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, normalize } from "node:path";
import { gzipSync } from "node:zlib";

const require = createRequire(new URL("../tests/tools/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const [folder, ...queries] = process.argv.slice(2);
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css" };
const server = createServer((request, response) => {
  let path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname));
  if (path.endsWith("/")) path += "index.html";
  try {
    const body = readFileSync(join(folder, path));
    response.writeHead(200, { "Content-Type": types[path.slice(path.lastIndexOf("."))] ?? "application/octet-stream" });
    response.end(body);
  } catch {
    response.writeHead(404);
    response.end();
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

const gzipSize = (path) => gzipSync(readFileSync(join(folder, path))).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

// The whole index.
let total = 0;
let totalGzip = 0;
let files = 0;
const walk = (dir) => {
  for (const name of readdirSync(join(folder, dir))) {
    const path = join(dir, name);
    if (statSync(join(folder, path)).isDirectory()) walk(path);
    else if (path.endsWith(".js")) {
      files += 1;
      total += statSync(join(folder, path)).size;
      totalGzip += gzipSize(path);
    }
  }
};
walk("search");
console.log(`index: ${files} files, ${kb(total)} (${kb(totalGzip)} gzipped each)`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const query of queries) {
    const page = await browser.newPage();
    const loaded = [];
    page.on("response", (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith("/search/") && path.endsWith(".js")) loaded.push(path);
    });
    await page.goto(`${base}search/?${query}`);
    await page.waitForFunction(() => document.getElementById("search-results").getAttribute("aria-busy") === "false", null, { timeout: 60000 });
    const status = await page.textContent("#search-status");
    const kinds = {};
    let bytes = 0;
    let gzipped = 0;
    for (const path of loaded) {
      const size = statSync(join(folder, path)).size;
      const kind = path.split("/")[2].replace(".js", "");
      kinds[kind] = (kinds[kind] ?? 0) + size;
      bytes += size;
      gzipped += gzipSize(path);
    }
    const detail = Object.entries(kinds)
      .map(([k, v]) => `${k} ${kb(v)}`)
      .join(", ");
    console.log(`${query}: ${loaded.length} files, ${kb(bytes)} (${kb(gzipped)} gzipped) [${detail}] — ${status}`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
