import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../src/core/fileSystem';
import { loadSite } from '../../src/core/site';
import { siteStylesheet } from '../../src/core/render/styles';

const files = (config: string) => ({
  '_config.yml': config,
  '_sass/_base.scss': 'body {\n  h1 { color: #212529; }\n}\n',
  'assets/main.scss': '---\n---\n@import "base";\n.masthead { background: no-repeat center; }\n',
});

async function css(config: string): Promise<string> {
  const fs = new MemoryFileSystem(files(config));
  const site = await loadSite(fs);
  const errors: string[] = [];
  const sheet = await siteStylesheet(site, fs, 'assets/main.css', errors);
  assert.deepEqual(errors, []);
  assert.ok(sheet?.css, 'compiled');
  return sheet.css;
}

test('sass: style: compressed is written compressed, as jekyll-sass-converter writes it', async () => {
  const out = await css('sass:\n  style: compressed\n');
  assert.equal(out.includes('\n'), false, out);
  assert.match(out, /body h1\{color:#212529\}/);
});

test('sass: style: the other styles and none come out expanded (what Dart Sass has for nested and compact)', async () => {
  for (const config of ['', 'sass:\n  style: compact\n', 'sass:\n  style: :nested\n', 'sass:\n  style: expanded\n', 'sass: 3\n']) {
    const out = await css(config);
    assert.match(out, /body h1 \{\n  color: #212529;\n\}/, config);
  }
  assert.equal((await css('sass:\n  style: :compressed\n')).includes('\n'), false, 'the Ruby symbol form too');
});
