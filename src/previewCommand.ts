import type { CliIo } from './cli';

/** `ipe-author preview FILE -o OUT.html`: renders a document as a standalone HTML file. */
export async function runPreview(_args: string[], io: CliIo): Promise<number> {
  io.err('ipe-author: preview is not available yet\n');
  return 2;
}
