import { resolve as resolvePath, relative } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { NodeFileSystem } from './core/nodeFileSystem';
import { loadSite } from './core/site';
import { checkSite, SiteCheckOptions } from './core/checkSite';
import { LineIndex } from './core/text';
import type { Finding, Severity } from './core/findings';
import { FINDING_CODES } from './core/findings';

const USAGE = `Usage:
  ipe-author check [SITE_DIR] [options]     check every post and page for broken images and publish problems
  ipe-author preview FILE [-o OUT.html]     render a post or page as the site's layout shows it
  ipe-author codes                          list the finding codes

Options for check:
  --format text|json      output format (default text)
  --config FILE[,FILE]    config files, later ones override (default _config.yml)
  --image-key KEY         another front matter key the layout shows as an image (repeatable)
  --exclude GLOB          do not check files matching GLOB (repeatable)
  --severity CODE=LEVEL   error, warning, information, hint or off (repeatable)

Exit status: 1 when an error is found, 0 otherwise, 2 on bad usage.`;

class UsageError extends Error {}

interface CheckArgs {
  site: string;
  format: 'text' | 'json';
  options: SiteCheckOptions & { configFiles?: string[] };
}

function parseCheckArgs(args: string[]): CheckArgs {
  let site: string | undefined;
  let format: 'text' | 'json' = 'text';
  const imageKeys = ['background'];
  const excludeGlobs: string[] = [];
  const severities: Record<string, Severity | 'off'> = {};
  let configFiles: string[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = a.includes('=') && a.startsWith('--') ? a.slice(a.indexOf('=') + 1) : args[++i];
      if (v === undefined || v === '') throw new UsageError(`${a.split('=')[0]} needs a value`);
      return v;
    };
    const flag = a.startsWith('--') ? a.split('=')[0] : a;
    switch (flag) {
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json') throw new UsageError(`--format must be text or json, not '${v}'`);
        format = v;
        break;
      }
      case '--json':
        format = 'json';
        break;
      case '--config':
        configFiles = value().split(',').map((s) => s.trim()).filter(Boolean);
        break;
      case '--image-key':
        imageKeys.push(value());
        break;
      case '--exclude':
        excludeGlobs.push(value());
        break;
      case '--severity': {
        const v = a.startsWith('--severity=') ? a.slice('--severity='.length) : args[++i];
        const m = /^([a-z-]+)=(error|warning|information|hint|off)$/.exec(v ?? '');
        if (!m || !(m[1] in FINDING_CODES)) throw new UsageError(`--severity takes CODE=error|warning|information|hint|off with a known code, not '${v ?? ''}'`);
        severities[m[1]] = m[2] as Severity | 'off';
        break;
      }
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        if (site !== undefined) throw new UsageError(`only one SITE_DIR, got '${site}' and '${a}'`);
        site = a;
    }
  }
  return { site: site ?? '.', format, options: { imageKeys, excludeGlobs, severities, configFiles } };
}

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
}

async function runCheck(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCheckArgs(args);
  const root = resolvePath(io.cwd, parsed.site);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`no such site folder: ${parsed.site}`);
  const fs = new NodeFileSystem(root);
  const site = await loadSite(fs, { configFiles: parsed.options.configFiles });
  const result = await checkSite(fs, site, parsed.options);
  const indexes = new Map<string, LineIndex>();
  const located = result.findings.map((f) => {
    let index = indexes.get(f.file);
    if (!index) indexes.set(f.file, (index = new LineIndex(result.texts.get(f.file) ?? '')));
    const s = index.positionAt(f.range.start);
    const e = index.positionAt(f.range.end);
    return { f, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
  });
  located.sort((a, b) => a.f.file.localeCompare(b.f.file) || a.line - b.line || a.column - b.column);
  const count = (s: Severity) => result.findings.filter((f) => f.severity === s).length;
  const errors = count('error');
  if (parsed.format === 'json') {
    io.out(
      JSON.stringify(
        located.map(({ f, line, column, endLine, endColumn }) => ({
          file: f.file,
          line,
          column,
          endLine,
          endColumn,
          severity: f.severity,
          code: f.code,
          message: f.message,
          raw: f.raw ?? null,
          resolved: f.resolved ?? null,
        })),
        null,
        2,
      ) + '\n',
    );
  } else {
    for (const { f, line, column } of located) io.out(`${f.file}:${line}:${column}: ${f.severity} ${f.code}: ${f.message}\n`);
    const where = relative(io.cwd, root) || '.';
    io.out(
      `${result.documents} files checked in ${where} (baseurl '${site.config.baseurlRaw}'): ${errors} error${errors === 1 ? '' : 's'}, ${count('warning')} warning${count('warning') === 1 ? '' : 's'}, ${count('information') + count('hint')} info\n`,
    );
  }
  return errors > 0 ? 1 : 0;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await runCheck(rest, io);
      case 'preview': {
        const { runPreview } = await import('./previewCommand');
        return await runPreview(rest, io);
      }
      case 'codes':
        for (const [code, info] of Object.entries(FINDING_CODES)) io.out(`${code.padEnd(28)} ${info.severity.padEnd(12)} ${info.summary}\n`);
        return 0;
      case '--version':
      case '-v':
        io.out('ipe-author 0.1.0\n');
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(USAGE + '\n');
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`ipe-author: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    io.err(`ipe-author: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return 2;
  }
}

/** Runs the command line of this process (called by the `ipe-author` launcher, `cliLauncher.ts`). */
export function run(): void {
  // `ipe-author check | head` closes the pipe early: stop quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  main(process.argv.slice(2), { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), cwd: process.cwd() }).then(
    (code) => (process.exitCode = code),
  );
}
