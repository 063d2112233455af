// Events with a face: a cover drawn in the group's colour until the organizers upload an
// image (refused with a reason when it is not one, removable after a second step), shown on
// the event page and in listings; and the door scans a ticket's QR code with the camera where
// the browser can read QR codes. Once with JavaScript, once without.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';
import { startHallway, launchBrowser, newPerson, openPage as open, outputDir, signUp, createGroup, publishEvent } from './harness.mjs';

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

const person = (javascript, options) => newPerson(browser, javascript, options);

/** A real PNG of `width` × `height`: a diagonal gradient. */
function png(width, height) {
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'ascii'), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      row.set([(x * 255 / width) | 0, 90, (y * 255 / height) | 0], 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('tEXt', Buffer.from('Comment\0taken at home')),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const files = join(outputDir, 'files');
mkdirSync(files, { recursive: true });
const image = join(files, 'cover.png');
writeFileSync(image, png(400, 200));
const notImage = join(files, 'not-an-image.png');
writeFileSync(notImage, 'this is text, whatever the name says');

async function coverJourney({ javascript, tag }) {
  const url = hallway.url;
  const slug = `faces-${tag}`;
  const olga = await person(javascript);
  const page = olga.page;
  await signUp(page, url, { name: `Olga ${tag}`, email: `olga-f-${tag}@example.org`, javascript });
  await createGroup(page, url, { name: `Faces ${tag}`, slug, javascript });
  // The group's colour, chosen in its settings.
  await open(page, `${url}/g/${slug}/settings`, javascript);
  await page.getByLabel('Colour').fill('#0f766e');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL(/saved=details/);
  const event = await publishEvent(page, url, { slug, title: `Faces meetup ${tag}`, capacity: 20, javascript });

  // Without an image: a cover drawn in the group's colour, with the date.
  const drawn = page.locator('.event-hero .cover-drawn');
  assert.equal(await drawn.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(15, 118, 110)');
  assert.equal((await drawn.innerText()).replace(/\s+/g, ' ').trim(), 'MAR 5 Meetup');
  const phone = await person(javascript, { viewport: { width: 390, height: 844 } });
  await open(phone.page, `${url}${event}`, javascript);
  await phone.page.locator('.event-hero .cover-drawn').waitFor();
  await phone.page.screenshot({ path: join(outputDir, `faces-${tag}-drawn-phone.png`) });
  await phone.context.close();
  await open(page, `${url}/g/${slug}`, javascript);
  const tile = page.locator('.event-card .cover-tile');
  assert.equal(await tile.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(15, 118, 110)');

  // Something that is not an image is refused next to the field.
  await open(page, `${url}${event}/edit`, javascript);
  const upload = page.getByRole('region', { name: 'Cover image' });
  await upload.getByLabel('Upload an image').setInputFiles(notImage);
  await upload.getByRole('button', { name: 'Upload', exact: true }).click();
  await page.waitForURL(/cover_error=/);
  await upload.getByText('That file is not a PNG, JPEG or WebP image (whatever its name says).').waitFor();
  assert.equal(await upload.getByLabel('Upload an image').getAttribute('aria-invalid'), 'true');

  // A real image: on the event page and in the group's listing, served and decoded.
  await upload.getByLabel('Upload an image').setInputFiles(image);
  await upload.getByRole('button', { name: 'Upload', exact: true }).click();
  await page.waitForURL(/saved=cover/);
  await upload.getByText('The new cover is on the event page.').waitFor();
  await open(page, `${url}${event}`, javascript);
  const cover = page.locator('.event-hero img.cover-image');
  await cover.waitFor();
  assert.equal(await cover.evaluate((img) => img.complete && img.naturalWidth), 400);
  assert.equal(await page.locator('.event-hero .cover-drawn').count(), 0);
  const served = await fetch(new URL(await cover.getAttribute('src'), url));
  assert.equal(served.headers.get('content-type'), 'image/png');
  const bytes = Buffer.from(await served.arrayBuffer());
  assert.ok(!bytes.includes(Buffer.from('taken at home')), 'the text chunk is gone');
  await page.screenshot({ path: join(outputDir, `faces-${tag}-event.png`), fullPage: true });
  const visitor = await person(javascript, { viewport: { width: 390, height: 844 } });
  await open(visitor.page, `${url}/`, javascript);
  const listed = visitor.page.locator('.event-card', { hasText: `Faces meetup ${tag}` }).locator('img.cover-tile');
  await listed.waitFor();
  assert.equal(await listed.getAttribute('width'), '72');
  await visitor.page.screenshot({ path: join(outputDir, `faces-${tag}-home-phone.png`), fullPage: true });

  // Removing it asks first; the drawn cover comes back.
  await open(page, `${url}${event}/edit`, javascript);
  const removeButton = upload.getByRole('button', { name: 'Yes, remove it' });
  assert.equal(await removeButton.isVisible(), false);
  await upload.getByText('Remove the image', { exact: true }).click();
  await removeButton.click();
  await page.waitForURL(/saved=cover_removed/);
  await open(page, `${url}${event}`, javascript);
  await page.locator('.event-hero .cover-drawn').waitFor();
  assert.equal(await page.locator('img.cover-image').count(), 0);

  for (const p of [olga, visitor]) await p.context.close();
  return [...olga.problems, ...visitor.problems, ...phone.problems];
}

test('an event shows a cover in its group colour until an image is uploaded, with JavaScript', async () => {
  assert.deepEqual(await coverJourney({ javascript: true, tag: 'js' }), []);
});

test('an event shows a cover in its group colour until an image is uploaded, with JavaScript disabled', async () => {
  assert.deepEqual(await coverJourney({ javascript: false, tag: 'nojs' }), []);
});

/**
 * Chromium on Linux has no QR reader (`BarcodeDetector` is on Android, ChromeOS and macOS), so
 * this stands in for the browser's: it reads only from a camera picture that is playing (the
 * fake camera's frames), and then sees the ticket's QR code.
 */
const detectorFor = (ticketAddress) => `
  window.BarcodeDetector = class {
    constructor(options) { this.formats = options && options.formats; }
    async detect(source) {
      if (!(source instanceof HTMLVideoElement) || source.readyState < 2 || source.videoWidth === 0) return [];
      if (!(this.formats || []).includes('qr_code')) return [];
      return [{ format: 'qr_code', rawValue: ${JSON.stringify(ticketAddress)} }];
    }
  };`;

test('the door scans a ticket with the camera where the browser reads QR codes, and offers typing elsewhere', async () => {
  const url = hallway.url;
  const tag = 'scan';
  const olga = await person(true);
  await signUp(olga.page, url, { name: `Olga ${tag}`, email: `olga-${tag}@example.org` });
  await createGroup(olga.page, url, { name: `Door ${tag}`, slug: `door-${tag}` });
  const event = await publishEvent(olga.page, url, { slug: `door-${tag}`, title: `Door meetup ${tag}`, capacity: 20 });
  const ben = await person(true);
  await signUp(ben.page, url, { name: `Ben ${tag}`, email: `ben-${tag}@example.org` });
  await open(ben.page, `${url}${event}`, true);
  await ben.page.getByRole('button', { name: "I'm going" }).click();
  await ben.page.waitForURL(/done=going/);
  await open(ben.page, `${url}${event}/ticket`, true);
  const code = (await ben.page.getByLabel('Check-in code').textContent()).trim();

  // A browser without a QR reader, and one without JavaScript: no camera button.
  for (const javascript of [true, false]) {
    const plain = await person(javascript);
    await plain.context.addCookies(await olga.context.cookies());
    await open(plain.page, `${url}${event}/check-in`, javascript);
    await plain.page.getByLabel('Ticket code').waitFor();
    assert.equal(await plain.page.getByRole('button', { name: 'Scan a ticket' }).isVisible(), false);
    await plain.context.close();
    assert.deepEqual(plain.problems, []);
  }

  // A phone with a camera and a QR reader: one tap, and the ticket in front of it checks in.
  const camera = await launchBrowser(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']);
  try {
    const context = await camera.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, permissions: ['camera'] });
    await context.addInitScript(detectorFor(`${url}${event}/check-in?code=${code.replace('-', '')}`));
    await context.addCookies(await olga.context.cookies());
    const door = await context.newPage();
    const problems = [];
    door.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    await open(door, `${url}${event}/check-in`, true);
    await door.getByText('0 / 1 checked in').waitFor();
    await door.getByRole('button', { name: 'Scan a ticket' }).click();
    await door.getByText(`✓ Ben ${tag} is checked in.`).waitFor();
    await door.getByText('1 / 1 checked in').waitFor();
    await door.screenshot({ path: join(outputDir, 'door-scan-phone.png'), fullPage: true });
    await door.getByRole('button', { name: 'Stop the camera' }).click();
    await door.getByRole('button', { name: 'Scan a ticket' }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await camera.close();
  }
  for (const p of [olga, ben]) await p.context.close();
  assert.deepEqual([...olga.problems, ...ben.problems], []);
});
