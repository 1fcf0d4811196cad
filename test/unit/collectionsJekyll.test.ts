/**
 * Collections (`collections:` and `collections_dir:`) against the real Jekyll: sites with collections
 * written and not written, a collection permalink, a document's own permalink, dated and undated
 * documents, a document without front matter, a collection's image, `defaults:` by type, and links to
 * collection documents from pages and from documents (right ones and wrong ones) are built by Debian's
 * Jekyll 4.3.1. Then, file by file:
 * - every file the site map (`ipe-author pages`) says is written is in `_site`, at the URL it gives,
 *   and every file of `_site` is one of them; no file of `_site` carries the marker of a source the map
 *   calls unwritten;
 * - the layout each built document shows (each layout writes its name) is the engine's;
 * - the links check's broken links are the build's, page by page (a link is broken when GitHub Pages
 *   would answer 404 from the built `_site`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';
import { loadSite } from '../../src/core/site';
import { checkSite } from '../../src/core/checkSite';
import { siteMap } from '../../src/core/siteMap';
import { readStartTag } from '../../src/core/references';
import { jekyllAvailable, JEKYLL_MISSING, listTree, removeTree, tempDir, writeTree } from '../support/jekyll';

const skip = jekyllAvailable() ? false : JEKYLL_MISSING;

function build(src: string): { dest: string; files: Set<string> } {
  const dest = tempDir('collections-site');
  const r = spawnSync('jekyll', ['build', '--safe', '--disable-disk-cache', '-s', src, '-d', dest], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC', JEKYLL_ENV: 'production' } });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return { dest, files: new Set(listTree(dest)) };
}

/** The hrefs of a built page's `<a>` tags. */
function hrefsOf(html: string): string[] {
  const out: string[] = [];
  for (let i = html.indexOf('<'); i >= 0; i = html.indexOf('<', i + 1)) {
    const tag = readStartTag(html, i);
    if (!tag || tag.name !== 'a') continue;
    const href = tag.attributes.find((a) => a.name === 'href');
    if (href && href.value.trim() !== '') out.push(href.value.trim().replace(/&amp;/g, '&'));
    i = tag.range.end - 1;
  }
  return out;
}

/** Builds the site, then compares the site map, the layouts and the link verdicts with `_site`. */
async function compare(files: Record<string, string>) {
  const src = tempDir('collections-src');
  writeTree(src, files);
  const { dest, files: built } = build(src);
  try {
    const fs = new NodeFileSystem(src);
    const site = await loadSite(fs, { build: 'jekyll' });
    const map = await siteMap(fs, site);
    const problems: string[] = [];
    const expected = new Set<string>();
    for (const e of map.entries) {
      if (!e.published) {
        const marker = `M:${e.path}`;
        if (!files[e.path]?.includes(marker)) continue;
        for (const f of built) if (/\.(html|md|txt)$/.test(f) && readFileSync(join(dest, f), 'utf8').includes(marker)) problems.push(`${e.path}: called unwritten (${e.reason}), but _site/${f} carries it`);
        continue;
      }
      if (e.output === null) continue;
      expected.add(e.output);
      if (!built.has(e.output)) problems.push(`${e.path}: ${e.output} is not in _site`);
      else if (e.output.endsWith('.html') && (e.as === 'document' || e.as === 'page')) {
        const html = readFileSync(join(dest, e.output), 'utf8');
        const shown = /<!--layout:([^>]*)-->/.exec(html)?.[1] ?? null;
        if (shown !== e.layout) problems.push(`${e.path}: layout ${e.layout} in the engine, ${shown} in _site`);
        // The source's marker is in the file written for it: the URL is the document's own.
        if (files[e.path]?.includes(`M:${e.path}`) && !html.includes(`M:${e.path}`)) problems.push(`${e.path}: _site/${e.output} is not its output`);
      }
    }
    for (const f of built) if (!expected.has(f)) problems.push(`_site/${f} stands for no source the site map writes`);
    assert.deepEqual(problems, []);

    // Link verdicts, page by page.
    const result = await checkSite(fs, site);
    const engine = new Set<string>();
    for (const f of result.findings) if (f.code.startsWith('link-')) for (const p of f.pages ?? [{ file: f.file, resolved: f.resolved }]) engine.add(`${p.file} ${p.resolved}`);
    const base = site.config.basePath;
    const served = (pathname: string) => {
      const path = decodeURIComponent(pathname);
      if (!path.startsWith(base + '/')) return undefined;
      let rel = path.slice(base.length + 1);
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      return [rel, rel + '.html', rel + '/index.html'].find((c) => built.has(c));
    };
    const broken = new Set<string>();
    for (const d of site.documents()) {
      if (d.destination === undefined || d.url === undefined || !d.destination.endsWith('.html') || !built.has(d.destination.slice(1))) continue;
      for (const href of hrefsOf(readFileSync(join(dest, d.destination.slice(1)), 'utf8'))) {
        const url = new URL(href, 'http://localhost:4000' + base + d.url);
        if (url.origin === 'http://localhost:4000' && !served(url.pathname)) broken.add(`${d.path} ${url.pathname}`);
      }
    }
    assert.deepEqual([...engine].sort(), [...broken].sort());
    return { map, broken, site };
  } finally {
    removeTree(dest);
    removeTree(src);
  }
}

const layouts = {
  '_layouts/default.html': '<html><body><!--layout:default-->{{ content }}</body></html>\n',
  '_layouts/event.html': '<html><body><!--layout:event-->{{ content }}</body></html>\n',
};

test('collections written and not: URLs, a permalink, own permalinks, static files, defaults by type, links', { skip }, async () => {
  const { map, broken } = await compare({
    ...layouts,
    '_config.yml': [
      'title: Col',
      'baseurl: /c',
      'collections:',
      '  events:',
      '    output: true',
      '  talks:',
      '    output: true',
      '    permalink: /t/:year/:title/',
      '  recipes:',
      '    output: true',
      '    permalink: /:collection/:name:output_ext',
      '  notes:',
      '    output: false',
      'defaults:',
      '  - scope: {type: events}',
      '    values: {layout: event}',
      '  - scope: {path: "", type: talks}',
      '    values: {layout: default}',
      '',
    ].join('\n'),
    'index.md': [
      '---',
      'layout: default',
      '---',
      'M:index.md',
      '',
      '[launch]({{ site.baseurl }}/events/launch.html) [launch without .html]({{ site.baseurl }}/events/launch)',
      '[deep]({{ site.baseurl }}/events/sub/deep.html) [dated]({{ site.baseurl }}/events/2022-05-01-dated.html)',
      '[own]({{ site.baseurl }}/own/) [plain]({{ site.baseurl }}/events/plain.md) [flyer]({{ site.baseurl }}/events/flyer.pdf)',
      '[talk]({{ site.baseurl }}/t/2022/talk-one/) [keynote]({{ site.baseurl }}/t/2021/keynote/) [soup]({{ site.baseurl }}/recipes/soup-stock.html)',
      // Wrong: a document at its own permalink is not at the collection's URL; notes are not written; a misspelt one.
      '[wrong own]({{ site.baseurl }}/events/own.html) [note]({{ site.baseurl }}/notes/n1.html) [typo]({{ site.baseurl }}/events/lanch.html)',
      '[hidden]({{ site.baseurl }}/events/_hidden.html) [talk with date in path]({{ site.baseurl }}/talks/2022-03-04-talk-one/)',
      '',
    ].join('\n'),
    '_events/launch.md': '---\ntitle: Launch\n---\nM:_events/launch.md\n\n[home]({{ site.baseurl }}/) [deep](sub/deep.html) [nope]({{ site.baseurl }}/events/nope/)\n',
    '_events/sub/deep.md': '---\n---\nM:_events/sub/deep.md [up](../launch.html) [up wrong](../launch/)\n',
    '_events/2022-05-01-dated.md': '---\n---\nM:_events/2022-05-01-dated.md\n',
    '_events/own.md': '---\npermalink: /own/\nlayout: default\n---\nM:_events/own.md\n',
    '_events/plain.md': 'No front matter M:_events/plain.md\n',
    '_events/flyer.pdf': 'pdf',
    '_events/_hidden.md': '---\n---\nM:_events/_hidden.md\n',
    '_talks/2022-03-04-talk-one.md': '---\ntitle: Talk\n---\nM:_talks/2022-03-04-talk-one.md\n',
    '_talks/keynote.md': '---\ndate: 2021-06-07\n---\nM:_talks/keynote.md\n',
    '_recipes/Soup Stock.md': '---\nlayout: default\n---\nM:_recipes/Soup Stock.md\n',
    '_notes/n1.md': '---\nlayout: default\n---\nM:_notes/n1.md [nowhere]({{ site.baseurl }}/nowhere/)\n',
  });
  const by = new Map(map.entries.map((e) => [e.path, e]));
  // The claims the comparison rests on: the cases are there, and the build has the wrong links.
  assert.equal(by.get('_events/launch.md')?.url, '/events/launch.html');
  assert.equal(by.get('_talks/2022-03-04-talk-one.md')?.url, '/t/2022/talk-one/');
  assert.equal(by.get('_events/flyer.pdf')?.output, 'events/flyer.pdf');
  assert.equal(by.get('_notes/n1.md')?.reason, 'collection-not-output');
  assert.equal(by.get('_events/launch.md')?.layout, 'event');
  for (const wrong of ['/c/events/own.html', '/c/notes/n1.html', '/c/events/lanch.html', '/c/talks/2022-03-04-talk-one/']) assert.ok(broken.has(`index.md ${wrong}`), wrong);
  assert.ok(broken.has('_events/launch.md /c/events/nope/'));
  assert.ok(broken.has('_events/sub/deep.md /c/events/launch/'));
  assert.ok(![...broken].some((b) => b.includes('/events/launch.html') || b.includes('flyer')), 'the right links are not broken');
});

test('collections_dir, a list of names, the pretty style and a collection image', { skip }, async () => {
  const { map, broken } = await compare({
    ...layouts,
    '_config.yml': 'baseurl: /d\npermalink: pretty\ncollections_dir: my\ncollections:\n  guides:\n    output: true\n  team: {}\n',
    'index.md': [
      '---',
      'layout: default',
      '---',
      'M:index.md',
      '',
      '[start]({{ site.baseurl }}/guides/start/) [start.html]({{ site.baseurl }}/guides/start.html) [img]({{ site.baseurl }}/guides/img.png)',
      '[alice]({{ site.baseurl }}/team/alice/) [old place]({{ site.baseurl }}/my/guides/start/)',
      '',
    ].join('\n'),
    'my/_guides/start.md': '---\nlayout: default\n---\nM:my/_guides/start.md ![img]({{ site.baseurl }}/guides/img.png)\n',
    'my/_guides/img.png': 'png',
    'my/_team/alice.md': '---\n---\nM:my/_team/alice.md\n',
  });
  const by = new Map(map.entries.map((e) => [e.path, e]));
  assert.equal(by.get('my/_guides/start.md')?.url, '/guides/start/');
  assert.equal(by.get('my/_guides/img.png')?.output, 'guides/img.png');
  assert.equal(by.get('my/_team/alice.md')?.published, false);
  for (const wrong of ['/d/guides/start.html', '/d/team/alice/', '/d/my/guides/start/']) assert.ok(broken.has(`index.md ${wrong}`), wrong);
});

test("{% link %} to a file of a collection without output stops the build; to a written one it works", { skip }, () => {
  const src = tempDir('collections-link');
  writeTree(src, {
    '_config.yml': 'collections:\n  events:\n    output: true\n  notes: {}\n',
    '_events/a.md': '---\n---\nA\n',
    '_notes/n.md': '---\n---\nN\n',
    'ok.md': '---\n---\n[a]({% link _events/a.md %})\n',
  });
  try {
    const r = spawnSync('jekyll', ['build', '--safe', '--disable-disk-cache', '-s', src, '-d', join(src, '_site')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    writeTree(src, { 'bad.md': '---\n---\n[n]({% link _notes/n.md %})\n' });
    const bad = spawnSync('jekyll', ['build', '--safe', '--disable-disk-cache', '-s', src, '-d', join(src, '_site')], { encoding: 'utf8' });
    assert.notEqual(bad.status, 0);
    assert.match(bad.stdout + bad.stderr, /Could not find document '_notes\/n\.md' in tag 'link'/);
  } finally {
    removeTree(src);
  }
});

test('{% link %} under collections_dir names a post or document without the folder; with it the build stops, and the fix is the name Jekyll knows', { skip }, async () => {
  const src = tempDir('collections-dir-link');
  const jekyll = () => spawnSync('jekyll', ['build', '--safe', '--disable-disk-cache', '-s', src, '-d', join(src, '_site')], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  const engine = async () => {
    const fs = new NodeFileSystem(src);
    return (await checkSite(fs, await loadSite(fs, { build: 'jekyll' }))).findings.filter((f) => f.code === 'link-tag-missing');
  };
  writeTree(src, {
    '_config.yml': 'collections_dir: col\ncollections:\n  events:\n    output: true\n',
    'col/_posts/2022-01-01-a.md': '---\ntitle: A\n---\nA\n',
    'col/_events/meet.md': '---\ntitle: Meet\n---\nM\n',
    'page.md': '---\n---\n[a]({% link _posts/2022-01-01-a.md %}) [m]({% link _events/meet.md %})\n',
  });
  try {
    const good = jekyll();
    assert.equal(good.status, 0, good.stdout + good.stderr);
    assert.match(readFileSync(join(src, '_site', 'page.html'), 'utf8'), /href="\/2022\/01\/01\/a\.html">a<\/a> <a href="\/events\/meet\.html"/);
    assert.deepEqual(await engine(), []);
    // The path with the folder names nothing Jekyll knows.
    const badText = '---\n---\n[a]({% link col/_posts/2022-01-01-a.md %})\n';
    writeTree(src, { 'page.md': badText });
    const bad = jekyll();
    assert.notEqual(bad.status, 0);
    assert.match(bad.stdout + bad.stderr, /Could not find document 'col\/_posts\/2022-01-01-a\.md' in tag 'link'/);
    const [f] = await engine();
    assert.equal(f?.file, 'page.md');
    assert.match(f.message, /without the folder: \{% link _posts\/2022-01-01-a\.md %\}/);
    const fix = f.fixes[0]?.edits?.[0];
    assert.equal(fix?.newText, '_posts/2022-01-01-a.md');
    writeTree(src, { 'page.md': badText.slice(0, fix.range.start) + fix.newText + badText.slice(fix.range.end) });
    const fixed = jekyll();
    assert.equal(fixed.status, 0, fixed.stdout + fixed.stderr);
    assert.deepEqual(await engine(), []);
  } finally {
    removeTree(src);
  }
});

test('a list of collection names writes nothing, and the pages of the site are unchanged', { skip }, async () => {
  const { map } = await compare({
    ...layouts,
    '_config.yml': 'collections: [people]\n',
    'about.md': '---\nlayout: default\n---\nM:about.md [bob](/people/bob.html)\n',
    '_people/bob.md': '---\n---\nM:_people/bob.md\n',
    '_posts/2022-01-02-p.md': '---\nlayout: default\n---\nM:_posts/2022-01-02-p.md [about](/about.html)\n',
  });
  assert.equal(map.entries.find((e) => e.path === '_people/bob.md')?.reason, 'collection-not-output');
  assert.equal(map.entries.find((e) => e.path === '_posts/2022-01-02-p.md')?.url, '/2022/01/02/p.html');
});

