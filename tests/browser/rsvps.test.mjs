// RSVPs in a real browser: an attendee goes with a plus-one and fills the event, a second one
// lands on the waitlist and is let in when the first cancels (seen on reload), then the
// organizer checks them in at the door on a phone-sized screen. Once with JavaScript, once without.
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

async function person(javascript, options = {}) {
  const context = await browser.newContext({ javaScriptEnabled: javascript, ...options });
  const page = await context.newPage();
  const problems = watchPage(page);
  return { context, page, problems };
}

/** Opens a page and, with JavaScript, waits until it is interactive. */
async function open(page, href, javascript) {
  await page.goto(href);
  if (javascript) await page.waitForSelector('body[data-hydrated="true"]');
}

async function rsvpJourney({ javascript, tag }) {
  const url = hallway.url;
  const slug = `rust-${tag}`;
  const eventTitle = `Rust Meetup ${tag}`;

  // The organizer publishes an event with 2 seats.
  const organizer = await person(javascript);
  await signUp(organizer.page, url, { name: `Olga ${tag}`, email: `olga-${tag}@example.org`, javascript });
  await createGroup(organizer.page, url, { name: `Rust ${tag}`, slug, timeZone: 'Europe/Berlin', javascript });
  await open(organizer.page, `${url}/g/${slug}/events/new`, javascript);
  await organizer.page.getByLabel('Title').fill(eventTitle);
  await organizer.page.getByLabel('Starts').fill('2030-03-05T19:00');
  await organizer.page.getByLabel('Ends').fill('2030-03-05T21:30');
  await organizer.page.getByLabel('Venue (optional)').fill('c-base');
  await organizer.page.getByLabel('Capacity (optional)').fill('2');
  await organizer.page.getByRole('button', { name: 'Save draft' }).click();
  await organizer.page.waitForURL(/\/e\/rust-meetup-/);
  const event = new URL(organizer.page.url()).pathname;
  if (javascript) await organizer.page.waitForSelector('body[data-hydrated="true"]');
  await organizer.page.getByRole('button', { name: 'Publish' }).click();
  await organizer.page.waitForURL(/done=published/);

  // Ann goes with a guest: the event is full.
  const ann = await person(javascript);
  await signUp(ann.page, url, { name: `Ann ${tag}`, email: `ann-${tag}@example.org`, javascript });
  await open(ann.page, `${url}${event}`, javascript);
  await ann.page.getByText('0 of 2 seats taken').waitFor();
  await ann.page.getByLabel("Who's coming").selectOption({ label: 'Me + 1 guest' });
  await ann.page.getByRole('button', { name: "I'm going" }).click();
  await ann.page.waitForURL(/done=going/);
  await ann.page.getByText("You're going").first().waitFor();
  await ann.page.getByText('2 of 2 seats taken').waitFor();
  await ann.page.screenshot({ path: join(outputDir, `rsvp-${tag}-going.png`), fullPage: true });
  // She changes her party twice; after each change the box shows what the server holds.
  for (const [choice, party, seats] of [['Just me', 'just you', '1 of 2 seats taken'], ['Me + 1 guest', 'you and 1 guest', '2 of 2 seats taken']]) {
    if (javascript) await ann.page.waitForSelector('body[data-hydrated="true"]');
    await ann.page.getByLabel("Who's coming").selectOption({ label: choice });
    await ann.page.getByRole('button', { name: 'Update RSVP' }).click();
    await ann.page.waitForURL(/done=going/);
    await ann.page.getByRole('status').filter({ hasText: `(${party})` }).waitFor();
    await ann.page.getByText(seats).waitFor();
  }

  // Ben finds it full and joins the waitlist.
  const ben = await person(javascript);
  await signUp(ben.page, url, { name: `Ben ${tag}`, email: `ben-${tag}@example.org`, javascript });
  await open(ben.page, `${url}${event}`, javascript);
  await ben.page.getByText('the first party in line that fits is let in').waitFor();
  await ben.page.getByRole('button', { name: 'Join the waitlist' }).click();
  await ben.page.waitForURL(/done=waitlisted/);
  await ben.page.getByText('1st in line').waitFor();
  await ben.page.screenshot({ path: join(outputDir, `rsvp-${tag}-waitlisted.png`), fullPage: true });

  // Ann cannot come after all; Ben is let in, which he sees when he reloads.
  await open(ann.page, `${url}${event}`, javascript);
  // Cancelling asks first (a second step that works without JavaScript too).
  await ann.page.getByText("I can't go after all").click();
  await ann.page.getByRole('button', { name: 'Yes, cancel my RSVP' }).click();
  await ann.page.waitForURL(/done=not_going/);
  await ann.page.getByText("You said you're not going.").waitFor();
  // Ben was waiting, so her seats went to him, and the page says so.
  await ann.page.getByText('Your seats went to the next people in line.').waitFor();
  await open(ben.page, `${url}${event}`, javascript);
  await ben.page.getByText("You're going").first().waitFor();
  await ben.page.getByText('1 of 2 seats taken').waitFor();
  // He adds it to his calendar: the menu offers the .ics, Google, Outlook and the group feed.
  await ben.page.getByText('Add to calendar').click();
  const download = ben.page.getByRole('link', { name: /Download \.ics/ });
  assert.match(await download.getAttribute('href'), /\/e\/rust-meetup-[^/]+\/calendar\.ics$/);
  assert.match(await ben.page.getByRole('link', { name: 'Google Calendar' }).getAttribute('href'),
    /^https:\/\/calendar\.google\.com\/calendar\/render\?action=TEMPLATE&/);
  assert.match(await ben.page.getByRole('link', { name: 'Outlook.com' }).getAttribute('href'), /^https:\/\/outlook\.live\.com\//);
  assert.match(await ben.page.getByRole('link', { name: `Subscribe to all events of Rust ${tag}` }).getAttribute('href'),
    new RegExp(`^webcal://.*/g/${slug}/calendar\\.ics$`));
  const groupFeed = await ben.page.getByLabel('Or paste this address into your calendar app:').inputValue();
  const single = await (await fetch(new URL(await download.getAttribute('href'), url))).text();
  assert.match(single, new RegExp(`SUMMARY:${eventTitle}\r\n`));
  assert.match(await (await fetch(groupFeed)).text(), new RegExp(`SUMMARY:${eventTitle}\r\n`));
  await ben.page.getByRole('link', { name: 'Your ticket' }).click();
  await ben.page.waitForURL(/\/ticket$/);
  await ben.page.getByRole('img', { name: 'QR code of the ticket' }).waitFor();
  const code = (await ben.page.getByLabel('Check-in code').textContent()).trim();
  assert.match(code, /^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
  await ben.page.screenshot({ path: join(outputDir, `rsvp-${tag}-ticket.png`), fullPage: true });
  await open(ben.page, `${url}/me/events`, javascript);
  await ben.page.getByRole('link', { name: eventTitle }).waitFor();
  // His own calendar feed, with the event in it.
  await ben.page.getByRole('button', { name: 'Create my feed address' }).click();
  await ben.page.waitForURL(/feed=new/);
  const feedUrl = await ben.page.getByLabel('Your private feed address (keep it to yourself)').inputValue();
  assert.match(feedUrl, /\/feeds\/[0-9a-f]{64}\/calendar\.ics$/);
  const ics = await (await fetch(feedUrl)).text();
  assert.match(ics, new RegExp(`SUMMARY:${eventTitle}\r\n`));
  if (javascript) {
    // With JavaScript a button copies it (or, where the browser refuses, selects it).
    await ben.page.getByRole('button', { name: 'Copy' }).click();
    await ben.page.getByRole('status').filter({ hasText: /Copied\.|Selected: press Ctrl\+C/ }).waitFor();
  } else {
    assert.equal(await ben.page.getByRole('button', { name: 'Copy' }).count(), 0, 'no dead button without JavaScript');
  }
  await ben.page.screenshot({ path: join(outputDir, `rsvp-${tag}-my-events.png`), fullPage: true });

  // At the door, on a phone: the organizer finds Ben by name and checks him in.
  const door = await person(javascript, { viewport: { width: 390, height: 844 }, isMobile: javascript, hasTouch: true });
  await door.context.addCookies(await organizer.context.cookies());
  await open(door.page, `${url}${event}/check-in`, javascript);
  await door.page.getByText('0 / 1 checked in').waitFor();
  await door.page.getByLabel('Search by name').fill(`Ben ${tag}`);
  await door.page.getByRole('button', { name: 'Search' }).click();
  await door.page.waitForURL(/q=Ben/);
  if (javascript) await door.page.waitForSelector('body[data-hydrated="true"]');
  await door.page.getByRole('button', { name: `Check in Ben ${tag}` }).click();
  await door.page.waitForURL(/last=/);
  await door.page.getByText(`✓ Ben ${tag} is checked in.`).waitFor();
  await door.page.getByText('1 / 1 checked in').waitFor();
  await door.page.screenshot({ path: join(outputDir, `rsvp-${tag}-door-phone.png`), fullPage: true });
  // A code from nowhere is refused next to the field.
  await door.page.getByLabel('Ticket code').fill('AAAAA-BBBBB');
  await door.page.getByRole('button', { name: 'Check in', exact: true }).click();
  await door.page.getByText('No ticket of this event has that code.').waitFor();
  assert.equal(await door.page.getByLabel('Ticket code').inputValue(), 'AAAAA-BBBBB', 'the typed code stays');
  // Ben's ticket a second time: no second welcome, but when and by whom he was let in.
  await door.page.getByLabel('Ticket code').fill(code);
  await door.page.getByRole('button', { name: 'Check in', exact: true }).click();
  await door.page.getByText(new RegExp(`^Already checked in at \\d\\d:\\d\\d by Olga ${tag}\\.`)).waitFor();
  await door.page.getByText('1 / 1 checked in').waitFor();

  // The organizer's list shows both.
  await open(organizer.page, `${url}${event}/attendees`, javascript);
  await organizer.page.getByRole('table', { name: 'Going' }).getByRole('rowheader', { name: `Ben ${tag}` }).waitFor();
  await organizer.page.getByRole('table', { name: 'Not going' }).getByRole('rowheader', { name: `Ann ${tag}` }).waitFor();
  // "Remove" asks first: what happens, and a button naming the person.
  const benRow = organizer.page.getByRole('table', { name: 'Going' }).getByRole('row').filter({ hasText: `Ben ${tag}` });
  assert.equal(await benRow.getByRole('button', { name: `Remove Ben ${tag}` }).isVisible(), false);
  await benRow.getByText('Remove', { exact: true }).click();
  await benRow.getByText(`Ben ${tag} loses their seat and gets a mail saying so.`).waitFor();
  assert.equal(await benRow.getByRole('button', { name: `Remove Ben ${tag}` }).isVisible(), true);
  await organizer.page.screenshot({ path: join(outputDir, `rsvp-${tag}-attendees.png`), fullPage: true });

  // They write to everyone going.
  await open(organizer.page, `${url}${event}`, javascript);
  await organizer.page.getByRole('link', { name: 'Write to attendees' }).click();
  await organizer.page.getByRole('heading', { name: 'Write to attendees' }).waitFor();
  if (javascript) await organizer.page.waitForSelector('body[data-hydrated="true"]');
  assert.equal(await organizer.page.getByLabel(/^People going: 1 person/).isChecked(), true);
  await organizer.page.getByLabel('Subject').fill('Doors open at 18:30');
  await organizer.page.getByLabel('Message').fill('See you **soon**.');
  await organizer.page.getByRole('button', { name: 'Send', exact: true }).click();
  await organizer.page.waitForURL(/done=sent/);
  await organizer.page.getByText('Your message is on its way.').waitFor();
  await organizer.page.screenshot({ path: join(outputDir, `rsvp-${tag}-announce.png`), fullPage: true });

  // Their outbox lists the mails the RSVPs caused (written to files here: no SMTP).
  await open(organizer.page, `${url}/g/${slug}`, javascript);
  await organizer.page.getByRole('link', { name: 'Outbox' }).click();
  await organizer.page.getByRole('heading', { name: 'Outbox' }).waitFor();
  const mails = organizer.page.getByRole('table', { name: 'Mails, newest first' });
  await mails.getByRole('row').filter({ hasText: `Ben ${tag}` }).filter({ hasText: `You're in: ${eventTitle}` }).waitFor();
  await mails.getByRole('row').filter({ hasText: `Ann ${tag}` }).filter({ hasText: `You're going: ${eventTitle}` }).first().waitFor();
  await mails.getByRole('row').filter({ hasText: `Ben ${tag}` }).filter({ hasText: 'Doors open at 18:30' }).waitFor();
  await organizer.page.screenshot({ path: join(outputDir, `rsvp-${tag}-outbox.png`), fullPage: true });

  for (const p of [organizer, ann, ben, door]) {
    await p.context.close();
    assert.deepEqual(p.problems, []);
  }
}

test('an attendee is let in from the waitlist and checked in at the door, with JavaScript', async () => {
  await rsvpJourney({ javascript: true, tag: 'js' });
});

test('an attendee is let in from the waitlist and checked in at the door, with JavaScript disabled', async () => {
  await rsvpJourney({ javascript: false, tag: 'nojs' });
});
