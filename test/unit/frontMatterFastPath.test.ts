/**
 * The hand-written reader for flat front matter against the `yaml` library: on every front matter of
 * the fixtures, of generated benchmark sites, and of thousands of generated and mutated ones, whenever
 * the fast path accepts the text its result (data with its JS types, values with their ranges, styles
 * and sources, problems) is exactly what the `yaml` path gives; and it does accept the common forms.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlatYaml, parseFrontMatter, parseFrontMatterWithYaml } from '../../src/core/frontMatter';
import { decodeText } from '../../src/core/text';
import { generateSite, prng } from '../../bench/generateSite';

const root = join(__dirname, '../../..');

/** Whether the fast path takes this document's front matter. */
function accepted(text: string): boolean {
  const fm = parseFrontMatterWithYaml(text);
  if (!fm.present || !fm.yamlRange) return false;
  return parseFlatYaml(text.slice(fm.yamlRange.start, fm.yamlRange.end), fm.yamlRange.start) !== undefined;
}

/** Same result both ways; returns whether the fast path took it. */
function compare(text: string, label: string): boolean {
  const viaYaml = parseFrontMatterWithYaml(text);
  const result = parseFrontMatter(text);
  assert.deepStrictEqual(result, viaYaml, `${label}: ${JSON.stringify(text.slice(0, 400))}`);
  const took = accepted(text);
  if (took) {
    assert.deepStrictEqual(viaYaml.problems, [], `${label}: accepted text with problems`);
    // The values are the data's own values (the same Date objects, not copies).
    for (const [key, v] of result.values) assert.equal(v.value, result.data[key], `${label}: value of ${key}`);
  }
  return took;
}

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === '.git' || name === '_site') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

function fixtureDocuments(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const file of [...walk(join(root, 'test/fixtures')), ...walk(join(root, 'sample-site'))]) {
    if (!/\.(md|markdown|html?|ya?ml|txt)$/i.test(file)) continue;
    const decoded = decodeText(readFileSync(file));
    if (decoded.kind === 'text' && decoded.text.startsWith('---')) out.push({ path: file, text: decoded.text });
  }
  return out;
}

test('fast path: every front matter of the fixtures gives what yaml gives, and most are taken', (t) => {
  const docs = fixtureDocuments();
  let taken = 0;
  for (const { path, text } of docs) if (compare(text, path)) taken++;
  t.diagnostic(`fast path took ${taken} of ${docs.length} fixture front matters`);
  assert.ok(docs.length >= 40, `only ${docs.length} fixture documents with front matter`);
  // The IPE posts and pages are flat `key: value` front matter.
  assert.ok(taken / docs.length >= 0.8, `fast path took ${taken} of ${docs.length} fixture front matters`);
});

test('fast path: the generated benchmark sites are all taken, with the same results', () => {
  for (const [posts, seed] of [
    [300, 1],
    [300, 7],
    [200, 12345],
  ]) {
    const site = generateSite({ posts, seed });
    let docs = 0;
    let taken = 0;
    for (const [path, content] of Object.entries(site.files)) {
      if (typeof content !== 'string' || !content.startsWith('---')) continue;
      docs++;
      if (compare(content, path)) taken++;
    }
    assert.ok(docs >= posts);
    assert.equal(taken, docs, `seed ${seed}: ${taken} of ${docs}`);
  }
});

const KEYS = [
  'layout', 'title', 'subtitle', 'date', 'background', 'permalink', 'published', 'categories', 'tags', 'slug', 'author',
  'comments', 'excerpt_separator', 'hide-title', 'og.image', 'x_1', '_private', 'Title', 'KEY', '2fa', 'a',
  // Keys YAML 1.1 reads as something other than text, and keys the fast path leaves to yaml.
  'yes', 'no', 'y', 'N', 'on', 'Off', 'true', 'null', 'Null', '~', '1', '0x1F', '1e3', 'e3', 'E3', '12:30', '.inf', '.nan',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', '<<', 'a b', '-a', '?a', '"q"', "'q'", 'k' .repeat(120), 'é', 'ключ',
];

const PLAIN_VALUES = [
  'post', 'page', 'default', 'ETSI ISG IPE: Off to a good start', 'News from IPE#04 Plenary', 'C# is #1', 'a:b', 'http://x.org/a?b=c#d',
  '/ipe/img/posts/posts.jpg', '/img/a b.png', '{{ site.baseurl }}/img/a.png', "{{ '/img/x.png' | relative_url }}", 'a, b, c', 'a [b] {c}',
  'true', 'false', 'True', 'FALSE', 'yes', 'No', 'YES', 'y', 'Y', 'n', 'N', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'yEs', 'tRue',
  'null', 'Null', 'NULL', '~', 'nul', 'None',
  '0', '1', '42', '+12', '-12', '007', '017', '08', '09', '0o17', '0x1F', '0X1f', '0xG', '0b101', '0b2', '1_000', '1__0', '_1', '1_',
  '3.14', '3.', '.5', '1e3', '1E-3', 'e5', 'E10', 'e-3', 'E+2', 'e', 'E2E', 'eu', 'Enhanced IPv6', '1.5e+10', '6.02e23', '-.inf', '+.INF', '.Inf', '.nan', '.NaN', '.NAN', 'nan', 'inf', '1.2.3', '1,000',
  '12:30', '190:20:30', '1:60', '-1:30', '12:30.5', '1:2:3:4', '99:99',
  '2022-11-21', '2022-11-21 10:00:00', '2022-11-21 23:45:13 -0400', '2021-05-19 23:45:13 -0400', '2022-11-21T10:00:00Z', '2022-11-21t10:00:00.123+01:00',
  '2022-1-2', '2022-01-02 3:04:05', '2022-13-45', '2022-02-30', '2022-11-21 10:00', '22-11-21', '2022/11/21', '2022-11-21 10:00:00 +01',
  'Jürgen Müller', '日本語のタイトル', 'emoji 🎉 post', '=', 'a=b', '<b>bold</b>', 'x\\y', 'C:\\img\\a.png', 'a "quoted" word', "it's",
  'trailing   ', 'a  b', 'x #y', 'x#y',
];

const ODD_PLAIN_VALUES = [
  'end:', 'a: b', 'a :b',
  // Values that start with indicators: all left to yaml.
  '-', '-1', '- item', '?', '? x', ':x', ',x', '[a, b]', '{a: 1}', '#x', '&anchor x', '*alias', '!tag x', '!!str 1', '|', '>', '%x', '@x', '`x`',
];

const QUOTED_VALUES = [
  "'post'", "''", "' '", "'it''s'", "''''", "'a # b'", "'a: b'", "'yes'", "'1'", "'2022-11-21'", "'/ipe/img/posts/posts.jpg'", "'x\\y'",
  '"post"', '""', '" "', '"a # b"', '"a: b"', '"yes"', '"12"', '"2022-11-21 23:45:13 -0400"', '"ETSI ISG IPE: Off to a good start"', '"“smart” quotes"',
];

const ODD_QUOTED_VALUES = [
  "'unterminated", "'a' b", "'a'#c", "'a'  # c", "'a''", "'\"'",
  '"x\\ny"', '"x\\"y"', '"\\u00e9"', '"a\\\\b"',
  '"unterminated', '"a" b', '"a"#c', '"a"   # c', '"\'"',
];

const COMMENTS = ['', '', '', ' # comment', '  #c', '#nospace', ' #', '   '];
const SEPARATORS = [': ', ': ', ': ', ':   ', ':', ' : ', ':\t', '\t: ', ':  '];
const EXTRA_LINES = [
  '', '# a comment', '#', '   ', '  # indented comment', '  indented: x', '- item', '  - item', 'tags:', '  - a', '---x', '...x', '%YAML 1.1',
  '? complex', 'key: |', '  block', 'key: >-', '  folded', 'a: &x 1', 'b: *x', '<<: *x', 'list: [a, b]', 'map: {a: 1}', 'text', 'a: b: c',
  '\t', 'a:\tb', 'x: "multi', '  line"', "y: 'multi", "  line'", 'plain: start', '  continued',
];

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)];
}

/** A front matter of random lines, mostly flat `key: value` ones. */
function generatedFrontMatter(rand: () => number, flat: boolean): string {
  const lines: string[] = [];
  const n = 1 + Math.floor(rand() * 8);
  const usedKeys = new Set<string>();
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < (flat ? 0.04 : 0.12)) {
      lines.push(pick(rand, EXTRA_LINES));
      continue;
    }
    let key = rand() < (flat ? 0.97 : 0.75) ? pick(rand, KEYS.slice(0, 21)) : pick(rand, KEYS);
    // Mostly distinct keys (duplicates are left to yaml, and must still agree).
    if (usedKeys.has(key) && rand() < 0.8) key = `${key}_${i}`;
    usedKeys.add(key);
    const sep = flat || rand() < 0.85 ? ': ' : pick(rand, SEPARATORS);
    const kind = rand();
    const odd = rand() < (flat ? 0.05 : 0.3);
    const value = kind < 0.1 ? '' : kind < 0.6 ? pick(rand, odd ? ODD_PLAIN_VALUES : PLAIN_VALUES) : pick(rand, odd ? ODD_QUOTED_VALUES : QUOTED_VALUES);
    lines.push(`${key}${value === '' && rand() < 0.5 ? ':' : sep}${value}${pick(rand, COMMENTS)}`);
  }
  const eol = rand() < 0.8 ? '\n' : '\r\n';
  return `---${eol}${lines.join(eol)}${eol}---${eol}Body text.${eol}`;
}

const MUTATION_CHARS = [' ', '  ', '\t', '\n', '\r', '\r\n', '#', ' #', ':', ': ', "'", '"', '\\', '-', '- ', '[', '{', '&', '*', '!', '|', '>', '%', '@', '`', '~', '\0', '\u0085', '\u2028', '\ufeff', '\ud83c', 'é', '🎉', 'x', '1', '.', '_', '<<'];

/** A flat front matter with a few characters inserted, deleted or replaced. */
function mutated(rand: () => number, base: string): string {
  const end = base.indexOf('\n---', 4);
  let yaml = base.slice(4, end + 1);
  const edits = 1 + Math.floor(rand() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * (yaml.length + 1));
    const op = rand();
    if (op < 0.4) yaml = yaml.slice(0, at) + pick(rand, MUTATION_CHARS) + yaml.slice(at);
    else if (op < 0.7) yaml = yaml.slice(0, at) + yaml.slice(at + 1 + Math.floor(rand() * 3));
    else yaml = yaml.slice(0, at) + pick(rand, MUTATION_CHARS) + yaml.slice(at + 1);
  }
  return `---\n${yaml}${yaml.endsWith('\n') ? '' : '\n'}---\nBody.\n`;
}

test('fast path: thousands of generated front matters give what yaml gives', (t) => {
  const rand = prng(20261123);
  let taken = 0;
  const CASES = 4000;
  // Half of the cases are mostly flat `key: value` lines (with odd values); the other half mix in every line kind.
  for (let i = 0; i < CASES; i++) if (compare(generatedFrontMatter(rand, i % 2 === 0), `generated #${i}`)) taken++;
  t.diagnostic(`fast path took ${taken} of ${CASES} generated front matters`);
  assert.ok(taken > CASES * 0.2, `fast path took ${taken} of ${CASES}`);
  assert.ok(taken < CASES * 0.9, 'almost nothing was left to yaml: the generator lost its odd cases');
});

test('fast path: mutated fixture and generated front matters give what yaml gives', (t) => {
  const rand = prng(6);
  const bases = [
    ...fixtureDocuments()
      .map((d) => d.text)
      .filter((t) => accepted(t) && t.indexOf('\n---', 4) > 0),
    ...Object.values(generateSite({ posts: 20, seed: 3 }).files).filter((c): c is string => typeof c === 'string' && c.startsWith('---\n')),
  ];
  let taken = 0;
  const CASES = 4000;
  for (let i = 0; i < CASES; i++) if (compare(mutated(rand, pick(rand, bases)), `mutation #${i}`)) taken++;
  t.diagnostic(`fast path took ${taken} of ${CASES} mutated front matters`);
  assert.ok(taken > 0 && taken < CASES, `fast path took ${taken} of ${CASES}`);
});

test('fast path: the forms it reads, and the forms it leaves to yaml', () => {
  const take = (yaml: string) => accepted(`---\n${yaml}\n---\n`);
  for (const yaml of [
    'layout: post',
    "title: 'It''s here'  # note",
    'title: "Quoted"',
    '# only a comment',
    '',
    'a:\nb: ~\nc: null',
    'date: 2022-11-21 10:00:00 +0100',
    'published: no\nflag: On',
    'hex: 0x1F\ntime: 12:30\nnumber: .inf',
    // Block lists of one-line scalars under a key with an empty value.
    'tags:\n  - a',
    'plugins:\n  - jekyll-feed\n  - jekyll-paginate\n  - jekyll-sitemap ## Uncomment this line',
    "categories: # two\n\n    - 'news'\n# between\n    - \"ipv6\"\n    - 2022-11-21\n    - yes\nlayout: post",
  ]) {
    assert.ok(take(yaml), `should take ${JSON.stringify(yaml)}`);
    compare(`---\n${yaml}\n---\n`, yaml);
  }
  for (const yaml of [
    'tags:\n- a',
    'tags:\n  -',
    'tags:\n  - # empty',
    'tags:\n  - a\n   - b',
    'tags:\n  - - nested',
    'tags:\n  - a: b',
    'tags:\n  -a',
    'tags:\n  - a\n    continued',
    'tags: ~\n  - a',
    'tags: x\n  - a',
    'a: 1\n  - b',
    'list: [a, b]',
    'a: &x 1',
    'text: |\n  block',
    'title: "esc\\"aped"',
    'a: 1\na: 2',
    'a:\tb',
    'yes: key',
    '__proto__: x',
    'title: multi\n  line',
    'a: b: c',
    'n: 0x1F',
  ]) {
    assert.ok(!take(yaml), `should leave ${JSON.stringify(yaml)} to yaml`);
    compare(`---\n${yaml}\n---\n`, yaml);
  }
});

/** A front matter with block lists: keys with an empty value, then items, mostly well formed. */
function generatedLists(rand: () => number): string {
  const lines: string[] = [];
  const count = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < count; i++) {
    const key = `${pick(rand, KEYS.slice(0, 21))}_${i}`;
    lines.push(`${key}:${rand() < 0.2 ? pick(rand, COMMENTS) : ''}${rand() < 0.1 ? ' ' : ''}`);
    const indent = ' '.repeat(1 + Math.floor(rand() * 4));
    const items = Math.floor(rand() * 5);
    for (let j = 0; j < items; j++) {
      if (rand() < 0.1) lines.push(pick(rand, ['', '# between', '   ', '  # indented comment']));
      const itemIndent = rand() < 0.93 ? indent : ' '.repeat(1 + Math.floor(rand() * 4));
      const value = rand() < 0.5 ? pick(rand, PLAIN_VALUES) : rand() < 0.7 ? pick(rand, QUOTED_VALUES) : pick(rand, [...ODD_PLAIN_VALUES, ...ODD_QUOTED_VALUES, '']);
      lines.push(`${itemIndent}-${rand() < 0.95 ? ' ' : ''}${value}${pick(rand, COMMENTS)}`);
    }
    if (rand() < 0.5) lines.push(`${pick(rand, KEYS.slice(0, 21))}_v${i}: ${pick(rand, PLAIN_VALUES)}`);
  }
  const eol = rand() < 0.8 ? '\n' : '\r\n';
  return `---${eol}${lines.join(eol)}${eol}---${eol}Body.${eol}`;
}

test('fast path: generated and mutated block lists give what yaml gives, and most well-formed ones are taken', (t) => {
  const rand = prng(20261129);
  let taken = 0;
  let mutatedTaken = 0;
  const CASES = 3000;
  for (let i = 0; i < CASES; i++) {
    const text = generatedLists(rand);
    if (compare(text, `list #${i}`)) taken++;
    if (compare(mutated(rand, text.replace(/\r\n/g, '\n')), `mutated list #${i}`)) mutatedTaken++;
  }
  t.diagnostic(`fast path took ${taken} of ${CASES} generated and ${mutatedTaken} of ${CASES} mutated front matters with lists`);
  assert.ok(taken > CASES * 0.2, `fast path took ${taken} of ${CASES}`);
  assert.ok(taken < CASES * 0.95, 'almost nothing was left to yaml: the generator lost its odd cases');
});
