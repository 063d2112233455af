// An organizer's first journey: sign up, start a group, see it at /g/{slug}; with JavaScript
// (hydrated, no full reloads) and without it (plain form posts and redirects).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startHallway, launchBrowser, watchPage, outputDir } from './harness.mjs';

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

async function signUpAndCreateGroup(page, { name, email, groupName, slug, shots, javascript }) {
  await page.goto(`${hallway.url}/`);
  if (javascript) await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByRole('link', { name: 'Sign up' }).click();
  await page.waitForURL('**/signup');
  if (javascript) await page.waitForSelector('body[data-hydrated="true"]');

  // A mistake first: the message appears next to the field and what was typed stays.
  await page.getByLabel('Display name').fill(name);
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign up' }).click();
  const emailError = page.getByText('Enter an email address like name@example.org.');
  await emailError.waitFor();
  assert.equal(await page.getByLabel('Display name').inputValue(), name);
  assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true');
  await page.screenshot({ path: join(outputDir, `${shots}-signup-error.png`), fullPage: true });

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL(`${hallway.url}/?signed_up=1`);
  await page.getByRole('link', { name: `Signed in as ${name}` }).waitFor();

  await page.getByRole('link', { name: 'Start a group' }).click();
  await page.waitForURL('**/groups/new');
  if (javascript) await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByLabel('Web address').fill(slug);
  await page.getByLabel('Group name').fill(groupName);
  await page.getByLabel('Description').fill('We meet **monthly** to talk about Rust.');
  await page.getByLabel('City (optional)').fill('Berlin');
  await page.screenshot({ path: join(outputDir, `${shots}-new-group.png`), fullPage: true });
  await page.getByRole('button', { name: 'Create group' }).click();
  await page.waitForURL(`${hallway.url}/g/${slug}`);
  await page.getByRole('heading', { level: 1, name: groupName }).waitFor();
  assert.equal(await page.locator('article strong').textContent(), 'monthly');
  await page.screenshot({ path: join(outputDir, `${shots}-group-page.png`), fullPage: true });

  // The settings: invite a co-organizer by mail and follow the invitation in the list.
  if (javascript) {
    await page.getByRole('link', { name: 'Group settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Group settings' }).waitFor();
    await page.waitForSelector('body[data-hydrated="true"]');
    await page.getByLabel('Their email').fill('ada@example.org');
    await page.getByLabel('A personal message (optional)').fill('Would you help with the talks?');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Invitation sent.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Withdraw the invitation to ada@example.org' }).waitFor();
    // Twice to the same address: a clear word next to the field, pointing to "Send again".
    await page.getByLabel('Their email').fill('ada@example.org');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('If the mail got lost, send it again', { exact: false }).waitFor();
    await page.screenshot({ path: join(outputDir, `${shots}-group-settings.png`), fullPage: true });
  }

  // The home page lists it among the organizer's own groups, and for everyone.
  await page.goto(`${hallway.url}/`);
  await page.getByRole('region', { name: 'Your groups' }).getByRole('link', { name: groupName }).waitFor();
  assert.equal(await page.getByRole('link', { name: groupName }).count(), 2);
}

test('an organizer signs up, creates a group and sees it, with JavaScript', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(`${hallway.url}/`);
  await page.waitForSelector('body[data-hydrated="true"]');
  // A full page load would drop this marker: its survival proves the forms ran in place.
  await page.evaluate(() => { window.__stayedOnPage = true; });
  await page.getByRole('link', { name: 'Sign up' }).click();
  await page.waitForURL('**/signup');
  // Back and forward show the pages again, in place too.
  await page.goBack();
  await page.waitForURL(`${hallway.url}/`);
  await page.getByLabel('Display name').waitFor({ state: 'detached' });
  await page.getByRole('link', { name: 'Sign up' }).waitFor();
  await page.goForward();
  await page.waitForURL('**/signup');
  await page.getByLabel('Display name').fill('Ada Lovelace');
  await page.getByLabel('Email').fill('ada@example.org');
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL(`${hallway.url}/?signed_up=1`);
  await page.getByRole('link', { name: 'Signed in as Ada Lovelace' }).waitFor();
  assert.equal(await page.evaluate(() => window.__stayedOnPage), true, 'sign-up reloaded the page');
  await context.close();

  const fresh = await browser.newContext();
  const second = await fresh.newPage();
  const more = watchPage(second);
  await signUpAndCreateGroup(second, {
    name: 'Grace Hopper', email: 'grace@example.org', groupName: 'Rust Berlin', slug: 'rust-berlin',
    shots: 'js', javascript: true,
  });
  await fresh.close();
  assert.deepEqual([...problems, ...more], []);
});

test('an organizer signs up, creates a group and sees it, with JavaScript disabled', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signUpAndCreateGroup(page, {
    name: 'Linus', email: 'linus@example.org', groupName: 'Kernel Hackers Oslo', slug: 'kernel-oslo',
    shots: 'nojs', javascript: false,
  });
  await context.close();
});

test('a phone-sized screen gets the same pages laid out for it', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${hallway.url}/signup`);
  await page.getByLabel('Display name').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, 'the page scrolls sideways on a phone');
  await page.screenshot({ path: join(outputDir, 'phone-signup.png'), fullPage: true });
  await context.close();
});
