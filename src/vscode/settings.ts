import * as vscode from 'vscode';
import type { Severity } from '../core/findings';
import { BUILD_MODELS, BuildModel, EffectiveSettings, mergeSettings, ProjectSettings } from '../core/projectConfig';

/** The settings a site is checked with: `.ipe-author.yml` with the extension's settings (`ipeAuthor.*`) on top. */
export interface IpeSettings extends EffectiveSettings {
  readonly diagnosticsEnabled: boolean;
  readonly imageFolder: string;
}

const LEVELS = new Set(['error', 'warning', 'information', 'hint', 'off']);

/** Whether the user set this setting (in the user, workspace or folder settings), not just its default. */
function isSet(c: vscode.WorkspaceConfiguration, key: string): boolean {
  const i = c.inspect(key);
  return i !== undefined && (i.globalValue !== undefined || i.workspaceValue !== undefined || i.workspaceFolderValue !== undefined);
}

/** The checker's settings that the user set explicitly in the editor, in the config file's terms. */
export function explicitEditorSettings(c: vscode.WorkspaceConfiguration): ProjectSettings {
  const out: { -readonly [K in keyof ProjectSettings]: ProjectSettings[K] } = {};
  if (isSet(c, 'diagnostics.severity')) {
    const raw = c.get<unknown>('diagnostics.severity');
    const severities: Record<string, Severity | 'off'> = {};
    if (raw && typeof raw === 'object') for (const [code, level] of Object.entries(raw)) if (typeof level === 'string' && LEVELS.has(level)) severities[code] = level as Severity | 'off';
    out.severities = severities;
  }
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string' && k.trim() !== '').map((k) => k.trim()) : []);
  if (isSet(c, 'imageKeys')) out.imageKeys = strings(c.get('imageKeys'));
  if (isSet(c, 'exclude')) out.exclude = strings(c.get('exclude'));
  if (isSet(c, 'configFile')) {
    const v = c.get<unknown>('configFile');
    const list = (typeof v === 'string' ? v : '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (list.length > 0) out.configFiles = list;
  }
  if (isSet(c, 'build')) {
    const b = c.get<unknown>('build');
    if (typeof b === 'string' && (BUILD_MODELS as readonly string[]).includes(b)) out.build = b as BuildModel;
  }
  return out;
}

/** The settings for one site folder, given what its `.ipe-author.yml` sets (if it has one). */
export function readSettings(scope?: vscode.Uri, project?: ProjectSettings): IpeSettings {
  const c = vscode.workspace.getConfiguration('ipeAuthor', scope);
  return {
    ...mergeSettings(project, explicitEditorSettings(c)),
    diagnosticsEnabled: c.get<boolean>('diagnostics.enabled', true) !== false,
    imageFolder: (c.get<string>('imageFolder', 'img/posts') || '').replace(/^\/+|\/+$/g, '') || 'img/posts',
  };
}
