// An organizer in New York schedules a Berlin meetup: creates it, publishes it, sees the
// time in Berlin and (with JavaScript) in their own zone, then cancels it and sees the banner.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startHallway, launchBrowser, watchPage, outputDir, signUp, createGroup } from './harness.mjs';

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

async function scheduleAndCancel({ javascript, who, slug }) {
  const context = await browser.newContext({ timezoneId: 'America/New_York', javaScriptEnabled: javascript });
  const page = await context.newPage();
  const problems = watchPage(page);
  const url = hallway.url;
  await signUp(page, url, { name: who, email: `${slug}@example.org`, javascript });
  await createGroup(page, url, { name: `Rust Berlin ${who}`, slug, timeZone: 'Europe/Berlin', javascript });

  await page.getByRole('link', { name: 'New event' }).click();
  await page.waitForURL(`${url}/g/${slug}/events/new`);
  if (javascript) await page.waitForSelector('body[data-hydrated="true"]');
  assert.equal(await page.getByLabel('Time zone').inputValue(), 'Europe/Berlin', 'the group zone is the default');
  await page.getByLabel('Title').fill('Rust Meetup');
  await page.getByLabel('Starts').fill('2030-03-05T19:00');
  await page.getByLabel('Ends').fill('2030-03-05T21:30');
  await page.getByLabel('Venue (optional)').fill('c-base');
  await page.getByLabel('Address (optional)', { exact: true }).fill('Rungestraße 20, Berlin');
  await page.getByLabel('Description').fill('Two talks and **pizza**.');
  await page.screenshot({ path: join(outputDir, `event-${slug}-form.png`), fullPage: true });
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.waitForURL(`${url}/e/rust-meetup-2030-03-05**`);
  await page.getByText('Draft: only organizers can see this page.').waitFor();

  if (javascript) await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('button', { name: 'Publish' }).waitFor({ state: 'detached' });
  assert.equal(await page.getByText('Draft: only organizers can see this page.').count(), 0);
  await page.getByText('Tue 5 Mar 2030, 19:00 – 21:30 CET (UTC+01:00)').waitFor();
  if (javascript) {
    const viewer = page.getByText(/^Your time:/);
    await viewer.waitFor();
    const text = await viewer.textContent();
    assert.match(text, /13:00/, `New York time is 13:00: ${text}`);
    assert.match(text, /America\/New_York/);
  } else {
    assert.equal(await page.getByText(/^Your time:/).count(), 0, 'no browser time without JavaScript');
  }
  await page.screenshot({ path: join(outputDir, `event-${slug}-published.png`), fullPage: true });

  await page.getByText('Cancel this event').click();
  await page.getByLabel('Reason').fill('The venue flooded.');
  await page.getByRole('button', { name: 'Cancel event' }).click();
  await page.getByText('This event is cancelled.').waitFor();
  await page.getByText('The venue flooded.').waitFor();
  await page.screenshot({ path: join(outputDir, `event-${slug}-cancelled.png`), fullPage: true });

  // Everyone else sees it cancelled too, and the home page marks it.
  const visitor = await browser.newContext({ javaScriptEnabled: false });
  const other = await visitor.newPage();
  await other.goto(`${url}/`);
  const card = other.getByRole('listitem').filter({ hasText: 'Rust Meetup' }).filter({ hasText: `Rust Berlin ${who}` });
  await card.getByText('Cancelled').waitFor();
  await visitor.close();
  await context.close();
  assert.deepEqual(problems, []);
}

test('an organizer schedules, publishes and cancels an event in another zone, with JavaScript', async () => {
  await scheduleAndCancel({ javascript: true, who: 'Ada', slug: 'rust-berlin-js' });
});

test('an organizer schedules, publishes and cancels an event in another zone, with JavaScript disabled', async () => {
  await scheduleAndCancel({ javascript: false, who: 'Linus', slug: 'rust-berlin-nojs' });
});
