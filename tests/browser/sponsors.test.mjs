// Sponsorship in a real browser, the issue's acceptance test: an organizer sets up tiers and
// invites a partner; the partner opens the portal through the link in the mail Hallway wrote
// (the .eml file), picks a tier and uploads a logo; the organizer marks the sponsorship agreed,
// and the logo appears on the event page. Once with JavaScript (the pipeline is a board), once
// without (every form posts and redirects; the pipeline is a table).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startHallway, launchBrowser, watchPage, outputDir, signUp, createGroup, publishEvent, mailedLink,
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

async function person(javascript, options = {}) {
  const context = await browser.newContext({ javaScriptEnabled: javascript, ...options });
  const page = await context.newPage();
  return { context, page, problems: watchPage(page) };
}

async function open(page, href, javascript) {
  await page.goto(href);
  if (javascript) await page.waitForSelector('body[data-hydrated="true"]');
}

/** A small SVG logo (a rect and a word) written into the output folder; returns its path. */
function writeLogo(tag) {
  const path = join(outputDir, `sponsors-${tag}-logo.svg`);
  writeFileSync(path, [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80" viewBox="0 0 240 80">',
    '  <title>Ferris Foods</title>',
    '  <rect x="0" y="0" width="240" height="80" rx="12" fill="#f74c00"/>',
    '  <text x="120" y="50" font-family="sans-serif" font-size="28" font-weight="bold" fill="#ffffff" text-anchor="middle">Ferris</text>',
    '</svg>',
    '',
  ].join('\n'));
  return path;
}

/**
 * Every `<label for>` in `form` names a field inside that same form: with a repeated id, a
 * label names the first element with that id on the page, so it reads or fills another form.
 */
async function assertLabelsNameTheirOwnFields(form) {
  const stray = await form.evaluate((f) => [...f.querySelectorAll('label[for]')]
    .filter((label) => !label.control || !f.contains(label.control))
    .map((label) => `"${label.textContent.trim()}" names #${label.htmlFor}, ${label.control
      ? `a field of the form "${label.control.form?.getAttribute('aria-label') ?? '?'}"`
      : 'nothing'}`));
  assert.deepEqual(stray, [], `labels of the form "${await form.getAttribute('aria-label')}" that name another form's field`);
}

/** The stage badge (a span.stage) near the top of the organizer's or the partner's page. */
function stageBadge(page, label) {
  return page.locator('span.stage').filter({ hasText: new RegExp(`^${label}$`) }).first();
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

async function sponsorJourney({ javascript, tag }) {
  const url = hallway.url;
  const slug = `partners-${tag}`;
  const title = `PartnerConf ${tag}`;
  const partnerName = `Ferris Foods ${tag}`;
  const website = `https://ferris-foods-${tag}.example/`;
  const contactEmail = `pia-${tag}@example.org`;
  const description = 'Ferris Foods has fed Rust meetups since 2015.';

  // The organizer: an event to sponsor.
  const olga = await person(javascript, { viewport: { width: 1280, height: 1000 } });
  const org = olga.page;
  await signUp(org, url, { name: `Olga ${tag}`, email: `olga-p-${tag}@example.org`, javascript });
  await createGroup(org, url, { name: `Partners ${tag}`, slug, javascript });
  const event = await publishEvent(org, url, { slug, title, capacity: 80, format: 'Conference', javascript });

  // The event page's organizer actions lead to the sponsorship page.
  await open(org, `${url}${event}`, javascript);
  await org.getByRole('region', { name: 'Organizer actions' }).getByRole('link', { name: 'Sponsorship', exact: true }).click();
  await org.waitForURL(`${url}${event}/sponsorship`);
  if (javascript) await org.waitForSelector('body[data-hydrated="true"]');
  await org.getByRole('heading', { level: 1, name: 'Sponsorship' }).waitFor();
  await org.getByText('No partners in the pipeline yet. Add one below.').waitFor();

  // Two tiers, Gold (one slot, two passes) first.
  const tiers = [
    {
      name: 'Gold', rank: '1', price: '2000', slots: '1', passes: '2', benefits: 'Logo on the event page\nA table at the break',
      shown: 'Gold · 2,000.00 EUR · 0 of 1 slot taken · 2 passes',
    },
    {
      name: 'Silver', rank: '2', price: '500', slots: '3', passes: '0', benefits: 'Logo on the event page',
      shown: 'Silver · 500.00 EUR · 0 of 3 slots taken · 0 passes',
    },
  ];
  const tierCard = org.locator('#tiers');
  for (const tier of tiers) {
    const form = org.getByRole('form', { name: 'New tier' });
    await assertLabelsNameTheirOwnFields(form);
    await form.getByLabel('Tier name', { exact: true }).fill(tier.name);
    await form.getByLabel('Rank (1 first)', { exact: true }).fill(tier.rank);
    await form.getByLabel('Price', { exact: true }).fill(tier.price);
    await form.getByLabel('Currency', { exact: true }).fill('EUR');
    await form.getByLabel('Slots', { exact: true }).fill(tier.slots);
    await form.getByLabel('Passes', { exact: true }).fill(tier.passes);
    await form.getByLabel('Benefits (one per line)', { exact: true }).fill(tier.benefits);
    await form.getByRole('button', { name: 'Add tier' }).click();
    await org.waitForURL(/\?done=tier#tiers$/);
    if (javascript) await org.waitForSelector('body[data-hydrated="true"]');
    await org.getByRole('status').getByText('Tier saved.', { exact: true }).waitFor();
    // The second tier redirects to the address the page already has: it must show all the same.
    await tierCard.getByText(tier.shown).waitFor({ timeout: 10_000 }).catch(async () => assert.fail(
      `the ${tier.name} tier shows under "Tiers" once added, without reloading the page; they read: `
      + `${JSON.stringify(await tierCard.locator('summary').allTextContents())}`));
  }
  assert.equal(await tierCard.locator('summary').count(), 2, 'two tiers');

  // A new partner goes into the pipeline as a prospect, on its own sponsorship page.
  const add = org.getByRole('form', { name: 'Add a partner' });
  await assertLabelsNameTheirOwnFields(add);
  await add.getByLabel("New partner's name", { exact: true }).fill(partnerName);
  await add.getByLabel('Website (optional)', { exact: true }).fill(website);
  await add.getByRole('button', { name: 'Add to the pipeline' }).click();
  await org.waitForURL(new RegExp(`${event}/sponsorship/\\d+\\?done=added$`));
  const sponsorship = new URL(org.url()).pathname;
  if (javascript) await org.waitForSelector('body[data-hydrated="true"]');
  await org.getByRole('heading', { level: 1, name: partnerName }).waitFor();
  await org.getByRole('status').getByText('Partner added to the pipeline as a prospect.').waitFor();
  await stageBadge(org, 'Prospect').waitFor();

  // The invitation: the prospect becomes invited, and a mail goes to the contact.
  const invite = org.getByRole('form', { name: 'Invite the partner' });
  await invite.getByLabel("Contact's email", { exact: true }).fill(contactEmail);
  await invite.getByLabel('A personal message (optional)', { exact: true }).fill('We would love Ferris Foods at the break!');
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await org.waitForURL(/\?done=invited$/);
  await org.getByRole('status').getByText('Invitation sent. Its link works once, for 14 days.').waitFor();
  await stageBadge(org, 'Invited').waitFor();

  const link = await mailedLink(hallway, contactEmail, '-partner_invite.eml', /https?:\/\/\S+\/sponsor-invite\/[0-9a-f]{64}/);
  assert.ok(link.startsWith(url), `the mailed link points at this Hallway: ${link}`);

  // The partner, in a browser of their own and without an account, opens the link.
  const pia = await person(javascript, { viewport: { width: 1280, height: 1000 } });
  const portal = pia.page;
  await open(portal, link, javascript);
  await portal.getByRole('heading', { level: 1, name: `Sponsor ${title}` }).waitFor();
  await portal.getByText('We would love Ferris Foods at the break!').waitFor();
  await portal.getByRole('button', { name: 'Open the partner portal' }).click();
  await portal.waitForURL(/\/partner\/[0-9a-f]{64}\?welcome=1$/);
  const portalPath = new URL(portal.url()).pathname;
  if (javascript) await portal.waitForSelector('body[data-hydrated="true"]');
  await portal.getByRole('heading', { level: 1, name: `${partnerName} · ${title}` }).waitFor();
  await portal.getByText('Welcome! Bookmark this page', { exact: false }).waitFor();
  await stageBadge(portal, 'Invited').waitFor();

  // Picks Gold among the tiers, which show what is left.
  const choices = portal.getByRole('group', { name: 'Sponsorship tiers' });
  const gold = choices.getByRole('radio', { name: 'Gold · 2,000.00 EUR · 1 of 1 slot left', exact: true });
  await choices.getByRole('radio', { name: 'Silver · 500.00 EUR · 3 of 3 slots left', exact: true }).waitFor();
  await choices.getByText('A table at the break').waitFor();
  await choices.getByText('2 passes for your guests').waitFor();
  await gold.check();
  await portal.getByRole('button', { name: 'Choose this tier' }).click();
  await portal.waitForURL(/\?done=chosen$/);
  if (javascript) await portal.waitForSelector('body[data-hydrated="true"]');
  await portal.getByRole('status').getByText('Thanks! The organizers will confirm your tier.').waitFor();
  await stageBadge(portal, 'Interested').waitFor();
  assert.ok(await choices.getByRole('radio', { name: /^Gold · / }).isChecked(), 'the chosen tier stays checked');

  // Uploads a logo: a plain multipart form, with or without JavaScript.
  const logoForm = portal.getByRole('form', { name: 'Logo' });
  await logoForm.getByLabel('Logo', { exact: true }).setInputFiles(writeLogo(tag));
  await logoForm.getByRole('button', { name: 'Upload logo' }).click();
  await portal.waitForURL(`${url}${portalPath}?done=logo`);
  if (javascript) await portal.waitForSelector('body[data-hydrated="true"]');
  await portal.getByRole('status').getByText('Logo uploaded.', { exact: true }).waitFor();
  const ownLogo = portal.getByRole('img', { name: `${partnerName} logo`, exact: true });
  assert.ok(await loadedWidth(ownLogo) > 0, 'the uploaded logo shows in the portal');

  // Says who they are.
  const profile = portal.getByRole('form', { name: 'Your profile' });
  await assertLabelsNameTheirOwnFields(profile);
  assert.equal(await profile.getByLabel('Name', { exact: true }).inputValue(), partnerName);
  assert.equal(await profile.getByLabel('Website', { exact: true }).inputValue(), website);
  await profile.getByLabel('Short description', { exact: true }).fill(description);
  await profile.getByRole('button', { name: 'Save profile' }).click();
  await portal.waitForURL(/\?done=profile#profile$/);
  if (javascript) await portal.waitForSelector('body[data-hydrated="true"]');
  await portal.getByRole('status').getByText('Your profile is saved.').waitFor();
  assert.equal(await portal.getByRole('form', { name: 'Your profile' }).getByLabel('Short description', { exact: true }).inputValue(), description);
  await portal.screenshot({ path: join(outputDir, `sponsors-${tag}-portal.png`), fullPage: true });

  // The organizer sees the choice and marks it agreed, keeping the tier the partner chose.
  await open(org, `${url}${sponsorship}`, javascript);
  await stageBadge(org, 'Interested').waitFor();
  await org.getByText(`Interested · Gold · 2,000.00 EUR`).waitFor();
  const move = org.getByRole('form', { name: 'Move the partner' });
  await move.getByLabel('Move to', { exact: true }).selectOption({ label: 'Agreed' });
  const tierSelect = move.getByLabel('Tier', { exact: true });
  assert.equal((await tierSelect.locator('option:checked').textContent()).split(' · ')[0], 'Gold', 'the chosen tier is preselected');
  await tierSelect.selectOption({ label: 'Keep as is' });
  await move.getByRole('button', { name: 'Move' }).click();
  await org.waitForURL(new RegExp(`${sponsorship}\\?done=moved$`));
  if (javascript) await org.waitForSelector('body[data-hydrated="true"]');
  await org.getByRole('status').getByText('Partner moved.', { exact: true }).waitFor();
  await stageBadge(org, 'Agreed').waitFor();
  await org.getByText('Agreed · Gold · 2,000.00 EUR').waitFor();
  // The checklist is made from the tier's benefits.
  const checklist = org.locator('#benefits');
  await checklist.getByText('Logo on the event page').waitFor();
  await checklist.getByText('A table at the break').waitFor();
  await checklist.getByText('Passes: 0 of 2 named').waitFor();

  // The pipeline: a board with JavaScript, a table without.
  await open(org, `${url}${event}/sponsorship`, javascript);
  if (javascript) {
    const board = org.getByRole('list', { name: 'Pipeline board' });
    const agreed = board.getByRole('listitem', { name: 'Agreed', exact: true });
    await agreed.getByRole('link', { name: partnerName }).waitFor();
    await agreed.getByText('Gold · 2,000.00 EUR').waitFor();
    assert.equal(await board.getByRole('listitem', { name: 'Invited', exact: true }).getByRole('link').count(), 0);
    assert.ok(await org.getByRole('combobox', { name: `Move ${partnerName} to` }).isVisible(), 'the card can move on from the board');
  } else {
    const row = org.getByRole('table', { name: 'Pipeline' }).getByRole('row').filter({ hasText: partnerName });
    await row.getByRole('link', { name: partnerName }).waitFor();
    await row.getByText('Agreed', { exact: true }).waitFor();
    await row.getByText('Gold · 2,000.00 EUR').waitFor();
    assert.equal(await org.getByRole('list', { name: 'Pipeline board' }).count(), 0, 'no board without JavaScript');
  }
  const totals = org.getByRole('table', { name: 'Totals per currency' }).getByRole('row').filter({ hasText: 'EUR' });
  await totals.getByRole('cell', { name: '2,000.00 EUR', exact: true }).waitFor();
  await org.locator('#tiers').getByText('Gold · 2,000.00 EUR · 1 of 1 slot taken · 2 passes').waitFor();
  await org.screenshot({ path: join(outputDir, `sponsors-${tag}-pipeline.png`), fullPage: true });

  // The partner's portal says so too.
  await open(portal, `${url}${portalPath}`, javascript);
  await stageBadge(portal, 'Agreed').waitFor();
  await portal.getByText('Your sponsorship is agreed. Thank you! Your logo is on the event page.').waitFor();

  // Anyone sees the logo on the event page, linking to the partner's website.
  const visitor = await person(javascript, { viewport: { width: 1280, height: 900 } });
  const v = visitor.page;
  await open(v, `${url}${event}`, javascript);
  const sponsors = v.getByRole('region', { name: 'Sponsors' });
  await sponsors.getByRole('heading', { level: 2, name: 'Sponsors' }).waitFor();
  await sponsors.getByRole('heading', { level: 3, name: 'Gold' }).waitFor();
  const logo = sponsors.getByRole('img', { name: partnerName, exact: true });
  const logoLink = sponsors.getByRole('link', { name: partnerName, exact: true });
  assert.equal(await logoLink.getAttribute('href'), website);
  assert.equal(await logoLink.getAttribute('rel'), 'sponsored noopener');
  assert.match(await logo.getAttribute('src'), /^\/logos\//);
  assert.ok(await loadedWidth(logo) > 0, 'the logo on the event page loaded');
  const logoRes = await fetch(`${url}${await logo.getAttribute('src')}`);
  assert.equal(logoRes.status, 200);
  assert.match(logoRes.headers.get('content-type'), /^image\/svg\+xml/);
  await sponsors.screenshot({ path: join(outputDir, `sponsors-${tag}-event.png`) });
  await v.screenshot({ path: join(outputDir, `sponsors-${tag}-event-page.png`), fullPage: true });

  // "About our sponsors" lists them with their descriptions.
  await sponsors.getByRole('link', { name: 'About our sponsors' }).click();
  await v.waitForURL(`${url}${event}/sponsors`);
  if (javascript) await v.waitForSelector('body[data-hydrated="true"]');
  await v.getByRole('heading', { level: 1, name: 'Sponsors' }).waitFor();
  await v.getByRole('heading', { level: 4, name: partnerName }).waitFor();
  await v.getByText(description).waitFor();
  assert.ok(await loadedWidth(v.getByRole('img', { name: partnerName, exact: true })) > 0, 'the logo on the sponsors page loaded');

  if (javascript) {
    // The board's cards move the partner on, in place: the board comes back at the pipeline
    // with the card in its new column.
    await open(org, `${url}${event}/sponsorship`, true);
    await org.evaluate(() => { window.__stayedOnPage = true; });
    const board = org.getByRole('list', { name: 'Pipeline board' });
    const moveTo = org.getByRole('combobox', { name: `Move ${partnerName} to` });
    // A refused move comes back on this page, with its message.
    assert.equal(await moveTo.evaluate((select) => new URL(select.form.action).pathname), `${event}/sponsorship`);
    await moveTo.selectOption({ label: 'Invoiced' });
    await board.getByRole('listitem', { name: 'Agreed', exact: true }).getByRole('button', { name: 'Move' }).click();
    await org.waitForURL(/\?done=moved#pipeline$/);
    await org.getByRole('status').getByText('Partner moved.', { exact: true }).waitFor();
    await board.getByRole('listitem', { name: 'Invoiced', exact: true }).getByRole('link', { name: partnerName }).waitFor();
    assert.equal(await board.getByRole('listitem', { name: 'Agreed', exact: true }).getByRole('link').count(), 0);
    assert.equal(await org.evaluate(() => window.__stayedOnPage), true, 'moving on the board reloaded the page');
  }

  const problems = [...olga.problems, ...pia.problems, ...visitor.problems];
  for (const p of [olga, pia, visitor]) await p.context.close();
  return problems;
}

test('an invited partner picks a tier and uploads a logo, and once agreed the logo is on the event page (JavaScript on)', async () => {
  const problems = await sponsorJourney({ javascript: true, tag: 'js' });
  assert.deepEqual(problems, []);
});

test('the organizer pipeline and the partner portal work as plain forms (JavaScript off)', async () => {
  const problems = await sponsorJourney({ javascript: false, tag: 'nojs' });
  assert.deepEqual(problems, []);
});
