import * as vscode from 'vscode';
import type { Severity } from '../core/findings';
import type { BuildSetting } from '../core/build';

/** The extension's settings (`ipeAuthor.*`), read for one site folder. */
export interface IpeSettings {
  readonly diagnosticsEnabled: boolean;
  readonly severities: Readonly<Record<string, Severity | 'off'>>;
  readonly imageKeys: readonly string[];
  readonly exclude: readonly string[];
  readonly configFiles: readonly string[];
  readonly imageFolder: string;
  readonly build: BuildSetting;
}

export function readSettings(scope?: vscode.Uri): IpeSettings {
  const c = vscode.workspace.getConfiguration('ipeAuthor', scope);
  const extraKeys = c.get<string[]>('imageKeys', []).filter((k) => typeof k === 'string' && k.trim() !== '');
  const configFile = c.get<string>('configFile', '_config.yml');
  return {
    diagnosticsEnabled: c.get<boolean>('diagnostics.enabled', true),
    severities: c.get<Record<string, Severity | 'off'>>('diagnostics.severity', {}),
    imageKeys: ['background', ...extraKeys.filter((k) => k !== 'background')],
    exclude: c.get<string[]>('exclude', []),
    configFiles: configFile
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    imageFolder: c.get<string>('imageFolder', 'img/posts').replace(/^\/+|\/+$/g, '') || 'img/posts',
    build: ((b) => (b === 'github-pages' || b === 'jekyll' ? b : 'auto'))(c.get<string>('build', 'auto')),
  };
}
