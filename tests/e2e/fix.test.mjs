// Fixes on the page: preview, apply, undo (the page's button and the browser's Ctrl+Z), fix all
// safe, download, non-ASCII text, and the notes where no fix is offered. Every test also proves
// the page made no network request after loading its own files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { sharedBrowser, openPage, paste, screenshot } from './harness.mjs';

const shared = sharedBrowser(before, after);

const rules = (page) => page.$$eval('li.finding[data-rule]', (items) => items.map((li) => li.dataset.rule));
const value = (page) => page.$eval('#config', (t) => t.value);
const generation = (page) => page.getAttribute('#status', 'data-generation');

/** Does `act` and waits until the page has checked the text again. */
async function andCheck(page, act) {
  const old = await generation(page);
  await act();
  await page.waitForFunction((g) => document.querySelector('#status')?.dataset.generation !== g, old);
}

async function loadSample(page, id) {
  await andCheck(page, () => page.selectOption('#sample', id));
}

/** The lines of `a` missing from `b`, counted (a multiset difference), sorted. */
function missing(a, b) {
  const left = new Map();
  for (const l of b.split('\n')) left.set(l, (left.get(l) ?? 0) + 1);
  return a.split('\n').filter((l) => (left.get(l) ?? 0) > 0 ? (left.set(l, left.get(l) - 1), false) : true).sort();
}

test('a fix is previewed, applied, and undone by the Undo button and by Ctrl+Z', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  await loadSample(page, 'insecure-deployment');
  const original = await value(page);
  const item = 'li.finding[data-rule="LP102"]';
  await page.click(`${item} .fix-open`);
  assert.equal(await page.getAttribute(`${item} .fix-open`, 'aria-expanded'), 'true');
  const preview = `${item} .fix-preview`;
  await page.waitForSelector(preview);
  assert.deepEqual(await page.$$eval(`${preview} .diff .del`, (l) => l.map((x) => x.textContent.trim())), ['-            privileged: true'.trim()]);
  assert.deepEqual(await page.$$eval(`${preview} .diff .add`, (l) => l.map((x) => x.textContent.trim())), ['+            privileged: false'.trim()]);
  assert.match(await page.textContent(`${preview} .fix-safety`), /^Review before applying: a container that really uses host devices/);
  await screenshot(page, 'fix-preview-light-1280x800');

  // Cancel closes the preview and gives focus back to its button.
  await page.click(`${preview} .fix-cancel`);
  assert.equal(await page.$(preview), null);
  assert.equal(await page.evaluate(() => document.activeElement.className), 'fix-open');

  await page.click(`${item} .fix-open`);
  await andCheck(page, () => page.click(`${preview} .fix-apply`));
  const fixed = await value(page);
  assert.equal(fixed, original.replace('privileged: true', 'privileged: false'), 'only that value changed; comments kept');
  assert.ok(!(await rules(page)).includes('LP102'), 'the finding is gone');
  assert.match(await page.textContent('.fix-applied'), /Applied: Set securityContext.privileged to false/);

  await andCheck(page, () => page.click('#fix-undo'));
  assert.equal(await value(page), original, 'Undo restores the text');
  assert.ok((await rules(page)).includes('LP102'), 'and the finding');
  assert.equal(await page.$('.fix-applied'), null, 'nothing left to undo');

  // The edit is on the text area's own undo stack too.
  await page.click(`${item} .fix-open`);
  await andCheck(page, () => page.click(`${preview} .fix-apply`));
  assert.equal(await value(page), fixed);
  await page.focus('#config');
  await andCheck(page, () => page.keyboard.press('Control+Z'));
  assert.equal(await value(page), original, 'Ctrl+Z restores the text');
  assert.ok((await rules(page)).includes('LP102'));

  // A fix is made for the text that was checked: after an edit, until the new findings are in,
  // Apply refuses and says why, and the edit stays.
  await page.click(`${item} .fix-open`);
  await page.waitForSelector(preview);
  await page.focus('#config');
  await page.keyboard.press('End'); // Ctrl+Z left the restored text selected
  await page.keyboard.type('#');
  await page.$eval(`${preview} .fix-apply`, (b) => b.click());
  assert.match(await page.textContent('.notice'), /The text changed since this fix was made/);
  assert.equal((await value(page)).length, original.length + 1);

  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

for (const [sample, first] of [['insecure-deployment', 'LP102'], ['pxk-values', null]]) {
  test(`fix all safe (${sample}) shows one combined diff, applies it, downloads it, and is undoable`, async () => {
    const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url, undefined, { acceptDownloads: true });
    await loadSample(page, sample);
    if (first) {
      // The sample's only safe fix (LP111) waits for LP102's, which needs review.
      assert.equal(await page.$('#fix-all'), null, 'no safe fix yet');
      await page.click(`li.finding[data-rule="${first}"] .fix-open`);
      await andCheck(page, () => page.click(`li.finding[data-rule="${first}"] .fix-apply`));
    }
    const original = await value(page);
    const findingsBefore = (await rules(page)).length;
    const count = Number((await page.textContent('#fix-all')).match(/^Fix all safe \((\d+)\)$/)[1]);
    await page.click('#fix-all');
    await page.waitForSelector('.fix-bar .fix-preview');
    assert.match(await page.textContent('.fix-bar .fix-title'), new RegExp(`^${count} safe fix(es)?$`));
    assert.match(await page.textContent('.fix-bar .fix-safety'), /^Safe/);
    const lines = (kind) => page.$$eval(`.fix-bar .diff .${kind}`, (l) => l.map((x) => x.textContent.slice(1).replace(/\n$/, '')).sort());
    const [added, removed] = [await lines('add'), await lines('del')];
    assert.ok(added.length > 0, 'the diff adds lines');
    await screenshot(page, `fix-all-${sample}-light-1280x800`);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.fix-bar .fix-download')]);
    assert.equal(download.suggestedFilename(), 'pasted.yaml');
    const downloaded = await readFile(await download.path(), 'utf8');

    await andCheck(page, () => page.click('.fix-bar .fix-apply'));
    const fixed = await value(page);
    assert.equal(fixed, downloaded, 'the download is the text Apply wrote');
    assert.deepEqual(missing(fixed, original), added, 'exactly the lines the preview adds');
    assert.deepEqual(missing(original, fixed), removed, 'exactly the lines the preview removes');
    for (const comment of original.split('\n').filter((l) => l.trim().startsWith('#'))) {
      assert.ok(fixed.includes(comment), `comment kept: ${comment}`);
    }
    assert.equal(await page.$('.group.errors'), null, 'the fixed text reads');
    assert.equal((await rules(page)).length, findingsBefore - count, 'each safe fix removed its finding');
    assert.equal(await page.$('#fix-all'), null, 'no safe fix is left');
    await andCheck(page, () => page.click('#fix-undo'));
    assert.equal(await value(page), original);
    assert.deepEqual(afterLoad, []);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('fixes keep non-ASCII text: offsets are bytes in the engine and UTF-16 in the editor', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  const pod = [
    '# Überprüfung: 日本語 🚀 — a comment with non-ASCII text',
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: p # ünïcödé 😀',
    'spec:',
    '  containers:',
    '    - name: c  # 容器 🐳',
    '      image: nginx:1.25',
    '      securityContext:',
    '        privileged: true  # ← gefährlich 💥',
    '',
  ].join('\n');
  await paste(page, pod);
  await page.click('li.finding[data-rule="LP102"] .fix-open');
  await andCheck(page, () => page.click('li.finding[data-rule="LP102"] .fix-apply'));
  assert.equal(await value(page), pod.replace('privileged: true', 'privileged: false'));
  // Every safe fix at once, on text full of astral characters.
  await page.click('#fix-all');
  await andCheck(page, () => page.click('.fix-bar .fix-apply'));
  const all = await value(page);
  assert.ok(!all.includes('\uFFFD'), 'no character was cut');
  for (const comment of ['# Überprüfung: 日本語 🚀', '# ünïcödé 😀', '# 容器 🐳', '# ← gefährlich 💥']) {
    assert.ok(all.includes(comment), `kept: ${comment}`);
  }
  assert.equal(await page.$('.group.errors'), null, 'the fixed text reads');
  await screenshot(page, 'fix-non-ascii-light-1280x800');
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('findings without a fix say why, and large inputs point to the CLI', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  await loadSample(page, 'palette-profile');
  const reasons = await page.$$eval('.fix-none', (p) => p.map((x) => x.textContent));
  assert.ok(reasons.some((r) => /^No automatic fix: the document sits in a quoted or folded string/.test(r)), reasons.join('\n'));
  await loadSample(page, 'insecure-deployment');
  const deployment = await value(page);
  // Past 128 KiB the worker checks the text, and the page computes no fixes.
  await paste(page, Array(Math.ceil(140_000 / deployment.length)).fill(deployment).join('\n---\n'));
  await page.waitForSelector('.fix-note');
  assert.match(await page.textContent('.fix-note'), /128 KiB.*posture fix/);
  assert.equal(await page.$('.fix-open'), null);
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('screenshots of a fix preview in dark and on a phone', async () => {
  for (const [colorScheme, w, h] of [['dark', 1280, 800], ['light', 390, 844], ['dark', 390, 844]]) {
    const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url, { width: w, height: h }, { colorScheme });
    await loadSample(page, 'insecure-deployment');
    await page.click('li.finding[data-rule="LP102"] .fix-open');
    await page.waitForSelector('li.finding[data-rule="LP102"] .fix-preview');
    await page.$eval('li.finding[data-rule="LP102"]', (li) => li.scrollIntoView());
    await screenshot(page, `fix-preview-${colorScheme}-${w}x${h}`);
    assert.deepEqual(afterLoad, []);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
