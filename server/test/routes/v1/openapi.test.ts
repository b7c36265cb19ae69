import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { legs, useApp } from '../../helpers.ts';

for (const leg of legs()) {
  describe(`GET /v1/openapi.json (${leg.name})`, () => {
    const t = useApp(leg, { RATE_LIMIT_WRITES_PER_IP: '1', RATE_LIMIT_WRITES_PER_USER: '1' });

    it('is an OpenAPI 3 document listing every route with its schemas', async () => {
      const res = await t.inject({ url: '/v1/openapi.json' });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /application\/json/);
      const doc = JSON.parse(res.body);
      assert.match(doc.openapi, /^3\./);
      const routes = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
      assert.deepEqual(routes.sort(), [
        'DELETE /v1/sites/{site}/cards',
        'DELETE /v1/sites/{site}/comments/{id}',
        'DELETE /v1/sites/{site}/comments/{id}/vote',
        'DELETE /v1/sites/{site}/feeds/list',
        'DELETE /v1/sites/{site}/ratings/mine',
        'DELETE /v1/sites/{site}/tags',
        'DELETE /v1/sites/{site}/tags/moderation/synonyms',
        'DELETE /v1/sites/{site}/tags/moderation/tag',
        'GET /healthz',
        'GET /v1/sites/{site}',
        'GET /v1/sites/{site}/activity',
        'GET /v1/sites/{site}/activity.atom',
        'GET /v1/sites/{site}/activity.json',
        'GET /v1/sites/{site}/activity.rss',
        'GET /v1/sites/{site}/cards',
        'GET /v1/sites/{site}/cards/batch',
        'GET /v1/sites/{site}/cards/layout',
        'GET /v1/sites/{site}/comments',
        'GET /v1/sites/{site}/comments/counts',
        'GET /v1/sites/{site}/comments/mine',
        'GET /v1/sites/{site}/comments/thread',
        'GET /v1/sites/{site}/feeds',
        'GET /v1/sites/{site}/feeds/batch',
        'GET /v1/sites/{site}/feeds/list',
        'GET /v1/sites/{site}/moderation/authors/blocked',
        'GET /v1/sites/{site}/moderation/comments',
        'GET /v1/sites/{site}/moderation/guest-votes',
        'GET /v1/sites/{site}/moderation/log',
        'GET /v1/sites/{site}/policy',
        'GET /v1/sites/{site}/ratings',
        'GET /v1/sites/{site}/ratings/batch',
        'GET /v1/sites/{site}/ratings/mine',
        'GET /v1/sites/{site}/ratings/mine/batch',
        'GET /v1/sites/{site}/tags',
        'GET /v1/sites/{site}/tags/batch',
        'GET /v1/sites/{site}/tags/cloud',
        'GET /v1/sites/{site}/tags/mine',
        'GET /v1/sites/{site}/tags/moderation/log',
        'GET /v1/sites/{site}/tags/page',
        'GET /v1/sites/{site}/tags/subjects',
        'GET /v1/sites/{site}/tags/suggest',
        'GET /v1/sites/{site}/tags/trending',
        'GET /v1/sites/{site}/visitors/challenge',
        'PATCH /v1/sites/{site}',
        'PATCH /v1/sites/{site}/comments/{id}',
        'POST /v1/sites/{site}/activity/token',
        'POST /v1/sites/{site}/cards/import',
        'POST /v1/sites/{site}/comments',
        'POST /v1/sites/{site}/comments/preview',
        'POST /v1/sites/{site}/feeds/import',
        'POST /v1/sites/{site}/moderation/authors/block',
        'POST /v1/sites/{site}/moderation/authors/unblock',
        'POST /v1/sites/{site}/moderation/comments/{id}',
        'POST /v1/sites/{site}/moderation/guest-votes/purge',
        'POST /v1/sites/{site}/tags',
        'POST /v1/sites/{site}/tags/moderation/merge',
        'POST /v1/sites/{site}/tags/moderation/rename',
        'POST /v1/sites/{site}/visitors',
        'POST /v1/sites/{site}/visitors/renew',
        'POST /v1/sites/{site}/visitors/revoke',
        'PUT /v1/sites/{site}/cards',
        'PUT /v1/sites/{site}/cards/layout',
        'PUT /v1/sites/{site}/comments/{id}/vote',
        'PUT /v1/sites/{site}/ratings/mine',
        'PUT /v1/sites/{site}/tags/moderation/description',
        'PUT /v1/sites/{site}/tags/moderation/restricted',
        'PUT /v1/sites/{site}/tags/moderation/synonyms',
      ]);
      const put = doc.paths['/v1/sites/{site}/ratings/mine'].put;
      const body = put.requestBody.content['application/json'].schema;
      assert.deepEqual(body.properties.value, { type: 'integer', minimum: 1, maximum: 5 });
      assert.equal(body.additionalProperties, false);
      for (const status of ['200', '400', '401', '403', '404', '422', '429']) assert.ok(put.responses[status], status);
      assert.ok(put.parameters.some((p: { name: string; in: string }) => p.name === 'idempotency-key' && p.in === 'header'));
      assert.ok(put.parameters.some((p: { name: string; in: string }) => p.name === 'subject' && p.in === 'query'));
      // The batch routes document subject as a repeated query parameter with its limit.
      for (const path of ['/v1/sites/{site}/ratings/batch', '/v1/sites/{site}/ratings/mine/batch', '/v1/sites/{site}/tags/batch', '/v1/sites/{site}/cards/batch']) {
        const subject = doc.paths[path].get.parameters.find((p: { name: string }) => p.name === 'subject');
        assert.equal(subject.in, 'query', path);
        assert.equal(subject.required, true, path);
        assert.equal(subject.schema.type, 'array', path);
        assert.equal(subject.schema.maxItems, 200, path);
        assert.equal(subject.schema.items.maxLength, 512, path);
      }
      const policy = doc.paths['/v1/sites/{site}/policy'].get;
      assert.deepEqual(Object.keys(policy.responses['200'].content['application/json'].schema.properties), ['site', 'guestsMayRate', 'guestsMayComment', 'moderation', 'guestVotesPerNetworkPerDay', 'guestProofOfWork']);
      assert.equal(policy.security, undefined);
    });

    it('is not rate limited', async () => {
      for (let i = 0; i < 10; i++) assert.equal((await t.inject({ url: '/v1/openapi.json' })).statusCode, 200);
    });
  });
}
