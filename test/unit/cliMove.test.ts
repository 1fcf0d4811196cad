/**
 * `ipe-author mv` from the command line, on a copy of the sample site in a git repository: the move is
 * staged with `git mv`, what landed on the moved files is rewritten, a dry run changes nothing, and
 * what cannot be done is refused before anything changes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createHash } from 'node:crypto';

const root = join(__dirname, '../../..');
const cli = join(root, 'dist/cli.js');
const hasGit = spawnSync('git', ['--version']).status === 0;

function run(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.email=author@example.org', '-c', 'user.name=Author', ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** Every file's path and content hash: what "nothing changed" means. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.git') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(`${relative(dir, p)} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`);
    }
  };
  walk(dir);
  return out.sort();
}

/** The sample site with a few more links: to the about page, to a post through a tag inside a link that lacks the baseurl, and an image. */
function site(withGit: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'ipe-mv-'));
  cpSync(join(root, 'sample-site'), dir, { recursive: true });
  writeFileSync(join(dir, 'index.md'), readFileSync(join(dir, 'index.md'), 'utf8') + '\n[About]({{ site.baseurl }}/about.html) [London]({% post_url 2022-11-21-ipe-meeting-london %}) ![g](img/IPE_graphic.png)\n');
  writeFileSync(join(dir, 'about.md'), readFileSync(join(dir, 'about.md'), 'utf8') + '\n[home](index.html) ![g](img/IPE_graphic.png)\n');
  if (withGit) {
    git(dir, 'init', '-q', '.');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'site');
  }
  return dir;
}

/** Runs a test on a fresh copy of the site (see {@link site}), removed afterwards. */
function inSiteCopy(withGit: boolean, body: (dir: string) => void): void {
  const dir = site(withGit);
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const codes = (dir: string) => (JSON.parse(run(dir, ['check', '.', '--format', 'json']).stdout) as { code: string; file: string }[]).map((f) => `${f.file} ${f.code}`).sort();

test('mv renames a post with git mv and rewrites the tag that names it, even inside a link that is broken for another reason', { skip: hasGit ? false : 'git is not installed' }, () =>
  inSiteCopy(true, (dir) => {
    const findings = codes(dir);
    const r = run(dir, ['mv', '_posts/2022-11-21-ipe-meeting-london.md', '_posts/2022-11-21-london.md']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^moved _posts\/2022-11-21-ipe-meeting-london\.md → _posts\/2022-11-21-london\.md \(git mv\)$/m);
    assert.match(r.stdout, /^ {2}index\.md:\d+:\d+: 2022-11-21-ipe-meeting-london → 2022-11-21-london$/m);
    // Staged as a rename; the edited linker is left for the author to review and stage.
    const status = git(dir, 'status', '--porcelain');
    assert.match(status, /^R. _posts\/2022-11-21-ipe-meeting-london\.md -> _posts\/2022-11-21-london\.md$/m);
    assert.match(status, /^ M index\.md$/m);
    assert.match(readFileSync(join(dir, 'index.md'), 'utf8'), /\[London\]\(\{% post_url 2022-11-21-london %\}\)/);
    // The same findings, at the post's new name: the link still lacks the baseurl, and no build breaks.
    assert.deepEqual(codes(dir), findings.map((f) => f.replace('2022-11-21-ipe-meeting-london', '2022-11-21-london')).sort());
    assert.ok(!codes(dir).some((f) => f.includes('post-url-missing')));
  }));

test('mv moves a page into a new folder and a folder of images: links stay relative, JSON lists the edits', () =>
  inSiteCopy(false, (dir) => {
    const findings = codes(dir);
    const page = run(dir, ['mv', 'about.md', 'team/about.md']);
    assert.equal(page.status, 0, page.stdout + page.stderr);
    const about = readFileSync(join(dir, 'team/about.md'), 'utf8');
    assert.match(about, /\[home\]\(\.\.\/index\.html\) !\[g\]\(\.\.\/img\/IPE_graphic\.png\)/);
    assert.match(readFileSync(join(dir, 'index.md'), 'utf8'), /\[About\]\(\{\{ site\.baseurl \}\}\/team\/about\.html\)/);
    const images = run(dir, ['mv', 'img', 'images', '--format', 'json']);
    assert.equal(images.status, 0, images.stderr);
    const out = JSON.parse(images.stdout) as { moved: { from: string; to: string; by: string }[]; edits: { file: string; line: number; column: number; oldText: string; newText: string }[]; unresolved: unknown[] };
    assert.deepEqual(out.moved, [{ from: 'img', to: 'images', by: 'rename' }]);
    assert.deepEqual(out.unresolved, []);
    assert.ok(out.edits.length >= 5, JSON.stringify(out.edits));
    for (const e of out.edits) {
      // Each edit's place holds its new text now.
      const line = readFileSync(join(dir, e.file), 'utf8').split('\n')[e.line - 1];
      assert.equal(line.slice(e.column - 1, e.column - 1 + e.newText.length), e.newText, JSON.stringify(e));
      assert.ok(e.newText.includes('images/') || e.newText.includes('images'), JSON.stringify(e));
    }
    assert.ok(!existsSync(join(dir, 'img')));
    // The images that worked still work; those that were broken (a doubled baseurl, a relative path)
    // stay broken, now as missing files: a move follows what works, and leaves the rest to the check.
    const byFile = (list: string[]) => list.map((f) => f.split(' ')[0]).sort();
    assert.deepEqual(byFile(codes(dir)), byFile(findings.map((f) => f.replace(/^about\.md/, 'team/about.md'))));
  }));

test('mv --dry-run prints the diff and changes nothing; what cannot be done is refused before anything changes', () =>
  inSiteCopy(false, (dir) => {
    const before = snapshot(dir);
    const dry = run(dir, ['mv', 'about.md', 'team/about.md', '--dry-run']);
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /^--- a\/index\.md\n\+\+\+ b\/index\.md$/m);
    assert.match(dry.stdout, /^\+\[About\]\(\{\{ site\.baseurl \}\}\/team\/about\.html\)/m);
    assert.match(dry.stderr, /would move about\.md → team\/about\.md/);
    assert.deepEqual(snapshot(dir), before);
    const refused: [string[], RegExp][] = [
      [['mv', 'about.md', 'index.md'], /index\.md exists: mv never replaces a file/],
      [['mv', 'about.md', '../elsewhere.md'], /outside the site/],
      [['mv', 'img', 'img/inner'], /into itself/],
      [['mv', 'nothing.md', 'x.md'], /no such file or folder: nothing\.md/],
      [['mv', '.', 'x'], /a site's own folder/],
      [['mv', 'about.md', 'index.md', 'new'], /must be an existing folder/],
      [['mv', 'about.md'], /needs a SOURCE and a DEST/],
      [['mv', 'about.md', 'x.md', '--format', 'sarif'], /--format text or json/],
    ];
    for (const [args, message] of refused) {
      const r = run(dir, args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
      assert.deepEqual(snapshot(dir), before, args.join(' '));
    }
    assert.ok(statSync(join(dir, 'about.md')).isFile());
  }));

test('mv of an image to where the site does not publish it moves it, leaves its links as they are, says so and exits 1', () =>
  inSiteCopy(false, (dir) => {
    const r = run(dir, ['mv', 'img/IPE_graphic.png', '_unpublished/IPE_graphic.png']);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^left as it is: index\.md: img\/IPE_graphic\.png \(no text lands on _unpublished\/IPE_graphic\.png; 'ipe-author check' reports it\)$/m);
    assert.match(r.stdout, /^1 move in \.; 0 links and images rewritten in 0 files, \d+ left as they are\.$/m);
    assert.ok(existsSync(join(dir, '_unpublished/IPE_graphic.png')));
    assert.ok(codes(dir).some((f) => f.startsWith('index.md ')));
  }));

test('mv with --config a,b renames a layout under defaults: in every config file the build reads', () =>
  inSiteCopy(false, (dir) => {
    writeFileSync(join(dir, '_config.yml'), readFileSync(join(dir, '_config.yml'), 'utf8') + '\ndefaults:\n  - scope:\n      path: "notes"\n    values:\n      layout: post\n');
    writeFileSync(join(dir, '_config.dev.yml'), 'defaults:\n  - scope:\n      path: "drafts-here"\n    values:\n      layout: "post"\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a config: layout: post\n');
    // The site's own layouts, so that post.html can be renamed.
    mkdirSync(join(dir, '_layouts'));
    writeFileSync(join(dir, '_layouts/default.html'), '<html><body>{{ content }}</body></html>\n');
    for (const name of ['post', 'page', 'home']) writeFileSync(join(dir, `_layouts/${name}.html`), '---\nlayout: default\n---\n{{ content }}\n');
    const r = run(dir, ['mv', '--config', '_config.yml,_config.dev.yml', '_layouts/post.html', '_layouts/article.html']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(readFileSync(join(dir, '_config.yml'), 'utf8'), /^ {6}layout: article$/m);
    assert.equal(readFileSync(join(dir, '_config.dev.yml'), 'utf8'), 'defaults:\n  - scope:\n      path: "drafts-here"\n    values:\n      layout: "article"\n');
    assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'not a config: layout: post\n');
    // The sample's two posts name it too.
    assert.match(r.stdout, /^1 move in \.; 4 'layout:' values rewritten in 4 files\.$/m, r.stdout);
  }));
