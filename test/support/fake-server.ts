// An in-memory implementation of the rating routes of docs/rest-api.md for component tests (msw), with
// error injection and a request log: single and batch summaries, own votes, votes, visitors, policy.
import { http, HttpResponse, sse, type JsonBodyType } from 'msw';
import { setupWorker } from 'msw/browser';

export interface Logged {
  method: string;
  path: string;
  subject: string | null;
  /** Every `subject` parameter (batch routes have several). */
  subjects: string[];
  auth: string | null;
  key: string | null;
  body: unknown;
}

type Fault = { status: number; code: string } | 'network';

interface Injection {
  method: string;
  route: string;
  fault: Fault;
  times: number;
}

const err = (status: number, code: string, message = code) =>
  HttpResponse.json({ error: { code, message } }, { status });

/** One fake Kith server per test site (sites keep tests independent: each uses its own site id). */
export class FakeServer {
  /** subject -> principal -> value */
  votes = new Map<string, Map<string, number>>();
  log: Logged[] = [];
  guests = true;
  /** Tokens the server considers expired. */
  expired = new Set<string>();
  /** Expired tokens it will not renew either (past the grace period). */
  unrenewable = new Set<string>();
  /** Visitor tokens a moderator revoked: refused everywhere with 401 token_revoked. */
  revoked = new Set<string>();
  /** A renewed visitor token -> the visitor it belongs to (their first token, under which votes are kept). */
  renewed = new Map<string, string>();
  /** Guests solve a proof of work before they get a token (policy guestProofOfWork). */
  proofOfWork = false;
  /** Challenges handed out and not yet redeemed: challenge -> the hidden number. */
  #challenges = new Map<string, number>();
  /** Idempotency-Key -> first response body (per principal, as the server does). */
  replays = new Map<string, JsonBodyType>();
  /** Runs when a write arrives, before it is applied (lets a test look at IndexedDB at that moment). */
  onWrite?: (l: Logged) => void | Promise<void>;
  /** Delay before answering, ms. */
  latency = 0;
  /** The policy's guestsMayComment. */
  guestsComment = false;
  /** More routes (test/support/comments.ts adds the comments routes): an answer, or undefined to go on. */
  routes?: (request: Request, route: string, logged: Logged) => Promise<Response | undefined> | Response | undefined;
  /** Live streams (`GET …/live`, msw's SSE) opened on this site, in order: the URL and how to send on it.
   * They are not in `log`: a widget opens one on its own once it has rendered. */
  live: { url: URL; send(message: { id?: string; event: string; data: unknown }): void }[] = [];
  #eventId = 0;
  #inject: Injection[] = [];
  #visitors = 0;
  constructor(readonly site: string) {}

  /** Makes the next `times` requests of `method route` ('ratings/batch', 'ratings/mine', 'visitors', …) fail. */
  fail(method: string, route: string, fault: Fault, times = 1): void {
    this.#inject.push({ method, route, fault, times });
  }

  /** Seeds votes: histogram[i] anonymous votes of i + 1 stars. */
  seed(subject: string, histogram: number[], mine?: { principal: string; value: number }): void {
    const m = new Map<string, number>();
    histogram.forEach((n, i) => {
      for (let k = 0; k < n; k++) m.set(`seed-${i}-${k}`, i + 1);
    });
    if (mine) m.set(mine.principal, mine.value);
    this.votes.set(subject, m);
  }

  summary(subject: string) {
    const histogram = [0, 0, 0, 0, 0];
    for (const v of this.votes.get(subject)?.values() ?? []) histogram[v - 1]++;
    const count = histogram.reduce((a, b) => a + b, 0);
    const sum = histogram.reduce((a, b, i) => a + b * (i + 1), 0);
    return { subject, average: count ? Math.round((sum / count) * 100) / 100 : 0, count, histogram };
  }

  /** Sends a live event to every stream opened for `subject` (a `reset` or a `position`: to every stream); returns its id. */
  push(event: string, data: { subject?: string; [field: string]: unknown }, id = String(++this.#eventId)): string {
    for (const stream of this.live)
      if (event == 'reset' || event == 'position' || stream.url.searchParams.getAll('subjects').includes(data.subject!)) {
        try {
          stream.send({ id, event, data });
        } catch {
          // closed by the page
        }
      }
    return id;
  }

  writes(): Logged[] {
    return this.log.filter((l) => l.method != 'GET');
  }

  async handle(request: Request, route: string): Promise<Response> {
    const url = new URL(request.url);
    const subject = url.searchParams.get('subject');
    const auth = request.headers.get('authorization');
    const body = request.method == 'GET' ? undefined : await request.text().then((t) => (t ? JSON.parse(t) : undefined));
    const subjects = url.searchParams.getAll('subject');
    const l: Logged = { method: request.method, path: route, subject, subjects, auth, key: request.headers.get('idempotency-key'), body };
    this.log.push(l);
    if (this.latency) await new Promise((r) => setTimeout(r, this.latency));
    const inj = this.#inject.find((i) => i.method == request.method && i.route == route && i.times > 0);
    if (inj) {
      inj.times--;
      if (inj.fault == 'network') return HttpResponse.error();
      return err(inj.fault.status, inj.fault.code);
    }
    const answer = await this.routes?.(request, route, l);
    if (answer) return answer;
    if (route == 'visitors/challenge' && request.method == 'GET') {
      // An ALTCHA challenge, as altcha-lib makes them: SHA-256 of salt + a number up to maxnumber.
      const number = Math.floor(Math.random() * 2000);
      const salt = crypto.randomUUID() + '?expires=2000000000';
      const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(salt + number));
      const challenge = [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
      this.#challenges.set(challenge, number);
      return HttpResponse.json({ algorithm: 'SHA-256', challenge, maxnumber: 2000, salt, signature: 'fake' });
    }
    if (route == 'visitors/renew' && request.method == 'POST') {
      const stale = auth?.replace(/^Bearer /, '') ?? '';
      if (!stale.startsWith('guest-')) return err(401, 'unauthorized', 'A visitor token is required');
      if (this.revoked.has(stale)) return err(401, 'token_revoked', 'This visitor token was revoked');
      if (this.unrenewable.has(stale)) return err(401, 'token_expired', 'Too old to renew');
      const token = `${stale}.renewed`;
      this.renewed.set(token, this.renewed.get(stale) ?? stale);
      return HttpResponse.json({ token, sub: 'guest:' + stale, expiresAt: '2030-01-01T00:00:00.000Z' });
    }
    if (route == 'visitors') {
      if (request.method != 'POST') return err(404, 'not_found');
      if (!this.guests) return err(403, 'guests_not_allowed', 'Guests may not do this here');
      if (this.proofOfWork) {
        const altcha = (body as { altcha?: string } | undefined)?.altcha;
        if (!altcha) return err(403, 'proof_of_work_required', 'Solve GET …/visitors/challenge first');
        const { challenge, number } = JSON.parse(atob(altcha));
        if (this.#challenges.get(challenge) !== number) return err(400, 'proof_of_work_invalid', 'Wrong or reused solution');
        this.#challenges.delete(challenge);
      }
      const token = `guest-${++this.#visitors}`;
      return HttpResponse.json({ token, sub: 'guest:' + this.#visitors, expiresAt: '2030-01-01T00:00:00.000Z' }, { status: 201 });
    }
    if (route == 'policy' && request.method == 'GET')
      return HttpResponse.json({ site: this.site, guestsMayRate: this.guests, guestsMayComment: this.guestsComment, moderation: 'post', guestProofOfWork: this.proofOfWork });
    if (!subject) return err(400, 'validation_failed', 'querystring must have required property subject');
    if (subjects.length > 200) return err(400, 'validation_failed', 'querystring/subject must have at most 200 items');
    const unique = [...new Set(subjects)];
    if (route == 'ratings/batch' && request.method == 'GET') return HttpResponse.json({ items: unique.map((s) => this.summary(s)) });
    if (route == 'ratings' && request.method == 'GET') return HttpResponse.json(this.summary(subject));
    if (route != 'ratings/mine' && route != 'ratings/mine/batch') return err(404, 'not_found');
    const credential = auth?.replace(/^Bearer /, '');
    if (!credential) return err(401, 'unauthorized', 'A token is required');
    if (this.revoked.has(credential)) return err(401, 'token_revoked', 'This visitor token was revoked');
    if (this.expired.has(credential)) return err(401, 'token_expired', 'The token has expired');
    // Votes are kept per voter: a renewed visitor token votes as the visitor it was renewed for.
    const tok = this.renewed.get(credential) ?? credential;
    if (route == 'ratings/mine/batch')
      return request.method == 'GET'
        ? HttpResponse.json({ items: unique.map((s) => ({ subject: s, value: this.votes.get(s)?.get(tok) ?? null })) })
        : err(404, 'not_found');
    if (tok.startsWith('guest-') && !this.guests && request.method != 'GET') return err(403, 'guests_not_allowed');
    const votes = this.votes.get(subject) ?? new Map<string, number>();
    this.votes.set(subject, votes);
    if (request.method == 'GET') return HttpResponse.json({ subject, value: votes.get(tok) ?? null });
    const rk = l.key && tok + ' ' + l.key;
    if (rk && this.replays.has(rk)) return HttpResponse.json(this.replays.get(rk)!, { headers: { 'Idempotent-Replayed': 'true' } });
    await this.onWrite?.(l);
    if (request.method == 'PUT') {
      const v = (body as { value?: unknown })?.value;
      if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 5) return err(400, 'validation_failed', 'body/value must be an integer 1..5');
      votes.set(tok, v as number);
    } else if (request.method == 'DELETE') votes.delete(tok);
    else return err(404, 'not_found');
    const res = { subject, value: votes.get(tok) ?? null, summary: this.summary(subject) };
    if (rk) this.replays.set(rk, res);
    return HttpResponse.json(res);
  }
}

const servers = new Map<string, FakeServer>();

const handler = ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => {
  const s = servers.get(params.site as string);
  if (!s) return err(404, 'site_not_found');
  const route = new URL(request.url).pathname.replace(/^.*\/v1\/sites\/[^/]+\//, '');
  return s.handle(request, route);
};

const worker = setupWorker(
  sse('*/v1/sites/:site/live', ({ client, request, params }) => {
    client.send({ retry: 3000 });
    servers.get(params.site as string)?.live.push({ url: new URL(request.url), send: (message) => client.send(message as never) });
  }),
  http.all('*/v1/sites/:site/*', handler),
);
let started: Promise<unknown> | undefined;

/** Answers requests `url` matches (the SDK's own files too: a lazy chunk the network fails) with `answer`, for
 * the rest of the page's tests. */
export const answerFiles = (url: string, answer: () => Response | Promise<Response>): void => worker.use(http.get(url, answer));

/** Starts msw (once per page) and returns a fresh fake server for a new, unique site id. */
export const fakeServer = async (): Promise<FakeServer> => {
  await (started ??= worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledFrame: 'bypass', quiet: true }));
  const s = new FakeServer('t' + crypto.randomUUID().slice(0, 8));
  servers.set(s.site, s);
  return s;
};
