import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryFileSystem, SiteFileSystem } from '../../src/core/fileSystem';
import { loadSite } from '../../src/core/site';
import { analyzeDocument } from '../../src/core/analyzeDocument';
import { checkFile, checkSite } from '../../src/core/checkSite';
import { LineIndex, decodeText } from '../../src/core/text';

const root = join(__dirname, '../../..');
const cli = join(root, 'dist/cli.js');
const CONFIG = 'baseurl: "/ipe"\nurl: "https://ipe.example.org"\n';

/** The bad inputs, as bytes, each with what must be found and where. */
const BROKEN_YAML = "---\nlayout: post\ntitle: \"IPE meeting\nbackground: '/img/posts/posts.jpg'\n---\n\nText.\n";
const UNTERMINATED = "---\nlayout: post\ntitle: IPE\n\n![x](/ipe/img/posts/a.png)\n";
const CRLF_BOM_TEXT = "---\r\nlayout: post\r\ntitle: IPE\r\nbackground: '/ipe/img/posts/posts.jpg'\r\n---\r\n\r\nIntro.\r\n\r\n<img src=\"img/posts/a.png\">\r\n![b](/img/posts/a.png)\r\n";
const CRLF_BOM = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(CRLF_BOM_TEXT)]);
function bigPost(): string {
  const para = 'IPv6 deployment and the work of ETSI ISG IPE, with `code` and <!-- a comment --> in between. ';
  const parts = ["---\nlayout: post\ntitle: Big\nbackground: '/img/posts/posts.jpg'\n---\n"];
  let size = 0;
  while (size < 5 * 1024 * 1024) {
    const chunk = para.repeat(20) + '\n\n![ok](/ipe/img/posts/a.png)\n\n';
    parts.push(chunk);
    size += chunk.length;
  }
  parts.push('<img src="/ipe/img/posts/missing.png">\n');
  return parts.join('');
}
const BINARY = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);

function siteFiles(): Record<string, string | Uint8Array> {
  return {
    '_config.yml': CONFIG,
    'img/posts/a.png': 'png',
    'img/posts/posts.jpg': 'jpg',
    '_posts/2022-01-01-broken-yaml.md': BROKEN_YAML,
    '_posts/2022-01-02-unterminated.md': UNTERMINATED,
    '_posts/2022-01-03-crlf-bom.md': CRLF_BOM,
    '_posts/2022-01-04-big.md': bigPost(),
    '_posts/2022-01-05-binary.md': BINARY,
  };
}

async function analyze(path: string) {
  const files = siteFiles();
  const fs = new MemoryFileSystem(files);
  const site = await loadSite(fs);
  const decoded = decodeText(typeof files[path] === 'string' ? new TextEncoder().encode(files[path] as string) : (files[path] as Uint8Array));
  assert.equal(decoded.kind, 'text');
  const text = decoded.kind === 'text' ? decoded.text : '';
  return { text, analysis: analyzeDocument(site, path, text), index: new LineIndex(text) };
}

let cliFindings: Array<Record<string, any>> | undefined;
function cliCheck(): Array<Record<string, any>> {
  if (cliFindings) return cliFindings;
  const dir = mkdtempSync(join(tmpdir(), 'ipe-bad-input-'));
  try {
    for (const [path, content] of Object.entries(siteFiles())) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const r = spawnSync(process.execPath, [cli, 'check', dir, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    assert.equal(r.stderr, '');
    cliFindings = JSON.parse(r.stdout) as Array<Record<string, any>>;
    return cliFindings;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('broken YAML: one finding on the front matter line where the YAML breaks', async () => {
  const { analysis, index } = await analyze('_posts/2022-01-01-broken-yaml.md');
  const yaml = analysis.findings.filter((f) => f.code === 'yaml-error');
  assert.ok(yaml.length >= 1);
  const line = index.positionAt(yaml[0].range.start).line;
  // The unclosed quote opens on line 3 (index 2); the parser may report it there or where it runs out.
  assert.ok(line >= 2 && line <= 4, `yaml error on line ${line + 1}`);
  assert.match(yaml[0].message, /not valid YAML/);
  const fromCli = cliCheck().filter((f) => f.file === '_posts/2022-01-01-broken-yaml.md' && f.code === 'yaml-error');
  assert.equal(fromCli[0]?.line, line + 1);
});

test('unterminated front matter: a finding on the opening fence', async () => {
  const { analysis } = await analyze('_posts/2022-01-02-unterminated.md');
  const f = analysis.findings.find((x) => x.code === 'front-matter-unterminated');
  assert.ok(f);
  assert.deepEqual(f.range, { start: 0, end: 3 });
  const fromCli = cliCheck().find((x) => x.file === '_posts/2022-01-02-unterminated.md' && x.code === 'front-matter-unterminated');
  assert.equal(fromCli?.line, 1);
  assert.equal(fromCli?.column, 1);
});

test('CRLF and a byte order mark: every range holds exactly the raw path', async () => {
  const { analysis, text } = await analyze('_posts/2022-01-03-crlf-bom.md');
  const refs = analysis.findings.filter((f) => f.raw !== undefined);
  assert.deepEqual(refs.map((f) => f.code).sort(), ['baseurl-doubled', 'outside-baseurl', 'relative-path']);
  for (const f of refs) assert.equal(text.slice(f.range.start, f.range.end), f.raw);
  const lines = CRLF_BOM_TEXT.split('\n');
  const fromCli = cliCheck().filter((x) => x.file === '_posts/2022-01-03-crlf-bom.md' && x.raw !== null);
  assert.equal(fromCli.length, 3);
  for (const f of fromCli) {
    assert.equal(f.line, f.endLine);
    assert.equal(lines[f.line - 1].slice(f.column - 1, f.endColumn - 1), f.raw);
  }
});

test('a 5 MB post is checked whole: the broken image at its end is found at its place', async () => {
  const { analysis, text } = await analyze('_posts/2022-01-04-big.md');
  assert.ok(text.length > 5 * 1024 * 1024);
  const missing = analysis.findings.filter((f) => f.code === 'missing-file');
  assert.equal(missing.length, 1);
  assert.equal(text.slice(missing[0].range.start, missing[0].range.end), '/ipe/img/posts/missing.png');
  const fromCli = cliCheck().filter((x) => x.file === '_posts/2022-01-04-big.md' && x.code === 'missing-file');
  assert.equal(fromCli.length, 1);
  assert.equal(fromCli[0].line, text.split('\n').length - 1);
});

test('a binary file named .md: one finding at its start, no parse', async () => {
  const files = siteFiles();
  const fs = new MemoryFileSystem(files);
  const site = await loadSite(fs);
  const result = await checkFile(fs, site, '_posts/2022-01-05-binary.md');
  assert.equal(result.analysis, undefined);
  assert.deepEqual(result.findings.map((f) => [f.code, f.range.start, f.range.end]), [['binary-file', 0, 0]]);
  // analyzeDocument on whatever text an editor shows for it must not throw either.
  const shown = new TextDecoder().decode(BINARY);
  assert.doesNotThrow(() => analyzeDocument(site, '_posts/2022-01-05-binary.md', shown));
  const fromCli = cliCheck().filter((x) => x.file === '_posts/2022-01-05-binary.md');
  assert.deepEqual(fromCli.map((x) => [x.code, x.line, x.column]), [['binary-file', 1, 1]]);
});

test('a file system that answers reads at once, by a promise or by a bare thenable, or fails half way, gives the same check', async () => {
  const files = { '_config.yml': CONFIG, 'img/posts/a.png': '', '_posts/2022-01-01-a.md': UNTERMINATED, '_posts/2022-01-02-b.md': BROKEN_YAML, '_posts/2022-01-03-c.md': "---\nlayout: post\nbackground: '/ipe/img/posts/a.png'\n---\n" };
  const memory = new MemoryFileSystem(files);
  const bytesOf = (path: string) => new TextEncoder().encode(files[path as keyof typeof files]);
  const readers: Record<string, NonNullable<SiteFileSystem['readFileUpTo']>> = {
    'at once': <T>(path: string, max: number, use: (d: Uint8Array) => T) => ({ read: use(bytesOf(path)) }),
    promise: async <T>(path: string, max: number, use: (d: Uint8Array) => T) => ({ read: use(bytesOf(path)) }),
    thenable: <T>(path: string, max: number, use: (d: Uint8Array) => T) => ({ then: (resolve: (v: { read: T }) => void) => resolve({ read: use(bytesOf(path)) }) }) as unknown as Promise<{ read: T }>,
  };
  const site = await loadSite(memory);
  const expected = (await checkSite(memory, site)).findings.map((f) => `${f.file} ${f.code}`).sort();
  assert.ok(expected.length >= 3, expected.join('\n'));
  for (const [name, readFileUpTo] of Object.entries(readers)) {
    const fs = Object.assign(new MemoryFileSystem(files), { readFileUpTo });
    const found = (await checkSite(fs, site)).findings.map((f) => `${f.file} ${f.code}`).sort();
    assert.deepEqual(found, expected, name);
  }
  // A read that throws, or whose promise rejects, costs that file only.
  for (const fail of [() => { throw new Error('EIO'); }, async () => { throw new Error('EIO'); }]) {
    const fs = Object.assign(new MemoryFileSystem(files), {
      readFileUpTo: <T>(path: string, max: number, use: (d: Uint8Array) => T) => (path.endsWith('b.md') ? fail() : { read: use(bytesOf(path)) }),
    });
    const found = (await checkSite(fs as never, site)).findings.map((f) => `${f.file} ${f.code}`).sort();
    assert.deepEqual(found, expected.filter((f) => !f.startsWith('_posts/2022-01-02-b.md')));
  }
});
