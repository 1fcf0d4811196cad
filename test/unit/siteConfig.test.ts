import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSiteConfig } from '../../src/core/siteConfig';
import { JekyllPatternList, matchesJekyllPattern, loadSite } from '../../src/core/site';
import { prng } from '../../bench/generateSite';
import { MemoryFileSystem } from '../../src/core/fileSystem';

test('baseurl problems are findings on the config value with a fix', () => {
  const noSlash = 'title: x\nbaseurl: "ipe"\n';
  const c = parseSiteConfig('_config.yml', noSlash);
  assert.deepEqual(c.problems.map((p) => p.code), ['baseurl-no-leading-slash']);
  assert.equal(noSlash.slice(c.problems[0].range.start, c.problems[0].range.end), 'ipe');
  assert.equal(c.problems[0].fix?.newText, '/ipe');
  assert.equal(c.basePath, '/ipe');
  const full = parseSiteConfig('_config.yml', 'baseurl: https://uhcc0002.github.io/ipe\n');
  assert.deepEqual(full.problems.map((p) => [p.code, p.fix?.newText]), [['baseurl-full-url', '/ipe']]);
  assert.equal(parseSiteConfig('_config.yml', 'baseurl: ""\n').basePath, '');
  assert.equal(parseSiteConfig('_config.yml', 'baseurl:\n').basePath, '');
  assert.equal(parseSiteConfig('_config.yml', 'baseurl: /\n').basePath, '');
});

test('a config that does not parse is reported and defaults apply', () => {
  const c = parseSiteConfig('_config.yml', 'baseurl: "/ipe\nurl: [\n');
  assert.equal(c.problems[0].code, 'config-yaml-error');
  assert.equal(c.basePath, '');
});

test("Jekyll's exclude patterns and publication rules", async () => {
  assert.ok(matchesJekyllPattern('vendor/bundle/', 'vendor/bundle/x/y.png'));
  assert.ok(matchesJekyllPattern('*.psd', 'art.psd'));
  // File.fnmatch without flags: '*' crosses folders; and a plain prefix matches too.
  assert.ok(matchesJekyllPattern('*.psd', 'img/art.psd'));
  assert.ok(matchesJekyllPattern('img/draft', 'img/draft-1.png'));
  assert.ok(!matchesJekyllPattern('img/draft', 'img/final.png'));
  assert.ok(matchesJekyllPattern('vendor/bundle/', 'vendor/bundle', true));
  assert.ok(matchesJekyllPattern('img/[ab].png', 'img/a.png'));
  assert.ok(matchesJekyllPattern('drafts/**', 'drafts/a/b.png'));
  const site = await loadSite(new MemoryFileSystem({ '_config.yml': 'exclude: [old]\ninclude: [_pages]\n', 'old/a.png': '', '_pages/b.png': '', '_x/c.png': '', 'img/d.png': '' }));
  assert.deepEqual(site.publication('old/a.png'), { published: false, reason: 'excluded', segment: 'old' });
  assert.deepEqual(site.publication('_pages/b.png'), { published: true });
  assert.deepEqual(site.publication('_x/c.png'), { published: false, reason: 'underscore', segment: '_x' });
  assert.deepEqual(site.publication('img/d.png'), { published: true });
  assert.deepEqual(site.publication('#notes/a.png'), { published: false, reason: 'special', segment: '#notes' });
  assert.deepEqual(site.publication('img/e.png~'), { published: false, reason: 'special', segment: 'e.png~' });
  assert.deepEqual(site.publication('older/f.png'), { published: false, reason: 'excluded', segment: 'old' });
});

test('several config files: the later one wins', async () => {
  const site = await loadSite(new MemoryFileSystem({ '_config.yml': 'baseurl: "/ipe"\n', '_config.dev.yml': 'baseurl: ""\n' }), { configFiles: ['_config.yml', '_config.dev.yml'] });
  assert.equal(site.config.basePath, '');
  assert.equal(site.config.file, '_config.dev.yml');
});

test("baseurl '/' is the root written wrongly: a warning with the fix ''", async () => {
  const text = 'baseurl: "/"\n';
  const c = parseSiteConfig('_config.yml', text);
  assert.deepEqual(c.problems.map((p) => [p.code, p.file, p.fix?.newText]), [['baseurl-root', '_config.yml', '']]);
  assert.equal(c.basePath, '');
  const { analyzeDocument } = await import('../../src/core/analyzeDocument');
  const site = await loadSite(new MemoryFileSystem({ '_config.yml': text, 'img/x.png': '' }));
  const a = analyzeDocument(site, 'about.md', '---\nlayout: page\n---\n<img src="{{ site.baseurl }}/img/x.png">\n<img src="//cdn.example.org/x.png">\n');
  assert.deepEqual(a.references.map((r) => [r.resolution.status, r.resolution.status !== 'unknown' ? r.resolution.problem?.code ?? null : null]), [
    ['broken', 'protocol-relative'],
    ['remote', null],
  ]);
});

test('with several config files each problem is in its own file, baseurl ones only where the baseurl is in force', async () => {
  const { configFindings, configFileFindings } = await import('../../src/core/configFindings');
  const base = 'title: IPE\nbaseurl: ipe\n';
  const dev = 'url: http://localhost\nbaseurl: ""\n';
  const extra = 'broken: [\n';
  const site = await loadSite(new MemoryFileSystem({ '_config.yml': base, '_config.dev.yml': dev, '_config.extra.yml': extra }), {
    configFiles: ['_config.yml', '_config.dev.yml', '_config.extra.yml'],
  });
  // The dev file sets the baseurl last, so _config.yml's 'ipe' is not in force: no baseurl problem for it;
  // the third file's YAML error is reported in that file.
  assert.deepEqual(configFindings(site).map((f) => [f.file, f.code]), [['_config.extra.yml', 'config-yaml-error']]);
  assert.equal(site.config.basePath, '');
  // Unsaved text in an editor: ranges are computed on that text.
  const edited = '# a comment added above\n' + extra;
  const findings = configFileFindings(site, '_config.extra.yml', edited);
  assert.equal(findings[0].code, 'config-yaml-error');
  assert.ok(findings[0].range.start >= '# a comment added above\n'.length);
  const single = await loadSite(new MemoryFileSystem({ '_config.yml': base }));
  const unsaved = '# new first line\n' + base;
  const [f] = configFileFindings(single, '_config.yml', unsaved);
  assert.equal(f.code, 'baseurl-no-leading-slash');
  assert.equal(unsaved.slice(f.range.start, f.range.end), 'ipe');
});

test('several config files merge deeply, keeping YAML 1.1 values as each file wrote them', async () => {
  const site = await loadSite(
    new MemoryFileSystem({
      '_config.yml': 'baseurl: "/ipe"\nfeed:\n  path: feed.xml\n  excerpt_only: true\nflag: "on"\n',
      '_config.dev.yml': 'feed:\n  path: dev.xml\nexclude: [drafts]\n',
    }),
    { configFiles: ['_config.yml', '_config.dev.yml'] },
  );
  assert.deepEqual(site.config.data.feed, { path: 'dev.xml', excerpt_only: true });
  assert.equal(site.config.data.flag, 'on');
  assert.equal(site.config.basePath, '/ipe');
  assert.equal(site.config.file, '_config.yml');
  assert.ok(site.config.exclude.includes('drafts'));
});

test('flat configs (read without the yaml library) give the data and baseurl range yaml gives', () => {
  const { parseDocument, isMap, isScalar } = require('yaml') as typeof import('yaml');
  const configs = [
    'title:              IPv6 Enhanced Council\nbaseurl:            "/ipe"\nurl:                "https://ipe.example.org"\n\nmarkdown:           kramdown\n',
    "baseurl: '/ipe' # the project site\nurl: https://uhcc0002.github.io\n",
    'baseurl: /ipe/\ntimezone: Europe/Paris\npermalink: pretty\n',
    'baseurl:\ntitle: x\n',
    'baseurl: ""\n',
    'title: x\r\nbaseurl: "/a b"\r\nfuture: true\r\n',
    'baseurl: ipe\nunpublished: yes\n',
    'baseurl: "/ipe"\nplugins:\n  - jekyll-feed\n  - jekyll-sitemap ## a comment\nexclude:\n  - Gemfile\n  - vendor/\n',
  ];
  for (const text of configs) {
    const config = parseSiteConfig('_config.yml', text);
    const doc = parseDocument(text, { version: '1.1', uniqueKeys: false });
    assert.deepEqual(config.data, doc.toJS(), text);
    let expected: { start: number; end: number } | undefined;
    if (isMap(doc.contents)) {
      for (const pair of doc.contents.items) {
        if (isScalar(pair.key) && pair.key.value === 'baseurl' && isScalar(pair.value) && pair.value.range) {
          const [s, e] = pair.value.range;
          const quoted = pair.value.type === 'QUOTE_SINGLE' || pair.value.type === 'QUOTE_DOUBLE';
          expected = quoted ? { start: s + 1, end: e - 1 } : { start: s, end: e };
        }
      }
    }
    assert.deepEqual(config.baseurlRange, expected, text);
  }
});

/** Ruby's File.fnmatch without flags, by its definition: '*' any run (slashes too), '?' one character, '[…]' a class ('!' negates, ranges), '\\' escapes. */
function fnmatch(pattern: string, path: string): boolean {
  const at = (p: number, s: number): boolean => {
    if (p === pattern.length) return s === path.length;
    const c = pattern[p];
    if (c === '*') {
      for (let k = s; k <= path.length; k++) if (at(p + 1, k)) return true;
      return false;
    }
    if (s === path.length) return false;
    if (c === '?') return at(p + 1, s + 1);
    if (c === '[') {
      const end = pattern.indexOf(']', p + 2);
      if (end >= 0) {
        let body = pattern.slice(p + 1, end);
        const negated = body.startsWith('!');
        if (negated) body = body.slice(1);
        let hit = false;
        for (let i = 0; i < body.length; i++) {
          if (body[i + 1] === '-' && i + 2 < body.length) {
            if (path[s] >= body[i] && path[s] <= body[i + 2]) hit = true;
            i += 2;
          } else if (body[i] === path[s]) hit = true;
        }
        return hit !== negated && at(end + 1, s + 1);
      }
    }
    if (c === '\\' && p + 1 < pattern.length) return pattern[p + 1] === path[s] && at(p + 2, s + 1);
    return c === path[s] && at(p + 1, s + 1);
  };
  return at(0, 0);
}

test("Jekyll's pattern test is the prefix test, the folder test or fnmatch, by their definitions", () => {
  const random = prng(22);
  const parts = ['img', 'img/', '/img', 'old', 'vendor/bundle/', '*.psd', '*', '?', '[ab]', '[!a]', '[a-c]', 'a', 'b', '/', '.', '_', 'x\\*', 'draft', '-', 'é'];
  const pathParts = ['img', '/', 'a', 'b', 'c', '.psd', 'old', 'older', 'vendor', 'bundle', 'draft', '-1.png', '_x', 'é', '*', 'x*'];
  const pick = (list: string[], max: number) => Array.from({ length: Math.floor(random() * (max + 1)) }, () => list[Math.floor(random() * list.length)]).join('');
  for (let n = 0; n < 20000; n++) {
    const pattern = pick(parts, 3);
    const path = pick(pathParts, 4);
    const isDirectory = random() < 0.3;
    const p = pattern.replace(/^\/+/, '');
    const expected = p !== '' && (path.startsWith(p) || (isDirectory && p === path + '/') || fnmatch(p, path));
    assert.equal(matchesJekyllPattern(pattern, path, isDirectory), expected, JSON.stringify({ pattern, path, isDirectory }));
  }
});

test('a prepared pattern list finds the first pattern that matchesJekyllPattern accepts', () => {
  const random = prng(21);
  const parts = ['img', 'img/', '/img', '//img', 'old', 'vendor/bundle/', '*.psd', '*', '?', '[ab]', '[!a]', 'a', 'b', '/', '.', '_', 'x\\*', 'draft', '-', '**', 'é'];
  const pathParts = ['img', '/', 'a', 'b', '.psd', 'old', 'older', 'vendor', 'bundle', 'draft', '-1.png', '_x', '.git', 'é', '*'];
  const pick = (list: string[], max: number) => {
    let out = '';
    const n = Math.floor(random() * (max + 1));
    for (let i = 0; i < n; i++) out += list[Math.floor(random() * list.length)];
    return out;
  };
  for (let n = 0; n < 20000; n++) {
    const patterns = Array.from({ length: Math.floor(random() * 5) }, () => pick(parts, 3));
    const path = pick(pathParts, 5);
    const isDirectory = random() < 0.3;
    const list = new JekyllPatternList(patterns);
    assert.equal(list.find(path, isDirectory), patterns.find((p) => matchesJekyllPattern(p, path, isDirectory)), JSON.stringify({ patterns, path, isDirectory }));
  }
});

for (const [size, others] of [['small site', 40], ['large site (the index at once)', 600]] as const) test(`letter-case variants, ${size}: the first answers, found by going through the files, are the index’s answers`, async () => {
  // Paths that differ only in case, among them 'İ' (U+0130), which lowercases to two code units.
  const names = ['img/Photo.PNG', 'img/photo.png', 'img/PHOTO.png', 'img/İcon.png', 'img/i̇con.png', 'img/icon.png', 'IMG/photo.png', 'img/other.png', 'a/b.JPG'];
  const random = prng(7);
  const files: Record<string, string> = { '_config.yml': '' };
  for (let i = 0; i < others; i++) files[`img/n${i}-${Math.floor(random() * 1000)}.png`] = '';
  for (const n of names) files[n] = '';
  const questions = [...names, 'img/PHOTO.PNG', 'img/İCON.png', 'img/ICON.PNG', 'nothing/here.png', 'A/B.jpg', ''];
  const byDefinition = (all: string[], q: string) => all.filter((f) => f !== q && f.toLowerCase() === q.toLowerCase());
  const scanned = await loadSite(new MemoryFileSystem(files));
  const all = [...scanned.allFiles()];
  // Enough questions to go past the scans to the index, each asked against the definition.
  for (let round = 0; round < 8; round++) {
    for (const q of questions) assert.deepEqual(scanned.caseVariants(q), byDefinition(all, q), `round ${round}: ${q}`);
  }
  // Files that come and go are seen by both ways of answering.
  for (const site of [await loadSite(new MemoryFileSystem(files)), scanned]) {
    site.addFile('img/PhOtO.png');
    site.removeFile('img/photo.png');
    const now = [...site.allFiles()];
    for (const q of questions) assert.deepEqual(site.caseVariants(q), byDefinition(now, q), q);
  }
  assert.ok(byDefinition(all, 'img/İCON.png').length >= 2, 'the dotted capital I is among the variants');

  // A site without 'İ' compares lengths first; a file with one that comes later is still found.
  const plain = await loadSite(new MemoryFileSystem({ '_config.yml': '', 'img/icon.png': '', 'img/Icon.png': '' }));
  assert.deepEqual(plain.caseVariants('img/ICON.png'), ['img/icon.png', 'img/Icon.png']);
  plain.addFile('img/İcon.png');
  assert.deepEqual(plain.caseVariants('img/i̇con.png'), ['img/İcon.png']);
});
