/**
 * liquid-syntax held to the real build: each case is a small site of its own, built by Debian's
 * `jekyll build --safe` (one case per build, two builds at a time), and the engine must flag exactly
 * the sites whose build fails on Liquid ("Liquid syntax error" / "Liquid Exception"), in the file and
 * on the line Jekyll names; each raw fix the engine offers must make that site build.
 *
 * Debian's Jekyll is 4.3.1 and runs Liquid 5.4 (Debian's own choice: the jekyll gem pins Liquid 4);
 * GitHub Pages runs Jekyll 3.10 with Liquid 4.0.4. Their parse is the same for everything below (the
 * tokenizer, the tag and variable syntax, the lax markup parsers, raw, comment, the blocks' branches,
 * the nesting limit; Jekyll 3.10 and 4.3 register the same tags of their own). Left out, because the
 * two differ: Liquid 5's own tags (`render`, `echo`, `liquid`, the inline comment `{% # … %}`), which
 * build here and fail on GitHub Pages, and `render_with_liquid: false`, which Jekyll 4 honours and
 * Jekyll 3.10 ignores; liquidCheck.test.ts covers those. The sites modelled as GitHub Pages load the
 * GitHub Pages plugins Debian packages that change what is rendered (jekyll-optional-front-matter and
 * others: `whitelist:`, as the github-pages gem allows them), and use no tag of the ones it always runs
 * but Debian lacks (jekyll-gist's `gist`, jekyll-github-metadata's `github_edit_link`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';
import { loadSite } from '../../src/core/site';
import { checkSite } from '../../src/core/checkSite';
import type { Finding } from '../../src/core/findings';
import { parseFrontMatter } from '../../src/core/frontMatter';
import { applyEdits } from '../../src/cliFix';
import { jekyllAvailable, JEKYLL_MISSING, tempDir, writeTree, buildSite, removeTree, JekyllBuild } from '../support/jekyll';

type Build = 'github-pages' | 'jekyll';

const PAGES_PLUGINS = ['jekyll-optional-front-matter', 'jekyll-default-layout', 'jekyll-titles-from-headings', 'jekyll-readme-index'];
const configFor = (build: Build, extra = '', plugins: string[] = [], allowed: string[] = []) => {
  const list = [...(build === 'github-pages' ? PAGES_PLUGINS : []), ...plugins];
  return `title: Liquid\n${list.length ? `plugins: [${list.join(', ')}]\n` : ''}${list.length + allowed.length ? `whitelist: [${[...list, ...allowed].join(', ')}]\n` : ''}${extra}`;
};
const page = (body: string) => `---\ntitle: A page\n---\n${body}`;

interface Case {
  readonly name: string;
  /** The site's files besides _config.yml (`page.md` when only a body is given). */
  readonly files: Record<string, string>;
  readonly build?: Build;
  readonly config?: string;
  readonly plugins?: string[];
  /** Plugins allowed (whitelist:) without being named, as GitHub Pages allows its list. */
  readonly allowed?: string[];
  /** Whether the real build fails: written down so the list reads as a table. */
  readonly fails: boolean;
}

const nested = (n: number) => '{% if a %}'.repeat(n) + 'x' + '{% endif %}'.repeat(n);

const CASES: Case[] = [
  // Builds.
  { name: 'plain', files: { 'page.md': page('Text with { braces }, {x}, }} and %}.\n') }, fails: false },
  { name: 'variables', files: { 'page.md': page('{{ page.title }} {{- site.title -}} {{}} {{{ a }}} {{#each items}}{{this}}{{/each}}\n') }, fails: false },
  {
    name: 'blocks',
    files: {
      'page.md': page(
        '{% if page.title %}a{% elsif site.x %}b{% else %}c{% endif %}\n{% for i in (1..2) %}{{ i }}{% else %}none{% endfor %}\n{% case 1 %}{% when 1, 2 %}one{% else %}other{% endcase %}\n{% unless a %}{% capture c %}{% cycle "x", "y" %}{% endcapture %}{% assign b = 1 %}{% endunless %}\n{% tablerow i in (1..2) %}{{ i }}{% endtablerow %}{% ifchanged %}x{% endifchanged %}\n',
      ),
    },
    fails: false,
  },
  { name: 'comment-holding-tags', files: { 'page.md': page('{% comment %}{% foo %}{% endfoo %}{% else %}{% when %}{% endcomment %}\n') }, fails: false },
  { name: 'raw', files: { 'page.md': page('{% raw %}{{ x } {% foo %} {% if %}{% endraw %} {% raw %}{{ a {% endraw %}\n') }, fails: false },
  { name: 'highlight', files: { 'page.md': page('{% highlight ruby linenos %}\nputs 1\n{% endhighlight %}\n') }, fails: false },
  { name: 'fenced-raw', files: { 'page.md': page('```liquid\n{% raw %}{% if a %}{{ x }{% endraw %}\n```\n') }, fails: false },
  { name: 'handlebars', files: { 'page.md': page('```\n{{#each items}}<li>{{this}}</li>{{/each}}\n```\n') }, fails: false },
  { name: 'nested-100', files: { 'page.md': page(nested(100) + '\n') }, fails: false },
  { name: 'lax-if', files: { 'page.md': page('{% if a == %}y{% endif %}{% if true %}{% elsif b c %}{% endif %}\n') }, fails: false },
  // An unknown operator fails only where Liquid evaluates it.
  { name: 'operator-not-reached', files: { 'page.md': page('{% if false %}{% if a = b %}{% endif %}{% endif %}{% for x in site.none %}{% if a = b %}{% endif %}{% endfor %}{% if false and a = b %}{% endif %}\n') }, fails: false },
  { name: 'include-params', files: { 'page.md': page('{% include a.html x="1" y=\'2\' z=page.title %}\n'), '_includes/a.html': '{{ include.x }}\n' }, fails: false },
  { name: 'static-file', files: { 'notes.txt': '{% foo %} {{ x }\n', 'page.md': page('ok\n') }, fails: false },
  // A README beside an index is copied as it is; under plain Jekyll every README is.
  { name: 'readme-copied', files: { 'README.md': '{% foo %}\n', 'index.md': page('ok\n') }, fails: false },
  { name: 'readme-plain', build: 'jekyll', files: { 'README.md': '{% foo %}\n', 'page.md': page('ok\n') }, fails: false },
  { name: 'excluded', files: { 'drafts/page.md': page('{% foo %}\n'), 'page.md': page('ok\n') }, config: 'exclude: [drafts]\n', fails: false },
  { name: 'unpublished', files: { 'page.md': '---\npublished: false\n---\n{% foo %}\n' }, fails: false },
  { name: 'render-with-liquid-false', build: 'jekyll', files: { 'page.md': '---\nrender_with_liquid: false\n---\n{% foo %}\n' }, fails: false },
  { name: 'future-post', build: 'jekyll', files: { '_posts/2999-01-01-later.md': page('{% foo %}\n') }, fails: false },
  { name: 'unused-include', files: { '_includes/broken.html': '{% for x in y %}\n', 'page.md': page('ok\n') }, fails: false },
  { name: 'seo-with-plugin', plugins: ['jekyll-seo-tag'], files: { 'page.md': page('{% seo %}\n') }, fails: false },
  // A theme's dependencies run when allowed: minima's jekyll-seo-tag, not named in plugins:.
  { name: 'seo-from-theme', config: 'theme: minima\n', allowed: ['jekyll-feed', 'jekyll-seo-tag'], files: { 'page.md': page('{% seo %}{% feed_meta %}\n') }, fails: false },
  // Fails.
  { name: 'unclosed-tag', files: { 'page.md': page('Text\n{% if page.title\n') }, fails: true },
  { name: 'unclosed-variable', files: { 'page.md': page('Text\n\n{{ page.title\n') }, fails: true },
  { name: 'single-brace', files: { 'page.md': page('Text {{ page.title } more\n') }, fails: true },
  { name: 'brace-in-string', files: { 'page.md': page('{{ page.title | replace: "}", "" }}\n') }, fails: true },
  { name: 'unknown-tag', files: { 'page.md': page('a\nb\n{% fancy %}\n') }, fails: true },
  // A README in a folder without index is that folder's index page (jekyll-readme-index): its Liquid runs.
  { name: 'readme-index', files: { 'README.md': '# Home\n\n{% foo %}\n', 'page.md': page('ok\n') }, fails: true },
  { name: 'unclosed-if', files: { 'page.md': page('{% if page.title %}Title\n') }, fails: true },
  { name: 'stray-endif', files: { 'page.md': page('x {% endif %}\n') }, fails: true },
  { name: 'stray-else', files: { 'page.md': page('x {% else %}\n') }, fails: true },
  { name: 'unclosed-raw', files: { 'page.md': page('{% raw %}{{ x }}\n') }, fails: true },
  { name: 'dashed-endraw', files: { 'page.md': page('{% raw %}{{ x }}{%- endraw -%}\n') }, fails: true },
  { name: 'raw-argument', files: { 'page.md': page('{% raw x %}{% endraw %}\n') }, fails: true },
  { name: 'wrong-end', files: { 'page.md': page('{% for i in (1..2) %}\n{% endif %}\n') }, fails: true },
  { name: 'for-two-else', files: { 'page.md': page('{% for i in (1..2) %}x{% else %}y{% else %}z{% endfor %}\n') }, fails: true },
  { name: 'if-empty', files: { 'page.md': page('{% if %}x{% endif %}\n') }, fails: true },
  { name: 'unknown-operator', files: { 'page.md': page('Intro.\n\n{% if page.title = "A page" %}x{% endif %}\n') }, fails: true },
  { name: 'operator-in-capture', files: { 'page.md': page('{% capture c %}{% unless a is b %}x{% endunless %}{% endcapture %}\n') }, fails: true },
  { name: 'jinja-condition', files: { 'page.md': page('```jinja\n{% if user is defined %}{{ user.name }}{% endif %}\n```\n') }, fails: true },
  { name: 'for-bad', files: { 'page.md': page('{% for x %}x{% endfor %}\n') }, fails: true },
  { name: 'case-else-argument', files: { 'page.md': page('{% case 1 %}{% when 1 %}x{% else 2 %}y{% endcase %}\n') }, fails: true },
  { name: 'assign-bad', files: { 'page.md': page('{% assign x %}\n') }, fails: true },
  { name: 'highlight-no-language', files: { 'page.md': page('{% highlight %}\nputs 1\n{% endhighlight %}\n') }, fails: true },
  { name: 'include-bad-params', files: { 'page.md': page('{% include a.html b %}\n'), '_includes/a.html': 'x\n' }, fails: true },
  { name: 'comment-unclosed-if', files: { 'page.md': page('{% comment %}{% if a %}{% endcomment %}\n') }, fails: true },
  { name: 'comment-bad-variable', files: { 'page.md': page('{% comment %}\n{{ x }\n{% endcomment %}\n') }, fails: true },
  { name: 'nested-101', files: { 'page.md': page(nested(101) + '\n') }, fails: true },
  { name: 'no-break-space', files: { 'page.md': page('{%\u00a0if a %}x{% endif %}\n') }, fails: true },
  { name: 'fenced-liquid', files: { 'page.md': page('Use it so:\n\n```liquid\n{% if page.x %}\n```\n') }, fails: true },
  { name: 'code-span', files: { 'page.md': page('Write `{{ page.title }` to show it.\n') }, fails: true },
  { name: 'jinja-fence', files: { 'page.md': page('```jinja\n{% extends "base.html" %}\n{% block content %}{% endblock %}\n```\n') }, fails: true },
  { name: 'indented-code', files: { 'page.md': page('Code:\n\n    {{ x }\n\nText.\n') }, fails: true },
  { name: 'highlight-body', files: { 'page.md': page('{% highlight liquid %}\n{{ page.title }\n{% endhighlight %}\n') }, fails: true },
  // Raw HTML code: a <pre> in a Markdown page, a <code> inside a paragraph of an HTML page.
  { name: 'html-pre', files: { 'page.md': page('Intro.\n\n<pre class="x">\n{% if user is defined %}{{ user.name }}{% endif %}\n</pre>\n\nAfter.\n') }, fails: true },
  { name: 'html-code', files: { 'page.html': page('<p>Write <CODE>{{ page.title }</CODE> to show it.</p>\n') }, fails: true },
  { name: 'no-front-matter', files: { 'plain.md': 'A page without front matter\n\n{% fancy %}\n' }, fails: true },
  { name: 'unclosed-front-matter', files: { 'page.md': '---\ntitle: x\n{% fancy %}\n' }, fails: true },
  { name: 'post', files: { '_posts/2024-01-02-a-post.md': page('x\n{% endfor %}\n') }, fails: true },
  { name: 'seo-without-plugin', files: { 'page.md': page('{% seo %}\n') }, fails: true },
  { name: 'broken-include', files: { '_includes/nav.html': '<nav>\n{% for p in site.pages %}{{ p.title }}\n</nav>\n', 'page.md': page('{% include nav.html %}\n') }, fails: true },
  { name: 'broken-layout', files: { '_layouts/default.html': '---\nx: 1\n---\n<html>\n{{ content }\n</html>\n', 'page.md': '---\nlayout: default\n---\nText.\n' }, fails: true },
];

/** Where Jekyll says its build stopped: the site-relative file and, for a syntax error, the line and Liquid's words. */
function jekyllVerdict(build: JekyllBuild): { file: string; line?: number; message: string } | undefined {
  if (build.ok) return undefined;
  const m = /Liquid Exception: (.*) in (\S+)\s*$/m.exec(build.log);
  if (!m) return undefined;
  const syntax = /Liquid (?:syntax )?error \((?:(\S+) )?line (\d+)\): (.*?)(?: included)?$/.exec(m[1]);
  const rel = (p: string) => (p.startsWith(build.source) ? p.slice(build.source.length).replace(/^\/+/, '') : p);
  return syntax ? { file: rel(syntax[1] ?? m[2]), line: Number(syntax[2]), message: syntax[3] } : { file: rel(m[2]), message: m[1] };
}

/** The line of a finding as Liquid counts it: in the content after a page's or layout's front matter; an include whole. */
function liquidLine(file: string, text: string, f: Finding): number {
  const from = file.startsWith('_includes/') ? 0 : parseFrontMatter(text).bodyOffset;
  return text.slice(from, f.range.start).split('\n').length;
}

async function engineFindings(dir: string, build: Build): Promise<Finding[]> {
  const fs = new NodeFileSystem(dir);
  const site = await loadSite(fs, { build });
  return (await checkSite(fs, site)).findings.filter((f) => f.code === 'liquid-syntax');
}

/** Runs `work` over the items, `width` at a time (the machine is shared). */
async function inPool<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]);
      }
    }),
  );
  return out;
}

test('held to the real Jekyll: exactly the sites whose build fails on Liquid are flagged, where Jekyll stops; each raw fix makes its site build', { skip: jekyllAvailable() ? false : JEKYLL_MISSING }, async () => {
  const dirs: string[] = [];
  try {
    const results = await inPool(CASES, 2, async (c) => {
      const build = c.build ?? 'github-pages';
      const dir = tempDir(`liquid-${c.name}`);
      dirs.push(dir);
      writeTree(dir, { '_config.yml': configFor(build, c.config, c.plugins, c.allowed), ...c.files });
      const found = await engineFindings(dir, build);
      const built = await buildSite(dir);
      return { c, build, dir, found, built, verdict: jekyllVerdict(built) };
    });
    const rows = results.map(({ c, found, built, verdict }) => {
      assert.ok(built.ok || verdict, `${c.name}: the build fails on Liquid, not on something else: ${built.log}`);
      return `${c.name}: engine ${found.length > 0 ? 'fails' : 'builds'}, jekyll ${built.ok ? 'builds' : 'fails'}`;
    });
    assert.deepEqual(rows, results.map(({ c, built }) => `${c.name}: engine ${built.ok ? 'builds' : 'fails'}, jekyll ${built.ok ? 'builds' : 'fails'}`));
    assert.deepEqual(results.map(({ c, built }) => `${c.name}: ${built.ok ? 'builds' : 'fails'}`), CASES.map((c) => `${c.name}: ${c.fails ? 'fails' : 'builds'}`));

    const fixes: { name: string; dir: string; file: string; text: string; build: Build }[] = [];
    for (const { c, build, dir, found, verdict } of results) {
      if (!verdict) continue;
      // One finding, in the file Jekyll names, on its line (a block never closed: Jekyll counts to the end, the engine points at its start).
      assert.equal(found.length, 1, `${c.name}: ${found.map((f) => f.message).join(' | ')}`);
      const f = found[0];
      assert.equal(f.file, verdict.file, c.name);
      const text = readFileSync(join(dir, f.file), 'utf8');
      if (verdict.line !== undefined && !/never closed/.test(verdict.message)) assert.equal(liquidLine(f.file, text, f), verdict.line, `${c.name}: ${verdict.message}`);
      const closed = /'(\w+)' tag was never closed/.exec(verdict.message);
      if (closed) assert.match(f.message, new RegExp(`'${closed[1]}' tag was never closed`), c.name);
      if (f.fixes.length > 0) fixes.push({ name: c.name, dir, file: f.file, text: applyEdits(text, f.fixes[0].edits ?? []), build });
    }
    assert.deepEqual(fixes.map((x) => x.name), ['jinja-condition', 'fenced-liquid', 'code-span', 'jinja-fence', 'indented-code', 'highlight-body', 'html-pre', 'html-code']);
    // Each fixed site: the engine says nothing more, and the real build succeeds.
    const fixedBuilds = await inPool(fixes, 2, async (x) => {
      writeFileSync(join(x.dir, x.file), x.text);
      removeTree(join(x.dir, '_site'));
      return { x, found: await engineFindings(x.dir, x.build), built: await buildSite(x.dir) };
    });
    for (const { x, found, built } of fixedBuilds) {
      assert.deepEqual(found, [], `${x.name} fixed: nothing left`);
      assert.ok(built.ok, `${x.name} fixed builds: ${built.log}`);
    }
    // And the page shows the code as written, in its code block.
    const shown = (name: string) => {
      const x = fixes.find((f) => f.name === name)!;
      return readFileSync(join(x.dir, '_site', x.file.replace(/\.md$/, '.html')), 'utf8').replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    };
    assert.match(shown('fenced-liquid'), /\{% if page\.x %\}/);
    assert.match(shown('jinja-fence'), /\{% extends "base\.html" %\}\s*\{% block content %\}\{% endblock %\}/);
    assert.match(shown('html-pre'), /\{% if user is defined %\}\{\{ user\.name \}\}\{% endif %\}/);
    assert.match(shown('html-code'), /Write \{\{ page\.title \} to show it\./);
  } finally {
    for (const d of dirs) removeTree(d);
  }
});
