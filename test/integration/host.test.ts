// The extension inside a real VS Code: code-server's extension host, driven from headless Chromium.
// Runs the mocha suite test/integration/suite/*.itest.ts in the host on a copy of
// test/fixtures/vscode-workspace and reports each of its tests here as a subtest.
// Needs Chromium (/usr/bin/chromium) and installs code-server into .cache/ on first use
// (scripts/vscode-setup.mjs). IPE_SKIP_VSCODE=1 skips it; IPE_ITEST_GREP=<text> runs only matching tests.
import { test } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, prepareRealVscode, repoRoot, reportHostRun, runInHost } from './driver';

const TIMEOUT_MS = Number(process.env.IPE_VSCODE_TIMEOUT_MS ?? 12 * 60_000);

test('real VS Code: in-host integration suite', { timeout: TIMEOUT_MS + 60_000 }, async (t) => {
  if (!(await prepareRealVscode(t))) return;
  const extensionTestsPath = join(repoRoot, 'out/test/integration/suite/index.js');
  if (!existsSync(extensionTestsPath)) throw new Error(`${extensionTestsPath} is missing: run node scripts/build.mjs first`);
  const workspace = copyFixture(join(repoRoot, 'test/fixtures/vscode-workspace'));
  try {
    const run = await runInHost({
      workspace: workspace.path,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      screenshotPrefix: 'host-',
      timeoutMs: TIMEOUT_MS,
      env: process.env.IPE_ITEST_GREP ? { IPE_ITEST_GREP: process.env.IPE_ITEST_GREP } : {},
      onLog: process.env.IPE_VSCODE_VERBOSE === '1' ? (line) => console.log(`[host] ${line}`) : undefined,
    });
    await reportHostRun(t, run, 'real VS Code');
  } finally {
    workspace.remove();
  }
});
