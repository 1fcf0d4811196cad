/**
 * Themes: a site with `theme: minima` that overrides only home.html uses minima's other layouts.
 * Where the theme gem is installed (Debian's minima), the engine reads its layouts and agrees with a
 * real Jekyll build on which layouts exist; where it is not, a layout the site does not have is said to
 * come from the theme (information), never an unknown-layout error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';
import { MemoryFileSystem } from '../../src/core/fileSystem';
import { loadSite } from '../../src/core/site';
import { checkSite } from '../../src/core/checkSite';
import { findInstalledTheme } from '../../src/core/nodeRepository';
import { jekyllAvailable, JEKYLL_MISSING, tempDir, writeTree, buildSite, removeTree } from '../support/jekyll';

const FILES: Record<string, string> = {
  '_config.yml': 'title: Minima site\ntheme: minima\nplugins: [jekyll-feed, jekyll-seo-tag]\nwhitelist: [jekyll-feed, jekyll-seo-tag]\n',
  '_layouts/home.html': '---\nlayout: default\n---\n<div class="home">{{ content }}</div>\n',
  'index.md': '---\nlayout: home\n---\nHello.\n',
  'about.md': '---\nlayout: page\ntitle: About\n---\nAbout.\n',
  '_posts/2016-09-28-first.md': '---\nlayout: post\ntitle: First\n---\nText.\n',
  '_posts/2016-09-29-plain.md': '---\nlayout: default\ntitle: Plain\n---\nText.\n',
  '_posts/2016-09-30-typo.md': '---\nlayout: psot\ntitle: Typo\n---\nText.\n',
};

const codes = (findings: readonly { file: string; code: string }[]) => findings.filter((f) => /layout/.test(f.code)).map((f) => `${f.file} ${f.code}`).sort();

test("theme: minima overriding only home.html: minima's layouts count, as in a real build", { skip: jekyllAvailable() && findInstalledTheme('minima') ? false : JEKYLL_MISSING + ' (and ruby-jekyll-theme-minima / the minima gem)' }, async () => {
  const dir = tempDir('minima');
  try {
    writeTree(dir, FILES);
    const fs = new NodeFileSystem(dir);
    const site = await loadSite(fs, { findTheme: findInstalledTheme });
    assert.ok(site.theme?.root, 'minima found');
    assert.deepEqual([...site.layouts.keys()].sort(), ['default', 'home', 'page', 'post']);
    assert.equal(site.layouts.get('home')?.theme, undefined, "the site's own home.html wins");
    assert.equal(site.layouts.get('post')?.theme, 'minima');
    const result = await checkSite(fs, site, {});
    assert.deepEqual(codes(result.findings), ['_posts/2016-09-30-typo.md unknown-layout']);
    // Jekyll agrees: only the typo is a layout that does not exist.
    const build = await buildSite(dir);
    assert.ok(build.ok, build.log);
    const missing = [...build.log.matchAll(/Layout '([^']+)' requested in (\S+) does not exist/g)].map((m) => `${m[2]} ${m[1]}`);
    assert.deepEqual(missing, ['_posts/2016-09-30-typo.md psot']);
  } finally {
    removeTree(dir);
  }
});

test('a theme whose files are not on this machine: the layout comes from the theme and cannot be checked', async () => {
  for (const config of ['theme: minima\n', 'remote_theme: pages-themes/cayman@v0.2.0\n']) {
    const fs = new MemoryFileSystem({ ...FILES, '_config.yml': config });
    const site = await loadSite(fs, { findTheme: () => undefined });
    const result = await checkSite(fs, site, {});
    assert.deepEqual(codes(result.findings), [
      '_posts/2016-09-28-first.md theme-layout',
      '_posts/2016-09-29-plain.md theme-layout',
      '_posts/2016-09-30-typo.md theme-layout',
      'about.md theme-layout',
    ]);
    const f = result.findings.find((x) => x.code === 'theme-layout');
    assert.equal(f?.severity, 'information');
    assert.match(f?.message ?? '', /comes from the (remote )?theme '(minima|pages-themes\/cayman@v0\.2\.0)'/);
  }
});

test("theme: an include that neither the site nor minima's _includes/ has stops the build; minima's own count, as in a real build", { skip: jekyllAvailable() && findInstalledTheme('minima') ? false : JEKYLL_MISSING + ' (and ruby-jekyll-theme-minima / the minima gem)' }, async () => {
  const cases: Record<string, string> = {
    theirs: '{% include footer.html %}',
    ours: '{% include note.html %}',
    missing: '{% include fotter.html %}',
  };
  const verdicts: Record<string, { engine: string[]; built: boolean }> = {};
  for (const [name, tag] of Object.entries(cases)) {
    const dir = tempDir(`minima-include-${name}`);
    try {
      writeTree(dir, { '_config.yml': 'theme: minima\nplugins: [jekyll-feed, jekyll-seo-tag]\nwhitelist: [jekyll-feed, jekyll-seo-tag]\n', '_includes/note.html': '<p>Note</p>', 'index.md': `---\nlayout: home\n---\n${tag}\n` });
      const fs = new NodeFileSystem(dir);
      const site = await loadSite(fs, { findTheme: findInstalledTheme });
      assert.ok(site.theme?.includes?.includes('footer.html'), "minima's includes are read");
      const result = await checkSite(fs, site, {});
      const build = await buildSite(dir);
      verdicts[name] = { engine: result.findings.filter((f) => f.code.startsWith('include-')).map((f) => `${f.code}: ${f.message}`), built: build.ok };
      if (name === 'missing') assert.match(build.log, /Could not locate the included file 'fotter\.html'/);
      if (name === 'missing') assert.deepEqual(result.findings.find((f) => f.code === 'include-missing')?.fixes.map((f) => f.title), ["Change to 'footer.html'"]);
    } finally {
      removeTree(dir);
    }
  }
  assert.deepEqual(verdicts.theirs, { engine: [], built: true });
  assert.deepEqual(verdicts.ours, { engine: [], built: true });
  assert.equal(verdicts.missing.built, false);
  assert.equal(verdicts.missing.engine.length, 1);
  assert.match(verdicts.missing.engine[0], /^include-missing: \{% include fotter\.html %\}: neither _includes\/fotter\.html nor the theme minima's has it\. The build fails/);
});
