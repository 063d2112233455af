// The demo in a real browser: `hallway seed-demo` fills a fresh SQLite database, a Hallway
// serves it, and everyone's pages of the demo (home, group, meetup, conference, schedule,
// speakers, sponsors) and the demo organizer's (sponsorship, attendees) render, hydrate and
// show what the seed made, without a console or page error. The screenshots are for the docs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, watchPage, outputDir } from './harness.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = process.env.HALLWAY_BIN ?? join(root, 'target/debug/hallway');

/** The demo organizer's sign-in, as `hallway seed-demo` prints it. */
const OLGA = { email: 'olga@demo.hallway.example', password: 'hallway-demo' };

let server;
let browser;
/** The Hallway's address, and the demo's meetup and conference slugs that seed-demo printed. */
let url;
let demo;
/** What seed-demo needs to find the same database as the server, and what it printed first. */
let env;
let seedOutput;

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
}

/** Runs `hallway seed-demo` against the database in `env`; returns its output, or fails. */
function seedDemo() {
  const run = spawnSync(bin, ['seed-demo'], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.error, undefined, `seed-demo could not run: ${run.error}`);
  assert.equal(run.status, 0, `seed-demo exited with ${run.status}:\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

/** The slugs in seed-demo's lines `  meetup: <base>/e/<slug>` and `  conference: <base>/e/<slug> (schedule: …)`. */
function slugsIn(output) {
  const meetup = output.match(/^ {2}meetup: (\S+)\/e\/([a-z0-9-]+)$/m);
  const conference = output.match(/^ {2}conference: (\S+)\/e\/([a-z0-9-]+) \(schedule: (\S+)\)$/m);
  assert.ok(meetup, `seed-demo names the meetup:\n${output}`);
  assert.ok(conference, `seed-demo names the conference:\n${output}`);
  return {
    base: meetup[1],
    meetup: meetup[2],
    conference: conference[2],
    conferenceBase: conference[1],
    schedule: conference[3],
  };
}

before(async () => {
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'hallway-demo-'));
  url = `http://127.0.0.1:${port}`;
  env = {
    ...process.env,
    HALLWAY_ADDR: `127.0.0.1:${port}`,
    DATABASE_URL: `sqlite://${data}/hallway.db`,
    HALLWAY_SITE_ROOT: join(root, 'target/site'),
    HALLWAY_OUTBOX_DIR: join(data, 'outbox'),
    HALLWAY_MAIL_POLL_MS: '100',
    RUST_LOG: 'warn',
  };
  // The seed talks to the database itself (and migrates it), before anything serves it.
  seedOutput = seedDemo();
  demo = slugsIn(seedOutput);

  // Started as harness.startHallway starts it, on the same database.
  server = spawn(bin, [], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  let up = false;
  for (let i = 0; i < 100 && !up; i++) {
    try {
      up = (await fetch(`${url}/healthz`)).ok;
    } catch {}
    if (!up) await new Promise((r) => setTimeout(r, 100));
  }
  if (!up) {
    server.kill('SIGKILL');
    throw new Error(`Hallway did not start on ${url}`);
  }
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
});

async function open(page, href) {
  await page.goto(href);
  await page.waitForSelector('body[data-hydrated="true"]');
}

/** Waits until `img` has loaded (lazy images load once scrolled into view); returns its width. */
async function loadedWidth(img) {
  await img.scrollIntoViewIfNeeded();
  await img.evaluate((el) => (el.complete ? null : new Promise((ok) => {
    el.addEventListener('load', ok, { once: true });
    el.addEventListener('error', ok, { once: true });
  })));
  return img.evaluate((el) => el.naturalWidth);
}

/** The `href`s of the links named `name` inside `scope`. */
function hrefs(scope, name) {
  return scope.getByRole('link', { name, exact: true }).evaluateAll((links) => links.map((a) => a.getAttribute('href')));
}

test('seed-demo prints where the demo is and how to sign in', () => {
  assert.match(seedOutput, /^The demo is ready\./m);
  assert.equal(demo.base, url, 'the printed addresses are those of this Hallway (HALLWAY_ADDR)');
  assert.equal(demo.conferenceBase, url);
  assert.equal(demo.schedule, `${url}/e/${demo.conference}/schedule`);
  assert.notEqual(demo.meetup, demo.conference);
  assert.match(seedOutput, new RegExp(`sign in as ${OLGA.email} with the password ${OLGA.password}`));
});

test("the demo's pages render without errors in the browser", async () => {
  const { meetup, conference } = demo;

  // Anyone, not signed in.
  const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const v = await visitor.newPage();
  const visitorProblems = watchPage(v);

  // Home: the demo group is listed, and its events are upcoming.
  await open(v, `${url}/`);
  await v.getByRole('heading', { level: 3, name: 'Rust Berlin (demo)' }).waitFor();
  assert.equal(await v.getByRole('link', { name: 'Rust Berlin (demo)', exact: true }).first().getAttribute('href'), '/g/rust-berlin-demo');
  await v.getByRole('heading', { level: 3, name: 'Berlin.js (demo)' }).waitFor();
  const upcoming = v.getByRole('list').filter({ has: v.getByRole('link', { name: 'RustFest Mini', exact: true }) });
  assert.equal(await upcoming.count(), 1, 'one list of upcoming events');
  assert.deepEqual(await hrefs(upcoming, 'RustFest Mini'), [`/e/${conference}`]);
  const meetups = await hrefs(upcoming, 'Rust Berlin Meetup');
  assert.equal(meetups.length, 3, `the monthly meetup and its two repeats are upcoming: ${meetups}`);
  assert.equal(meetups[0], `/e/${meetup}`, 'the first of the series comes first');
  await v.screenshot({ path: join(outputDir, 'demo-home.png'), fullPage: true });

  // The group page: its partners' logos.
  await open(v, `${url}/g/rust-berlin-demo`);
  await v.getByRole('heading', { level: 1, name: 'Rust Berlin (demo)' }).waitFor();
  const partners = v.getByRole('region', { name: 'Partners' });
  await partners.getByRole('heading', { level: 2, name: 'Partners' }).waitFor();
  for (const name of ['Ferris Foods', 'Crab Cloud', 'Oxide Makers']) {
    assert.ok(await loadedWidth(partners.getByRole('img', { name, exact: true })) > 0, `the ${name} logo on the group page loaded`);
  }
  assert.equal(await partners.getByRole('img', { name: 'Borrow Bank', exact: true }).count(), 0, 'a partner still only interested is not shown');

  // The meetup: full, with a waitlist.
  await open(v, `${url}/e/${meetup}`);
  await v.getByRole('heading', { level: 1, name: 'Rust Berlin Meetup' }).waitFor();
  const rsvp = v.getByRole('region', { name: 'RSVP' });
  assert.equal((await rsvp.getByLabel('Seats', { exact: true }).textContent()).trim(), '20 of 20 seats taken · 4 parties waiting');
  await rsvp.getByRole('button', { name: 'Join the waitlist' }).waitFor();

  // The conference: its sponsors in three tiers, logos loaded.
  await open(v, `${url}/e/${conference}`);
  await v.getByRole('heading', { level: 1, name: 'RustFest Mini' }).waitFor();
  const sponsors = v.getByRole('region', { name: 'Sponsors' });
  assert.deepEqual(await sponsors.getByRole('heading', { level: 3 }).allTextContents(), ['Gold', 'Silver', 'Community']);
  const ferris = sponsors.getByRole('img', { name: 'Ferris Foods', exact: true });
  assert.ok(await loadedWidth(ferris) > 0, 'the Ferris Foods logo on the conference page loaded');
  assert.equal(await sponsors.getByRole('link', { name: 'Ferris Foods', exact: true }).getAttribute('href'), 'https://ferris-foods.example');
  for (const name of ['Crab Cloud', 'Oxide Makers']) {
    assert.ok(await loadedWidth(sponsors.getByRole('img', { name, exact: true })) > 0, `the ${name} logo loaded`);
  }
  await v.screenshot({ path: join(outputDir, 'demo-conference.png'), fullPage: true });

  // The published two-room schedule, with the lunch break.
  await open(v, `${url}/e/${conference}/schedule`);
  await v.getByRole('heading', { level: 1, name: 'Schedule' }).waitFor();
  const day = v.getByRole('region').filter({ has: v.getByRole('article') });
  assert.equal(await day.count(), 1, 'a one-day schedule');
  const session = (title) => day.getByRole('article').filter({ has: v.getByRole('heading', { level: 3, name: title, exact: true }) });
  for (const [title, time, room] of [
    ['Async Rust in production', '10:00–10:30', 'Main hall'],
    ['Embedded Rust on a budget', '10:00–10:30', 'Workshop room'],
    ['Traits, explained with cats', '11:00–11:30', 'Main hall'],
    ['Leptos from zero', '14:00–14:30', 'Main hall'],
  ]) {
    const card = session(title);
    await card.getByRole('link', { name: title, exact: true }).waitFor();
    const text = await card.textContent();
    assert.ok(text.includes(time) && text.includes(room), `"${title}" is at ${time} in the ${room}: ${text}`);
  }
  const lunch = session('Lunch');
  await lunch.getByText('Break', { exact: true }).waitFor();
  assert.ok((await lunch.textContent()).includes('12:30–13:30'), 'lunch is from 12:30 to 13:30');
  assert.equal(await session('Profiling without tears').count(), 0, 'the rejected talk is not on the schedule');
  await v.screenshot({ path: join(outputDir, 'demo-schedule.png'), fullPage: true });

  // The speakers and the sponsors with their descriptions.
  await open(v, `${url}/e/${conference}/speakers`);
  await v.getByRole('heading', { level: 1, name: 'Speakers' }).waitFor();
  for (const name of ['Mara Speaker', 'Tomás Speaker', 'Yuki Speaker']) await v.getByText(name, { exact: true }).first().waitFor();
  assert.equal(await v.getByText('No confirmed speakers yet.').count(), 0);
  await v.screenshot({ path: join(outputDir, 'demo-lineup.png'), fullPage: true });

  await open(v, `${url}/e/${conference}/sponsors`);
  await v.getByRole('heading', { level: 1, name: 'Sponsors' }).waitFor();
  for (const name of ['Ferris Foods', 'Crab Cloud', 'Oxide Makers']) {
    await v.getByRole('heading', { level: 4, name }).waitFor();
    await v.getByText(`${name} supports the Rust community in Berlin.`).waitFor();
    assert.ok(await loadedWidth(v.getByRole('img', { name, exact: true })) > 0, `the ${name} logo on the sponsors page loaded`);
  }

  // The demo organizer signs in with the printed password.
  const olga = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const o = await olga.newPage();
  const olgaProblems = watchPage(o);
  await open(o, `${url}/login`);
  await o.getByLabel('Email', { exact: true }).fill(OLGA.email);
  await o.getByLabel('Password', { exact: true }).fill(OLGA.password);
  await o.getByRole('button', { name: 'Sign in' }).click();
  await o.waitForURL(`${url}/`);
  // Her home: the group she runs and its next events with their seats.
  const desk = o.getByRole('region', { name: 'Your groups' });
  await desk.getByRole('heading', { name: 'Next events you run' }).waitFor();
  await desk.getByText('20 of 20 seats taken · 4 waiting').waitFor();
  await o.screenshot({ path: join(outputDir, 'demo-organizer-home.png'), fullPage: true });

  // The sponsorship pipeline: four partners on the board; 4,000 EUR committed, 3,000 paid.
  await open(o, `${url}/e/${conference}/sponsorship`);
  await o.getByRole('heading', { level: 1, name: 'Sponsorship' }).waitFor();
  const board = o.getByRole('list', { name: 'Pipeline board' });
  await board.waitFor();
  const column = (stage) => board.getByRole('listitem', { name: stage, exact: true });
  assert.equal(await board.getByRole('article').count(), 4, 'four partners in the pipeline');
  await column('Paid').getByRole('link', { name: 'Ferris Foods' }).waitFor();
  await column('Agreed').getByRole('link', { name: 'Crab Cloud' }).waitFor();
  await column('Agreed').getByRole('link', { name: 'Oxide Makers' }).waitFor();
  await column('Interested').getByRole('link', { name: 'Borrow Bank' }).waitFor();
  const eur = o.getByRole('table', { name: 'Totals per currency' }).getByRole('row').filter({ hasText: 'EUR' });
  assert.deepEqual(await eur.getByRole('cell').allTextContents(), ['EUR', '4,000.00 EUR', '3,000.00 EUR', '6,000.00 EUR (66% committed)']);
  await o.screenshot({ path: join(outputDir, 'demo-sponsorship.png'), fullPage: true });

  // The meetup's attendees: 20 going, 4 waiting.
  await open(o, `${url}/e/${meetup}/attendees`);
  await o.getByRole('heading', { level: 1, name: 'Attendees' }).waitFor();
  await o.getByRole('heading', { level: 2, name: 'Going (20)' }).waitFor();
  await o.getByRole('heading', { level: 2, name: 'Waitlist (4)' }).waitFor();
  assert.equal(await o.getByRole('table', { name: 'Going', exact: true }).locator('tbody').getByRole('row').count(), 20);
  const waitlist = o.getByRole('table', { name: 'Waitlist', exact: true }).locator('tbody').getByRole('row');
  assert.equal(await waitlist.count(), 4);
  await waitlist.first().getByRole('rowheader', { name: 'Guest 21', exact: true }).waitFor();

  const problems = [...visitorProblems, ...olgaProblems];
  await visitor.close();
  await olga.close();
  assert.deepEqual(problems, []);
});

test('running seed-demo again changes nothing and names the same demo', () => {
  const again = seedDemo();
  assert.match(again, /^The demo is there already; nothing changed\./m);
  const slugs = slugsIn(again);
  assert.equal(slugs.meetup, demo.meetup);
  assert.equal(slugs.conference, demo.conference);
});
