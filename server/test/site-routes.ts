// Test helper: every operation of the OpenAPI document, and a request each one answers with a 2xx, so
// tests can vary one thing (the path's spelling, a parameter, the body) and compare.
import type { InjectOptions } from 'fastify';
import { bearer, type TestApp } from './helpers.ts';

export interface Operation {
  method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /** As in the document: `/v1/sites/{site}/ratings`. */
  path: string;
  /** Whether it takes `subject` in the query (single or batch). */
  subject: boolean;
  secured: boolean;
  /** The JSON body schema, when the operation takes one. */
  body?: { required?: string[]; properties?: Record<string, unknown> };
}

interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string }>;
  security?: unknown[];
  requestBody?: { content: Record<string, { schema: Operation['body'] }> };
}

/** The document's operations, read from GET /v1/openapi.json. */
export async function operations(t: TestApp): Promise<Operation[]> {
  const doc = (await t.inject({ url: '/v1/openapi.json' })).json() as { paths: Record<string, Record<string, OpenApiOperation>> };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase() as Operation['method'],
      path,
      subject: (op.parameters ?? []).some((p) => p.in === 'query' && p.name === 'subject'),
      secured: (op.security ?? []).length > 0,
      body: op.requestBody?.content['application/json']?.schema,
    })),
  );
}

/** A JSON body the operation accepts: its required properties with a plausible value. */
function validBody(op: Operation): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const name of op.body?.required ?? []) body[name] = name === 'value' ? 3 : 'x';
  return body;
}

/**
 * A request `op` answers with a 2xx on site `alpha`: the site's settings need its API key, other secured
 * routes a user token (`sub`), subjects are `subject` (URL-encoded).
 */
/** A visitor nobody is: what the moderation and revocation routes are asked about. */
const NOBODY = 'guest:00000000-0000-4000-8000-000000000000';

/** Routes whose valid request is not the generic one: an API key, a visitor token, a filter (issue 7). */
const SPECIAL: Record<string, (t: TestApp) => Promise<{ query?: string; credential: string; body?: unknown }>> = {
  'GET /v1/sites/{site}/moderation/guest-votes': async (t) => ({ query: `?visitor=${NOBODY}`, credential: t.alphaKey }),
  'POST /v1/sites/{site}/moderation/guest-votes/purge': async (t) => ({ credential: t.alphaKey, body: { visitor: NOBODY } }),
  'POST /v1/sites/{site}/visitors/revoke': async (t) => ({ credential: t.alphaKey, body: { visitor: NOBODY } }),
  'POST /v1/sites/{site}/visitors/renew': async (t) => ({ credential: await t.guest(t.alpha) }),
};

export async function validRequest(t: TestApp, op: Operation, opts: { sub?: string; subject?: string } = {}): Promise<InjectOptions & { url: string; headers: Record<string, string> }> {
  const special = await SPECIAL[`${op.method} ${op.path}`]?.(t);
  const query = special?.query ?? (op.subject ? `?subject=${encodeURIComponent(opts.subject ?? 'x')}` : '');
  const headers: Record<string, string> = {};
  if (special) Object.assign(headers, bearer(special.credential));
  else if (op.secured) Object.assign(headers, bearer(op.path === '/v1/sites/{site}' ? t.alphaKey : await t.user(t.alpha, opts.sub ?? 'sweeper')));
  const request: InjectOptions & { url: string; headers: Record<string, string> } = { method: op.method, url: op.path.replace('{site}', 'alpha') + query, headers };
  if (op.body) {
    headers['content-type'] = 'application/json';
    request.payload = JSON.stringify(special?.body ?? validBody(op));
  }
  return request;
}
