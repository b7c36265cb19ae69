// Builds the Fastify app: external plugins, app plugins, routes. server.ts only starts it.
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Config } from './config.ts';
import type { Store } from './db/index.ts';
import { errorBody } from './errors.ts';
import compressionPlugin from './plugins/compression.ts';
import errorsPlugin, { answerClientError } from './plugins/errors.ts';
import idempotencyPlugin from './plugins/idempotency.ts';
import jsonBodyPlugin from './plugins/json-body.ts';
import livePlugin from './plugins/live.ts';
import originPlugin from './plugins/origin.ts';
import rateLimitPlugin from './plugins/rate-limit.ts';
import sitePlugin from './plugins/site.ts';
import storePlugin from './plugins/store.ts';
import healthRoutes from './routes/healthz.ts';
import commentModerationRoutes from './routes/v1/sites/comment-moderation.ts';
import commentsRoutes from './routes/v1/sites/comments.ts';
import liveRoutes from './routes/v1/sites/live.ts';
import moderationRoutes from './routes/v1/sites/moderation.ts';
import openapiRoutes from './routes/v1/openapi.ts';
import policyRoutes from './routes/v1/sites/policy.ts';
import preflightRoutes from './routes/v1/sites/preflight.ts';
import sdkRoutes from './routes/sdk.ts';
import ratingsRoutes from './routes/v1/sites/ratings.ts';
import siteRoutes from './routes/v1/sites/site.ts';
import tagModerationRoutes from './routes/v1/sites/tag-moderation.ts';
import tagPageRoutes from './routes/v1/sites/tag-pages.ts';
import tagsRoutes from './routes/v1/sites/tags.ts';
import cardsRoutes from './routes/v1/sites/cards.ts';
import feedRoutes from './routes/v1/sites/feeds.ts';
import activityRoutes from './routes/v1/sites/activity.ts';
import type { FetchOptions } from './feeds/fetch.ts';
import visitorRoutes from './routes/v1/sites/visitors.ts';

export interface BuildOptions {
  /** An already open store (tests); otherwise config.databaseUrl is opened and closed with the app. */
  store?: Store;
  /** Extra routes/plugins registered last (the demo's static files and token route). */
  extra?: (app: FastifyInstance) => Promise<void>;
  /** PEM certificate and key (TLS_CERT/TLS_KEY, read by loadTls): the server then speaks HTTPS only. */
  https?: { cert: Buffer; key: Buffer };
  /** The feed proxy's fetch options (tests: a stub resolver, their local feed server allowed). */
  feedFetch?: FetchOptions;
}

/** TRUST_PROXY as a hop count: trust that many proxies nearest to the server. */
function hops(n: number) {
  return (_address: string, hop: number) => hop < n;
}

/** Options only Node's server constructor takes. It checks for late requests every
 * connectionsCheckingInterval (30 s by default, which would let a 10 s limit run to 40 s); every second, or
 * a quarter of a shorter limit, costs a walk over the open requests. */
function serverTimeouts(config: Config) {
  return { headersTimeout: config.timeouts.headersMs, connectionsCheckingInterval: Math.min(1000, Math.ceil(config.timeouts.headersMs / 4)) };
}

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel },
    // A JSON line per request and per response cost a fifth of the summary read's throughput under load
    // (and 5 MB of log a second); operators who want them set LOG_REQUESTS=true.
    logController: new LogController({ disableRequestLogging: !config.logRequests }),
    bodyLimit: config.bodyLimit,
    trustProxy: typeof config.trustProxy === 'number' ? hops(config.trustProxy) : config.trustProxy,
    return503OnClosing: true,
    // Slow clients (a few bytes of headers or body now and then) would otherwise hold a connection each for
    // good: Fastify leaves Node's requestTimeout off. A client that misses a limit gets 408 and is closed.
    requestTimeout: config.timeouts.requestMs,
    keepAliveTimeout: config.timeouts.keepAliveMs,
    // Malformed URLs and the like never reach the error handler; answer them in the same shape.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      reply.code(400).send(errorBody('validation_failed', error.message));
    },
    // Requests that are not even HTTP the parser accepts (a request line over 16 KB, …): the same shape too.
    clientErrorHandler: answerClientError,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true, useDefaults: true } },
    // Routes and plugins see the same request and reply either way; only the listening server differs.
    ...(opts.https ? { https: { ...opts.https, ...serverTimeouts(config) } } : { http: serverTimeouts(config) }),
  }) as FastifyInstance;

  // External plugins
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Kith REST API', version: '1', description: 'See docs/rest-api.md for conventions and identity.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'User JWT, visitor token or kith_sk_ API key' } } },
    },
  });

  // Before any route: @fastify/compress attaches itself to the routes registered after it.
  await app.register(compressionPlugin);

  // App plugins
  await app.register(errorsPlugin);
  await app.register(jsonBodyPlugin);
  await app.register(storePlugin, { config, store: opts.store });
  await app.register(livePlugin);
  await app.register(rateLimitPlugin);
  await app.register(sitePlugin);
  await app.register(originPlugin);
  await app.register(idempotencyPlugin);

  // Routes
  await app.register(healthRoutes);
  await app.register(openapiRoutes);
  await app.register(preflightRoutes);
  await app.register(siteRoutes);
  await app.register(policyRoutes);
  await app.register(visitorRoutes);
  await app.register(ratingsRoutes);
  await app.register(liveRoutes);
  await app.register(moderationRoutes);
  await app.register(commentsRoutes);
  await app.register(commentModerationRoutes);
  await app.register(tagPageRoutes);
  await app.register(tagModerationRoutes);
  await app.register(tagsRoutes);
  await app.register(cardsRoutes);
  await app.register(feedRoutes, opts.feedFetch === undefined ? {} : { fetch: opts.feedFetch });
  await app.register(activityRoutes);
  await app.register(sdkRoutes);

  if (opts.extra) await opts.extra(app);
  await app.ready();
  return app;
}
