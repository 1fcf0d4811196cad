/**
 * The command line's file system: the checker's read (one open, a lent buffer, the size limit) on real
 * files of every size around the buffer, links in and out of the site, and folders.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';

const copy = (data: Uint8Array) => Uint8Array.from(data);

test('readFileUpTo gives the bytes of files of every size around its buffer, and only the size past the limit', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ipe-nodefs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const outside = mkdtempSync(join(tmpdir(), 'ipe-nodefs-out-'));
  t.after(() => rmSync(outside, { recursive: true, force: true }));
  mkdirSync(join(dir, '_posts'));
  const sizes = [0, 1, 4095, 4096, 65536, 256 * 1024 - 1, 256 * 1024, 256 * 1024 + 1, 1024 * 1024 + 7];
  const contents = new Map<string, Uint8Array>();
  for (const size of sizes) {
    const data = new Uint8Array(size);
    for (let i = 0; i < size; i++) data[i] = (i * 31 + size) & 0xff;
    const path = `_posts/2022-01-01-size-${size}.md`;
    writeFileSync(join(dir, path), data);
    contents.set(path, data);
  }
  const fs = new NodeFileSystem(dir);
  // Read them all first, then compare: a lent buffer must not leak into an earlier result.
  const results = new Map<string, ReturnType<NodeFileSystem['readFileUpTo']>>();
  for (const path of contents.keys()) results.set(path, fs.readFileUpTo(path, 16 * 1024 * 1024, copy));
  for (const [path, data] of contents) assert.deepEqual(results.get(path), { read: data }, path);

  for (const size of sizes) {
    const path = `_posts/2022-01-01-size-${size}.md`;
    const limit = Math.max(0, size - 1);
    assert.deepEqual(fs.readFileUpTo(path, limit, copy), size > limit ? { size } : { read: contents.get(path) }, `${path} with limit ${limit}`);
    assert.deepEqual(fs.readFileUpTo(path, size, copy), { read: contents.get(path) }, `${path} with limit ${size}`);
  }

  // A link to a file of the site is read; a link out of the site and a folder are refused.
  symlinkSync(join(dir, '_posts/2022-01-01-size-1.md'), join(dir, 'inside-link.md'));
  writeFileSync(join(outside, 'secret.md'), 'secret');
  symlinkSync(join(outside, 'secret.md'), join(dir, 'outside-link.md'));
  assert.deepEqual(fs.readFileUpTo('inside-link.md', 100, copy), { read: contents.get('_posts/2022-01-01-size-1.md') });
  assert.throws(() => fs.readFileUpTo('outside-link.md', 100, copy), /leaves the site/);
  assert.throws(() => fs.readFileUpTo('_posts', 100, copy));
  assert.throws(() => fs.readFileUpTo('../secret.md', 100, copy), /leaves the site/);
  assert.throws(() => fs.readFileUpTo('missing.md', 100, copy));

  // readFile and readDirectory keep the same rules: links inside are followed, links out are refused,
  // also after the folders around them have been listed.
  mkdirSync(join(outside, 'dir'));
  writeFileSync(join(outside, 'dir', 'x.md'), 'outside');
  symlinkSync(join(outside, 'dir'), join(dir, 'outside-dir'));
  symlinkSync(join(dir, '_posts'), join(dir, 'posts-link'));
  const root = await fs.readDirectory('');
  assert.deepEqual(root.filter((e) => e.type === 'symlink').map((e) => e.name).sort(), ['inside-link.md', 'outside-dir', 'outside-link.md', 'posts-link']);
  assert.deepEqual(await fs.readFile('inside-link.md'), contents.get('_posts/2022-01-01-size-1.md'));
  assert.deepEqual(await fs.readFile('_posts/2022-01-01-size-4096.md'), contents.get('_posts/2022-01-01-size-4096.md'));
  await assert.rejects(fs.readFile('outside-link.md'), /leaves the site/);
  // Listing answers at once: a folder outside the site throws.
  assert.throws(() => fs.readDirectory('outside-dir'), /leaves the site/);
  await assert.rejects(fs.readFile('outside-dir/x.md'), /leaves the site/);
  assert.equal((await fs.readDirectory('posts-link')).length, sizes.length);
  assert.deepEqual(await fs.readFile('posts-link/2022-01-01-size-1.md'), contents.get('_posts/2022-01-01-size-1.md'));
});
