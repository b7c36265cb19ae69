/**
 * Feed dates (issue 11): the many ways real feeds write a date, to ISO 8601 in UTC. feedsmith returns dates as
 * written, so the proxy reads them. The forms are those feedparser has met in the wild (its `_parse_date_*`
 * functions, whose test rows `test/feeds/conformance.test.ts` runs):
 *
 * - W3C-DTF and ISO 8601: `2003-12-31T10:14:55Z`, `2003-12`, `2003`, a space for the `T`, fractions, `±hh:mm`,
 *   `±hhmm`, `±hh`, a space before the zone, and the old two-digit-year forms `031231`, `03-12-31`, `-0312`;
 * - RFC 822 and RFC 2822, loosely: a day name or not, commas where they do not belong, full month names,
 *   two-digit years, no seconds, no time, North American and European zone names, `GMT±hh:mm`, `Etc/GMT`;
 * - the JavaScript `Date#toString` form (`Thu Aug 30 2012 17:26:16 +0200`), asctime
 *   (`Sun Jan  4 16:29:06 2004`, with a zone before the year as Twitter writes it), Perforce's
 *   `Fri, 2006/09/15 08:19:53 EDT`;
 * - Greek and Hungarian month names, and the Korean forms of Nate (`2004-05-25 오후 11:23:17`) and OnBlog
 *   (`2004년 05월 28일 01:31:15`), which are in Korea's time zone.
 *
 * A date that is not a date (month 13, `25:14`, day 99, a zone of `+zz:00`) is `undefined`: the item shows no
 * date rather than a wrong one. An alphabetic zone this module does not know counts as UTC.
 */

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/** Zone names to minutes east of UTC. RFC 822's, the European ones feeds use, and the one-letter-less US forms. */
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, 'etc/gmt': 0, 'etc/utc': 0, wet: 0, bst: 60, west: 60,
  cet: 60, met: 60, cest: 120, mest: 120, eet: 120, eest: 180, msk: 180,
  edt: -240, est: -300, cdt: -300, cst: -360, mdt: -360, mst: -420, pdt: -420, pst: -480,
  akdt: -480, akst: -540, hst: -600, ast: -240, adt: -180, nst: -210, ndt: -150,
  at: -240, et: -300, ct: -360, mt: -420, pt: -480,
  jst: 540, kst: 540, hkt: 480, sgt: 480, awst: 480, acst: 570, aest: 600, aedt: 660, nzst: 720, nzdt: 780,
};

const KOREA = 540;

const GREEK_MONTHS: Record<string, string> = {
  ιαν: 'jan', φεβ: 'feb', μάώ: 'mar', μαώ: 'mar', μάρ: 'mar', μαρ: 'mar', απρ: 'apr', άπρ: 'apr', μάι: 'may',
  μαϊ: 'may', μαι: 'may', μάϊ: 'may', ιούν: 'jun', ιον: 'jun', ιουν: 'jun', ιούλ: 'jul', ιολ: 'jul', ιουλ: 'jul',
  αύγ: 'aug', αυγ: 'aug', σεπ: 'sep', οκτ: 'oct', νοέ: 'nov', νοε: 'nov', δεκ: 'dec',
};
const GREEK_DAYS = /^(κυρ|δευ|τρι|τετ|πεμ|παρ|σαβ|σάβ),\s*/iu;

const HUNGARIAN_MONTHS: Record<string, number> = {
  január: 1, február: 2, március: 3, április: 4, május: 5, június: 6, július: 7, augusztus: 8,
  szeptember: 9, október: 10, november: 11, december: 12,
};

interface Parts {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  /** Minutes east of UTC. */
  offset?: number;
}

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : MONTH_LENGTHS[month - 1]!;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Two-digit years: 00–68 are 2000–2068, 69–99 are 1969–1999 (as POSIX strptime reads `%y`). */
function fullYear(digits: string): number {
  const year = Number(digits);
  if (digits.length > 2) return year;
  return year < 69 ? 2000 + year : 1900 + year;
}

/** The ISO 8601 UTC form of `parts`, or `undefined` when they are not a date and time. */
function toIso(parts: Parts): string | undefined {
  const { year, month, day, hour = 0, minute = 0, offset = 0 } = parts;
  if (!Number.isInteger(year) || year < 1 || year > 9999) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 24 || minute > 59 || (parts.second ?? 0) > 60 || (hour === 24 && (minute > 0 || (parts.second ?? 0) > 0))) return undefined;
  const second = Math.min(parts.second ?? 0, 59); // a leap second is the second before it
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offset, second, 0);
  const iso = date.toISOString();
  // toISOString writes years outside 0000–9999 with a sign and six digits; those are not feed dates.
  return /^\d{4}-/.test(iso) ? `${iso.slice(0, 19)}Z` : undefined;
}

/** `±hh:mm`, `±hhmm`, `±hh`, `Z`, a zone name, `GMT±hh:mm`: minutes east of UTC, `null` when malformed. */
function zoneOffset(zone: string | undefined): number | null {
  if (zone === undefined || zone === '') return 0;
  const name = zone.toLowerCase();
  const numeric = /^(?:gmt|utc|ut)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(name);
  if (numeric) {
    const hours = Number(numeric[2]);
    const minutes = Number(numeric[3] ?? 0);
    if (hours > 23 || minutes > 59) return null;
    return (numeric[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  if (Object.hasOwn(ZONES, name)) return ZONES[name]!;
  return /^[a-z]{1,5}$/.test(name) || /^[a-z]+\/[a-z_]+$/.test(name) ? 0 : null;
}

function monthNumber(name: string): number | undefined {
  return MONTHS[name.slice(0, 3).toLowerCase()];
}

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?`;

/** W3C-DTF and the ISO 8601 forms around it. */
function parseIso(value: string): Parts | undefined {
  const full = new RegExp(
    String.raw`^(\d{4})(?:-(\d{1,3})(?:-(\d{1,2}))?)?(?:[T ]${TIME}\s*(Z|[+-]\d{1,2}(?::?\d{2})?)?)?$`,
    'i',
  ).exec(value);
  if (full) {
    const offset = zoneOffset(full[7]);
    if (offset === null) return undefined;
    const parts: Parts = { year: Number(full[1]), month: Number(full[2] ?? 1), day: Number(full[3] ?? 1), offset };
    if (full[4] !== undefined) {
      parts.hour = Number(full[4]);
      parts.minute = Number(full[5]);
      parts.second = Number(full[6] ?? 0);
    }
    return parts;
  }
  // Two-digit-year forms: YYMMDD, YY-MM-DD, -YYMM, -YY-MM.
  const short = /^(\d{2})-?(\d{2})-?(\d{2})$/.exec(value) ?? /^-(\d{2})-?(\d{2})()$/.exec(value);
  if (short) return { year: fullYear(short[1]!), month: Number(short[2]), day: Number(short[3] || 1) };
  return undefined;
}

/** RFC 822 and friends: `[Day,] DD Mon[th] [,] YY[YY] [HH:MM[:SS]] [zone]`, and `Day Mon DD YYYY HH:MM:SS zone`. */
function parseRfc822(value: string): Parts | undefined {
  const text = value.replace(/^[a-z]{3,9}\.?\s*,?\s*/i, (day) => (monthNumber(day) !== undefined && /^[a-z]+\s/i.test(day) ? day : ''));
  const dayFirst = new RegExp(
    String.raw`^(\d{1,2})\s+([a-z]{3,9})\.?,?\s+(\d{2}|\d{4})(?:\s+${TIME})?(?:\s+([a-z/_]+(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{1,2}(?::?\d{2})?))?$`,
    'i',
  ).exec(text);
  const monthFirst = new RegExp(
    String.raw`^([a-z]{3,9})\s+(\d{1,2})\s+(\d{4})\s+${TIME}(?:\s+([a-z]+|[+-]\d{2}:?\d{2}))?$`,
    'i',
  ).exec(text);
  let day: string, month: string, year: string, hour, minute, second, zone;
  if (dayFirst) [, day, month, year, hour, minute, second, zone] = dayFirst as unknown as string[];
  else if (monthFirst) [, month, day, year, hour, minute, second, zone] = monthFirst as unknown as string[];
  else return undefined;
  const monthValue = monthNumber(month!);
  const offset = zoneOffset(zone);
  if (monthValue === undefined || offset === null) return undefined;
  const parts: Parts = { year: fullYear(year!), month: monthValue, day: Number(day), offset };
  if (hour !== undefined) {
    parts.hour = Number(hour);
    parts.minute = Number(minute);
    parts.second = Number(second ?? 0);
  }
  return parts;
}

/** asctime (`Sun Jan  4 16:29:06 2004`), with a zone before the year as Twitter writes it. */
function parseAsctime(value: string): Parts | undefined {
  const match = new RegExp(String.raw`^[a-z]{3}\s+([a-z]{3})\s+(\d{1,2})\s+${TIME}(?:\s+([+-]\d{4}|[a-z]+))?\s+(\d{4})$`, 'i').exec(value);
  if (!match) return undefined;
  const month = monthNumber(match[1]!);
  const offset = zoneOffset(match[6]);
  if (month === undefined || offset === null) return undefined;
  return { year: Number(match[7]), month, day: Number(match[2]), hour: Number(match[3]), minute: Number(match[4]), second: Number(match[5] ?? 0), offset };
}

/** Perforce: `Fri, 2006/09/15 08:19:53 EDT`. */
function parsePerforce(value: string): Parts | undefined {
  const match = new RegExp(String.raw`^(?:[a-z]{3},\s*)?(\d{4})/(\d{1,2})/(\d{1,2})\s+${TIME}(?:\s+([a-z]+|[+-]\d{2}:?\d{2}))?$`, 'i').exec(value);
  if (!match) return undefined;
  const offset = zoneOffset(match[7]);
  if (offset === null) return undefined;
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]), hour: Number(match[4]), minute: Number(match[5]), second: Number(match[6] ?? 0), offset };
}

/** Greek day and month names to English, for the RFC 822 reader. */
function fromGreek(value: string): string | undefined {
  if (!GREEK_DAYS.test(value)) return undefined;
  const rest = value.replace(GREEK_DAYS, '');
  const match = /^(\d{1,2})\s+(\S+)\s+(.*)$/u.exec(rest);
  const month = match ? GREEK_MONTHS[match[2]!.toLowerCase()] : undefined;
  return match && month ? `${match[1]} ${month} ${match[3]}` : undefined;
}

/** Hungarian month names: `2004-július-13T9:15-05:00`. */
function fromHungarian(value: string): string | undefined {
  const match = /^(\d{4})-([a-záéíóöőúüű]+)-(\d{1,2})(.*)$/iu.exec(value);
  const month = match ? HUNGARIAN_MONTHS[match[2]!.toLowerCase()] : undefined;
  if (!match || month === undefined) return undefined;
  return `${match[1]}-${String(month).padStart(2, '0')}-${match[3]!.padStart(2, '0')}${match[4]!.replace(/^T(\d):/, 'T0$1:')}`;
}

/** Korean forms, in Korea's time zone: Nate's `2004-05-25 오후 11:23:17` and OnBlog's `2004년 05월 28일 01:31:15`. */
function parseKorean(value: string): Parts | undefined {
  const nate = /^(\d{4})-(\d{2})-(\d{2})\s+(오전|오후)\s+(\d{1,2}):(\d{2}):(\d{2})$/u.exec(value);
  if (nate) {
    const hour = (Number(nate[5]) % 12) + (nate[4] === '오후' ? 12 : 0);
    return { year: Number(nate[1]), month: Number(nate[2]), day: Number(nate[3]), hour, minute: Number(nate[6]), second: Number(nate[7]), offset: KOREA };
  }
  const onblog = /^(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일\s+(\d{1,2}):(\d{2}):(\d{2})$/u.exec(value);
  if (onblog) {
    return { year: Number(onblog[1]), month: Number(onblog[2]), day: Number(onblog[3]), hour: Number(onblog[4]), minute: Number(onblog[5]), second: Number(onblog[6]), offset: KOREA };
  }
  return undefined;
}

/**
 * A feed's date as ISO 8601 in UTC, seconds precision (`2003-12-31T10:14:55Z`), or `undefined` when `value` is
 * not a date this module can read.
 */
export function parseFeedDate(value: string | undefined | null): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim().replace(/\s+/g, ' ');
  if (text === '' || text.length > 100) return undefined;
  const hungarian = fromHungarian(text);
  const greek = fromGreek(text);
  const parts =
    parseIso(hungarian ?? text) ??
    parseRfc822(greek ?? text) ??
    parseAsctime(text) ??
    parsePerforce(text) ??
    parseKorean(text);
  return parts ? toIso(parts) : undefined;
}
