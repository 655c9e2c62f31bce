// A large text that arrives whole (a real clipboard paste here) is shown in a view that draws
// only the lines in view, instead of the text area, which needs seconds per megabyte: the
// view's lines, scrolling, a jump from a finding, pasting again, editing a few hundred lines
// at a time in a window over the view, and editing in the text area after all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sharedBrowser, openPage, artifacts, deployment } from './harness.mjs';

const shared = sharedBrowser(before, after);


/** About `bytes` of Deployments, one document each. */
function corpus(bytes) {
  let text = '';
  for (let i = 0; text.length < bytes; i++) text += (i ? '---\n' : '') + deployment(i);
  return text;
}

/** A real clipboard paste (Ctrl+A, Ctrl+V) into the focused `selector`; waits for the check. */
async function clipboardPaste(page, selector, text) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  const before = await page.getAttribute('#status', 'data-generation');
  await page.focus(selector);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await page.waitForFunction((old) => document.querySelector('#status')?.dataset.generation !== old, before);
}

/** A picture of the editor alone (the page below it is thousands of findings long). */
const shoot = (page, name) => page.locator('section.editor').screenshot({ path: join(artifacts, `${name}.png`) });

/** The lines the view draws now. */
const drawn = (page) => page.$eval('#config-view .view-lines', (p) => p.textContent.split('\n'));

test('a 1 MB paste is shown in the view, drawn only where it is looked at, and checked', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const text = corpus(1000 * 1000);
  await clipboardPaste(page, '#config', text);
  assert.equal(await page.getAttribute('#config-view', 'data-bytes'), String(Buffer.byteLength(text)));
  assert.ok(await page.$eval('#config', (t) => t.hidden), 'the text area is set aside');
  assert.equal(await page.$eval('#config', (t) => t.value), '', 'and holds nothing to lay out');
  assert.match(await page.textContent('#large-note'), /A large text \(\d+ KB\) is drawn a screen at a time/);
  const lines = text.split('\n');
  assert.match(await page.textContent('#status'), new RegExp(`^${lines.filter((l) => l === '---').length + 1} documents`));
  // Only the lines in view (and a margin) exist, and they are the text's first lines.
  const first = await drawn(page);
  assert.ok(first.length < 200, `${first.length} lines drawn`);
  assert.deepEqual(first.slice(0, 5), lines.slice(0, 5));
  // Findings are marked in the view as in the text area: the first Deployment is privileged.
  await page.waitForSelector('#config-view .m-critical');
  // The view is as tall as the whole text, and scrolling draws the lines scrolled to.
  const { height, line } = await page.$eval('#config-view', (v) => ({
    height: v.scrollHeight,
    line: parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--line')) || 20,
  }));
  assert.ok(height >= lines.length * line, `${height}px for ${lines.length} lines`);
  await page.$eval('#config-view', (v) => { v.scrollTop = 20000 * 20; });
  await page.waitForFunction(() => document.querySelector('#config-view .view-lines').style.top !== '8px');
  const later = await drawn(page);
  const top = await page.$eval('#config-view .view-lines', (p) => parseInt(p.style.top, 10));
  const firstDrawn = Math.round((top - 8) / 20);
  assert.ok(firstDrawn > 19000 && firstDrawn <= 20000, `first drawn line ${firstDrawn}`);
  assert.deepEqual(later.slice(0, 3), lines.slice(firstDrawn, firstDrawn + 3));
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('in the view a finding selects its text, a paste replaces the text, and Edit moves it to the text area', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await clipboardPaste(page, '#config', corpus(600 * 1000));
  // The 51st Deployment is privileged: its finding scrolls the view there and selects `true`.
  const item = page.locator('li.finding[data-rule="LP102"]').nth(1);
  const line = Number(await item.getAttribute('data-line'));
  await item.locator('.finding-jump').click();
  await page.waitForFunction(() => document.querySelector('#config-view .m-sel'));
  assert.equal(await page.textContent('#config-view .m-sel'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'config-view');
  const top = await page.$eval('#config-view', (v) => v.scrollTop);
  assert.ok(Math.abs(top - (line - 1) * 20) < 600, `line ${line} is in view at ${top}px`);
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
    await shoot(page, `large-view-${theme}-1280x800`);
  }
  // Pasting again, into the view, replaces the whole text at once; a large one stays in the view.
  const again = corpus(700 * 1000).replaceAll('svc-', 'api-');
  await clipboardPaste(page, '#config-view', again);
  assert.equal(await page.getAttribute('#config-view', 'data-bytes'), String(Buffer.byteLength(again)));
  assert.equal((await drawn(page))[3], '  name: api-0');
  // A small one goes back to the text area, which gets the text.
  const small = 'apiVersion: v1\nkind: Pod\nmetadata: {name: small}\nspec:\n  containers: [{name: a, image: nginx}]\n';
  await clipboardPaste(page, '#config-view', small);
  assert.equal(await page.$('#config-view'), null);
  assert.equal(await page.$eval('#config', (t) => t.value), small);
  // Edit in the text area, after a large paste: the text goes there, editable.
  const large = corpus(300 * 1000);
  await clipboardPaste(page, '#config', large);
  await page.click('#edit-here');
  assert.equal(await page.$('#config-view'), null);
  assert.equal(await page.$eval('#config', (t) => t.value.length), large.length);
  assert.equal(await page.$eval('#config', (t) => t.hidden), false);
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a click in the view opens an editing window there: what is typed edits the whole text', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const text = corpus(600 * 1000);
  // Pasted with Windows line endings: the page holds the text as a text area would, with \n.
  await clipboardPaste(page, '#config', text.replaceAll('\n', '\r\n'));
  const lines = text.split('\n');
  await page.$eval('#config-view', (v) => { v.scrollTop = 10000 * 20; });
  await page.waitForFunction(() => document.querySelector('#config-view .view-lines').style.top !== '8px');
  // Click the sixth line in view just after its fourth character.
  const { top, charPx } = await page.evaluate(() => ({
    top: document.querySelector('#config-view').scrollTop,
    charPx: document.querySelector('.probe').offsetWidth / 10,
  }));
  const box = await page.locator('#config-view').boundingBox();
  const target = Math.floor(top / 20) + 5;
  await page.mouse.click(box.x + 9.6 + 4 * charPx, box.y + 8 + (target * 20 - top) + 10);
  const open = await page.$eval('#config-window', (w) => ({
    hidden: w.hidden, focused: document.activeElement === w, lines: w.value.split('\n').length, caret: w.selectionStart,
  }));
  assert.equal(open.hidden, false);
  assert.ok(open.focused, 'the window has the focus');
  assert.ok(open.lines <= 400, `${open.lines} lines in the window`);
  // Typed, then pasted, at the place clicked.
  await page.evaluate(() => navigator.clipboard.writeText('pp'));
  const before = await page.getAttribute('#status', 'data-generation');
  await page.keyboard.type('ZQ');
  await page.keyboard.press('Control+V');
  const edited = [...lines];
  edited[target] = lines[target].slice(0, 4) + 'ZQpp' + lines[target].slice(4);
  const expected = edited.join('\n');
  await page.waitForFunction((n) => document.querySelector('#config-view').dataset.bytes === String(n), Buffer.byteLength(expected));
  await page.waitForFunction((old) => document.querySelector('#status').dataset.generation !== old, before);
  assert.ok((await drawn(page)).includes(edited[target]), 'the view draws the edited line');
  await shoot(page, 'large-edit-window-1280x800');
  // Scrolled far from the caret, the window closes and the view keeps the focus.
  await page.$eval('#config-view', (v) => { v.scrollTop = 0; });
  await page.waitForFunction(() => document.querySelector('#config-window').hidden);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'config-view');
  // Enter on the view opens the window at the first line in view.
  await page.keyboard.press('Enter');
  const atTop = await page.$eval('#config-window', (w) => ({
    focused: document.activeElement === w, caret: w.selectionStart, first: w.value.split('\n')[0],
  }));
  assert.deepEqual(atTop, { focused: true, caret: 0, first: lines[0] });
  // "Select all" leaves the window for the view, where a paste replaces the whole text.
  await page.keyboard.press('Control+A');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'config-view');
  assert.ok(await page.$eval('#config-window', (w) => w.hidden));
  // Moved into the text area, the text is exactly the edited one.
  await page.click('#edit-here');
  assert.equal(await page.$eval('#config', (t) => t.value), expected);
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone the view fits and a jump shows the place', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url, { width: 390, height: 844 });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await clipboardPaste(page, '#config', corpus(400 * 1000));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await page.locator('li.finding[data-rule="LP102"] .finding-jump').first().click();
  await page.waitForFunction(() => document.querySelector('#config-view .m-sel'));
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
    await shoot(page, `large-view-${theme}-390x844`);
  }
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});
