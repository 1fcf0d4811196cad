// The packaged extension: packs the .vsix (scripts/package.mjs), installs it into a fresh extensions
// folder with code-server's own installer, and runs test/integration/packaged/*.itest.ts in a window
// where IPE Author comes from that install (the loaded development extension is an empty probe).
// Like host.test.ts it needs Chromium and code-server; IPE_SKIP_VSCODE=1 skips it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyFixture, loadCodeServer, prepareRealVscode, repoRoot, reportHostRun, runInHost } from './driver';

const TIMEOUT_MS = Number(process.env.IPE_VSCODE_TIMEOUT_MS ?? 8 * 60_000);

test('real VS Code: the packaged .vsix installs and works', { timeout: TIMEOUT_MS + 120_000 }, async (t) => {
  if (!(await prepareRealVscode(t))) return;
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; publisher: string; version: string };
  const temp = mkdtempSync(join(tmpdir(), 'ipe-vsix-'));
  const workspace = copyFixture(join(repoRoot, 'test/fixtures/vscode-workspace'));
  try {
    const vsix = join(temp, `${manifest.name}-${manifest.version}.vsix`);
    // dist/ was just built by scripts/test.mjs; packing it again here would race other test files.
    const packed = spawnSync(process.execPath, [join(repoRoot, 'scripts/package.mjs'), '--no-build', '--out', vsix], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(packed.status, 0, `scripts/package.mjs failed:\n${packed.stdout}\n${packed.stderr}`);
    assert.ok(existsSync(vsix), `${vsix} was not written`);
    t.diagnostic(packed.stdout.split('\n')[0]);

    const listing = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8' });
    if (listing.status === 0) {
      const files = listing.stdout.split('\n').filter(Boolean);
      assert.ok(files.includes('extension/dist/extension.js'), 'the bundle is in the .vsix');
      assert.ok(files.includes('extension/dist/cli.js') && files.includes('extension/dist/cliMain.js'), 'the command and its bundle are in the .vsix');
      assert.ok(files.includes('extension/dist/cliPreview.js'), "the preview command's bundle is in the .vsix");
      assert.deepEqual(files.filter((f) => f.endsWith('.v8cache')), [], 'a code cache made on this machine is not packaged');
      const strays = files.filter((f) => /^extension\/(src|test|out|node_modules|sample-site|scripts|bench|\.cache)\/|\.map$|\.ts$/.test(f));
      assert.deepEqual(strays, [], 'only what runs is packaged');
    }

    const extensionsDir = join(temp, 'extensions');
    mkdirSync(extensionsDir);
    const { installVsix } = await loadCodeServer();
    const { extensions } = installVsix(vsix, extensionsDir);
    const id = `${manifest.publisher}.${manifest.name}@${manifest.version}`;
    assert.ok(extensions.includes(id), `code-server --list-extensions shows ${id}; it shows: ${extensions.join(', ') || '(none)'}`);

    const run = await runInHost({
      workspace: workspace.path,
      extensionDevelopmentPath: join(repoRoot, 'test/fixtures/vsix-probe'),
      extensionTestsPath: join(repoRoot, 'out/test/integration/packaged/index.js'),
      extensionsDir,
      screenshotPrefix: 'vsix-',
      timeoutMs: TIMEOUT_MS,
      onLog: process.env.IPE_VSCODE_VERBOSE === '1' ? (line) => console.log(`[host] ${line}`) : undefined,
    });
    await reportHostRun(t, run, 'packaged extension');
  } finally {
    workspace.remove();
    rmSync(temp, { recursive: true, force: true });
  }
});
