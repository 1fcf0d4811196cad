import type { Fix } from './findings';

/** Fixes moved by `delta` characters in their file: each edit's range (a file created or renamed stays as it is). */
export function shiftFixes(fixes: readonly Fix[], delta: number): Fix[] {
  return fixes.map((f) => (f.edits ? { ...f, edits: f.edits.map((e) => ({ ...e, range: { start: e.range.start + delta, end: e.range.end + delta } })) } : f));
}
