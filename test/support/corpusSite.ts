/**
 * The tree an author of the IPE site has open: a corpus snapshot (`test/fixtures/corpus/`) with the
 * site's own theme files (`test/fixtures/corpus-theme/`) copied over it, in a temporary folder; and its
 * build by the real Jekyll as GitHub Pages runs it (`--safe`, the site's plugins whitelisted as GitHub
 * Pages does), written outside the source so that the preview sees no `_site/`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

export const CORPUS_SNAPSHOTS = {
  'ipe-2023-05-29-baseurl-empty': 'theme-e7be1af',
  'ipe-2023-02-10-baseurl-ipe': 'theme-510148c',
} as const;
export type CorpusSnapshot = keyof typeof CORPUS_SNAPSHOTS;

/** Copies the snapshot and its theme into a new temporary folder and returns it. */
export function assembleCorpusSite(snapshot: CorpusSnapshot): string {
  const dir = mkdtempSync(join(tmpdir(), 'ipe-corpus-'));
  const src = join(dir, 'src');
  cpSync(join(root, 'test/fixtures/corpus', snapshot), src, { recursive: true });
  cpSync(join(root, 'test/fixtures/corpus-theme', CORPUS_SNAPSHOTS[snapshot]), src, { recursive: true });
  return src;
}

export interface CorpusBuild {
  readonly ok: boolean;
  readonly log: string;
  /** The built site's folder. */
  readonly dest: string;
}

/** Builds `src` into `dest` with the real jekyll, as GitHub Pages would (safe mode, whitelisted plugins). */
export function buildCorpusSite(src: string, dest: string): CorpusBuild {
  const extra = join(dest + '-config.yml');
  writeFileSync(extra, 'whitelist: [jekyll-paginate, jekyll-feed, jekyll-sitemap]\n');
  const r = spawnSync('jekyll', ['build', '--safe', '--disable-disk-cache', '-s', src, '-d', dest, '--config', `${join(src, '_config.yml')},${extra}`], {
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC', JEKYLL_ENV: 'production' },
  });
  return { ok: r.status === 0, log: `${r.stdout}${r.stderr}`, dest };
}
