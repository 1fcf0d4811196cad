/** Files the checker does not parse: binary data under a text name, and files over the size limit. */
import { Codes, FileCheck, findingMaker } from './types';

const CODES = {
  'binary-file': { severity: 'warning', summary: 'A binary file with a Markdown or HTML name; it is not checked.' },
  'file-too-large': { severity: 'information', summary: 'A file larger than the check limit; it is not checked.' },
} as const satisfies Codes;

const finding = findingMaker(CODES);
const START = { start: 0, end: 0 };

export const fileLimitChecks: FileCheck<typeof CODES> = {
  name: 'file-limits',
  needs: 'file',
  codes: CODES,
  check(path, read) {
    if (read.kind === 'too-large') {
      return [finding('file-too-large', path, START, `This file is ${(read.size / 1048576).toFixed(1)} MB; files over ${read.limit / 1048576} MB are not checked.`)];
    }
    return [
      finding('binary-file', path, START, 'This file holds binary data (a NUL byte), not text: Jekyll will copy or render it as garbage. Rename it or replace it with the text it should hold.'),
    ];
  },
};
