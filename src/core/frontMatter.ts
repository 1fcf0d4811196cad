import { parseDocument, isMap, isScalar, isSeq, Scalar } from 'yaml';
import type { OffsetRange } from './text';

/** A top-level front matter value, with where its text stands in the document. */
export interface FrontMatterValue {
  readonly key: string;
  readonly value: unknown;
  /** The key's range in the document. */
  readonly keyRange: OffsetRange;
  /** For scalars: the range of the value's content (inside quotes when quoted). */
  readonly valueRange?: OffsetRange;
  /** How the scalar is written: 'PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'. */
  readonly style?: string;
  /** The scalar's source text (inside quotes). */
  readonly source?: string;
}

export interface FrontMatterProblem {
  readonly kind: 'yaml-error' | 'unterminated' | 'not-a-mapping';
  readonly message: string;
  readonly range: OffsetRange;
}

export interface FrontMatter {
  /** True when the document starts with a `---` line, as Jekyll requires for front matter. */
  readonly present: boolean;
  /** The YAML text between the fences. */
  readonly yamlRange?: OffsetRange;
  /** Where the content after the closing fence starts (0 without front matter). */
  readonly bodyOffset: number;
  /** The parsed data; empty when absent or broken. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly values: ReadonlyMap<string, FrontMatterValue>;
  readonly problems: readonly FrontMatterProblem[];
}

const OPENING = /^---[ \t]*\r?\n/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/gm;

/**
 * Splits and parses front matter the way Jekyll does: the file must begin with `---`, the block ends at
 * the first line that is `---` or `...`. Broken YAML gives a problem at its line and empty data, as
 * Jekyll then builds the page without its front matter.
 */
export function parseFrontMatter(text: string): FrontMatter {
  const opening = OPENING.exec(text);
  if (!opening) return { present: false, bodyOffset: 0, data: {}, values: new Map(), problems: [] };

  const yamlStart = opening[0].length;
  const closingFence = new RegExp(CLOSING.source, 'gm');
  closingFence.lastIndex = yamlStart;
  const closing = closingFence.exec(text);
  if (!closing) {
    const firstLineEnd = opening[0].replace(/\r?\n$/, '').length;
    return {
      present: true,
      bodyOffset: 0,
      data: {},
      values: new Map(),
      problems: [
        {
          kind: 'unterminated',
          message:
            "The front matter is not closed: no line '---' ends it. Jekyll will treat the whole file as content, without its layout, title or background.",
          range: { start: 0, end: firstLineEnd },
        },
      ],
    };
  }

  const yamlRange = { start: yamlStart, end: closing.index };
  const bodyOffset = closing.index + closing[0].length;
  const yamlText = text.slice(yamlRange.start, yamlRange.end);
  const problems: FrontMatterProblem[] = [];
  const values = new Map<string, FrontMatterValue>();
  let data: Record<string, unknown> = {};

  let doc;
  try {
    doc = parseDocument(yamlText, { version: '1.1', uniqueKeys: false, prettyErrors: false, strict: false });
  } catch (error) {
    problems.push({ kind: 'yaml-error', message: `The front matter is not valid YAML: ${String(error)}`, range: yamlRange });
    return { present: true, yamlRange, bodyOffset, data, values, problems };
  }

  if (doc.errors.length > 0) {
    for (const error of doc.errors.slice(0, 3)) {
      const [s, e] = error.pos;
      const start = yamlRange.start + Math.min(s, yamlText.length);
      let end = yamlRange.start + Math.min(Math.max(e, s + 1), yamlText.length);
      if (end <= start) end = Math.min(start + 1, yamlRange.end);
      const line = error.linePos?.[0]?.line;
      const first = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      problems.push({
        kind: 'yaml-error',
        message: `The front matter is not valid YAML${line ? ` (front matter line ${line})` : ''}: ${first}. Jekyll will build this file without any of its front matter.`,
        range: { start, end },
      });
    }
    return { present: true, yamlRange, bodyOffset, data, values, problems };
  }

  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) {
    return { present: true, yamlRange, bodyOffset, data, values, problems };
  }
  if (!isMap(contents)) {
    const range = contents.range ?? [0, yamlText.length];
    problems.push({
      kind: 'not-a-mapping',
      message: 'The front matter must be a list of `key: value` lines. Jekyll will ignore it.',
      range: { start: yamlRange.start + range[0], end: yamlRange.start + Math.max(range[1], range[0] + 1) },
    });
    return { present: true, yamlRange, bodyOffset, data, values, problems };
  }

  try {
    const js = doc.toJS({ maxAliasCount: 100 });
    if (js && typeof js === 'object' && !Array.isArray(js)) data = js as Record<string, unknown>;
  } catch (error) {
    problems.push({ kind: 'yaml-error', message: `The front matter could not be read: ${String(error)}`, range: yamlRange });
    return { present: true, yamlRange, bodyOffset, data: {}, values, problems };
  }

  for (const pair of contents.items) {
    const keyNode = pair.key;
    if (!isScalar(keyNode) || !keyNode.range) continue;
    const key = String(keyNode.value);
    const keyRange = { start: yamlRange.start + keyNode.range[0], end: yamlRange.start + keyNode.range[1] };
    const valueNode = pair.value;
    if (isScalar(valueNode) && valueNode.range) {
      const [s, e] = valueNode.range;
      const style = (valueNode as Scalar).type ?? 'PLAIN';
      const quoted = style === 'QUOTE_SINGLE' || style === 'QUOTE_DOUBLE';
      const contentStart = quoted ? s + 1 : s;
      const contentEnd = quoted ? Math.max(contentStart, e - 1) : e;
      values.set(key, {
        key,
        value: data[key],
        keyRange,
        valueRange: { start: yamlRange.start + contentStart, end: yamlRange.start + contentEnd },
        style,
        source: yamlText.slice(contentStart, contentEnd),
      });
    } else {
      values.set(key, { key, value: data[key], keyRange, style: isSeq(valueNode) ? 'SEQ' : isMap(valueNode) ? 'MAP' : undefined });
    }
  }
  return { present: true, yamlRange, bodyOffset, data, values, problems };
}

/** Quotes a value for a YAML front matter line the way the site writes paths: single quotes. */
export function yamlSingleQuoted(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
