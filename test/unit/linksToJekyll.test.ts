/**
 * "Links to this page" against the real Jekyll: for each target, the pages whose built HTML has a link
 * that lands on the target's output file (and how many such links each has) are those `linksTo` finds in
 * their sources.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';
import { loadSite } from '../../src/core/site';
import { analyzeInSite, checkableDocuments } from '../../src/core/checkSite';
import { linksTo } from '../../src/core/authoring';
import { buildSite, hrefsInHtml, jekyllAvailable, JEKYLL_MISSING, readOutput, removeTree, servedFile, tempDir, writeTree } from '../support/jekyll';

const skip = jekyllAvailable() ? false : JEKYLL_MISSING;

const FILES: Record<string, string> = {
  '_config.yml': 'baseurl: /ipe\nurl: https://example.org\n',
  '_layouts/default.html': '<html><body>{{ content }}</body></html>',
  'about.md': '---\nlayout: default\ntitle: About\npermalink: /about/\n---\n# About\n\n## Team\n\n[self](#team)\n',
  'contact.md': '---\nlayout: default\ntitle: Contact\n---\n[first post]({{ site.baseurl }}{% post_url 2022-01-02-a %}) [about]({% link about.md %})\n',
  'index.md': '---\nlayout: default\n---\n[About]({{ "/about/" | relative_url }}) [About again]({{ site.baseurl }}/about/#team) [root, outside the baseurl](/about/) [Contact](contact.html)\n',
  'docs/guide.md': '---\nlayout: default\n---\n[up](../about/) [wrong case]({{ site.baseurl }}/About/) [contact](../contact.html)\n',
  '_posts/2022-01-02-a.md': '---\nlayout: default\ntitle: A\n---\n<a href="{{ site.baseurl }}/about/">about</a> [b]({{ site.baseurl }}{% post_url 2022-01-03-b %})\n',
  '_posts/2022-01-03-b.md': '---\nlayout: default\ntitle: B\n---\n[relative, against the post URL](about/) [a](2022-01-02-a.html) [a, by its URL](../02/a.html)\n',
  '_posts/2022-01-04-c.md': '---\nlayout: default\ntitle: C\n---\nNo links.\n',
};

test('links to a page, a post: the pages whose built HTML links there, each as many times, as built', { skip }, async () => {
  const src = tempDir('ipe-links-to-');
  writeTree(src, FILES);
  try {
    const build = await buildSite(src);
    assert.ok(build.ok, build.log);
    const fs = new NodeFileSystem(src);
    const site = await loadSite(fs);
    const analyses = checkableDocuments(site).map((p) => analyzeInSite(site, p, FILES[p]));
    site.documentsIndexed = true;
    const origin = 'https://example.org';
    // The built output of each source page (the engine's URLs are checked against Jekyll elsewhere; here only which file is which).
    const outputs = new Map(analyses.map((a) => [a.path, site.documentOf(a.path)?.destination?.slice(1)]));
    for (const target of ['about.md', 'contact.md', '_posts/2022-01-02-a.md', '_posts/2022-01-03-b.md', '_posts/2022-01-04-c.md']) {
      const targetFile = outputs.get(target);
      assert.ok(targetFile && build.files.has(targetFile), `${target} is built`);
      const built = new Map<string, number>();
      for (const [source, file] of outputs) {
        if (!file) continue;
        const pageUrl = new URL('/ipe/' + file.replace(/(^|\/)index\.html$/, '$1'), origin);
        for (const href of hrefsInHtml(readOutput(build, file))) {
          if (servedFile(build, new URL(href, pageUrl), origin, '/ipe', { extensionless: true }) === targetFile) built.set(source, (built.get(source) ?? 0) + 1);
        }
      }
      const found = new Map<string, number>();
      for (const l of linksTo(site, analyses, target)) found.set(l.path, (found.get(l.path) ?? 0) + 1);
      assert.deepEqual([...found].sort(), [...built].sort(), `links to ${target}`);
    }
    // The cases the fixture is made of are all there.
    assert.deepEqual(linksTo(site, analyses, 'about.md').map((l) => `${l.path} ${l.ref.raw}`), [
      '_posts/2022-01-02-a.md {{ site.baseurl }}/about/',
      'about.md #team',
      'contact.md {% link about.md %}',
      'docs/guide.md ../about/',
      'index.md {{ "/about/" | relative_url }}',
      'index.md {{ site.baseurl }}/about/#team',
    ]);
    assert.deepEqual(linksTo(site, analyses, '_posts/2022-01-04-c.md'), []);
  } finally {
    removeTree(src);
  }
});
