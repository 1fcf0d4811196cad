/**
 * The Liquid scanner: what Liquid 4 (GitHub Pages' Jekyll 3.10) parses, and the first error of what
 * it does not, at the token it stops on; bad input never hangs. (liquidJekyll.test.ts holds the
 * verdicts to a real build.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstLiquidError, knownTags, MAX_DEPTH } from '../../src/core/liquidSyntax';
import { activePlugins } from '../../src/core/pagesPlugins';

const PAGES_TAGS = knownTags(activePlugins({}, true));
const kind = (text: string, tags = PAGES_TAGS, strict = true) => firstLiquidError(text, 0, tags, strict)?.kind;

test('what parses: text, variables, every tag of Liquid 4 and Jekyll, comments, raw, whitespace control', () => {
  for (const ok of [
    'No Liquid at all { } {x} }} %}',
    '{{ page.title }} {{- x -}} {{}} {{{ a }}} {{#each items}}{{this}}{{/each}}',
    '{% if a %}x{% elsif b %}y{% else %}z{% endif %}',
    '{% if a %}x{% else %}y{% elsif b %}z{% else %}w{% endif %}',
    '{% unless a %}x{% elsif b %}{% else %}y{% endunless %}',
    '{% case a %}before{% when 1 %}x{% when 2, 3 or 4 %}{% else %}y{% when 5 %}{% endcase %}',
    '{% for p in site.posts limit:2 %}{{ p.title }}{% break %}{% continue %}{% else %}none{% endfor %}',
    '{%- capture c -%}x{%- endcapture -%}{% assign a = 1 %}{% increment n %}{% decrement n %}{% cycle "a", "b" %}',
    '{% raw %}{{ x }  {% foo %} {% if %}{% endraw %}',
    '{% raw %}{{ a {% endraw %}',
    '{% comment %}{% foo %}{% endfoo %}{% else %}{% when %}{% endcomment %}',
    '{% highlight ruby %}puts 1{% endhighlight %}{% highlight c++ linenos %}x{% endhighlight %}{% highlight js hl_lines="1 2" %}x{% endhighlight %}',
    '{% include a.html %}{% include a.html x="1" y=\'2\' z=page.z %}{% include {{ page.file }} %}{% include_relative b.md %}',
    '{% link a.md %}{% post_url 2020-01-01-a %}{% gist 1 %}{% github_edit_link %}',
    '{% tablerow x in y cols:2 %}{{ x }}{% endtablerow %}{% ifchanged %}x{% endifchanged %}',
    '{% if a == %}{% endif %}{% if x %}{% if a b c %}{% endif %}{% endif %}{% if and %}{% endif %}',
    '{% if a %}'.repeat(MAX_DEPTH) + '{% endif %}'.repeat(MAX_DEPTH),
  ]) {
    assert.equal(kind(ok), undefined, ok);
  }
});

test('the first error, at the token Liquid stops on', () => {
  const cases: [string, string, string][] = [
    ['a {% if x', 'unterminated-tag', '{%'],
    ['a {{ x', 'unterminated-variable', '{{'],
    ['a {{ x } b', 'unterminated-variable', '{{ x }'],
    ['{{ x | replace: "}", "" }}', 'unterminated-variable', '{{ x | replace: "}'],
    ['{% %}', 'unterminated-tag', '{% %}'],
    // Ruby's \s is ASCII: a no-break space is not a space to Liquid.
    ['{%\u00a0if a %}{% endif %}', 'unterminated-tag', '{%\u00a0if a %}'],
    // An inline comment is Liquid 5's; Liquid 4 reads no name.
    ['{% # note %}', 'unterminated-tag', '{% # note %}'],
    ['x {% foo %} y', 'unknown-tag', '{% foo %}'],
    ['{% render "a" %}', 'unknown-tag', '{% render "a" %}'],
    ['{% if a %}x', 'unclosed-block', '{% if a %}'],
    ['{% if a %}{% for x in y %}{% endif %}', 'unexpected-tag', '{% endif %}'],
    ['x {% endif %}', 'unexpected-tag', '{% endif %}'],
    ['{% else %}', 'unexpected-tag', '{% else %}'],
    ['{% capture a %}{% else %}{% endcapture %}', 'unexpected-tag', '{% else %}'],
    ['{% for a in b %}{% elsif c %}{% endfor %}', 'unknown-tag', '{% elsif c %}'],
    // A second else ends the loop: its endfor is then outside any block.
    ['{% for a in b %}x{% else %}y{% else %}z{% endfor %}', 'unexpected-tag', '{% endfor %}'],
    ['{% raw %}{{ x }}', 'raw-unclosed', '{% raw %}'],
    ['{% raw %}x{%- endraw -%}', 'raw-unclosed', '{% raw %}'],
    ['{% raw %}{% endraw {% x %}', 'raw-unclosed', '{% raw %}'],
    ['{% raw x %}{% endraw %}', 'bad-markup', '{% raw x %}'],
    ['{% if a %}{% foo %}{% endif %}', 'unknown-tag', '{% foo %}'],
    // Inside a comment, tags that exist are still parsed and variables still read.
    ['{% comment %}{% if a %}{% endcomment %}', 'unexpected-tag', '{% endcomment %}'],
    ['{% comment %}{% if %}{% endif %}{% endcomment %}', 'bad-markup', '{% if %}'],
    ['{% comment %}{{ x }{% endcomment %}', 'unterminated-variable', '{{ x }'],
    ['{% if %}{% endif %}', 'bad-markup', '{% if %}'],
    ['{% if a and %}{% endif %}', 'bad-markup', '{% if a and %}'],
    ['{% if a %}{% elsif , %}{% endif %}', 'bad-markup', '{% elsif , %}'],
    ['{% for x %}{% endfor %}', 'bad-markup', '{% for x %}'],
    ['{% case %}{% endcase %}', 'bad-markup', '{% case %}'],
    ['{% case a %}{% when %}{% endcase %}', 'bad-markup', '{% when %}'],
    ['{% case a %}{% else b %}{% endcase %}', 'bad-markup', '{% else b %}'],
    ['{% assign x %}', 'bad-markup', '{% assign x %}'],
    ['{% capture %}{% endcapture %}', 'bad-markup', '{% capture %}'],
    ['{% cycle , %}', 'bad-markup', '{% cycle , %}'],
    ['{% tablerow x %}{% endtablerow %}', 'bad-markup', '{% tablerow x %}'],
    ['{% highlight %}x{% endhighlight %}', 'bad-markup', '{% highlight %}'],
    ['{% highlight ruby linenos=%}x{% endhighlight %}', 'bad-markup', '{% highlight ruby linenos=%}'],
    ['{% include a.html b %}', 'bad-markup', '{% include a.html b %}'],
    ['{% include a.html a=1b=2 %}', 'bad-markup', '{% include a.html a=1b=2 %}'],
    ['{% if a %}'.repeat(MAX_DEPTH + 1), 'too-deep', '{% if a %}'],
  ];
  for (const [text, expected, token] of cases) {
    const e = firstLiquidError(text, 0, PAGES_TAGS);
    assert.equal(e?.kind, expected, text);
    assert.equal(text.slice(e!.range.start, e!.range.end), token, text);
  }
  // The blocks open at the error, outermost first.
  const e = firstLiquidError('{% if a %}{% for x in y %}{% foo %}', 0, PAGES_TAGS)!;
  assert.deepEqual(e.open.map((b) => b.name), ['if', 'for']);
  assert.match(firstLiquidError('{% if a %}x', 0, PAGES_TAGS)!.message, /'if' tag was never closed/);
  // From an offset on (a body after its front matter).
  assert.equal(firstLiquidError('{% foo %}\n{{ ok }}', 10, PAGES_TAGS), undefined);
});

test("tags count only where the build runs them; a build whose plugins are not all known lets a plugin's tag pass", () => {
  assert.equal(kind('{% seo %}'), 'unknown-tag');
  assert.equal(kind('{% seo %}', knownTags(activePlugins({ plugins: ['jekyll-seo-tag'] }, true))), undefined);
  assert.equal(kind('{% seo %}', knownTags(activePlugins({ plugins: ['jekyll-seo-tag'] }, false))), undefined);
  // GitHub Pages always runs jekyll-gist and jekyll-github-metadata.
  assert.equal(kind('{% gist 1 %}'), undefined);
  assert.equal(kind('{% gist 1 %}', knownTags(activePlugins({}, false))), 'unknown-tag');
  assert.equal(kind('{% mine %}x{% endmine %}', PAGES_TAGS, false), undefined);
  // Liquid's own words keep their meaning.
  assert.equal(kind('{% endif %}', PAGES_TAGS, false), 'unexpected-tag');
  assert.equal(kind('{% if a %}{% endfor %}', PAGES_TAGS, false), 'unexpected-tag');
  assert.equal(kind('{% if %}', PAGES_TAGS, false), 'bad-markup');
});

test('bad input never hangs: the scan stays linear on openings without an end, raw to the end, long markup', () => {
  const inputs = [
    '{'.repeat(400_000),
    '{%'.repeat(200_000),
    '{{'.repeat(200_000) + '}',
    '{% if a %}'.repeat(50_000),
    '{% raw %}' + '{{ }'.repeat(100_000),
    '{% raw %}' + '{%'.repeat(200_000),
    '{% raw %}' + '{% x %}'.repeat(100_000),
    '{% raw %}' + '{{ {%'.repeat(100_000) + '}',
    '{% comment %}' + '{% foo %}{{ a }}'.repeat(100_000),
    '{% if a' + ' '.repeat(300_000) + 'and b %}',
    '{% if a' + ' '.repeat(1_500) + 'and' + ' '.repeat(400) + 'b %}{% endif %}',
    '{% tablerow ' + 'a'.repeat(300_000) + ' %}',
    '{% include ' + '{{ a'.repeat(100_000) + ' %}',
    ('text {{ page.title }} {% if a %}x{% else %}y{% endif %}\n').repeat(40_000),
    '{}{}}{{%}%{'.repeat(100_000),
  ];
  const started = Date.now();
  for (const text of inputs) firstLiquidError(text, 0, PAGES_TAGS);
  // Linear: the lot (about 10 MB) in well under a second on a quiet machine; generous for a shared one.
  assert.ok(Date.now() - started < 4000, `${Date.now() - started} ms`);
  // Twice the input takes about twice the time, not four times.
  const time = (n: number) => {
    const text = '{% raw %}' + '{{ {% x '.repeat(n);
    const t = process.hrtime.bigint();
    for (let i = 0; i < 5; i++) firstLiquidError(text, 0, PAGES_TAGS);
    return Number(process.hrtime.bigint() - t);
  };
  time(20_000);
  const small = time(100_000);
  const large = time(400_000);
  assert.ok(large < small * 12, `400k: ${large} ns, 100k: ${small} ns`);
});

test('an unknown operator fails the render where the condition is evaluated whatever the data; after a parse error', () => {
  const op = (text: string) => {
    const e = firstLiquidError(text, 0, PAGES_TAGS);
    return e && `${e.kind} ${text.slice(e.range.start, e.range.end)}`;
  };
  assert.equal(op('x {% if a = b %}y{% endif %}'), 'unknown-operator {% if a = b %}');
  assert.match(firstLiquidError('{% if a = b %}{% endif %}', 0, PAGES_TAGS)!.message, /Unknown operator =: to compare, write ==/);
  assert.equal(op('{% unless user is defined %}{% endunless %}'), 'unknown-operator {% unless user is defined %}');
  assert.equal(op('{% if a b c %}{% endif %}'), 'unknown-operator {% if a b c %}');
  assert.equal(op('{% capture c %}{% if a = b %}{% endif %}{% endcapture %}'), 'unknown-operator {% if a = b %}');
  // Not evaluated whatever the data: in a branch, a loop, a comment, after `and`, in elsif.
  for (const text of ['{% if x %}{% if a = b %}{% endif %}{% endif %}', '{% for x in y %}{% if a = b %}{% endif %}{% endfor %}', '{% comment %}{% if a = b %}{% endif %}{% endcomment %}', '{% if x and a = b %}{% endif %}', '{% if x %}{% elsif a = b %}{% endif %}', '{% if a == b %}{% endif %}{% if a contains "b" %}{% endif %}{% if a <> b or c >= d %}{% endif %}']) {
    assert.equal(op(text), undefined, text);
  }
  // Liquid parses the whole template before it renders: a syntax error later comes first.
  assert.equal(op('{% if a = b %}{% endif %}{% foo %}'), 'unknown-tag {% foo %}');
});
