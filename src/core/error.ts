/** A failed call: `status` is the HTTP status (0 without a response), `code` the server's error code
 * (`validation_failed`, `guests_not_allowed`, …) or `network` / `timeout`. */
export class KithError extends Error {
  declare status: number;
  declare code: string;
  declare details?: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'KithError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Codes that mean the signed-in user's credential is gone: the page's token function failed, or the server
 * refused the token. A widget asks to sign in again; it never acts as a guest instead. */
export const SIGN_IN_AGAIN = new Set(['token_unavailable', 'unauthorized', 'token_expired', 'token_revoked']);

/** Setup mistakes only an admin can fix, which a widget says in their own words (no site configured, a subject
 * that is not valid, this page's origin not allowed, no such site), and does not offer to retry. */
export const SETUP_ERRORS = new Set(['noSite', 'badSubject', 'origin_not_allowed', 'site_not_found']);

/** Load failures a retry can fix: no answer (or a broken one), or the server busy or failing. */
export const retryable = (error: KithError): boolean =>
  error.code == 'network' || error.code == 'timeout' || error.code == 'bad_response' || error.status >= 500 || error.status == 408 || error.status == 429;

/** Turns what ky threw (or a prefetched answer, `{ response: { status }, data }`) into a KithError carrying
 * the server's `{error:{code,message,details}}`. */
export const toKithError = async (thrown: any): Promise<KithError> => {
  const status = thrown?.response?.status;
  if (!status) return new KithError(0, thrown?.name == 'TimeoutError' ? 'timeout' : 'network', String(thrown?.message ?? thrown));
  const body = (thrown.data ?? (await thrown.response.json().catch(() => undefined)))?.error ?? {};
  return new KithError(status, body.code ?? 'http_' + status, body.message ?? thrown.message, body.details);
};

const reported = new Set<string>();

/** Setup mistakes only an admin can fix (this page's origin not allowed, no such site): said once per page
 * in the console, with the command that fixes it (the server's, where it sends one). Returns the error. */
export const reportSetupError = (error: KithError, prefix: string): KithError => {
  const site = decodeURIComponent(prefix.match(/\/v1\/sites\/([^/]+)\//)?.[1] ?? '');
  const server = prefix.replace(/\/v1\/sites\/.*$/, '');
  const fix = (error.details as { fix?: string } | undefined)?.fix;
  const text =
    error.code == 'origin_not_allowed'
      ? `Kith: this page (${location.origin}) may not use site "${site}" on ${server}. On the Kith server, run: ${fix ?? `npm run kith -- site update ${site} --add-origin ${location.origin}`}`
      : error.code == 'site_not_found'
        ? `Kith: ${server} has no site "${site}" (check data-site). On the Kith server, run: npm run kith -- site list`
        : '';
  if (text && !reported.has(text)) {
    reported.add(text);
    console.error(text);
  }
  return error;
};
