/** The command line's output formats: text, json, GitHub Actions workflow commands and SARIF 2.1.0. */
import type { Finding, Severity } from './core/findings';
import { FINDING_CODES } from './core/findings';

/** A finding with 1-based line and column (UTF-16 code units), as every format shows it. */
export interface LocatedFinding {
  readonly f: Finding;
  /** The file as the format names it (relative to the site's folder or to the working folder). */
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** The preferred fix's edits, located (SARIF carries them). */
  readonly fix?: { readonly title: string; readonly edits: readonly { line: number; column: number; endLine: number; endColumn: number; newText: string }[] };
}

export const SEVERITY_RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

// ---- text -------------------------------------------------------------------------------------------

export interface Colors {
  severity(s: Severity, text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export const NO_COLORS: Colors = { severity: (_s, t) => t, dim: (t) => t, bold: (t) => t };

const SGR: Record<Severity, string> = { error: '31', warning: '33', information: '36', hint: '36' };

export const ANSI_COLORS: Colors = {
  severity: (s, t) => `\x1b[${SGR[s]}m${t}\x1b[39m`,
  dim: (t) => `\x1b[2m${t}\x1b[22m`,
  bold: (t) => `\x1b[1m${t}\x1b[22m`,
};

export function textLine(l: LocatedFinding, colors: Colors = NO_COLORS): string {
  return `${colors.bold(`${l.path}:${l.line}:${l.column}`)}: ${colors.severity(l.f.severity, l.f.severity)} ${colors.dim(l.f.code)}: ${l.f.message}\n`;
}

// ---- GitHub Actions workflow commands ---------------------------------------------------------------

/** The message of a workflow command: '%', CR and LF escaped, as GitHub's toolkit (`escapeData`) does. */
export function escapeCommandData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property of a workflow command: the message's escapes plus ':' and ',' (the toolkit's `escapeProperty`). */
export function escapeCommandProperty(s: string): string {
  return escapeCommandData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/** `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::message`: an annotation on the line of a pull request. */
export function githubLine(l: LocatedFinding): string {
  const props: [string, string][] = [
    ['file', l.path],
    ['line', String(l.line)],
    ['col', String(l.column)],
    ['endLine', String(l.endLine)],
    ['endColumn', String(l.endColumn)],
    ['title', l.f.code],
  ];
  return `::${GITHUB_COMMAND[l.f.severity]} ${props.map(([k, v]) => `${k}=${escapeCommandProperty(v)}`).join(',')}::${escapeCommandData(l.f.message)}\n`;
}

// ---- SARIF 2.1.0 ------------------------------------------------------------------------------------

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export const HELP_URI = 'https://github.com/ipe-author/ipe-author#checking-a-site-from-the-command-line';

function uriOf(path: string): string {
  return path.split('/').map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment))).join('/');
}

/** A SARIF log of one run: every code a rule (summary, help, default level), every finding a result. */
export function sarifLog(findings: readonly LocatedFinding[], tool: { version: string; srcRoot: string }): unknown {
  const codes = Object.keys(FINDING_CODES) as (keyof typeof FINDING_CODES)[];
  const ruleIndex = new Map(codes.map((c, i) => [c as string, i]));
  const rules = codes.map((code) => {
    const info = FINDING_CODES[code];
    return {
      id: code,
      name: code.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
      shortDescription: { text: info.summary },
      fullDescription: { text: info.summary },
      help: {
        text: `${info.summary} Suppress one with <!-- ipe-author-disable-next-line ${code} -->, or set its severity in .ipe-author.yml.`,
        markdown: `${info.summary}\n\nSuppress one with \`<!-- ipe-author-disable-next-line ${code} -->\` on the line before, or set its severity in \`.ipe-author.yml\` (\`severity: { ${code}: off }\`).`,
      },
      helpUri: HELP_URI,
      defaultConfiguration: { level: SARIF_LEVEL[info.severity] },
    };
  });
  const srcRoot = tool.srcRoot.endsWith('/') ? tool.srcRoot : tool.srcRoot + '/';
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ipe-author', version: tool.version, semanticVersion: tool.version, informationUri: HELP_URI, rules } },
        originalUriBaseIds: { SRCROOT: { uri: 'file://' + srcRoot.split('/').map((s) => encodeURIComponent(s)).join('/') } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((l) => {
          const artifactLocation = { uri: uriOf(l.path), uriBaseId: 'SRCROOT' };
          return {
            ruleId: l.f.code,
            ruleIndex: ruleIndex.get(l.f.code) ?? -1,
            level: SARIF_LEVEL[l.f.severity],
            message: { text: l.f.message },
            locations: [{ physicalLocation: { artifactLocation, region: { startLine: l.line, startColumn: l.column, endLine: l.endLine, endColumn: l.endColumn } } }],
            ...(l.fix
              ? {
                  fixes: [
                    {
                      description: { text: l.fix.title },
                      artifactChanges: [
                        {
                          artifactLocation,
                          replacements: l.fix.edits.map((e) => ({
                            deletedRegion: { startLine: e.line, startColumn: e.column, endLine: e.endLine, endColumn: e.endColumn },
                            insertedContent: { text: e.newText },
                          })),
                        },
                      ],
                    },
                  ],
                }
              : {}),
          };
        }),
      },
    ],
  };
}

// ---- the site map (`ipe-author pages`) ---------------------------------------------------------------

/** What `ipe-author pages --format text` shows of a site map entry. */
export interface PagesRow {
  readonly path: string;
  readonly published: boolean;
  readonly as: string | null;
  readonly href: string | null;
  readonly layout: string | null;
  readonly layoutFrom: string | null;
  readonly title: string | null;
  readonly titleFrom: string | null;
  readonly date: string | null;
  readonly copy: string | null;
  readonly note: string | null;
}

/** Cuts text to `width` characters (code points), with '…' at the end when cut. */
function fit(text: string, width: number): string {
  const chars = [...text.replace(/[\r\n\t]+/g, ' ')];
  return chars.length <= width ? chars.join('') : chars.slice(0, width - 1).join('') + '…';
}

function table(header: readonly string[], rows: readonly (readonly string[])[], colors: Colors): string {
  const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...r[i]].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i] - [...c].length)))
      .join('  ')
      .trimEnd() + '\n';
  return colors.bold(line(header).trimEnd()) + '\n' + rows.map(line).join('');
}

const TITLE_WIDTH = 48;
const NOTE_WIDTH = 100;

/**
 * The site map as two aligned tables: what the site serves, by URL (a page that a Pages plugin renders
 * and copies as it is too has a second row for its copy), then what it does not, by source path, with why. A layout or title
 * that a Pages plugin gives is marked with '*'.
 */
export function pagesText(rows: readonly PagesRow[], basePath: string, colors: Colors = NO_COLORS): string {
  const served: { href: string; cells: string[] }[] = [];
  for (const r of rows) {
    if (!r.published || r.href === null) continue;
    const layout = r.layout === null ? '-' : r.layout + (r.layoutFrom === 'jekyll-default-layout' ? ' *' : '');
    const title = r.title === null ? '-' : fit(r.title, TITLE_WIDTH) + (r.titleFrom === 'jekyll-titles-from-headings' ? ' *' : '');
    served.push({ href: r.href, cells: [r.href, r.path, r.as ?? '-', layout, title, r.date ?? '-'] });
    if (r.copy !== null) {
      const copyHref = `${basePath}/${r.copy}`;
      served.push({ href: copyHref, cells: [copyHref, r.path, 'static (copy)', '-', '-', '-'] });
    }
  }
  served.sort((a, b) => (a.href < b.href ? -1 : a.href > b.href ? 1 : 0));
  let out = '';
  if (served.length > 0) out += table(['URL', 'SOURCE', 'AS', 'LAYOUT', 'TITLE', 'DATE'], served.map((s) => s.cells), colors);
  if (rows.some((r) => r.published && (r.layoutFrom === 'jekyll-default-layout' || r.titleFrom === 'jekyll-titles-from-headings'))) {
    out += colors.dim('* given by a GitHub Pages plugin: the layout by jekyll-default-layout, the title by jekyll-titles-from-headings') + '\n';
  }
  const hidden = rows.filter((r) => !r.published);
  if (hidden.length > 0) {
    if (out !== '') out += '\n';
    out += table(['NOT PUBLISHED', 'WHY'], hidden.map((r) => [r.path, fit(r.note ?? '', NOTE_WIDTH)]), colors);
  }
  return out;
}
