// `npm run package`: builds the minified bundles and packs the extension into ipe-author-<version>.vsix
// with vsce (works offline). What goes in is decided by .vscodeignore.
// Usage: node scripts/package.mjs [--out <file.vsix>] [--no-build]   (--no-build: pack dist/ as it is)
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outIndex = process.argv.indexOf('--out');
const out = resolve(outIndex >= 0 ? process.argv[outIndex + 1] : join(root, `${manifest.name}-${manifest.version}.vsix`));

if (!process.argv.includes('--no-build')) {
  const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

// Everything the extension needs is bundled into dist/, so no node_modules go into the package.
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const packed = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', out], {
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
  cwd: root,
  env: { ...process.env, VSCE_TELEMETRY: 'false' },
});
if (packed.status !== 0) {
  process.stderr.write(packed.stdout + packed.stderr);
  process.exit(packed.status ?? 1);
}
const listed = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { encoding: 'utf8', cwd: root });
const files = (listed.stdout ?? '').split('\n').filter(Boolean);
console.log(`Packaged ${out.startsWith(root) ? out.slice(root.length + 1) : out} (${Math.round(statSync(out).size / 1024)} KB, ${files.length} files):`);
for (const f of files) console.log(`  ${f}`);
