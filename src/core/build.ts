/**
 * Which build makes the deployed site: GitHub Pages' own (the `github-pages` gem: Jekyll 3.10, safe
 * mode, its always-on plugins) or a plain Jekyll that the site's own Gemfile or workflow runs.
 *
 * The rules, per site, in this order:
 * 1. a workflow of the repository uses `actions/jekyll-build-pages` → GitHub Pages (that action ignores
 *    the Gemfile: it runs the github-pages gem whatever the Gemfile pins);
 * 2. the site's Gemfile names the `github-pages` gem → GitHub Pages;
 * 3. the Gemfile names `jekyll` (without `github-pages`) → plain Jekyll;
 * 4. a workflow runs `jekyll build` itself → plain Jekyll;
 * 5. no Gemfile and no building workflow, in a GitHub repository (a github.com remote in `.git/config`)
 *    with the site at the repository's root or in `docs/` (the folders a branch build publishes) →
 *    GitHub Pages;
 * 6. otherwise plain Jekyll.
 */
import type { SiteFileSystem } from './fileSystem';
import { decodeText } from './text';

export type BuildModel = 'github-pages' | 'jekyll';
export type BuildSetting = 'auto' | BuildModel;

export interface GitHubRepository {
  readonly owner: string;
  readonly name: string;
  /** The path GitHub Pages serves the repository under: '' for OWNER.github.io, '/NAME' for a project site. */
  readonly pagesPath: string;
}

export interface BuildInfo {
  readonly model: BuildModel;
  /** Why, as a sentence for people: "the workflow .github/workflows/jekyll-gh-pages.yml uses actions/jekyll-build-pages". */
  readonly reason: string;
  /** Whether a setting or option chose the model, or the files did. */
  readonly source: 'setting' | 'detected';
  /** The GitHub repository of the site, when its git remote names one. */
  readonly repository?: GitHubRepository;
}

/** The git repository around a site, when the site is in one. */
export interface RepositoryContext {
  /** The repository's working tree, paths relative to its root. */
  readonly fs: SiteFileSystem;
  /** The site's folder inside the repository ('' when the site is the repository's root, 'docs'). */
  readonly sitePath: string;
  /** The text of the repository's git config (read from `.git/config` of `fs` when not given). */
  readonly gitConfig?: string;
}

export const BUILD_LABELS: Record<BuildModel, string> = { 'github-pages': 'GitHub Pages', jekyll: 'plain Jekyll' };

async function readText(fs: SiteFileSystem, path: string): Promise<string | undefined> {
  try {
    const stat = await fs.stat(path);
    // A workflow or Gemfile is small; anything large is not one worth reading.
    if (!stat || stat.type !== 'file' || stat.size > 1_000_000) return undefined;
    const decoded = decodeText(await fs.readFile(path));
    return decoded.kind === 'text' ? decoded.text : undefined;
  } catch {
    return undefined;
  }
}

async function listWorkflows(fs: SiteFileSystem): Promise<string[]> {
  try {
    const listed = await fs.readDirectory('.github/workflows');
    return listed
      .filter((e) => e.type === 'file' && /\.ya?ml$/i.test(e.name))
      .map((e) => `.github/workflows/${e.name}`)
      .sort();
  } catch {
    return [];
  }
}

/** Lines of a YAML or Ruby file without their comments (a '#' at the start or after a space). */
function withoutComments(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, '$1'))
    .join('\n');
}

/** The `gem 'NAME'` lines of a Gemfile, by name. */
export function gemfileGems(text: string): Set<string> {
  const gems = new Set<string>();
  for (const m of withoutComments(text).matchAll(/^\s*gem\s*\(?\s*["']([^"']+)["']/gm)) gems.add(m[1]);
  return gems;
}

/** What a workflow does with Jekyll: uses GitHub Pages' action, runs `jekyll build` itself, or neither. */
export function workflowBuild(text: string): 'github-pages' | 'jekyll' | undefined {
  const t = withoutComments(text);
  if (/^\s*(?:-\s*)?uses:\s*["']?actions\/jekyll-build-pages(?:@|["'\s]|$)/m.test(t)) return 'github-pages';
  if (/\bjekyll\s+(?:build|b)\b/.test(t)) return 'jekyll';
  return undefined;
}

/** The github.com repository a git config's remotes name ('origin' first), with its Pages path. */
export function githubRemote(gitConfig: string): GitHubRepository | undefined {
  const remotes: { name: string; url: string }[] = [];
  let current: string | undefined;
  for (const line of gitConfig.split(/\r?\n/)) {
    const section = /^\s*\[\s*remote\s+"([^"]*)"\s*\]/.exec(line);
    if (section) {
      current = section[1];
      continue;
    }
    if (/^\s*\[/.test(line)) {
      current = undefined;
      continue;
    }
    const url = /^\s*url\s*=\s*(.+?)\s*$/.exec(line);
    if (current !== undefined && url) remotes.push({ name: current, url: url[1].replace(/^"|"$/g, '') });
  }
  remotes.sort((a, b) => Number(b.name === 'origin') - Number(a.name === 'origin'));
  for (const r of remotes) {
    const m = /^(?:[a-z+]+:\/\/(?:[^@/]+@)?|[^@/]+@)?(?:www\.)?github\.com[:/]+([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/i.exec(r.url);
    if (!m) continue;
    const [owner, name] = [m[1], m[2]];
    // jekyll-github-metadata: a user or organisation site (OWNER.github.io) is served at the root.
    const userSite = name.toLowerCase() === `${owner.toLowerCase()}.github.io` || name.toLowerCase() === `${owner.toLowerCase()}.github.com`;
    return { owner, name, pagesPath: userSite ? '' : `/${name}` };
  }
  return undefined;
}

/** Works out the build of a site from its files and its repository; `setting` other than 'auto' decides alone. */
export async function detectBuild(siteFs: SiteFileSystem, setting: BuildSetting = 'auto', repository?: RepositoryContext): Promise<BuildInfo> {
  const repo: RepositoryContext = repository ?? { fs: siteFs, sitePath: '' };
  const gitConfig = repo.gitConfig ?? (await readText(repo.fs, '.git/config'));
  const github = gitConfig ? githubRemote(gitConfig) : undefined;
  if (setting === 'github-pages' || setting === 'jekyll') {
    return { model: setting, reason: `the setting chooses ${BUILD_LABELS[setting]}`, source: 'setting', repository: github };
  }
  const detected = (model: BuildModel, reason: string): BuildInfo => ({ model, reason, source: 'detected', repository: github });

  const workflows: { path: string; build: 'github-pages' | 'jekyll' }[] = [];
  // The repository's workflows; a site in a subfolder that carries a `.github/workflows` of its own
  // (a copy of a site repository) is read too.
  const sources = repo.fs === siteFs ? [{ fs: siteFs, prefix: '' }] : [{ fs: siteFs, prefix: '' }, { fs: repo.fs, prefix: repo.sitePath === '' ? '' : "the repository's " }];
  for (const { fs, prefix } of sources) {
    for (const path of await listWorkflows(fs)) {
      const text = await readText(fs, path);
      const build = text === undefined ? undefined : workflowBuild(text);
      if (build) workflows.push({ path: prefix + path, build });
    }
  }
  const pagesWorkflow = workflows.find((w) => w.build === 'github-pages');
  if (pagesWorkflow) return detected('github-pages', `the workflow ${pagesWorkflow.path} uses actions/jekyll-build-pages`);

  const prefix = repo.sitePath === '' ? '' : repo.sitePath.replace(/\/+$/, '') + '/';
  let gemfilePath = 'Gemfile';
  let gemfile = await readText(siteFs, 'Gemfile');
  if (gemfile === undefined && prefix !== '') {
    gemfile = await readText(repo.fs, 'Gemfile');
    gemfilePath = 'the repository\'s Gemfile';
  }
  if (gemfile !== undefined) {
    const gems = gemfileGems(gemfile);
    if (gems.has('github-pages')) return detected('github-pages', `${gemfilePath === 'Gemfile' ? 'the Gemfile' : gemfilePath} uses the github-pages gem`);
    if (gems.has('jekyll')) return detected('jekyll', `${gemfilePath === 'Gemfile' ? 'the Gemfile' : gemfilePath} pins jekyll without github-pages`);
  }
  const ownBuild = workflows.find((w) => w.build === 'jekyll');
  if (ownBuild) return detected('jekyll', `the workflow ${ownBuild.path} runs jekyll build itself`);
  if (github && gemfile === undefined) {
    const folder = repo.sitePath.replace(/\/+$/, '');
    if (folder === '' || folder === 'docs') {
      return detected(
        'github-pages',
        `the site is in the GitHub repository ${github.owner}/${github.name}${folder ? ' (docs/)' : ''} without a Gemfile or a workflow of its own`,
      );
    }
    return detected('jekyll', `the site is in ${folder}/ of ${github.owner}/${github.name}, a folder GitHub Pages does not build from, and nothing else names a build`);
  }
  if (github) return detected('jekyll', `${gemfilePath === 'Gemfile' ? 'the Gemfile' : gemfilePath} names neither github-pages nor jekyll, and no workflow builds the site`);
  return detected('jekyll', 'no GitHub Pages workflow, github-pages Gemfile or GitHub remote was found');
}
