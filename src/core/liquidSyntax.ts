/**
 * The Liquid errors that stop a Jekyll build while a template is parsed, found as Liquid 4 parses it
 * (GitHub Pages' Jekyll 3.10 runs Liquid 4.0.4; the official Jekyll 4.3 gem pins Liquid 4 too), in the
 * `warn` error mode Jekyll sets: a tag's markup is read by its lax parser, whose failure is an error.
 *
 * The text is cut into tokens as Liquid's tokenizer splits it: `{%` to the first `%}`, `{{` to the
 * first `}` (and a second `}` right after it), or a lone `{%` / `{{` when nothing closes it. Then:
 * - a tag token must read `{%`, an optional '-', a name (ASCII letters, digits, '_'), its markup, an
 *   optional '-', `%}`; a variable token must end in `}}`;
 * - a tag name that is registered (Liquid's, Jekyll's, an active plugin's) is parsed by its tag, whose
 *   markup may be wrong (`{% if %}`, `{% for x %}`, `{% highlight %}`, `{% include a.html b %}`);
 * - any other name goes to the innermost open block: its end tag closes it, `if`/`unless` take
 *   `elsif`/`else`, `case` takes `when`/`else`, `for` one `else`, `comment` ignores everything; else
 *   it is an error (at the top: an unknown tag);
 * - `{% raw %}` takes everything up to the first token that ends in `{% endraw %}` (`{%- endraw -%}`
 *   does not end it);
 * - more than 100 nested blocks are "Nesting too deep"; a block still open at the end "was never
 *   closed".
 * The first error stops the parse, as it stops Jekyll. Of the errors Liquid raises only while
 * rendering, one is found when the template parses: an unknown operator (`{% if a = b %}`, Jinja's
 * `is`, a stray word) in the first condition of an `if` or `unless` that is rendered whatever the data
 * (not inside another condition, a loop or a comment); a division by zero or an include that is not
 * there are not found here.
 *
 * Ruby's `\s` and `\w` are ASCII: the patterns below spell their classes out rather than use
 * JavaScript's wider `\s`. A tag markup longer than MAX_MARKUP is not validated (Liquid's own lax
 * patterns backtrack badly on such input; no real tag is that long).
 */
import type { OffsetRange } from './text';

/** Liquid 4's tags that stand alone. */
const LIQUID_TAGS = ['assign', 'break', 'continue', 'cycle', 'decrement', 'increment'];
/** Liquid 4's block tags (their end tag is `end` + the name). */
const LIQUID_BLOCKS = ['if', 'unless', 'case', 'for', 'capture', 'comment', 'raw', 'tablerow', 'ifchanged'];
/** Jekyll's own tags and blocks (the same in 3.10 and 4.3). */
const JEKYLL_TAGS = ['include', 'include_relative', 'link', 'post_url'];
const JEKYLL_BLOCKS = ['highlight'];

/** The tags that the plugins GitHub Pages allows register, by plugin (none of them is a block). */
export const PLUGIN_TAGS: Readonly<Record<string, readonly string[]>> = {
  'jekyll-seo-tag': ['seo'],
  'jekyll-feed': ['feed_meta'],
  'jekyll-gist': ['gist'],
  'jekyll-github-metadata': ['github_edit_link'],
  'jekyll-avatar': ['avatar'],
  'jekyll-octicons': ['octicon'],
  'jekyll-include-cache': ['include_cached'],
};

/** Tags of Liquid 5 (not in Liquid 4, so not on GitHub Pages). */
export const LIQUID5_TAGS: readonly string[] = ['render', 'echo', 'liquid'];

const BLOCKS = new Set([...LIQUID_BLOCKS, ...JEKYLL_BLOCKS]);

/** The names of every tag a build knows, given the plugins it runs. */
export function knownTags(activePlugins: Iterable<string>): Set<string> {
  const tags = new Set([...LIQUID_TAGS, ...LIQUID_BLOCKS, ...JEKYLL_TAGS, ...JEKYLL_BLOCKS]);
  for (const p of activePlugins) for (const t of PLUGIN_TAGS[p] ?? []) tags.add(t);
  return tags;
}

export type LiquidErrorKind =
  | 'unterminated-tag'
  | 'unterminated-variable'
  | 'unknown-tag'
  | 'unexpected-tag'
  | 'unclosed-block'
  | 'raw-unclosed'
  | 'bad-markup'
  | 'too-deep'
  | 'unknown-operator';

export interface LiquidBlock {
  readonly name: string;
  /** Its opening tag. */
  readonly range: OffsetRange;
}

export interface LiquidSyntaxError {
  readonly kind: LiquidErrorKind;
  /** The offending token (for a block never closed: its opening tag). */
  readonly range: OffsetRange;
  /** The tag's name, when the token is a tag. */
  readonly tag?: string;
  /** Liquid's words for it, e.g. "'if' tag was never closed". */
  readonly message: string;
  /** The blocks open when the parse stopped, outermost first. */
  readonly open: readonly LiquidBlock[];
}

/** Liquid's MAX_DEPTH: a block inside 100 open ones is "Nesting too deep". */
export const MAX_DEPTH = 100;
export const MAX_MARKUP = 2000;

// Ruby's (ASCII) classes.
const WS = '[ \\t\\n\\v\\f\\r]';
const NOT_WS = '[^ \\t\\n\\v\\f\\r]';
const QUOTED_STRING = `"[^"]*"|'[^']*'`;
const QUOTED_FRAGMENT = `(?:${QUOTED_STRING}|(?:[^ \\t\\n\\v\\f\\r,|'"]|${QUOTED_STRING})+)`;
const VARIABLE_SIGNATURE = `\\(?[\\w\\-.\\[\\]]\\)?`;

const HAS_FRAGMENT = new RegExp(QUOTED_FRAGMENT);
const STARTS_WITH_FRAGMENT = new RegExp(`^${QUOTED_FRAGMENT}`);
// If's lax parser.
const IF_SYNTAX = new RegExp(`(${QUOTED_FRAGMENT})${WS}*([=!<>a-z_]+)?${WS}*(${QUOTED_FRAGMENT})?`);
const AND_OR = `\\b(?:${WS}?and${WS}?|${WS}?or${WS}?)\\b`;
const EXPRESSIONS_AND_OPERATORS = new RegExp(`(?:${AND_OR}|(?:${WS}*(?!${AND_OR})(?:${QUOTED_FRAGMENT}|${NOT_WS}+)${WS}*)+)`, 'g');
const FOR_SYNTAX = new RegExp(`^[\\w-]+${WS}+in${WS}+(?:${QUOTED_FRAGMENT})+`);
const TABLEROW_SYNTAX = new RegExp(`\\w+${WS}+in${WS}+(?:${QUOTED_FRAGMENT})+`);
const ASSIGN_SYNTAX = new RegExp(`(?:${VARIABLE_SIGNATURE})+${WS}*=`);
const CAPTURE_SYNTAX = /[\w\-.[\]]/;
const ONLY_WS = new RegExp(`^${WS}*$`);
// Jekyll's HighlightBlock::SYNTAX, on the stripped markup, with Ruby's line anchors (^ after any '\n', $ before one).
const HIGHLIGHT_SYNTAX = new RegExp(`(?<![^\\n])[a-zA-Z0-9.+#_-]+(?:${WS}+\\w+(?:=(?:\\w+|"(?:[0-9]+${WS})*[0-9]+"))?)*(?![^\\n])`);
// Jekyll's IncludeTag: VARIABLE_SYNTAX (searched anywhere; its `.` with /m: any character) and FULL_VALID_SYNTAX
// (its `.`: not '\n').
const INCLUDE_VARIABLE = new RegExp(`(?:[^{]*(?:\\{\\{${WS}*[\\w\\-.]+${WS}*(?:\\|[\\s\\S]*)?\\}\\}[^ \\t\\n\\v\\f\\r{}]*)+)([\\s\\S]*)`);
const INCLUDE_PARAM = `[\\w-]+${WS}*=${WS}*(?:"[^"\\\\]*(?:\\\\[^\\n][^"\\\\]*)*"|'[^'\\\\]*(?:\\\\[^\\n][^'\\\\]*)*'|[\\w.-]+)`;
const INCLUDE_PARAMS = new RegExp(`^${WS}*(?:${INCLUDE_PARAM}(?=${WS}|$)${WS}*)*$`);
const WS_RUN = new RegExp(`${WS}+`);
const NAME_AFTER_OPEN = new RegExp(`${WS}*(\\w+)`, 'y');
const INCLUDE_TAGS = new Set(['include', 'include_relative', 'include_cached']);
/** Liquid 4's Condition.operators. */
const OPERATORS = new Set(['==', '!=', '<>', '<', '>', '>=', '<=', 'contains']);
/** Blocks whose body is rendered every time they are: a condition inside them is evaluated. */
const ALWAYS_RENDERED = new Set(['capture', 'ifchanged', 'highlight']);

const isWs = (c: number) => c === 32 || (c >= 9 && c <= 13);
const isWord = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** Ruby's String#strip: whitespace and NUL at both ends. */
function rubyStrip(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (isWs(s.charCodeAt(a)) || s.charCodeAt(a) === 0)) a++;
  while (b > a && (isWs(s.charCodeAt(b - 1)) || s.charCodeAt(b - 1) === 0)) b--;
  return s.slice(a, b);
}

/** If's lax_parse: the last expression a condition, and before it pairs of `and`/`or` and conditions. */
function ifMarkupParses(markup: string): boolean {
  // Trailing whitespace never makes a match of its own; without it the scan cannot backtrack over it.
  const expressions = rubyStrip(markup).match(EXPRESSIONS_AND_OPERATORS) ?? [];
  const last = expressions.pop();
  if (last === undefined || !IF_SYNTAX.test(last)) return false;
  while (expressions.length > 0) {
    const operator = rubyStrip(expressions.pop() as string);
    if (!IF_SYNTAX.test(expressions.pop() ?? '')) return false;
    if (operator !== 'and' && operator !== 'or') return false;
  }
  return true;
}

/** The operator of the condition If's lax parser makes first (the one evaluated first), if any. */
function firstOperator(markup: string): string | undefined {
  if (markup.length > MAX_MARKUP) return undefined;
  const first = rubyStrip(markup).match(EXPRESSIONS_AND_OPERATORS)?.[0];
  return first === undefined ? undefined : IF_SYNTAX.exec(first)?.[2];
}

/** Jekyll's IncludeTag#initialize: the file, then parameters that must each read `name=value`. */
function includeMarkupParses(markup: string): boolean {
  const m = rubyStrip(markup);
  const variable = INCLUDE_VARIABLE.exec(m);
  let params: string | undefined;
  if (variable) params = rubyStrip(variable[1]);
  else {
    const gap = WS_RUN.exec(m);
    params = gap ? m.slice(gap.index + gap[0].length) : undefined;
  }
  return params === undefined || INCLUDE_PARAMS.test(params);
}

/** Each registered tag whose constructor checks its markup: the test it applies, and the error it raises. */
const MARKUP_RULES: Readonly<Record<string, { readonly parses: (markup: string) => boolean; readonly error: string }>> = (() => {
  const ifRule = { parses: ifMarkupParses, error: "Syntax Error in tag 'if' - Valid syntax: if [expression]" };
  const matches = (pattern: RegExp) => (markup: string) => pattern.test(markup);
  return {
    if: ifRule,
    unless: ifRule,
    elsif: ifRule,
    for: { parses: matches(FOR_SYNTAX), error: "Syntax Error in 'for loop' - Valid syntax: for [item] in [collection]" },
    tablerow: { parses: matches(TABLEROW_SYNTAX), error: "Syntax Error in 'table_row loop' - Valid syntax: table_row [item] in [collection] cols=3" },
    case: { parses: matches(HAS_FRAGMENT), error: "Syntax Error in 'case' - Valid syntax: case [condition]" },
    when: { parses: matches(HAS_FRAGMENT), error: "Syntax Error in tag 'case' - Valid when condition: {% when [condition] [or condition2...] %}" },
    assign: { parses: matches(ASSIGN_SYNTAX), error: "Syntax Error in 'assign' - Valid syntax: assign [var] = [source]" },
    capture: { parses: matches(CAPTURE_SYNTAX), error: "Syntax Error in 'capture' - Valid syntax: capture [var]" },
    cycle: { parses: matches(STARTS_WITH_FRAGMENT), error: "Syntax Error in 'cycle' - Valid syntax: cycle [name :] var [, var2, var3 ...]" },
    raw: { parses: matches(ONLY_WS), error: "Syntax Error in 'raw' - Valid syntax: raw (it takes no arguments)" },
    highlight: { parses: (markup) => HIGHLIGHT_SYNTAX.test(rubyStrip(markup)), error: "Syntax Error in tag 'highlight': valid syntax: highlight <lang> [linenos]" },
  };
})();

/** The error a registered tag's markup gives, as its constructor raises it, or undefined. */
function markupError(name: string, markup: string): string | undefined {
  if (markup.length > MAX_MARKUP) return undefined;
  const rule = Object.hasOwn(MARKUP_RULES, name) ? MARKUP_RULES[name] : undefined;
  if (rule) return rule.parses(markup) ? undefined : rule.error;
  if (INCLUDE_TAGS.has(name)) return includeMarkupParses(markup) ? undefined : `Invalid syntax for ${name} tag: parameters are written name="value" ({% ${name} file.ext param='value' %})`;
  return undefined;
}

interface Token {
  readonly start: number;
  readonly end: number;
  readonly kind: 'tag' | 'variable';
}

/**
 * Liquid's tokens of a text, one at a time. Each search for a closing `%}` or `}` starts where the
 * last one left off (a search that found nothing is not repeated): the whole cut is linear.
 */
class Tokenizer {
  private tagCloseFrom = -1;
  private tagClose = -2;
  private braceFrom = -1;
  private brace = -2;

  constructor(private readonly text: string) {}

  /** The next tag or variable token at or after `from`; the text between tokens is plain. */
  next(from: number): Token | undefined {
    const text = this.text;
    for (let at = text.indexOf('{', from); at >= 0; at = text.indexOf('{', at + 1)) {
      const c = text.charCodeAt(at + 1);
      if (c === 37 /* % */) {
        const close = this.find('%}', at + 2);
        return { start: at, end: close < 0 ? at + 2 : close + 2, kind: 'tag' };
      }
      if (c === 123 /* { */) {
        const close = this.find('}', at + 2);
        if (close < 0) return { start: at, end: at + 2, kind: 'variable' };
        return { start: at, end: text.charCodeAt(close + 1) === 125 ? close + 2 : close + 1, kind: 'variable' };
      }
    }
    return undefined;
  }

  private find(what: '%}' | '}', from: number): number {
    if (what === '%}') {
      if (from >= this.tagCloseFrom && (this.tagClose === -1 || this.tagClose >= from)) return this.tagClose;
      this.tagCloseFrom = from;
      return (this.tagClose = this.text.indexOf('%}', from));
    }
    if (from >= this.braceFrom && (this.brace === -1 || this.brace >= from)) return this.brace;
    this.braceFrom = from;
    return (this.brace = this.text.indexOf('}', from));
  }
}

/** A tag token read as Liquid's FullToken: its name and markup, or undefined when it does not read so. */
function readTag(text: string, start: number, end: number): { name: string; markup: string } | undefined {
  if (end - start < 4 || text.charCodeAt(end - 1) !== 125 || text.charCodeAt(end - 2) !== 37) return undefined;
  const stop = end - 2;
  let i = start + 2;
  if (text.charCodeAt(i) === 45 /* - */) i++;
  while (i < stop && isWs(text.charCodeAt(i))) i++;
  const nameStart = i;
  while (i < stop && isWord(text.charCodeAt(i))) i++;
  if (i === nameStart) return undefined;
  const name = text.slice(nameStart, i);
  while (i < stop && isWs(text.charCodeAt(i))) i++;
  // The markup is lazy: an optional '-' before `%}` is not part of it.
  const markupEnd = stop > i && text.charCodeAt(stop - 1) === 45 ? stop - 1 : stop;
  return { name, markup: text.slice(i, Math.max(i, markupEnd)) };
}

/**
 * Raw's FullTokenPossiblyInvalid: the name after the last `{%` of a token that ends in `%}` (a `{%-`
 * is not one: Liquid 4's raw does not take whitespace control).
 */
function possiblyInvalidName(text: string, start: number, end: number): string | undefined {
  if (end - start < 5 || text.charCodeAt(end - 1) !== 125 || text.charCodeAt(end - 2) !== 37) return undefined;
  const token = text.slice(start, end);
  for (let p = token.lastIndexOf('{%', token.length - 5); p >= 0; p = p === 0 ? -1 : token.lastIndexOf('{%', p - 1)) {
    NAME_AFTER_OPEN.lastIndex = p + 2;
    const m = NAME_AFTER_OPEN.exec(token);
    if (m && NAME_AFTER_OPEN.lastIndex <= token.length - 2) return m[1];
  }
  return undefined;
}

interface OpenBlock {
  readonly name: string;
  readonly range: OffsetRange;
  /** A `for` that has had its `else`: a second one ends it. */
  forElse?: boolean;
}

/** Names that Liquid itself gives a meaning to inside or outside blocks: never taken for a plugin's tag. */
function isLiquidWord(name: string): boolean {
  return name === 'else' || name === 'elsif' || name === 'when' || name === 'end' || (name.startsWith('end') && BLOCKS.has(name.slice(3)));
}

/** A token as a message shows it: on one line, shortened, a space Liquid does not take for one spelled out. */
function short(token: string): string {
  const one = token.replace(/[ \t\n\v\f\r]+/g, ' ');
  const cut = one.length > 40 ? one.slice(0, 37) + '…' : one;
  return cut.replace(/[\u0085\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]/g, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
}

/**
 * The first Liquid error of a template (from `from` on), or undefined when it parses.
 * `strictTags: false` (a build whose plugins are not all known, such as a plain Jekyll with a Gemfile
 * and _plugins/) lets a tag of a name Liquid does not know pass, with its end tag.
 */
export function firstLiquidError(text: string, from: number, tags: ReadonlySet<string>, strictTags = true): LiquidSyntaxError | undefined {
  // Jekyll's has_liquid_construct?: without `{%` or `{{` the text is not parsed at all.
  if (text.indexOf('{%', from) < 0 && text.indexOf('{{', from) < 0) return undefined;
  const tokens = new Tokenizer(text);
  const open: OpenBlock[] = [];
  // The first render error that is certain, reported when the whole template parses.
  let renderError: LiquidSyntaxError | undefined;
  const fail = (kind: LiquidErrorKind, range: OffsetRange, message: string, tag?: string): LiquidSyntaxError => ({
    kind,
    range,
    message,
    open: open.map((b) => ({ name: b.name, range: b.range })),
    ...(tag !== undefined ? { tag } : {}),
  });
  let at = from;
  for (let t = tokens.next(at); t; t = tokens.next(at)) {
    at = t.end;
    const range = { start: t.start, end: t.end };
    if (t.kind === 'variable') {
      if (t.end - t.start < 4 || text.charCodeAt(t.end - 1) !== 125 || text.charCodeAt(t.end - 2) !== 125) {
        return fail('unterminated-variable', range, `Variable '${short(text.slice(t.start, t.end))}' was not properly terminated with '}}'`);
      }
      continue;
    }
    const read = readTag(text, t.start, t.end);
    if (!read) return fail('unterminated-tag', range, `Tag '${short(text.slice(t.start, t.end))}' was not properly terminated with '%}'`);
    const { name, markup } = read;
    const inside = open.length > 0 ? open[open.length - 1] : undefined;
    if (tags.has(name)) {
      const bad = markupError(name, markup);
      if (bad) return fail('bad-markup', range, bad, name);
      if ((name === 'if' || name === 'unless') && renderError === undefined && open.every((b) => ALWAYS_RENDERED.has(b.name))) {
        const op = firstOperator(markup);
        if (op !== undefined && !OPERATORS.has(op)) {
          const hint = op === '=' ? ': to compare, write ==' : `: Liquid compares with ==, !=, <>, <, >, <=, >= and contains`;
          renderError = fail('unknown-operator', range, `Liquid error: Unknown operator ${op}${hint}`, name);
        }
      }
      if (name === 'raw') {
        // Everything up to the first token that ends in {% endraw %} is text.
        let closed = false;
        for (let r = tokens.next(at); r; r = tokens.next(r.end)) {
          at = r.end;
          if (possiblyInvalidName(text, r.start, r.end) === 'endraw') {
            closed = true;
            break;
          }
        }
        if (!closed) {
          const dashed = /\{%-[ \t\n\v\f\r]*endraw\b/.test(text.slice(range.end));
          return fail('raw-unclosed', range, `'raw' tag was never closed: {% endraw %} is missing${dashed ? " ({%- endraw %} does not end it: Liquid 4's raw takes no '-')" : ''}`, name);
        }
        continue;
      }
      if (BLOCKS.has(name)) {
        if (open.length >= MAX_DEPTH) return fail('too-deep', range, `Nesting too deep: more than ${MAX_DEPTH} blocks inside one another`, name);
        open.push({ name, range });
      }
      continue;
    }
    // Not a registered tag: the innermost block takes it.
    if (inside && name === 'end' + inside.name) {
      open.pop();
      continue;
    }
    if (inside?.name === 'comment') continue;
    if ((inside?.name === 'if' || inside?.name === 'unless') && (name === 'elsif' || name === 'else')) {
      const bad = name === 'elsif' ? markupError('elsif', markup) : undefined;
      if (bad) return fail('bad-markup', range, bad, name);
      continue;
    }
    if (inside?.name === 'case' && (name === 'when' || name === 'else')) {
      const bad = name === 'when' ? markupError('when', markup) : rubyStrip(markup) === '' ? undefined : "Syntax Error in tag 'case' - Valid else condition: {% else %} (no parameters)";
      if (bad) return fail('bad-markup', range, bad, name);
      continue;
    }
    if (inside?.name === 'for' && name === 'else') {
      // For parses its body and one else-body: a second else ends the loop there.
      if (inside.forElse) open.pop();
      else inside.forElse = true;
      continue;
    }
    if (!strictTags && !isLiquidWord(name)) continue;
    if (inside) {
      if (name === 'else') return fail('unexpected-tag', range, `${inside.name} tag does not expect 'else' tag`, name);
      if (name.startsWith('end')) return fail('unexpected-tag', range, `'${name}' is not a valid delimiter for ${inside.name} tags: use end${inside.name}`, name);
      return fail('unknown-tag', range, `Unknown tag '${name}'`, name);
    }
    if (name === 'else' || name === 'end') return fail('unexpected-tag', range, `Unexpected outer '${name}' tag`, name);
    return fail(name.startsWith('end') || name === 'elsif' || name === 'when' ? 'unexpected-tag' : 'unknown-tag', range, `Unknown tag '${name}'`, name);
  }
  if (open.length > 0) {
    const b = open[open.length - 1];
    return fail('unclosed-block', b.range, `'${b.name}' tag was never closed: {% end${b.name} %} is missing`, b.name);
  }
  return renderError;
}
