// What a visitor's browser downloads, and how soon a phone can use the page (#20).
//
//   node bench/weight.mjs                          target/release/hallway (build it first:
//                                                  scripts/build.sh --release)
//   HALLWAY_BIN=target/debug/hallway node bench/weight.mjs   what scripts/run.sh serves
//
// Starts the binary alone in an empty folder (it serves the files it carries), fills it with
// `hallway seed-demo`, and for the home, meetup, schedule and sign-up pages prints the bytes
// transferred (compressed, as on the wire) on a first visit with an empty cache and on a
// second visit, and, under a phone profile (4x CPU slowdown, Chrome's "Fast 3G": 562.5 ms
// latency, 1.44 Mbit/s down, 675 kbit/s up), the time from navigation until the page shows
// (its buttons are forms that work without JavaScript) and until its islands are hydrated, on
// a first visit. A measurement, not a test.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '../tests/browser/node_modules/playwright-core/index.mjs';
import { freePort, launchBrowser } from '../tests/browser/harness.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = resolve(root, process.env.HALLWAY_BIN ?? 'target/release/hallway');

const dir = mkdtempSync(join(tmpdir(), 'hallway-weight-'));
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const env = { PATH: process.env.PATH, HOME: process.env.HOME, HALLWAY_ADDR: `127.0.0.1:${port}`, RUST_LOG: 'error' };
const seeded = spawnSync(bin, ['seed-demo'], { cwd: dir, env, encoding: 'utf8', timeout: 300_000 });
if (seeded.status !== 0) throw new Error(`seed-demo failed:\n${seeded.stdout}\n${seeded.stderr}`);
const meetup = seeded.stdout.match(/^ {2}meetup: \S+\/e\/([a-z0-9-]+)$/m)[1];
const conference = seeded.stdout.match(/^ {2}conference: \S+\/e\/([a-z0-9-]+) /m)[1];
const server = spawn(bin, ['serve'], { cwd: dir, env, stdio: 'ignore' });
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${url}/healthz`)).ok) break;
  } catch {}
  if (i > 100) throw new Error('Hallway did not start');
  await new Promise((r) => setTimeout(r, 100));
}

const browser = await launchBrowser();

/** Bytes on the wire while `visit` runs, with `page`'s cache as it is. */
async function transferred(cdp, visit) {
  let bytes = 0;
  const count = (e) => (bytes += e.encodedDataLength);
  cdp.on('Network.loadingFinished', count);
  await visit();
  await new Promise((r) => setTimeout(r, 300));
  cdp.off('Network.loadingFinished', count);
  return bytes;
}

async function measure(path) {
  // A profile on disk, as a visitor's browser has: an off-the-record context keeps only a small
  // cache in memory, which drops a bundle file the size of the debug build's.
  const profile = mkdtempSync(join(tmpdir(), 'hallway-weight-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const open = async () => {
    await page.goto(`${url}${path}`);
    await page.waitForSelector('body[data-hydrated="true"]', { timeout: 120_000 });
  };
  const first = await transferred(cdp, open);
  const second = await transferred(cdp, open);
  await context.close();
  rmSync(profile, { recursive: true, force: true });

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  const slow = await phone.newPage();
  const throttle = await phone.newCDPSession(slow);
  await throttle.send('Network.enable');
  await throttle.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 562.5,
    downloadThroughput: (1.44 * 1024 * 1024) / 8,
    uploadThroughput: (675 * 1024) / 8,
  });
  await throttle.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const started = Date.now();
  await slow.goto(`${url}${path}`, { timeout: 180_000, waitUntil: 'commit' });
  // Every button on the page is a form that works without JavaScript (the RSVP button too):
  // usable once the page shows, styled (the stylesheet blocks rendering).
  await slow.waitForSelector('main h1', { state: 'visible', timeout: 180_000 });
  const shown = Date.now() - started;
  await slow.waitForSelector('body[data-hydrated="true"]', { timeout: 180_000 });
  const usable = Date.now() - started;
  await phone.close();
  return { path, first, second, shown, usable };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`${bin}, the demo, Chromium ${browser.version()}`);
console.log('| page | first visit | second visit | phone: shown, forms work | phone: islands hydrated |');
console.log('| --- | --- | --- | --- | --- |');
try {
  for (const path of ['/', `/e/${meetup}`, `/e/${conference}/schedule`, '/signup']) {
    const r = await measure(path);
    console.log(`| \`${r.path}\` | ${kb(r.first)} | ${kb(r.second)} | ${(r.shown / 1000).toFixed(2)} s | ${(r.usable / 1000).toFixed(2)} s |`);
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
