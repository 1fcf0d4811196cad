/**
 * Front matter read as Jekyll reads it: Ruby's Psych is the oracle. Generated front matter (quoted and
 * plain scalars over several lines, continuation lines at every indentation, in each position) and real
 * cases: the engine reports `yaml-error` exactly where Psych refuses the text, and otherwise reads the
 * same data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFrontMatter, parseFrontMatterWithYaml } from '../../src/core/frontMatter';
import { psychAvailable, psychLoad, RUBY_MISSING } from '../support/psych';

const TITLES = [
  'A plain title',
  '"A long\n{i}title"',
  '"A long\n{i}title" ',
  "'it''s a long\n{i}title'",
  '"escaped \\"quotes\\"\n{i}and more"',
  '"two\n\n{i}paragraphs"',
  '"a: colon\n{i}b: not a key"',
  '"#not a comment\n{i}# nor this"',
  'A plain\n{i}continued',
  '"unclosed',
  '"a tab\\tescape\n{i}end"',
  "'single\n{i}\n{i}blank line'",
];
const INDENTS = ['', ' ', '  ', '    '];
const OTHERS = ['layout: post', 'published: no', 'tags: [a, b]', 'subtitle: "x"', 'count: 010', 'list:\n  - "item\n{i}two"\n  - b'];

function variants(): string[] {
  const out: string[] = [];
  for (const title of TITLES) {
    for (const indent of INDENTS) {
      const t = `title: ${title.replaceAll('{i}', indent)}`;
      for (const other of OTHERS) {
        const o = other.replaceAll('{i}', indent);
        out.push(`${t}\n${o}\n`, `${o}\n${t}\n`, `layout: page\n${t}\n${o}\n`);
      }
    }
  }
  // Real front matter: public site SuperElephant/blog_jekyll, a title whose closing quote is at column 0.
  out.push('layout: post\ntitle: "Enable Windows Subsystem for Linux (WSL) and install Ubuntu on Windows\n10"\ndate: 2017-09-28 15:00:00 +0800\ncategories: [Windows, Linux]\n');
  return [...new Set(out)];
}

/** The engine's data as Psych's JSON shows it (dates as Ruby writes them). */
function asPsych(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (Array.isArray(v)) return v.map(asPsych);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asPsych(x)]));
  return v;
}

test('generated front matter: yaml-error exactly where Psych refuses it, and the same data otherwise', { skip: psychAvailable() ? false : RUBY_MISSING }, () => {
  const texts = variants();
  const oracle = psychLoad(texts);
  const disagreements: string[] = [];
  let refused = 0;
  texts.forEach((yaml, i) => {
    const p = oracle[i];
    for (const [name, parse] of [['fast path', parseFrontMatter], ['yaml', parseFrontMatterWithYaml]] as const) {
      const fm = parse(`---\n${yaml}---\nbody\n`);
      const error = fm.problems.some((x) => x.kind === 'yaml-error');
      if (p.ok !== !error) disagreements.push(`${name}: ${JSON.stringify(yaml)}: Psych ${p.ok ? 'reads it' : `refuses it (${p.error})`}, the engine ${error ? `reports ${fm.problems[0].message}` : 'reads it'}`);
      else if (p.ok && typeof p.data === 'object' && p.data !== null && !p.data.hasOwnProperty('date')) {
        try {
          assert.deepEqual(asPsych(fm.data), p.data);
        } catch {
          disagreements.push(`${name}: ${JSON.stringify(yaml)}: Psych ${JSON.stringify(p.data)}, the engine ${JSON.stringify(fm.data)}`);
        }
      }
    }
    if (!p.ok) refused++;
  });
  assert.deepEqual(disagreements, []);
  // The generator covers both sides.
  assert.ok(refused > 20 && refused < texts.length - 100, `${refused} of ${texts.length} refused`);
});

test('the SuperElephant title: one value over two lines, ranges in the text as written', () => {
  const text = '---\nlayout: post\ntitle: "Enable WSL on Windows\n10"\ndate: 2017-09-28 15:00:00 +0800\n---\nHi\n';
  const fm = parseFrontMatter(text);
  assert.deepEqual(fm.problems, []);
  assert.equal(fm.data.title, 'Enable WSL on Windows 10');
  assert.equal(fm.data.layout, 'post');
  const title = fm.values.get('title');
  assert.ok(title?.valueRange);
  assert.equal(text.slice(title.valueRange.start, title.valueRange.end), 'Enable WSL on Windows\n10');
  const date = fm.values.get('date');
  assert.ok(date?.valueRange);
  assert.equal(text.slice(date.valueRange.start, date.valueRange.end), '2017-09-28 15:00:00 +0800');
  // Still an error where Psych refuses: a plain scalar continued at column 0.
  assert.equal(parseFrontMatter('---\ntitle: plain\ncontinued\n---\n').problems[0]?.kind, 'yaml-error');
});
