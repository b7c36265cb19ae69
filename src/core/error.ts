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

/** Turns what ky threw (or a prefetched answer, `{ response: { status }, data }`) into a KithError carrying
 * the server's `{error:{code,message,details}}`. */
export const toKithError = async (thrown: any): Promise<KithError> => {
  const status = thrown?.response?.status;
  if (!status) return new KithError(0, thrown?.name == 'TimeoutError' ? 'timeout' : 'network', String(thrown?.message ?? thrown));
  const body = (thrown.data ?? (await thrown.response.json().catch(() => undefined)))?.error ?? {};
  return new KithError(status, body.code ?? 'http_' + status, body.message ?? thrown.message, body.details);
};
