import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';

const root = join(__dirname, '../../..');
const cli = join(root, 'dist/cli.js');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('check prints path:line:col findings and a summary, and exits 1 on errors', () => {
  const r = run(['check', 'sample-site']);
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.trim().split('\n');
  const errors = lines.filter((l) => / error /.test(l));
  assert.equal(errors.length, 5);
  assert.match(errors[0], /^_posts\/2022-11-21-ipe-meeting-london\.md:6:14: error baseurl-doubled: /);
  // The sample's link without the baseurl, with its fix.
  assert.ok(errors.some((e) => /^_posts\/2023-05-17-plenary-meeting\.md:15:\d+: error link-outside-baseurl: .*Quick fix: '\{\{ site\.baseurl \}\}\/about\.html'/.test(e)), errors.join('\n'));
  assert.match(lines[lines.length - 1], /^5 files checked in sample-site \(baseurl '\/ipe'; built as GitHub Pages: the workflow \.github\/workflows\/jekyll-gh-pages\.yml uses actions\/jekyll-build-pages\): 5 errors, 0 warnings, \d+ info$/);
});

test('--format json gives 1-based positions whose range holds the raw path', () => {
  const r = run(['check', 'test/fixtures/corpus/ipe-2023-02-10-baseurl-ipe', '--format', 'json']);
  assert.equal(r.status, 1);
  const all = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
  // Besides the 11 broken backgrounds, each post's '23:45:13 -0400' date moves it to the next day (information).
  // And the post's link to Neuland@Homeland, a 404.
  const links = all.filter((f) => f.code === 'link-missing');
  assert.deepEqual(links.map((f) => [f.file, f.line, f.column, f.raw, f.target]), [['_posts/2021-11-03-1.md', 11, 196, 'Neuland@Homeland', 'link']]);
  const findings = all.filter((f) => f.severity === 'error' && f.code !== 'link-missing');
  assert.equal(findings.length, 11);
  assert.ok(all.filter((f) => f.severity !== 'error').every((f) => f.code === 'post-date-moved'));
  for (const f of findings) {
    assert.deepEqual(Object.keys(f), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message', 'raw', 'resolved', 'target']);
    assert.equal(f.target, 'image');
    const text = readFileSync(join(root, 'test/fixtures/corpus/ipe-2023-02-10-baseurl-ipe', f.file as string), 'utf8').split('\n');
    const line = text[(f.line as number) - 1];
    assert.equal(line.slice((f.column as number) - 1, (f.endColumn as number) - 1), f.raw);
    assert.equal(f.resolved, '/ipe/ipe/img/posts/posts.jpg');
  }
});

test('a clean site exits 0; bad usage exits 2 with a message', () => {
  // The snapshot's one error is its link to Neuland@Homeland; as a warning, the site is clean.
  const ok = run(['check', 'test/fixtures/corpus/ipe-2023-05-29-baseurl-empty', '--severity', 'link-missing=warning']);
  assert.equal(ok.status, 0);
  assert.match(ok.stdout, /0 errors, 1 warning, \d+ info/);
  for (const args of [['check', '--format', 'xml'], ['check', 'no/such/dir'], ['frobnicate'], ['check', '--nope'], []]) {
    const r = run(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr + r.stdout, /Usage:/);
  }
});

test('severity overrides and the config setting', () => {
  const off = run(['check', 'sample-site', '--severity', 'baseurl-doubled=off', '--format', 'json']);
  const codes = (JSON.parse(off.stdout) as Array<{ code: string }>).map((f) => f.code);
  assert.ok(!codes.includes('baseurl-doubled'));
  assert.ok(codes.includes('case-mismatch'));
  const warn = run(['check', 'test/fixtures/corpus/ipe-2023-02-10-baseurl-ipe', '--severity', 'baseurl-doubled=warning', '--severity', 'link-missing=off']);
  assert.equal(warn.status, 0);
  assert.match(warn.stdout, /0 errors, 11 warnings, \d+ info/);
});

test('the command starts from a code cache beside its bundle, written by a check and refused when it does not match', (t) => {
  // A copy of the two bundles, so that the project's own cache is left alone.
  const dir = mkdtempSync(join(tmpdir(), 'ipe-cli-cache-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const name of ['cli.js', 'cliMain.js', 'cliPreview.js']) copyFileSync(join(root, 'dist', name), join(dir, name));
  const cache = join(dir, `cliMain.js.${process.version}-${process.arch}.v8cache`);
  const copy = (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [join(dir, 'cli.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const expected = run(['check', 'sample-site', '--format', 'json']);

  // Other commands neither need nor write it, nor does a check that stops at a bad argument.
  assert.equal(copy(['codes']).status, 0);
  assert.equal(copy(['check', join(dir, 'no-such-site')]).status, 2);
  assert.ok(!existsSync(cache), 'a cache was written by a run that did not check a site');
  // The first check writes it; the next ones read it and leave it as it is, with the same output.
  assert.deepEqual(copy(['check', 'sample-site', '--format', 'json']), expected);
  const written = readFileSync(cache);
  assert.ok(written.length > 10_000, `a cache of ${written.length} bytes`);
  assert.deepEqual(copy(['check', 'sample-site', '--format', 'json']), expected);
  assert.deepEqual(readFileSync(cache), written, 'an accepted cache was written again');
  assert.deepEqual(copy(['preview', 'sample-site/_posts/2022-11-21-ipe-meeting-london.md', '-o', join(dir, 'out.html')]).status, 0);

  // A damaged cache is never given to V8 (which trusts its bytes and may crash on them): the check
  // still runs, and the cache is made again. Damage that keeps the length, cut short, garbage.
  for (const at of [100, 200, 5000, written.length - 1]) {
    const flipped = Buffer.from(written);
    flipped[at] ^= 0xff;
    writeFileSync(cache, flipped);
    assert.deepEqual(copy(['check', 'sample-site', '--format', 'json']), expected, `a byte flipped at ${at}`);
    const remade = readFileSync(cache);
    assert.ok(!remade.equals(flipped), `the cache damaged at ${at} was not made again`);
    assert.ok(remade.subarray(32, 64).equals(createHash('sha256').update(remade.subarray(64)).digest()), 'the cache made again is not whole');
  }
  writeFileSync(cache, Buffer.concat([written.subarray(0, 64), Buffer.alloc(4096, 7)]));
  assert.deepEqual(copy(['check', 'sample-site', '--format', 'json']), expected);
  assert.ok(readFileSync(cache).length > 10_000, 'the refused cache was not replaced');
  writeFileSync(cache, 'not a cache');
  assert.deepEqual(copy(['check', 'sample-site', '--format', 'json']), expected);
  // A cache of another bundle of the same length (V8 itself would take it) is not used either.
  const good = readFileSync(cache);
  const bundle = readFileSync(join(dir, 'cliMain.js'), 'utf8');
  writeFileSync(join(dir, 'cliMain.js'), bundle.replace('ipe-author 0.1.0', 'ipe-author 9.9.9'));
  assert.equal(copy(['--version']).stdout, 'ipe-author 9.9.9\n');
  assert.deepEqual(copy(['check', 'sample-site', '--format', 'json']), expected);
  assert.notDeepEqual(readFileSync(cache), good, 'the cache of the other bundle was kept');
  assert.equal(copy(['--version']).stdout, 'ipe-author 9.9.9\n');

  // Turned off: not read, not written.
  rmSync(cache);
  assert.deepEqual(copy(['check', 'sample-site', '--format', 'json'], { IPE_AUTHOR_CODE_CACHE: '0' }), expected);
  assert.ok(!existsSync(cache));
  // A cache that cannot be written (its name is taken by a folder) costs nothing but the cache.
  mkdirSync(cache);
  assert.deepEqual(copy(['check', 'sample-site', '--format', 'json']), expected);
  assert.deepEqual(readdirSync(dir).sort(), ['cli.js', 'cliMain.js', 'cliPreview.js', basename(cache), 'out.html'].sort(), 'a temporary file was left behind');
});

test("a check does not load the preview's bundle, which only `preview` needs", (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ipe-cli-apart-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const name of ['cli.js', 'cliMain.js']) copyFileSync(join(root, 'dist', name), join(dir, name));
  const copy = (args: string[]) => spawnSync(process.execPath, [join(dir, 'cli.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, IPE_AUTHOR_CODE_CACHE: '0' } });
  const expected = run(['check', 'sample-site', '--format', 'json']);
  const checked = copy(['check', 'sample-site', '--format', 'json']);
  assert.deepEqual({ status: checked.status, stdout: checked.stdout, stderr: checked.stderr }, expected);
  assert.ok(readFileSync(join(dir, 'cliMain.js')).length < readFileSync(join(root, 'dist/cliPreview.js')).length / 2, "the checker's bundle holds the renderer");
  // Without its bundle, `preview` fails and says which file is missing; with it, it renders.
  const missing = copy(['preview', 'sample-site/_posts/2022-11-21-ipe-meeting-london.md', '-o', join(dir, 'out.html')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cliPreview\.js/);
  copyFileSync(join(root, 'dist/cliPreview.js'), join(dir, 'cliPreview.js'));
  const rendered = copy(['preview', 'sample-site/_posts/2022-11-21-ipe-meeting-london.md', '-o', join(dir, 'out.html')]);
  assert.equal(rendered.status, 0, rendered.stderr);
  const html = readFileSync(join(dir, 'out.html'), 'utf8');
  assert.match(html, /<header class="masthead/);
  assert.match(html, /Posted by/);
});

test('preview reads its arguments as check and mv do: -- ends the options, a bad one is named, exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ipe-preview-args-'));
  try {
    const out = join(dir, 'out.html');
    const site = join(dir, 'site');
    cpSync(join(root, 'sample-site'), site, { recursive: true });
    // A file whose name starts with '-' is reachable after '--'.
    copyFileSync(join(site, 'about.md'), join(site, '-dash.md'));
    const inSite = (args: string[]) => {
      const r = spawnSync(process.execPath, [cli, ...args], { cwd: site, encoding: 'utf8' });
      return { status: r.status, stderr: r.stderr };
    };
    const dashed = inSite(['preview', '-o', out, '--', '-dash.md']);
    assert.equal(dashed.status, 0, dashed.stderr);
    assert.match(readFileSync(out, 'utf8'), /Our Mission/);
    const cases: [string[], RegExp][] = [
      [['preview', '--bogus', 'about.md'], /unknown option --bogus/],
      [['preview', '-dash.md'], /unknown option -dash\.md/],
      [['preview', 'about.md', '-o'], /-o needs a value/],
      [['preview', 'about.md', 'index.md'], /only one FILE, got 'about\.md' and 'index\.md'/],
      [['preview', '-o', out, '--', 'about.md', '-o'], /only one FILE, got 'about\.md' and '-o'/],
      [['preview', '--build=netlify', 'about.md'], /--build must be auto, github-pages or jekyll, not 'netlify'/],
      [['preview'], /preview needs a FILE/],
    ];
    for (const [args, message] of cases) {
      const r = inSite(args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
