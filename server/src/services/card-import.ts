// Bulk card imports (issue 10): an integration sends many cards at once, as JSON lines, CSV or a JSON array, and
// gets a report row by row. Good rows are kept even where others are refused; each refused row says its line
// and every problem, so the file can be fixed and sent again (an upsert: sending a row twice changes nothing).
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { errors, HttpError, type ErrorDetail } from '../errors.ts';
import { wellFormed } from '../markdown/tree.ts';
import { cardProfile, CONTROL_CHARACTERS, type CardProfile, upsertCard } from './cards.ts';
import { SUBJECT_MAX_BYTES, SUBJECT_MAX_CHARS } from './subjects.ts';

/** Rows one import may hold. */
export const CARDS_IMPORT_MAX_ROWS = 10_000;
/** Bytes one import's body may have. */
export const CARDS_IMPORT_MAX_BYTES = 10 * 1024 * 1024;

export type ImportFormat = 'jsonl' | 'csv' | 'json';

/** One row as read: its line in the file (its index + 1 for a JSON array), and its object, or why it could
 * not be read at all. */
export interface ReadRow {
  line: number;
  input?: Record<string, unknown>;
  problem?: string;
}

export interface RefusedRow {
  line: number;
  subject: string | null;
  errors: ErrorDetail[];
}

export interface ImportReport {
  /** Rows read (blank lines not counted). */
  received: number;
  stored: number;
  refused: RefusedRow[];
}

/** A CSV column `fields.region` is the extra field `region`; other columns are the card's own (or `subject`). */
function fromCsv(record: Record<string, string>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const fields: Record<string, string> = {};
  for (const [column, value] of Object.entries(record)) {
    if (column.startsWith('fields.')) {
      if (value !== '') fields[column.slice(7)] = value;
    } else row[column] = value;
  }
  if (Object.keys(fields).length) row.fields = fields;
  return row;
}

/** The rows of an import body. A body that is not such a file at all (CSV without a `subject` column, a JSON
 * array that is not one, too many rows) is one 400. */
export function readImport(format: ImportFormat, body: unknown): ReadRow[] {
  let rows: ReadRow[];
  if (format == 'json') {
    if (!Array.isArray(body)) throw errors.validation('a JSON import is an array of cards, each with its subject', [{ path: '', message: 'must be an array' }]);
    rows = body.map((item, i) =>
      typeof item == 'object' && item !== null && !Array.isArray(item) ? { line: i + 1, input: item as Record<string, unknown> } : { line: i + 1, problem: 'must be an object' },
    );
  } else if (format == 'jsonl') {
    rows = [];
    String(body)
      .split(/\r?\n/)
      .forEach((text, i) => {
        if (!text.trim()) return;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          rows.push({ line: i + 1, problem: `is not JSON: ${(error as Error).message}` });
          return;
        }
        rows.push(typeof value == 'object' && value !== null && !Array.isArray(value) ? { line: i + 1, input: value as Record<string, unknown> } : { line: i + 1, problem: 'must be a JSON object' });
      });
  } else {
    rows = [];
    let parsed: { record: Record<string, string>; info: { lines: number } }[];
    try {
      // CRLF as LF first: csv-parse counts a CRLF inside a quoted value as two lines, which would put every later
      // row's line number off by one.
      parsed = parse(String(body).replace(/\r\n/g, '\n'), {
        columns: (header: string[]) => {
          if (!header.includes('subject')) throw new HttpError(400, 'validation_failed', 'a CSV import needs a header row with a subject column', { details: [{ path: '', message: 'needs a header row with a subject column' }] });
          return header.map((name) => name.trim());
        },
        bom: true,
        skip_empty_lines: true,
        info: true,
        skip_records_with_error: true,
        on_skip: (error) => {
          if (error) rows.push({ line: Number(error.lines), problem: error.message });
          return undefined;
        },
      }) as unknown as { record: Record<string, string>; info: { lines: number } }[];
    } catch (error) {
      if (error instanceof HttpError) throw error;
      throw errors.validation(`the CSV could not be read: ${(error as Error).message}`, [{ path: '', message: (error as Error).message }]);
    }
    // info.lines is the line a record ends on; a row is reported by the line it starts on.
    const breaks = (record: Record<string, string>) => Object.values(record).reduce((sum, value) => sum + (value.match(/\n/g)?.length ?? 0), 0);
    rows.push(...parsed.map(({ record, info }) => ({ line: info.lines - breaks(record), input: fromCsv(record) })));
    rows.sort((a, b) => a.line - b.line);
  }
  if (rows.length > CARDS_IMPORT_MAX_ROWS) throw errors.validation(`an import holds at most ${CARDS_IMPORT_MAX_ROWS} rows (this one ${rows.length})`, [{ path: '', message: `at most ${CARDS_IMPORT_MAX_ROWS} rows` }]);
  return rows;
}

/** The subject of a row, or a problem. */
function rowSubject(value: unknown): { subject: string } | { problem: string } {
  if (typeof value != 'string' || !value) return { problem: 'is required' };
  if (wellFormed(value) !== value || CONTROL_CHARACTERS.test(value)) return { problem: 'must be plain text (no control characters)' };
  if (value.length > SUBJECT_MAX_CHARS || Buffer.byteLength(value, 'utf8') > SUBJECT_MAX_BYTES) return { problem: `must be at most ${SUBJECT_MAX_CHARS} characters and ${SUBJECT_MAX_BYTES} bytes` };
  return { subject: value };
}

/** Checks every row, stores the good ones (a later row for the same subject wins) and reports the rest. Run it
 * in one transaction (`trx`): an import is stored whole or, if the store fails, not at all. */
export async function importCards(trx: Kysely<Database>, siteId: string, rows: ReadRow[], now = new Date().toISOString()): Promise<ImportReport> {
  const good: { subject: string; card: CardProfile }[] = [];
  const refused: RefusedRow[] = [];
  for (const row of rows) {
    if (!row.input) {
      refused.push({ line: row.line, subject: null, errors: [{ path: '', message: row.problem! }] });
      continue;
    }
    const { subject: rawSubject, ...fields } = row.input;
    const subject = rowSubject(rawSubject);
    const problems: ErrorDetail[] = 'problem' in subject ? [{ path: '/subject', message: subject.problem }] : [];
    let card: CardProfile | undefined;
    try {
      card = cardProfile(fields);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      problems.push(...((error.details as ErrorDetail[] | undefined) ?? [{ path: '', message: error.message }]));
    }
    if (problems.length || !card || 'problem' in subject) refused.push({ line: row.line, subject: typeof rawSubject == 'string' ? rawSubject : null, errors: problems });
    else good.push({ subject: subject.subject, card });
  }
  for (const { subject, card } of good) await upsertCard(trx, siteId, subject, card, now);
  return { received: rows.length, stored: good.length, refused };
}
