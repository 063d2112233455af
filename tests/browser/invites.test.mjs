// Co-organizer invitations in a real browser: Olga invites Nora, who has no account yet; Nora
// opens the link from the mail Hallway wrote (the .eml file), creates her account on the way
// with the address filled in, comes back to the invitation and joins. Olga sees it accepted.
// Once with JavaScript, once without (where Nora declines a second invitation instead).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startHallway, launchBrowser, watchPage, outputDir, signUp, createGroup, mailedLink,
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

async function person(javascript) {
  const context = await browser.newContext({ javaScriptEnabled: javascript });
  const page = await context.newPage();
  return { context, page, problems: watchPage(page) };
}

async function open(page, href, javascript) {
  await page.goto(href);
  if (javascript) await page.waitForSelector('body[data-hydrated="true"]');
}

async function invite(page, email) {
  await page.getByLabel('Their email').fill(email);
  await page.getByLabel('A personal message (optional)').fill('Come help us run the spring meetups!');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await page.getByText('Invitation sent.', { exact: false }).waitFor();
}

async function invitationJourney({ javascript, tag }) {
  const url = hallway.url;
  const slug = `crew-${tag}`;
  const group = `Rust Crew ${tag}`;
  const noraEmail = `nora-${tag}@example.org`;

  const olga = await person(javascript);
  await signUp(olga.page, url, { name: `Olga ${tag}`, email: `olga-${tag}@example.org`, javascript });
  await createGroup(olga.page, url, { name: group, slug, javascript });
  await open(olga.page, `${url}/g/${slug}/settings`, javascript);
  await invite(olga.page, noraEmail);
  const row = olga.page.getByRole('listitem').filter({ hasText: noraEmail });
  await row.getByText('Pending').waitFor();

  // Nora has no account: the link explains, and sign-up comes back to it.
  const link = await mailedLink(hallway, noraEmail, '-organizer_invite.eml', /https?:\/\/\S+\/invitations\/[0-9a-f]{64}/);
  const nora = await person(javascript);
  await open(nora.page, link, javascript);
  await nora.page.getByRole('heading', { level: 1, name: `Help organize ${group}` }).waitFor();
  await nora.page.getByText('Come help us run the spring meetups!').waitFor();
  await nora.page.screenshot({ path: join(outputDir, `invite-${tag}-link.png`), fullPage: true });
  await nora.page.getByRole('link', { name: 'Create an account' }).click();
  await nora.page.waitForURL('**/signup?**');
  if (javascript) await nora.page.waitForSelector('body[data-hydrated="true"]');
  assert.equal(await nora.page.getByLabel('Email').inputValue(), noraEmail, 'the address is filled in');
  await nora.page.getByLabel('Display name').fill(`Nora ${tag}`);
  await nora.page.getByLabel('Password').fill('correct horse battery');
  await nora.page.getByRole('button', { name: 'Sign up' }).click();
  await nora.page.waitForURL(`${link}?signed_up=1`);
  await nora.page.getByText("Welcome to Hallway!").waitFor();
  if (javascript) await nora.page.waitForSelector('body[data-hydrated="true"]');
  await nora.page.getByRole('button', { name: 'Join as co-organizer' }).click();
  await nora.page.waitForURL(`**/g/${slug}/settings?saved=joined`);
  await nora.page.getByText('Welcome aboard', { exact: false }).waitFor();
  await nora.page.screenshot({ path: join(outputDir, `invite-${tag}-joined.png`), fullPage: true });

  // Olga sees the invitation accepted, and Nora among the organizers.
  await open(olga.page, `${url}/g/${slug}/settings`, javascript);
  await olga.page.getByRole('listitem').filter({ hasText: noraEmail }).getByText('Accepted').waitFor();
  await olga.page.getByRole('button', { name: `Remove Nora ${tag}` }).waitFor();
  await olga.page.screenshot({ path: join(outputDir, `invite-${tag}-settings.png`), fullPage: true });

  // The link was used up.
  const stranger = await person(javascript);
  await open(stranger.page, link, javascript);
  await stranger.page.getByRole('heading', { name: 'This invitation was accepted' }).waitFor();

  for (const p of [olga, nora, stranger]) await p.context.close();
  // (The stranger's page answers 410 Gone on purpose, which Chromium logs.)
  return [...olga.problems, ...nora.problems];
}

test('someone without an account joins a group from an invitation, with JavaScript', async () => {
  const problems = await invitationJourney({ javascript: true, tag: 'js' });
  assert.deepEqual(problems, []);
});

test('someone without an account joins a group from an invitation, with JavaScript disabled', async () => {
  await invitationJourney({ javascript: false, tag: 'nojs' });
});

test('an invitation can be declined without an account and withdrawn links say so', async () => {
  const url = hallway.url;
  const olga = await person(false);
  await signUp(olga.page, url, { name: 'Olga D', email: 'olga-d@example.org', javascript: false });
  await createGroup(olga.page, url, { name: 'Decliners', slug: 'decliners', javascript: false });
  await open(olga.page, `${url}/g/decliners/settings`, false);
  await invite(olga.page, 'dan@example.org');
  const link = await mailedLink(hallway, 'dan@example.org', '-organizer_invite.eml', /https?:\/\/\S+\/invitations\/[0-9a-f]{64}/);
  const dan = await person(false);
  await open(dan.page, link, false);
  await dan.page.getByRole('button', { name: 'No thanks, decline' }).click();
  await dan.page.getByRole('heading', { name: 'Invitation declined' }).waitFor();

  // Sent again (a new link), then withdrawn: the new link says so.
  await open(olga.page, `${url}/g/decliners/settings`, false);
  const row = olga.page.getByRole('listitem').filter({ hasText: 'dan@example.org' });
  await row.getByText('Declined').waitFor();
  await olga.page.getByRole('button', { name: 'Send the invitation to dan@example.org again' }).click();
  await olga.page.getByText('Invitation sent again', { exact: false }).waitFor();
  let fresh = link;
  for (let i = 0; i < 50 && fresh === link; i++) {
    fresh = await mailedLink(hallway, 'dan@example.org', '-organizer_invite.eml', /https?:\/\/\S+\/invitations\/[0-9a-f]{64}/);
    if (fresh === link) await new Promise((r) => setTimeout(r, 100));
  }
  assert.notEqual(fresh, link, 'sending again makes a new link');
  await olga.page.getByRole('button', { name: 'Withdraw the invitation to dan@example.org' }).click();
  await olga.page.getByText('Invitation withdrawn', { exact: false }).waitFor();
  await open(dan.page, fresh, false);
  await dan.page.getByRole('heading', { name: 'This invitation was withdrawn' }).waitFor();
  await open(dan.page, link, false);
  await dan.page.getByRole('heading', { name: "This invitation link isn't valid" }).waitFor();
  await olga.context.close();
  await dan.context.close();
});
