// The same in-host suite under @vscode/test-electron, for machines that can download VS Code
// (it fetches a desktop build from Microsoft's update server on first use, into .vscode-test/).
// Usage: npm run test:electron      (VS Code version: IPE_VSCODE_VERSION, default "stable")
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repoRoot = resolve(__dirname, '../../..');
  const parent = mkdtempSync(join(tmpdir(), 'ipe-electron-'));
  const workspace = join(parent, 'workspace');
  cpSync(join(repoRoot, 'test/fixtures/vscode-workspace'), workspace, { recursive: true });
  try {
    await runTests({
      version: process.env.IPE_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(repoRoot, 'out/test/integration/suite/index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', join(parent, 'user-data')],
    });
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
