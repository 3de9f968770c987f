// Opens peaceops' pages in headless Chromium (Debian's, driven by playwright-core) and
// prints one JSON report on stdout: for each page what rendered, and every console error,
// uncaught exception, failed request, error status and Content-Security-Policy violation.
// Usage: node check_pages.mjs BASE_URL CHROMIUM_PATH   (run by tests/browser/test_pages.py)
import { chromium } from "playwright-core";

const [base, executablePath] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
const report = { pages: {} };

async function visit(path, check) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`),
    );
  });
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`exception: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`status ${r.status()}: ${r.url()}`);
  });
  const result = { problems };
  try {
    const response = await page.goto(base + path, { waitUntil: "load" });
    result.status = response.status();
    result.csp = response.headers()["content-security-policy"] || null;
    Object.assign(result, await check(page));
  } catch (e) {
    problems.push(`check: ${e.message.split("\n")[0]}`);
  }
  problems.push(...(await page.evaluate(() => window.__csp || []).catch(() => [])).map((v) => `csp: ${v}`));
  report.pages[path] = result;
  await context.close();
}

await visit("/", async (page) => ({
  title: await page.title(),
  heading: await page.textContent("h1"),
  links: await page.$$eval("a", (as) => as.map((a) => a.getAttribute("href"))),
  version: await page.textContent("#dataset-version"),
}));

await visit("/docs", async (page) => {
  await page.waitForSelector("#operations-tag-missions", { timeout: 30000 });
  const tags = await page.$$eval(".opblock-tag", (els) => els.map((e) => e.getAttribute("data-tag")));
  await page.click("nav.po-contents a[href=\"#schemas\"]");
  await page.click("#schemas h4 button");
  await page.waitForSelector("#schemas .json-schema-2020-12__title");
  const schemas = await page.$$eval("#schemas > div > article > div > button .json-schema-2020-12__title", (els) =>
    els.map((e) => e.textContent),
  );
  const contents = await page.$$eval("nav.po-contents a", (as) => as.map((a) => a.textContent));
  // try it: GET /v1/missions?limit=3 from the page
  const op = "#operations-missions-listMissions";
  await page.click(`${op} .opblock-summary`);
  await page.waitForSelector(`${op} .try-out__btn`);
  const bodySchema = await page.$$eval(`${op} .model-box, ${op} .response-col_description`, (e) => e.length);
  await page.click(`${op} .try-out__btn`);
  await page.fill(`${op} tr[data-param-name="limit"] input`, "3");
  await page.click(`${op} .execute`);
  await page.waitForSelector(`${op} .live-responses-table tbody .response-col_status`, { timeout: 30000 });
  const status = (await page.textContent(`${op} .live-responses-table tbody .response-col_status`)).trim();
  const body = await page.textContent(`${op} .live-responses-table .microlight`);
  return { tags, schemas, contents, bodySchema, tryIt: { status, body } };
});

await visit("/v1/", async (page) => ({ body: await page.textContent("body") }));

await visit("/graphql", async (page) => {
  await page.waitForSelector(".graphiql-container", { timeout: 30000 });
  return { graphiql: true };
});

await browser.close();
process.stdout.write(JSON.stringify(report) + "\n");
