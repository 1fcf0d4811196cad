/**
 * A profiling aid: writes a generated site (default 1,000 posts), or takes an existing site's folder,
 * and runs loadSite + checkSite over it a few times, so that
 * `node --cpu-prof out/bench/profile.js [posts|SITE_DIR] [rounds]` shows the engine's hot spots.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { NodeFileSystem } from '../src/core/nodeFileSystem';
import { loadSite } from '../src/core/site';
import { checkSite } from '../src/core/checkSite';
import { generateSite, writeSite } from './generateSite';
import { readEverything } from './floor';

async function main() {
  const given = process.argv[2] !== undefined && !/^\d+$/.test(process.argv[2]) ? process.argv[2] : undefined;
  if (given !== undefined && !existsSync(given)) throw new Error(`no such site folder: ${given}`);
  const posts = Number(given === undefined ? process.argv[2] ?? 1000 : 0);
  const rounds = Number(process.argv[3] ?? 5);
  const dir = given ?? mkdtempSync(join(tmpdir(), 'ipe-profile-'));
  try {
    if (given === undefined) writeSite(dir, generateSite({ posts }).files);
    let total = 0;
    for (let r = 0; r < rounds; r++) {
      let t = performance.now();
      readEverything(dir);
      const floor = performance.now() - t;
      t = performance.now();
      const fs = new NodeFileSystem(dir);
      const loaded = await loadSite(fs);
      const result = await checkSite(fs, loaded);
      const check = performance.now() - t;
      total += check;
      if (rounds <= 20) process.stdout.write(`round ${r}: check ${check.toFixed(1)} ms, floor ${floor.toFixed(1)} ms, ratio ${(check / floor).toFixed(1)}×, ${result.findings.length} findings\n`);
    }
    if (rounds > 20) process.stdout.write(`${rounds} rounds: check ${(total / rounds).toFixed(3)} ms a round on average\n`);
  } finally {
    if (given === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error) + '\n');
  process.exit(1);
});
