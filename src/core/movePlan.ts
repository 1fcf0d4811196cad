/**
 * What moving files and folders of a site does to its links and images, worked out before anything
 * moves: the site is read as it is and as it will be (through {@link MovedFileSystem}), and the edits
 * that make every reference land where it did are checked on the site as it will be. The command line's
 * `ipe-author mv` carries the plan out; the editor, which sees the move happen, uses `moves.ts` itself.
 */
import type { SiteFileSystem } from './fileSystem';
import { readTextFile } from './fileSystem';
import type { AnalyzeOptions, DocumentAnalysis } from './analyzeDocument';
import { configFilesOf, loadSite, Site, SiteOptions } from './site';
import { checkableDocuments, checkFile, SiteCheckOptions } from './checkSite';
import { editsAfterMove, expandMoves, KeptReference, MoveEdit, referencesToKeep, templateReferencesToKeep } from './moves';
import { MovedFileSystem } from './movedFileSystem';
import { layoutRenameEdits, layoutRenameTargets } from './layoutMoves';

export interface MovePlan {
  /** Every file of the site that moves: old path → new path. */
  readonly moves: Map<string, string>;
  /** The edits, at the documents' paths after the move, in the text they have now. */
  readonly edits: MoveEdit[];
  /** References no text could keep on their file (reported by the check after the move). */
  readonly unresolved: KeptReference[];
  /** How many references the move concerns that land where they did without an edit. */
  readonly unchanged: number;
  /** The text of each edited document (its path after the move), as it is now. */
  readonly texts: Map<string, string>;
  /** The site as it will be. */
  readonly after: Site;
}

/** Reads and analyses every document of a site; the site's index knows them all afterwards. */
async function analysed(fs: SiteFileSystem, site: Site, options: SiteCheckOptions): Promise<{ analyses: DocumentAnalysis[]; texts: Map<string, string> }> {
  const analyses: DocumentAnalysis[] = [];
  const texts = new Map<string, string>();
  // Read as the check reads (binary and oversized files skipped), without its findings.
  const quiet = { ...options, findings: false };
  for (const path of checkableDocuments(site, options)) {
    const { analysis, text } = await checkFile(fs, site, path, quiet);
    if (!analysis || text === undefined) continue;
    analyses.push(analysis);
    texts.set(path, text);
  }
  site.documentsIndexed = true;
  return { analyses, texts };
}

/** The plan for moving each `from` (a file or folder, site-relative) to its `to`. Changes nothing. */
export async function planMove(fs: SiteFileSystem, pairs: readonly (readonly [string, string])[], siteOptions: SiteOptions = {}, options: SiteCheckOptions & AnalyzeOptions = {}): Promise<MovePlan> {
  const before = await loadSite(fs, siteOptions);
  const { analyses } = await analysed(fs, before, options);
  const moves = expandMoves(before.allFiles(), pairs);
  const kept = [...referencesToKeep(before, analyses, moves), ...templateReferencesToKeep(before, moves)];
  const movedFs = new MovedFileSystem(fs, pairs);
  const after = await loadSite(movedFs, siteOptions);
  const { texts } = await analysed(movedFs, after, options);
  const textOf = (path: string) => texts.get(path) ?? after.templates.get(path);
  const result = editsAfterMove(after, kept, textOf, options);
  // Renamed layouts: the `layout:` values that name them, in the documents, the layouts and every
  // config file the build reads; written into the documents that got one from jekyll-default-layout.
  const configFiles = configFilesOf(siteOptions);
  const layouts = layoutRenameTargets(before, analyses, moves, configFiles);
  if (layouts) {
    for (const config of configFiles) {
      const text = await readTextFile(movedFs, config);
      if (text !== undefined) texts.set(config, text);
    }
    result.edits.push(...layoutRenameEdits(layouts, textOf));
  }
  const edited = new Map<string, string>();
  for (const e of result.edits) {
    const text = textOf(e.path);
    if (text !== undefined) edited.set(e.path, text);
  }
  return { moves, edits: result.edits, unresolved: result.unresolved, unchanged: result.unchanged, texts: edited, after };
}
