/**
 * Publish checks against the real Jekyll: fixture sites are built with `jekyll build --safe`, and what
 * Jekyll skipped, moved, overwrote or wrote without a layout must be exactly what the checks report,
 * with the URL Jekyll used. Then the same rules as plain unit tests on an in-memory site.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryFileSystem } from '../../src/core/fileSystem';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';
import { loadSite, Site } from '../../src/core/site';
import { analyzeDocument, DocumentAnalysis } from '../../src/core/analyzeDocument';
import { checkSite, checkableDocuments, runSiteChecks } from '../../src/core/checkSite';
import { outputExtension, parsePostDate, documentUrl } from '../../src/core/permalink';
import type { Finding } from '../../src/core/findings';
import { destinationOf, publishFindings, urlConflicts } from '../../src/core/publishChecks';
import { jekyllAvailable, JEKYLL_MISSING, CLEAN_BLOG_LAYOUTS, tempDir, writeTree, buildSite, JekyllBuild, readOutput, removeTree } from '../support/jekyll';

const post = (front: string, body = 'Text.') => `---\nlayout: post\ntitle: T\n${front}---\n${body}\n`;

const MAIN: Record<string, string> = {
  ...CLEAN_BLOG_LAYOUTS,
  '_config.yml': 'baseurl: "/ipe"\nurl: "https://example.org"\n',
  'img/posts/posts.jpg': 'x',
  // Skipped: dated in the future; front matter cannot say future: true.
  '_posts/2099-01-01-future.md': post(''),
  '_posts/2022-01-10-later.md': post('date: 2099-06-01\nfuture: true\n'),
  // Front matter that does not parse: published anyway, dated by the build.
  '_posts/2022-05-01-yaml.md': '---\nlayout: post\ntitle: "a" b\n---\nBroken front matter.\n',
  // Two files, one URL.
  '_posts/2022-03-05-1.md': post(''),
  '_posts/2022-03-05-1.markdown': post(''),
  '_posts/2022-03-07-1.md': post('date: 2022-03-08\n'),
  '_posts/2022-03-08-1.md': post(''),
  // No such layout.
  '_posts/2022-03-10-2.md': '---\nlayout: postt\ntitle: T\n---\nNo layout.\n',
  'contact.md': '---\nlayout: pagee\ntitle: Contact\n---\nNo layout either.\n',
  // Moved by the front matter date, and by a late-evening time with a negative offset.
  '_posts/2021-11-03-1.md': post('date: 2021-11-30\n'),
  '_posts/2022-11-21-1.md': post("date: 2022-11-21 23:45:13 -0400\nbackground: '/img/posts/posts.jpg'\n"),
  // Not built.
  '_posts/2022-04-01-draft.md': post('published: false\n'),
  '_posts/hello.md': post(''),
  // Built as intended: nothing to report.
  '_posts/2022-06-01-ok.md': post(''),
  '_posts/2022-06-02-ok.md': post('date: 2022-06-02 10:00:00 +0200\n'),
  '_posts/2022-06-03-ok.md': post('date: "2022-06-03 23:30:00"\n'),
  '_posts/2022-06-04-ok.md': post('date: 2022-06-04 23:59:59\n'),
  'news/_posts/2022-06-05-ok.md': post(''),
  '_posts/2022-06-06-ok.md': post('permalink: /custom/:title.html\n'),
  'about.md': '---\nlayout: page\ntitle: About\n---\nAbout.\n',
};

const FUTURE_ON: Record<string, string> = {
  ...CLEAN_BLOG_LAYOUTS,
  '_config.yml': 'baseurl: ""\nfuture: true\n',
  '_posts/2099-01-01-future.md': post(''),
};

const TIMEZONE: Record<string, string> = {
  ...CLEAN_BLOG_LAYOUTS,
  '_config.yml': 'timezone: America/New_York\npermalink: pretty\n',
  // A Psych timestamp without offset is UTC: 18:30 in New York, the same day.
  '_posts/2022-01-02-a.md': post('date: 2022-01-02 23:30:00\n'),
  // Quoted: local time in New York.
  '_posts/2022-01-03-b.md': post('date: "2022-01-03 23:30:00"\n'),
  // 02:00 UTC is the evening before in New York.
  '_posts/2022-01-04-c.md': post('date: 2022-01-04 02:00:00\n'),
  // Without seconds it is not a timestamp: local time.
  '_posts/2022-01-05-d.md': post('date: 2022-01-05 02:00\n'),
  '_posts/2022-01-06-e.md': post('date: 2022-01-06 23:30:00 -0400\n'),
  '_posts/2022-01-07-f.md': post('date: 2022-01-07\n'),
  '_posts/2022-01-08-g.md': post(''),
};

interface Fixture {
  readonly dir: string;
  readonly build: JekyllBuild;
  readonly site: Site;
  readonly analyses: DocumentAnalysis[];
  readonly findings: Finding[];
}

const fixtures = new Map<string, Fixture>();
const dirs: string[] = [];

async function prepare(name: string, files: Record<string, string>, tz?: string): Promise<void> {
  const dir = tempDir(`publish-${name}`);
  dirs.push(dir);
  writeTree(dir, files);
  const build = await buildSite(dir, { tz });
  const fs = new NodeFileSystem(dir);
  const site = await loadSite(fs);
  const analyses = checkableDocuments(site).map((f) => analyzeDocument(site, f, readFileSync(join(dir, f), 'utf8')));
  const findings = (await checkSite(fs, site)).findings;
  fixtures.set(name, { dir, build, site, analyses, findings });
}

before(async () => {
  if (!jekyllAvailable()) return;
  // The machine's clock is in Tokyo for the time zone site: the config's timezone: must win.
  await Promise.all([prepare('main', MAIN), prepare('future', FUTURE_ON), prepare('timezone', TIMEZONE, 'Asia/Tokyo')]);
});
after(() => dirs.forEach(removeTree));

const SKIPS = new Set(['post-future-date', 'post-unpublished', 'post-bad-filename']);

/** The pages the engine says Jekyll writes: every post and page, less those a finding says are skipped. */
function predictedOutputs(f: Fixture): string[] {
  const skipped = new Set(f.findings.filter((x) => SKIPS.has(x.code)).map((x) => x.file));
  const out = new Set<string>();
  for (const a of f.analyses) if (!skipped.has(a.path)) out.add(destinationOf(a.url.url, outputExtension(a.path)).slice(1));
  return [...out].sort();
}

const htmlOutputs = (f: Fixture) => [...f.build.files].filter((x) => x.endsWith('.html')).sort();
const codesOf = (f: Fixture, file: string) => f.findings.filter((x) => x.file === file).map((x) => x.code).sort();
const one = (f: Fixture, file: string, code: string) => {
  const found = f.findings.filter((x) => x.file === file && x.code === code);
  assert.equal(found.length, 1, `${file}: ${code} in ${JSON.stringify(f.findings.filter((x) => x.file === file).map((x) => x.code))}`);
  return found[0];
};

describe('against jekyll build', () => {
  test('the pages Jekyll wrote are exactly the ones the engine predicts, at its URLs', (t) => {
    if (!jekyllAvailable()) return t.skip(JEKYLL_MISSING);
    for (const f of fixtures.values()) {
      assert.ok(f.build.ok, f.build.log);
      assert.deepEqual(htmlOutputs(f), predictedOutputs(f), f.build.log);
    }
  });

  test('a future post is skipped, with or without future: true in its front matter; future: true in the config builds it', (t) => {
    if (!jekyllAvailable()) return t.skip(JEKYLL_MISSING);
    const f = fixtures.get('main') as Fixture;
    const logged = [...f.build.log.matchAll(/Skipping: (\S+) has a future date/g)].map((m) => m[1]).sort();
    assert.deepEqual(logged, ['_posts/2022-01-10-later.md', '_posts/2099-01-01-future.md']);
    assert.deepEqual(f.findings.filter((x) => x.code === 'post-future-date').map((x) => x.file).sort(), logged);
    assert.equal(one(f, '_posts/2022-01-10-later.md', 'post-future-date').range.start, readFileSync(join(f.dir, '_posts/2022-01-10-later.md'), 'utf8').indexOf('2099-06-01'));
    const on = fixtures.get('future') as Fixture;
    assert.deepEqual(on.findings, []);
    assert.ok(on.build.files.has('2099/01/01/future.html'));
  });

  test('broken front matter: published without its layout at the build day and the whole file name', (t) => {
    if (!jekyllAvailable()) return t.skip(JEKYLL_MISSING);
    const f = fixtures.get('main') as Fixture;
    assert.match(f.build.log, /YAML Exception reading .*2022-05-01-yaml\.md/);
    const finding = one(f, '_posts/2022-05-01-yaml.md', 'post-dated-by-build');
    assert.deepEqual(codesOf(f, '_posts/2022-05-01-yaml.md'), ['post-dated-by-build', 'yaml-error']);
    const written = (finding.resolved as string).replace(/^\/ipe\//, '');
    assert.match(written, /^\d{4}\/\d{2}\/\d{2}\/2022-05-01-yaml\.html$/);
    assert.ok(f.build.files.has(written), `${written} not in ${htmlOutputs(f).join(' ')}`);
    assert.doesNotMatch(readOutput(f.build, written), /masthead/);
  });

  test('two files on one URL: an error on each, naming the other and the URL Jekyll reported', (t) => {
    if (!jekyllAvailable()) return t.skip(JEKYLL_MISSING);
    const f = fixtures.get('main') as Fixture;
    const blocks = f.build.log
      .split('Conflict:')
      .slice(1)
      .map((block) => ({
        dest: (/_site\/(\S+)/.exec(block) as RegExpExecArray)[1],
        files: [...block.matchAll(/^\s*- \S*?\/?(_posts\/\S+)$/gm)].map((m) => m[1]).sort(),
      }));
    assert.equal(blocks.length, 2, f.build.log);
    const conflicts = f.findings.filter((x) => x.code === 'post-url-conflict');
    assert.equal(conflicts.length, 4);
    for (const b of blocks) {
      for (const file of b.files) {
        const c = one(f, file, 'post-url-conflict');
        assert.equal(c.resolved, '/ipe/' + b.dest);
        assert.ok(c.message.includes(b.files.find((x) => x !== file) as string), c.message);
      }
    }
  });

  test('an unknown layout: Jekyll writes the content bare; the error names the layouts that exist', (t) => {
    if (!jekyllAvailable()) return t.skip(JEKYLL_MISSING);
    const f = fixtures.get('main') as Fixture;
    const warned = [...f.build.log.matchAll(/Layout '(\w+)' requested in (\S+) does not exist/g)].map((m) => m[2]).sort();
    assert.deepEqual(warned, ['_posts/2022-03-10-2.md', 'contact.md']);
    assert.deepEqual(f.findings.filter((x) => x.code === 'unknown-layout').map((x) => x.file).sort(), warned);
    const finding = one(f, '_posts/2022-03-10-2.md', 'unknown-layout');
    assert.equal(finding.fixes[0].edits?.[0].newText, 'post');
    assert.equal(finding.fixes[0].preferred, true);
    assert.equal(readOutput(f.build, '2022/03/10/2.html').trim(), '<p>No layout.</p>');
  });

  test('a moved date: the URL and the shown date Jekyll used', (t) => {
    if (!jekyllAvailable()) return t.skip(JEKYLL_MISSING);
    const f = fixtures.get('main') as Fixture;
    const moved = one(f, '_posts/2021-11-03-1.md', 'post-date-moved');
    assert.equal(moved.resolved, '/ipe/2021/11/30/1.html');
    assert.ok(f.build.files.has('2021/11/30/1.html'));
    const tz = one(f, '_posts/2022-11-21-1.md', 'post-date-moved');
    assert.equal(tz.resolved, '/ipe/2022/11/22/1.html');
    assert.ok(tz.message.includes('"November 22, 2022"'), tz.message);
    assert.match(readOutput(f.build, '2022/11/22/1.html'), /Posted on November 22, 2022/);
    assert.equal(tz.severity, 'information');
  });

  test('nothing is reported for the posts and pages that build as intended', (t) => {
    if (!jekyllAvailable()) return t.skip(JEKYLL_MISSING);
    const f = fixtures.get('main') as Fixture;
    for (const file of ['_posts/2022-06-01-ok.md', '_posts/2022-06-02-ok.md', '_posts/2022-06-03-ok.md', '_posts/2022-06-04-ok.md', 'news/_posts/2022-06-05-ok.md', '_posts/2022-06-06-ok.md', 'about.md']) {
      assert.deepEqual(codesOf(f, file), [], file);
      const a = f.analyses.find((x) => x.path === file) as DocumentAnalysis;
      const out = destinationOf(a.url.url, '.html').slice(1);
      assert.match(readOutput(f.build, out), /masthead/, `${file} at ${out} with its layout`);
    }
    assert.ok(f.build.files.has('news/2022/06/05/ok.html'));
    assert.ok(f.build.files.has('custom/ok.html'));
  });

  test('timezone: in the config decides the day, whatever the machine clock; Psych timestamps are UTC', (t) => {
    if (!jekyllAvailable()) return t.skip(JEKYLL_MISSING);
    const f = fixtures.get('timezone') as Fixture;
    assert.deepEqual(
      f.findings.map((x) => `${x.file} ${x.code} ${x.resolved}`),
      ['_posts/2022-01-04-c.md post-date-moved /2022/01/03/c/'],
    );
    assert.ok(f.build.files.has('2022/01/03/c/index.html'));
    assert.ok(f.build.files.has('2022/01/05/d/index.html'));
  });
});

// Plain unit tests of the rules, on an in-memory site.

async function memorySite(files: Record<string, string>): Promise<{ site: Site; fs: MemoryFileSystem }> {
  const fs = new MemoryFileSystem(files);
  return { site: await loadSite(fs), fs };
}

function findingsOf(site: Site, path: string, text: string, now = Date.UTC(2026, 0, 1)): Finding[] {
  return publishFindings(site, analyzeDocument(site, path, text), now);
}

describe('rules', () => {
  test('future: the config decides; the instant is compared with the build clock', async () => {
    const { site } = await memorySite({ '_config.yml': '' });
    const text = post('date: 2026-01-01 10:00:00 +0000\n');
    assert.deepEqual(findingsOf(site, '_posts/2025-12-31-x.md', text, Date.UTC(2026, 0, 1, 9)).map((f) => f.code), ['post-future-date']);
    assert.deepEqual(findingsOf(site, '_posts/2025-12-31-x.md', text, Date.UTC(2026, 0, 1, 11)).map((f) => f.code), ['post-date-moved']);
    const { site: on } = await memorySite({ '_config.yml': 'future: true\n' });
    assert.deepEqual(findingsOf(on, '_posts/2099-01-01-x.md', post('')).map((f) => f.code), []);
    assert.deepEqual(findingsOf(site, '_posts/2099-01-01-x.md', post('future: true\n')).map((f) => f.code), ['post-future-date']);
  });

  test('a moved date offers a rename (never over an existing file) and the date from the file name', async () => {
    const { site } = await memorySite({ '_config.yml': '', '_posts/2022-11-21-1.md': '' });
    const text = post('date: 2022-11-21 23:45:13 -0400\n');
    const [f] = findingsOf(site, '_posts/2022-11-21-1.md', text);
    assert.equal(f.code, 'post-date-moved');
    assert.equal(f.resolved, '/2022/11/22/1.html');
    assert.equal(text.slice(f.range.start, f.range.end), '2022-11-21 23:45:13 -0400');
    assert.deepEqual(f.fixes.map((x) => x.renameTo ?? x.edits?.[0].newText), ['_posts/2022-11-22-1.md', '2022-11-21 23:45:13 +0000']);
    // The edit puts the post back on its file name's day.
    const fixed = text.slice(0, f.range.start) + (f.fixes[1].edits?.[0].newText ?? '') + text.slice(f.range.end);
    assert.deepEqual(findingsOf(site, '_posts/2022-11-21-1.md', fixed), []);
    const { site: taken } = await memorySite({ '_config.yml': '', '_posts/2022-11-22-1.md': '' });
    assert.deepEqual(findingsOf(taken, '_posts/2022-11-21-1.md', text)[0].fixes.map((x) => x.renameTo ?? 'edit'), ['edit']);
    // A date-only value is replaced by the file name's day.
    const [d] = findingsOf(site, '_posts/2021-11-03-1.md', post("date: '2021-11-30'\n"));
    assert.deepEqual(d.fixes.map((x) => x.renameTo ?? x.edits?.[0].newText), ['_posts/2021-11-30-1.md', '2021-11-03']);
  });

  test('the site time zone keeps a written time and uses its own offset in the fix', async () => {
    const { site } = await memorySite({ '_config.yml': 'timezone: Europe/Paris\n' });
    const [f] = findingsOf(site, '_posts/2022-07-01-x.md', post('date: 2022-07-01 23:30:00 -0400\n'));
    assert.equal(f.resolved, '/2022/07/02/x.html');
    assert.equal(f.fixes[1].edits?.[0].newText, '2022-07-01 23:30:00 +0200');
  });

  test('unknown layouts: closest names first; built-in names without _layouts/; no claim with a theme', async () => {
    const { site } = await memorySite({ '_config.yml': '', '_layouts/post.html': '{{ content }}', '_layouts/page.html': '{{ content }}', '_layouts/default.html': '{{ content }}' });
    const [f] = findingsOf(site, 'a.md', '---\nlayout: "postt"\n---\n');
    assert.equal(f.code, 'unknown-layout');
    assert.deepEqual(f.fixes.map((x) => x.edits?.[0].newText), ['post', 'page', 'default']);
    assert.deepEqual(findingsOf(site, 'a.md', '---\nlayout: none\n---\n'), []);
    assert.deepEqual(findingsOf(site, 'a.md', 'layout: postt\n'), [], 'no front matter: a static file');
    const { site: builtIn } = await memorySite({ '_config.yml': '' });
    assert.deepEqual(findingsOf(builtIn, 'a.md', '---\nlayout: home\n---\n'), []);
    assert.equal(findingsOf(builtIn, 'a.md', '---\nlayout: homepage\n---\n')[0].fixes[0].edits?.[0].newText, 'home');
    const { site: themed } = await memorySite({ '_config.yml': 'theme: minima\n' });
    assert.deepEqual(findingsOf(themed, 'a.md', '---\nlayout: homepage\n---\n').map((f) => [f.code, f.severity]), [['theme-layout', 'information']], 'a theme whose files are not here: said so, not an error');
  });

  test('published: false from front matter or defaults, unless unpublished: true', async () => {
    const { site } = await memorySite({ '_config.yml': 'defaults:\n  - scope: {path: "_posts/old"}\n    values: {published: false}\n' });
    assert.deepEqual(findingsOf(site, '_posts/2022-01-01-a.md', post('published: false\n')).map((f) => f.code), ['post-unpublished']);
    assert.deepEqual(findingsOf(site, '_posts/old/2022-01-01-a.md', post('')).map((f) => f.code), ['post-unpublished']);
    const { site: all } = await memorySite({ '_config.yml': 'unpublished: true\n' });
    assert.deepEqual(findingsOf(all, '_posts/2022-01-01-a.md', post('published: false\n')), []);
  });

  test('an invalid date, a bad post name', async () => {
    const { site } = await memorySite({ '_config.yml': '' });
    for (const d of ['tomorrow', '2022-13-01', '2022-01-05 25:00:00']) assert.deepEqual(findingsOf(site, '_posts/2022-01-05-a.md', post(`date: ${d}\n`)).map((f) => f.code), ['post-invalid-date'], d);
    // Forms Ruby's Time.parse reads are no error.
    for (const d of ['2022-02-30', 'Jan 5 2022', '2022/01/05', '05.01.2022']) assert.ok(!findingsOf(site, '_posts/2022-01-05-a.md', post(`date: ${d}\n`)).some((f) => f.code === 'post-invalid-date'), d);
    assert.deepEqual(findingsOf(site, '_posts/hello.md', post('')).map((f) => f.code), ['post-bad-filename']);
  });

  test('conflicts: posts whose dates meet, a page and a static file, never skipped posts', async () => {
    const files = {
      '_config.yml': '',
      '_posts/2022-03-05-1.md': post('date: 2022-03-06\n'),
      '_posts/2022-03-06-1.md': post(''),
      '_posts/2099-03-06-1.md': post(''),
      'about.md': '---\n---\n',
      'about.html': '<p>static</p>',
      'x.md': '---\npermalink: /y/\n---\n',
      'y/index.md': '---\n---\n',
    };
    const { site } = await memorySite(files);
    const analyses = Object.keys(files).filter((p) => p !== '_config.yml').map((p) => analyzeDocument(site, p, files[p as keyof typeof files]));
    const found = urlConflicts(site, analyses, Date.UTC(2026, 0, 1)).map((f) => `${f.file} ${f.resolved}`).sort();
    assert.deepEqual(found, ['_posts/2022-03-05-1.md /2022/03/06/1.html', '_posts/2022-03-06-1.md /2022/03/06/1.html', 'about.md /about.html', 'x.md /y/', 'y/index.md /y/']);
    assert.equal(runSiteChecks(site, analyses).filter((f) => f.code === 'post-url-conflict').length, 5);
  });

  test('post dates: Psych timestamps are UTC only with seconds; offsets; quoted and date-only are local; days roll over', () => {
    const utc = (s: string, tz: string, plain = true) => new Date((parsePostDate(s, tz, plain) as { instant: number }).instant).toISOString();
    assert.equal(utc('2022-01-02 23:30:00', 'Asia/Tokyo'), '2022-01-02T23:30:00.000Z');
    assert.equal(utc('2022-01-02 23:30:00', 'Asia/Tokyo', false), '2022-01-02T14:30:00.000Z');
    assert.equal(utc('2022-01-02 23:30', 'Asia/Tokyo'), '2022-01-02T14:30:00.000Z');
    assert.equal(utc('2022-11-21 23:45:13 -0400', 'UTC'), '2022-11-22T03:45:13.000Z');
    assert.equal(utc('2022-01-07T20:00:00Z', 'Asia/Tokyo'), '2022-01-07T20:00:00.000Z');
    assert.equal(utc('2022-01-04', 'America/New_York'), '2022-01-04T05:00:00.000Z');
    assert.equal(utc('2022-02-30', 'UTC'), '2022-03-02T00:00:00.000Z');
    assert.equal(utc('Jan 9 2022', 'UTC'), '2022-01-09T00:00:00.000Z');
    assert.equal(parsePostDate('2022-13-01', 'UTC', true), undefined);
  });

  test("a post whose front matter is dropped is dated by the build and titled by its file name, without the folder's categories", async () => {
    const { site } = await memorySite({ '_config.yml': 'baseurl: /ipe\n' });
    const u = documentUrl(site, 'news/_posts/2022-05-01-yaml.md', {}, undefined, { frontMatterDropped: true, now: Date.UTC(2026, 10, 23, 7) });
    assert.equal(u.url, '/2026/11/23/2022-05-01-yaml.html');
  });
});
