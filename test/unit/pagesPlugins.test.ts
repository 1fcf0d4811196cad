/**
 * Plugins GitHub Pages does not run: an entry of plugins:/gems: off the pages gem's allow-list gets a
 * warning at its place in _config.yml, _plugins/*.rb one warning; under plain Jekyll nothing. Held to
 * the real Jekyll: a `--safe` build skips a plugin that is not allowed without failing, and never runs
 * _plugins/*.rb.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryFileSystem } from '../../src/core/fileSystem';
import { loadSite } from '../../src/core/site';
import { configFileFindings, configFindings } from '../../src/core/configFindings';
import { activePlugins, pluginEntries } from '../../src/core/pagesPlugins';
import { jekyllAvailable, JEKYLL_MISSING, tempDir, writeTree, buildSite, removeTree } from '../support/jekyll';

const CONFIG = 'title: Site\nplugins:\n  - jekyll-feed\n  - jekyll-archives\n  - "jekyll-toc"\ngems: [jemoji, jekyll-paginate-v2]\n';

const pluginCodes = (findings: readonly { code: string; file: string; range: { start: number; end: number } }[], text: string) =>
  findings.filter((f) => f.code.startsWith('plugin')).map((f) => `${f.code} ${f.file} ${text.slice(f.range.start, f.range.end)}`);

test('under GitHub Pages each plugin off the allow-list is flagged at its entry, with what the site lacks when known', async () => {
  const fs = new MemoryFileSystem({ '_config.yml': CONFIG, 'index.md': '---\n---\nHi\n' });
  const site = await loadSite(fs, { build: 'github-pages' });
  const findings = configFindings(site);
  assert.deepEqual(pluginCodes(findings, CONFIG), ['plugin-not-allowed _config.yml jekyll-archives', 'plugin-not-allowed _config.yml jekyll-toc', 'plugin-not-allowed _config.yml jekyll-paginate-v2']);
  const archives = findings.find((f) => f.message.includes("'jekyll-archives'"));
  assert.match(archives?.message ?? '', /no archive pages/);
  assert.equal(archives?.severity, 'warning');
  // The editor's text of the config file gives the same, at the places in that text.
  const edited = CONFIG.replace('title: Site\n', 'title: Site\n# a comment\n');
  assert.deepEqual(pluginCodes(configFileFindings(site, '_config.yml', edited), edited), pluginCodes(findings, CONFIG));
});

test('under plain Jekyll no plugin is flagged; _plugins/*.rb neither', async () => {
  const fs = new MemoryFileSystem({ '_config.yml': CONFIG, '_plugins/gen.rb': 'x', 'index.md': '---\n---\nHi\n' });
  const site = await loadSite(fs, { build: 'jekyll' });
  assert.deepEqual(pluginCodes(configFindings(site), CONFIG), []);
  assert.deepEqual(pluginCodes(configFileFindings(site, '_config.yml', CONFIG), CONFIG), []);
});

test('_plugins/ with .rb files gets one warning under GitHub Pages, on its first file', async () => {
  const fs = new MemoryFileSystem({ '_config.yml': 'title: x\n', '_plugins/b.rb': 'x', '_plugins/a.rb': 'x', '_plugins/README.md': 'x', 'index.md': '---\n---\nHi\n' });
  const site = await loadSite(fs, { build: 'github-pages' });
  const found = configFindings(site).filter((f) => f.code === 'plugins-folder-ignored');
  assert.equal(found.length, 1);
  assert.equal(found[0].file, '_plugins/a.rb');
  assert.match(found[0].message, /safe mode/);
  assert.match(found[0].message, /1 other \.rb file/);
  const none = await loadSite(new MemoryFileSystem({ '_config.yml': 'title: x\n', '_plugins/notes.txt': 'x' }), { build: 'github-pages' });
  assert.deepEqual(configFindings(none).filter((f) => f.code === 'plugins-folder-ignored'), []);
});

test('several config files: each list is the one of the file that sets it last', async () => {
  const texts: Record<string, string> = { '_config.yml': 'plugins: [jekyll-archives]\ngems: [jekyll-assets]\n', '_config.dev.yml': 'plugins: [jekyll-feed, jekyll-last-modified-at]\n' };
  const fs = new MemoryFileSystem(texts);
  const site = await loadSite(fs, { build: 'github-pages', configFiles: ['_config.yml', '_config.dev.yml'] });
  assert.deepEqual(
    configFindings(site)
      .filter((f) => f.code === 'plugin-not-allowed')
      .map((f) => `${f.file} ${texts[f.file].slice(f.range.start, f.range.end)}`),
    ['_config.dev.yml jekyll-last-modified-at', '_config.yml jekyll-assets'],
  );
});

test('bad plugin lists never throw: a string, a mapping, nulls, numbers, a broken file', async () => {
  for (const text of ['plugins: jekyll-x\n', 'plugins: {a: 1}\n', 'plugins: [~, 3, [a]]\n', 'plugins: [a\n', 'gems:\n', 'plugins:\n  - \n  - x\n']) {
    assert.doesNotThrow(() => pluginEntries('_config.yml', text));
    const site = await loadSite(new MemoryFileSystem({ '_config.yml': text }), { build: 'github-pages' });
    assert.doesNotThrow(() => configFindings(site));
  }
  assert.deepEqual(
    pluginEntries('_config.yml', 'plugins: [~, 3, x]\n').map((e) => e.name),
    ['3', 'x'],
  );
});

test('the plugins a build runs: GitHub Pages its defaults and the allowed ones named; plain Jekyll what is named', () => {
  const data = { plugins: ['jekyll-feed', 'jekyll-archives'], remote_theme: 'o/t' };
  const pages = activePlugins(data, true);
  assert.ok(pages.has('jekyll-feed') && pages.has('jekyll-gist') && pages.has('jekyll-remote-theme'));
  assert.ok(!pages.has('jekyll-archives'));
  assert.deepEqual([...activePlugins(data, false)], ['jekyll-feed', 'jekyll-archives']);
});

test('the real Jekyll in safe mode: a plugin not allowed is skipped without failing, _plugins/*.rb never runs', { skip: jekyllAvailable() ? false : JEKYLL_MISSING }, async () => {
  const files: Record<string, string> = {
    'index.html': '---\n---\n<p>Home</p>\n',
    '_plugins/marker.rb': 'Jekyll::Hooks.register :site, :post_write do |site|\n  File.write(File.join(site.dest, "plugin-ran.txt"), "ran")\nend\n',
  };
  const notAllowed = tempDir('plugins-safe');
  const allowed = tempDir('plugins-allowed');
  try {
    writeTree(notAllowed, { ...files, '_config.yml': 'title: x\nplugins: [jekyll-feed]\nwhitelist: []\n' });
    writeTree(allowed, { ...files, '_config.yml': 'title: x\nplugins: [jekyll-feed]\nwhitelist: [jekyll-feed]\n' });
    const [a, b] = await Promise.all([buildSite(notAllowed), buildSite(allowed)]);
    assert.ok(a.ok, a.log);
    assert.ok(b.ok, b.log);
    assert.ok(a.files.has('index.html'));
    assert.ok(!a.files.has('feed.xml'), 'a plugin off the allow-list makes nothing');
    assert.ok(b.files.has('feed.xml'), 'the same plugin, allowed, makes its feed');
    for (const build of [a, b]) assert.ok(!existsSync(join(build.source, '_site/plugin-ran.txt')), '_plugins/*.rb did not run');
    // And the engine, modelling GitHub Pages, says so of the _plugins file.
    const { NodeFileSystem } = await import('../../src/core/nodeFileSystem');
    const site = await loadSite(new NodeFileSystem(notAllowed), { build: 'github-pages' });
    assert.deepEqual(
      configFindings(site)
        .filter((f) => f.code.startsWith('plugin'))
        .map((f) => `${f.code} ${f.file}`),
      ['plugins-folder-ignored _plugins/marker.rb'],
    );
  } finally {
    removeTree(notAllowed);
    removeTree(allowed);
  }
});
