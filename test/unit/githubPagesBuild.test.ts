/**
 * GitHub Pages' build against the real one: a fixture site is built by Debian's Jekyll with the GitHub
 * Pages plugins Debian packages enabled (jekyll-default-layout, jekyll-optional-front-matter,
 * jekyll-titles-from-headings, jekyll-readme-index; `--safe` with them in `whitelist:`, as the
 * github-pages gem allows them), and the engine, modelling GitHub Pages, must agree per file: published
 * or not, URL, layout, title, and the verdict on the masthead background.
 *
 * Debian's Jekyll is 4.3.1, GitHub Pages' 3.10: these plugins do the same under both (they are the
 * versions the github-pages gem pins, give or take a patch release); the differences of Jekyll itself
 * are not exercised here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';
import { loadSite } from '../../src/core/site';
import { analyzeDocument } from '../../src/core/analyzeDocument';
import { checkSite } from '../../src/core/checkSite';
import { siteDocumentOf } from '../../src/core/siteDocuments';
import { jekyllAvailable, JEKYLL_MISSING, tempDir, writeTree, buildSite, readOutput, removeTree } from '../support/jekyll';

const PLUGINS = ['jekyll-default-layout', 'jekyll-optional-front-matter', 'jekyll-titles-from-headings', 'jekyll-readme-index'];
const MASTHEAD = "<header class=\"masthead\"{% if page.background %} style=\"background-image: url('{{ page.background | prepend: site.baseurl | replace: '//', '/' }}')\"{% endif %}><h1 class=\"t\">{{ page.title }}</h1></header>";

const FILES: Record<string, string> = {
  '_config.yml': `title: Pages\nbaseurl: /ipe\nplugins: [${PLUGINS.join(', ')}]\nwhitelist: [${PLUGINS.join(', ')}]\n`,
  '_layouts/default.html': '<!DOCTYPE html>\n<html><body>{{ content }}</body></html>\n',
  '_layouts/post.html': `---\nlayout: default\n---\n<!--layout:post-->${MASTHEAD}<article>{{ content }}</article>\n`,
  '_layouts/page.html': `---\nlayout: default\n---\n<!--layout:page-->${MASTHEAD}<main>{{ content }}</main>\n`,
  '_layouts/home.html': `---\nlayout: default\n---\n<!--layout:home-->${MASTHEAD}<main>{{ content }}</main>\n`,
  'img/bg-post.jpg': 'image',
  'img/bg-about.jpg': 'image',
  // A post without layout: (the IPE site's posts): jekyll-default-layout gives it 'post', so its
  // background is in the page, broken here by the doubled baseurl.
  '_posts/2023-01-02-no-layout.md': "---\ntitle: No layout\nbackground: '/ipe/img/bg-post.jpg'\n---\nText.\n",
  '_posts/2023-01-03-no-layout-fine.md': "---\ntitle: Fine\nbackground: '/img/bg-post.jpg'\n---\nText.\n",
  // The public site SuperElephant/blog_jekyll: a double-quoted title whose closing quote is at column 0.
  '_posts/2017-09-28-wsl.md': '---\nlayout: post\ntitle: "Enable Windows Subsystem for Linux on Windows\n10"\nbackground: /img/bg-post.jpg\n---\nBody.\n',
  'index.md': '---\nbackground: /img/bg-post.jpg\n---\nWelcome.\n',
  // No front matter: rendered as a page (jekyll-optional-front-matter), titled by its heading.
  'about.md': '# About *the* group\n\nText.\n',
  'team.md': 'Team\n====\n\nNames.\n',
  // Excepted from jekyll-optional-front-matter: copied as they are.
  'README.md': '# Readme\n',
  'LICENSE.md': 'License text\n',
  // A page with front matter but no title or layout.
  'contact.md': '---\npermalink: /contact/\n---\n## Write to us\n\nMail.\n',
  'raw.html': '---\n---\n<p>HTML pages get no default layout.</p>\n',
};

/** The layout a built page shows (the marker of the first layout of its chain), its title and masthead background. */
function built(html: string) {
  const layout = /<!--layout:(\w+)-->/.exec(html)?.[1];
  const title = /<h1 class="t">([^<]*)<\/h1>/.exec(html)?.[1];
  const background = /background-image: url\('([^']*)'\)/.exec(html)?.[1];
  return { layout, title: title === '' ? undefined : title, background };
}

test('under GitHub Pages the engine builds posts and pages as the Pages plugins do', { skip: jekyllAvailable() ? false : JEKYLL_MISSING }, async () => {
  const dir = tempDir('pages-build');
  try {
    writeTree(dir, FILES);
    const build = await buildSite(dir);
    assert.ok(build.ok, build.log);
    const fs = new NodeFileSystem(dir);
    const site = await loadSite(fs, { build: 'github-pages' });
    assert.equal(site.build.model, 'github-pages');
    const check = await checkSite(fs, site, {});
    const rows: string[] = [];
    const expected: string[] = [];
    for (const path of Object.keys(FILES).filter((p) => /\.(md|html)$/.test(p) && !p.startsWith('_layouts/'))) {
      const a = analyzeDocument(site, path, FILES[path]);
      const doc = siteDocumentOf(site, a);
      const destination = doc.destination?.replace(/^\//, '');
      const findings = check.findings.filter((f) => f.file === path).map((f) => f.code);
      const engine = {
        path,
        destination,
        layout: typeof a.data.layout === 'string' ? a.data.layout : undefined,
        title: typeof a.data.title === 'string' ? a.data.title : undefined,
        yamlError: findings.includes('yaml-error'),
        backgroundBroken: a.references.some((r) => r.ref.kind === 'front-matter' && 'problem' in r.resolution && r.resolution.problem?.severity === 'error'),
      };
      // Jekyll's side: the file it wrote for this source, what that file shows.
      const out = destination && build.files.has(destination) ? readOutput(build, destination) : undefined;
      const b = out ? built(out) : undefined;
      const jekyll = {
        path,
        destination: out ? destination : undefined,
        layout: b?.layout,
        title: b?.title,
        yamlError: false,
        backgroundBroken: b?.background !== undefined && !build.files.has(b.background.replace(/^\/ipe\//, '').replace(/\/{2,}/g, '/')),
      };
      rows.push(JSON.stringify(engine));
      expected.push(JSON.stringify(jekyll));
    }
    assert.deepEqual(rows, expected);
    // What Jekyll did, stated (so that the comparison cannot pass on two empty sides).
    assert.match(readOutput(build, '2023/01/02/no-layout.html'), /<!--layout:post-->.*url\('\/ipe\/ipe\/img\/bg-post.jpg'\)/s);
    assert.match(readOutput(build, 'about.html'), /<h1 class="t">About the group<\/h1>/);
    assert.match(readOutput(build, '2017/09/28/wsl.html'), /<h1 class="t">Enable Windows Subsystem for Linux on Windows 10<\/h1>/);
    assert.ok(build.files.has('README.md') && !build.files.has('README.html'));
    assert.ok(existsSync(join(dir, '_site/raw.html')));
    // The engine's findings: the doubled background of the post without layout, no yaml-error anywhere.
    assert.deepEqual(
      check.findings.filter((f) => f.severity === 'error').map((f) => `${f.file} ${f.code}`),
      ['_posts/2023-01-02-no-layout.md baseurl-doubled'],
    );
  } finally {
    removeTree(dir);
  }
});

test('plain Jekyll gives a post without layout none, and copies a page without front matter', async () => {
  const dir = tempDir('plain-build');
  try {
    writeTree(dir, FILES);
    const fs = new NodeFileSystem(dir);
    const site = await loadSite(fs, { build: 'jekyll' });
    const post = analyzeDocument(site, '_posts/2023-01-02-no-layout.md', FILES['_posts/2023-01-02-no-layout.md']);
    assert.equal(post.data.layout, undefined);
    const about = analyzeDocument(site, 'about.md', FILES['about.md']);
    assert.equal(siteDocumentOf(site, about).destination, '/about.md');
    assert.equal(about.data.title, undefined);
  } finally {
    removeTree(dir);
  }
});

test('a file under _posts/ whose name starts with _ is never built: one warning, nothing inside reported', { skip: jekyllAvailable() ? false : JEKYLL_MISSING }, async () => {
  const dir = tempDir('ignored-post');
  const IGNORED = '_posts/_unpublished_2016-09-28-second-post.markdown';
  try {
    writeTree(dir, {
      '_config.yml': 'title: x\n',
      '_layouts/post.html': '<html>{{ content }}</html>\n',
      [IGNORED]: '---\nlayout: nosuch\ntitle: "broken\nbackground: /img/none.jpg\n---\n![missing](/img/missing.png)\n',
      '_posts/2016-09-28-first-post.markdown': '---\nlayout: post\n---\nHi\n',
    });
    const build = await buildSite(dir);
    assert.ok(build.ok, build.log);
    // Jekyll built the other post and nothing of the ignored one.
    assert.deepEqual([...build.files].filter((f) => f.endsWith('.html')).sort(), ['2016/09/28/first-post.html']);
    const fs = new NodeFileSystem(dir);
    const site = await loadSite(fs);
    const result = await checkSite(fs, site, {});
    assert.deepEqual(result.findings.map((f) => `${f.file} ${f.code}`), [`${IGNORED} post-ignored`]);
    assert.match(result.findings[0].message, /'_unpublished_2016-09-28-second-post\.markdown' starts with '_'/);
  } finally {
    removeTree(dir);
  }
});
