/**
 * Evaluates the small part of Liquid that image paths use — `{{ site.baseurl }}`, `{{ 'x' | relative_url }}`,
 * `absolute_url`, `prepend`, `append`, `replace` — with Jekyll's semantics. Anything else is reported as
 * unknown, and the engine then makes no claim about the path.
 */
import { BoundedMemo } from './memo';

export interface LiquidScope {
  /** `site.*` values (baseurl as written in the config, url, …). */
  readonly site: Readonly<Record<string, unknown>>;
  /** `page.*` values (front matter). */
  readonly page: Readonly<Record<string, unknown>>;
}

export type LiquidResult = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: string };

const unknown = (reason: string): LiquidResult => ({ ok: false, reason });

export function hasLiquid(text: string): boolean {
  return text.includes('{{') || text.includes('{%');
}

/** Evaluates text with `{{ … }}` interpolations; a `{% … %}` tag makes the result unknown. */
export function evaluateTemplate(text: string, scope: LiquidScope): LiquidResult {
  if (text.includes('{%')) return unknown('a Liquid tag');
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, open);
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return unknown('an unclosed {{');
    const inner = text.slice(open + 2, close).replace(/^-/, '').replace(/-$/, '');
    const r = evaluateExpression(inner, scope);
    if (!r.ok) return r;
    out += r.value;
    i = close + 2;
  }
  return { ok: true, value: out };
}

type Token = { kind: 'string'; value: string } | { kind: 'word'; value: string } | { kind: 'punct'; value: string };

function tokenize(expr: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      const end = expr.indexOf(c, i + 1);
      if (end < 0) return undefined;
      tokens.push({ kind: 'string', value: expr.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '|' || c === ':' || c === ',') {
      tokens.push({ kind: 'punct', value: c });
      i++;
    } else {
      const m = /^[A-Za-z0-9_.\-[\]]+/.exec(expr.slice(i));
      if (!m) return undefined;
      tokens.push({ kind: 'word', value: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

/** A number literal, which an expression reads as itself. */
const NUMBER = /^-?\d+(\.\d+)?$/;

function lookup(path: string, scope: LiquidScope): LiquidResult {
  if (NUMBER.test(path)) return { ok: true, value: path };
  if (path === 'nil' || path === 'null' || path === 'empty') return { ok: true, value: '' };
  const parts = path.split('.');
  let value: unknown;
  if (parts[0] === 'site') value = scope.site;
  else if (parts[0] === 'page') value = scope.page;
  else return unknown(`the variable '${path}'`);
  for (let i = 1; i < parts.length; i++) {
    if (value === null || value === undefined || typeof value !== 'object') return unknown(`'${path}'`);
    value = (value as Record<string, unknown>)[parts[i]];
  }
  if (value === null || value === undefined) return { ok: true, value: '' };
  if (typeof value === 'object') return unknown(`'${path}' is not a text value`);
  return { ok: true, value: String(value) };
}

function hasScheme(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url);
}

function ensureLeadingSlash(s: string): string {
  return s === '' || s.startsWith('/') ? s : '/' + s;
}

/** Jekyll 4's relative_url: baseurl (trailing slash dropped) joined to the input, each with a leading slash. */
export function relativeUrl(input: string, baseurl: string): string {
  if (hasScheme(input)) return input;
  return encodeLikeAddressable(ensureLeadingSlash(baseurl.replace(/\/$/, '')) + ensureLeadingSlash(input));
}

export function absoluteUrl(input: string, baseurl: string, siteUrl: string): string {
  if (hasScheme(input)) return input;
  const rel = relativeUrl(input, baseurl);
  return siteUrl === '' ? rel : siteUrl + rel;
}

/** Addressable's normalize percent-encodes what a URL cannot hold (spaces, non-ASCII), keeping existing escapes. */
function encodeLikeAddressable(url: string): string {
  return url.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/?#%[\]]/g, (c) => encodeURIComponent(c));
}

function applyFilter(name: string, input: string, args: string[], scope: LiquidScope): LiquidResult {
  const site = scope.site;
  const baseurl = site.baseurl === undefined || site.baseurl === null ? '' : String(site.baseurl);
  const url = site.url === undefined || site.url === null ? '' : String(site.url);
  switch (name) {
    case 'prepend':
      return { ok: true, value: (args[0] ?? '') + input };
    case 'append':
      return { ok: true, value: input + (args[0] ?? '') };
    case 'replace':
      return { ok: true, value: args[0] ? input.split(args[0]).join(args[1] ?? '') : input };
    case 'replace_first': {
      const i = args[0] ? input.indexOf(args[0]) : -1;
      return { ok: true, value: i < 0 ? input : input.slice(0, i) + (args[1] ?? '') + input.slice(i + (args[0] as string).length) };
    }
    case 'remove':
      return { ok: true, value: args[0] ? input.split(args[0]).join('') : input };
    case 'remove_first': {
      const i = args[0] ? input.indexOf(args[0]) : -1;
      return { ok: true, value: i < 0 ? input : input.slice(0, i) + input.slice(i + (args[0] as string).length) };
    }
    case 'strip':
      return { ok: true, value: input.trim() };
    case 'downcase':
      return { ok: true, value: input.toLowerCase() };
    case 'upcase':
      return { ok: true, value: input.toUpperCase() };
    case 'default':
      return { ok: true, value: input === '' ? (args[0] ?? '') : input };
    case 'relative_url':
      return { ok: true, value: relativeUrl(input, baseurl) };
    case 'absolute_url':
      return { ok: true, value: absoluteUrl(input, baseurl, url) };
    case 'url_encode':
      return { ok: true, value: encodeURIComponent(input).replace(/%20/g, '+') };
    case 'escape':
      return { ok: true, value: input };
    default:
      return unknown(`the filter '${name}'`);
  }
}

/** Tokens of the expressions seen, by text: a site has a handful of layout expressions and evaluates them thousands of times. */
const tokenCache = new BoundedMemo(501, tokenize);

function tokensOf(expr: string): readonly Token[] | undefined {
  return tokenCache.get(expr);
}

/**
 * The variables an output expression reads (`page.background`, `site.baseurl`), or undefined when it
 * cannot be read. Evaluating it depends on nothing else.
 */
export function expressionVariables(expr: string): string[] | undefined {
  const tokens = tokensOf(expr);
  if (!tokens) return undefined;
  const out: string[] = [];
  for (const t of tokens) if (t.kind === 'word' && !NUMBER.test(t.value)) out.push(t.value);
  return out;
}

/** Evaluates one output expression (the inside of `{{ … }}`). */
export function evaluateExpression(expr: string, scope: LiquidScope): LiquidResult {
  const tokens = tokensOf(expr);
  if (!tokens || tokens.length === 0) return unknown('an expression it cannot read');
  const operand = (t: Token | undefined): LiquidResult => {
    if (!t) return unknown('a missing value');
    if (t.kind === 'string') return { ok: true, value: t.value };
    if (t.kind === 'word') return lookup(t.value, scope);
    return unknown(`'${t.value}'`);
  };
  let result = operand(tokens[0]);
  if (!result.ok) return result;
  let i = 1;
  while (i < tokens.length) {
    if (tokens[i].kind !== 'punct' || tokens[i].value !== '|') return unknown('an expression it cannot read');
    const name = tokens[i + 1];
    if (!name || name.kind !== 'word') return unknown('a filter without a name');
    i += 2;
    const args: string[] = [];
    if (tokens[i]?.kind === 'punct' && tokens[i].value === ':') {
      i++;
      for (;;) {
        const a = operand(tokens[i]);
        if (!a.ok) return a;
        args.push(a.value);
        i++;
        if (tokens[i]?.kind === 'punct' && tokens[i].value === ',') i++;
        else break;
      }
    }
    result = applyFilter(name.value, (result as { value: string }).value, args, scope);
    if (!result.ok) return result;
  }
  return result;
}
