// browse.mjs: opens a page in Debian's Chromium through playwright-core, as a reader would,
// and fails on console errors, failed requests, or missing content. Used by tests/cli_browser.sh.
//
//   node browse.mjs report FILE.html SHOT.png         the static report
//   node browse.mjs app http://127.0.0.1:PORT/ SHOT_PREFIX QUERY   the served page: search, story, article
import { chromium } from "playwright-core";

const [mode, target, shot, query] = process.argv.slice(2);
const failures = [];   // what a reader would notice: errors, missing content
const check = (ok, what) => { if (!ok) failures.push(what); console.log(`${ok ? "ok" : "FAIL"}: ${what}`); };
const problem = what => { failures.push(what); console.log("FAIL: " + what); };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, locale: "ar" });
page.on("console", m => { if (m.type() === "error") problem("console error: " + m.text()); });
page.on("pageerror", e => problem("page error: " + e.message));
page.on("requestfailed", r => problem("request failed: " + r.url()));
// No external resources: anything not from the page's own origin is refused and counted.
await page.route("**/*", route => {
  const u = route.request().url();
  const own = u.startsWith("file:") || u.startsWith("data:") || (mode === "app" && u.startsWith(new URL(target).origin));
  if (own) return route.continue();
  problem("external request: " + u);
  return route.abort();
});

async function text(sel) { return (await page.locator(sel).allInnerTexts()).join("\n"); }

if (mode === "report") {
  await page.goto("file://" + target);
  check((await page.getAttribute("html", "dir")) === "rtl", "report is right-to-left");
  const stories = await page.locator("[data-story]").count();
  const articles = await page.locator("[data-article]").count();
  check(articles > 0, `report shows articles (${articles})`);
  console.log(`stories rendered: ${stories}`);
  if (stories > 0) check(await page.locator("[data-story] .axis li, [data-story] [data-timeline] li").count() > 0,
                         "stories have a drawn timeline");
  await page.screenshot({ path: shot, fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `no horizontal scroll at phone width (overflow ${overflow}px)`);
} else if (mode === "app") {
  await page.goto(target);
  await page.waitForSelector("main#view .story, main#view .empty", { timeout: 10000 });
  check((await page.locator("main#view .story").count()) > 0, "story list is shown");
  await page.screenshot({ path: shot + "-stories.png" });
  // Search with the keyboard only.
  await page.focus("#q");
  await page.keyboard.type(query);
  await page.keyboard.press("Enter");
  await page.waitForSelector("#results li, main#view .empty", { timeout: 10000 });
  const results = await page.locator("#results li").count();
  check(results > 0, `search for «${query}» shows results (${results})`);
  check((await page.locator("#results b.hit").count()) > 0, "snippets highlight the match");
  await page.screenshot({ path: shot + "-search.png" });
  // Open the first result: the article view with its text.
  await page.locator("#results li a").first().click();
  await page.waitForSelector("#article", { timeout: 10000 });
  check((await text("#article .text")).length > 100, "article text is shown");
  await page.screenshot({ path: shot + "-article.png" });
  // Open a story: summary, timeline axis and sources.
  await page.goto(target + "#/");
  await page.waitForSelector("main#view .story a");
  await page.locator("main#view .story a").first().click();
  await page.waitForSelector("main#view h3", { timeout: 10000 });
  check((await page.locator("main#view ul li").count()) > 0, "story view lists its sources");
  await page.screenshot({ path: shot + "-story.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `no horizontal scroll at phone width (overflow ${overflow}px)`);
} else {
  console.error("usage: node browse.mjs report FILE SHOT | app URL SHOT_PREFIX QUERY");
  process.exit(2);
}
await browser.close();
process.exit(failures.length ? 1 : 0);
