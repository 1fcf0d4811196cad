/**
 * The reference extractor finds code blocks, blank lines and definition lines by `indexOf` and
 * character tests instead of RegExps tried at every offset. Each scanner is held here to its
 * definition as a plain global RegExp, on generated text full of the markers, line terminators of
 * every kind and indentation. The extractor reads tags as offsets; it is held to the tag reader's
 * objects.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BARREN_RUN, blankLineEnds, closingQuote, cssUrls, endsAttributeName, excludedRanges, Exclusions, extractReferences, fencedCodeRanges, indentedCodeBlocks, nextLineMatch, isSpace, readStartTag, scanStartTag, skipLiquid, srcsetCandidates, StartTagOffsets } from '../../src/core/references';
import { parseFrontMatter } from '../../src/core/frontMatter';
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

test('character classes: isSpace is the RegExp \\s, endsAttributeName its class with quotes, < > / =, on every UTF-16 code unit', () => {
  for (let c = 0; c <= 0xffff; c++) {
    const ch = String.fromCharCode(c);
    assert.equal(isSpace(c), /\s/.test(ch), `isSpace(${c})`);
    assert.equal(endsAttributeName(c), /[\s"'<>/=]/.test(ch), `endsAttributeName(${c})`);
  }
  assert.equal(isSpace(Number.NaN), false);
});

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

const TAG_NAMES = ['img', 'IMG', 'Img', 'source', 'input', 'td', 'p', 'imgx', 'a', 'div'];
const ATTRIBUTE_NAMES = ['src', 'SRC', 'Src', 'srcset', 'style', 'STYLE', 'styles', 'width', 'alt', 'data-src', '{{ x }}'];
const VALUES = ['{{ "a" | x }}.png', "{{ 'b' }}/c.png", '{', '/img/a.png', ' /img/b.jpg ', '', 'a.png 1x, b.png 2x', 'color:red', 'background:url(/img/c.png)', "URL( 'd.png' )", '{{ site.baseurl }}/e.png', 'x>y', 'url(', '{% if a %}f.png{% endif %}'];
const NOISE = ['<', '>', '/>', ' ', '\t', '\n', '=', '"', "'", 'text', '<!--', '-->', '{{', '}}', '<a'];

/** A start tag: a name and attributes, quoted, unquoted or bare, sometimes broken by noise. */
function generatedTag(random: () => number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  let tag = '<' + pick(TAG_NAMES);
  const count = Math.floor(random() * 4);
  for (let a = 0; a < count; a++) {
    tag += pick([' ', '\n', '\t', '  ']) + pick(ATTRIBUTE_NAMES);
    const form = random();
    if (form < 0.4) tag += `="${pick(VALUES)}"`;
    else if (form < 0.7) tag += `='${pick(VALUES)}'`;
    else if (form < 0.85) tag += ' = ' + pick(VALUES).replace(/\s/g, '');
    if (random() < 0.05) tag += pick(NOISE);
  }
  return tag + pick(['>', '/>', ' >', '', '>']);
}

/** Whether an offset of HTML text is inside a comment. */
function inHtmlComment(text: string): (offset: number) => boolean {
  const comments: { start: number; end: number }[] = [];
  for (let i = text.indexOf('<!--'); i >= 0; i = text.indexOf('<!--', i + 4)) {
    const end = text.indexOf('-->', i + 4);
    comments.push({ start: i, end: end < 0 ? text.length : end + 3 });
    if (end < 0) break;
    i = end;
  }
  return (offset) => comments.some((c) => offset >= c.start && offset < c.end);
}

/**
 * The image references of text by the tag reader's objects: src of img/source/input, srcset of
 * img/source, style url() of any tag; a '<' that is excluded (code, comment) starts no tag, and the
 * scan goes on at the next '<'.
 */
function referencesByTagObjects(text: string, excluded = inHtmlComment(text)): { raw: string; start: number; end: number; context: string }[] {
  const out: { raw: string; start: number; end: number; context: string }[] = [];
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
    if (excluded(i)) continue;
    const tag = readStartTag(text, i);
    if (!tag) continue;
    for (const attr of tag.attributes) {
      const base = attr.valueRange.start;
      if (attr.name === 'src' && ['img', 'source', 'input'].includes(tag.name) && attr.value.trim() !== '') {
        const lead = attr.value.length - attr.value.trimStart().length;
        const raw = attr.value.trim();
        out.push({ raw, start: base + lead, end: base + lead + raw.length, context: `<${tag.name} src>` });
      } else if (attr.name === 'srcset' && ['img', 'source'].includes(tag.name)) {
        for (const r of srcsetCandidates(attr.value)) out.push({ raw: attr.value.slice(r.start, r.end), start: base + r.start, end: base + r.end, context: `<${tag.name} srcset>` });
      } else if (attr.name === 'style') {
        for (const r of cssUrls(attr.value)) out.push({ raw: attr.value.slice(r.start, r.end), start: base + r.start, end: base + r.end, context: `style url() on <${tag.name}>` });
      }
    }
    i = tag.range.end - 1;
  }
  return out;
}

test('HTML image attributes: the extractor finds what the tag reader\'s objects hold', () => {
  const random = prng(4);
  const noFrontMatter = parseFrontMatter('');
  let found = 0;
  for (let n = 0; n < 20000; n++) {
    let text = '';
    const length = 1 + Math.floor(random() * 8);
    for (let j = 0; j < length; j++) text += random() < 0.7 ? generatedTag(random) : NOISE[Math.floor(random() * NOISE.length)];
    const refs = extractReferences(text, noFrontMatter, { imageKeys: [], markdown: false }).map((r) => ({ raw: r.raw, start: r.range.start, end: r.range.end, context: r.context }));
    assert.deepStrictEqual(refs, referencesByTagObjects(text), JSON.stringify(text));
    found += refs.length;
  }
  // The generator must reach every kind of attribute, not only tags that hold nothing.
  assert.ok(found > 2000, `only ${found} references in the generated texts`);
});

test('HTML in Markdown: tags in code spans, fences, indented code and comments are skipped as the tag reader skips them', () => {
  const random = prng(5);
  const noFrontMatter = parseFrontMatter('');
  const markdownNoise = ['`', '``', '\n```\n', '\n~~~\n', '\n\n    ', '\n\t', '\n\n', '\n- ', '{% raw %}', '{% endraw %}', '<!--', '-->', '<a title="', '"', "`<td title='", "'>", '`'];
  let found = 0;
  let excludedTags = 0;
  for (let n = 0; n < 20000; n++) {
    let text = '';
    const length = 1 + Math.floor(random() * 10);
    for (let j = 0; j < length; j++) {
      const r = random();
      text += r < 0.55 ? generatedTag(random) : r < 0.85 ? markdownNoise[Math.floor(random() * markdownNoise.length)] : NOISE[Math.floor(random() * NOISE.length)];
    }
    const exclusions = new Exclusions(text, 0, true);
    const refs = extractReferences(text, noFrontMatter, { imageKeys: [], markdown: true }).filter((r) => r.kind !== 'markdown-image' && r.kind !== 'markdown-definition');
    const expected = referencesByTagObjects(text, (i) => exclusions.has(i));
    assert.deepStrictEqual(
      refs.map((r) => ({ raw: r.raw, start: r.range.start, end: r.range.end, context: r.context })),
      expected,
      JSON.stringify(text),
    );
    found += refs.length;
    for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) if (exclusions.has(i) && readStartTag(text, i)) excludedTags++;
  }
  // A tag in code whose quoted value runs out of the code over a real image: the image still counts.
  for (const text of ["`<a title='` <img src=\"/a.png\"> '>", "    <td style='x\n\n<img src=b.png>'>", "<!-- <p title=\" --> <img src=c.png> \">"]) {
    const exclusions = new Exclusions(text, 0, true);
    const expected = referencesByTagObjects(text, (i) => exclusions.has(i));
    assert.equal(expected.length, 1, text);
    assert.deepStrictEqual(extractReferences(text, noFrontMatter, { imageKeys: [], markdown: true }).map((r) => ({ raw: r.raw, start: r.range.start, end: r.range.end, context: r.context })), expected, text);
  }
  // The generator must reach images outside code and tags inside it.
  assert.ok(found > 2000, `only ${found} references in the generated texts`);
  assert.ok(excludedTags > 2000, `only ${excludedTags} tags in code or comments`);
});

test('long runs of tags that hold no image (tables), with images, marks and code after them: what the tag reader finds', () => {
  const random = prng(6);
  const noFrontMatter = parseFrontMatter('');
  const barren = ['<td style="width:10pt">', '<tr>', "<td width=3 style='padding:5px'>", '</td>', '<b>', '\n  ', '<center>', '<TD STYLE="color:red">'];
  const late = ['<img src="/img/a.png">', '<IMG SRC=b.png>', '<p style="background:URL(c.png)">', 'url(', '<img', '<source srcset="d.png 1x">', '`<img src=e.png>`', '<input src="f.png">'];
  let found = 0;
  let longRuns = 0;
  for (let n = 0; n < 3000; n++) {
    let text = '';
    const length = 10 + Math.floor(random() * 150);
    let run = 0;
    for (let j = 0; j < length; j++) {
      const r = random();
      if (r < 0.03) {
        text += late[Math.floor(random() * late.length)];
        run = 0;
      } else if (r < 0.06) text += generatedTag(random);
      else {
        text += barren[Math.floor(random() * barren.length)];
        if (++run === BARREN_RUN * 2) longRuns++;
      }
    }
    const markdown = n % 2 === 0;
    const exclusions = markdown ? new Exclusions(text, 0, true) : undefined;
    const refs = extractReferences(text, noFrontMatter, { imageKeys: [], markdown }).filter((r) => r.kind !== 'markdown-image' && r.kind !== 'markdown-definition');
    const expected = referencesByTagObjects(text, exclusions ? (i) => exclusions.has(i) : inHtmlComment(text));
    assert.deepStrictEqual(refs.map((r) => ({ raw: r.raw, start: r.range.start, end: r.range.end, context: r.context })), expected, JSON.stringify(text));
    found += refs.length;
  }
  assert.ok(found > 3000, `only ${found} references`);
  assert.ok(longRuns > 500, `only ${longRuns} long runs of tags that hold nothing`);
});

test('exclusions worked out on demand: the same answer as every range made at once, on every non-blank character', () => {
  const tokens = [...TOKENS, '<!--', '-->', '{% comment %}', '{% endcomment %}', '![a](b.png)', '<img src=x>', '    <img>', '\t![x](y)', 'a'];
  const random = prng(6);
  for (let n = 0; n < 20000; n++) {
    let text = '';
    const length = 1 + Math.floor(random() * 30);
    for (let j = 0; j < length; j++) text += tokens[Math.floor(random() * tokens.length)];
    const from = n % 4 === 0 ? Math.floor(text.length / 3) : 0;
    const markdown = n % 5 !== 0;
    const all = [...excludedRanges(text, from, markdown), ...(markdown ? indentedCodeBlocks(text, from) : [])];
    const exclusions = new Exclusions(text, from, markdown);
    // Asked in order, then again from the start, as the extractor's passes do.
    for (const pass of [0, 1]) {
      for (let i = from; i < text.length; i++) {
        if (/[ \t\n\r]/.test(text[i])) continue;
        const expected = all.some((r) => i >= r.start && i < r.end);
        assert.equal(exclusions.has(i), expected, JSON.stringify({ text, from, markdown, i, pass }));
      }
    }
  }
});

test('start tags: offsets reused from tag to tag (and text to text) give what fresh ones give', () => {
  const random = prng(7);
  const shared = new StartTagOffsets();
  const texts: string[] = [];
  for (let n = 0; n < 4000; n++) {
    let text = '';
    const length = 1 + Math.floor(random() * 8);
    for (let j = 0; j < length; j++) text += random() < 0.7 ? generatedTag(random) : NOISE[Math.floor(random() * NOISE.length)];
    texts.push(text);
  }
  const snapshot = (o: StartTagOffsets, found: boolean) =>
    found ? { end: o.end, nameEnd: o.nameEnd, names: [...o.names.subarray(0, o.count * 2)], values: [...o.values.subarray(0, o.count * 2)] } : false;
  for (let n = 0; n < texts.length; n++) {
    // Two texts scanned in turns, each from its start to its end, as the extractor scans one page after
    // another; one time in four the same text twice (an editor checks a page again after an edit).
    const pair = [texts[n], n % 4 === 0 ? texts[n] : texts[(n * 7 + 3) % texts.length]];
    const next = [pair[0].indexOf('<'), pair[1].indexOf('<')];
    while (next[0] >= 0 || next[1] >= 0) {
      const which = next[0] >= 0 && (next[1] < 0 || random() < 0.5) ? 0 : 1;
      const text = pair[which];
      const at = next[which];
      const fresh = new StartTagOffsets();
      assert.deepEqual(snapshot(shared, scanStartTag(text, at, shared)), snapshot(fresh, scanStartTag(text, at, fresh)), JSON.stringify({ text, at }));
      next[which] = text.indexOf('<', at + 1);
    }
  }
});

test('quoted values: the closing quote is the one a character-by-character walk over Liquid finds', () => {
  const tokens = ['"', "'", '{', '}', '{{', '}}', '{%', '%}', 'a', ' ', '{{ "x" }}', "{% 'y' %}", '\n', 'é'];
  const random = prng(8);
  const offsets = new StartTagOffsets();
  for (let n = 0; n < 5000; n++) {
    let text = '';
    const length = Math.floor(random() * 30);
    for (let j = 0; j < length; j++) text += tokens[Math.floor(random() * tokens.length)];
    // Values asked for from the start of the text to its end, with one offsets object, as the scanner does;
    // one text in four asked twice (a page checked again).
    for (const pass of n % 4 === 0 ? [0, 1] : [0]) {
      for (let from = 0; from <= text.length; from += 1 + Math.floor(random() * 3)) {
        const quote = random() < 0.5 ? 34 : 39;
        const limit = from + Math.floor(random() * (text.length - from + 2));
        let k = from;
        while (k < limit && text.charCodeAt(k) !== quote) {
          const after = skipLiquid(text, k);
          k = after !== k ? after : k + 1;
        }
        const found = closingQuote(text, from, quote, limit, offsets);
        assert.equal(Math.min(found, limit), Math.min(k, limit), JSON.stringify({ text, from, quote, limit, pass }));
      }
    }
  }
});
