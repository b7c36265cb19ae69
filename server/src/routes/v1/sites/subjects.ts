// Subject checks every route shares: the UTF-8 size limit of a single subject and of a list of subjects
// (batch reads, the live stream), and turning one `?subject=` into a one-item list.
import type { FastifyRequest } from 'fastify';
import { errors, type ErrorDetail } from '../../../errors.ts';
import { SUBJECT_MAX_BYTES } from '../../../services/subjects.ts';

export { SUBJECT_MAX_BYTES };
const SUBJECT_TOO_BIG = `must be at most ${SUBJECT_MAX_BYTES} bytes in UTF-8`;

export function checkSubjectSize(subject: string, name = 'subject'): void {
  if (Buffer.byteLength(subject, 'utf8') > SUBJECT_MAX_BYTES) {
    throw errors.validation(`querystring/${name} ${SUBJECT_TOO_BIG}`, [{ path: `querystring/${name}`, message: SUBJECT_TOO_BIG }]);
  }
}

/** The distinct subjects of a list in first-seen order, after the same size check as single subjects.
 * `name` is the query parameter (`subject` for batch reads, `subjects` for the live stream). */
export function distinctSubjects(subjects: readonly string[], name = 'subject'): string[] {
  const details: ErrorDetail[] = [];
  subjects.forEach((subject, i) => {
    if (Buffer.byteLength(subject, 'utf8') > SUBJECT_MAX_BYTES) details.push({ path: `querystring/${name}/${i}`, message: SUBJECT_TOO_BIG });
  });
  if (details.length > 0) throw errors.validation(details.map((d) => `${d.path} ${d.message}`).join('; '), details);
  return [...new Set(subjects)];
}

/** A preValidation hook for the query parameter `name`: Fastify's query parser gives a string for one
 * `name=` and an array for several. Ajv coercion is off on purpose, so make one a one-item array here and
 * let the schema stay an array. */
export function listQuery(name: string) {
  return async function oneAsList(request: FastifyRequest): Promise<void> {
    const query = request.query as Record<string, unknown>;
    if (typeof query[name] === 'string') query[name] = [query[name]];
  };
}

/** preValidation for `?subject=a&subject=b…`. */
export const subjectsAsArray = listQuery('subject');
