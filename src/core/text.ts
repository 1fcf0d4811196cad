/** Text decoding and offset ↔ line/column conversion shared by every feature. */
import { isAscii, isUtf8, transcode } from 'node:buffer';

export interface Position {
  /** 0-based line. */
  readonly line: number;
  /** 0-based UTF-16 column. */
  readonly character: number;
}

export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

export type DecodedText =
  | { readonly kind: 'text'; readonly text: string; readonly hadBom: boolean }
  | { readonly kind: 'binary' };

/** The byte order mark is dropped by decodeText itself, once, as Jekyll does: a second one is text. */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * UTF-8 to a JavaScript string through ICU's transcoder: ASCII and malformed bytes go to TextDecoder
 * (malformed sequences become U+FFFD as the WHATWG decoder says); other valid UTF-8 goes through the
 * transcoder, which makes the two-byte string of a page with a few accented letters or curly quotes in
 * half the time TextDecoder takes on Node 20 and 22. Both give the same string for valid UTF-8
 * (`test/unit/text.test.ts`).
 */
export function decodeUtf8ByTranscoder(bytes: Uint8Array): string {
  if (bytes.length < 64 || isAscii(bytes) || !isUtf8(bytes)) return utf8.decode(bytes);
  try {
    return transcode(bytes, 'utf8', 'ucs2').toString('utf16le');
  } catch {
    // A Node without ICU.
    return utf8.decode(bytes);
  }
}

/** From Node 24 on, TextDecoder converts UTF-8 with SIMD instructions: three times faster than the transcoder. */
const FAST_TEXT_DECODER = Number(process.versions.node.split('.')[0]) >= 24;

const decodeUtf8 = FAST_TEXT_DECODER ? (bytes: Uint8Array): string => utf8.decode(bytes) : decodeUtf8ByTranscoder;

/**
 * A copy of a string that holds no reference to a longer one. A substring of a document's text (a
 * front matter value) may be kept by the engine as a view into the whole text, which then stays in
 * memory as long as the substring does: a record that outlives the document's analysis (the site's
 * index) keeps copies. Short strings are copied by the engine anyway.
 */
export function detachedString(s: string): string {
  // Joined to another string, the substring is copied whole into a new one when sliced out again:
  // the result is a view of that copy, not of the text (and costs half of a JSON round trip).
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** A count with its noun, for messages: '1 file', '3 files', '2 links and images'. */
export const plural = (n: number, one: string, many = one + 's'): string => `${n} ${n === 1 ? one : many}`;

/** Character-code tests shared by the hand-written scanners. */
export const isAsciiDigit = (c: number): boolean => c >= 48 && c <= 57;
export const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * Decodes a file the way Jekyll reads it (UTF-8, a byte order mark dropped). A NUL byte in the first
 * 8 KiB marks the file as binary: it is not a text document and gets one finding, never a parse.
 */
export function decodeText(data: Uint8Array): DecodedText {
  if (data.subarray(0, 8192).indexOf(0) >= 0) return { kind: 'binary' };
  const hadBom = data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;
  const text = decodeUtf8(hadBom ? data.subarray(3) : data);
  return { kind: 'text', text, hadBom };
}

/** Maps offsets to positions the way VS Code counts lines: a line ends at '\r\n', '\n' or a lone '\r'. */
export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    // An offset inside a line break ('\r|\n') sits at the end of the line's content.
    const character = Math.min(o, this.lineEndOffset(lo)) - this.starts[lo];
    return { line: lo, character };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    return Math.min(this.starts[position.line] + Math.max(0, position.character), this.lineEndOffset(position.line));
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** Offset just after the line's content, before its line break. */
  lineEndOffset(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    let end = this.starts[line + 1];
    if (end > this.starts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.starts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
}
