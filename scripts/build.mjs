// Builds the extension bundle, the command-line checker and the test files with esbuild.
// Usage: node scripts/build.mjs [--watch]
import { build, context } from 'esbuild';
import { readdirSync, statSync, existsSync, chmodSync, mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const watch = process.argv.includes('--watch');

function walk(dir, pick, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, pick, out);
    else if (pick(p)) out.push(p);
  }
  return out;
}

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

/**
 * In the checker's bundle, `import('./previewCommand')` loads the preview's own bundle beside it, by
 * `require` (the launcher runs the checker in a vm.Script, which has no dynamic import).
 */
const previewApart = {
  name: 'preview-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/previewCommand$/ }, () => ({ path: './cliPreview.js', external: true }));
  },
};

/**
 * The Sass compiler (dart-sass's pure JavaScript build, ~3 MB) is a bundle of its own, dist/sass.js,
 * required only when a preview first compiles a site's Sass: neither activation nor a check loads it.
 */
const sassApart = {
  name: 'sass-apart',
  setup(b) {
    b.onResolve({ filter: /^sass$/ }, () => ({ path: './sass.js', external: true }));
  },
};

const configs = [
  { ...common, entryPoints: [join(root, 'src/sassBundle.ts')], outfile: join(root, 'dist/sass.js'), format: 'cjs', minify: true, sourcemap: false },
  // What ships: everything bundled, only `vscode` left to the host.
  { ...common, entryPoints: [join(root, 'src/extension.ts')], outfile: join(root, 'dist/extension.js'), format: 'cjs', external: ['vscode'], minify: !watch, plugins: [sassApart], supported: { 'dynamic-import': false } },
  // The command: a small launcher (the bin) that starts the checker's bundle from V8's code cache.
  { ...common, entryPoints: [join(root, 'src/cliLauncher.ts')], outfile: join(root, 'dist/cli.js'), format: 'cjs', banner: { js: '#!/usr/bin/env node' }, minify: !watch },
  // `ipe-author preview` is a bundle of its own, loaded only by that command: the renderer (markdown-it,
  // liquidjs, parse5) is about 70% of the code, which a check would otherwise load and compile each time.
  { ...common, entryPoints: [join(root, 'src/cli.ts')], outfile: join(root, 'dist/cliMain.js'), format: 'cjs', minify: !watch, plugins: [previewApart], supported: { 'dynamic-import': false } },
  { ...common, entryPoints: [join(root, 'src/previewCommand.ts')], outfile: join(root, 'dist/cliPreview.js'), format: 'cjs', minify: !watch, plugins: [sassApart], supported: { 'dynamic-import': false } },
  // The webview script runs in the preview's browser context.
  ...(existsSync(join(root, 'media/src/preview.ts'))
    ? [{ bundle: true, platform: 'browser', target: 'es2022', format: 'iife', sourcemap: false, logLevel: 'warning', entryPoints: [join(root, 'media/src/preview.ts')], outfile: join(root, 'media/preview.js') }]
    : []),
  // Tests and benchmarks: node_modules stay external so real packages are used as installed.
  {
    ...common,
    entryPoints: [...walk(join(root, 'test'), (p) => p.endsWith('.ts') && !p.includes('/fixtures/')), ...walk(join(root, 'bench'), (p) => p.endsWith('.ts'))],
    outdir: join(root, 'out'),
    outbase: root,
    format: 'cjs',
    packages: 'external',
  },
];

/**
 * The web fonts the IPE site loads from Google Fonts (its head.html asks for Lora 400/700 upright and
 * italic, Open Sans 300–800 upright and italic), packed from the @fontsource packages into media/fonts/:
 * the latin and latin-ext woff2 files only, and one CSS file per family with their @font-face rules
 * (unicode ranges as the packages give them). The preview serves these instead of Google's.
 */
const FONTS = {
  lora: { family: 'Lora', weights: [400, 700] },
  'open-sans': { family: 'Open Sans', weights: [300, 400, 600, 700, 800] },
};
function packFonts() {
  const out = join(root, 'media/fonts');
  mkdirSync(out, { recursive: true });
  for (const [id, { weights }] of Object.entries(FONTS)) {
    const pkg = join(root, 'node_modules/@fontsource', id);
    let css = `/* ${FONTS[id].family}: from @fontsource/${id} (SIL Open Font License 1.1, see ${id}-LICENSE.txt) */\n`;
    for (const weight of weights) {
      for (const style of ['normal', 'italic']) {
        const source = readFileSync(join(pkg, `${weight}${style === 'italic' ? '-italic' : ''}.css`), 'utf8');
        for (const rule of source.split(/(?=\/\* )/)) {
          const m = /\/\* (\S+) \*\//.exec(rule);
          if (!m || !new RegExp(`^${id}-latin(-ext)?-${weight}-${style}$`).test(m[1])) continue;
          const file = `${m[1]}.woff2`;
          copyFileSync(join(pkg, 'files', file), join(out, file));
          css += rule.replace(/src: [^;]*;/, `src: url(./${file}) format('woff2');`).trim() + '\n';
        }
      }
    }
    writeFileSync(join(out, `${id}.css`), css);
    copyFileSync(join(pkg, 'LICENSE'), join(out, `${id}-LICENSE.txt`));
  }
}
packFonts();

if (watch) {
  for (const c of configs) await (await context(c)).watch();
  console.log('watching…');
} else {
  await Promise.all(configs.map((c) => build(c)));
  if (existsSync(join(root, 'dist/cli.js'))) chmodSync(join(root, 'dist/cli.js'), 0o755);
}
