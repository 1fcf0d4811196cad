import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFrontMatter } from '../../src/core/frontMatter';
import { extractReferences } from '../../src/core/references';

function refs(text: string, markdown = true) {
  return extractReferences(text, parseFrontMatter(text), { imageKeys: ['background', 'thumbnail'], markdown }).map((r) => ({
    kind: r.kind,
    raw: r.raw,
    at: text.slice(r.range.start, r.range.end),
  }));
}

test('every reference form is found with its exact range', () => {
  const text = [
    '---',
    "background: '/img/bg.jpg'",
    'thumbnail: /img/t.png',
    '---',
    '![inline](/img/a.png "title")',
    '![angle](<img/with space.png>)',
    '![ref][logo] and ![Logo]',
    '',
    '[logo]: /img/logo.png "Logo"',
    '<p align="center">',
    '  <img style="width:600px;max-width:100%" src="/ipe/img/posts/x.png">',
    '</p>',
    "<img srcset='/img/s1.png 1x, /img/s2.png 2x' src=/img/unquoted.png>",
    '<div style="background-image: url(\'/img/div.jpg\')">x</div>',
    '<img src="{{ "/img/liquid.png" | relative_url }}">',
    '![nested [brackets]](/img/n.png)',
    '[![linked](/img/linked.png)](https://example.org)',
  ].join('\n');
  const found = refs(text);
  for (const r of found) assert.equal(r.at, r.raw, `range of ${r.raw}`);
  assert.deepEqual(
    found.map((r) => `${r.kind} ${r.raw}`),
    [
      'front-matter /img/bg.jpg',
      'front-matter /img/t.png',
      'markdown-image /img/a.png',
      'markdown-image img/with space.png',
      'markdown-definition /img/logo.png',
      'markdown-image /img/n.png',
      'markdown-image /img/linked.png',
      'html-img /ipe/img/posts/x.png',
      'html-srcset /img/s1.png',
      'html-srcset /img/s2.png',
      'html-img /img/unquoted.png',
      'style-url /img/div.jpg',
      'html-img {{ "/img/liquid.png" | relative_url }}',
    ],
  );
});

test('code blocks, code spans and comments hold no references', () => {
  const text = [
    '```html',
    '<img src="/img/in-fence.png">',
    '```',
    'Use `![x](/img/in-span.png)` like this.',
    '<!-- <img src="/img/commented.png"> -->',
    '~~~',
    '![x](/img/tilde.png)',
    '~~~',
    '![real](/img/real.png)',
  ].join('\n');
  assert.deepEqual(refs(text).map((r) => r.raw), ['/img/real.png']);
});

test('HTML files are read for tags only; Markdown syntax there is text', () => {
  const text = '---\nlayout: page\n---\n![not markdown](/img/a.png)\n<img src="/img/b.png">';
  assert.deepEqual(refs(text, false).map((r) => r.raw), ['/img/b.png']);
});

test('Markdown destinations as kramdown reads them: spaces kept, titles dropped, balanced parentheses', () => {
  const text = [
    '![a](/img/a b.png "title one")',
    "![b](/img/c.png 'title two')",
    '![d]( /img/lead.png )',
    '![e](/img/(paren).png)',
    '![f](/img/x.png"q")',
    '![h][ref]',
    '',
    '[ref]: /img/ref space.png "T"',
  ].join('\n');
  assert.deepEqual(refs(text).map((r) => [r.raw, r.at]), [
    ['/img/a b.png', '/img/a b.png'],
    ['/img/c.png', '/img/c.png'],
    ['/img/lead.png', '/img/lead.png'],
    ['/img/(paren).png', '/img/(paren).png'],
    ['/img/x.png"q"', '/img/x.png"q"'],
    ['/img/ref space.png', '/img/ref space.png'],
  ]);
});

test('a Markdown destination with Liquid inside keeps the whole expression', () => {
  const text = '![x]({{ site.baseurl }}/img/a b.png)\n![y]({{ "/img/c.png" | relative_url }})';
  assert.deepEqual(refs(text).map((r) => r.raw), ['{{ site.baseurl }}/img/a b.png', '{{ "/img/c.png" | relative_url }}']);
});

test('unclosed constructs do not throw or loop', () => {
  for (const text of ['![', '![a](', '<img src="', '<img', '`unclosed ![a](/b.png)', '<!-- open', '```\nopen fence', '[x]: ', '<div style="url(']) {
    assert.doesNotThrow(() => refs(text));
  }
});

test('pathological text is scanned without hanging (a guard, not a speed measure)', { timeout: 60_000 }, () => {
  const cases = [
    '<a b='.repeat(100_000),
    '![a'.repeat(50_000),
    '![a]('.repeat(50_000),
    '![a](<'.repeat(50_000),
    Array.from({ length: 200_000 }, (_, i) => '`'.repeat((i % 7) + 1)).join(' '),
    '{{'.repeat(200_000),
    '<img src="'.repeat(50_000),
    '<div style="url('.repeat(50_000),
  ];
  for (const text of cases) assert.doesNotThrow(() => refs(text));
});

test('indented code, Liquid comments and highlight blocks hold no references; list continuations do', () => {
  const text = [
    'Intro paragraph.',
    '',
    '    <img src="/img/indented-code.png">',
    '',
    '{% comment %}<img src="/img/liquid-comment.png">{% endcomment %}',
    '{% highlight html %}',
    '<img src="/img/highlighted.png">',
    '{% endhighlight %}',
    '- a list item',
    '',
    '    <img src="/img/list-continuation.png">',
    '',
    '<p align="center">',
    '    <img src="/img/in-html-block.png">',
    '</p>',
  ].join('\n');
  assert.deepEqual(refs(text).map((r) => r.raw), ['/img/list-continuation.png', '/img/in-html-block.png']);
});
