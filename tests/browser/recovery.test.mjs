// "Forgot your password?" in a real browser: Ann asks for a link from the sign-in page, opens
// the link from the mail Hallway wrote (no SMTP here: the .eml file), chooses a new password and
// is signed in; the link does not work twice. Once with JavaScript, once without.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startHallway, launchBrowser, watchPage, outputDir, signUp, mailedLink } from './harness.mjs';

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

/** The reset link in the newest password mail to `email`, waiting for the worker to write it. */
async function resetLink(email) {
  return mailedLink(hallway, email, '-password_reset.eml', /https?:\/\/\S+\/reset-password\?token=[0-9a-f]{64}/);
}

async function recoveryJourney({ javascript, tag }) {
  const url = hallway.url;
  const email = `ann-${tag}@example.org`;
  const context = await browser.newContext({ javaScriptEnabled: javascript });
  const page = await context.newPage();
  const problems = watchPage(page);
  const open = async (href) => {
    await page.goto(href);
    if (javascript) await page.waitForSelector('body[data-hydrated="true"]');
  };

  await signUp(page, url, { name: `Ann ${tag}`, email, javascript });
  // She confirms her address from the welcome mail.
  await open(`${url}/account`);
  await page.getByRole('heading', { name: 'Confirm your email address' }).waitFor();
  const confirm = await mailedLink(hallway, email, '-email_confirm.eml', /https?:\/\/\S+\/confirm-email\?token=[0-9a-f]{64}/);
  await open(confirm);
  await page.getByText(`Confirm that ${email} is your address?`).waitFor();
  await page.getByRole('button', { name: 'Confirm my address' }).click();
  await page.getByText('Thank you: your address is confirmed.').waitFor();
  await open(`${url}/account`);
  assert.equal(await page.getByRole('heading', { name: 'Confirm your email address' }).count(), 0);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${url}/`);

  await open(`${url}/login`);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.waitForURL(/\/forgot-password$/);
  if (javascript) await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Mail me a link' }).click();
  await page.getByText('If an account uses that address, we sent it a link').waitFor();
  await page.screenshot({ path: join(outputDir, `recovery-${tag}-sent.png`), fullPage: true });

  const link = await resetLink(email);
  await open(link);
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  // Too short first: the message sits by the field.
  await page.getByLabel('New password (10 characters or more)').fill('short');
  await page.getByRole('button', { name: 'Save and sign in' }).click();
  await page.getByText('Use at least 10 characters for your password.').waitFor();
  await page.getByLabel('New password (10 characters or more)').fill('a brand new passphrase');
  await page.getByRole('button', { name: 'Save and sign in' }).click();
  await page.waitForURL(/\/account\?saved=reset/);
  await page.getByText('Your new password is set, and you are signed in.').waitFor();
  await page.screenshot({ path: join(outputDir, `recovery-${tag}-done.png`), fullPage: true });

  // On the same page she turns off reminder mails; the choice sticks.
  const reminders = page.getByLabel("A reminder a day before events I'm going to");
  assert.equal(await reminders.isChecked(), true);
  await reminders.uncheck();
  await page.getByRole('button', { name: 'Save mail settings' }).click();
  await page.waitForURL(/saved=mail/);
  await page.getByText('Your mail settings were saved.').waitFor();
  await open(`${url}/account`);
  assert.equal(await page.getByLabel("A reminder a day before events I'm going to").isChecked(), false);
  assert.equal(await page.getByLabel("Announcements from organizers of events I'm going to").isChecked(), true);

  // The link works once.
  await open(link);
  await page.getByText('This link has expired or was already used.').waitFor();
  await page.getByRole('link', { name: 'Ask for a new link' }).waitFor();
  await page.screenshot({ path: join(outputDir, `recovery-${tag}-used.png`), fullPage: true });

  await context.close();
  // The used link answers 410 Gone, which the browser console reports; nothing else may fail.
  assert.deepEqual(problems.filter((p) => !p.includes('410')), []);
}

test('a forgotten password is replaced from the mailed link, with JavaScript', async () => {
  await recoveryJourney({ javascript: true, tag: 'js' });
});

test('a forgotten password is replaced from the mailed link, with JavaScript disabled', async () => {
  await recoveryJourney({ javascript: false, tag: 'nojs' });
});
