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

/** Turns whatever ky threw into a KithError carrying the server's `{error:{code,message,details}}`. */
export const toKithError = (e: any): KithError => {
  const status = e?.response?.status;
  if (!status) return new KithError(0, e?.name == 'TimeoutError' ? 'timeout' : 'network', String(e?.message ?? e));
  const d = e.data?.error ?? {};
  return new KithError(status, d.code ?? 'http_' + status, d.message ?? e.message, d.details);
};
