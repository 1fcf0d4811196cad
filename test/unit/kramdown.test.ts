// kramdown's syntax as GitHub Pages renders it (kramdown, input GFM, rouge), each feature held to the
// real Jekyll's HTML for the same source: the preview's Markdown must give the same elements,
// attributes and text (whitespace between tags and rouge's highlighting spans aside).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { parseFragment, DefaultTreeAdapterTypes as T } from 'parse5';
import { renderMarkdown } from '../../src/core/render/markdown';
import { jekyllAvailable, JEKYLL_MISSING, tempDir, writeTree } from '../support/jekyll';

const FEATURES: Record<string, string> = {
  dashes: 'An en dash -- and an em dash --- and an ellipsis...\n',
  guillemets: 'He said << bonjour >> and <<merci>>.\n',
  'smart quotes': 'It\'s "quoted" and \'single\' here.\n',
  'unpaired quotes': 'A "lone quote and an 80\'s year.\n',
  'block IAL': 'A paragraph with a class.\n{: .lead}\n\nAnother one.\n{: #intro .note}\n',
  'span IAL': 'Some *emphasis*{: .red} here.\n',
  'header ids': '# First Header\n\n## Second: the *second* one\n\n## Second: the *second* one\n\n### Custom {#my-id}\n',
  'markdown="1"': '<div markdown="1">\n*emphasis* inside **HTML**\n</div>\n',
  footnotes: 'Text with a note[^1] and another[^two].\n\n[^1]: The first note.\n[^two]: The second note.\n',
  'definition lists': 'Term\n: Its definition\n\nOther term\n: Another definition\n',
  abbreviations: 'The HTML spec and the W3C.\n\n*[HTML]: Hyper Text Markup Language\n*[W3C]: World Wide Web Consortium\n',
  toc: '* TOC\n{:toc}\n\n## One\n\ntext\n\n### One A\n\ntext\n\n## Two\n\ntext\n',
  'fenced code': '```ruby\nputs "hi"\n```\n\n```\nplain\n```\n',
  'indented code': 'Text:\n\n    indented code\n    more\n',
  'inline code': 'Use `npm test` here.\n',
};

let dir = '';
let built = false;

before(() => {
  if (!jekyllAvailable()) return;
  dir = tempDir('kramdown');
  const files: Record<string, string> = { '_config.yml': 'markdown: kramdown\nkramdown:\n  input: GFM\n' };
  Object.entries(FEATURES).forEach(([, source], i) => (files[`f${i}.md`] = `---\n---\n${source}`));
  writeTree(join(dir, 'src'), files);
  const r = spawnSync('jekyll', ['build', '--safe', '--disable-disk-cache', '-s', join(dir, 'src'), '-d', join(dir, 'site')], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  built = true;
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A canonical form of HTML: elements with sorted attributes, text with collapsed blanks, no blank-only text. */
function canonical(html: string): string {
  const out: string[] = [];
  const walk = (node: T.Node, inCode: boolean): void => {
    if (node.nodeName === '#text') {
      const text = (node as T.TextNode).value.replace(/\s+/g, ' ');
      if (inCode) out.push(text);
      else if (text.trim() !== '') out.push(text.trim());
      return;
    }
    const el = node as T.Element;
    if (!el.tagName) return;
    // rouge's highlighting spans inside code: their text only.
    const skipTag = inCode && el.tagName === 'span';
    if (!skipTag) out.push(`<${el.tagName}${[...el.attrs].sort((a, b) => a.name.localeCompare(b.name)).map((a) => ` ${a.name}="${a.value}"`).join('')}>`);
    for (const c of el.childNodes) walk(c, inCode || el.tagName === 'code');
    if (!skipTag) out.push(`</${el.tagName}>`);
  };
  for (const c of parseFragment(html).childNodes) walk(c, false);
  return out.join('');
}

Object.keys(FEATURES).forEach((name, i) => {
  test(`kramdown (GFM) as Jekyll renders it: ${name}`, (t) => {
    if (!jekyllAvailable()) return t.skip(JEKYLL_MISSING);
    assert.ok(built);
    const jekyll = readFileSync(join(dir, 'site', `f${i}.html`), 'utf8');
    const ours = renderMarkdown(FEATURES[name]);
    assert.equal(canonical(ours), canonical(jekyll), `${name}\n--- ours:\n${ours}\n--- jekyll:\n${jekyll}`);
  });
});
