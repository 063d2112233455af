// An organizer's event page shows what applies to the event: Publish leads on a draft, a meetup
// keeps conference tools out of the way, "Review talks" explains instead of a 404, destructive
// actions ask first, and organizer pages fit a 320 px phone. Once with JavaScript, once without.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startHallway, launchBrowser, newPerson, openPage as open, outputDir, signUp, createGroup, publishEvent } from './harness.mjs';

let hallway;
let browser;
before(async () => {
  hallway = await startHallway();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  hallway?.stop();
});

const person = (javascript, options) => newPerson(browser, javascript, options);

/** How far the page scrolls sideways (0 when it fits). */
async function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

async function organizerJourney({ javascript, tag }) {
  const url = hallway.url;
  const slug = `org-${tag}`;
  const olga = await person(javascript);
  const page = olga.page;
  await signUp(page, url, { name: `Olga ${tag}`, email: `olga-o-${tag}@example.org`, javascript });
  await createGroup(page, url, { name: `Organizers ${tag}`, slug, javascript });

  // A meetup draft: Publish is the first and primary action.
  await open(page, `${url}/g/${slug}/events/new`, javascript);
  await page.getByLabel('Title').fill(`Draft meetup ${tag}`);
  await page.getByLabel('Starts').fill('2030-05-05T19:00');
  await page.getByLabel('Ends').fill('2030-05-05T21:00');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.waitForURL(/\/e\/[a-z0-9-]+$/);
  const draft = new URL(page.url()).pathname;
  if (javascript) await page.waitForSelector('body[data-hydrated="true"]');
  const actions = page.getByRole('region', { name: 'Organizer actions' });
  const first = actions.getByRole('button').first();
  assert.equal(await first.textContent(), 'Publish');
  assert.match(await first.getAttribute('class'), /button-primary/);
  // No conference tools up front on a meetup; they wait under "More tools".
  assert.equal(await actions.getByRole('link', { name: 'Review talks' }).count(), 0);
  assert.equal(await actions.getByRole('link', { name: 'Submissions' }).count(), 0);
  assert.equal(await actions.getByRole('link', { name: 'Open a call for papers' }).isVisible(), false);
  await actions.getByText('More tools').click();
  await actions.getByRole('link', { name: 'Open a call for papers' }).waitFor();
  await page.screenshot({ path: join(outputDir, `organizer-${tag}-draft.png`), fullPage: true });

  // "Review talks" on an event without a call for papers explains, and leads to one.
  const review = await page.goto(`${url}${draft}/review`);
  assert.equal(review.status(), 200);
  if (javascript) await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByText('This event has no call for papers yet').waitFor();
  assert.equal(await page.title(), `Review talks · Draft meetup ${tag} · Hallway`);
  await page.getByRole('link', { name: 'Open a call for papers' }).click();
  await page.waitForURL(`${url}${draft}/cfp`);

  // Deleting the draft asks first.
  await open(page, `${url}${draft}`, javascript);
  const deleteButton = actions.getByRole('button', { name: 'Delete for good' });
  assert.equal(await deleteButton.isVisible(), false);
  await actions.getByText('Delete draft', { exact: true }).click();
  await actions.getByText('The draft and everything set up in it are deleted for good.').waitFor();
  await deleteButton.click();
  await page.waitForURL(`${url}/g/${slug}`);
  assert.equal((await page.goto(`${url}${draft}`)).status(), 404);

  // A published meetup with someone going, looked at on a 320 px phone: nothing scrolls
  // sideways, and Remove is reachable.
  const event = await publishEvent(page, url, { slug, title: `Phone meetup ${tag}`, capacity: 20, javascript });
  const ann = await person(javascript);
  await signUp(ann.page, url, { name: `Annabelle Longname-Fitzgerald ${tag}`, email: `annabelle-with-a-long-address-${tag}@example.org`, javascript });
  await open(ann.page, `${url}${event}`, javascript);
  await ann.page.getByRole('button', { name: "I'm going" }).click();
  await ann.page.waitForURL(/done=going/);
  const phone = await person(javascript, { viewport: { width: 320, height: 640 }, isMobile: javascript, hasTouch: true });
  await phone.context.addCookies(await olga.context.cookies());
  for (const path of ['', '/attendees', '/check-in', '/announce', '/edit']) {
    await open(phone.page, `${url}${event}${path}`, javascript);
    assert.ok(await overflow(phone.page) <= 0, `${path || 'event page'} scrolls sideways by ${await overflow(phone.page)}px at 320 px`);
  }
  await open(phone.page, `${url}${event}/attendees`, javascript);
  const row = phone.page.getByRole('row').filter({ hasText: `Annabelle Longname-Fitzgerald ${tag}` });
  const remove = row.getByText('Remove', { exact: true });
  const box = await remove.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 320, `Remove is on screen: ${JSON.stringify(box)}`);
  await phone.page.screenshot({ path: join(outputDir, `organizer-${tag}-attendees-320.png`), fullPage: true });
  await open(phone.page, `${url}/g/${slug}/outbox`, javascript);
  assert.ok(await overflow(phone.page) <= 0, 'the outbox scrolls sideways at 320 px');

  for (const p of [olga, ann, phone]) await p.context.close();
  return [...olga.problems, ...ann.problems, ...phone.problems];
}

/** Starting a group: the address follows the name and says whether it is free; the zone is
 * the browser's own (with JavaScript); left empty, the server makes the address from the name. */
async function startGroup({ javascript, tag }) {
  const url = hallway.url;
  const sam = await person(javascript, { timezoneId: 'Europe/Berlin' });
  const page = sam.page;
  await signUp(page, url, { name: `Sam ${tag}`, email: `sam-${tag}@example.org`, javascript });
  await open(page, `${url}/groups/new`, javascript);
  const fields = await page.locator('form[aria-label="New group"] label').allTextContents();
  assert.deepEqual(fields.slice(0, 2), ['Group name', 'Web address'], 'the name comes first');
  await page.getByLabel('Group name').fill(`Rust Café ${tag}`);
  if (javascript) {
    assert.equal(await page.getByLabel('Web address').inputValue(), `rust-caf-${tag}`);
    await page.getByRole('status').filter({ hasText: `/g/rust-caf-${tag} is free.` }).waitFor();
    assert.equal(await page.getByLabel('Time zone').inputValue(), 'Europe/Berlin');
  } else {
    assert.equal(await page.getByLabel('Web address').inputValue(), '');
  }
  await page.getByRole('button', { name: 'Create group' }).click();
  await page.waitForURL(`${url}/g/rust-caf-${tag}`);
  await page.getByRole('heading', { name: `Rust Café ${tag}` }).waitFor();

  // The same name again: the address is taken, which the form says before and after posting.
  await open(page, `${url}/groups/new`, javascript);
  await page.getByLabel('Group name').fill(`Rust Café ${tag}`);
  if (javascript) {
    await page.getByRole('status').filter({ hasText: `/g/rust-caf-${tag} is taken: try another.` }).waitFor();
  }
  await page.getByRole('button', { name: 'Create group' }).click();
  await page.getByText('Another group already uses this web address. Try another.').waitFor();
  // The error summary leads to the field, and has the focus.
  const summary = page.locator('.error-summary');
  await summary.getByRole('link', { name: 'Web address' }).waitFor();
  assert.equal(await summary.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)), true,
    'the error summary has the focus');
  await page.screenshot({ path: join(outputDir, `organizer-${tag}-group-taken.png`), fullPage: true });
  await sam.context.close();
  return sam.problems;
}

test('starting a group suggests its address and zone and says when the address is taken, with JavaScript', async () => {
  assert.deepEqual(await startGroup({ javascript: true, tag: 'js' }), []);
});

test('starting a group makes its address from the name, with JavaScript disabled', async () => {
  assert.deepEqual(await startGroup({ javascript: false, tag: 'nojs' }), []);
});

test('pages follow a dark system colour scheme', async () => {
  const dark = await person(false, { colorScheme: 'dark' });
  await dark.page.goto(`${hallway.url}/`);
  const [background, ink] = await dark.page.evaluate(() => {
    const style = getComputedStyle(document.body);
    return [style.backgroundColor, style.color];
  });
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/\d+/g).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  };
  assert.ok(luminance(background) < 0.2, `a dark background: ${background}`);
  assert.ok(luminance(ink) > 0.8, `light text: ${ink}`);
  await dark.page.screenshot({ path: join(outputDir, 'organizer-dark-home.png'), fullPage: true });
  await dark.context.close();
  assert.deepEqual(dark.problems, []);
});

test('organizer tools fit the event and destructive actions ask first, with JavaScript', async () => {
  const problems = await organizerJourney({ javascript: true, tag: 'js' });
  assert.deepEqual(problems.filter((p) => !p.includes(' 404 ')), []);
});

test('organizer tools fit the event and destructive actions ask first, with JavaScript disabled', async () => {
  const problems = await organizerJourney({ javascript: false, tag: 'nojs' });
  assert.deepEqual(problems.filter((p) => !p.includes(' 404 ')), []);
});
