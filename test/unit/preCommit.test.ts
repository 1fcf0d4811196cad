// The pre-commit hook for real: Debian's pre-commit installs this repository's hook (as a local hook
// running the built checker, so that nothing is fetched) into a temporary git repository, and a
// `git commit` of a post with a broken image is refused until the image is fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

const root = join(__dirname, '../../..');
const PRE_COMMIT = '/usr/bin/pre-commit';

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  require_serial?: boolean;
  pass_filenames?: boolean;
}

const manifest = () => parse(readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

test('.pre-commit-hooks.yaml declares the hook the README describes', () => {
  const [hook, ...rest] = manifest();
  assert.equal(rest.length, 0);
  assert.equal(hook.id, 'ipe-author');
  assert.equal(hook.language, 'node');
  // The package's command, with the staged files as arguments.
  const bin = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin;
  assert.ok(hook.entry.startsWith('ipe-author check') && 'ipe-author' in bin);
  assert.notEqual(hook.pass_filenames, false);
  const files = new RegExp(hook.files);
  for (const f of ['_posts/2022-11-21-a.md', 'a.markdown', 'about.html', '_config.yml', '.ipe-author.yaml']) assert.ok(files.test(f), f);
  for (const f of ['img/a.png', 'Gemfile', 'a.md.bak']) assert.ok(!files.test(f), f);
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  assert.ok(readme.includes(`files: ${hook.files}`), 'the README shows the same files pattern');
  assert.ok(readme.includes(`runs \`${hook.entry}\``), 'the README names the same command');
});

test('a real git commit is blocked by a broken image and passes once it is fixed', { timeout: 120_000 }, (t) => {
  if (!existsSync(PRE_COMMIT)) return t.skip(`${PRE_COMMIT} is not installed (Debian's pre-commit package)`);
  if (spawnSync('git', ['--version']).status !== 0) return t.skip('git is not installed');
  const cli = join(root, 'dist/cli.js');
  assert.ok(existsSync(cli), 'the checker is built');
  const tmp = mkdtempSync(join(tmpdir(), 'ipe-pre-commit-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const repo = join(tmp, 'repo');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: join(tmp, 'home'),
    PRE_COMMIT_HOME: join(tmp, 'pre-commit'),
    XDG_CACHE_HOME: join(tmp, 'cache'),
    GIT_CONFIG_NOSYSTEM: '1',
    NO_COLOR: '1',
  };
  for (const k of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) delete env[k];
  mkdirSync(env.HOME as string, { recursive: true });
  const sh = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { cwd: repo, env, encoding: 'utf8', timeout: 90_000 });
    return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
  };
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  };
  mkdirSync(repo);
  assert.equal(sh('git', ['init', '-q']).status, 0);
  sh('git', ['config', 'user.name', 'Author']);
  sh('git', ['config', 'user.email', 'author@example.org']);
  sh('git', ['config', 'commit.gpgsign', 'false']);
  // The manifest's hook, run from this checkout instead of installed from the repository.
  const [hook] = manifest();
  const local = { ...hook, entry: hook.entry.replace(/^ipe-author\b/, `${process.execPath} ${cli}`), language: 'system' };
  write('.pre-commit-config.yaml', JSON.stringify({ repos: [{ repo: 'local', hooks: [local] }] }, null, 2) + '\n');
  write('_config.yml', 'baseurl: "/ipe"\ntitle: t\n');
  write('_layouts/post.html', '<main>{{ content }}</main>\n');
  write('img/posts/a.jpg', 'jpg');
  write('_posts/2022-11-21-a.md', '---\nlayout: post\ntitle: A\n---\n\n![a](/ipe/img/posts/b.jpg)\n');
  const installed = sh(PRE_COMMIT, ['install']);
  assert.equal(installed.status, 0, installed.out);
  assert.equal(sh('git', ['add', '-A']).status, 0);

  const blocked = sh('git', ['commit', '-m', 'A post']);
  assert.notEqual(blocked.status, 0, blocked.out);
  assert.match(blocked.out, /IPE Author\.+Failed/);
  assert.match(blocked.out, /_posts\/2022-11-21-a\.md:6:\d+: error missing-file/);
  assert.notEqual(sh('git', ['rev-parse', '--verify', '-q', 'HEAD']).status, 0, 'nothing was committed');

  write('_posts/2022-11-21-a.md', '---\nlayout: post\ntitle: A\n---\n\n![a](/ipe/img/posts/a.jpg)\n');
  sh('git', ['add', '-A']);
  const passed = sh('git', ['commit', '-m', 'A post']);
  assert.equal(passed.status, 0, passed.out);
  assert.match(passed.out, /IPE Author\.+Passed/);
  assert.equal(sh('git', ['rev-list', '--count', 'HEAD']).out.trim(), '1');
});
