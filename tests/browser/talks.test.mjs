// A speaker's journey in a real browser: the organizer opens a call for papers, a speaker
// proposes a talk through the form, the organizer accepts it, the speaker confirms it on
// "Your talks", the organizer publishes the lineup and everyone sees the talk page.
// Once with JavaScript, once without.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startHallway, launchBrowser, watchPage, outputDir, signUp, createGroup, publishEvent,
  startSmtpSink,
} from './harness.mjs';

// A 1×1 PNG with correct chunk checksums (uploads are parsed to strip their metadata).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkaPhfDwAEhgH+w4txWgAAAABJRU5ErkJggg==',
  'base64',
);

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

async function speakerJourney({ javascript, tag }) {
  const url = hallway.url;
  const slug = `conf-${tag}`;
  const orgContext = await browser.newContext({ javaScriptEnabled: javascript });
  const org = await orgContext.newPage();
  const orgProblems = watchPage(org);
  await signUp(org, url, { name: `Olga ${tag}`, email: `olga-t-${tag}@example.org`, javascript });
  await createGroup(org, url, { name: `Conf ${tag}`, slug, javascript });
  const event = await publishEvent(org, url, { slug, title: `RustConf ${tag}`, capacity: 100, javascript });

  // The organizer opens the call for papers.
  await open(org, `${url}${event}/cfp`, javascript);
  await org.getByLabel('Closes', { exact: true }).fill('2030-02-01T23:59');
  await org.getByLabel('Guidelines for speakers (Markdown, optional)').fill('Tell us what **you** learned.');
  await org.getByLabel('Session formats').fill('Talk, 30\nLightning talk, 5');
  await org.getByLabel('Tracks (optional)').fill('Web\nSystems');
  await org.getByRole('button', { name: 'Save call for papers' }).click();
  await org.getByText('Open until', { exact: false }).waitFor();
  await org.screenshot({ path: join(outputDir, `talks-${tag}-cfp.png`), fullPage: true });

  // A speaker finds it on the event page and proposes a talk.
  const spContext = await browser.newContext({ javaScriptEnabled: javascript });
  const sp = await spContext.newPage();
  const spProblems = watchPage(sp);
  await signUp(sp, url, { name: `Sam ${tag}`, email: `sam-${tag}@example.org`, javascript });
  await open(sp, `${url}${event}`, javascript);
  await sp.getByText('Call for papers open until', { exact: false }).waitFor();
  await sp.getByRole('link', { name: 'Propose a talk' }).click();
  await sp.getByRole('heading', { level: 1, name: 'Propose a talk' }).waitFor();
  if (javascript) await sp.waitForSelector('body[data-hydrated="true"]');
  await sp.getByText('Tell us what').waitFor();
  await sp.getByLabel('Title').fill(`Borrowing without tears ${tag}`);
  await sp.getByLabel('Abstract (Markdown)').fill('How the borrow checker *helps*.');
  await sp.getByLabel('Format').selectOption({ label: 'Talk (30 min)' });
  await sp.getByLabel('Track').selectOption({ label: 'Systems' });
  await sp.getByLabel('Level').selectOption({ label: 'Beginner' });
  await sp.getByLabel('Notes for the organizers (private, optional)').fill('Happy to go first.');
  await sp.screenshot({ path: join(outputDir, `talks-${tag}-submit.png`), fullPage: true });
  await sp.getByRole('button', { name: 'Save talk' }).click();
  await sp.waitForURL(/\/me\/talks\?saved=submitted/);
  await sp.getByText('Waiting for the organizers').waitFor();

  // The organizer accepts it.
  await open(org, `${url}${event}/submissions`, javascript);
  await org.getByText('Happy to go first.', { exact: false }).waitFor();
  await org.screenshot({ path: join(outputDir, `talks-${tag}-submissions.png`), fullPage: true });
  await org.getByRole('link', { name: `Accept Borrowing without tears ${tag}` }).click();
  // The mail is shown before anything is sent.
  await org.getByRole('heading', { level: 1, name: 'Accept 1 talk' }).waitFor();
  await org.getByText(`To: Sam ${tag} <sam-${tag}@example.org>`).waitFor();
  await org.getByText(`Action needed: confirm your talk for RustConf ${tag}`).waitFor();
  await org.screenshot({ path: join(outputDir, `talks-${tag}-decide.png`), fullPage: true });
  if (javascript) await org.waitForSelector('body[data-hydrated="true"]');
  await org.getByRole('button', { name: 'Accept 1 talk and send 1 mail' }).click();
  await org.waitForURL(/done=accept/);
  await org.getByText('The speakers were mailed', { exact: false }).waitFor();

  // The speaker confirms.
  await open(sp, `${url}/me/talks`, javascript);
  await sp.getByText('Accepted! Confirm', { exact: false }).waitFor();
  await sp.getByRole('button', { name: "Confirm I'll give it" }).click();
  await sp.waitForURL(/saved=confirmed/);
  await sp.getByText("You're in the program", { exact: false }).waitFor();
  await sp.screenshot({ path: join(outputDir, `talks-${tag}-mine.png`), fullPage: true });

  // A photo for the speakers page: a real PNG, checked by its content.
  await open(sp, `${url}/account`, javascript);
  await sp.getByLabel('Photo', { exact: true }).setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: PNG });
  await sp.getByRole('button', { name: 'Upload photo' }).click();
  await sp.getByText('Your photo was saved.').waitFor();
  await sp.getByRole('img', { name: 'Your photo' }).waitFor();

  // The organizer publishes the lineup; anyone sees the talk.
  await open(org, `${url}${event}/submissions`, javascript);
  await org.getByRole('button', { name: 'Publish the lineup' }).click();
  await org.waitForURL(/done=lineup/);
  const visitor = await browser.newContext({ javaScriptEnabled: javascript, viewport: { width: 390, height: 844 } });
  const v = await visitor.newPage();
  await open(v, `${url}${event}`, javascript);
  await v.getByRole('link', { name: 'Speakers and talks' }).click();
  await v.getByRole('heading', { level: 1, name: 'Speakers' }).waitFor();
  await v.getByRole('img', { name: `Photo of Sam ${tag}` }).waitFor();
  await v.getByRole('link', { name: `Borrowing without tears ${tag}` }).click();
  await v.getByRole('heading', { level: 1, name: `Borrowing without tears ${tag}` }).waitFor();
  await v.getByText('Talk (30 min) · Beginner · Systems').waitFor();
  assert.equal(await v.getByText('Happy to go first.').count(), 0, 'private notes stay private');
  await v.screenshot({ path: join(outputDir, `talks-${tag}-public.png`), fullPage: true });

  await orgContext.close();
  await spContext.close();
  await visitor.close();
  return [...orgProblems, ...spProblems];
}

test('a speaker proposes a talk, is accepted, confirms, and the talk goes public, with JavaScript', async () => {
  const problems = await speakerJourney({ javascript: true, tag: 'js' });
  assert.deepEqual(problems, []);
});

test('a speaker proposes a talk, is accepted, confirms, and the talk goes public, with JavaScript disabled', async () => {
  await speakerJourney({ javascript: false, tag: 'nojs' });
});

test('a guest speaker goes from the invitation mail to a confirmed talk on the public talk page', async () => {
  // Its own Hallway that delivers mail over SMTP to a test server.
  const sink = await startSmtpSink();
  const mailing = await startHallway({ smtp: sink.url });
  const url = mailing.url;
  try {
    const orgContext = await browser.newContext();
    const org = await orgContext.newPage();
    const problems = watchPage(org);
    await signUp(org, url, { name: 'Olga', email: 'olga@example.org' });
    await createGroup(org, url, { name: 'Guest Conf', slug: 'guest-conf' });
    const event = await publishEvent(org, url, { slug: 'guest-conf', title: 'GuestConf', capacity: 100 });
    await open(org, `${url}${event}/cfp`, true);
    await org.getByLabel('Closes', { exact: true }).fill('2030-02-01T23:59');
    await org.getByLabel('Session formats').fill('Keynote, 45\nTalk, 30');
    await org.getByLabel('Anyone with an account may submit (otherwise only invited speakers)').uncheck();
    await org.getByRole('button', { name: 'Save call for papers' }).click();
    await org.getByText('Saved.').waitFor();
    await org.getByRole('link', { name: 'Invite speakers' }).click();
    await org.getByRole('heading', { level: 1, name: 'Speaker invitations' }).waitFor();
    await org.waitForSelector('body[data-hydrated="true"]');
    await org.getByLabel('Their email').fill('grace@example.org');
    await org.getByLabel('A personal message (optional)').fill('Would you open the day for us?');
    await org.getByLabel('Proposed topic (optional)').fill('Compilers for everyone');
    await org.getByLabel('Proposed format (optional)').selectOption({ label: 'Keynote (45 min)' });
    await org.getByRole('button', { name: 'Send invitation' }).click();
    await org.getByText('Invitation sent.', { exact: false }).waitFor();
    // The list shows the mail's delivery once the worker sent it: reload until it does.
    const sent = () => org.getByRole('listitem').filter({ hasText: 'grace@example.org' }).getByText('Sent', { exact: true });
    for (let i = 0; i < 40 && (await sent().count()) === 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
      await open(org, `${url}${event}/speaker-invitations`, true);
    }
    await sent().waitFor();
    await org.screenshot({ path: join(outputDir, 'talks-invitations.png'), fullPage: true });

    // Grace opens the link from the mail the SMTP server received.
    const link = await sink.link('grace@example.org', /https?:\/\/\S+\/speak\/[0-9a-f]{64}/);
    const gContext = await browser.newContext();
    const g = await gContext.newPage();
    const gProblems = watchPage(g);
    await open(g, link, true);
    await g.getByRole('heading', { level: 1, name: 'Speak at GuestConf' }).waitFor();
    await g.getByText('Would you open the day for us?').waitFor();
    await g.getByRole('link', { name: 'Create an account' }).click();
    await g.waitForURL('**/signup?**');
    await g.waitForSelector('body[data-hydrated="true"]');
    assert.equal(await g.getByLabel('Email').inputValue(), 'grace@example.org');
    await g.getByLabel('Display name').fill('Grace');
    await g.getByLabel('Password').fill('correct horse battery');
    await g.getByRole('button', { name: 'Sign up' }).click();
    await g.waitForURL(`${link}?signed_up=1`);
    await g.waitForSelector('body[data-hydrated="true"]');
    await g.getByRole('button', { name: 'Accept and propose my talk' }).click();
    await g.waitForURL(/\/submit\?invited=1/);
    await g.getByText('You were invited to speak', { exact: false }).waitFor();
    assert.equal(await g.getByLabel('Title').inputValue(), 'Compilers for everyone');
    await g.getByLabel('Abstract (Markdown)').fill('Why *you* can write one.');
    await g.getByRole('button', { name: 'Save talk' }).click();
    await g.waitForURL(/saved=submitted/);

    // Accepted, confirmed, published.
    await open(org, `${url}${event}/submissions`, true);
    // Chosen with its checkbox, decided in bulk after the preview.
    await org.getByRole('checkbox', { name: 'Choose Compilers for everyone' }).check();
    await org.getByRole('button', { name: 'Accept chosen…' }).click();
    await org.getByRole('heading', { level: 1, name: 'Accept 1 talk' }).waitFor();
    await org.waitForSelector('body[data-hydrated="true"]');
    await org.getByRole('button', { name: 'Accept 1 talk and send 1 mail' }).click();
    await org.waitForURL(/done=accept/);
    const confirm = await sink.link('grace@example.org', /https?:\/\/\S+\/me\/talks/);
    await open(g, confirm, true);
    await g.getByRole('button', { name: "Confirm I'll give it" }).click();
    await g.waitForURL(/saved=confirmed/);
    await open(org, `${url}${event}/submissions`, true);
    await org.getByRole('button', { name: 'Publish the lineup' }).click();
    await org.waitForURL(/done=lineup/);
    const visitor = await (await browser.newContext()).newPage();
    await open(visitor, `${url}${event}/speakers`, true);
    await visitor.getByRole('link', { name: 'Compilers for everyone' }).click();
    await visitor.getByRole('heading', { level: 1, name: 'Compilers for everyone' }).waitFor();
    await visitor.getByText('Keynote (45 min)', { exact: false }).waitFor();
    await visitor.getByRole('heading', { level: 2, name: 'Grace' }).waitFor();
    // Without a photo, the speaker card shows her initial (decorative: the name is the heading).
    const initials = visitor.locator('.speaker .avatar-large');
    assert.equal((await initials.textContent()).trim(), 'G');
    assert.equal(await initials.getAttribute('aria-hidden'), 'true');
    await visitor.screenshot({ path: join(outputDir, 'talks-guest-public.png'), fullPage: true });
    assert.deepEqual([...problems, ...gProblems], []);
    await orgContext.close();
    await gContext.close();
  } finally {
    mailing.stop();
    sink.stop();
  }
});
