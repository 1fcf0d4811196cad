/**
 * The two real snapshots of the IPE site: the image check on their sources, and the same snapshots
 * built with the real Jekyll (with Clean Blog-like layouts added, as the snapshots keep none).
 * Only the reference checks' findings are compared here (`images()`); the publish checks are tested elsewhere.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';
import { loadSite, Site } from '../../src/core/site';
import { checkSite } from '../../src/core/checkSite';
import { analyzeDocument } from '../../src/core/analyzeDocument';
import { siteOrigin } from '../../src/core/resolve';
import { REFERENCE_CHECKS } from '../../src/core/checks/index';
import type { Finding } from '../../src/core/findings';
import { jekyllAvailable, JEKYLL_MISSING, copyWithLayouts, buildSite, JekyllBuild, imageUrlsInHtml, servedFile, readOutput, pageUrlOf, removeTree } from '../support/jekyll';

const root = join(__dirname, '../../..');
const OLD = join(root, 'test/fixtures/corpus/ipe-2023-02-10-baseurl-ipe');
const NEW = join(root, 'test/fixtures/corpus/ipe-2023-05-29-baseurl-empty');
const SEED = '_posts/2022-11-21-1.md';

/** The findings of the reference checks (the images). */
const images = (findings: readonly Finding[]): Finding[] => findings.filter((f) => REFERENCE_CHECKS.some((c) => f.code in c.codes));

test('2023-02-10 (baseurl /ipe): exactly 11 findings, the doubled baseurl in every post background', async () => {
  const fs = new NodeFileSystem(OLD);
  const site = await loadSite(fs);
  const result = await checkSite(fs, site);
  assert.equal(images(result.findings).length, 11, images(result.findings).map((f) => `${f.file} ${f.code}`).join('\n'));
  const posts = site.allFiles();
  const postFiles = [...posts].filter((f) => f.startsWith('_posts/')).sort();
  assert.equal(postFiles.length, 11);
  assert.deepEqual(images(result.findings).map((f) => f.file).sort(), postFiles);
  for (const f of images(result.findings)) {
    assert.equal(f.code, 'baseurl-doubled');
    assert.equal(f.severity, 'error');
    assert.equal(f.raw, '/ipe/img/posts/posts.jpg');
    assert.equal(f.resolved, '/ipe/ipe/img/posts/posts.jpg');
    const text = result.texts.get(f.file) as string;
    // The range is the background's value on its front matter line.
    const line = text.slice(text.lastIndexOf('\n', f.range.start) + 1, text.indexOf('\n', f.range.end));
    assert.match(line, /^background: /);
    assert.equal(text.slice(f.range.start, f.range.end), '/ipe/img/posts/posts.jpg');
  }
});

test("applying the seed post's preferred fix leaves no finding", async () => {
  const site = await loadSite(new NodeFileSystem(OLD));
  const text = readFileSync(join(OLD, SEED), 'utf8');
  const [finding] = images(analyzeDocument(site, SEED, text).findings);
  assert.equal(finding.code, 'baseurl-doubled');
  const fix = finding.fixes.find((f) => f.preferred);
  assert.ok(fix?.edits?.length, 'a preferred fix with edits');
  let fixed = text;
  for (const e of [...(fix.edits ?? [])].sort((a, b) => b.range.start - a.range.start)) fixed = fixed.slice(0, e.range.start) + e.newText + fixed.slice(e.range.end);
  assert.match(fixed, /^background: '\/img\/posts\/posts\.jpg'$/m);
  assert.deepEqual(images(analyzeDocument(site, SEED, fixed).findings), []);
});

test('2023-05-29 (baseurl empty): no findings', async () => {
  const fs = new NodeFileSystem(NEW);
  const result = await checkSite(fs, await loadSite(fs));
  assert.deepEqual(images(result.findings).map((f) => `${f.file} ${f.code}`), []);
  assert.ok(result.documents >= 20);
});

// The same snapshots built by Jekyll.

const builds: { old?: JekyllBuild; new?: JekyllBuild } = {};
const dirs: string[] = [];
before(async () => {
  if (!jekyllAvailable()) return;
  const [o, n] = [copyWithLayouts(OLD, 'corpus-old'), copyWithLayouts(NEW, 'corpus-new')];
  dirs.push(o, n);
  [builds.old, builds.new] = await Promise.all([buildSite(o), buildSite(n)]);
});
after(() => dirs.forEach(removeTree));

/** Every image URL of every page Jekyll wrote that `_site/` does not serve: "page → URL". */
function brokenInBuild(build: JekyllBuild, site: Site): string[] {
  const origin = siteOrigin(site);
  const base = site.config.basePath;
  const out: string[] = [];
  for (const file of [...build.files].filter((f) => f.endsWith('.html')).sort()) {
    const page = origin + base + pageUrlOf(file);
    for (const { value } of imageUrlsInHtml(readOutput(build, file))) {
      const url = new URL(value, page);
      if (url.origin !== origin) continue;
      if (!servedFile(build, url, origin, base)) out.push(`${file} → ${url.pathname}`);
    }
  }
  return out;
}

test('built with jekyll, 2023-02-10 has exactly the 11 broken post backgrounds the check reports', async (t) => {
  if (!jekyllAvailable()) return t.skip(JEKYLL_MISSING);
  const build = builds.old as JekyllBuild;
  assert.ok(build.ok, build.log);
  const site = await loadSite(new NodeFileSystem(OLD));
  const broken = brokenInBuild(build, site);
  assert.equal(broken.length, 11, broken.join('\n'));
  for (const b of broken) assert.match(b, /^\d{4}\/\d{2}\/\d{2}\/1\.html → \/ipe\/ipe\/img\/posts\/posts\.jpg$/);
  // The masthead is where they are.
  const seedPage = readOutput(build, '2022/11/22/1.html');
  assert.match(seedPage, /<header class="masthead" style="background-image: url\('\/ipe\/ipe\/img\/posts\/posts\.jpg'\)">/);
  // And the engine's verdicts name the same pages: each post's URL is where Jekyll wrote it.
  const result = await checkSite(new NodeFileSystem(OLD), site);
  const enginePages = images(result.findings).map((f) => analyzeDocument(site, f.file, readFileSync(join(OLD, f.file), 'utf8')).url.url.slice(1) + ` → ${f.resolved}`).sort();
  assert.deepEqual(enginePages, broken.sort());
});

test('built with jekyll, 2023-05-29 has no broken image', async (t) => {
  if (!jekyllAvailable()) return t.skip(JEKYLL_MISSING);
  const build = builds.new as JekyllBuild;
  assert.ok(build.ok, build.log);
  const site = await loadSite(new NodeFileSystem(NEW));
  assert.deepEqual(brokenInBuild(build, site), []);
  assert.ok([...build.files].filter((f) => /^\d{4}\//.test(f)).length >= 12, 'the posts are built');
});
