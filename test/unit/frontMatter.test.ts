import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFrontMatter } from '../../src/core/frontMatter';
import { LineIndex, decodeText } from '../../src/core/text';

const SEED = "---\nlayout: post\ntitle: \"IETF - IPE meeting in London\"\ndate: 2022-11-21 23:45:13 -0400\nbackground: '/ipe/img/posts/posts.jpg'\n---\n\nBody text.\n";

test('front matter values carry the exact range of their content', () => {
  const fm = parseFrontMatter(SEED);
  assert.equal(fm.present, true);
  assert.equal(fm.data.layout, 'post');
  const bg = fm.values.get('background');
  assert.ok(bg?.valueRange);
  assert.equal(SEED.slice(bg.valueRange.start, bg.valueRange.end), '/ipe/img/posts/posts.jpg');
  assert.equal(bg.style, 'QUOTE_SINGLE');
  const date = fm.values.get('date');
  assert.equal(date?.source, '2022-11-21 23:45:13 -0400');
  assert.equal(SEED.slice(fm.bodyOffset), '\nBody text.\n');
});

test('CRLF line endings keep ranges exact', () => {
  const crlf = SEED.replace(/\n/g, '\r\n');
  const fm = parseFrontMatter(crlf);
  const bg = fm.values.get('background');
  assert.ok(bg?.valueRange);
  assert.equal(crlf.slice(bg.valueRange.start, bg.valueRange.end), '/ipe/img/posts/posts.jpg');
  const index = new LineIndex(crlf);
  assert.deepEqual(index.positionAt(bg.valueRange.start), { line: 4, character: 13 });
  assert.equal(crlf.slice(fm.bodyOffset), '\r\nBody text.\r\n');
});

test('a byte order mark is dropped as Jekyll reads with bom|utf-8', () => {
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(SEED)]);
  const decoded = decodeText(bytes);
  assert.equal(decoded.kind, 'text');
  assert.ok(decoded.kind === 'text' && decoded.hadBom);
  assert.equal(decoded.kind === 'text' && parseFrontMatter(decoded.text).data.title, 'IETF - IPE meeting in London');
});

test('a NUL byte marks a file as binary', () => {
  assert.equal(decodeText(new Uint8Array([0x2d, 0x2d, 0x2d, 0, 1, 2])).kind, 'binary');
});

test('broken YAML is reported at its line with empty data', () => {
  const text = '---\nlayout: post\ntitle: [unclosed\nbackground: x\n---\nbody\n';
  const fm = parseFrontMatter(text);
  assert.equal(fm.problems.length > 0, true);
  assert.equal(fm.problems[0].kind, 'yaml-error');
  assert.deepEqual(fm.data, {});
  const line = new LineIndex(text).positionAt(fm.problems[0].range.start).line;
  assert.ok(line >= 2 && line <= 4, `error line ${line}`);
  assert.match(fm.problems[0].message, /not valid YAML/);
});

test('unterminated front matter is one problem on the first line', () => {
  const fm = parseFrontMatter('---\nlayout: post\ntitle: x\n\nno closing fence\n');
  assert.equal(fm.problems.length, 1);
  assert.equal(fm.problems[0].kind, 'unterminated');
  assert.deepEqual(fm.problems[0].range, { start: 0, end: 3 });
  assert.equal(fm.bodyOffset, 0);
});

test('no front matter, empty front matter and a closing "..." fence', () => {
  assert.equal(parseFrontMatter('# Title\n').present, false);
  const empty = parseFrontMatter('---\n---\nbody');
  assert.equal(empty.present, true);
  assert.deepEqual(empty.data, {});
  assert.equal(empty.bodyOffset, 8);
  const dots = parseFrontMatter('---\ntitle: a\n...\nbody');
  assert.equal(dots.data.title, 'a');
  assert.equal(dots.bodyOffset, 17);
});

test('a scalar front matter is not a mapping', () => {
  const fm = parseFrontMatter('---\njust text\n---\n');
  assert.equal(fm.problems[0]?.kind, 'not-a-mapping');
});

test('line index counts lines as VS Code does: \\r\\n, \\n and a lone \\r', () => {
  const text = 'a\r\nbb\rccc\nd';
  const index = new LineIndex(text);
  assert.equal(index.lineCount, 4);
  assert.deepEqual(index.positionAt(text.indexOf('bb')), { line: 1, character: 0 });
  assert.deepEqual(index.positionAt(text.indexOf('ccc') + 1), { line: 2, character: 1 });
  assert.deepEqual(index.positionAt(text.indexOf('d')), { line: 3, character: 0 });
  assert.deepEqual(index.positionAt(2), { line: 0, character: 1 });
  assert.equal(index.lineEndOffset(0), 1);
  assert.equal(index.lineEndOffset(1), 5);
  assert.equal(index.offsetAt({ line: 2, character: 99 }), 9);
});
