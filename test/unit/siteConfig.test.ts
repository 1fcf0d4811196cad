import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSiteConfig } from '../../src/core/siteConfig';
import { matchesJekyllPattern, loadSite } from '../../src/core/site';
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
  assert.ok(!matchesJekyllPattern('*.psd', 'img/art.psd'));
  assert.ok(matchesJekyllPattern('drafts/**', 'drafts/a/b.png'));
  const site = await loadSite(new MemoryFileSystem({ '_config.yml': 'exclude: [old]\ninclude: [_pages]\n', 'old/a.png': '', '_pages/b.png': '', '_x/c.png': '', 'img/d.png': '' }));
  assert.deepEqual(site.publication('old/a.png'), { published: false, reason: 'excluded', segment: 'old' });
  assert.deepEqual(site.publication('_pages/b.png'), { published: true });
  assert.deepEqual(site.publication('_x/c.png'), { published: false, reason: 'underscore', segment: '_x' });
  assert.deepEqual(site.publication('img/d.png'), { published: true });
});

test('several config files: the later one wins', async () => {
  const site = await loadSite(new MemoryFileSystem({ '_config.yml': 'baseurl: "/ipe"\n', '_config.dev.yml': 'baseurl: ""\n' }), { configFiles: ['_config.yml', '_config.dev.yml'] });
  assert.equal(site.config.basePath, '');
  assert.equal(site.config.file, '_config.dev.yml');
});
