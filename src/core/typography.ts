/**
 * kramdown's typographic symbols that do not depend on what is around them: `---` and `--` as em and
 * en dashes, `...` (and `. . .`) as an ellipsis, `<<` and `>>` as guillemets (with a no-break space
 * where a space stands inside). Quotes are curled by each caller, which knows their surroundings.
 */
export function typographicSymbols(text: string): string {
  return text
    .replace(/---/g, '\u2014')
    .replace(/--/g, '\u2013')
    .replace(/\.\.\.|\. \. \./g, '\u2026')
    .replace(/<< /g, '\u00ab\u00a0')
    .replace(/ >>/g, '\u00a0\u00bb')
    .replace(/<</g, '\u00ab')
    .replace(/>>/g, '\u00bb');
}
