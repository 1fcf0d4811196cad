/**
 * The links check against the real Jekyll: every `<a href>`, `<area href>` and `<link href>` of every
 * built page, resolved as GitHub Pages serves the built `_site` (a file, `PATH.html`, `PATH/index.html`;
 * a fragment must name an id of the page it lands on), gives the same broken set, page by page, as the
 * engine's findings (those in layouts and includes counted on each page they fail on).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';
import { loadSite } from '../../src/core/site';
import { checkSite } from '../../src/core/checkSite';
import { hrefsInHtml, jekyllAvailable, JEKYLL_MISSING, listTree, readOutputIds, removeTree } from '../support/jekyll';
import { assembleCorpusSite } from '../support/corpusSite';

const fixtures = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const LINK_CODES = /^(link-|anchor-missing)/;

/** Broken links of a built site, as `SOURCE URL` for a missing target and `SOURCE URL#fragment` for a missing id. */
function brokenInBuild(dest: string, pages: { path: string; destination: string; url: string }[], origin: string, base: string): Set<string> {
  const files = new Set(listTree(dest));
  const idsOf = new Map<string, Set<string>>();
  const ids = (file: string) => {
    let s = idsOf.get(file);
    if (!s) idsOf.set(file, (s = new Set(readOutputIds(readFileSync(join(dest, file), 'utf8')))));
    return s;
  };
  const served = (pathname: string): string | undefined => {
    let path: string;
    try {
      path = decodeURIComponent(pathname.replace(/\/{2,}/g, '/'));
    } catch {
      return undefined;
    }
    if (base !== '' && path !== base && !path.startsWith(base + '/')) return undefined;
    let rel = path.slice(base.length).replace(/^\/+/, '');
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    for (const f of [rel, rel + '.html', rel + '/index.html']) if (files.has(f)) return f;
    return undefined;
  };
  const out = new Set<string>();
  for (const page of pages) {
    const file = page.destination.slice(1);
    if (!files.has(file) || !file.endsWith('.html')) continue;
    for (const href of hrefsInHtml(readFileSync(join(dest, file), 'utf8'))) {
      if (/^(mailto|tel|javascript|data):/i.test(href)) continue;
      let url: URL;
      try {
        url = new URL(href, origin + base + page.url);
      } catch {
        continue;
      }
      if (url.origin !== origin) continue;
      const target = served(url.pathname);
      if (!target) out.add(`${page.path} ${url.pathname}`);
      else if (url.hash.length > 1 && target.endsWith('.html') && !ids(target).has(decodeURIComponent(url.hash.slice(1))) && url.hash !== '#top') out.add(`${page.path} ${url.pathname}#${url.hash.slice(1)}`);
    }
  }
  return out;
}

async function compare(src: string, whitelist: string) {
  const dest = mkdtempSync(join(tmpdir(), 'ipe-links-site-'));
  const extra = dest + '-config.yml';
  writeFileSync(extra, `whitelist: [${whitelist}]\n`);
  try {
    const r = spawnSync('jekyll', ['build', '--safe', '--disable-disk-cache', '-s', src, '-d', dest, '--config', `${join(src, '_config.yml')},${extra}`], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC', JEKYLL_ENV: 'production' } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const fs = new NodeFileSystem(src);
    const site = await loadSite(fs);
    const result = await checkSite(fs, site);
    const pages = site.documents().filter((d) => d.destination !== undefined && d.url !== undefined) as { path: string; destination: string; url: string }[];
    const origin = new URL(String(site.config.data.url ?? 'http://localhost:4000')).origin;
    const built = brokenInBuild(dest, pages, origin, site.config.basePath);
    const engine = new Set<string>();
    for (const f of result.findings) {
      if (!LINK_CODES.test(f.code)) continue;
      if (f.pages) for (const p of f.pages) engine.add(`${p.file} ${p.resolved}`);
      else engine.add(`${f.file} ${f.resolved}`);
    }
    assert.deepEqual([...engine].sort(), [...built].sort());
    return { built, pages: pages.length };
  } finally {
    removeTree(dest);
    removeTree(extra);
  }
}

const skip = jekyllAvailable() ? false : JEKYLL_MISSING;

test('the IPE site of 2022-12-15 (its own layouts and includes): the navbar /members and the canonical link broken on every page, as built', { skip }, async () => {
  const src = mkdtempSync(join(tmpdir(), 'ipe-links-src-'));
  cpSync(join(fixtures, 'ipe-2022-12-15-members'), src, { recursive: true });
  // The vendored Clean Blog Sass its styles import (left out of the fixture; the same files as the corpus theme's).
  cpSync(join(fixtures, 'corpus-theme', 'theme-510148c', 'assets', 'vendor'), join(src, 'assets', 'vendor'), { recursive: true });
  try {
    const { built, pages } = await compare(src, 'jekyll-feed, jekyll-paginate, jekyll-sitemap');
    assert.ok(pages >= 14);
    assert.ok([...built].some((b) => b.endsWith(' /ipe/members')), 'the real build has the /members 404');
  } finally {
    removeTree(src);
  }
});

for (const snapshot of ['ipe-2023-02-10-baseurl-ipe', 'ipe-2023-05-29-baseurl-empty'] as const) {
  test(`the corpus ${snapshot} with its theme: every link verdict as built`, { skip }, async () => {
    const src = assembleCorpusSite(snapshot);
    try {
      const { built } = await compare(src, 'jekyll-feed, jekyll-paginate, jekyll-sitemap');
      assert.ok([...built].some((b) => b.startsWith('_posts/2021-11-03-1.md ') && b.endsWith('/2021/12/01/Neuland@Homeland')), 'Neuland@Homeland is a 404 in the build');
    } finally {
      removeTree(join(src, '..'));
    }
  });
}

test('a fixture of every case: relative, baseurl, case, source files, fragments, pagination and feed', { skip }, async () => {
  const src = mkdtempSync(join(tmpdir(), 'ipe-links-cases-'));
  const files: Record<string, string> = {
    '_config.yml': 'baseurl: /ipe\nurl: https://example.org\npaginate: 1\npaginate_path: "/posts/page:num/"\nplugins: [jekyll-feed, jekyll-paginate]\n',
    '_layouts/default.html': '<html><body><nav id="mainNav"><a href="{{ "/about" | relative_url }}">About</a> <a href="{{ site.baseurl }}/posts/page2/">Older</a> <a href="about.html">rel</a></nav>{{ content }}</body></html>',
    '_layouts/post.html': '---\nlayout: default\n---\n{% include toc.html %}{{ content }}',
    '_layouts/wide.html': '<html><body><aside id="sidebar"></aside>{{ content }}</body></html>',
    '_includes/toc.html': '<div id="toc"></div>',
    'wide.md': '---\nlayout: wide\n---\n[side](#sidebar) [post toc]({{ site.baseurl }}{% post_url 2022-01-03-b %}#toc) [no toc here]({{ site.baseurl }}/about.html#toc)\n',
    'about.md': '---\nlayout: default\ntitle: About\n---\n# About us\n\n## Charter {#the-charter}\n\n[home]({{ site.baseurl }}/) [bad case]({{ site.baseurl }}/About) [source](about.md) [twice](/ipe/ipe/about) [root](/about) [frag](#charter) [ok frag](#the-charter) [nav](#mainNav) [not this layout](#sidebar)\n',
    'posts/index.html': '---\nlayout: default\n---\n{% for post in paginator.posts %}<a href="{{ post.url | relative_url }}">{{ post.title }}</a>{% endfor %}',
    'docs/guide.md': '---\nlayout: default\n---\n[sib](other.html) [up](../about.html#about-us) [bad up](../aboutt.html) [feed]({{ "/feed.xml" | relative_url }})\n',
    'docs/other.md': '---\nlayout: default\n---\nO\n',
    '_posts/2022-01-02-a.md': '---\nlayout: post\ntitle: A\n---\n[b]({{ site.baseurl }}{% post_url 2022-01-03-b %}) [rel](b.html) [srcdir](2022-01-03-b.md)\n',
    '_posts/2022-01-03-b.md': '---\nlayout: post\ntitle: B\n---\n[a]({% post_url 2022-01-02-a %})\n',
    'style.css': 'a{}',
    'page.html': '---\nlayout: default\n---\n<link rel="stylesheet" href="{{ "/style.css" | relative_url }}"><link rel="stylesheet" href="/ipe/styles.css"><a href="{{ \'/page\' | relative_url }}#nowhere">self</a>',
  };
  for (const [p, t] of Object.entries(files)) {
    const full = join(src, p);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, t);
  }
  try {
    const { built } = await compare(src, 'jekyll-feed, jekyll-paginate');
    // The build's own verdicts, which the engine's equalled above: one of each case.
    for (const expected of ['about.md /ipe/About', 'about.md /ipe/about.md', 'about.md /ipe/ipe/about', 'about.md /about', 'about.md /ipe/about.html#charter', 'docs/guide.md /ipe/aboutt.html', 'docs/guide.md /ipe/docs/about.html', '_posts/2022-01-02-a.md /ipe/2022/01/02/b.html', '_posts/2022-01-02-a.md /ipe/ipe/2022/01/03/b.html', 'page.html /ipe/styles.css', 'page.html /ipe/page#nowhere', 'about.md /ipe/about.html#sidebar', 'wide.md /ipe/about.html#toc']) {
      assert.ok(built.has(expected), expected);
    }
    // Ids come from the target's own layout chain and the includes it pulls in, not from every layout.
    assert.ok(!built.has('wide.md /ipe/wide.html#sidebar') && !built.has('wide.md /ipe/2022/01/03/b.html#toc'), 'ids of the layout and of its include');
    assert.ok(!built.has('docs/guide.md /ipe/feed.xml') && !built.has('posts/index.html /ipe/posts/page2/'), 'the feed and the second page of posts are served');
    assert.ok(existsSync(src));
  } finally {
    removeTree(src);
  }
});

/** Whether Jekyll can load a plugin gem here (Debian packages them as ruby-jekyll-*). */
function gemAvailable(name: string): boolean {
  return spawnSync('ruby', ['-e', `require "${name}"`], { encoding: 'utf8' }).status === 0;
}

test('jekyll-redirect-from: a link to a redirect_from path works, with every form of path, as built', { skip: skip || (gemAvailable('jekyll-redirect-from') ? false : 'jekyll-redirect-from not installed: apt-get install ruby-jekyll-redirect-from') }, async () => {
  const src = mkdtempSync(join(tmpdir(), 'ipe-links-redirects-'));
  const files: Record<string, string> = {
    '_config.yml': 'baseurl: /ipe\nurl: https://example.org\nplugins: [jekyll-redirect-from]\n',
    '_layouts/default.html': '<html><body>{{ content }}</body></html>',
    'about.md': '---\nlayout: default\ntitle: About\nredirect_from:\n  - /mission\n  - /old/about/\n  - legacy.htm\n---\nAbout\n',
    'team.md': '---\nlayout: default\nredirect_from: /people\n---\nTeam\n',
    'index.md': '---\nlayout: default\n---\n[a]({{ site.baseurl }}/mission) [b]({{ site.baseurl }}/mission.html) [c]({{ site.baseurl }}/old/about/) [d]({{ site.baseurl }}/legacy.htm) [e]({{ site.baseurl }}/legacy.htm.html) [f]({{ site.baseurl }}/people) [g]({{ site.baseurl }}/missing) [h]({{ site.baseurl }}/old/)\n',
  };
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(join(src, p, '..'), { recursive: true });
    writeFileSync(join(src, p), t);
  }
  try {
    const { built } = await compare(src, 'jekyll-redirect-from');
    // The build's verdicts, which the engine's equalled: the redirect pages serve; '/legacy.htm' is written as it is.
    assert.deepEqual([...built].sort(), ['index.md /ipe/legacy.htm.html', 'index.md /ipe/missing', 'index.md /ipe/old/']);
  } finally {
    removeTree(src);
  }
});
