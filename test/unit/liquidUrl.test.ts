import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateExpression, evaluateTemplate, relativeUrl, absoluteUrl } from '../../src/core/liquidUrl';

const scope = (baseurl: unknown, url = 'https://example.org') => ({ site: { baseurl, url }, page: { background: '/img/a.jpg' } });

test("relative_url follows Jekyll 4: baseurl without trailing slash, both parts with a leading slash", () => {
  assert.equal(relativeUrl('/img/a.png', '/ipe'), '/ipe/img/a.png');
  assert.equal(relativeUrl('img/a.png', '/ipe'), '/ipe/img/a.png');
  assert.equal(relativeUrl('/img/a.png', '/ipe/'), '/ipe/img/a.png');
  assert.equal(relativeUrl('/img/a.png', ''), '/img/a.png');
  assert.equal(relativeUrl('/img/a.png', 'ipe'), '/ipe/img/a.png');
  assert.equal(relativeUrl('/img/with space.png', ''), '/img/with%20space.png');
  assert.equal(relativeUrl('https://x.org/a.png', '/ipe'), 'https://x.org/a.png');
  assert.equal(absoluteUrl('/img/a.png', '/ipe', 'https://example.org'), 'https://example.org/ipe/img/a.png');
  assert.equal(absoluteUrl('/img/a.png', '/ipe', ''), '/ipe/img/a.png');
});

test("the theme's background expression", () => {
  const e = "page.background | prepend: site.baseurl | replace: '//', '/'";
  assert.deepEqual(evaluateExpression(e, scope('/ipe')), { ok: true, value: '/ipe/img/a.jpg' });
  assert.deepEqual(evaluateExpression(e, scope('/ipe/')), { ok: true, value: '/ipe/img/a.jpg' });
  assert.deepEqual(evaluateExpression(e, scope('')), { ok: true, value: '/img/a.jpg' });
  assert.deepEqual(evaluateExpression(e, { ...scope(''), page: {} }), { ok: true, value: '' });
});

test('templates with interpolations; tags and unknown filters are unknown', () => {
  assert.deepEqual(evaluateTemplate('{{ site.baseurl }}/img/a.png', scope('/ipe')), { ok: true, value: '/ipe/img/a.png' });
  assert.deepEqual(evaluateTemplate('{{- "/a.png" | absolute_url -}}', scope('/ipe')), { ok: true, value: 'https://example.org/ipe/a.png' });
  assert.equal(evaluateTemplate('{% link a.png %}', scope('')).ok, false);
  assert.equal(evaluateTemplate('{{ "/a.png" | asset_path }}', scope('')).ok, false);
  // site.data comes from _data/, which the engine does not read: no claim.
  assert.equal(evaluateTemplate('{{ site.data.images.first }}', scope('')).ok, false);
  assert.equal(evaluateTemplate('{{ unknown_var }}', scope('')).ok, false);
  assert.equal(evaluateTemplate('{{ "/a.png"', scope('')).ok, false);
});
