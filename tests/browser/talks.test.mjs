// A speaker's journey in a real browser: the organizer opens a call for papers, a speaker
// proposes a talk through the form, the organizer accepts it, the speaker confirms it on
// "Your talks", the organizer publishes the lineup and everyone sees the talk page.
// Once with JavaScript, once without.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startHallway, launchBrowser, watchPage, outputDir, signUp, createGroup, publishEvent,
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
  await org.getByLabel('Closes').fill('2030-02-01T23:59');
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
  await org.getByRole('button', { name: `Accept Borrowing without tears ${tag}` }).click();
  await org.waitForURL(/done=accept/);
  await org.getByText('The speakers were mailed', { exact: false }).waitFor();

  // The speaker confirms.
  await open(sp, `${url}/me/talks`, javascript);
  await sp.getByText('Accepted! Confirm', { exact: false }).waitFor();
  await sp.getByRole('button', { name: "Confirm I'll give it" }).click();
  await sp.waitForURL(/saved=confirmed/);
  await sp.getByText("You're in the program", { exact: false }).waitFor();
  await sp.screenshot({ path: join(outputDir, `talks-${tag}-mine.png`), fullPage: true });

  // The organizer publishes the lineup; anyone sees the talk.
  await open(org, `${url}${event}/submissions`, javascript);
  await org.getByRole('button', { name: 'Publish the lineup' }).click();
  await org.waitForURL(/done=lineup/);
  const visitor = await browser.newContext({ javaScriptEnabled: javascript, viewport: { width: 390, height: 844 } });
  const v = await visitor.newPage();
  await open(v, `${url}${event}`, javascript);
  await v.getByRole('link', { name: 'Speakers and talks' }).click();
  await v.getByRole('heading', { level: 1, name: 'Speakers' }).waitFor();
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
