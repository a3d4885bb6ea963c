// browse.mjs: opens a page in Debian's Chromium through playwright-core, as a reader would,
// and fails on console errors, failed requests, or missing content. Used by tests/cli_browser.sh.
//
//   node browse.mjs report FILE.html SHOT.png [MIN]   the static report (MIN: stories it must show)
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
  // `report FILE SHOT MIN`: at least MIN stories, each with a summary citing its articles and a
  // timeline; entities and dates marked in the article texts.
  const min = Number(query || 0);
  if (min > 0) {
    check(stories >= min, `at least ${min} stories (${stories})`);
    const each = await page.locator("[data-story]").evaluateAll(els => els.map(e => ({
      id: e.dataset.story,
      timeline: !!e.querySelector("[data-timeline]"),
      cites: e.querySelectorAll("ol.summary a.cite").length,
      sources: e.querySelectorAll("ol.sources li").length,
    })));
    check(each.every(x => x.timeline), "every story has its timeline section");
    check(each.every(x => x.cites > 0), "every story's summary cites its articles");
    check(each.every(x => x.sources > 0), "every story lists its sources");
    const chips = await page.locator("[data-story] .chip").count();
    console.log(`entity chips in stories: ${chips}`);
    check(await page.locator("[data-article] time.tx").count() > 0, "dates are marked in the article texts");
    // a citation leads to the article it cites
    const href = await page.locator("ol.summary a.cite").first().getAttribute("href");
    check(href && await page.locator(href.replace(/([^#\w-])/g, "\\$1")).count() === 1, `citation ${href} leads to its article`);
  }
  await page.screenshot({ path: shot, fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `no horizontal scroll at phone width (overflow ${overflow}px)`);
} else if (mode === "app") {
  // What a reader does: open the page, search with the keyboard, read an article, open a story and an entity.
  const noOverflow = async what => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 1, `no horizontal scroll at phone width on ${what} (overflow ${overflow}px)`);
  };
  await page.goto(target);
  await page.waitForSelector("main#view .story, main#view .empty", { timeout: 10000 });
  check((await page.getAttribute("html", "dir")) === "rtl" && (await page.getAttribute("html", "lang")) === "ar",
        "page is Arabic, right-to-left");
  check((await page.locator("main#view .story").count()) > 0, "story list is shown");
  await page.screenshot({ path: shot + "-stories.png" });
  // Search with the keyboard only: "/" jumps to the search box.
  await page.locator("body").press("/");
  check(await page.evaluate(() => document.activeElement && document.activeElement.id === "q"), "'/' focuses the search box");
  await page.keyboard.type(query);
  await page.keyboard.press("Enter");
  await page.waitForSelector("#results li, main#view .empty", { timeout: 10000 });
  const results = await page.locator("#results li").count();
  check(results > 0, `search for «${query}» shows results (${results})`);
  check((await page.locator("#results b.hit").count()) > 0, "snippets highlight the match");
  check(!(await text("#results")).includes("<b>"), "snippets show no markup");
  await page.screenshot({ path: shot + "-search.png" });
  // Open the first result with the keyboard: the article view with its text and the query marked.
  await page.locator("#results li a").first().focus();
  await page.keyboard.press("Enter");
  await page.waitForSelector("#article", { timeout: 10000 });
  check((await text("#article .text")).length > 100, "article text is shown");
  check((await page.locator("#article .text mark.q").count()) > 0, "the article marks what was searched for");
  await page.screenshot({ path: shot + "-article.png" });
  // Open a story: summary, timeline axis, entities and sources.
  await page.goto(target + "#/");
  await page.waitForSelector("main#view .story a");
  await page.locator("main#view .story a").first().click();
  await page.waitForSelector("#story", { timeout: 10000 });
  check((await page.locator("#story #sources li").count()) > 0, "story view lists its sources");
  check((await page.locator("#story #timeline li, #story #summary li").count()) > 0, "story view has a summary or timeline");
  await page.screenshot({ path: shot + "-story.png", fullPage: true });
  const chip = page.locator("#story .chip").first();
  if (await chip.count()) {
    const name = (await chip.innerText()).split("(")[0].trim();
    await chip.click();
    await page.waitForSelector("#entity h2", { timeout: 10000 });
    check((await text("#entity h2")).includes(name), `entity view opens for «${name}»`);
    check((await page.locator("#entity li a").count()) > 0, "entity view lists articles");
    await page.screenshot({ path: shot + "-entity.png" });
    await page.goBack();
    await page.waitForSelector("#story", { timeout: 10000 });
  }
  // The other lists render: articles, entities (filtered by type), duplicates.
  const storyUrl = page.url();
  for (const [hash, sel, what] of [["#/articles", "#articles li", "article list"],
                                   ["#/entities?type=LOC", "main#view h2", "entity list"],
                                   ["#/duplicates", "main#view h3", "duplicates"]]) {
    await page.goto(target + hash);
    await page.waitForSelector(sel + ", main#view .error", { timeout: 10000 });
    check((await page.locator("main#view .error").count()) === 0, `${what} view loads`);
  }
  await page.goto(storyUrl);
  await page.waitForSelector("#story", { timeout: 10000 });
  await page.setViewportSize({ width: 390, height: 844 });
  await noOverflow("the story view");
  await page.screenshot({ path: shot + "-phone-story.png" });
  await page.goto(target + "#/search?q=" + encodeURIComponent(query));
  await page.waitForSelector("#results li", { timeout: 10000 });
  await noOverflow("search results");
  await page.locator("#results li a").first().click();
  await page.waitForSelector("#article", { timeout: 10000 });
  await noOverflow("an article");
  await page.screenshot({ path: shot + "-phone-article.png" });
} else {
  console.error("usage: node browse.mjs report FILE SHOT | app URL SHOT_PREFIX QUERY");
  process.exit(2);
}
await browser.close();
process.exit(failures.length ? 1 : 0);
