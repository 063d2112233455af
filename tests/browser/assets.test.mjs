// A second visit downloads only the page: the bundle's files are named by their content and
// kept by the browser, so the stylesheet, script and WebAssembly come from its cache. The
// browser has a profile on disk, as a visitor's has (a fresh context is off the record, and
// its small cache in memory does not keep a file the size of the debug bundle).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { launchBrowser, startHallway, watchPage } from './harness.mjs';

let hallway;
let context;
let profile;
before(async () => {
  hallway = await startHallway();
  profile = mkdtempSync(join(tmpdir(), 'hallway-profile-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
});
after(async () => {
  await context?.close();
  hallway?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Bytes the network delivered per request while `visit` runs (0 for what the cache gave). */
async function bytesPerRequest(page, visit) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map();
  const bytes = new Map();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, new URL(e.request.url).pathname));
  cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
  await visit();
  await new Promise((r) => setTimeout(r, 200));
  await cdp.detach();
  const out = [];
  for (const [id, path] of urls) out.push({ path, bytes: bytes.get(id) ?? 0 });
  return out;
}

test('a second visit downloads only the page, and the page still hydrates', async () => {
  const page = await context.newPage();
  const problems = watchPage(page);
  const first = await bytesPerRequest(page, async () => {
    await page.goto(`${hallway.url}/`);
    await page.waitForSelector('body[data-hydrated="true"]');
  });
  const bundle = (visit) => visit.filter((r) => r.path.startsWith('/pkg/'));
  assert.ok(bundle(first).length >= 3, `the first visit loads the bundle: ${JSON.stringify(first)}`);
  assert.ok(bundle(first).every((r) => r.bytes > 0), `downloaded: ${JSON.stringify(first)}`);

  const second = await bytesPerRequest(page, async () => {
    await page.goto(`${hallway.url}/login`);
    await page.waitForSelector('body[data-hydrated="true"]');
  });
  const document = second.find((r) => r.path === '/login');
  assert.ok(document && document.bytes > 0, `the page itself is downloaded: ${JSON.stringify(second)}`);
  const downloaded = bundle(second).filter((r) => r.bytes > 0);
  assert.deepEqual(downloaded, [], 'nothing of the bundle is downloaded again');
  await page.getByLabel('Email').waitFor();
  assert.deepEqual(problems, []);
});

test('the binary alone, started in an empty folder, serves a whole site that hydrates', async () => {
  const alone = await startHallway({ alone: true });
  const browser = await launchBrowser();
  try {
    assert.deepEqual(readdirSync(alone.dir).filter((f) => f !== 'data'), [], 'nothing beside it');
    const page = await browser.newPage();
    const problems = watchPage(page);
    await page.goto(`${alone.url}/signup`);
    await page.waitForSelector('body[data-hydrated="true"]');
    await page.getByLabel('Email').waitFor();
    const rules = await page.evaluate(() => [...document.styleSheets].map((s) => s.cssRules.length));
    assert.ok(rules.length > 0 && rules.every((n) => n > 10), `the stylesheet applies: ${rules}`);
    const icon = await page.request.get(`${alone.url}/favicon.svg`);
    assert.equal(icon.status(), 200);
    assert.equal(icon.headers()['content-type'], 'image/svg+xml');
    assert.ok(existsSync(join(alone.dir, 'data', 'hallway.db')), 'its database beside it, in ./data');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    alone.stop();
    rmSync(alone.dir, { recursive: true, force: true });
  }
});
