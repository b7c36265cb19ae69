// The API's error type: every 4xx the server sends is one of these, rendered as {error:{code,message,details?}}.
import { normalizeOrigin } from './services/sites.ts';

export interface ErrorDetail {
  path: string;
  message: string;
}

/** The `details` of 403 origin_not_allowed: which origin, which site, and the admin command that allows it. */
export interface OriginRefusal {
  origin: string;
  site: string;
  fix: string;
}

/** The `details` of 400 invalid_tag: why the tag was refused (services/tag-names.ts) and the tag as sent. */
export interface TagRefusal {
  reason: 'empty' | 'too_long' | 'control_characters' | 'lone_surrogate' | 'comma';
  tag: string;
}

export type ErrorDetails = ErrorDetail[] | OriginRefusal | TagRefusal;

export class HttpError extends Error {
  override name = 'HttpError';
  readonly statusCode: number;
  readonly code: string;
  readonly details?: ErrorDetails;
  readonly headers?: Record<string, string>;

  constructor(statusCode: number, code: string, message: string, extra: { details?: ErrorDetails; headers?: Record<string, string> } = {}) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.details = extra.details;
    this.headers = extra.headers;
  }
}

export const errors = {
  validation: (message: string, details?: ErrorDetail[]) => new HttpError(400, 'validation_failed', message, { details }),
  invalidJson: (message = 'the body is not valid JSON') => new HttpError(400, 'invalid_json', message),
  unauthorized: (message = 'a valid credential is required') => new HttpError(401, 'unauthorized', message),
  tokenExpired: () => new HttpError(401, 'token_expired', 'the token has expired'),
  originNotAllowed: (origin: string, site: string) =>
    new HttpError(403, 'origin_not_allowed', `This page's origin ${origin} may not use site ${site}`, {
      details: {
        origin,
        site,
        // Only a real origin can be added (and only then is the header's text safe to paste into a shell).
        fix:
          normalizeOrigin(origin) === origin && origin !== '*'
            ? `npm run kith -- site update ${site} --add-origin ${origin}`
            : `origin ${JSON.stringify(origin)} cannot be added to a site: serve the page from http(s)://host[:port]`,
      },
    }),
  forbidden: (message: string) => new HttpError(403, 'forbidden', message),
  /** A /dist/ path the static file server will not resolve: `.` or `..` segments, `//`, a backslash, a NUL, a directory. */
  forbiddenPath: () => new HttpError(403, 'forbidden_path', 'this path is not served: ask for a file under /dist/ by its canonical path'),
  guestsNotAllowed: (message = 'this site does not allow guests to do this') => new HttpError(403, 'guests_not_allowed', message),
  siteNotFound: (site: string) => new HttpError(404, 'site_not_found', `site ${site} does not exist`),
  notFound: (message = 'no such route') => new HttpError(404, 'not_found', message),
  idempotencyKeyReused: () =>
    new HttpError(422, 'idempotency_key_reused', 'this Idempotency-Key was already used for a different request'),
  rateLimited: (seconds: number) =>
    new HttpError(429, 'rate_limited', `too many writes; retry in ${seconds} s`, { headers: { 'retry-after': String(seconds) } }),
};

/** The JSON body of an error response. */
export function errorBody(code: string, message: string, details?: ErrorDetails) {
  return { error: details ? { code, message, details } : { code, message } };
}
