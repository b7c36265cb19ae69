// Schemas shared by the site-scoped routes.
import { Type } from 'typebox';
import { IDEMPOTENCY_KEY_PATTERN } from '../../../services/idempotency.ts';
import { SITE_ID_PATTERN } from '../../../services/sites.ts';
import { SUBJECT_MAX_CHARS } from '../../../services/subjects.ts';

export const SiteParams = Type.Object(
  { site: Type.String({ pattern: SITE_ID_PATTERN, description: 'Site id' }) },
  { additionalProperties: false },
);

/** Text without C0 or C1 control characters, DEL or lone surrogates, checked on the decoded string. Ajv
 * compiles patterns with the `u` flag, where a surrogate range matches only an unpaired surrogate: emoji
 * pass. A lone surrogate cannot be stored as UTF-8; drivers write U+FFFD, so `a\ud800` and `a\udfff` would
 * become one key. */
export const PLAIN_TEXT_PATTERN = '^[^\\u0000-\\u001f\\u007f-\\u009f\\ud800-\\udfff]+$';

/** A subject: the host's opaque key. Besides this schema, routes check its UTF-8 size (SUBJECT_MAX_BYTES). */
export const Subject = Type.String({
  minLength: 1,
  maxLength: SUBJECT_MAX_CHARS,
  pattern: PLAIN_TEXT_PATTERN,
  description: "The host's key for the rated thing, e.g. product/42",
});

export const SubjectQuery = Type.Object({ subject: Subject }, { additionalProperties: false });

/** Headers of a write; other headers are allowed (they are headers). */
export const WriteHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ pattern: IDEMPOTENCY_KEY_PATTERN, description: 'Applies this write once; repeats replay the first response' }),
  ),
});

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      // A list of what failed validation (400 validation_failed), for 403 origin_not_allowed the origin,
      // the site and the admin command that allows it, or for 400 invalid_tag why and the tag as sent.
      details: Type.Optional(
        Type.Union([
          Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
          Type.Object({ origin: Type.String(), site: Type.String(), fix: Type.String() }),
          Type.Object({ reason: Type.String(), tag: Type.String() }),
        ]),
      ),
    }),
  },
  { description: 'Error' },
);

/** The error responses a route may give, by status code. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(statuses.map((status) => [status, ErrorResponse])) as Record<number, typeof ErrorResponse>;
}

export const bearerSecurity = [{ bearer: [] as string[] }];
