// Share links end to end: make a link in one browser context, open it in a fresh one, and see
// the same results; prove a results-only link carries no config text or secret; feed the page
// hostile links. Every test also proves the page made no network request after loading.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { sharedBrowser, openPage, paste, screenshot } from './harness.mjs';

const shared = sharedBrowser(before, after);

const SECRET = 'hunter2-Very-Secret-Value';
const TOKEN = 'ghp_1234567890abcdefghijABCDEFGHIJ123456';
const CONFIG = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments
  namespace: shop
spec:
  replicas: 1
  selector: {matchLabels: {app: payments}}
  template:
    metadata: {labels: {app: payments}}
    spec:
      containers:
        - name: api
          image: registry.internal.example/payments:latest
          env:
            - {name: DB_PASSWORD, value: ${SECRET}}
            - {name: GITHUB, value: ${TOKEN}}
          securityContext:
            privileged: true
`;

/** The decoded payload text of a share link (what anyone holding the link can read). */
function payloadOf(link) {
  const fragment = new URL(link).hash;
  assert.match(fragment, /^#s=1\.[A-Za-z0-9_-]+$/);
  const bytes = Buffer.from(fragment.slice('#s=1.'.length), 'base64url');
  return inflateRawSync(bytes).toString('utf8');
}

function linkFor(payload) {
  return `#s=1.${deflateRawSync(Buffer.from(payload)).toString('base64url')}`;
}

async function findings(page) {
  return page.$$eval('li.finding[data-rule]', (items) => items.map((li) => `${li.dataset.rule}@${li.dataset.line}`).sort());
}

async function scores(page) {
  return page.$$eval('.grade, .principle .score, .pillar .score', (els) => els.map((e) => e.textContent.trim()));
}

async function makeLink(page, kind, { redact = true } = {}) {
  await page.click('#share');
  await page.waitForSelector('dialog.share-dialog[open]');
  await page.check(kind === 'config' ? '#share-config' : '#share-results');
  if (kind === 'config') {
    const box = await page.$('#share-redact');
    if ((await box.isChecked()) !== redact) await box.click();
  }
  await page.waitForSelector('#share-link');
  return page.$eval('#share-link', (t) => t.value);
}

test('a results-only link shows the same findings and scores elsewhere, and carries no config text or secrets', async () => {
  const sender = await openPage(shared.browser, shared.server.url);
  await paste(sender.page, CONFIG);
  const sent = await findings(sender.page);
  const sentScores = await scores(sender.page);
  assert.ok(sent.some((f) => f.startsWith('SH101@')), 'the secret is found');

  const link = await makeLink(sender.page, 'results');
  assert.match(await sender.page.textContent('#share-size'), /Link size: \d+\.\d KB/);
  await screenshot(sender.page, 'share-dialog-results');
  const payload = payloadOf(link);
  for (const leaked of [SECRET, TOKEN, 'registry.internal.example', 'DB_PASSWORD', 'privileged: true']) {
    assert.ok(!payload.includes(leaked), `${leaked} must not travel in a results-only link`);
  }
  assert.ok(!link.includes(SECRET));

  const recipient = await openPage(shared.browser, link);
  assert.deepEqual(await findings(recipient.page), sent);
  assert.deepEqual(await scores(recipient.page), sentScores);
  assert.equal(await recipient.page.$('#config'), null, 'no editor for results only');
  assert.match(await recipient.page.textContent('#share-banner'), /Shared results, read-only/);
  await screenshot(recipient.page, 'share-opened-results');
  await recipient.page.click('#leave-shared');
  await recipient.page.waitForSelector('#config');
  assert.equal(await recipient.page.$('#share-banner'), null);
  assert.ok(!(await recipient.page.evaluate(() => location.hash)).startsWith('#s='));

  for (const s of [sender, recipient]) {
    assert.deepEqual(s.afterLoad, []);
    assert.deepEqual(s.problems, []);
    await s.context.close();
  }
});

test('a link with config is re-checked read-only, secrets redacted by default, and "Edit a copy" makes it editable', async () => {
  const sender = await openPage(shared.browser, shared.server.url);
  await paste(sender.page, CONFIG);
  const sent = await findings(sender.page);
  const link = await makeLink(sender.page, 'config');
  assert.match(await sender.page.textContent('.share-dialog'), /Replace detected secrets with REDACTED \(2 found\)/);
  const payload = payloadOf(link);
  assert.ok(!payload.includes(SECRET) && !payload.includes(TOKEN), 'secrets are replaced');
  assert.ok(payload.includes('registry.internal.example/payments:latest'), 'the rest of the config travels');

  // Unticking redaction warns before the secrets go into the link.
  const unsafe = await makeLinkAgain(sender.page);
  assert.ok(payloadOf(unsafe).includes(SECRET));
  assert.match(await sender.page.textContent('#share-warning'), /2 secret value\(s\) in readable form/);
  await screenshot(sender.page, 'share-dialog-config-warning');

  const recipient = await openPage(shared.browser, link);
  const text = await recipient.page.$eval('#config', (t) => t.value);
  assert.ok(text.includes('value: REDACTED') && !text.includes(SECRET));
  assert.equal(await recipient.page.$eval('#config', (t) => t.readOnly), true);
  assert.match(await recipient.page.textContent('#share-banner'), /checked it again with today's rules/);
  const got = await findings(recipient.page);
  for (const f of sent.filter((f) => !f.startsWith('SH'))) assert.ok(got.includes(f), `${f} is found again`);
  await recipient.page.click('#leave-shared');
  assert.equal(await recipient.page.$eval('#config', (t) => t.readOnly), false);
  await paste(recipient.page, `${text}# edited\n`);
  assert.equal(await recipient.page.$('#share-banner'), null);

  for (const s of [sender, recipient]) {
    assert.deepEqual(s.afterLoad, []);
    assert.deepEqual(s.problems, []);
    await s.context.close();
  }
});

/** Letters that do not compress, in comment lines of 80. */
function randomText(length, seed) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const out = [];
  let x = seed * 2654435761 >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    // xorshift32: 32-bit integer steps stay exact in JavaScript numbers.
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out.push(letters[x % 62]);
    if (i % 80 === 79) out.push('\n# ');
  }
  return out.join('');
}

async function makeLinkAgain(page) {
  await page.click('#share-redact');
  await page.waitForSelector('#share-warning');
  return page.$eval('#share-link', (t) => t.value);
}

test('copy puts the link on the clipboard; long links get a note and oversized ones are refused', async () => {
  const s = await openPage(shared.browser, shared.server.url, undefined, { permissions: ['clipboard-read', 'clipboard-write'] });
  const link = await makeLink(s.page, 'results');
  await s.page.click('#share-copy');
  await s.page.waitForFunction(() => document.querySelector('.copied')?.textContent.includes('Copied'));
  assert.equal(await s.page.evaluate(() => navigator.clipboard.readText()), link);
  await s.page.click('#share-close');

  // About 20 KB of random-looking values: past the 8 KB note, well under the limit.
  const big = randomText(20_000, 1);
  await paste(s.page, `# ${big}`);
  await makeLink(s.page, 'config');
  assert.match(await s.page.textContent('#share-long'), /cut links longer than about 8 KB/);
  await s.page.click('#share-close');

  // Incompressible text over 2 MB once encoded: refused with a message, no link to copy.
  await paste(s.page, `# ${randomText(2_000_000, 2)}`);
  await s.page.click('#share');
  await s.page.check('#share-config');
  await s.page.waitForSelector('#share-refused');
  assert.match(await s.page.textContent('#share-refused'), /more than browsers accept \(2 MB\)/);
  assert.equal(await s.page.$('#share-link'), null);
  assert.equal(await s.page.$eval('#share-copy', (b) => b.disabled), true);
  assert.deepEqual(s.afterLoad, []);
  assert.deepEqual(s.problems, []);
  await s.context.close();
});

test('a link from another rule-catalogue version says so', async () => {
  const s = await openPage(shared.browser, shared.server.url + linkFor('kind\tconfig\ncatalogue\t2025.01.1\nredacted\t1\ntext\tapiVersion: v1\\nkind: Pod\\nmetadata: {name: p}\\nspec: {containers: [{name: c, image: nginx}]}\\n\n'));
  const banner = await s.page.textContent('#share-banner');
  assert.match(banner, /made with rule catalogue 2025\.01\.1/);
  assert.match(banner, /secrets were replaced with REDACTED/);
  assert.ok((await findings(s.page)).length > 0, 'the config is checked with today\'s rules');
  assert.deepEqual(s.afterLoad, []);
  assert.deepEqual(s.problems, []);
  await s.context.close();
});

test('a percent-escaped link (#s%3D1.…) opens like the original', async () => {
  const link = linkFor('kind\tconfig\ncatalogue\tx\ntext\tmetadata: {name: escaped}\n');
  const s = await openPage(shared.browser, shared.server.url + link.replace('#s=', '#s%3D'));
  assert.match(await s.page.$eval('#config', (t) => t.value), /name: escaped/);
  assert.equal(await s.page.$('#share-banner.broken'), null);
  assert.deepEqual(s.problems, []);
  await s.context.close();
});

test('hostile links get a clear message and the page keeps working', async () => {
  const bomb = `#s=1.${deflateRawSync(Buffer.alloc(64 * 1024 * 1024, 32)).toString('base64url')}`;
  const good = linkFor('kind\tconfig\ncatalogue\tx\ntext\tkind: Pod\n');
  const cases = [
    ['#s=1.***not-base64***', /has characters a share link never has/],
    [good.slice(0, 20), /incomplete or damaged/],
    ['#s=7.AAAA', /share format "7"/],
    [bomb, /more than 17 MB/],
    [linkFor('kind\tresults\ncatalogue\tx\nfinding\tLP102\tzero\n'), /not valid/],
    [linkFor('{"kind": "results"}'), /not valid/],
  ];
  // A link cut short says so, and one whose `=` a chat tool escaped still opens.
  const real = linkFor('kind\tconfig\ncatalogue\tx\ntext\tkind: Pod\n' + 'x: 1\n'.repeat(50));
  cases.push([real.slice(0, Math.floor(real.length * 0.6)), /cut short/]);
  for (const [fragment, message] of cases) {
    const s = await openPage(shared.browser, shared.server.url + fragment);
    const banner = await s.page.textContent('#share-banner.broken');
    assert.match(banner, message, fragment.slice(0, 40));
    // No grade of some other text sits under the error: the editor starts empty.
    assert.equal(await s.page.$eval('#config', (t) => t.value), '');
    assert.match(await s.page.textContent('#status'), /not graded/);
    // The checker still works below the message.
    await paste(s.page, 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: nginx}]\n');
    assert.ok((await findings(s.page)).length > 0);
    assert.deepEqual(s.afterLoad, []);
    assert.deepEqual(s.problems, []);
    await s.context.close();
  }
});
