/** The Jekyll side of the benchmark: reading the site Jekyll built for broken images. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/**
 * Reads the built site the way a link checker does: every image URL of every HTML page (img src,
 * srcset, style url()), resolved against the page's URL under the baseurl, looked up in the output.
 */
export function checkBuiltSite(outDir: string, baseurl: string): { pages: number; images: number; broken: number } {
  const origin = 'https://site.invalid';
  let pages = 0;
  let images = 0;
  let broken = 0;
  for (const file of walk(outDir)) {
    if (!/\.html?$/.test(file)) continue;
    pages++;
    const html = readFileSync(file, 'utf8');
    const pageUrl = `${origin}${baseurl}/${relative(outDir, file).split('\\').join('/')}`;
    const urls: string[] = [];
    for (const m of html.matchAll(/<(?:img|source)\b[^>]*?\s(src|srcset)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
      const v = (m[2] ?? m[3] ?? m[4] ?? '').trim();
      if (m[1].toLowerCase() === 'srcset') for (const c of v.split(',')) urls.push(c.trim().split(/\s+/)[0]);
      else urls.push(v);
    }
    for (const m of html.matchAll(/url\(\s*(?:&#39;|&quot;|["'])?([^"')&]+)/gi)) urls.push(m[1].trim());
    for (const raw of urls) {
      if (!raw || /^(data|javascript|mailto):/i.test(raw)) continue;
      let url: URL;
      try {
        url = new URL(raw, pageUrl);
      } catch {
        images++;
        broken++;
        continue;
      }
      if (url.origin !== origin) continue;
      images++;
      let path = url.pathname;
      if (!path.startsWith(baseurl + '/')) {
        broken++;
        continue;
      }
      path = path.slice(baseurl.length);
      try {
        path = decodeURIComponent(path);
      } catch {
        // Left as written.
      }
      const target = join(outDir, path);
      if (!existsSync(target) || (statSync(target).isDirectory() && !existsSync(join(target, 'index.html')))) broken++;
    }
  }
  return { pages, images, broken };
}

