import { call } from '../../src/core/api.js';
import { configure } from '../../src/core/config.js';
import { KithError } from '../../src/core/error.js';
import { token } from '../../src/core/identity.js';
import { createVisitor } from '../../src/core/visitors.js';
import { eq, ok } from '../support/assert.js';
import { fakeServer } from '../support/fake-server.js';

describe('api client', () => {
  it('calls the site prefix with the configured token', async () => {
    const s = await fakeServer();
    configure({ api: location.origin, site: s.site, token: 'user-a' });
    s.seed('p/1', [0, 0, 0, 1, 0], { principal: 'user-a', value: 5 });
    const r = await call<{ value: number }>('GET', 'ratings/mine?subject=p%2F1');
    eq(r.value, 5);
    eq(s.log[0].auth, 'Bearer user-a');
    eq(s.log[0].subject, 'p/1');
  });

  it('throws a KithError with the server status, code and message', async () => {
    const s = await fakeServer();
    configure({ api: location.origin, site: s.site, token: 'user-a' });
    s.fail('PUT', 'ratings/mine', { status: 422, code: 'idempotency_key_reused' });
    const e = await call('PUT', 'ratings/mine?subject=x', { json: { value: 1 } }).catch((e: KithError) => e);
    ok(e instanceof KithError, 'KithError');
    eq([e.status, e.code, e.message], [422, 'idempotency_key_reused', 'idempotency_key_reused']);
  });

  it('reports a network failure as code "network" after retrying GET', async () => {
    const s = await fakeServer();
    configure({ api: location.origin, site: s.site, token: 'user-a' });
    s.fail('GET', 'ratings', 'network', 3);
    const e = (await call('GET', 'ratings?subject=x').catch((e: KithError) => e)) as KithError;
    eq([e.status, e.code], [0, 'network']);
    eq(s.log.length, 3, 'one attempt and two retries');
  });

  it('retries GET on 503 but never POST', async () => {
    const s = await fakeServer();
    configure({ api: location.origin, site: s.site, token: null });
    s.fail('GET', 'ratings', { status: 503, code: 'internal' }, 1);
    const r = await call<{ count: number }>('GET', 'ratings?subject=x');
    eq(r.count, 0);
    eq(s.log.length, 2);
    s.log = [];
    s.fail('POST', 'visitors', { status: 503, code: 'internal' }, 1);
    const e = (await token(undefined, createVisitor).catch((e: KithError) => e)) as KithError;
    eq(e.code, 'internal');
    eq(s.log.filter((l) => l.method == 'POST').length, 1, 'POST sent once');
  });

  it('calls the token function again when the server says token_expired, and retries once', async () => {
    const s = await fakeServer();
    let calls = 0;
    s.expired.add('tok-1');
    configure({ api: location.origin, site: s.site, token: async () => `tok-${++calls}` });
    const r = await call<{ value: null }>('GET', 'ratings/mine?subject=x');
    eq(r.value, null);
    eq(calls, 2);
    eq(s.log.map((l) => l.auth), ['Bearer tok-1', 'Bearer tok-2']);
    await call('GET', 'ratings/mine?subject=x');
    eq(calls, 2, 'the fresh token is reused');
  });

  it('creates a guest visitor token once and keeps it per api+site', async () => {
    const s = await fakeServer();
    configure({ api: location.origin, site: s.site, token: null });
    eq(await token(), undefined, 'reads do not create a visitor');
    const a = await token(undefined, createVisitor);
    const b = await token(undefined, createVisitor);
    eq(a, 'guest-1');
    eq(b, 'guest-1');
    eq(s.log.filter((l) => l.path == 'visitors').length, 1);
  });
});
