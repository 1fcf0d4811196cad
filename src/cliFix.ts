/**
 * `ipe-author check --fix`: each finding's preferred fix, file by file. A file is written only when it
 * still holds exactly the bytes that were checked, through a temporary file in the same folder that is
 * then renamed over it (a reader sees the old file or the new one, never half of one). Renaming fixes
 * are not applied here (they are listed): the editor's quick fix does those, and never over a file.
 */
import { readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { Finding, TextEdit } from './core/findings';
import { decodeText } from './core/text';

export interface FilePlan {
  /** Site-relative path. */
  readonly file: string;
  readonly before: string;
  readonly after: string;
  /** The findings whose fix is in `after`. */
  readonly fixed: readonly Finding[];
}

export interface LeftOver {
  readonly finding: Finding;
  readonly reason: string;
}

/** Applies non-overlapping edits (offsets in `text`) from the end backwards. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.start - a.range.start)) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

/** Which preferred fixes can be applied together, file by file; the others and why. */
export function planFixes(findings: readonly Finding[], texts: ReadonlyMap<string, string>): { plans: FilePlan[]; left: LeftOver[] } {
  const byFile = new Map<string, { finding: Finding; edits: readonly TextEdit[] }[]>();
  const left: LeftOver[] = [];
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.preferred);
    if (!fix) continue;
    if (fix.renameTo) {
      left.push({ finding: f, reason: `${fix.title}: renames are not applied by --fix (the editor's quick fix does them)` });
      continue;
    }
    if (!fix.edits || fix.edits.length === 0) continue;
    let list = byFile.get(f.file);
    if (!list) byFile.set(f.file, (list = []));
    list.push({ finding: f, edits: fix.edits });
  }
  const plans: FilePlan[] = [];
  for (const [file, list] of [...byFile].sort((a, b) => a[0].localeCompare(b[0]))) {
    const text = texts.get(file);
    if (text === undefined) {
      for (const x of list) left.push({ finding: x.finding, reason: 'the file could not be read' });
      continue;
    }
    const taken: TextEdit[] = [];
    const fixed: Finding[] = [];
    for (const x of [...list].sort((a, b) => a.edits[0].range.start - b.edits[0].range.start)) {
      const overlaps = x.edits.some((e) => taken.some((t) => e.range.start < t.range.end && t.range.start < e.range.end && !(e.range.start === t.range.start && e.range.end === t.range.end && e.newText === t.newText)));
      if (overlaps) {
        left.push({ finding: x.finding, reason: 'its fix overlaps another one; run --fix again' });
        continue;
      }
      for (const e of x.edits) if (!taken.some((t) => t.range.start === e.range.start && t.range.end === e.range.end && t.newText === e.newText)) taken.push(e);
      fixed.push(x.finding);
    }
    const after = applyEdits(text, taken);
    if (after !== text) plans.push({ file, before: text, after, fixed });
  }
  return { plans, left };
}

/** The changes as one unified diff, `a/FILE` and `b/FILE` as git writes them. */
export function unifiedDiff(plans: readonly FilePlan[]): string {
  return plans.map((p) => createTwoFilesPatch(`a/${p.file}`, `b/${p.file}`, p.before, p.after, undefined, undefined, { context: 3 }).replace(/^=+\n/, '')).join('');
}

export type WriteResult = 'written' | 'changed' | 'not-utf8' | 'failed';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Writes one planned file: only when its bytes still decode to the text that was checked and encode
 * back to the same bytes (so nothing but the fixed ranges changes), via a temporary file and a rename.
 */
export function writePlan(root: string, plan: FilePlan): WriteResult {
  const path = join(root, ...plan.file.split('/'));
  let original: Buffer;
  let mode: number;
  try {
    original = readFileSync(path);
    mode = statSync(path).mode & 0o7777;
  } catch {
    return 'failed';
  }
  const decoded = decodeText(original);
  if (decoded.kind !== 'text' || decoded.text !== plan.before) return 'changed';
  const prefix = decoded.hadBom ? BOM : Buffer.alloc(0);
  if (!Buffer.concat([prefix, Buffer.from(plan.before, 'utf8')]).equals(original)) return 'not-utf8';
  const temporary = join(dirname(path), `.${basename(path)}.ipe-author-${process.pid}.tmp`);
  try {
    writeFileSync(temporary, Buffer.concat([prefix, Buffer.from(plan.after, 'utf8')]), { flag: 'wx', mode });
    // The last look before the rename: the file must still be what was read.
    if (!readFileSync(path).equals(original)) {
      unlinkSync(temporary);
      return 'changed';
    }
    renameSync(temporary, path);
    return 'written';
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing was written.
    }
    return 'failed';
  }
}
