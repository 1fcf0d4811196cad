import * as vscode from 'vscode';
import { configFilesOf, loadSite, Site } from '../core/site';
import type { DocumentAnalysis } from '../core/analyzeDocument';
import { analyzeInSite } from '../core/checkSite';
import { VscodeFileSystem } from './vscodeFileSystem';
import { readSettings, IpeSettings } from './settings';
import { findRepository } from './repository';
import { findInstalledTheme } from '../core/nodeRepository';
import { findProjectConfig, parseProjectConfig, PROJECT_CONFIG_NAMES, ProjectConfig, relativeToSite } from '../core/projectConfig';
import { isFindingCode } from '../core/findings';

/** The site's `.ipe-author.yml` (or `.yaml`, `.json`) as read: where it is, its text, what it sets. */
export interface ProjectConfigFile {
  readonly uri: vscode.Uri;
  readonly text: string;
  readonly config: ProjectConfig;
}

/** The nearest config file from the site's folder upward (to the folder with `.git`), as the command line finds it. */
async function readProjectConfig(root: vscode.Uri): Promise<ProjectConfigFile | undefined> {
  const at = (path: string) => root.with({ path });
  try {
    const found = await findProjectConfig(root.path, {
      async read(path) {
        try {
          const uri = at(path);
          if (((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File) === 0) return undefined;
          return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)).replace(/^\uFEFF/, '');
        } catch {
          return undefined;
        }
      },
      async exists(path) {
        try {
          await vscode.workspace.fs.stat(at(path));
          return true;
        } catch {
          return false;
        }
      },
    });
    if (!found) return undefined;
    return { uri: at(found.path), text: found.text, config: parseProjectConfig(relativeToSite(root.path, found.path), found.text, isFindingCode) };
  } catch {
    return undefined;
  }
}

/** One Jekyll site in the workspace: its folder, its model, and how to reach its files. */
export class SiteHandle {
  constructor(
    readonly root: vscode.Uri,
    readonly fs: VscodeFileSystem,
    public site: Site,
    public settings: IpeSettings,
    public project: ProjectConfigFile | undefined,
  ) {}

  /** The site-relative path of a URI inside this site, or undefined when it is outside. */
  relativePath(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== this.root.scheme || uri.authority !== this.root.authority) return undefined;
    const root = this.root.path.replace(/\/+$/, '');
    if (!uri.path.startsWith(root + '/')) return undefined;
    return uri.path.slice(root.length + 1);
  }

  uriOf(path: string): vscode.Uri {
    return this.fs.uriOf(path);
  }

  /** Analyses a document's text and keeps the site's URL → document index current with it. */
  analyze(path: string, text: string): DocumentAnalysis {
    return analyzeInSite(this.site, path, text, { imageKeys: this.settings.imageKeys, severities: this.settings.severities });
  }
}

/** Files that appeared in or left a site. */
export interface SiteFilesChange {
  readonly handle: SiteHandle;
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** A folder, or any path under it: a whole folder deleted or renamed is reported by the folder's own path. */
const inFolder = (path: string, folder: string) => path === folder || path.startsWith(folder + '/');

/**
 * Whether a change of this file or folder changes what the site is (its config, layouts, includes, or the
 * build modelled): it is read again.
 */
function readsSiteAgain(handle: SiteHandle, path: string): boolean {
  return handle.settings.configFiles.includes(path) || inFolder(path, '_layouts') || inFolder(path, '_includes') || path === 'Gemfile' || inFolder(path, '.github/workflows') || path === '.github';
}

const LISTING_EXCLUDE = '{**/node_modules/**,**/_site/**,**/.git/**,**/.jekyll-cache/**,**/vendor/**}';

/**
 * Finds the Jekyll sites of the workspace (folders with the configured config file), keeps each site's
 * model current through file watchers, and tells listeners when a site changed.
 */
export class WorkspaceSites implements vscode.Disposable {
  private readonly sites = new Map<string, SiteHandle>();
  private readonly loading = new Map<string, { readonly generation: number; readonly token: object; readonly promise: Promise<SiteHandle | undefined> }>();
  /** Counts what may change a site's settings (editor settings, .ipe-author.yml, config): a load begun before is read again. */
  private generation = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<SiteHandle>();
  private readonly reloaded = new vscode.EventEmitter<SiteHandle>();
  private readonly filesChanged = new vscode.EventEmitter<SiteFilesChange>();
  private discovery: Promise<void> | undefined;
  /** Fires when a site's files, config or layouts changed (after the model was updated). */
  readonly onDidChangeSite = this.changed.event;
  /** Fires when a site was read anew (found, config or layouts changed): everything may judge differently. */
  readonly onDidReloadSite = this.reloaded.event;
  /** Fires when files were added to or removed from a site (its config and layouts unchanged). */
  readonly onDidChangeFiles = this.filesChanged.event;
  private readonly pendingFiles = new Map<string, { added: Set<string>; removed: Set<string> }>();

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      watcher,
      this.changed,
      this.reloaded,
      this.filesChanged,
      watcher.onDidCreate((uri) => this.fileEvent(uri, 'create')),
      watcher.onDidDelete((uri) => this.fileEvent(uri, 'delete')),
      watcher.onDidChange((uri) => this.fileEvent(uri, 'change')),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rediscover()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('ipeAuthor')) this.rediscover();
      }),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    for (const w of this.outsideWatchers.values()) w.dispose();
  }

  /** Watchers of `.ipe-author.yml` files above the workspace's folders, which the workspace watcher does not see. */
  private readonly outsideWatchers = new Map<string, vscode.Disposable>();

  private watchProjectConfig(project: ProjectConfigFile | undefined): void {
    if (!project || vscode.workspace.getWorkspaceFolder(project.uri) || this.outsideWatchers.has(project.uri.toString())) return;
    const dir = vscode.Uri.joinPath(project.uri, '..');
    const name = project.uri.path.slice(project.uri.path.lastIndexOf('/') + 1);
    try {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(dir, name));
      const listeners = [watcher.onDidChange((uri) => this.fileEvent(uri, 'change')), watcher.onDidDelete((uri) => this.fileEvent(uri, 'delete'))];
      this.outsideWatchers.set(project.uri.toString(), { dispose: () => [watcher, ...listeners].forEach((d) => d.dispose()) });
    } catch {
      // Without a watcher the file is read again when the sites are (settings or folders changed).
    }
  }

  all(): SiteHandle[] {
    return [...this.sites.values()];
  }

  /** Discovers every site of the workspace once (again after folder or setting changes). */
  ready(): Promise<void> {
    if (!this.discovery) this.discovery = this.discover();
    return this.discovery;
  }

  /**
   * Finds and loads every site again (config, layouts, includes, the file list), as after a branch switch.
   * Resolves once they are loaded; the caller checks them (no reload event is fired).
   */
  async reloadAll(): Promise<void> {
    this.generation++;
    this.sites.clear();
    this.discovery = this.discover();
    await this.discovery;
    for (const handle of this.sites.values()) this.changed.fire(handle);
  }

  private rediscover(): void {
    this.generation++;
    this.sites.clear();
    this.discovery = this.discover();
    void this.discovery.then(() => {
      for (const handle of this.sites.values()) {
        this.reloaded.fire(handle);
        this.changed.fire(handle);
      }
    });
  }

  private async discover(): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const roots = new Map<string, vscode.Uri>();
    for (const folder of folders) {
      const settings = readSettings(folder.uri);
      const configName = configFilesOf(settings)[0];
      const base = configName.includes('/') ? configName.slice(configName.lastIndexOf('/') + 1) : configName;
      let found: vscode.Uri[] = [];
      try {
        found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, `**/${base}`), LISTING_EXCLUDE, 50);
      } catch {
        found = [];
      }
      for (const uri of found) {
        const dir = vscode.Uri.joinPath(uri, '..');
        roots.set(dir.toString(), dir);
      }
    }
    await Promise.all([...roots.values()].map((root) => this.load(root)));
  }

  private load(root: vscode.Uri): Promise<SiteHandle | undefined> {
    const key = root.toString();
    const pending = this.loading.get(key);
    if (pending && pending.generation === this.generation) return pending.promise;
    const generation = this.generation;
    const token = {};
    const promise: Promise<SiteHandle | undefined> = (async () => {
      try {
        const project = await readProjectConfig(root);
        const settings = readSettings(root, project?.config.settings);
        const fs = new VscodeFileSystem(root);
        const site = await loadSite(fs, { configFiles: settings.configFiles, build: settings.build, repository: await findRepository(root), findTheme: findInstalledTheme });
        // The settings changed while this was read: read again, with the new ones.
        if (generation !== this.generation) return await this.load(root);
        this.watchProjectConfig(project);
        const existing = this.sites.get(key);
        if (existing) {
          existing.site = site;
          existing.settings = settings;
          existing.project = project;
          return existing;
        }
        const handle = new SiteHandle(root, fs, site, settings, project);
        this.sites.set(key, handle);
        return handle;
      } catch {
        return undefined;
      } finally {
        if (this.loading.get(key)?.token === token) this.loading.delete(key);
      }
    })();
    this.loading.set(key, { generation, token, promise });
    return promise;
  }

  /** The innermost site that holds this URI. */
  async siteFor(uri: vscode.Uri): Promise<SiteHandle | undefined> {
    await this.ready();
    return this.siteForSync(uri);
  }

  siteForSync(uri: vscode.Uri): SiteHandle | undefined {
    let best: SiteHandle | undefined;
    for (const handle of this.sites.values()) {
      if (handle.relativePath(uri) !== undefined && (!best || handle.root.path.length > best.root.path.length)) best = handle;
    }
    return best;
  }

  /** Analyses an open document with its current (possibly unsaved) text. */
  async analyze(document: vscode.TextDocument): Promise<{ handle: SiteHandle; path: string; analysis: DocumentAnalysis } | undefined> {
    const handle = await this.siteFor(document.uri);
    if (!handle) return undefined;
    const path = handle.relativePath(document.uri);
    if (path === undefined) return undefined;
    return { handle, path, analysis: handle.analyze(path, document.getText()) };
  }

  /**
   * Tells a site's model at once that files moved (the watchers say so later, and find nothing left to
   * do). Moves of what makes the site (layouts, includes, config, Gemfile, workflows) read it again. Resolves once the model knows;
   * true when the site was read again (its documents are then indexed by the scan that follows).
   */
  async applyMoves(handle: SiteHandle, moves: ReadonlyMap<string, string>): Promise<boolean> {
    const paths = [...moves.keys(), ...moves.values()];
    if (paths.some((p) => readsSiteAgain(handle, p))) {
      clearTimeout(this.reloadTimers.get(handle.root.toString()));
      await this.reloadNow(handle);
      return true;
    }
    const added: string[] = [];
    const removed: string[] = [];
    for (const [from, to] of moves) {
      if (handle.site.hasFile(from)) {
        handle.site.removeFile(from);
        removed.push(from);
      }
      if (!handle.site.hasFile(to)) {
        handle.site.addFile(to);
        added.push(to);
      }
    }
    if (added.length > 0 || removed.length > 0) this.scheduleNotify(handle, added, removed);
    return false;
  }

  private reloadTimers = new Map<string, ReturnType<typeof setTimeout>>();

  private scheduleReload(handle: SiteHandle): void {
    const key = handle.root.toString();
    clearTimeout(this.reloadTimers.get(key));
    this.reloadTimers.set(
      key,
      setTimeout(() => {
        this.reloadTimers.delete(key);
        void this.reloadNow(handle);
      }, 200),
    );
  }

  /** Reads a site again and tells the listeners. */
  private async reloadNow(handle: SiteHandle): Promise<void> {
    this.generation++;
    const reloaded = await this.load(handle.root);
    if (reloaded) {
      this.reloaded.fire(reloaded);
      this.changed.fire(reloaded);
    }
  }

  private notifyTimers = new Map<string, ReturnType<typeof setTimeout>>();

  private scheduleNotify(handle: SiteHandle, added: string[], removed: string[]): void {
    const key = handle.root.toString();
    let pending = this.pendingFiles.get(key);
    if (!pending) this.pendingFiles.set(key, (pending = { added: new Set(), removed: new Set() }));
    for (const a of added) {
      pending.removed.delete(a);
      pending.added.add(a);
    }
    for (const r of removed) {
      pending.added.delete(r);
      pending.removed.add(r);
    }
    clearTimeout(this.notifyTimers.get(key));
    this.notifyTimers.set(
      key,
      setTimeout(() => {
        this.notifyTimers.delete(key);
        const pending = this.pendingFiles.get(key);
        this.pendingFiles.delete(key);
        if (pending) this.filesChanged.fire({ handle, added: [...pending.added], removed: [...pending.removed] });
        this.changed.fire(handle);
      }, 150),
    );
  }

  private async fileEvent(uri: vscode.Uri, kind: 'create' | 'delete' | 'change'): Promise<void> {
    if (/\/(node_modules|\.git|_site|\.jekyll-cache)(\/|$)/.test(uri.path)) return;
    await this.ready();
    const name0 = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    if ((PROJECT_CONFIG_NAMES as readonly string[]).includes(name0)) {
      // The checker's own settings: every site at or below its folder may read it (or stop reading it).
      const dir = uri.path.slice(0, uri.path.lastIndexOf('/'));
      for (const handle of this.sites.values()) {
        if (handle.project?.uri.toString() === uri.toString() || handle.root.path === dir || handle.root.path.startsWith(dir + '/')) this.scheduleReload(handle);
      }
      return;
    }
    const configNames = new Set(readSettings(uri).configFiles.map((f) => f.slice(f.lastIndexOf('/') + 1)));
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    const owner = this.siteForSync(uri);
    const nested = owner !== undefined && owner.relativePath(uri) !== undefined && (owner.relativePath(uri) as string).includes('/');
    if (kind !== 'change' && configNames.has(name) && (!owner || nested)) {
      // A new site appeared (or an old one lost its config), also one nested in a folder of another
      // site: find the sites again.
      this.rediscover();
      return;
    }
    const handle = this.siteForSync(uri);
    if (!handle) return;
    const path = handle.relativePath(uri) as string;
    if (readsSiteAgain(handle, path)) {
      this.scheduleReload(handle);
      return;
    }
    if (kind === 'change') return;
    if (kind === 'create') {
      let isDirectory = false;
      try {
        isDirectory = ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
      } catch {
        return;
      }
      if (isDirectory) {
        this.scheduleReload(handle);
        return;
      }
      if (handle.site.hasFile(path)) return;
      handle.site.addFile(path);
      this.scheduleNotify(handle, [path], []);
    } else {
      const gone = handle.site.hasFile(path) ? [path] : [...handle.site.allFiles()].filter((f) => f.startsWith(path + '/'));
      // A folder that went away takes everything below it.
      for (const f of gone) handle.site.removeFile(f);
      if (gone.length > 0) this.scheduleNotify(handle, [], gone);
    }
  }
}
