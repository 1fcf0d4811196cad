import { dayOfYear, wallClock, WallClock } from '../permalink';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * A Ruby `Time` as Jekyll hands it to Liquid: an instant seen on the site's clock. Prints like Ruby
 * (`2022-11-22 03:45:13 +0000`) and formats with strftime in that zone.
 */
export class JekyllTime {
  readonly clock: WallClock;

  constructor(readonly instant: number, readonly timeZone: string) {
    this.clock = wallClock(instant, timeZone);
  }

  strftime(format: string): string {
    return strftime(this.clock, format);
  }

  toString(): string {
    return this.strftime('%Y-%m-%d %H:%M:%S %z');
  }

  toLiquid(): this {
    return this;
  }

  valueOf(): number {
    return this.instant;
  }
}

const pad = (n: number, width: number, fill: string) => String(n).padStart(width, fill);

/** Ruby's strftime for the directives Jekyll sites use, with `-` (no padding), `_` (spaces) and `^` (upper case) flags. */
export function strftime(c: WallClock, format: string): string {
  // Only the weekday and day-of-year directives need a Date.
  const weekdayOf = () => new Date(Date.UTC(c.year, c.month - 1, c.day)).getUTCDay();
  const hour12 = c.hour % 12 === 0 ? 12 : c.hour % 12;
  const offset = (colon: boolean) => {
    const sign = c.offsetMinutes < 0 ? '-' : '+';
    const abs = Math.abs(c.offsetMinutes);
    return `${sign}${pad(Math.floor(abs / 60), 2, '0')}${colon ? ':' : ''}${pad(abs % 60, 2, '0')}`;
  };
  return format.replace(/%([-_^0]?)(:?)([a-zA-Z%])/g, (whole, flag: string, colon: string, d: string) => {
    const num = (n: number, width: number, fill = '0') => (flag === '-' ? String(n) : flag === '_' ? pad(n, width, ' ') : pad(n, width, flag === '0' ? '0' : fill));
    let out: string;
    switch (d) {
      case 'Y': out = String(c.year); break;
      case 'C': out = num(Math.floor(c.year / 100), 2); break;
      case 'y': out = num(c.year % 100, 2); break;
      case 'm': out = num(c.month, 2); break;
      case 'd': out = num(c.day, 2); break;
      case 'e': out = num(c.day, 2, ' '); break;
      case 'j': out = num(dayOfYear(c), 3); break;
      case 'H': out = num(c.hour, 2); break;
      case 'k': out = num(c.hour, 2, ' '); break;
      case 'I': out = num(hour12, 2); break;
      case 'l': out = num(hour12, 2, ' '); break;
      case 'M': out = num(c.minute, 2); break;
      case 'S': out = num(c.second, 2); break;
      case 'L': out = '000'; break;
      case 'N': out = '000000000'; break;
      case 'p': out = c.hour < 12 ? 'AM' : 'PM'; break;
      case 'P': out = c.hour < 12 ? 'am' : 'pm'; break;
      case 'B': out = MONTHS[c.month - 1]; break;
      case 'b': case 'h': out = MONTHS[c.month - 1].slice(0, 3); break;
      case 'A': out = DAYS[weekdayOf()]; break;
      case 'a': out = DAYS[weekdayOf()].slice(0, 3); break;
      case 'u': out = String(weekdayOf() || 7); break;
      case 'w': out = String(weekdayOf()); break;
      case 'z': out = offset(colon === ':'); break;
      case 'Z': out = c.offsetMinutes === 0 ? 'UTC' : offset(false); break;
      case 's': out = String(Math.floor((Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second) - c.offsetMinutes * 60000) / 1000)); break;
      case 'F': out = `${c.year}-${pad(c.month, 2, '0')}-${pad(c.day, 2, '0')}`; break;
      case 'D': case 'x': out = `${pad(c.month, 2, '0')}/${pad(c.day, 2, '0')}/${pad(c.year % 100, 2, '0')}`; break;
      case 'T': case 'X': out = `${pad(c.hour, 2, '0')}:${pad(c.minute, 2, '0')}:${pad(c.second, 2, '0')}`; break;
      case 'R': out = `${pad(c.hour, 2, '0')}:${pad(c.minute, 2, '0')}`; break;
      case 'c': out = strftime(c, '%a %b %e %H:%M:%S %Y'); break;
      case 'n': out = '\n'; break;
      case 't': out = '\t'; break;
      case '%': out = '%'; break;
      default: return whole;
    }
    return flag === '^' ? out.toUpperCase() : out;
  });
}

/** Reads what a Liquid date filter receives (a JekyllTime, a Date, 'now', a number, date text) as an instant. */
export function toInstant(value: unknown): number | undefined {
  if (value instanceof JekyllTime) return value.instant;
  if (value instanceof Date) return isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string') {
    const s = value.trim();
    if (s === 'now' || s === 'today') return Date.now();
    if (/^\d+$/.test(s)) return Number(s) * 1000;
    const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
    if (m) {
      const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
      if (!m[7] || m[7] === 'Z') return utc;
      const z = /([+-])(\d{2}):?(\d{2})/.exec(m[7])!;
      return utc - (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60000;
    }
    const t = Date.parse(s);
    return isNaN(t) ? undefined : t;
  }
  return undefined;
}

/** Jekyll's read-time rule as the IPE theme writes it: "1 min" under 270 words, else words/135 "mins"; then " read". */
export function readTime(words: number): string {
  return words < 270 ? '1 min read' : `${Math.floor(words / 135)} mins read`;
}

/** Jekyll's number_of_words: whitespace-separated runs. */
export function numberOfWords(text: string): number {
  const t = text.trim();
  return t === '' ? 0 : t.split(/\s+/).length;
}
