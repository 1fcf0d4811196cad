import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../src/core/fileSystem';
import { MovedFileSystem } from '../../src/core/movedFileSystem';
import { describeMoveEdits } from '../../src/core/moves';
import { loadSite } from '../../src/core/site';

const text = async (fs: MovedFileSystem, path: string) => new TextDecoder().decode(await fs.readFile(path));
const names = async (fs: MovedFileSystem, path: string) => (await fs.readDirectory(path)).map((e) => `${e.name}:${e.type}`).sort();

test('the moved view: files read at their sources, sources gone, new folders listed, nothing changed underneath', async () => {
  const base = new MemoryFileSystem({ '_config.yml': 'baseurl: /ipe\n', 'about.md': 'A', 'img/a.png': 'P', 'img/sub/b.png': 'B', 'keep/x.md': 'X' });
  const fs = new MovedFileSystem(base, [
    ['about.md', 'team/people/about.md'],
    ['img', 'images'],
  ]);
  assert.equal(await text(fs, 'team/people/about.md'), 'A');
  assert.equal(await text(fs, 'images/sub/b.png'), 'B');
  await assert.rejects(fs.readFile('about.md'));
  await assert.rejects(fs.readFile('img/a.png'));
  assert.deepEqual(await names(fs, ''), ['_config.yml:file', 'images:directory', 'keep:directory', 'team:directory']);
  assert.deepEqual(await names(fs, 'team'), ['people:directory']);
  assert.deepEqual(await names(fs, 'images'), ['a.png:file', 'sub:directory']);
  await assert.rejects(Promise.resolve().then(() => fs.readDirectory('img')));
  assert.equal((await fs.stat('team'))?.type, 'directory');
  assert.equal((await fs.stat('img/a.png')), undefined);
  assert.equal((await fs.stat('images/a.png'))?.size, 1);
  const r = await fs.readFileUpTo('images/a.png', 10, (d) => d.byteLength);
  assert.deepEqual(r, { read: 1 });
  assert.throws(() => fs.readFileUpTo('about.md', 10, (d) => d.byteLength));
  // The site as it will be, read through the view.
  const site = await loadSite(fs);
  assert.deepEqual([...site.allFiles()].sort(), ['_config.yml', 'images/a.png', 'images/sub/b.png', 'keep/x.md', 'team/people/about.md']);
  // The files underneath are where they were.
  assert.equal(new TextDecoder().decode(await base.readFile('about.md')), 'A');
});

test("a move's summary counts layout values apart from links and images", () => {
  const link = {};
  const layout = { layout: true };
  assert.equal(describeMoveEdits([]), '0 links and images');
  assert.equal(describeMoveEdits([link]), '1 link or image');
  assert.equal(describeMoveEdits([link, link]), '2 links and images');
  assert.equal(describeMoveEdits([layout]), "1 'layout:' value");
  assert.equal(describeMoveEdits([layout, link, layout]), "1 link or image and 2 'layout:' values");
});
