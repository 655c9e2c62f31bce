// The editor's highlight layer: findings marked in the text itself at their exact place, YAML
// colouring, the finding under the caret and the pointer named, the layer lined up while
// scrolling and drawing only the lines in view, and the text area's own text when a line is
// too long to draw.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sharedBrowser, openPage, paste, screenshot, artifacts } from './harness.mjs';

const shared = sharedBrowser(before, after);

const MANIFEST = `# a Pod with two problems
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: "nginx:1.27"
      securityContext:
        privileged: true
`;

/** The text of every mark of a severity class in the layer. */
function marked(page, cls) {
  return page.$$eval(`pre.highlight .${cls}`, (spans) => spans.map((s) => s.textContent));
}

/** Screen boxes of the first mark of a class and of a selection of the same text in the text area. */
async function boxes(page, cls, start, end) {
  return page.evaluate(
    ({ cls, start, end }) => {
      const mark = document.querySelector(`pre.highlight .${cls}`).getBoundingClientRect();
      // A mirror of the text area with the same box and type, to measure where text lands.
      const area = document.querySelector('textarea#config');
      const style = getComputedStyle(area);
      const mirror = document.createElement('div');
      for (const p of ['font', 'padding', 'border', 'tabSize', 'whiteSpace', 'lineHeight', 'letterSpacing'])
        mirror.style[p] = style[p];
      mirror.style.position = 'absolute';
      mirror.style.visibility = 'hidden';
      const rect = area.getBoundingClientRect();
      mirror.style.left = `${rect.left + window.scrollX}px`;
      mirror.style.top = `${rect.top + window.scrollY}px`;
      mirror.style.whiteSpace = 'pre';
      const text = area.value;
      mirror.append(document.createTextNode(text.slice(0, start)));
      const probe = document.createElement('span');
      probe.textContent = text.slice(start, end);
      mirror.append(probe, document.createTextNode(text.slice(end)));
      document.body.append(mirror);
      const want = probe.getBoundingClientRect();
      mirror.remove();
      return {
        mark: { x: mark.left, y: mark.top, w: mark.width },
        text: { x: want.left - area.scrollLeft, y: want.top - area.scrollTop, w: want.width },
      };
    },
    { cls, start, end },
  );
}

test('findings are marked in the text at their exact place, coloured by severity and named at the caret', async () => {
  const { context, page, afterLoad, problems } = await openPage(shared.browser, shared.server.url);
  await paste(page, MANIFEST);
  assert.equal(await page.getAttribute('textarea#config', 'class'), 'layered');
  // The privileged flag's value is a critical mark; the comment and keys are coloured.
  assert.ok((await marked(page, 'm-critical')).includes('true'));
  assert.deepEqual((await marked(page, 'y-c')).slice(0, 1), ['# a Pod with two problems']);
  assert.ok((await marked(page, 'y-k')).includes('securityContext'));
  assert.ok((await marked(page, 'y-s')).some((s) => s.includes('"nginx:1.27"')));
  // The layer holds exactly the text, line for line.
  const layer = await page.$eval('pre.highlight', (p) => p.textContent);
  assert.equal(layer, MANIFEST.endsWith('\n') ? MANIFEST + '\n' : MANIFEST + '\n');
  // The mark sits where the text area draws those characters.
  const start = MANIFEST.indexOf('privileged: true') + 'privileged: '.length;
  const b = await boxes(page, 'm-critical', start, start + 4);
  assert.ok(Math.abs(b.mark.x - b.text.x) < 1.5 && Math.abs(b.mark.y - b.text.y) < 1.5, JSON.stringify(b));
  assert.ok(Math.abs(b.mark.w - b.text.w) < 1.5, JSON.stringify(b));
  // The caret on the flag names its finding; elsewhere nothing.
  await page.focus('textarea#config');
  await page.$eval('textarea#config', (a, at) => a.setSelectionRange(at, at), start + 1);
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => /critical LP102/.test(document.querySelector('#caret-finding').textContent));
  await page.keyboard.press('Control+Home');
  await page.waitForFunction(() => document.querySelector('#caret-finding').textContent === '');
  // The pointer over the flag names it in the tooltip.
  const area = await page.$('textarea#config');
  const mark = await page.$eval('pre.highlight .m-critical', (m) => {
    const r = m.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
  await page.mouse.move(mark.x, mark.y);
  await page.waitForFunction(() => /LP102/.test(document.querySelector('textarea#config').title));
  assert.ok(area);
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
    await screenshot(page, `editor-marks-${theme}-1280x800`);
  }
  assert.deepEqual(afterLoad, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('while typing the marks step aside until the new findings arrive, and the text stays visible', async () => {
  const { context, page, problems } = await openPage(shared.browser, shared.server.url);
  await paste(page, MANIFEST);
  await page.focus('textarea#config');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# typed');
  // The layer shows what was typed at once (the text area's own glyphs are transparent).
  assert.match(await page.$eval('pre.highlight', (p) => p.textContent), /# typed\n$/);
  await page.waitForFunction(() => document.querySelector('pre.highlight .m-critical'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a 50,000-line text: the layer draws only the lines in view and stays lined up while scrolling', async () => {
  const { context, page, problems } = await openPage(shared.browser, shared.server.url);
  const pod = (i) => `---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\nspec:\n  containers:\n    - name: c\n      image: nginx\n      securityContext:\n        privileged: true\n`;
  let text = '';
  for (let i = 0; text.split('\n').length < 50_000; i++) text += pod(i);
  await paste(page, text);
  const lines = await page.$eval('pre.highlight', (p) => p.textContent.split('\n').length);
  assert.ok(lines < 200, `${lines} lines drawn`);
  // Scroll to line 30,000: the layer holds it and its first drawn line sits where the text is.
  await page.$eval('textarea#config', (a) => {
    a.scrollTop = 29_999 * 20;
    a.dispatchEvent(new Event('scroll'));
  });
  const drawn = await page.evaluate(() => {
    const area = document.querySelector('textarea#config');
    const layer = document.querySelector('pre.highlight');
    const top = area.scrollTop;
    const first = Math.max(0, Math.floor(top / 20) - 30);
    const shift = new DOMMatrixReadOnly(getComputedStyle(layer).transform).m42;
    return { first, shift, expected: first * 20 - top, lines: layer.textContent.split('\n').length };
  });
  assert.equal(drawn.shift, drawn.expected);
  assert.ok(drawn.lines < 200);
  const all = text.split('\n');
  const shownText = await page.$eval('pre.highlight', (p) => p.textContent);
  assert.equal(shownText.split('\n')[0], all[drawn.first]);
  // The gutter, too, numbers only the lines drawn, lined up with them, and marks the
  // privileged container's line among them once the findings are in.
  await page.waitForSelector('.gutter .marks .mark-critical');
  const gutter = await page.evaluate(() => {
    const inner = document.querySelector('.gutter-inner');
    const numbers = inner.querySelector('.numbers').textContent.split('\n');
    const marked = [...inner.querySelectorAll('.marks .mark-critical')].map((m) => m.title);
    return { first: Number(numbers[0]), count: numbers.length, marked,
      shift: new DOMMatrixReadOnly(getComputedStyle(inner).transform).m42 };
  });
  assert.equal(gutter.first, drawn.first + 1);
  assert.equal(gutter.shift, drawn.expected);
  assert.ok(gutter.count < 200, `${gutter.count} gutter lines`);
  const privileged = all.slice(drawn.first, drawn.first + gutter.count - 1)
    .map((l, i) => (l.includes('privileged: true') ? `line ${drawn.first + i + 1}: critical` : null)).filter(Boolean);
  assert.ok(privileged.length > 0);
  assert.deepEqual(gutter.marked.filter((t) => privileged.includes(t)), privileged);
  await screenshot(page, 'editor-marks-scrolled-1280x800');
  await page.locator('section.editor').screenshot({ path: join(artifacts, 'editor-gutter-scrolled.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a line too long to draw leaves the text to the text area, and a phone shows the marks too', async () => {
  const { context, page, problems } = await openPage(shared.browser, shared.server.url, { width: 390, height: 844 });
  await paste(page, MANIFEST);
  assert.ok((await marked(page, 'm-critical')).includes('true'));
  await screenshot(page, 'editor-marks-light-390x844');
  const long = `{"apiVersion": "v1", "kind": "List", "items": [${Array.from({ length: 400 }, (_, i) => `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p${i}"}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}`).join(', ')}]}`;
  assert.ok(long.length > 20_000);
  await paste(page, long);
  assert.equal(await page.getAttribute('textarea#config', 'class'), '');
  assert.equal(await page.$eval('pre.highlight', (p) => p.textContent), '');
  assert.deepEqual(problems, []);
  await context.close();
});
