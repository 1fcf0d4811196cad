/**
 * The reference extractor finds code blocks, blank lines and definition lines by `indexOf` and
 * character tests instead of RegExps tried at every offset. Each scanner is held here to its
 * definition as a plain global RegExp, on generated text full of the markers, line terminators of
 * every kind and indentation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blankLineEnds, fencedCodeRanges, indentedCodeBlocks, nextLineMatch } from '../../src/core/references';
import { prng } from '../../bench/generateSite';

const TOKENS = [
  '```', '````', '~~~', '~~~~', '`', ' ', '  ', '   ', '    ', '\t', '\n', '\n', '\n', '\r\n', '\r', '\u2028', '[a]: /x.png', '[', ']:',
  'text', '- ', '1. ', '2)', '* ', '+\t', '12.', '\n\n', 'js',
];

function texts(count: number, seed: number): string[] {
  const random = prng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let t = '';
    const length = 1 + Math.floor(random() * 30);
    for (let j = 0; j < length; j++) t += TOKENS[Math.floor(random() * TOKENS.length)];
    out.push(t);
  }
  return out;
}

/** The definition of a fenced block: a global multiline RegExp for the opening, one per opening for its close. */
function fencesByRegExp(text: string, from: number): { start: number; end: number }[] {
  const out = [];
  const fence = /^ {0,3}(`{3,}|~{3,})[^\n]*$/gm;
  fence.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = fence.exec(text))) {
    const close = new RegExp(`^ {0,3}${m[1][0]}{${m[1].length},}[ \\t]*\\r?$`, 'gm');
    close.lastIndex = m.index + m[0].length;
    const c = close.exec(text);
    const end = c ? c.index + c[0].length : text.length;
    out.push({ start: m.index, end });
    if (!c) break;
    fence.lastIndex = end;
  }
  return out;
}

function blankLinesByRegExp(text: string, from: number): { start: number; end: number }[] {
  const out = [];
  const re = /\n[ \t]*\r?\n/g;
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    out.push({ start: m.index, end: m.index + m[0].length });
    re.lastIndex = m.index + 1;
  }
  return out;
}

/** Indented code by line RegExps: blank, indented, list item. */
function indentedByRegExp(text: string, from: number): { start: number; end: number }[] {
  const out = [];
  let start = -1;
  let end = -1;
  let previousBlank = true;
  let inList = false;
  let at = from;
  for (const line of text.slice(from).split('\n')) {
    const lineEnd = at + line.length;
    const blank = /^[ \t]*\r?$/.test(line);
    const indented = /^(?: {4}|\t)/.test(line);
    if (start >= 0 && !blank && !indented) {
      out.push({ start, end });
      start = -1;
    } else if (start >= 0 && !blank) end = lineEnd;
    else if (start < 0 && indented && !blank && previousBlank && !inList) [start, end] = [at, lineEnd];
    if (!blank && !indented) inList = /^ {0,3}(?:[-*+]|\d+[.)])[ \t]/.test(line);
    previousBlank = blank;
    at = lineEnd + 1;
  }
  if (start >= 0) out.push({ start, end });
  return out;
}

test('fenced code blocks: the same ranges as the multiline RegExps', () => {
  for (const [i, text] of texts(20000, 1).entries()) {
    const from = i % 4 === 0 ? Math.floor(text.length / 3) : 0;
    assert.deepStrictEqual(fencedCodeRanges(text, from), fencesByRegExp(text, from), JSON.stringify({ text, from }));
  }
});

test('blank lines and indented code: the same ranges as the line RegExps', () => {
  for (const [i, text] of texts(20000, 2).entries()) {
    const from = i % 4 === 0 ? Math.floor(text.length / 3) : 0;
    assert.deepStrictEqual(blankLineEnds(text, from), blankLinesByRegExp(text, from), JSON.stringify({ text, from }));
    assert.deepStrictEqual(indentedCodeBlocks(text, from), indentedByRegExp(text, from), JSON.stringify({ text, from }));
  }
});

test('definition lines: each match is the global RegExp’s next match', () => {
  const sticky = /^ {0,3}\[([^\]\n]+)\]:[ \t]*([^\n]*)/my;
  for (const [i, text] of texts(20000, 3).entries()) {
    const from = i % 4 === 0 ? Math.floor(text.length / 3) : 0;
    const global = /^ {0,3}\[([^\]\n]+)\]:[ \t]*([^\n]*)/gm;
    global.lastIndex = from;
    for (let at = from; ; ) {
      const expected = global.exec(text);
      const found = nextLineMatch(text, at, '[', sticky);
      assert.deepStrictEqual(found && [found.index, ...found], expected && [expected.index, ...expected], JSON.stringify({ text, at }));
      if (!found) break;
      at = found.index + found[0].length;
    }
  }
});
