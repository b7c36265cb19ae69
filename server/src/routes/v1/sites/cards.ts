// /v1/sites/:site/cards (issue 10): a subject's ID card with its social summary (public, cacheable), one or up
// to 200 at once (…/cards/batch); integrations upsert and delete cards with an API key; …/cards/layout sets and
// reads the compact layout of a kind of subject.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errors } from '../../../errors.ts';
import { cacheableReply } from '../../../lib/etag.ts';
import { requireApiKey } from '../../../plugins/auth.ts';
import { siteOf } from '../../../plugins/site.ts';
import { CARDS_IMPORT_MAX_BYTES, importCards, readImport, type ImportFormat } from '../../../services/card-import.ts';
import { readCardViews } from '../../../services/card-views.ts';
import { cardLayout, cardProfile, deleteCard, readCardLayout, setCardLayout, upsertCard } from '../../../services/cards.ts';
import { bearerSecurity, errorResponses, SiteParams, SubjectQuery, WriteHeaders } from './common.schemas.ts';
import { checkSubjectSize, distinctSubjects, subjectsAsArray } from './subjects.ts';
import { CardBatchQuery, CardBody, CardQuery, CardView, CardViews, DeletedCard, ImportBody, ImportReport, Layout, LayoutBody, LayoutQuery, StoredCard } from './cards.schemas.ts';

export const CARDS_CACHE_CONTROL = 'public, max-age=5, stale-while-revalidate=60';
const PRIVATE = 'private, no-store';
const WRITE_ERRORS = errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 503);

const CSV = /^text\/csv\s*(;.*)?$/i;
const JSON_LINES = /^application\/(x-ndjson|jsonl|x-jsonlines)\s*(;.*)?$/i;

export default async function cardsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // An integration syncing a CRM writes many cards with one key: the per-IP write limit applies, not the
  // per-principal one that paces a person (RATE_LIMIT_WRITES_PER_USER).
  const keyOnly = [app.limitWritesPerIp, requireApiKey];

  app.get(
    '/v1/sites/:site/cards',
    {
      schema: {
        tags: ['cards'],
        summary: "A subject's ID card, its kind's layout and its social summary (public, cacheable)",
        params: SiteParams,
        querystring: CardQuery,
        response: { 200: CardView, ...errorResponses(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const { subject, context } = request.query;
      checkSubjectSize(subject);
      if (context !== undefined) checkSubjectSize(context, 'context');
      const [view] = await readCardViews(app.store, siteOf(request).id, [subject], context);
      return cacheableReply(request, reply, view, CARDS_CACHE_CONTROL);
    },
  );

  app.get(
    '/v1/sites/:site/cards/batch',
    {
      schema: {
        tags: ['cards'],
        summary: 'The ID cards of up to 200 subjects, with their layouts and social summaries (public, cacheable)',
        params: SiteParams,
        querystring: CardBatchQuery,
        response: { 200: CardViews, ...errorResponses(400, 403, 404) },
      },
      preValidation: [subjectsAsArray],
    },
    async (request, reply) => {
      const subjects = distinctSubjects(request.query.subject);
      const { context } = request.query;
      if (context !== undefined) checkSubjectSize(context, 'context');
      return cacheableReply(request, reply, { items: await readCardViews(app.store, siteOf(request).id, subjects, context) }, CARDS_CACHE_CONTROL);
    },
  );

  app.put(
    '/v1/sites/:site/cards',
    {
      schema: {
        tags: ['cards'],
        summary: "Stores a subject's card, replacing the one it had (API key)",
        security: bearerSecurity,
        params: SiteParams,
        querystring: SubjectQuery,
        headers: WriteHeaders,
        body: CardBody,
        response: { 200: StoredCard, ...WRITE_ERRORS },
      },
      preHandler: keyOnly,
    },
    async (request, reply) => {
      const { subject } = request.query;
      checkSubjectSize(subject);
      const card = cardProfile(request.body);
      reply.header('cache-control', PRIVATE);
      const siteId = siteOf(request).id;
      return app.idempotentWrite(request, reply, async (trx) => {
        const updatedAt = new Date().toISOString();
        await upsertCard(trx, siteId, subject, card, updatedAt);
        return { status: 200, body: { subject, card, updatedAt } };
      });
    },
  );

  app.delete(
    '/v1/sites/:site/cards',
    {
      schema: {
        tags: ['cards'],
        summary: "Deletes a subject's card (API key)",
        security: bearerSecurity,
        params: SiteParams,
        querystring: SubjectQuery,
        headers: WriteHeaders,
        response: { 200: DeletedCard, ...WRITE_ERRORS },
      },
      preHandler: keyOnly,
    },
    async (request, reply) => {
      const { subject } = request.query;
      checkSubjectSize(subject);
      reply.header('cache-control', PRIVATE);
      const siteId = siteOf(request).id;
      return app.idempotentWrite(request, reply, async (trx) => ({ status: 200, body: { subject, deleted: await deleteCard(trx, siteId, subject) } }));
    },
  );

  // The import takes CSV and JSON lines besides JSON: their parsers (the text as it came) live in this scope only.
  await app.register(async (scope) => {
    const imports = scope.withTypeProvider<TypeBoxTypeProvider>();
    for (const type of [CSV, JSON_LINES]) imports.addContentTypeParser(type, { parseAs: 'string', bodyLimit: CARDS_IMPORT_MAX_BYTES }, (_request, body, done) => done(null, body));
    imports.post(
      '/v1/sites/:site/cards/import',
      {
        bodyLimit: CARDS_IMPORT_MAX_BYTES,
        schema: {
          tags: ['cards'],
          summary: 'Stores many cards at once (CSV, JSON lines or a JSON array) and reports each refused row (API key)',
          security: bearerSecurity,
          params: SiteParams,
          headers: WriteHeaders,
          body: ImportBody,
          response: { 200: ImportReport, ...WRITE_ERRORS },
        },
        preHandler: keyOnly,
      },
      async (request, reply) => {
        const type = String(request.headers['content-type'] ?? '');
        const format: ImportFormat = CSV.test(type) ? 'csv' : JSON_LINES.test(type) ? 'jsonl' : 'json';
        if ((format == 'json') != Array.isArray(request.body)) throw errors.validation('a JSON import is an array of cards; CSV and JSON lines are sent as text/csv and application/x-ndjson', [{ path: '', message: 'does not match its content type' }]);
        const rows = readImport(format, request.body);
        reply.header('cache-control', PRIVATE);
        const siteId = siteOf(request).id;
        return imports.idempotentWrite(request, reply, async (trx) => ({ status: 200, body: await importCards(trx, siteId, rows) }));
      },
    );
  });

  app.get(
    '/v1/sites/:site/cards/layout',
    {
      schema: {
        tags: ['cards'],
        summary: "The compact layout of a kind of subject: the fields its cards show, in order (public)",
        params: SiteParams,
        querystring: LayoutQuery,
        response: { 200: Layout, ...errorResponses(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const { kind } = request.query;
      return cacheableReply(request, reply, await readCardLayout(app.store.db, app.store.dialect, siteOf(request).id, kind), CARDS_CACHE_CONTROL);
    },
  );

  app.put(
    '/v1/sites/:site/cards/layout',
    {
      schema: {
        tags: ['cards'],
        summary: 'Sets the compact layout of a kind of subject (API key)',
        security: bearerSecurity,
        params: SiteParams,
        querystring: LayoutQuery,
        headers: WriteHeaders,
        body: LayoutBody,
        response: { 200: Layout, ...WRITE_ERRORS },
      },
      preHandler: keyOnly,
    },
    async (request, reply) => {
      const { kind } = request.query;
      const fields = cardLayout(request.body.fields);
      reply.header('cache-control', PRIVATE);
      const siteId = siteOf(request).id;
      return app.idempotentWrite(request, reply, async (trx) => {
        await setCardLayout(trx, siteId, kind, fields);
        return { status: 200, body: { kind, fields, custom: true } };
      });
    },
  );
}
