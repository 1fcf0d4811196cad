/**
 * The resolver's direct computation of plain paths against the WHATWG URL parser: for generated and
 * hand-picked references and page URLs, whatever `resolveUrl` returns equals what `new URL` gives,
 * part by part; and the direct path is really taken for the common forms.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveUrl } from '../../src/core/resolve';
import { prng } from '../../bench/generateSite';

const PARTS = ['href', 'origin', 'protocol', 'host', 'pathname', 'search'] as const;

function viaParser(requested: string, base: string): Record<string, string> | undefined {
  try {
    const u = new URL(requested, base);
    return Object.fromEntries(PARTS.map((k) => [k, u[k]]));
  } catch {
    return undefined;
  }
}

function direct(requested: string, base: string, origin: string): Record<string, string> | undefined {
  const u = resolveUrl(requested, base, origin);
  return u && Object.fromEntries(PARTS.map((k) => [k, u[k]]));
}

const ORIGINS = ['https://ipe.etsi.org', 'http://localhost:4000', 'https://example.github.io'];
const PAGE_PATHS = ['/ipe/2022/11/22/1.html', '/ipe/', '/', '/ipe/about.html', '/blog/a b/c.html', '/ipe/%7Euser/x.html', '/ipe/2022/11/22/one/'];

test('plain references resolve directly to exactly what the URL parser gives', () => {
  const hand = [
    '/img/a.png', '/ipe/img/a.png', 'img/a.png', '../img/a.png', './img/a.png', '.', '..', '/', '//cdn.example/a.png', '/a//b.png',
    'img/./a.png', 'img/../a.png', 'a.png?x=1', 'a.png#f', '/img/a b.png', '/img/%20.png', 'IMG/Ä.png', '~x/y.png', '-a/_b.png', 'a:b',
    'http:a.png', '/img/a.png/', 'img/', '/.well-known/x.png', '.hidden/a.png', 'a..b.png', '/a/.../b.png',
  ];
  for (const origin of ORIGINS) {
    for (const page of PAGE_PATHS) {
      const base = origin + page;
      for (const ref of hand) assert.deepStrictEqual(direct(ref, base, origin), viaParser(ref, base), `${ref} against ${base}`);
    }
  }
});

test('generated references: the direct path agrees with the parser, and takes the plain ones', () => {
  const random = prng(20261129);
  const alphabet = ['a', 'Z', '0', '-', '_', '~', '.', '/', '/', '/', '..', '%', '%2F', ' ', '?', '#', ':', '\\', 'é', '@', '+'];
  let directHits = 0;
  for (let i = 0; i < 20000; i++) {
    const length = 1 + Math.floor(random() * 12);
    let ref = '';
    for (let j = 0; j < length; j++) ref += alphabet[Math.floor(random() * alphabet.length)];
    const origin = ORIGINS[i % ORIGINS.length];
    const base = origin + PAGE_PATHS[i % PAGE_PATHS.length];
    const expected = viaParser(ref, base);
    assert.deepStrictEqual(direct(ref, base, origin), expected, `${JSON.stringify(ref)} against ${base}`);
    if (/^[A-Za-z0-9_~/-][A-Za-z0-9._~/-]*$/.test(ref)) directHits++;
  }
  assert.ok(directHits > 1000, `only ${directHits} plain references were generated`);
});

test('the common forms do not go through the parser', (t) => {
  const original = globalThis.URL;
  let calls = 0;
  const counting = class extends original {
    constructor(input: string | URL, base?: string | URL) {
      super(input, base);
      calls++;
    }
  };
  t.after(() => {
    globalThis.URL = original;
  });
  globalThis.URL = counting as typeof URL;
  for (const ref of ['/img/a.png', '/ipe/img/posts/2022-11-21/fig-1.jpg', 'img/a.png']) {
    resolveUrl(ref, 'https://ipe.etsi.org/ipe/2022/11/22/1.html', 'https://ipe.etsi.org');
  }
  assert.equal(calls, 0);
  resolveUrl('../img/a.png', 'https://ipe.etsi.org/ipe/2022/11/22/1.html', 'https://ipe.etsi.org');
  assert.equal(calls, 1);
});
