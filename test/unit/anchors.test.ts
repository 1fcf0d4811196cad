import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentAnchors, nearestAnchor, kramdownId } from '../../src/core/anchors';
import { renderMarkdown } from '../../src/core/render/markdown';

const md = { markdown: true };

test('ranges: a heading covers its text, an explicit id the id as written', () => {
  const text = '---\ntitle: "# not a heading"\n---\n## Hello *World* ##\n\n# Named {#the-id}\n\n<p id="p1">x</p>\n';
  const anchors = documentAnchors(text, md);
  assert.deepEqual(anchors.map((a) => [a.id, text.slice(a.range.start, a.range.end), a.source]), [
    ['hello-world', 'Hello *World*', 'heading'],
    ['the-id', 'the-id', 'explicit'],
    ['p1', 'p1', 'html'],
  ]);
  assert.equal(anchors[0].label, 'Hello *World*');
  assert.equal(anchors[0].level, 2);
});

test('Liquid in a heading: evaluated with a scope, marked dynamic without one', () => {
  const text = '## About {{ site.title }}\n\n## {{ page.x | foo }}\n';
  const withScope = documentAnchors(text, { markdown: true, liquid: { site: { title: 'IPE' }, page: {} } });
  assert.deepEqual(withScope.map((a) => [a.id, !!a.dynamic]), [['about-ipe', false], ['', true]]);
  const without = documentAnchors(text, md);
  assert.deepEqual(without.map((a) => [a.id, !!a.dynamic]), [['about-', true], ['', true]]);
});

test('HTML files: only HTML ids; headings in Markdown syntax are text', () => {
  const anchors = documentAnchors('# Not a heading\n<h2 id="x">X</h2><a name="y"></a><div name="z"></div>', { markdown: false });
  assert.deepEqual(anchors.map((a) => a.id), ['x', 'y']);
});

test('bad input: unterminated fences, Liquid and tags give no crash', () => {
  for (const text of ['```\n# a', '## {{ unclosed', '<a id="x', '## [link](', '## `tick', '{: #', '\u0000# \u0000', '#'.repeat(10000), '## ' + '['.repeat(5000)]) {
    documentAnchors(text, md);
  }
});

test('nearestAnchor: case, heading text, separators, edit distance; never the wanted id or something far', () => {
  const anchors = documentAnchors('## Getting Started\n\n## IPv6 Enhanced Innovation\n\n## Contact\n', md);
  assert.equal(nearestAnchor(anchors, 'Getting-Started')?.id, 'getting-started');
  assert.equal(nearestAnchor(anchors, '#Getting Started')?.id, 'getting-started');
  assert.equal(nearestAnchor(anchors, 'gettingstarted')?.id, 'getting-started');
  assert.equal(nearestAnchor(anchors, 'ipv6-enhanced-inovation')?.id, 'ipv6-enhanced-innovation');
  assert.equal(nearestAnchor(anchors, 'contacts')?.id, 'contact');
  assert.equal(nearestAnchor(anchors, 'zzzz'), undefined);
  assert.equal(nearestAnchor(anchors, 'contact')?.id, undefined);
});

test('the preview renders the same header ids as the anchor model', () => {
  const text = '# Hello World\n\n## Hello World\n\n## 5G -- `ipv6()` & [Link](/x) ![i](/a.png)...\n\n## !!!\n\n## ???\n\n## Ünï_code_\n';
  const html = renderMarkdown(text);
  const rendered = [...html.matchAll(/<h\d id="([^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(rendered, documentAnchors(text, md).map((a) => a.id));
  assert.equal(kramdownId('1. Intro'), '1-intro');
});
