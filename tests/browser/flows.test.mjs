// Everyday flows: signing up or in from wherever a person is brings them back there and says
// what happens next. Once with JavaScript, once without.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startHallway, launchBrowser, watchPage, outputDir, signUp, createGroup, publishEvent } from './harness.mjs';

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

async function person(javascript, options = {}) {
  const context = await browser.newContext({ javaScriptEnabled: javascript, ...options });
  const page = await context.newPage();
  const problems = watchPage(page);
  return { context, page, problems };
}

async function backWhereTheyWere({ javascript, tag }) {
  const url = hallway.url;
  const organizer = await person(javascript);
  await signUp(organizer.page, url, { name: `Olga ${tag}`, email: `olga-${tag}@example.org`, javascript });
  await createGroup(organizer.page, url, { name: `Flows ${tag}`, slug: `flows-${tag}`, javascript });
  const event = await publishEvent(organizer.page, url, { slug: `flows-${tag}`, title: `Flows meetup ${tag}`, capacity: 10, javascript });

  // A visitor on the event page signs up from the header: back on the event, told what's next.
  const { context, page } = await person(javascript, { viewport: { width: 390, height: 844 } });
  await page.goto(`${url}${event}`);
  if (javascript) await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByRole('link', { name: 'Sign up', exact: true }).click();
  await page.waitForURL(`${url}/signup?next=${event}`);
  if (javascript) await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByLabel('Display name').fill(`Vic ${tag}`);
  await page.getByLabel('Email').fill(`vic-${tag}@example.org`);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL(`${url}${event}?signed_up=1`);
  await page.getByRole('heading', { level: 1, name: `Flows meetup ${tag}` }).waitFor();
  const welcome = page.getByRole('status').filter({ hasText: 'Welcome to Hallway!' });
  await welcome.waitFor();
  assert.match(await welcome.textContent(), /mailed you a link to confirm your address/);
  await page.screenshot({ path: join(outputDir, `flows-${tag}-welcome.png`), fullPage: true });
  await context.close();

  // From a sign-in page that knows where the person was going, "Create an account" keeps it.
  const other = await person(javascript);
  await other.page.goto(`${url}/login?next=${encodeURIComponent(event)}`);
  await other.page.getByRole('link', { name: 'Create an account' }).click();
  await other.page.waitForURL(`${url}/signup?next=${event}`);
  if (javascript) await other.page.waitForSelector('body[data-hydrated="true"]');
  await other.page.getByLabel('Display name').fill(`Wen ${tag}`);
  await other.page.getByLabel('Email').fill(`wen-${tag}@example.org`);
  await other.page.getByLabel('Password').fill('correct horse battery');
  await other.page.getByRole('button', { name: 'Sign up' }).click();
  await other.page.waitForURL(`${url}${event}?signed_up=1`);
  // Signing in from the header of an event page comes back to it too.
  await other.page.getByRole('button', { name: 'Sign out' }).click();
  // Signed out once the header offers "Sign in" (leaving earlier could cut the request short).
  await other.page.getByRole('link', { name: 'Sign in', exact: true }).first().waitFor();
  await other.page.goto(`${url}${event}`);
  if (javascript) await other.page.waitForSelector('body[data-hydrated="true"]');
  await other.page.getByRole('link', { name: 'Sign in', exact: true }).first().click();
  await other.page.waitForURL(`${url}/login?next=${event}`);
  if (javascript) await other.page.waitForSelector('body[data-hydrated="true"]');
  await other.page.getByLabel('Email').fill(`wen-${tag}@example.org`);
  await other.page.getByLabel('Password').fill('correct horse battery');
  await other.page.getByRole('button', { name: 'Sign in' }).click();
  await other.page.waitForURL(`${url}${event}`);
  await other.page.getByRole('link', { name: `Signed in as Wen ${tag}` }).waitFor();
  await other.context.close();
  await organizer.context.close();
}

test('signing up or in from the header or the sign-in page comes back to the event, with JavaScript', async () => {
  await backWhereTheyWere({ javascript: true, tag: 'js' });
});

test('signing up or in from the header or the sign-in page comes back to the event, with JavaScript disabled', async () => {
  await backWhereTheyWere({ javascript: false, tag: 'nojs' });
});
