// The command line in CI and before each commit: output formats, --fix, the config file, suppressions,
// files as arguments and the exit status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import Ajv from 'ajv-draft-04';
import { escapeCommandData, escapeCommandProperty, githubLine } from '../../src/cliFormats';
import { FINDING_CODES } from '../../src/core/findings';
import { main } from '../../src/cli';

const root = join(__dirname, '../../..');
const cli = join(root, 'dist/cli.js');
const CORPUS = join(root, 'test/fixtures/corpus/ipe-2023-02-10-baseurl-ipe');

function run(args: string[], cwd = root, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempDir(t: { after: (fn: () => void) => void }, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A small site: one post with a doubled baseurl background, one page with a missing image. */
function smallSite(dir: string, files: Record<string, string> = {}): string {
  const site = join(dir, 'site');
  const all: Record<string, string> = {
    '_config.yml': 'baseurl: "/ipe"\ntitle: t\n',
    '_layouts/post.html': '<header style="background-image: url(\'{{ page.background | prepend: site.baseurl | replace: \'//\', \'/\' }}\')"></header>{{ content }}',
    'img/posts/posts.jpg': 'jpg',
    '_posts/2022-11-21-a.md': "---\nlayout: post\ntitle: A\nbackground: '/ipe/img/posts/posts.jpg'\n---\n\nText.\n",
    'about.md': '---\ntitle: About\n---\n\n![x](/ipe/img/none.png)\n',
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(join(site, path, '..'), { recursive: true });
    writeFileSync(join(site, path), text);
  }
  return site;
}

// ---- github -------------------------------------------------------------------------------------------

// The documented form: `::error file={name},line={line},endLine={endLine},title={title}::{message}`, with
// col and endColumn; a property value holds no raw ',' ':' '%' CR or LF, the message no raw '%' CR or LF.
const PROPERTY = '(?:[^%,:\\r\\n]|%25|%0D|%0A|%3A|%2C)*';
const WORKFLOW_COMMAND = new RegExp(
  `^::(error|warning|notice) file=(${PROPERTY}),line=(\\d+),col=(\\d+),endLine=(\\d+),endColumn=(\\d+),title=(${PROPERTY})::((?:[^%\\r\\n]|%25|%0D|%0A)*)$`,
);
const unescapeProperty = (s: string) => s.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');

test('github: escapes as the Actions toolkit does, and every line has the documented form', () => {
  assert.equal(escapeCommandData('100% done\r\nnext: a,b'), '100%25 done%0D%0Anext: a,b');
  assert.equal(escapeCommandProperty('dir,1/a:b%.md\n'), 'dir%2C1/a%3Ab%25.md%0A');
  const line = githubLine({
    f: { code: 'missing-file', severity: 'error', message: '50% of\nthe path, a:b', file: 'x', range: { start: 0, end: 1 }, fixes: [] },
    path: 'we,ird:dir/100%.md',
    line: 3,
    column: 4,
    endLine: 3,
    endColumn: 9,
  });
  assert.equal(line, '::error file=we%2Cird%3Adir/100%25.md,line=3,col=4,endLine=3,endColumn=9,title=missing-file::50%25 of%0Athe path, a:b\n');
  const m = WORKFLOW_COMMAND.exec(line.trimEnd());
  assert.ok(m);
  assert.equal(unescapeProperty(m[2]), 'we,ird:dir/100%.md');
});

test('github: the real output on a site whose folder and messages need escaping', (t) => {
  const dir = tempDir(t, 'ipe-gh-');
  // A folder name with a comma and a colon, an image name with '%' (its message quotes it).
  const site = smallSite(join(dir, 'a,b:c'), { 'about.md': '---\ntitle: About\n---\n\n![x](/ipe/img/100%25%20sure.png)\n' });
  const r = run(['check', relative(dir, site), '--format', 'github'], dir);
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.split('\n').filter(Boolean);
  assert.equal(lines.length, 2, r.stdout);
  for (const l of lines) assert.match(l, WORKFLOW_COMMAND);
  const parsed = lines.map((l) => WORKFLOW_COMMAND.exec(l)!);
  assert.deepEqual(parsed.map((m) => unescapeProperty(m[2])).sort(), ['a,b:c/site/_posts/2022-11-21-a.md', 'a,b:c/site/about.md']);
  const about = parsed.find((m) => m[2].endsWith('about.md'))!;
  assert.equal(about[1], 'error');
  assert.equal(about[7], 'missing-file');
  assert.deepEqual([about[3], about[4], about[5], about[6]], ['5', '6', '5', '32']);
  assert.match(about[8], /100%25 sure\.png/);
  // Post-date-moved would be a notice; severities follow the finding's.
  assert.ok(parsed.every((m) => m[1] === 'error'));
});

// ---- sarif --------------------------------------------------------------------------------------------

test('sarif: a SARIF 2.1.0 log valid against the official JSON schema, each code a rule', () => {
  const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
  const validate = ajv.compile(schema);
  const r = run(['check', 'test/fixtures/corpus/ipe-2023-02-10-baseurl-ipe', '--format', 'sarif']);
  assert.equal(r.status, 1, r.stderr);
  const log = JSON.parse(r.stdout);
  assert.equal(validate(log), true, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  assert.equal(log.version, '2.1.0');
  const [runLog] = log.runs;
  const rules = runLog.tool.driver.rules as Array<{ id: string; shortDescription: { text: string }; help: { text: string }; defaultConfiguration: { level: string } }>;
  assert.deepEqual(rules.map((x) => x.id), Object.keys(FINDING_CODES));
  for (const rule of rules) {
    assert.equal(rule.shortDescription.text, FINDING_CODES[rule.id as keyof typeof FINDING_CODES].summary);
    assert.ok(rule.help.text.length > rule.shortDescription.text.length);
  }
  const errors = runLog.results.filter((x: { level: string; ruleId: string }) => x.level === 'error' && x.ruleId !== 'link-missing');
  assert.equal(errors.length, 11);
  assert.equal(runLog.results.filter((x: { ruleId: string }) => x.ruleId === 'link-missing').length, 1);
  for (const e of errors) {
    assert.equal(e.ruleId, 'baseurl-doubled');
    assert.equal(rules[e.ruleIndex].id, 'baseurl-doubled');
    const loc = e.locations[0].physicalLocation;
    assert.match(loc.artifactLocation.uri, /^test\/fixtures\/corpus\/ipe-2023-02-10-baseurl-ipe\/_posts\/20\d\d-\d\d-\d\d-1\.md$/);
    assert.deepEqual([loc.region.startLine, loc.region.startColumn], [6, 14]);
    assert.equal(e.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, "/img/posts/posts.jpg");
  }
  // A schema validator that accepts anything proves nothing: a broken log is refused.
  const broken = structuredClone(log);
  broken.runs[0].results[0].level = 'fatal';
  assert.equal(validate(broken), false);
});

// ---- --fix on the real corpus -------------------------------------------------------------------------

function listFiles(dir: string, base = dir, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) listFiles(p, base, out);
    else out.push(relative(base, p));
  }
  return out.sort();
}

test('--fix on the real corpus: the 11 doubled baseurls fixed, every other byte unchanged, a second run clean', (t) => {
  const dir = tempDir(t, 'ipe-fix-');
  const site = join(dir, 'site');
  cpSync(CORPUS, site, { recursive: true });
  const before = new Map(listFiles(site).map((f) => [f, readFileSync(join(site, f))]));
  const findings = JSON.parse(run(['check', site, '--format', 'json']).stdout) as Array<{ file: string; line: number; column: number; endColumn: number; code: string; raw: string }>;
  const doubled = findings.filter((f) => f.code === 'baseurl-doubled');
  assert.equal(doubled.length, 11);

  const r = run(['check', site, '--fix']);
  // What is left is the post's link to Neuland@Homeland, which has no replacement to apply.
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^11 problems fixed in 11 files\.$/m);
  for (const f of doubled) assert.match(r.stdout, new RegExp(`^fixed ${f.file.replace(/[.]/g, '\\.')}: baseurl-doubled at ${f.line}:${f.column}$`, 'm'));
  // The renames that post-date-moved suggests are not done by --fix, and say so.
  assert.match(r.stdout, /not fixed _posts\/2021-05-19-1\.md: post-date-moved: Rename the file/);
  // The report ends with what is left: that one link.
  assert.match(r.stdout, /_posts\/2021-11-03-1\.md:11:196: error link-missing/);
  assert.match(r.stdout, /1 error, 0 warnings, \d+ info\n$/);

  // Same files (no temporary file left), and each file is the original with exactly its fixed range replaced.
  assert.deepEqual(listFiles(site), [...before.keys()]);
  for (const [file, bytes] of before) {
    const now = readFileSync(join(site, file));
    const mine = doubled.filter((f) => f.file === file);
    if (mine.length === 0) {
      assert.ok(now.equals(bytes), `${file} changed`);
      continue;
    }
    const lines = bytes.toString('utf8').split('\n');
    for (const f of mine) {
      const l = lines[f.line - 1];
      assert.equal(l.slice(f.column - 1, f.endColumn - 1), f.raw);
      lines[f.line - 1] = l.slice(0, f.column - 1) + '/img/posts/posts.jpg' + l.slice(f.endColumn - 1);
    }
    assert.ok(now.equals(Buffer.from(lines.join('\n'), 'utf8')), `${file}: more than the background changed`);
  }
  const again = JSON.parse(run(['check', site, '--format', 'json']).stdout) as Array<{ code: string }>;
  assert.deepEqual(again.filter((f) => f.code === 'baseurl-doubled'), []);
  assert.equal(again.length, findings.length - 11);
  // Nothing left to fix.
  assert.match(run(['check', site, '--fix']).stdout, /^0 problems fixed in 0 files\.$/m);
});

test('--fix --dry-run prints a unified diff that git applies, and writes nothing', (t) => {
  const dir = tempDir(t, 'ipe-dry-');
  const site = join(dir, 'site');
  cpSync(CORPUS, site, { recursive: true });
  const before = new Map(listFiles(site).map((f) => [f, readFileSync(join(site, f))]));
  const r = run(['check', site, '--fix', '--dry-run']);
  assert.equal(r.status, 1, 'the findings are still there');
  assert.match(r.stderr, /11 fixes in 11 files would be applied/);
  assert.equal((r.stdout.match(/^--- a\/_posts\//gm) ?? []).length, 11);
  assert.match(r.stdout, /^-background: '\/ipe\/img\/posts\/posts\.jpg'\n\+background: '\/img\/posts\/posts\.jpg'$/m);
  for (const [file, bytes] of before) assert.ok(readFileSync(join(site, file)).equals(bytes), `${file} was written by a dry run`);
  // The diff is a real patch: applied, it gives exactly what --fix writes.
  writeFileSync(join(dir, 'fix.patch'), r.stdout);
  const applied = spawnSync('git', ['apply', '--unsafe-paths', '--directory=site', join(dir, 'fix.patch')], { cwd: dir, encoding: 'utf8' });
  assert.equal(applied.status, 0, applied.stderr);
  const patched = new Map(listFiles(site).map((f) => [f, readFileSync(join(site, f))]));
  const other = join(dir, 'other');
  cpSync(CORPUS, other, { recursive: true });
  run(['check', other, '--fix']);
  for (const [file, bytes] of patched) assert.ok(readFileSync(join(other, file)).equals(bytes), file);
});

test('--fix keeps a byte order mark and CRLF line ends, and leaves a file alone that is not UTF-8', (t) => {
  const dir = tempDir(t, 'ipe-fix-bytes-');
  const post = "\uFEFF---\r\nlayout: post\r\ntitle: A\r\nbackground: '/ipe/img/posts/posts.jpg'\r\n---\r\n\r\nText.\r\n";
  const site = smallSite(dir, { '_posts/2022-11-21-a.md': post, 'about.md': '---\ntitle: About\n---\n\n![x](/img/posts/posts.jpg) caf\xe9\n' });
  // The page: Latin-1 bytes (not UTF-8) around an outside-baseurl image.
  writeFileSync(join(site, 'about.md'), Buffer.from('---\ntitle: About\n---\n\n![x](/img/posts/posts.jpg) caf\xe9\n', 'latin1'));
  const aboutBefore = readFileSync(join(site, 'about.md'));
  const r = run(['check', site, '--fix']);
  assert.match(r.stdout, /fixed _posts\/2022-11-21-a\.md: baseurl-doubled at 4:14/);
  assert.match(r.stdout, /not fixed about\.md: it is not valid UTF-8/);
  assert.equal(readFileSync(join(site, '_posts/2022-11-21-a.md'), 'utf8'), post.replace("'/ipe/img/posts/posts.jpg'", "'/img/posts/posts.jpg'"));
  assert.ok(readFileSync(join(site, 'about.md')).equals(aboutBefore));
});

// ---- the config file ----------------------------------------------------------------------------------

test('.ipe-author.yml from the site upward sets severities, image keys, excludes and config files; options override it', (t) => {
  const dir = tempDir(t, 'ipe-cfg-');
  const site = smallSite(dir, { 'old/x.md': '---\ntitle: X\n---\n\n![x](/ipe/img/gone.png)\n', '_posts/2022-11-22-b.md': "---\nlayout: post\ntitle: B\nthumb: '/ipe/img/nope.png'\n---\n" });
  const codes = (args: string[] = []) => (JSON.parse(run(['check', site, '--format', 'json', ...args]).stdout) as Array<{ file: string; code: string; severity: string }>).map((f) => `${f.file} ${f.severity} ${f.code}`).sort();
  const without = codes();
  assert.ok(without.includes('old/x.md error missing-file'));
  // Above the site folder (the repository's root holds .git: the search stops there).
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, '.ipe-author.yml'), 'severity:\n  baseurl-doubled: warning\n  post-date-moved: off\nexclude: ["old/**"]\nimageKeys: [thumb]\n');
  const withConfig = codes();
  assert.deepEqual(withConfig, ['_posts/2022-11-21-a.md warning baseurl-doubled', '_posts/2022-11-22-b.md error missing-file', 'about.md error missing-file']);
  assert.equal(run(['check', site]).status, 1);
  // The command line wins over the file.
  assert.deepEqual(codes(['--severity', 'baseurl-doubled=error', '--severity', 'missing-file=off']), ['_posts/2022-11-21-a.md error baseurl-doubled']);
  assert.deepEqual(codes(['--no-ipe-config']), without);
  // A nearer file wins (JSON too); one above the repository's root is never read.
  writeFileSync(join(site, '.ipe-author.json'), '{ "severity": { "missing-file": "warning" }, "configFile": "_config.yml,_config.dev.yml" }');
  writeFileSync(join(site, '_config.dev.yml'), 'baseurl: ""\n');
  const nearer = codes();
  assert.ok(nearer.includes('about.md warning missing-file'), nearer.join('\n'));
  assert.ok(nearer.some((c) => c.startsWith('_posts/2022-11-21-a.md') && !c.endsWith('baseurl-doubled')), 'the second config file (baseurl "") is in force');
  rmSync(join(site, '.ipe-author.json'));
  rmSync(join(dir, '.git'), { recursive: true });
  mkdirSync(join(site, '.git'));
  assert.deepEqual(codes(), without);
});

test('a bad config file gets findings at their place, never a crash', (t) => {
  const dir = tempDir(t, 'ipe-cfg-bad-');
  const site = smallSite(dir);
  const cfg = join(site, '.ipe-author.yml');
  const check = () => {
    const r = run(['check', site, '--format', 'json']);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    return (JSON.parse(r.stdout) as Array<{ file: string; line: number; column: number; code: string; message: string; severity: string }>).filter((f) => f.file === '.ipe-author.yml');
  };
  writeFileSync(cfg, 'severity:\n  baseurl-doubled: warning\n  missing-file: [oops\n');
  const [syntax] = check();
  assert.equal(syntax.code, 'ipe-config-syntax');
  assert.equal(syntax.severity, 'error');
  assert.ok(syntax.line >= 3, `line ${syntax.line}`);
  // With a broken file nothing of it applies: the doubled baseurl is still an error.
  assert.equal(run(['check', site]).status, 1);

  writeFileSync(cfg, 'severity:\n  baseurl-doubled: warning\n  no-such-code: off\n  missing-file: loud\nimageKeys: thumb\nexclude: [ok/**, 3]\nbuild: netlify\ncolour: red\n');
  const found = check().map((f) => `${f.line}:${f.column} ${f.code} ${f.message.split(/[;.]/)[0]}`);
  assert.deepEqual(found, [
    "3:3 ipe-config-value 'no-such-code' is not a code of IPE Author (`ipe-author codes` lists them)",
    "4:17 ipe-config-value The severity of 'missing-file' must be error, warning, information, hint or off, not the text 'loud'",
    "5:12 ipe-config-value 'imageKeys' must be a list of texts, not the text 'thumb'",
    "6:18 ipe-config-value Each entry of 'exclude' must be a non-empty text, not number 3",
    "7:8 ipe-config-value 'build' must be auto, github-pages, jekyll, not the text 'netlify'",
    "8:1 ipe-config-value Unknown setting 'colour' in ",
  ]);
  // The good values still apply.
  const r = run(['check', site, '--format', 'json']);
  assert.ok((JSON.parse(r.stdout) as Array<{ code: string; severity: string }>).some((f) => f.code === 'baseurl-doubled' && f.severity === 'warning'));

  for (const text of ['- a\n- b\n', '\uFEFF', '', 'severity: 3\n', 'severity:\n  ? [a]\n  : b\n', '"unterminated\n', '\0\0\0', 'a: &x\n  b: *x\n'.repeat(3), `severity:\n${'  missing-file: warning\n'.repeat(2)}`]) {
    writeFileSync(cfg, text);
    const r2 = run(['check', site, '--format', 'json']);
    assert.ok(r2.status === 0 || r2.status === 1, `${JSON.stringify(text)}: ${r2.stderr}`);
    JSON.parse(r2.stdout);
  }
  // JSON with its own syntax error, at its line.
  rmSync(cfg);
  writeFileSync(join(site, '.ipe-author.json'), '{\n  "severity": {\n    "missing-file": "off",\n  }}\n  }\n');
  const json = (JSON.parse(run(['check', site, '--format', 'json']).stdout) as Array<{ file: string; code: string; line: number }>).filter((f) => f.file === '.ipe-author.json');
  assert.ok(json.length > 0 && json.every((f) => f.code === 'ipe-config-syntax'), JSON.stringify(json));
});

// ---- suppressions -------------------------------------------------------------------------------------

test('suppression comments in Markdown, HTML, Liquid and front matter; unused ones are reported', (t) => {
  const dir = tempDir(t, 'ipe-sup-');
  const site = smallSite(dir, {
    '_posts/2022-11-21-a.md': "---\nlayout: post\ntitle: A\n# ipe-author-disable-next-line baseurl-doubled -- the layout is changing\nbackground: '/ipe/img/posts/posts.jpg'\n---\n\n<!-- ipe-author-disable-next-line missing-file -->\n![a](/ipe/img/a.png)\n![b](/ipe/img/b.png)\n",
    'about.md': '---\ntitle: About\n---\n\n<!-- ipe-author-disable missing-file -->\n![x](/ipe/img/none.png)\n<img src="/ipe/img/none2.png">\n<!-- ipe-author-enable -->\n![y](/ipe/img/none3.png)\n{% comment %}\nipe-author-disable-next-line missing-file\n{% endcomment %}\n![z](/ipe/img/none4.png)\n<!-- ipe-author-disable-next-line case-mismatch -->\n![w](/ipe/img/none5.png)\n<!-- ipe-author-disable-line no-such-code -->\n',
    'contact.html': '---\ntitle: C\n---\n<!-- ipe-author-disable-next-line -->\n<img src="/ipe/img/c.png"><img src="/ipe/img/d.png">\n',
  });
  const r = run(['check', site, '--format', 'json']);
  const found = (JSON.parse(r.stdout) as Array<{ file: string; line: number; code: string; message: string }>).map((f) => `${f.file}:${f.line} ${f.code}`);
  assert.deepEqual(found, [
    '_posts/2022-11-21-a.md:10 missing-file',
    'about.md:9 missing-file',
    'about.md:14 unused-suppression',
    'about.md:15 missing-file',
    'about.md:16 unused-suppression',
  ]);
  const text = run(['check', site]).stdout;
  assert.match(text, /about\.md:14:1: warning unused-suppression: This suppression of 'case-mismatch' suppresses no problem any more/);
  assert.match(text, /about\.md:16:1: warning unused-suppression: This suppression names 'no-such-code', which is not a code/);
  // A config-file severity applies to the unused-suppression report like any code.
  writeFileSync(join(site, '.ipe-author.yml'), 'severity:\n  unused-suppression: off\n');
  assert.ok(!run(['check', site]).stdout.includes('unused-suppression'));
});

// ---- files as arguments, exit status, colours, progress -----------------------------------------------

test('check FILE…: those files judged within their site; site-wide findings only where they involve them', (t) => {
  const dir = tempDir(t, 'ipe-files-');
  const site = smallSite(dir, {
    // Two posts on one URL (a site-wide finding in both).
    '_posts/2022-11-23-same.md': '---\ntitle: S\n---\n',
    '_posts/2022-11-23-same.markdown': '---\ntitle: S2\n---\n',
    'README.md': 'not part of any site above\n',
  });
  writeFileSync(join(dir, 'README.md'), 'outside the site\n');
  const json = (args: string[]) => (JSON.parse(run(['check', ...args, '--format', 'json'], dir).stdout) as Array<{ file: string; code: string }>).map((f) => `${f.file} ${f.code}`);
  assert.deepEqual(json(['site/about.md']), ['about.md missing-file']);
  assert.deepEqual(json(['site/about.md', 'README.md']), ['about.md missing-file']);
  assert.deepEqual(json(['site/_posts/2022-11-23-same.md']), ['_posts/2022-11-23-same.markdown post-url-conflict', '_posts/2022-11-23-same.md post-url-conflict']);
  const text = run(['check', 'site/about.md', 'site/_layouts/post.html'], dir);
  assert.equal(text.status, 1);
  assert.match(text.stdout, /^1 file checked in site \(baseurl '\/ipe'; built as plain Jekyll: [^)]*\): 1 error, 0 warnings, 0 info$/m);
  assert.equal(run(['check', 'README.md'], dir).status, 0);
  assert.equal(run(['check', 'site/nope.md'], dir).status, 2);
});

test('exit status: --fail-on sets the level that fails; 2 for bad usage', (t) => {
  const dir = tempDir(t, 'ipe-exit-');
  const site = smallSite(dir, { '_posts/2022-11-21-a.md': "---\nlayout: post\ntitle: A\nbackground: '/img/posts/posts.jpg'\n---\n", 'about.md': '---\ntitle: About\n---\n\n<img src="/ipe/img/posts\\posts.jpg">\n' });
  const status = (...args: string[]) => run(['check', site, ...args]).status;
  assert.equal(status(), 0, 'a warning does not fail by default');
  assert.equal(status('--fail-on', 'warning'), 1);
  assert.equal(status('--fail-on=information'), 1);
  assert.equal(status('--severity', 'backslash=information', '--fail-on', 'warning'), 0);
  assert.equal(status('--severity', 'backslash=error'), 1);
  for (const bad of [['--fail-on', 'fatal'], ['--dry-run'], ['--format', 'xml'], ['--ipe-config', 'nope.yml']]) assert.equal(status(...bad), 2, bad.join(' '));
});

test('colours and the progress line only on a terminal', async () => {
  const capture = async (io: { outIsTTY?: boolean; errIsTTY?: boolean; env?: Record<string, string> }, args: string[] = []) => {
    let out = '';
    let err = '';
    const code = await main(['check', 'sample-site', ...args], { out: (s) => (out += s), err: (s) => (err += s), cwd: root, ...io });
    return { code, out, err };
  };
  const plain = await capture({});
  assert.equal(plain.code, 1);
  assert.ok(!/\x1b/.test(plain.out + plain.err));
  const tty = await capture({ outIsTTY: true, errIsTTY: true, env: {} });
  assert.match(tty.out, /\x1b\[31merror\x1b\[39m/);
  assert.match(tty.err, /Checking 5\/5 files…/);
  assert.ok(tty.err.endsWith('\r\x1b[2K'), 'the progress line is cleared');
  assert.equal(tty.out.replace(/\x1b\[[0-9;]*m/g, ''), plain.out);
  assert.ok(!/\x1b/.test((await capture({ outIsTTY: true, env: { NO_COLOR: '1' } })).out));
  assert.ok(!/\x1b/.test((await capture({ outIsTTY: true, errIsTTY: true, env: {} }, ['--format', 'json'])).out));
  assert.match((await capture({ env: {} }, ['--color'])).out, /\x1b\[31m/);
});
