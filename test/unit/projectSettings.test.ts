// How the editor's settings and `.ipe-author.yml` combine: the file decides, unless the user set a
// setting explicitly in the editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeSettings, parseProjectConfig } from '../../src/core/projectConfig';
import { isFindingCode } from '../../src/core/findings';

const file = parseProjectConfig(
  '.ipe-author.yml',
  "severity:\n  post-date-moved: off\n  backslash: error\nimageKeys: [thumbnail]\nexclude: ['drafts/**']\nconfigFile: _config.yml,_config.prod.yml\nbuild: github-pages\n",
  isFindingCode,
).settings;

test('without the file and without explicit editor settings, the defaults', () => {
  assert.deepEqual(mergeSettings(undefined, {}), { severities: {}, imageKeys: ['background'], exclude: [], configFiles: ['_config.yml'], build: 'auto' });
});

test('the file alone decides when nothing is set in the editor', () => {
  assert.deepEqual(mergeSettings(file, {}), {
    severities: { 'post-date-moved': 'off', backslash: 'error' },
    imageKeys: ['background', 'thumbnail'],
    exclude: ['drafts/**'],
    configFiles: ['_config.yml', '_config.prod.yml'],
    build: 'github-pages',
  });
});

test('an explicit editor setting overrides the file: severities code by code, the others whole', () => {
  const merged = mergeSettings(file, { severities: { backslash: 'hint', 'missing-file': 'warning' }, imageKeys: ['hero', 'background'], exclude: [], build: 'jekyll' });
  assert.deepEqual(merged.severities, { 'post-date-moved': 'off', backslash: 'hint', 'missing-file': 'warning' });
  assert.deepEqual(merged.imageKeys, ['background', 'hero']);
  // Set explicitly to nothing: nothing is excluded, whatever the file says.
  assert.deepEqual(merged.exclude, []);
  assert.equal(merged.build, 'jekyll');
  // Not set in the editor: the file's.
  assert.deepEqual(merged.configFiles, ['_config.yml', '_config.prod.yml']);
});

test('a setting the file got wrong is absent, so the default (or the editor) stands', () => {
  const bad = parseProjectConfig('.ipe-author.yml', 'build: fast\nimageKeys: thumbnail\nseverity:\n  no-such-code: off\n', isFindingCode);
  assert.equal(bad.findings.length, 3);
  assert.deepEqual(mergeSettings(bad.settings, {}), { severities: {}, imageKeys: ['background'], exclude: [], configFiles: ['_config.yml'], build: 'auto' });
  assert.equal(mergeSettings(bad.settings, { build: 'github-pages' }).build, 'github-pages');
});
