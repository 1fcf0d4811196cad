/**
 * A profiling aid: writes a generated site (default 1,000 posts) and runs loadSite + checkSite over it
 * a few times, so that `node --cpu-prof out/bench/profile.js [posts] [rounds]` shows the engine's hot spots.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { NodeFileSystem } from '../src/core/nodeFileSystem';
import { loadSite } from '../src/core/site';
import { checkSite } from '../src/core/checkSite';
import '../src/core/publishChecks';
import { generateSite, writeSite } from './generateSite';
import { readEverything } from './floor';

async function main() {
  const posts = Number(process.argv[2] ?? 1000);
  const rounds = Number(process.argv[3] ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'ipe-profile-'));
  try {
    const site = generateSite({ posts });
    writeSite(dir, site.files);
    for (let r = 0; r < rounds; r++) {
      let t = performance.now();
      readEverything(dir);
      const floor = performance.now() - t;
      t = performance.now();
      const fs = new NodeFileSystem(dir);
      const loaded = await loadSite(fs);
      const result = await checkSite(fs, loaded);
      const check = performance.now() - t;
      process.stdout.write(`round ${r}: check ${check.toFixed(1)} ms, floor ${floor.toFixed(1)} ms, ratio ${(check / floor).toFixed(1)}×, ${result.findings.length} findings\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error) + '\n');
  process.exit(1);
});
