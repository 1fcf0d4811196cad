import { promises as fsp, existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve as resolvePath, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CliIo } from './cli';
import { buildOption, configList, siteOfFile, UsageError, walkArguments } from './cliShared';
import { NodeFileSystem } from './core/nodeFileSystem';
import { configFilesOf, loadSite } from './core/site';
import { checkSite } from './core/checkSite';
import type { BuildSetting } from './core/build';
import { findInstalledTheme, findRepository } from './core/nodeRepository';
import { decodeText } from './core/text';
import { renderPage } from './core/render/renderPage';
import { previewDocument, makeNonce } from './core/render/shell';

const PREVIEW_USAGE = `Usage: ipe-author preview FILE [-o OUT.html] [--site DIR] [--config FILE[,FILE]] [--image-key KEY] [--file-urls]
  Renders FILE (a post or page) as the site shows it and writes one HTML file: local images are
  embedded as data: URIs (or linked by absolute file: URL with --file-urls).`;

const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  webp: 'image/webp',
  avif: 'image/avif',
  bmp: 'image/bmp',
  ico: 'image/x-icon',
};

export function mimeOf(path: string): string {
  return MIME[path.slice(path.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';
}

/** The folder holding the extension's `media/` (the CLI runs from dist/, tests from out/). */
export function findMediaDir(from = __dirname): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'media', 'preview-base.css'))) return join(dir, 'media');
    if (dirname(dir) === dir) return undefined;
  }
}


/** Font CSS with its `url(./file.woff2)` as data: URIs (or file: URLs). */
async function inlineFontUrls(css: string, dir: string, fileUrls: boolean): Promise<string> {
  const parts = css.split(/url\(\.\/([^)]+)\)/);
  for (let i = 1; i < parts.length; i += 2) {
    const file = join(dir, parts[i]);
    parts[i] = fileUrls ? `url("${pathToFileURL(file).href}")` : `url(data:font/woff2;base64,${(await fsp.readFile(file)).toString('base64')})`;
  }
  return parts.join('');
}

/** `ipe-author preview FILE -o OUT.html`: renders a document as a standalone HTML file. */
export async function runPreview(args: string[], io: CliIo): Promise<number> {
  let file: string | undefined;
  let out: string | undefined;
  let siteDir: string | undefined;
  let configFiles: string[] | undefined;
  let fileUrls = false;
  let build: BuildSetting = 'auto';
  const imageKeys = ['background'];
  let help = false;
  try {
    walkArguments(
      args,
      (a) => {
        if (file !== undefined) throw new UsageError(`only one FILE, got '${file}' and '${a}'`);
        file = a;
      },
      (flag, value, written) => {
        if (flag === '-o' || flag === '--output') out = value();
        else if (flag === '--site') siteDir = value();
        else if (flag === '--config') configFiles = configList(value());
        else if (flag === '--image-key') imageKeys.push(value());
        else if (flag === '--build') build = buildOption(value());
        else if (flag === '--file-urls') fileUrls = true;
        else if (flag === '-h' || flag === '--help') help = true;
        else throw new UsageError(`unknown option ${written}`);
      },
    );
    if (help) {
      io.out(PREVIEW_USAGE + '\n');
      return 0;
    }
    if (file === undefined) throw new UsageError('preview needs a FILE');
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`ipe-author: ${error.message}\n\n${PREVIEW_USAGE}\n`);
      return 2;
    }
    throw error;
  }

  const abs = resolvePath(io.cwd, file);
  if (!existsSync(abs) || !statSync(abs).isFile()) {
    io.err(`ipe-author: no such file: ${file}\n`);
    return 2;
  }
  const root = siteDir ? resolvePath(io.cwd, siteDir) : siteOfFile(abs, configFilesOf({ configFiles })[0]);
  if (!root) {
    io.err(`ipe-author: ${file} is not inside a Jekyll site (no _config.yml above it); use --site DIR\n`);
    return 2;
  }
  const path = relative(root, abs).split(sep).join('/');
  if (path.startsWith('../')) {
    io.err(`ipe-author: ${file} is not inside the site ${root}\n`);
    return 2;
  }
  const decoded = decodeText(await fsp.readFile(abs));
  if (decoded.kind !== 'text') {
    io.err(`ipe-author: ${file} is not a text file\n`);
    return 2;
  }
  const fs = new NodeFileSystem(root);
  const site = await loadSite(fs, { configFiles, build, repository: findRepository(root), findTheme: findInstalledTheme });
  // The site's pages, for judging the page's links (broken ones are marked where they stand).
  await checkSite(fs, site);
  const page = await renderPage(site, fs, path, decoded.text, {
    imageKeys,
    sourceLines: true,
    imageUrl: async (f) => {
      if (fileUrls) return pathToFileURL(join(root, ...f.split('/'))).href;
      const data = await fs.readFile(f);
      return `data:${mimeOf(f)};base64,${Buffer.from(data).toString('base64')}`;
    },
  });

  const media = findMediaDir();
  const styles: { css: string }[] = [];
  if (media) {
    styles.push({ css: await fsp.readFile(join(media, 'preview-base.css'), 'utf8') });
    // The layout's Google Fonts, from the packaged font files (embedded: the file stands alone).
    for (const f of page.fonts) {
      try {
        const css = await fsp.readFile(join(media, 'fonts', f), 'utf8');
        styles.push({ css: await inlineFontUrls(css, join(media, 'fonts'), fileUrls) });
      } catch {
        // Fonts not packed (a build without them): the fallback fonts show.
      }
    }
    if (page.stylesheets.length === 0) styles.push({ css: await fsp.readFile(join(media, 'clean-blog.css'), 'utf8') });
  }
  for (const s of page.stylesheets) {
    if (s.css !== undefined) {
      styles.push({ css: s.css });
      continue;
    }
    try {
      styles.push({ css: await fsp.readFile(join(root, ...s.file.split('/')), 'utf8') });
    } catch {
      // A stylesheet that went away: the others still apply.
    }
  }
  const html = previewDocument(page, { nonce: makeNonce(), resourceSource: fileUrls ? 'file:' : '', styles });
  if (out) {
    await fsp.writeFile(resolvePath(io.cwd, out), html);
    const m = page.report.markers;
    io.err(`${out}: ${page.layoutSource === 'site' ? `the site's layout '${page.layout}'` : page.layoutSource === 'built-in' ? `the built-in '${page.layout ?? 'default'}' layout` : 'no layout'}, ${m.length} image marker${m.length === 1 ? '' : 's'}${page.errors.length ? `, ${page.errors.length} problem(s)` : ''}\n`);
  } else io.out(html);
  return 0;
}
