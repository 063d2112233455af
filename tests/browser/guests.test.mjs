// RSVP without an account in a real browser: Gus types his name and address on the event page,
// confirms from the mail Hallway wrote (the .eml file), lands on his own RSVP page with his
// ticket, changes his plus-one and cancels there, all without a password. Once with
// JavaScript, once without.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startHallway, launchBrowser, watchPage, outputDir, signUp, createGroup, mailedLink, publishEvent,
} from './harness.mjs';

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

async function open(page, href, javascript) {
  await page.goto(href);
  if (javascript) await page.waitForSelector('body[data-hydrated="true"]');
}

async function guestJourney({ javascript, tag }) {
  const url = hallway.url;
  const slug = `guests-${tag}`;
  const gus = `gus-${tag}@example.org`;
  const olgaContext = await browser.newContext({ javaScriptEnabled: javascript });
  const olga = await olgaContext.newPage();
  await signUp(olga, url, { name: `Olga ${tag}`, email: `olga-g-${tag}@example.org`, javascript });
  await createGroup(olga, url, { name: `Guests ${tag}`, slug, javascript });
  const event = await publishEvent(olga, url, { slug, title: `Open Meetup ${tag}`, capacity: 5, javascript });

  const context = await browser.newContext({ javaScriptEnabled: javascript, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = watchPage(page);
  await open(page, `${url}${event}`, javascript);
  await page.getByLabel('Your name').fill(`Gus ${tag}`);
  await page.getByLabel('Your email').fill(gus);
  await page.getByLabel("Who's coming").selectOption({ label: 'Me + 1 guest' });
  await page.screenshot({ path: join(outputDir, `guest-${tag}-form.png`), fullPage: true });
  await page.getByRole('button', { name: 'RSVP', exact: true }).click();
  await page.waitForURL(/done=check_mail/);
  await page.getByText('Almost there', { exact: false }).waitFor();
  await page.getByText('0 of 5 seats taken').waitFor();
  // The RSVP waits for the mailed link: no second RSVP button, but a way to use another address.
  await page.getByText('Check your inbox.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'RSVP', exact: true }).count(), 0);
  await page.getByRole('link', { name: 'RSVP again with another address' }).waitFor();

  const confirm = await mailedLink(hallway, gus, '-guest_rsvp_confirm.eml', /https?:\/\/\S+\/confirm-rsvp\?token=[0-9a-f]{64}/);
  await open(page, confirm, javascript);
  await page.getByText(`Gus ${tag} (${gus}) is going to Open Meetup ${tag}?`).waitFor();
  await page.getByRole('button', { name: 'Confirm my RSVP' }).click();
  await page.waitForURL(/\/rsvp\/[0-9a-f]{64}\?done=confirmed/);
  await page.getByText('your RSVP is confirmed', { exact: false }).waitFor();
  await page.getByLabel('Check-in code').waitFor();
  await page.getByText(`Gus ${tag} + 1 guest`).waitFor();
  await page.screenshot({ path: join(outputDir, `guest-${tag}-confirmed.png`), fullPage: true });
  const manage = new URL(page.url()).pathname;

  // The mail that follows carries a personal link of its own (only hashes are stored), which
  // opens the same RSVP.
  const mailed = await mailedLink(hallway, gus, '-rsvp_going.eml', /https?:\/\/\S+\/rsvp\/[0-9a-f]{64}/);
  assert.notEqual(new URL(mailed).pathname, manage);
  await page.goto(`${hallway.url}${new URL(mailed).pathname}`);
  await page.getByText(`Gus ${tag} + 1 guest`).waitFor();

  // Two changes in a row: after each the page shows what the server holds.
  for (const [choice, shown] of [['Just me', `Gus ${tag}`], ['Me + 1 guest', `Gus ${tag} + 1 guest`]]) {
    if (javascript) await page.waitForSelector('body[data-hydrated="true"]');
    await page.getByLabel("Who's coming").selectOption({ label: choice });
    await page.getByRole('button', { name: 'Update RSVP' }).click();
    await page.waitForURL(/done=going/);
    await page.getByText('See you there', { exact: false }).waitFor();
    await page.getByText(shown, { exact: true }).waitFor();
  }
  if (javascript) await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByText("I can't go after all").click();
  await page.getByRole('button', { name: 'Yes, cancel my RSVP' }).click();
  await page.waitForURL(/done=not_going/);
  await page.getByText("You're not going.", { exact: true }).waitFor();
  // Nobody was waiting: the page does not claim the seats went to anyone.
  await page.getByText('Thank you for telling the organizers.').waitFor();
  assert.equal(await page.getByText('Your seats went to the next people in line.').count(), 0);
  await page.screenshot({ path: join(outputDir, `guest-${tag}-cancelled.png`), fullPage: true });
  // No sideways scrolling on a phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  await context.close();
  await olgaContext.close();
  return problems;
}

test('a guest RSVPs without an account, confirms by mail and manages it from the link, with JavaScript', async () => {
  const problems = await guestJourney({ javascript: true, tag: 'js' });
  assert.deepEqual(problems, []);
});

test('a guest RSVPs without an account, confirms by mail and manages it from the link, with JavaScript disabled', async () => {
  await guestJourney({ javascript: false, tag: 'nojs' });
});
