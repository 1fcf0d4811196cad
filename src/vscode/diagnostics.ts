import * as vscode from 'vscode';
import type { Finding, Severity } from '../core/findings';
import type { DocumentAnalysis } from '../core/analyzeDocument';
import { configFileFindings } from '../core/configFindings';
import { checkableDocuments, checkFile, isCheckableDocument, movedSiteFindings, runSiteChecks } from '../core/checkSite';
import { awaitsReadmeIndex, readmeIndexChanged } from '../core/githubPages';
import { LineIndex } from '../core/text';
import { matchesJekyllPattern } from '../core/site';
import { SiteFilesChange, SiteHandle, WorkspaceSites } from './workspaceSites';
import { parseProjectConfig, PROJECT_CONFIG_NAMES } from '../core/projectConfig';
import { applySeverity, isFindingCode } from '../core/findings';
import { mayHaveDirectives } from '../core/suppressions';
import { FINDINGS_CHECKS } from '../core/checks/index';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export const DIAGNOSTIC_SOURCE = 'IPE';

/** The findings behind a file's diagnostics, with the text they were computed on. */
export interface FileFindings {
  readonly uri: vscode.Uri;
  readonly handle: SiteHandle;
  readonly path: string;
  /** The document version the findings belong to, or undefined when read from disk. */
  readonly version: number | undefined;
  readonly text: string;
  readonly findings: readonly Finding[];
}

function toRange(index: LineIndex, start: number, end: number): vscode.Range {
  const s = index.positionAt(start);
  const e = index.positionAt(end);
  return new vscode.Range(s.line, s.character, e.line, e.character);
}

/**
 * Keeps the Problems panel in step with the sites: a full scan at start (open editors first, in slices,
 * with progress), a debounced re-check of a document as it is typed, and a re-check of everything when
 * a site's files, config or layouts change.
 */
export class DiagnosticsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('ipe-author');
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly analyses = new Map<string, Map<string, DocumentAnalysis>>();
  private readonly documentFindings = new Map<string, FileFindings>();
  private readonly siteFindings = new Map<string, Finding[]>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private scanGeneration = 0;
  /** Sites being read by a scan: their site-wide checks wait for the whole site (a link to a page not yet read is not broken). */
  private readonly scanning = new Set<string>();
  private readonly scanned = new vscode.EventEmitter<void>();
  /** Fires after each full scan. */
  readonly onDidScan = this.scanned.event;

  constructor(private readonly sites: WorkspaceSites, private readonly log: vscode.OutputChannel) {
    this.disposables.push(
      this.scanned,
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.schedule(e.document, 250);
      }),
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => void this.recheckFromDisk(d.uri)),
      sites.onDidReloadSite(() => void this.scanAll()),
      sites.onDidChangeFiles((change) => void this.filesChanged(change)),
    );
  }

  dispose(): void {
    this.scanGeneration++;
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }

  /** What a file's diagnostics were made from (for quick fixes). */
  findingsFor(uri: vscode.Uri): FileFindings | undefined {
    return this.published.get(uri.toString()) ?? this.documentFindings.get(uri.toString());
  }

  /** What each file's diagnostics show: its own and the site-wide findings, suppression comments applied. */
  private readonly published = new Map<string, FileFindings>();

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!this.isCandidate(document.uri)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.checkDocument(document);
      }, delay),
    );
  }

  private isCandidate(uri: vscode.Uri): boolean {
    return (/\.(md|markdown|mkdown|mkdn|mkd|html?|ya?ml)$/i.test(uri.path) || this.isProjectConfigName(uri)) && uri.scheme !== 'output';
  }

  private isProjectConfigName(uri: vscode.Uri): boolean {
    return (PROJECT_CONFIG_NAMES as readonly string[]).includes(uri.path.slice(uri.path.lastIndexOf('/') + 1));
  }

  /**
   * Findings of a site's `.ipe-author.yml` on the given text (an open editor's, unsaved edits included;
   * the settings themselves change when the file is saved). It may lie above the site's folder.
   */
  private publishProjectConfig(handle: SiteHandle, text: string, version: number | undefined): void {
    const project = handle.project;
    if (!project) return;
    const findings = handle.settings.diagnosticsEnabled ? applySeverity([...parseProjectConfig(project.config.file, text, isFindingCode).findings], { severities: handle.settings.severities }) : [];
    this.documentFindings.set(project.uri.toString(), { uri: project.uri, handle, path: project.config.file, version, text, findings });
    this.publish(project.uri);
  }

  private excluded(handle: SiteHandle, path: string): boolean {
    return handle.settings.exclude.some((g) => matchesJekyllPattern(g, path));
  }

  /** Re-checks one open document from its current text. */
  async checkDocument(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed) return;
    if (this.isProjectConfigName(document.uri)) {
      await this.sites.ready();
      const owner = this.sites.all().find((h) => h.project?.uri.toString() === document.uri.toString());
      if (owner) this.publishProjectConfig(owner, document.getText(), document.version);
      return;
    }
    const handle = await this.sites.siteFor(document.uri);
    if (!handle) return;
    const path = handle.relativePath(document.uri);
    if (path === undefined) return;
    if (handle.settings.configFiles.includes(path)) {
      this.publishConfig(handle, path, document.getText(), document.version);
      return;
    }
    if (!isCheckableDocument(handle.site, path)) return;
    if (!handle.settings.diagnosticsEnabled || this.excluded(handle, path)) {
      this.collection.delete(document.uri);
      this.published.delete(document.uri.toString());
      return;
    }
    const text = document.getText();
    const analysis = handle.analyze(path, text);
    const previous = this.siteAnalyses(handle).get(path);
    this.siteAnalyses(handle).set(path, analysis);
    this.documentFindings.set(document.uri.toString(), { uri: document.uri, handle, path, version: document.version, text, findings: analysis.findings });
    // Typing in the body changes nothing the site-wide checks read: publish this document alone, its
    // site-wide findings moved with its links when the edit moved them.
    if (previous && DiagnosticsController.siteSignature(previous) === DiagnosticsController.siteSignature(analysis) && this.moveSiteFindings(handle, path, previous, analysis)) this.publish(document.uri);
    else {
      this.refreshSiteChecks(handle, [document.uri.toString()]);
      // The page may have moved to or from a folder's index URL: a README there starts or stops being that index.
      await this.recheckReadmes(handle, path);
    }
  }

  /** READMEs whose analysis no longer matches what the site's index says of them (index or copied file): checked again. */
  private async recheckReadmes(handle: SiteHandle, except?: string): Promise<void> {
    const changed = [...this.siteAnalyses(handle)].filter(([p, a]) => p !== except && readmeIndexChanged(handle.site, a)).map(([p]) => p);
    if (changed.length === 0) return;
    for (const p of changed) await this.checkFromDisk(handle, p);
    this.refreshSiteChecks(handle, changed.map((p) => handle.uriOf(p).toString()));
  }

  /** The latest analysis of every document of a site (open editors as typed), as the last check left them. */
  analysesOf(handle: SiteHandle): ReadonlyMap<string, DocumentAnalysis> {
    return this.siteAnalyses(handle);
  }

  private siteAnalyses(handle: SiteHandle): Map<string, DocumentAnalysis> {
    const key = handle.root.toString();
    let map = this.analyses.get(key);
    if (!map) this.analyses.set(key, (map = new Map()));
    return map;
  }

  /** Findings of one config file, on its current text (unsaved edits included). */
  private publishConfig(handle: SiteHandle, file: string, text: string, version: number | undefined): void {
    const uri = handle.uriOf(file);
    const findings = handle.settings.diagnosticsEnabled ? configFileFindings(handle.site, file, text, { severities: handle.settings.severities }) : [];
    this.documentFindings.set(uri.toString(), { uri, handle, path: file, version, text, findings });
    this.publish(uri);
  }

  /** Site-wide checks (URL conflicts) over the latest analysis of every document. */
  private refreshSiteChecks(handle: SiteHandle, publishAlso: 'all' | Iterable<string> = 'all'): void {
    const key = handle.root.toString();
    if (this.scanning.has(key)) {
      if (publishAlso !== 'all') for (const uri of publishAlso) this.publish(vscode.Uri.parse(uri));
      return;
    }
    const before = this.siteFindings.get(key) ?? [];
    const after = handle.settings.diagnosticsEnabled ? runSiteChecks(handle.site, [...this.siteAnalyses(handle).values()], { severities: handle.settings.severities }) : [];
    this.siteFindings.set(key, after);
    // Only files whose site-wide findings changed need publishing again (and those asked for).
    const byFile = (list: readonly Finding[]) => {
      const m = new Map<string, string>();
      for (const f of list) m.set(f.file, (m.get(f.file) ?? '') + `${f.code}:${f.range.start}:${f.range.end}:${f.message}\n`);
      return m;
    };
    const was = byFile(before);
    const now = byFile(after);
    const touched = new Set<string>();
    for (const file of new Set([...was.keys(), ...now.keys()])) if (was.get(file) !== now.get(file)) touched.add(handle.uriOf(file).toString());
    if (publishAlso === 'all') {
      for (const fileFindings of this.documentFindings.values()) {
        if (fileFindings.handle.root.toString() === key) touched.add(fileFindings.uri.toString());
      }
    } else for (const uri of publishAlso) touched.add(uri);
    for (const uri of touched) this.publish(vscode.Uri.parse(uri));
  }

  /** The site-wide findings of a document whose links an edit moved: moved with them, if each stands at one (else false). */
  private moveSiteFindings(handle: SiteHandle, path: string, before: DocumentAnalysis, after: DocumentAnalysis): boolean {
    const key = handle.root.toString();
    const list = this.siteFindings.get(key) ?? [];
    if (before.links.every((l, i) => l.range.start === after.links[i]?.range.start)) return true;
    const moved = movedSiteFindings(list, path, before.links, after.links);
    if (!moved) return false;
    this.siteFindings.set(key, moved);
    return true;
  }

  /**
   * What the site-wide checks read of a document: its output URL, date, layout and publication, and its
   * links as written (not where they stand: an edit that only moves them moves their findings along).
   */
  private static siteSignature(a: DocumentAnalysis | undefined): string {
    if (!a) return '';
    // Links are judged with the whole site at hand: their text, and the ids other pages' links may name.
    const links = a.links.map((l) => `${l.kind}:${l.target}:${l.context ?? ''}:${l.literal ? 1 : 0}:${l.span ? `${l.range.start - l.span.start},${l.span.end - l.range.end}` : ''}:${l.linkText ?? ''}:${l.raw}`).join('\u0000');
    const ids = a.anchors().map((x) => x.id).join('\u0000');
    return `${a.kind}|${a.url.url}|${a.url.date?.instant ?? ''}|${String(a.data.published)}|${String(a.data.layout)}|${String(a.data.title)}|${a.frontMatter.problems.length}|${links}|${ids}`;
  }

  private publish(uri: vscode.Uri): void {
    const entry = this.documentFindings.get(uri.toString());
    const handle = entry?.handle ?? this.sites.siteForSync(uri);
    if (!handle) return;
    const path = handle.relativePath(uri);
    const siteLevel = (this.siteFindings.get(handle.root.toString()) ?? []).filter((f) => f.file === path);
    let findings = [...(entry?.findings ?? []), ...siteLevel];
    // Suppression comments, as the command line applies them: in the documents, after every check.
    if (entry && path !== undefined && mayHaveDirectives(entry.text) && isCheckableDocument(handle.site, path)) {
      for (const check of FINDINGS_CHECKS) findings = check.apply(findings, new Map([[path, entry.text]]), { severities: handle.settings.severities }, isFindingCode);
    }
    // A layout or include has no analysis of its own: its findings (the links check's) sit on the text the site read.
    const templateText = entry || path === undefined ? undefined : handle.site.templates.get(path);
    if (entry) this.published.set(uri.toString(), { ...entry, findings });
    else if (templateText !== undefined && path !== undefined && findings.length > 0) this.published.set(uri.toString(), { uri, handle, path, version: undefined, text: templateText, findings });
    else this.published.delete(uri.toString());
    if (findings.length === 0) {
      this.collection.delete(uri);
      return;
    }
    const index = new LineIndex(entry?.text ?? templateText ?? '');
    this.collection.set(
      uri,
      findings.map((f) => {
        const d = new vscode.Diagnostic(toRange(index, f.range.start, f.range.end), f.message, SEVERITY[f.severity]);
        d.source = DIAGNOSTIC_SOURCE;
        d.code = f.code;
        // A finding in a layout or include: the pages it fails on.
        if (f.pages && f.pages.length > 0) {
          d.relatedInformation = f.pages.slice(0, 20).map((p) => new vscode.DiagnosticRelatedInformation(new vscode.Location(handle.uriOf(p.file), new vscode.Position(0, 0)), `fails on ${p.file}${p.resolved ? `: requests ${p.resolved}` : ''}`));
        }
        return d;
      }),
    );
  }

  private async recheckFromDisk(uri: vscode.Uri): Promise<void> {
    const projectOwner = this.documentFindings.get(uri.toString())?.handle;
    if (projectOwner?.project?.uri.toString() === uri.toString()) {
      // Closed without saving: the file on disk is what the settings were read from.
      this.publishProjectConfig(projectOwner, projectOwner.project.text, undefined);
      return;
    }
    const handle = this.sites.siteForSync(uri);
    if (!handle) return;
    const path = handle.relativePath(uri);
    if (path === undefined || !this.documentFindings.has(uri.toString())) return;
    await this.checkFromDisk(handle, path);
    this.refreshSiteChecks(handle, [uri.toString()]);
  }

  private async checkFromDisk(handle: SiteHandle, path: string): Promise<void> {
    const uri = handle.uriOf(path);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && !d.isClosed);
    if (open) {
      const text = open.getText();
      const analysis = handle.analyze(path, text);
      this.siteAnalyses(handle).set(path, analysis);
      this.documentFindings.set(uri.toString(), { uri, handle, path, version: open.version, text, findings: analysis.findings });
      return;
    }
    const result = await checkFile(handle.fs, handle.site, path, { imageKeys: handle.settings.imageKeys, severities: handle.settings.severities });
    if (result.analysis) this.siteAnalyses(handle).set(path, result.analysis);
    else this.siteAnalyses(handle).delete(path);
    this.documentFindings.set(uri.toString(), { uri, handle, path, version: undefined, text: result.text ?? '', findings: result.findings });
  }

  /**
   * Files came or went: only documents whose verdicts can change are checked again — new documents,
   * documents with a broken reference (an added file may serve it), and documents whose references
   * were served by a removed file.
   */
  private async filesChanged(change: SiteFilesChange): Promise<void> {
    const { handle } = change;
    const analyses = this.siteAnalyses(handle);
    const removed = new Set(change.removed);
    const redo = new Set<string>();
    for (const path of change.added) if (isCheckableDocument(handle.site, path, { excludeGlobs: handle.settings.exclude })) redo.add(path);
    for (const [path, analysis] of analyses) {
      if (removed.has(path)) continue;
      // A README is its folder's index only while the folder has no index of its own.
      if (awaitsReadmeIndex(handle.site, analysis)) redo.add(path);
      for (const { resolution } of analysis.references) {
        if ((change.added.length > 0 && resolution.status === 'broken') || (resolution.status === 'ok' && removed.has(resolution.file))) {
          redo.add(path);
          break;
        }
      }
    }
    for (const path of removed) {
      if (!analyses.has(path)) continue;
      analyses.delete(path);
      const uri = handle.uriOf(path).toString();
      this.documentFindings.delete(uri);
      this.published.delete(uri);
      this.collection.delete(vscode.Uri.parse(uri));
    }
    let slice = Date.now();
    for (const path of redo) {
      if (!handle.settings.diagnosticsEnabled) break;
      await this.checkFromDisk(handle, path);
      if (Date.now() - slice > 25) {
        await new Promise((r) => setTimeout(r, 0));
        slice = Date.now();
      }
    }
    this.refreshSiteChecks(handle, [...redo].map((p) => handle.uriOf(p).toString()));
  }

  /** Checks every document of every site: open editors first, in slices that keep the host responsive. */
  /**
   * Checks every site of the workspace again. Resolves to how many sites and files it checked, or
   * undefined when a newer scan took over before it finished.
   */
  async scanAll(): Promise<ScanSummary | undefined> {
    const generation = ++this.scanGeneration;
    let files = 0;
    await this.sites.ready();
    const handles = this.sites.all();
    // Sites that are gone (folder removed, config deleted): their problems go too.
    const live = new Set(handles.map((h) => h.root.toString()));
    for (const [uri, entry] of this.documentFindings) {
      if (!live.has(entry.handle.root.toString())) {
        this.documentFindings.delete(uri);
        this.published.delete(uri);
        this.collection.delete(vscode.Uri.parse(uri));
      }
    }
    for (const root of [...this.analyses.keys()]) if (!live.has(root)) this.analyses.delete(root);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'IPE: checking the site' }, async (progress) => {
      for (const handle of handles) {
        if (generation !== this.scanGeneration) return;
        const started = Date.now();
        const root = handle.root.toString();
        this.scanning.add(root);
        let checked = 0;
        try {
        const oldUris = [...this.documentFindings.values()].filter((f) => f.handle.root.toString() === root).map((f) => f.uri.toString());
        this.analyses.set(handle.root.toString(), new Map());
        const fresh = new Set<string>();
        const docs = handle.settings.diagnosticsEnabled ? checkableDocuments(handle.site, { excludeGlobs: handle.settings.exclude }) : [];
        const openPaths = new Set(
          vscode.workspace.textDocuments.map((d) => handle.relativePath(d.uri)).filter((p): p is string => p !== undefined),
        );
        const ordered = [...docs.filter((d) => openPaths.has(d)), ...docs.filter((d) => !openPaths.has(d))];
        checked = ordered.length;
        let slice = Date.now();
        for (let i = 0; i < ordered.length; i++) {
          if (generation !== this.scanGeneration) return;
          await this.checkFromDisk(handle, ordered[i]);
          fresh.add(handle.uriOf(ordered[i]).toString());
          if (i < openPaths.size) this.publish(handle.uriOf(ordered[i]));
          if (Date.now() - slice > 25) {
            progress.report({ message: `${i + 1}/${ordered.length}` });
            await new Promise((r) => setTimeout(r, 0));
            slice = Date.now();
          }
        }
        handle.site.documentsIndexed = true;
        // A README that jekyll-readme-index makes its folder's index: checked again now that every document is known.
        await this.recheckReadmes(handle);
        if (generation !== this.scanGeneration) return;
        for (const file of handle.settings.configFiles) {
          const configUri = handle.uriOf(file);
          const openConfig = vscode.workspace.textDocuments.find((d) => d.uri.toString() === configUri.toString());
          let configText: string | undefined = openConfig?.getText();
          if (configText === undefined) {
            try {
              configText = new TextDecoder().decode(await vscode.workspace.fs.readFile(configUri));
            } catch {
              continue;
            }
          }
          this.publishConfig(handle, file, configText, openConfig?.version);
          fresh.add(configUri.toString());
        }
        if (handle.project) {
          const projectUri = handle.project.uri;
          const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === projectUri.toString() && !d.isClosed);
          this.publishProjectConfig(handle, open?.getText() ?? handle.project.text, open?.version);
          fresh.add(projectUri.toString());
        }
        for (const uri of oldUris) {
          if (!fresh.has(uri)) {
            this.documentFindings.delete(uri);
            this.published.delete(uri);
            this.collection.delete(vscode.Uri.parse(uri));
          }
        }
        } finally {
          this.scanning.delete(root);
        }
        this.refreshSiteChecks(handle);
        files += checked;
        this.log.appendLine(`Checked ${checked} files of ${handle.root.fsPath || handle.root.path} (baseurl '${handle.site.config.baseurlRaw}') in ${Date.now() - started} ms.`);
      }
    });
    if (generation !== this.scanGeneration) return undefined;
    this.scanned.fire();
    return { sites: handles.length, files };
  }

  /** The problems shown now, by severity. */
  problemCounts(): ProblemCounts {
    const counts = { errors: 0, warnings: 0, infos: 0 };
    this.collection.forEach((_uri, diagnostics) => {
      for (const d of diagnostics) {
        if (d.severity === vscode.DiagnosticSeverity.Error) counts.errors++;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) counts.warnings++;
        else counts.infos++;
      }
    });
    return counts;
  }
}

export interface ScanSummary {
  readonly sites: number;
  readonly files: number;
}

export interface ProblemCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}
