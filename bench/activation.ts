/**
 * Extension activation cost measured in Node, not in VS Code: `require()` of the shipped bundle
 * (dist/extension.js) and its `activate()` call, with a stub `vscode` module standing in for the host
 * (an empty window: no workspace folder, no open editor). It measures the bundle's own load and
 * start-up work; the host's own cost of loading an extension is not included.
 */
import { performance } from 'node:perf_hooks';
import Module from 'node:module';
import { readFileSync } from 'node:fs';
import { URI, Utils } from 'vscode-uri';

const disposable = { dispose() {} };
const event = () => disposable;

/** Anything the stub does not define: callable, constructible, every property is another one of these. */
function anything(): unknown {
  const cache = new Map<PropertyKey, unknown>();
  const target = function () {} as unknown as object;
  return new Proxy(target, {
    get(_t, key) {
      if (key === 'then') return undefined;
      if (key === Symbol.iterator) return function* () {};
      if (key === Symbol.toPrimitive) return () => '';
      if (key === 'dispose') return () => undefined;
      if (!cache.has(key)) cache.set(key, anything());
      return cache.get(key);
    },
    set(_t, key, value) {
      cache.set(key, value);
      return true;
    },
    apply: () => anything(),
    construct: () => anything() as object,
  });
}

class EventEmitter {
  event = event;
  fire(): void {}
  dispose(): void {}
}

class Disposable {
  static from(): Disposable {
    return new Disposable(() => undefined);
  }
  constructor(private readonly fn: () => void) {}
  dispose(): void {
    this.fn();
  }
}

class CodeActionKind {
  static readonly Empty = new CodeActionKind('');
  static readonly QuickFix = new CodeActionKind('quickfix');
  static readonly Source = new CodeActionKind('source');
  static readonly SourceFixAll = new CodeActionKind('source.fixAll');
  static readonly Refactor = new CodeActionKind('refactor');
  constructor(readonly value: string) {}
  append(part: string): CodeActionKind {
    return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
  }
  contains(other: CodeActionKind): boolean {
    return other.value === this.value || other.value.startsWith(this.value + '.');
  }
  intersects(other: CodeActionKind): boolean {
    return this.contains(other) || other.contains(this);
  }
}

function stubVscode(): Record<string, unknown> {
  const output = { appendLine() {}, append() {}, show() {}, clear() {}, dispose() {}, info() {}, warn() {}, error() {}, trace() {}, debug() {} };
  const known: Record<string, unknown> = {
    version: '1.139.1',
    Uri: { parse: (s: string) => URI.parse(s), file: (s: string) => URI.file(s), joinPath: (u: URI, ...p: string[]) => Utils.joinPath(u, ...p), from: (c: never) => URI.from(c) },
    EventEmitter,
    Disposable,
    CodeActionKind,
    FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    workspace: {
      workspaceFolders: undefined,
      textDocuments: [],
      isTrusted: true,
      getConfiguration: () => ({ get: (_k: string, d: unknown) => d, has: () => false, inspect: () => undefined, update: async () => undefined }),
      findFiles: async () => [],
      createFileSystemWatcher: () => ({ onDidCreate: event, onDidChange: event, onDidDelete: event, dispose() {} }),
      onDidOpenTextDocument: event,
      onDidCloseTextDocument: event,
      onDidChangeTextDocument: event,
      onDidSaveTextDocument: event,
      onDidChangeConfiguration: event,
      onDidChangeWorkspaceFolders: event,
      onDidGrantWorkspaceTrust: event,
      getWorkspaceFolder: () => undefined,
      fs: {
        readFile: async () => Promise.reject(new Error('ENOENT')),
        stat: async () => Promise.reject(new Error('ENOENT')),
        readDirectory: async () => [],
      },
    },
    window: {
      createOutputChannel: () => output,
      withProgress: async (_o: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) => task({ report() {} }, { isCancellationRequested: false, onCancellationRequested: event }),
      setStatusBarMessage: () => disposable,
      showWarningMessage: async () => undefined,
      showInformationMessage: async () => undefined,
      showErrorMessage: async () => undefined,
      visibleTextEditors: [],
      activeTextEditor: undefined,
      onDidChangeActiveTextEditor: event,
      onDidChangeVisibleTextEditors: event,
      onDidChangeTextEditorVisibleRanges: event,
      onDidChangeTextEditorSelection: event,
      registerWebviewPanelSerializer: () => disposable,
      registerCustomEditorProvider: () => disposable,
    },
    languages: {
      createDiagnosticCollection: () => ({ set() {}, delete() {}, clear() {}, forEach() {}, get: () => undefined, has: () => false, dispose() {} }),
    },
    commands: { registerCommand: () => disposable, executeCommand: async () => undefined },
    env: { uiKind: 1, language: 'en', remoteName: undefined },
  };
  // The bundle copies the module's own keys on import, so every top-level name of the API must exist:
  // the ones not stubbed above become open-ended stand-ins.
  try {
    const types = readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
    for (const m of types.matchAll(/^\s{0,4}export (?:declare )?(?:class|enum|namespace|const|function) ([A-Za-z_]\w*)/gm)) if (!(m[1] in known)) known[m[1]] = anything();
  } catch {
    // Without the API's type definitions only the names above exist.
  }
  const fallback = anything() as Record<PropertyKey, unknown>;
  const wrap = (obj: Record<string, unknown>, base: Record<PropertyKey, unknown>): Record<string, unknown> =>
    new Proxy(obj, {
      get(t, key) {
        if (key in t) {
          const v = t[key as string];
          return v && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype ? wrap(v as Record<string, unknown>, base[key] as Record<PropertyKey, unknown>) : v;
        }
        return base[key];
      },
    });
  return wrap(known, fallback);
}

export async function activateWithStub(extensionJs: string): Promise<{ requireMs: number; activateMs: number; totalMs: number; exported: string[] }> {
  const vscode = stubVscode();
  const mod = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const load = mod._load;
  mod._load = function (request: string, parent: unknown, isMain: boolean) {
    if (request === 'vscode') return vscode;
    return load.call(this, request, parent, isMain);
  };
  const context = {
    subscriptions: [] as unknown[],
    extensionPath: '',
    extensionUri: URI.file('/'),
    globalState: { get: () => undefined, update: async () => undefined, keys: () => [] },
    workspaceState: { get: () => undefined, update: async () => undefined, keys: () => [] },
    asAbsolutePath: (p: string) => p,
    storageUri: undefined,
    globalStorageUri: URI.file('/tmp'),
    logUri: URI.file('/tmp'),
    extensionMode: 1,
  };
  const t0 = performance.now();
  const ext = require(extensionJs) as { activate(c: unknown): unknown };
  const t1 = performance.now();
  const api = await ext.activate(context);
  const t2 = performance.now();
  return { requireMs: t1 - t0, activateMs: t2 - t1, totalMs: t2 - t0, exported: api && typeof api === 'object' ? Object.keys(api) : [] };
}
