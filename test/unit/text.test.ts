/**
 * decodeText takes ICU's transcoder for valid UTF-8 that is not ASCII: held here to TextDecoder, byte
 * for byte, on generated text of every width, with and without a byte order mark, valid or not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeText, decodeUtf8ByTranscoder } from '../../src/core/text';
import { prng } from '../../bench/generateSite';

const PIECES = ['a', 'post ', '\n', '\r\n', 'é', '’', '€', '😀', '—', 'ü', '\u2028', '\ufeff', 'ǅ', '中文', '\ud7ff', '\ue000', '\uffff'];

test('decoding: the same string as TextDecoder for ASCII, valid and malformed UTF-8', () => {
  // A second byte order mark is text (Jekyll reads 'bom|utf-8', which drops one).
  const twice = decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x61]));
  assert.deepEqual(twice, { kind: 'text', text: '\ufeffa', hadBom: true });
  const random = prng(31);
  // The one byte order mark Jekyll drops is decodeText's to drop; TextDecoder must keep a second one.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let transcoded = 0;
  for (let n = 0; n < 20000; n++) {
    let text = '';
    const length = Math.floor(random() * 120);
    const ascii = n % 3 === 0;
    for (let i = 0; i < length; i++) text += ascii ? PIECES[Math.floor(random() * 3)] : PIECES[Math.floor(random() * PIECES.length)];
    let bytes = new TextEncoder().encode(text);
    if (n % 5 === 0 && bytes.length > 0) {
      // Malformed: a stray continuation byte, a cut sequence, an overlong form or an encoded surrogate.
      const bad = [[0x80], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]][n % 25 === 0 ? 4 : Math.floor(random() * 4)];
      const at = Math.floor(random() * bytes.length);
      bytes = Uint8Array.from([...bytes.subarray(0, at), ...bad, ...bytes.subarray(at)]);
    }
    const bom = n % 7 === 0;
    const data = bom ? Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes]) : bytes;
    const decoded = decodeText(data);
    assert.equal(decoded.kind, 'text');
    if (decoded.kind !== 'text') continue;
    const hadBom = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;
    assert.equal(decoded.hadBom, hadBom);
    assert.equal(decoded.text, decoder.decode(hadBom ? data.subarray(3) : data), JSON.stringify({ n, bytes: [...data] }));
    // The transcoder's way, whichever way this Node's decodeText takes.
    assert.equal(decodeUtf8ByTranscoder(data), decoder.decode(data), JSON.stringify({ n, bytes: [...data] }));
    if (!ascii && n % 5 !== 0 && bytes.length >= 64) transcoded++;
  }
  assert.ok(transcoded > 5000, `only ${transcoded} texts took the transcoder`);
});
