/**
 * Which build a site is modelled with: the rules of src/core/build.ts on small trees, the real IPE
 * repository (a snapshot with its workflow, Gemfile and git remote) and a plain-Jekyll fixture, the
 * setting that overrides it, and what GitHub Pages' build changes in the config.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryFileSystem } from '../../src/core/fileSystem';
import { NodeFileSystem } from '../../src/core/nodeFileSystem';
import { findRepository } from '../../src/core/nodeRepository';
import { detectBuild, githubRemote, gemfileGems, workflowBuild } from '../../src/core/build';
import { loadSite } from '../../src/core/site';
import { main } from '../../src/cli';
import { tempDir, writeTree, removeTree } from '../support/jekyll';

const root = join(__dirname, '../../..');
const IPE_REPO = join(root, 'test/fixtures/ipe-repo');
const OLD = join(root, 'test/fixtures/corpus/ipe-2023-02-10-baseurl-ipe');
const fixtureText = (p: string) => readFileSync(join(IPE_REPO, p), 'utf8');

const GITHUB_REMOTE = '[remote "origin"]\n\turl = git@github.com:someone/blog.git\n';

test('the real IPE repository, with its workflow, Gemfile and remote, is built by GitHub Pages', async () => {
  const dir = tempDir('ipe-repo');
  try {
    cpSync(OLD, dir, { recursive: true });
    cpSync(join(IPE_REPO, '.github'), join(dir, '.github'), { recursive: true });
    cpSync(join(IPE_REPO, 'Gemfile'), join(dir, 'Gemfile'));
    mkdirSync(join(dir, '.git'));
    cpSync(join(IPE_REPO, 'git-config'), join(dir, '.git/config'));
    const repository = findRepository(dir);
    assert.ok(repository);
    assert.equal(repository.sitePath, '');
    const site = await loadSite(new NodeFileSystem(dir), { repository });
    // The Gemfile pins jekyll, but actions/jekyll-build-pages runs the github-pages gem whatever it says.
    assert.deepEqual(site.build, {
      model: 'github-pages',
      reason: 'the workflow .github/workflows/jekyll-gh-pages.yml uses actions/jekyll-build-pages',
      source: 'detected',
      repository: { owner: 'uhcc0002', name: 'ipe', pagesPath: '/ipe' },
    });
    assert.equal(site.githubPages, true);
    // The command line says so in its summary.
    let out = '';
    const code = await main(['check', dir], { out: (s) => (out += s), err: () => undefined, cwd: dir });
    assert.equal(code, 1);
    const summary = out.trimEnd().split('\n').pop() as string;
    assert.match(summary, /; built as GitHub Pages: the workflow \.github\/workflows\/jekyll-gh-pages\.yml uses actions\/jekyll-build-pages\): \d+ errors/);
    // --build overrides it.
    out = '';
    await main(['check', dir, '--build', 'jekyll'], { out: (s) => (out += s), err: () => undefined, cwd: dir });
    assert.match(out.trimEnd().split('\n').pop() as string, /; built as plain Jekyll: the setting chooses plain Jekyll\)/);
  } finally {
    removeTree(dir);
  }
});

test('a plain-Jekyll fixture (Gemfile with jekyll, a workflow that runs jekyll build) is built as plain Jekyll', async () => {
  const dir = tempDir('plain-jekyll');
  try {
    writeTree(dir, {
      '_config.yml': 'title: Plain\n',
      'index.md': '---\nlayout: default\n---\nHi\n',
      Gemfile: 'source "https://rubygems.org"\n\ngem "jekyll", "~> 4.3"\n# gem "github-pages", group: :jekyll_plugins\n',
      '.github/workflows/pages.yml': 'jobs:\n  build:\n    steps:\n      - uses: actions/checkout@v4\n      - uses: ruby/setup-ruby@v1\n      - run: bundle exec jekyll build --baseurl "${{ steps.pages.outputs.base_path }}"\n      - uses: actions/upload-pages-artifact@v3\n',
      '.git/config': GITHUB_REMOTE,
    });
    const site = await loadSite(new NodeFileSystem(dir), { repository: findRepository(dir) });
    assert.equal(site.build.model, 'jekyll');
    assert.equal(site.build.reason, 'the Gemfile pins jekyll without github-pages');
    assert.equal(site.githubPages, false);
  } finally {
    removeTree(dir);
  }
});

test('the rules, in order', async () => {
  const build = (files: Record<string, string>, setting?: 'auto' | 'github-pages' | 'jekyll') => detectBuild(new MemoryFileSystem(files), setting);
  assert.deepEqual(await build({ Gemfile: "gem 'github-pages', group: :jekyll_plugins\n" }), { model: 'github-pages', reason: 'the Gemfile uses the github-pages gem', source: 'detected', repository: undefined });
  assert.equal((await build({ Gemfile: 'gem "jekyll"\n' })).reason, 'the Gemfile pins jekyll without github-pages');
  assert.equal((await build({ '.github/workflows/b.yml': 'steps:\n  - run: bundle exec jekyll build\n' })).reason, 'the workflow .github/workflows/b.yml runs jekyll build itself');
  // A GitHub repository without a Gemfile or a building workflow: GitHub Pages' branch build.
  const branch = await build({ '.git/config': GITHUB_REMOTE, '.github/workflows/lint.yml': 'steps:\n  - run: npm test\n' });
  assert.equal(branch.model, 'github-pages');
  assert.equal(branch.reason, 'the site is in the GitHub repository someone/blog without a Gemfile or a workflow of its own');
  assert.deepEqual(branch.repository, { owner: 'someone', name: 'blog', pagesPath: '/blog' });
  // Nothing at all: plain Jekyll.
  assert.deepEqual(await build({}), { model: 'jekyll', reason: 'no GitHub Pages workflow, github-pages Gemfile or GitHub remote was found', source: 'detected', repository: undefined });
  // A GitLab remote is not GitHub.
  assert.equal((await build({ '.git/config': '[remote "origin"]\n\turl = https://gitlab.com/a/b.git\n' })).model, 'jekyll');
  // The setting decides alone.
  assert.equal((await build({ Gemfile: 'gem "jekyll"\n' }, 'github-pages')).model, 'github-pages');
  assert.equal((await build({ Gemfile: 'gem "jekyll"\n' }, 'github-pages')).reason, 'the setting chooses GitHub Pages');
  // A site in docs/ of a GitHub repository is a branch build; one in another folder is not.
  const repoFs = new MemoryFileSystem({ '.git/config': GITHUB_REMOTE });
  assert.equal((await detectBuild(new MemoryFileSystem({}), 'auto', { fs: repoFs, sitePath: 'docs' })).model, 'github-pages');
  assert.equal((await detectBuild(new MemoryFileSystem({}), 'auto', { fs: repoFs, sitePath: 'site' })).model, 'jekyll');
});

test('remotes, Gemfiles and workflows are read as git, Bundler and Actions read them', () => {
  assert.deepEqual(githubRemote('[remote "origin"]\n\turl = https://github.com/uhcc0002/uhcc0002.github.io\n'), { owner: 'uhcc0002', name: 'uhcc0002.github.io', pagesPath: '' });
  assert.deepEqual(githubRemote('[remote "upstream"]\n url = git@github.com:a/b.git\n[remote "origin"]\n url = ssh://git@github.com/c/d.git\n'), { owner: 'c', name: 'd', pagesPath: '/d' });
  assert.equal(githubRemote('[branch "x"]\n url = https://github.com/a/b\n'), undefined);
  assert.deepEqual([...gemfileGems('# gem "github-pages"\ngem "jekyll", ">= 3.8.5"\ngroup :jekyll_plugins do\n  gem "jekyll-feed"\nend\n')], ['jekyll', 'jekyll-feed']);
  assert.equal(workflowBuild(fixtureText('.github/workflows/jekyll-gh-pages.yml')), 'github-pages');
  assert.equal(workflowBuild('steps:\n  # - uses: actions/jekyll-build-pages@v1\n  - run: echo\n'), undefined);
});

test("GitHub Pages' config: future posts published, baseurl from the remote when missing or '/'", async () => {
  const files = { '_config.yml': "title: x\nbaseurl: '/'\n", '.git/config': GITHUB_REMOTE };
  const pages = await loadSite(new MemoryFileSystem(files));
  assert.equal(pages.build.model, 'github-pages');
  assert.equal(pages.config.basePath, '/blog');
  assert.equal(pages.config.future, true);
  assert.equal(pages.config.problems.some((p) => p.code === 'baseurl-root'), false);
  const plain = await loadSite(new MemoryFileSystem(files), { build: 'jekyll' });
  assert.equal(plain.config.basePath, '');
  assert.equal(plain.config.future, false);
  assert.equal(plain.config.problems.some((p) => p.code === 'baseurl-root'), true);
  // A baseurl the site sets is kept, and so is future: false.
  const own = await loadSite(new MemoryFileSystem({ '_config.yml': "baseurl: '/ipe'\nfuture: false\n", '.git/config': GITHUB_REMOTE }));
  assert.equal(own.config.basePath, '/ipe');
  assert.equal(own.config.future, false);
});
