/**
 * The floor of a whole-site check: list the tree (skipping what the checker skips) and read every
 * Markdown and HTML source once, as fast as Node does it (synchronous calls, no parsing).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SKIPPED = new Set(['.git', '_site', '.jekyll-cache', '.sass-cache', 'node_modules', '.bundle']);
const SOURCE = /\.(md|markdown|mkdown|mkdn|mkd|html?)$/i;

export function readEverything(root: string): { files: number; sources: number; bytes: number } {
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
        if (SOURCE.test(entry.name) && !path.startsWith('_layouts/') && !path.startsWith('_includes/')) {
          sources++;
          bytes += readFileSync(join(root, path)).byteLength;
        }
      }
    }
  }
  return { files, sources, bytes };
}
