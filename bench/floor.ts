/**
 * The floor of a whole-site check: list the tree (skipping what the checker skips) and read every source
 * file once, as fast as Node does it (synchronous calls, no parsing).
 *
 * The source files are what Jekyll reads as text to build the pages: the pages and posts (Markdown and
 * HTML), the layouts and includes, `_config.yml` and the other YAML, JSON and CSV data, and Sass. Static
 * files (images, fonts, scripts) are only listed: a build copies them and a check needs their names
 * alone. `documentsOnly` reads the pages and posts alone, the stricter floor of the earlier runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SKIPPED = new Set(['.git', '_site', '.jekyll-cache', '.sass-cache', 'node_modules', '.bundle']);
const DOCUMENT = /\.(md|markdown|mkdown|mkdn|mkd|html?)$/i;
const SOURCE = /\.(md|markdown|mkdown|mkdn|mkd|html?|ya?ml|json|csv|tsv|scss|sass)$/i;

export interface FloorRead {
  readonly files: number;
  readonly sources: number;
  readonly bytes: number;
}

export function readEverything(root: string, documentsOnly = false): FloorRead {
  let files = 0;
  let sources = 0;
  let bytes = 0;
  const queue = [''];
  while (queue.length > 0) {
    const dir = queue.pop() as string;
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) queue.push(path);
      } else if (entry.isFile()) {
        files++;
        const read = documentsOnly ? DOCUMENT.test(entry.name) && !path.startsWith('_layouts/') && !path.startsWith('_includes/') : SOURCE.test(entry.name);
        if (read) {
          sources++;
          bytes += readFileSync(join(root, path)).byteLength;
        }
      }
    }
  }
  return { files, sources, bytes };
}
