import { resolve as resolvePath, relative, join } from 'node:path';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { NodeFileSystem } from './core/nodeFileSystem';
import { configFilesOf, loadSite } from './core/site';
import { checkSite, isCheckableDocument, SiteCheckOptions } from './core/checkSite';
import { BUILD_LABELS, BuildInfo } from './core/build';
import { findInstalledTheme, findRepository } from './core/nodeRepository';
import { LineIndex, plural } from './core/text';
import type { Finding, Severity } from './core/findings';
import { FINDING_CODES } from './core/findings';
import type { BuildModel, ProjectConfig } from './core/projectConfig';
import { ANSI_COLORS, Colors, githubLine, LocatedFinding, NO_COLORS, pagesText, sarifLog, SEVERITY_RANK, textLine } from './cliFormats';
import { siteMap } from './core/siteMap';
import { planFixes, unifiedDiff, writePlan } from './cliFix';
import { buildOption, configList, loadProjectConfig, siteOfFile, toPosix, UsageError, walkArguments } from './cliShared';
import { MOVE_COMMAND, MOVE_OPTIONS, runMove } from './cliMove';

const VERSION = '0.1.0';

const USAGE = `Usage:
  ipe-author check [SITE_DIR] [options]     check every post and page of a site
  ipe-author check FILE… [options]          check these files, judged within their whole site
  ipe-author preview FILE [-o OUT.html]     render a post or page as the site's layout shows it
  ipe-author pages [SITE_DIR] [options]     list every source file with what the build makes of it:
                                            URL, layout, title, date, or why it is not published
${MOVE_COMMAND}
  ipe-author codes                          list the finding codes

Options for check:
  --format FORMAT         text (default), json, github (GitHub Actions annotations) or sarif (SARIF 2.1.0)
  --fail-on LEVEL         exit 1 when a finding is at or above LEVEL: error (default), warning,
                          information or hint
  --fix                   apply each finding's preferred fix, then report what is left
  --dry-run               with --fix: print the fixes as a unified diff and change nothing
  --config FILE[,FILE]    Jekyll config files, later ones override (default _config.yml)
  --image-key KEY         another front matter key the layout shows as an image (repeatable)
  --exclude GLOB          do not check files matching GLOB (repeatable)
  --severity CODE=LEVEL   error, warning, information, hint or off (repeatable)
  --ipe-config FILE       read these settings instead of the nearest .ipe-author.yml
  --no-ipe-config         do not read any .ipe-author.yml / .ipe-author.json
  --color, --no-color     colours in text output (default: when stdout is a terminal and NO_COLOR is unset)
  --build MODE            auto, github-pages or jekyll: the build to model (default auto: from the
                          workflows, the Gemfile and the git remote)

Options for pages: --format text|json, --config, --build, --ipe-config, --no-ipe-config, --color,
  --no-color (as for check). JSON is an array of one object per source file; the build modelled and
  why go to stderr.

${MOVE_OPTIONS}

Settings come from the nearest .ipe-author.yml (or .ipe-author.yaml, .ipe-author.json) from the site's
folder upward; options given here override it.

Exit status: 0 no finding at or above --fail-on, 1 findings at or above it, 2 bad usage or a failure of
the tool itself. For mv: 0 moved and every link and image kept, 1 moved but some left as they were (or
a file not rewritten), 2 bad usage or a move that failed.`;

type Format = 'text' | 'json' | 'github' | 'sarif';
const FORMATS: readonly Format[] = ['text', 'json', 'github', 'sarif'];
const LEVELS: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

interface CheckArgs {
  paths: string[];
  format: Format;
  failOn: Severity;
  fix: boolean;
  dryRun: boolean;
  color: boolean | undefined;
  ipeConfig: string | false | undefined;
  /** What the options set; undefined where they leave it to the config file. */
  imageKeys: string[];
  excludeGlobs: string[];
  severities: Record<string, Severity | 'off'>;
  configFiles?: string[];
  build?: BuildModel;
}

function parseCheckArgs(args: string[]): CheckArgs {
  const parsed: CheckArgs = { paths: [], format: 'text', failOn: 'error', fix: false, dryRun: false, color: undefined, ipeConfig: undefined, imageKeys: [], excludeGlobs: [], severities: {} };
  walkArguments(args, (a) => parsed.paths.push(a), (flag, value, a) => {
    switch (flag) {
      case '--format': {
        const v = value();
        if (!(FORMATS as readonly string[]).includes(v)) throw new UsageError(`--format must be ${FORMATS.join(', ')}, not '${v}'`);
        parsed.format = v as Format;
        break;
      }
      case '--json': parsed.format = 'json'; break;
      case '--fail-on': {
        const v = value();
        const level = v === 'info' ? 'information' : v;
        if (!(LEVELS as readonly string[]).includes(level)) throw new UsageError(`--fail-on must be ${LEVELS.join(', ')}, not '${v}'`);
        parsed.failOn = level as Severity;
        break;
      }
      case '--fix': parsed.fix = true; break;
      case '--dry-run': parsed.dryRun = true; break;
      case '--color': parsed.color = true; break;
      case '--no-color': parsed.color = false; break;
      case '--ipe-config': parsed.ipeConfig = value(); break;
      case '--no-ipe-config': parsed.ipeConfig = false; break;
      case '--config': parsed.configFiles = configList(value()); break;
      case '--image-key': parsed.imageKeys.push(value()); break;
      case '--build': parsed.build = buildOption(value()); break;
      case '--exclude': parsed.excludeGlobs.push(value()); break;
      case '--severity': {
        let v: string | undefined;
        try {
          v = value();
        } catch {
          v = undefined;
        }
        const m = /^([a-z-]+)=(error|warning|information|hint|off)$/.exec(v ?? '');
        if (!m || !(m[1] in FINDING_CODES)) throw new UsageError(`--severity takes CODE=error|warning|information|hint|off with a known code, not '${v ?? ''}'`);
        parsed.severities[m[1]] = m[2] as Severity | 'off';
        break;
      }
      default:
        throw new UsageError(`unknown option ${a}`);
    }
  });
  if (parsed.dryRun && !parsed.fix) throw new UsageError('--dry-run goes with --fix');
  return parsed;
}

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
  /** Whether stdout and stderr are terminals (colours, the progress line). */
  outIsTTY?: boolean;
  errIsTTY?: boolean;
  env?: Readonly<Record<string, string | undefined>>;
}

interface SiteRun {
  root: string;
  /** Site-relative files asked for, or undefined for the whole site. */
  files?: Set<string>;
}

/** Groups the paths given into sites: a folder is a whole site, a file is checked within its site. */
function sitesToCheck(paths: string[], cwd: string, configFiles: string[] | undefined): SiteRun[] {
  const runs = new Map<string, SiteRun>();
  const configName = configFilesOf({ configFiles })[0];
  for (const p of paths.length > 0 ? paths : ['.']) {
    const abs = resolvePath(cwd, p);
    if (!existsSync(abs)) throw new UsageError(`no such file or folder: ${p}`);
    const real = realpathSync(abs);
    if (statSync(real).isDirectory()) {
      runs.set(real, { root: real });
      continue;
    }
    const root = siteOfFile(real, configName);
    // A file outside any site (a repository's README beside the site's folder) has nothing to check.
    if (root === undefined) continue;
    const run = runs.get(root) ?? { root, files: new Set<string>() };
    if (run.files) run.files.add(toPosix(relative(root, real)));
    runs.set(root, run);
  }
  return [...runs.values()];
}

interface SiteOutcome {
  root: string;
  located: LocatedFinding[];
  documents: number;
  baseurl: string;
  build: BuildInfo;
}

function locate(findings: readonly Finding[], texts: ReadonlyMap<string, string>, pathOf: (file: string) => string): LocatedFinding[] {
  const indexes = new Map<string, LineIndex>();
  const indexOf = (file: string) => {
    let index = indexes.get(file);
    if (!index) indexes.set(file, (index = new LineIndex(texts.get(file) ?? '')));
    return index;
  };
  const at = (file: string, start: number, end: number) => {
    const index = indexOf(file);
    const s = index.positionAt(start);
    const e = index.positionAt(end);
    return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
  };
  const located = findings.map((f): LocatedFinding => {
    const preferred = f.fixes.find((x) => x.preferred && x.edits && x.edits.length > 0 && !x.renameTo);
    return {
      f,
      path: pathOf(f.file),
      ...at(f.file, f.range.start, f.range.end),
      fix: preferred ? { title: preferred.title, edits: (preferred.edits ?? []).map((e) => ({ ...at(f.file, e.range.start, e.range.end), newText: e.newText })) } : undefined,
    };
  });
  return located.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column || a.f.code.localeCompare(b.f.code));
}

async function checkOne(run: SiteRun, parsed: CheckArgs, io: CliIo, progress: ((done: number, total: number) => void) | undefined, report: (s: string) => void): Promise<SiteOutcome> {
  const root = run.root;
  const project = (await loadProjectConfig(root, parsed.ipeConfig, io.cwd)) as (ProjectConfig & { text: string }) | undefined;
  const s = project?.settings ?? {};
  const configFiles = parsed.configFiles ?? (s.configFiles ? [...s.configFiles] : undefined);
  const build: BuildModel | undefined = parsed.build ?? s.build;
  const options: SiteCheckOptions & { build?: BuildModel } = {
    imageKeys: ['background', ...(s.imageKeys ?? []), ...parsed.imageKeys].filter((k, i, all) => all.indexOf(k) === i),
    excludeGlobs: [...(s.exclude ?? []), ...parsed.excludeGlobs],
    severities: { ...(s.severities ?? {}), ...parsed.severities },
    build,
  };
  const siteOptions = { configFiles, build, repository: findRepository(root), findTheme: findInstalledTheme };
  const fs = new NodeFileSystem(root);
  let site = await loadSite(fs, siteOptions);
  let result = await checkSite(fs, site, options, { onProgress: progress });
  if (parsed.fix) {
    const { plans, left } = planFixes(result.findings.filter((f) => inScope(f, run)), result.texts);
    if (parsed.dryRun) {
      io.out(unifiedDiff(plans));
      const n = plans.reduce((sum, p) => sum + p.fixed.length, 0);
      io.err(`${n} fix${n === 1 ? '' : 'es'} in ${plans.length} file${plans.length === 1 ? '' : 's'} would be applied (dry run: nothing was written).\n`);
    } else {
      let fixed = 0;
      let files = 0;
      for (const plan of plans) {
        const outcome = writePlan(root, plan);
        if (outcome === 'written') {
          files++;
          fixed += plan.fixed.length;
          const index = new LineIndex(plan.before);
          report(`fixed ${plan.file}: ${plan.fixed.map((f) => `${f.code} at ${index.positionAt(f.range.start).line + 1}:${index.positionAt(f.range.start).character + 1}`).join(', ')}\n`);
        } else {
          const why = outcome === 'changed' ? 'it changed since it was checked' : outcome === 'not-utf8' ? 'it is not valid UTF-8, so it cannot be rewritten byte for byte' : 'it could not be written';
          report(`not fixed ${plan.file}: ${why}\n`);
        }
      }
      for (const l of left) report(`not fixed ${l.finding.file}: ${l.finding.code}: ${l.reason}\n`);
      report(`${fixed} problem${fixed === 1 ? '' : 's'} fixed in ${files} file${files === 1 ? '' : 's'}.\n`);
      if (files > 0) {
        // What is left, judged on the files as they are now.
        site = await loadSite(fs, siteOptions);
        result = await checkSite(fs, site, options);
      }
    }
  }
  const texts = new Map(result.texts);
  const findings = result.findings.filter((f) => inScope(f, run));
  if (project) {
    texts.set(project.file, project.text);
    findings.push(...project.findings);
  }
  const pathOf = parsed.format === 'github' || parsed.format === 'sarif' ? (file: string) => toPosix(relative(io.cwd, join(root, file))) : (file: string) => file;
  const documents = run.files ? [...run.files].filter((f) => isCheckableDocument(site, f, options)).length : result.documents;
  return { root, located: locate(findings, texts, pathOf), documents, baseurl: site.config.baseurlRaw, build: site.build };
}

/** Whether a finding is reported for the files asked for: in one of them, or naming one of them. */
function inScope(f: Finding, run: SiteRun): boolean {
  if (!run.files) return true;
  if (run.files.has(f.file)) return true;
  for (const file of run.files) if (f.message.includes(file)) return true;
  return false;
}

function useColor(parsed: Pick<CheckArgs, 'color'>, io: CliIo): boolean {
  if (parsed.color !== undefined) return parsed.color;
  const env = io.env ?? {};
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return io.outIsTTY === true && env.TERM !== 'dumb';
}

async function runCheck(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCheckArgs(args);
  const runs = sitesToCheck(parsed.paths, io.cwd, parsed.configFiles);
  const colors: Colors = parsed.format === 'text' && useColor(parsed, io) ? ANSI_COLORS : NO_COLORS;
  const progressShown = io.errIsTTY === true && !(io.env?.CI);
  let progressWritten = false;
  const progress = progressShown
    ? (done: number, total: number) => {
        io.err(`\r\x1b[2KChecking ${done}/${total} files…`);
        progressWritten = true;
      }
    : undefined;
  const clearProgress = () => {
    if (progressWritten) io.err('\r\x1b[2K');
    progressWritten = false;
  };
  // What --fix did: in text output part of the report, else on stderr (stdout holds the format's data).
  const report = (s: string) => {
    clearProgress();
    (parsed.format === 'text' ? io.out : io.err)(s);
  };
  const outcomes: SiteOutcome[] = [];
  for (const run of runs) outcomes.push(await checkOne(run, parsed, io, progress, report));
  clearProgress();
  const all = outcomes.flatMap((o) => o.located);
  const failing = all.some((l) => SEVERITY_RANK[l.f.severity] >= SEVERITY_RANK[parsed.failOn]);
  if (parsed.fix && parsed.dryRun) return failing ? 1 : 0;
  switch (parsed.format) {
    case 'json':
      io.out(
        JSON.stringify(
          all.map(({ f, line, column, endLine, endColumn }) => ({ file: f.file, line, column, endLine, endColumn, severity: f.severity, code: f.code, message: f.message, raw: f.raw ?? null, resolved: f.resolved ?? null, ...(f.target ? { target: f.target } : {}) })),
          null,
          2,
        ) + '\n',
      );
      break;
    case 'github':
      for (const l of all) io.out(githubLine(l));
      break;
    case 'sarif':
      io.out(JSON.stringify(sarifLog(all, { version: VERSION, srcRoot: toPosix(io.cwd) }), null, 2) + '\n');
      break;
    default:
      for (const o of outcomes) {
        for (const l of o.located) io.out(textLine(l, colors));
        const count = (...s: Severity[]) => o.located.filter((l) => s.includes(l.f.severity)).length;
        const errors = count('error');
        const warnings = count('warning');
        const where = relative(io.cwd, o.root) || '.';
        io.out(`${o.documents} file${o.documents === 1 ? '' : 's'} checked in ${where} (baseurl '${o.baseurl}'; built as ${BUILD_LABELS[o.build.model]}: ${o.build.reason}): ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${count('information', 'hint')} info\n`);
      }
      if (runs.length === 0) io.out('No file of a Jekyll site was given: nothing to check.\n');
  }
  return failing ? 1 : 0;
}

/** The options `pages` takes: the site, the format, and what chooses the build. */
function parsePagesArgs(args: string[]): CheckArgs {
  const parsed = parseCheckArgs(args);
  for (const a of args) {
    const flag = a.split('=')[0];
    if (['--fail-on', '--fix', '--dry-run', '--image-key', '--exclude', '--severity'].includes(flag)) throw new UsageError(`${flag} is an option of check, not of pages`);
  }
  if (parsed.format !== 'text' && parsed.format !== 'json') throw new UsageError(`pages takes --format text or json, not '${parsed.format}'`);
  if (parsed.paths.length > 1) throw new UsageError('pages takes one site folder');
  return parsed;
}

/** `ipe-author pages [SITE]`: every source file with what the build makes of it. */
async function runPages(args: string[], io: CliIo): Promise<number> {
  const parsed = parsePagesArgs(args);
  const abs = resolvePath(io.cwd, parsed.paths[0] ?? '.');
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new UsageError(`no such folder: ${parsed.paths[0] ?? '.'}`);
  const root = realpathSync(abs);
  const project = await loadProjectConfig(root, parsed.ipeConfig, io.cwd);
  const s = project?.settings ?? {};
  const configFiles = parsed.configFiles ?? (s.configFiles ? [...s.configFiles] : undefined);
  const build: BuildModel | undefined = parsed.build ?? s.build;
  const fs = new NodeFileSystem(root);
  const site = await loadSite(fs, { configFiles, build, repository: findRepository(root), findTheme: findInstalledTheme });
  const map = await siteMap(fs, site, { imageKeys: ['background', ...(s.imageKeys ?? [])] });
  const entries = map.entries;
  const where = relative(io.cwd, root) || '.';
  const published = entries.filter((e) => e.published);
  const count = (as: string) => published.filter((e) => e.as === as).length;
  const summary =
    `${plural(entries.length, 'file')} in ${where} (baseurl '${site.config.baseurlRaw}'; built as ${BUILD_LABELS[site.build.model]}: ${site.build.reason}): ` +
    `${plural(count('post'), 'post')}, ${plural(count('page'), 'page')}, ${count('document') > 0 ? `${plural(count('document'), 'collection document')}, ` : ''}${plural(count('static'), 'static file')}${count('stylesheet') > 0 ? `, ${plural(count('stylesheet'), 'stylesheet')}` : ''} published; ${entries.length - published.length} not published` +
    (map.truncated ? ' (the listing stopped at the file limit)' : '') +
    '\n';
  if (parsed.format === 'json') {
    io.out(JSON.stringify(entries, null, 2) + '\n');
    io.err(summary);
  } else {
    io.out(pagesText(entries, site.config.basePath, useColor(parsed, io) ? ANSI_COLORS : NO_COLORS));
    io.out((entries.length > 0 ? '\n' : '') + summary);
  }
  return 0;
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
      case 'pages':
        return await runPages(rest, io);
      case 'mv':
        return await runMove(rest, io);
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
  const io: CliIo = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    outIsTTY: process.stdout.isTTY === true,
    errIsTTY: process.stderr.isTTY === true,
    env: process.env,
  };
  main(process.argv.slice(2), io).then(
    (code) => (process.exitCode = code),
  );
}
