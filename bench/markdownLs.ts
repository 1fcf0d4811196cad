/**
 * The baseline: VS Code's own Markdown link validation (`markdown.validate.enabled`), which is
 * `vscode-markdown-languageservice`'s computeDiagnostics, run over the same Markdown files through an
 * in-memory IWorkspace (what its own tests use) filled from disk, with a silent ILogger. Timed: listing
 * the tree, reading every Markdown file, and computing every document's diagnostics.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import MarkdownIt from 'markdown-it';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI, Utils } from 'vscode-uri';
import {
  createLanguageService,
  DiagnosticLevel,
  githubSlugifier,
  ILogger,
  IMdParser,
  ITextDocument,
  IWorkspace,
  LogLevel,
  FileStat,
} from 'vscode-markdown-languageservice';

const SKIPPED = new Set(['.git', '_site', '.jekyll-cache', '.sass-cache', 'node_modules', '.bundle']);
const noEvent = () => ({ dispose() {} });
const token = { isCancellationRequested: false, onCancellationRequested: noEvent };

/** An in-memory workspace: every file's path is known (for stat and readDirectory), Markdown files have text. */
class InMemoryWorkspace implements IWorkspace {
  private readonly docs = new Map<string, ITextDocument>();
  private readonly dirs = new Map<string, Map<string, FileStat>>();

  constructor(readonly root: URI) {}

  get workspaceFolders(): readonly URI[] {
    return [this.root];
  }

  readonly onDidChangeMarkdownDocument = noEvent as unknown as IWorkspace['onDidChangeMarkdownDocument'];
  readonly onDidCreateMarkdownDocument = noEvent as unknown as IWorkspace['onDidCreateMarkdownDocument'];
  readonly onDidDeleteMarkdownDocument = noEvent as unknown as IWorkspace['onDidDeleteMarkdownDocument'];

  addEntry(dir: URI, name: string, isDirectory: boolean): void {
    const key = dir.toString();
    let entries = this.dirs.get(key);
    if (!entries) this.dirs.set(key, (entries = new Map()));
    entries.set(name, { isDirectory });
  }

  addDocument(doc: ITextDocument): void {
    this.docs.set(doc.uri, doc);
  }

  get documents(): ITextDocument[] {
    return [...this.docs.values()];
  }

  async getAllMarkdownDocuments(): Promise<Iterable<ITextDocument>> {
    return this.docs.values();
  }

  hasMarkdownDocument(resource: URI): boolean {
    return this.docs.has(resource.toString());
  }

  async openMarkdownDocument(resource: URI): Promise<ITextDocument | undefined> {
    return this.docs.get(resource.toString());
  }

  async stat(resource: URI): Promise<FileStat | undefined> {
    const key = resource.toString();
    if (this.dirs.has(key)) return { isDirectory: true };
    const parent = this.dirs.get(Utils.dirname(resource).toString());
    return parent?.get(Utils.basename(resource));
  }

  async readDirectory(resource: URI): Promise<Iterable<readonly [string, FileStat]>> {
    return [...(this.dirs.get(resource.toString()) ?? new Map<string, FileStat>())];
  }
}

const logger: ILogger = { level: LogLevel.Off, log() {} };

export async function runMarkdownLanguageService(rootDir: string): Promise<{ ms: number; loadMs: number; documents: number; diagnostics: number; fileLinkDiagnostics: number }> {
  const start = performance.now();
  const root = URI.file(rootDir);
  const workspace = new InMemoryWorkspace(root);
  const queue = [''];
  while (queue.length > 0) {
    const dir = queue.pop() as string;
    const dirUri = dir === '' ? root : Utils.joinPath(root, dir);
    for (const entry of readdirSync(join(rootDir, dir), { withFileTypes: true })) {
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (SKIPPED.has(entry.name)) continue;
        workspace.addEntry(dirUri, entry.name, true);
        queue.push(path);
      } else if (entry.isFile()) {
        workspace.addEntry(dirUri, entry.name, false);
        if (/\.md$/i.test(entry.name)) {
          const uri = Utils.joinPath(dirUri, entry.name).toString();
          workspace.addDocument(TextDocument.create(uri, 'markdown', 1, readFileSync(join(rootDir, path), 'utf8')));
        }
      }
    }
  }
  const loadMs = performance.now() - start;
  const md = new MarkdownIt({ html: true });
  const parser: IMdParser = {
    slugifier: githubSlugifier,
    async tokenize(document) {
      return md.parse(document.getText(), {}) as unknown as Awaited<ReturnType<IMdParser['tokenize']>>;
    },
  };
  const service = createLanguageService({ workspace, parser, logger });
  // VS Code's defaults once `markdown.validate.enabled` is on.
  const options = {
    validateReferences: DiagnosticLevel.warning,
    validateFragmentLinks: DiagnosticLevel.warning,
    validateFileLinks: DiagnosticLevel.warning,
    validateMarkdownFileLinkFragments: DiagnosticLevel.warning,
    validateUnusedLinkDefinitions: DiagnosticLevel.hint,
    validateDuplicateLinkDefinitions: DiagnosticLevel.warning,
    ignoreLinks: [],
  };
  let diagnostics = 0;
  let fileLinkDiagnostics = 0;
  for (const doc of workspace.documents) {
    const found = await service.computeDiagnostics(doc, options, token as never);
    diagnostics += found.length;
    fileLinkDiagnostics += found.filter((d) => d.code === 'link.no-such-file').length;
  }
  service.dispose();
  return { ms: performance.now() - start, loadMs, documents: workspace.documents.length, diagnostics, fileLinkDiagnostics };
}
