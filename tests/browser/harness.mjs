// Starts a real Hallway (fresh SQLite file, free port) and a headless Chromium for a test.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const outputDir = join(root, 'tests/browser/output');
mkdirSync(outputDir, { recursive: true });

export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
    server.on('error', fail);
  });
}

/**
 * Runs target/debug/hallway (or $HALLWAY_BIN) until `stop()`; with `smtp`, it delivers mail
 * to that SMTP server instead of writing .eml files. `alone` starts it in an empty folder
 * with no settings but its address: it serves the files the build embedded in it.
 */
export async function startHallway({ smtp, alone } = {}) {
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'hallway-browser-'));
  const bin = process.env.HALLWAY_BIN ?? join(root, 'target/debug/hallway');
  const settings = alone
    ? {}
    : {
        DATABASE_URL: `sqlite://${data}/hallway.db`,
        HALLWAY_SITE_ROOT: join(root, 'target/site'),
        // No SMTP: mails are written here as .eml files, where tests read them.
        HALLWAY_OUTBOX_DIR: join(data, 'outbox'),
      };
  const inherited = { ...process.env };
  for (const name of Object.keys(inherited)) {
    if (alone && (name.startsWith('HALLWAY_') || name === 'DATABASE_URL')) delete inherited[name];
  }
  const child = spawn(bin, [], {
    cwd: alone ? data : root,
    env: {
      ...inherited,
      HALLWAY_ADDR: `127.0.0.1:${port}`,
      ...settings,
      HALLWAY_MAIL_POLL_MS: '100',
      ...(smtp ? { HALLWAY_SMTP_URL: smtp } : {}),
      RUST_LOG: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return { url, dir: data, outbox: join(data, 'outbox'), stop: () => child.kill('SIGTERM') };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`Hallway did not start on ${url}`);
}

/** A headless Chromium as TOOLCHAIN.md describes it (Playwright gives it a fresh profile). */
export async function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...extraArgs,
    ],
  });
}

/**
 * Collects console errors and page errors so a test can assert there were none. Chromium
 * logs every 4xx answer; 422 and 409 are forms refusing bad input, which tests cause on purpose.
 */
export function watchPage(page) {
  const problems = [];
  // A failed request is reported with its address (the console message alone does not say
  // which request failed); 422 and 409 are forms answering with a message by the field.
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      problems.push(`console: ${msg.text()}`);
    }
  });
  page.on('response', (response) => {
    const status = response.status();
    if (status >= 400 && status !== 422 && status !== 409) {
      const { pathname } = new URL(response.url());
      problems.push(`response: ${status} ${response.request().method()} ${pathname}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return problems;
}

/** A person in a browser context of their own: `{ context, page, problems }`. */
export async function newPerson(browser, javascript, options = {}) {
  const context = await browser.newContext({ javaScriptEnabled: javascript, ...options });
  const page = await context.newPage();
  const problems = watchPage(page);
  return { context, page, problems };
}

/** Opens `href` and, with JavaScript, waits until the page is hydrated. */
export async function openPage(page, href, javascript) {
  await page.goto(href);
  if (javascript) await page.waitForSelector('body[data-hydrated="true"]');
}

/** Signs up through the form and waits for the home page. */
export async function signUp(page, url, { name, email, javascript = true }) {
  await page.goto(`${url}/signup`);
  if (javascript) await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByLabel('Display name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL(`${url}/?signed_up=1`);
}

/** Creates a group through the form and waits for its page. */
export async function createGroup(page, url, { name, slug, timeZone, javascript = true }) {
  await page.goto(`${url}/groups/new`);
  if (javascript) await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByLabel('Web address').fill(slug);
  await page.getByLabel('Group name').fill(name);
  if (timeZone) await page.getByLabel('Time zone').fill(timeZone);
  await page.getByRole('button', { name: 'Create group' }).click();
  await page.waitForURL(`${url}/g/${slug}`);
}

/** Undoes quoted-printable (soft line breaks, =XX bytes) in a mail's text. */
function unquote(text) {
  const bytes = text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/**
 * The first link matching `pattern` in the newest mail whose file name ends in `suffix`
 * (`-<kind>.eml`) to `email`, waiting for the mail worker to write it.
 */
export async function mailedLink(hallway, email, suffix, pattern) {
  for (let i = 0; i < 100; i++) {
    let files = [];
    try {
      files = readdirSync(hallway.outbox).filter((f) => f.endsWith(suffix)).sort();
    } catch {}
    for (const file of files.reverse()) {
      const mail = unquote(readFileSync(join(hallway.outbox, file), 'utf8'));
      if (!mail.includes(`To: ${email}`) && !mail.includes(`<${email}>`)) continue;
      const link = mail.match(pattern);
      if (link) return link[0];
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${suffix} mail to ${email}`);
}

/** Creates and publishes an event with `capacity` seats in group `slug`; returns its path. */
export async function publishEvent(page, url, { slug, title, capacity, format, javascript = true }) {
  await page.goto(`${url}/g/${slug}/events/new`);
  if (javascript) await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByLabel('Title').fill(title);
  if (format) await page.getByLabel('Format').selectOption({ label: format });
  await page.getByLabel('Starts').fill('2030-03-05T19:00');
  await page.getByLabel('Ends').fill('2030-03-05T21:30');
  await page.getByLabel('Venue (optional)').fill('c-base');
  await page.getByLabel('Capacity (optional)').fill(String(capacity));
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.waitForURL(/\/e\/[a-z0-9-]+$/);
  const event = new URL(page.url()).pathname;
  if (javascript) await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.waitForURL(/done=published/);
  return event;
}

/**
 * A small SMTP server on loopback that accepts every mail and keeps it (a real SMTP
 * conversation over TCP, not a mocked transport). `messages` holds the raw DATA of each mail.
 */
export async function startSmtpSink() {
  const messages = [];
  const server = createServer((socket) => {
    let buffer = '';
    let inData = false;
    socket.write('220 sink.test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          messages.push(buffer.slice(0, end).replace(/^\.\./gm, '.'));
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write('250 2.0.0 queued\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-sink.test\r\n250 8BITMIME\r\n');
        else if (verb === 'DATA') { inData = true; socket.write('354 go ahead\r\n'); }
        else if (verb === 'QUIT') { socket.end('221 bye\r\n'); return; }
        else socket.write('250 OK\r\n');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /** The first link matching `pattern` in a mail to `email`, waiting for it to arrive. */
    async link(email, pattern) {
      for (let i = 0; i < 100; i++) {
        for (const raw of [...messages].reverse()) {
          const mail = unquote(raw);
          if (!mail.includes(`To: ${email}`) && !mail.includes(`<${email}>`)) continue;
          const link = mail.match(pattern);
          if (link) return link[0];
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no mail to ${email} matching ${pattern}`);
    },
    stop: () => server.close(),
  };
}
