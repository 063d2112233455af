// The schedule in a real browser: an organizer collects two accepted talks through the call
// for papers, builds a two-room schedule (with JavaScript by picking or dragging talks into the
// grid, without it through a form per talk), publishes it, and everyone reads it, on a phone too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startHallway, launchBrowser, watchPage, outputDir, signUp, createGroup, publishEvent, mailedLink,
} from './harness.mjs';

let hallway;
let browser;
/** The event whose schedule the first journey published, for the phone test. */
let publishedEvent;
/** Its two talks, in the order they were placed. */
let publishedTalks;
/** That journey's organizer, still signed in, and how to close their browser contexts. */
let organizer;

before(async () => {
  hallway = await startHallway();
  browser = await launchBrowser();
});
after(async () => {
  await organizer?.close();
  await browser?.close();
  hallway?.stop();
});

async function open(page, href, javascript) {
  await page.goto(href);
  if (javascript) await page.waitForSelector('body[data-hydrated="true"]');
}

// harness.publishEvent makes a one-evening event: Tuesday 5 March 2030, 19:00–21:30, in the
// group's zone (UTC by default).
const DAY = 'Tuesday 5 March';

/**
 * Everything a schedule needs: an organizer with a published event and an open call for
 * papers, two speakers who proposed a 30-minute talk each, both accepted by the organizer;
 * the first speaker confirmed, the second did not (yet).
 */
async function prepare({ javascript, tag }) {
  const url = hallway.url;
  const slug = `sched-${tag}`;
  const contexts = [];
  const problems = [];
  const newPage = async (options = {}) => {
    const context = await browser.newContext({ javaScriptEnabled: javascript, ...options });
    contexts.push(context);
    const page = await context.newPage();
    problems.push(watchPage(page));
    return page;
  };

  const org = await newPage({ viewport: { width: 1280, height: 1300 } });
  await signUp(org, url, { name: `Olga ${tag}`, email: `olga-s-${tag}@example.org`, javascript });
  await createGroup(org, url, { name: `Sched ${tag}`, slug, javascript });
  const event = await publishEvent(org, url, { slug, title: `SchedConf ${tag}`, capacity: 100, javascript });

  await open(org, `${url}${event}/cfp`, javascript);
  await org.getByLabel('Closes', { exact: true }).fill('2030-02-01T23:59');
  await org.getByLabel('Session formats').fill('Talk, 30\nLightning talk, 5');
  await org.getByLabel('Tracks (optional)').fill('Web\nSystems');
  await org.getByRole('button', { name: 'Save call for papers' }).click();
  await org.getByText('Open until', { exact: false }).waitFor();

  const talks = [
    { title: `Borrowing without tears ${tag}`, speaker: `Sam ${tag}`, email: `sam-s-${tag}@example.org`, track: 'Systems' },
    { title: `Async in anger ${tag}`, speaker: `Ada ${tag}`, email: `ada-s-${tag}@example.org`, track: 'Web' },
  ];
  for (const talk of talks) {
    const sp = await newPage();
    talk.page = sp;
    await signUp(sp, url, { name: talk.speaker, email: talk.email, javascript });
    await open(sp, `${url}${event}/submit`, javascript);
    await sp.getByRole('heading', { level: 1, name: 'Propose a talk' }).waitFor();
    await sp.getByLabel('Title').fill(talk.title);
    await sp.getByLabel('Abstract (Markdown)').fill(`All about *${talk.track}*.`);
    await sp.getByLabel('Format').selectOption({ label: 'Talk (30 min)' });
    await sp.getByLabel('Track').selectOption({ label: talk.track });
    await sp.getByLabel('Level').selectOption({ label: 'Beginner' });
    await sp.getByRole('button', { name: 'Save talk' }).click();
    await sp.waitForURL(/\/me\/talks\?saved=submitted/);
  }

  // Both accepted at once: chosen on the submissions page, decided after the mail preview.
  await open(org, `${url}${event}/submissions`, javascript);
  for (const talk of talks) await org.getByRole('checkbox', { name: `Choose ${talk.title}` }).check();
  await org.getByRole('button', { name: 'Accept chosen…' }).click();
  await org.getByRole('heading', { level: 1, name: 'Accept 2 talks' }).waitFor();
  if (javascript) await org.waitForSelector('body[data-hydrated="true"]');
  await org.getByRole('button', { name: 'Accept 2 talks and send 2 mails' }).click();
  await org.waitForURL(/done=accept/);

  // Only the first speaker confirms.
  const sam = talks[0].page;
  await open(sam, `${url}/me/talks`, javascript);
  await sam.getByRole('button', { name: "Confirm I'll give it" }).click();
  await sam.waitForURL(/saved=confirmed/);

  return { url, org, event, talks, problems, close: () => Promise.all(contexts.map((c) => c.close())) };
}

/** The empty grid cell (a button) that places the picked talk at `time` in `room`. */
function cell(page, time, room) {
  return page.getByRole('button', { name: `Place at ${time} in ${room}`, exact: true });
}

/** A session in a day's grid (or list, on phones), found by its title. */
function session(page, title) {
  return page.getByRole('region', { name: DAY }).getByRole('article').filter({ hasText: title });
}

/** Every session card in a day shows all its text (nothing cut off by the grid's rows). */
async function assertNothingClipped(page) {
  const clipped = await page.getByRole('region', { name: DAY }).getByRole('article').evaluateAll((cards) =>
    cards.filter((c) => c.scrollHeight > c.clientHeight + 1).map((c) => `${c.innerText} (${c.scrollHeight}px in ${c.clientHeight}px)`));
  assert.deepEqual(clipped, [], 'session cards cut off their text');
}

/** `talk-<id>`: the anchor of a talk's card in the editor, where placing it leads back to. */
function talkAnchor(page, title) {
  return page.getByRole('article', { name: title, exact: true }).getAttribute('id');
}

/** Does `act` (which places a talk) and waits for the editor to come back to the talk's card. */
async function placing(page, title, act) {
  const anchor = `#${await talkAnchor(page, title)}`;
  await act();
  await page.waitForURL((u) => u.hash === anchor && u.search.includes('saved=placed-'));
}

/** Rooms are saved from the editor's textarea, in grid order. */
async function saveRooms(page) {
  await page.getByText("Add the event's rooms below first.").waitFor();
  await page.getByLabel('Rooms, in the order of the grid').fill('Main hall, 200\nSide room, 40');
  await page.getByRole('button', { name: 'Save rooms' }).click();
  await page.waitForURL(/saved=rooms-/);
  await page.getByText('Saved.', { exact: true }).waitFor();
  assert.equal(await page.getByText("Add the event's rooms below first.").count(), 0);
}

/** Checks the published schedule as anyone sees it. */
async function checkPublic(page, url, event, talks, javascript, tag) {
  await open(page, `${url}${event}/schedule`, javascript);
  await page.getByRole('heading', { level: 1, name: 'Schedule' }).waitFor();
  await page.getByText('Version 1, published', { exact: false }).waitFor();
  const day = page.getByRole('region', { name: DAY });
  await day.getByRole('heading', { level: 2, name: DAY }).waitFor();
  await day.getByText('Main hall · 200 seats').waitFor();
  await day.getByText('Side room · 40 seats').waitFor();
  for (const talk of talks) {
    const card = session(page, talk.title);
    await card.getByRole('link', { name: talk.title }).waitFor();
    await card.getByText(`${talk.start}–${talk.end}`).waitFor();
    await card.getByText(talk.room).waitFor();
    await card.getByText(talk.speaker, { exact: true }).waitFor();
    await card.getByText(`Track: ${talk.track}`).waitFor();
  }
  // Organizers-only things stay out.
  assert.equal(await page.getByRole('link', { name: 'Edit the schedule' }).count(), 0);
  assert.equal(await page.getByText('not confirmed', { exact: false }).count(), 0);
  await page.getByRole('list', { name: 'Tracks' }).getByText('Systems').waitFor();
  await page.getByRole('heading', { level: 2, name: 'Changes' }).waitFor();
  await page.getByText(`Added “${talks[0].title}”: Tue 5 Mar, ${talks[0].start} in ${talks[0].room}`).waitFor();
  await assertNothingClipped(page);
  await page.screenshot({ path: join(outputDir, `schedule-${tag}-public.png`), fullPage: true });

  // A talk's title leads to its page, public now that it is scheduled.
  await session(page, talks[1].title).getByRole('link', { name: talks[1].title }).click();
  await page.getByRole('heading', { level: 1, name: talks[1].title }).waitFor();

  // The calendar file has every session.
  const res = await fetch(`${url}${event}/schedule.ics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/calendar/);
  const ics = (await res.text()).replace(/\r\n[ \t]/g, '');
  for (const talk of talks) {
    assert.ok(ics.includes(`SUMMARY:${talk.title}`), `${talk.title} in schedule.ics`);
    assert.ok(ics.includes(`LOCATION:${talk.room}`), `${talk.room} in schedule.ics`);
  }
  assert.ok(ics.includes('DTSTART:20300305T190000Z'), 'sessions start at 19:00 UTC');
}

test('an organizer builds a two-room schedule in the grid and publishes it (JavaScript on)', async () => {
  const tag = 'js';
  const { url, org, event, talks, problems, close } = await prepare({ javascript: true, tag });
  const [first, second] = talks;

  await open(org, `${url}${event}/schedule/edit`, true);
  await org.getByRole('heading', { level: 1, name: 'Schedule editor' }).waitFor();
  await org.getByText('Not published yet: only organizers see this.').waitFor();
  await saveRooms(org);

  // The grid covers the event's hours, 19:00 to 21:30, in 15-minute cells per room; they
  // stay hidden until a talk is picked.
  const hidden = { includeHidden: true };
  const anyCell = (time, room) => org.getByRole('button', { name: `Place at ${time} in ${room}`, exact: true, ...hidden });
  assert.equal(await anyCell('19:00', 'Main hall').count(), 1);
  assert.equal(await anyCell('21:15', 'Side room').count(), 1);
  assert.equal(await anyCell('18:45', 'Main hall').count(), 0, 'no cells before the event');
  assert.equal(await anyCell('21:30', 'Main hall').count(), 0, 'no cells after the event');
  assert.equal(await anyCell('19:00', 'Main hall').getAttribute('hidden'), '', 'cells are hidden until a talk is picked');
  assert.equal(await anyCell('19:00', 'Main hall').isVisible(), false, 'hidden cells do not show');

  // The unconfirmed talk is marked as such.
  const toPlace = org.getByRole('heading', { level: 2, name: 'Talks to place' }).locator('..');
  await toPlace.getByText(`${second.speaker} · not confirmed yet`).waitFor();

  // Click a talk, then a cell.
  const pick = toPlace.getByRole('button', { name: `${first.title} (30 min)`, exact: true });
  await pick.click();
  assert.equal(await pick.getAttribute('aria-pressed'), 'true');
  await org.getByText(`Picked “${first.title}”: choose a free cell in the grid.`).waitFor();
  await placing(org, first.title, () => cell(org, '19:00', 'Main hall').click());
  await session(org, first.title).getByText('19:00–19:30').waitFor();
  Object.assign(first, { start: '19:00', end: '19:30', room: 'Main hall' });

  // Drag the other one into the other room (HTML5 drag and drop): pressing and moving the
  // mouse starts the drag, which reveals the cells; releasing it over one drops the talk.
  const drag = toPlace.getByRole('button', { name: `${second.title} (30 min)`, exact: true });
  await placing(org, second.title, async () => {
    // Placing led to the talk's card further down: back up, where the talk and the grid show.
    await org.evaluate(() => window.scrollTo(0, 0));
    await drag.hover();
    await org.mouse.down();
    const from = await drag.boundingBox();
    await org.mouse.move(from.x + from.width / 2 + 40, from.y + from.height / 2 + 20, { steps: 5 });
    const target = cell(org, '19:00', 'Side room');
    await target.waitFor();
    const to = await target.boundingBox();
    await org.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 5 });
    await org.mouse.up();
  });
  await session(org, second.title).getByText('19:00–19:30').waitFor();
  Object.assign(second, { start: '19:00', end: '19:30', room: 'Side room' });

  // Both are in the grid, each in its room; nothing is left to place.
  await toPlace.getByText('Every accepted talk is in the schedule.').waitFor();
  await session(org, first.title).getByText('Main hall').waitFor();
  await session(org, second.title).getByText('Side room').waitFor();
  await org.getByRole('region', { name: 'Conflicts' })
    .getByText(`“${second.title}” is not confirmed by its speakers yet.`).waitFor();
  await session(org, second.title).getByText(`Conflict: “${second.title}” is not confirmed by its speakers yet.`).waitFor();
  const publish = org.getByRole('region', { name: 'Publish version 1' });
  await publish.getByText(`Added “${first.title}”: Tue 5 Mar, 19:00 in Main hall`).waitFor();
  await publish.getByText(`Added “${second.title}”: Tue 5 Mar, 19:00 in Side room`).waitFor();
  assert.equal(await cell(org, '19:30', 'Main hall').count(), 0, 'with nothing picked, no cells show');
  await assertNothingClipped(org);
  await org.screenshot({ path: join(outputDir, `schedule-${tag}-editor.png`), fullPage: true });

  // An unconfirmed talk is a warning, not a blocker: publishing works.
  await org.getByRole('button', { name: 'Publish the schedule' }).click();
  await org.waitForURL(/saved=published-1/);
  await org.getByText('Published version 1', { exact: false }).waitFor();
  await org.getByText('Version 1 is public.', { exact: false }).waitFor();
  await org.getByRole('region', { name: 'Publish version 2' }).getByText('No unpublished changes.').waitFor();
  await org.screenshot({ path: join(outputDir, `schedule-${tag}-published.png`), fullPage: true });

  // The speakers are mailed their slot.
  for (const talk of talks) {
    const link = await mailedLink(hallway, talk.email, '-schedule_slot.eml', /https?:\/\/\S+\/e\/[a-z0-9-]+\/schedule\b/);
    assert.ok(link.endsWith(`${event}/schedule`), link);
  }

  // Anyone sees it.
  const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const v = await visitor.newPage();
  const vProblems = watchPage(v);
  await checkPublic(v, url, event, talks, true, tag);
  await visitor.close();

  publishedEvent = event;
  publishedTalks = talks;
  // The organizer stays signed in for the last test.
  organizer = { page: org, close };
  assert.deepEqual([...problems.flat(), ...vProblems], []);
});

test('an organizer places talks with the forms and publishes (JavaScript off)', async () => {
  const tag = 'nojs';
  const { url, org, event, talks, problems, close } = await prepare({ javascript: false, tag });
  const [first, second] = talks;

  await open(org, `${url}${event}/schedule/edit`, false);
  await org.getByRole('heading', { level: 1, name: 'Schedule editor' }).waitFor();
  await saveRooms(org);
  // Picking and dragging need JavaScript: that card stays out of the way.
  assert.equal(await org.getByRole('heading', { name: 'Talks to place' }).isVisible(), false);

  const form = (title) => org.getByRole('form', { name: `Place ${title}` });
  const place = async (title, { room, day = '2030-03-05', start, minutes }) => {
    const f = form(title);
    await f.getByLabel('Room', { exact: true }).selectOption({ label: room });
    await f.getByLabel('Day', { exact: true }).selectOption(day);
    await f.getByLabel('Start', { exact: true }).fill(start);
    await f.getByLabel('Minutes', { exact: true }).fill(minutes);
    await f.getByRole('button', { name: 'Place' }).click();
  };

  // The day select offers the event's one day; the length starts at the talk's format.
  const f1 = form(first.title);
  assert.deepEqual(await f1.getByLabel('Day', { exact: true }).locator('option').allTextContents(), ['Tue 5 Mar']);
  assert.equal(await f1.getByLabel('Minutes', { exact: true }).inputValue(), '30');
  assert.deepEqual(
    await f1.getByLabel('Room', { exact: true }).locator('option').allTextContents(),
    ['Choose a room', 'Main hall', 'Side room'],
  );

  // A session of 0 minutes is refused, and what was typed stays.
  await place(first.title, { room: 'Main hall', start: '19:00', minutes: '0' });
  await form(first.title).getByText('A session lasts at least 1 minute.').waitFor();
  assert.equal(await form(first.title).getByLabel('Minutes', { exact: true }).inputValue(), '0');
  assert.equal(await form(first.title).getByLabel('Start', { exact: true }).inputValue(), '19:00');
  assert.equal(await form(first.title).getByLabel('Minutes', { exact: true }).getAttribute('aria-invalid'), 'true');
  // Only the form that was sent shows the error.
  assert.equal(await form(second.title).getByText('A session lasts at least 1 minute.').count(), 0);
  await org.screenshot({ path: join(outputDir, `schedule-${tag}-error.png`), fullPage: true });

  // So is a start outside the event (19:00 to 21:30).
  await place(first.title, { room: 'Main hall', start: '18:00', minutes: '30' });
  await form(first.title).getByText('Choose a start during the event', { exact: false }).waitFor();
  assert.equal(await form(first.title).getByLabel('Start', { exact: true }).inputValue(), '18:00');

  await placing(org, first.title, () => place(first.title, { room: 'Main hall', start: '19:00', minutes: '30' }));
  await org.getByText('Saved.', { exact: true }).waitFor();
  await org.getByRole('article', { name: first.title, exact: true }).getByText('2030-03-05 19:00 in Main hall (30 min)').waitFor();
  Object.assign(first, { start: '19:00', end: '19:30', room: 'Main hall' });

  await placing(org, second.title, () => place(second.title, { room: 'Side room', start: '19:30', minutes: '30' }));
  await org.getByRole('article', { name: second.title, exact: true }).getByText('2030-03-05 19:30 in Side room (30 min)').waitFor();
  Object.assign(second, { start: '19:30', end: '20:00', room: 'Side room' });
  await org.getByRole('article', { name: second.title, exact: true }).getByText('Not confirmed').waitFor();

  await session(org, first.title).getByText('19:00–19:30').waitFor();
  await session(org, second.title).getByText('19:30–20:00').waitFor();
  await assertNothingClipped(org);
  await org.screenshot({ path: join(outputDir, `schedule-${tag}-editor.png`), fullPage: true });

  await org.getByRole('button', { name: 'Publish the schedule' }).click();
  await org.waitForURL(/saved=published-1/);
  await org.getByText('Published version 1', { exact: false }).waitFor();
  await org.getByText('Version 1 is public.', { exact: false }).waitFor();

  const visitor = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const v = await visitor.newPage();
  const vProblems = watchPage(v);
  await checkPublic(v, url, event, talks, false, tag);
  await visitor.close();

  if (!publishedEvent) {
    publishedEvent = event;
    publishedTalks = talks;
  }
  const all = [...problems.flat(), ...vProblems];
  await close();
  assert.deepEqual(all, []);
});

test('the public schedule reads as a list on a phone', async () => {
  assert.ok(publishedEvent, 'a journey above published a schedule');
  const url = hallway.url;
  // A visitor in Berlin (UTC+1 in March) also sees the times in their own zone.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: 'Europe/Berlin' });
  const page = await context.newPage();
  const problems = watchPage(page);
  await open(page, `${url}${publishedEvent}/schedule`, true);
  await page.getByRole('heading', { level: 1, name: 'Schedule' }).waitFor();
  await page.getByText('Where your own zone differs, your time is shown too.', { exact: false }).waitFor();
  for (const talk of publishedTalks) {
    const card = session(page, talk.title);
    assert.ok(await card.getByRole('link', { name: talk.title }).isVisible(), `${talk.title} visible`);
    assert.ok(await card.getByText(`${talk.start}–${talk.end}`).isVisible(), `${talk.title}: time visible`);
    assert.ok(await card.getByText(talk.room).isVisible(), `${talk.title}: room visible`);
    const berlin = `${String(Number(talk.start.slice(0, 2)) + 1).padStart(2, '0')}${talk.start.slice(2)}`;
    assert.ok(await card.getByText(`(${berlin} your time)`).isVisible(), `${talk.title}: Berlin time visible`);
  }
  // A list: the sessions are stacked, one under the other.
  const [a, b] = await Promise.all(publishedTalks.map((t) => session(page, t.title).boundingBox()));
  assert.ok(Math.abs(a.x - b.x) < 2 && Math.abs(a.y - b.y) >= a.height - 1, `stacked: ${JSON.stringify([a, b])}`);
  await assertNothingClipped(page);
  await page.screenshot({ path: join(outputDir, 'schedule-phone.png'), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px`);
  await context.close();
  assert.deepEqual(problems, []);
});

test('a placement the server refuses says why (JavaScript on)', async () => {
  assert.ok(organizer, 'the first journey published a schedule');
  const org = organizer.page;
  const [first] = publishedTalks;
  await open(org, `${hallway.url}${publishedEvent}/schedule/edit`, true);
  const form = org.getByRole('form', { name: `Place ${first.title}` });
  await form.getByLabel('Start', { exact: true }).fill('18:00');
  await form.getByRole('button', { name: 'Move' }).click();
  await form.getByText('Choose a start during the event', { exact: false }).waitFor({ timeout: 5000 });
  assert.equal(await form.getByLabel('Start', { exact: true }).inputValue(), '18:00', 'the typed start stays');
  // Nothing moved.
  await session(org, first.title).getByText('19:00–19:30').waitFor();
});
