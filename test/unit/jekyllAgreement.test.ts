/**
 * Agreement with real Jekyll: fixture sites that cover each URL rule are built with `jekyll build
 * --safe`; every image URL in the HTML Jekyll wrote is resolved the way a browser does (new URL against
 * the page's URL under the baseurl) and looked up in `_site/`. Each must be matched one-to-one with an
 * image reference the engine found in the page's source, and the engine's verdict must be Jekyll's:
 * fine when `_site/` serves it, an error when it does not.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';
import { loadSite, Site } from '../../src/core/site';
import { analyzeDocument, DocumentAnalysis } from '../../src/core/analyzeDocument';
import { checkSite, checkableDocuments } from '../../src/core/checkSite';
import { siteOrigin, pageAbsoluteUrl } from '../../src/core/resolve';
import { outputExtension } from '../../src/core/permalink';
import { destinationOf } from '../../src/core/publishChecks';
import {
  jekyllAvailable,
  JEKYLL_MISSING,
  CLEAN_BLOG_LAYOUTS,
  tempDir,
  writeTree,
  buildSite,
  JekyllBuild,
  imageUrlsInHtml,
  servedFile,
  readOutput,
  removeTree,
} from '../support/jekyll';

const IMAGES = [
  'img/posts/posts.jpg',
  'img/bg-about.jpg',
  'img/a.png',
  'img/b.png',
  'img/Photo.PNG',
  'img/with space.png',
  'img/posts/deep/c.png',
  'docs/img/local.png',
  '_private/secret.png',
  '.hidden/h.png',
  'excluded/x.png',
  'img/draft-1.png',
  'img/a&b.png',
  '~tmp/t.png',
  'img/old.png~',
];

/** One source tree, built under several configs: the same text is fine under one baseurl and broken under another. */
function sources(config: string): Record<string, string> {
  const files: Record<string, string> = { ...CLEAN_BLOG_LAYOUTS, '_config.yml': config };
  for (const i of IMAGES) files[i] = 'image';
  files['_posts/2022-11-21-1.md'] = [
    '---',
    'layout: post',
    'title: With the baseurl in the background',
    "background: '/ipe/img/posts/posts.jpg'",
    '---',
    'Inline: ![a](/ipe/img/a.png) and ![b]({{ site.baseurl }}/img/b.png) and ![c](/img/a.png)',
    '',
    'Reference style: ![ref one][one] and ![two]',
    '',
    '[one]: /ipe/img/posts/deep/c.png',
    '[two]: <{{ site.baseurl }}/img/with%20space.png>',
    '',
    '<img src="/ipe/img/a.png" srcset="/ipe/img/a.png 1x, {{ site.baseurl }}/img/b.png 2x, img/b.png 3x">',
    '<img src="img/a.png">',
    '<img src="../../../img/a.png">',
    '<img src="{{ \'/img/a.png\' | relative_url }}">',
    '<img src="{{ \'/img/b.png\' | absolute_url }}">',
    '<img src="{{ site.baseurl }}/img/with space.png">',
    '<img src="/ipe/img/photo.png">',
    '<img src="/ipe/_private/secret.png">',
    '<img src="/ipe/.hidden/h.png">',
    '<img src="/ipe/excluded/x.png">',
    '<img src="/ipe/img/draft-1.png">',
    '',
    '![spaced](/ipe/img/with space.png "A title")',
    '',
    '![titled](/ipe/img/a.png \'T\')',
    '',
    '![amp](/ipe/img/a&amp;b.png)',
    '',
    '<img src="/ipe/~tmp/t.png">',
    '<img src="/ipe/img/old.png~">',
    '<div style="background-image: url(\'/ipe/img/b.png\')">styled</div>',
    '',
  ].join('\n');
  files['_posts/2022-11-22-2.md'] = [
    '---',
    'layout: post',
    'title: Background without the baseurl, own permalink',
    "background: '/img/posts/posts.jpg'",
    'permalink: /stories/:year/:title/',
    '---',
    '![up](../../img/a.png) ![abs](/ipe/img/b.png) ![rel](img/a.png)',
    '',
  ].join('\n');
  files['news/_posts/2022-05-01-cat.md'] = [
    '---',
    'layout: post',
    'title: A post in a category folder',
    "background: '{{ site.baseurl }}/img/posts/posts.jpg'",
    '---',
    '![deep](../../../../img/a.png) ![deep2](../../../img/a.png) ![root](/ipe/img/Photo.PNG)',
    '',
  ].join('\n');
  files['about.md'] = [
    '---',
    'layout: page',
    'title: About',
    "background: '/img/bg-about.jpg'",
    '---',
    '![rel](img/a.png) ![up](../img/a.png) ![abs](/ipe/img/bg-about.jpg) ![space](img/with%20space.png)',
    '<img src="img/with space.png">',
    '',
  ].join('\n');
  files['docs/guide.md'] = [
    '---',
    'layout: page',
    'title: Guide',
    "background: '/ipe/img/bg-about.jpg'",
    '---',
    '![local](img/local.png) ![up](../img/a.png) ![lib]({{ "img/b.png" | relative_url }})',
    '',
  ].join('\n');
  files['team.html'] = [
    '---',
    'layout: page',
    'title: Team',
    'permalink: /people/team/',
    '---',
    '<img src="../../img/a.png"> <img src="/ipe/img/a.png"> <img src="img/a.png"> <img src="{{ site.baseurl }}/img/Photo.PNG">',
    '<picture><source srcset="{{ site.baseurl }}/img/b.png"><img src="{{ site.baseurl }}/img/b.png"></picture>',
    '',
  ].join('\n');
  return files;
}

const BASE_CONFIG = 'title: Fixture\nurl: "https://example.org"\nexclude:\n  - excluded\n  - img/draft\n';
const VARIANTS: { name: string; config: string }[] = [
  { name: "baseurl '/ipe'", config: `${BASE_CONFIG}baseurl: "/ipe"\n` },
  { name: "baseurl ''", config: `${BASE_CONFIG}baseurl: ""\n` },
  { name: "baseurl '/ipe/'", config: `${BASE_CONFIG}baseurl: "/ipe/"\n` },
  { name: "baseurl 'ipe'", config: `${BASE_CONFIG}baseurl: "ipe"\n` },
  { name: "baseurl '/ipe' with permalink: pretty", config: `${BASE_CONFIG}baseurl: "/ipe"\npermalink: pretty\n` },
];

interface Built {
  readonly name: string;
  readonly dir: string;
  readonly build: JekyllBuild;
  readonly site: Site;
  readonly analyses: DocumentAnalysis[];
}

const built: Built[] = [];
const dirs: string[] = [];

before(async () => {
  if (!jekyllAvailable()) return;
  await Promise.all(
    VARIANTS.map(async (v, i) => {
      const dir = tempDir(`agree${i}`);
      dirs.push(dir);
      writeTree(dir, sources(v.config));
      const build = await buildSite(dir);
      const fs = new NodeFileSystem(dir);
      const site = await loadSite(fs);
      const analyses = checkableDocuments(site).map((f) => analyzeDocument(site, f, readFileSync(join(dir, f), 'utf8')));
      built[i] = { name: v.name, dir, build, site, analyses };
    }),
  );
});

after(() => {
  for (const d of dirs) removeTree(d);
});

interface Row {
  page: string;
  url: string;
  engine: 'ok' | 'broken' | 'remote';
  code?: string;
  raw: string;
}

/** The engine's image verdicts for every page Jekyll wrote, keyed by the output file. */
function engineRows(b: Built): Map<string, Row[]> {
  const byOutput = new Map<string, Row[]>();
  for (const a of b.analyses) {
    const output = destinationOf(a.url.url, outputExtension(a.path)).replace(/^\//, '');
    const rows: Row[] = [];
    for (const { ref, resolution } of a.references) {
      assert.notEqual(resolution.status, 'unknown', `${b.name}: ${a.path}: the engine makes no claim about '${ref.raw}'`);
      if (resolution.status === 'unknown') continue;
      rows.push({ page: a.path, url: resolution.url, engine: resolution.status, code: resolution.problem?.code, raw: ref.raw });
    }
    byOutput.set(output, rows);
  }
  return byOutput;
}

for (const [i, v] of VARIANTS.entries()) {
  test(`agreement with jekyll: ${v.name}`, (t) => {
    if (!jekyllAvailable()) return t.skip(JEKYLL_MISSING);
    const b = built[i];
    assert.ok(b.build.ok, b.build.log);
    const origin = siteOrigin(b.site);
    const base = b.site.config.basePath;
    let compared = 0;
    for (const [output, rows] of engineRows(b)) {
      assert.ok(b.build.files.has(output), `${v.name}: the engine puts ${rows[0]?.page ?? output} at ${output}; Jekyll wrote ${[...b.build.files].filter((f) => f.endsWith('.html')).join(', ')}`);
      const analysis = b.analyses.find((a) => destinationOf(a.url.url, outputExtension(a.path)) === '/' + output) as DocumentAnalysis;
      const pageUrl = pageAbsoluteUrl(b.site, analysis.page);
      const html = readOutput(b.build, output);
      // Jekyll's output: every image URL of the page, as the browser resolves and fetches it.
      const jekyllRows = imageUrlsInHtml(html).map(({ value }) => {
        const abs = new URL(value, pageUrl);
        const url = abs.origin === origin ? abs.pathname + abs.search : abs.href;
        return { value, url, served: servedFile(b.build, abs, origin, base) };
      });
      // One-to-one: the same multiset of URLs on both sides.
      const engineUrls = rows.map((r) => r.url).sort();
      const jekyllUrls = jekyllRows.map((r) => r.url).sort();
      assert.deepEqual(engineUrls, jekyllUrls, `${v.name}: ${analysis.path} (${output}): the engine's image URLs differ from the ones in Jekyll's HTML`);
      const remaining = [...jekyllRows];
      for (const row of rows) {
        const k = remaining.findIndex((r) => r.url === row.url);
        const j = remaining.splice(k, 1)[0];
        if (row.engine === 'remote') {
          assert.notEqual(new URL(j.url, origin).origin, origin, `${v.name}: ${row.page}: '${row.raw}' is on this site`);
          continue;
        }
        const served = j.served !== undefined;
        assert.equal(
          row.engine === 'ok',
          served,
          `${v.name}: ${row.page}: '${row.raw}' → ${row.url}: the engine says ${row.engine}${row.code ? ` (${row.code})` : ''}, Jekyll's _site ${served ? `serves it (${j.served})` : 'has no such file'}`,
        );
        compared++;
      }
    }
    t.diagnostic(`${compared} references compared, ${[...b.build.files].filter((f) => f.endsWith(".html")).join(" ")}`);
    assert.ok(compared >= 30, `${v.name}: only ${compared} references compared`);
  });
}

test('the check reports an error for exactly the references Jekyll does not serve', async (t) => {
  if (!jekyllAvailable()) return t.skip(JEKYLL_MISSING);
  for (const b of built) {
    const result = await checkSite(new NodeFileSystem(b.dir), b.site);
    const errors = result.findings.filter((f) => f.severity === 'error' && f.raw !== undefined && f.target === 'image').map((f) => `${f.file} ${f.resolved}`).sort();
    const broken = b.analyses.flatMap((a) => a.references.filter((r) => r.resolution.status === 'broken').map((r) => `${a.path} ${(r.resolution as { url: string }).url}`)).sort();
    assert.deepEqual(errors, broken, b.name);
    assert.ok(broken.length > 5, `${b.name}: the fixture should have broken references`);
  }
});

test('the fixture exercises each verdict: fine, baseurl doubled, outside the baseurl, relative, case, unpublished', (t) => {
  if (!jekyllAvailable()) return t.skip(JEKYLL_MISSING);
  const codes = new Set(built.flatMap((b) => b.analyses.flatMap((a) => a.references.map((r) => (r.resolution.status === "unknown" ? "unknown" : (r.resolution.problem?.code as string | undefined) ?? r.resolution.status)))));
  for (const c of ['ok', 'baseurl-doubled', 'outside-baseurl', 'relative-path', 'case-mismatch', 'unpublished-file', 'missing-file']) assert.ok(codes.has(c), `no '${c}' verdict in the fixtures: ${[...codes].join(', ')}`);
});
