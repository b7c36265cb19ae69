// Proof of work before a visitor token, for sites with `guestProofOfWork`: ALTCHA challenges made and checked
// with altcha-lib (its v1 format: find n ≤ maxnumber with SHA-256(salt + n) = challenge). Each challenge is
// signed with a server secret shared through the database, names its site, expires after CHALLENGE_TTL_MS,
// and is redeemed once: its signature is kept until it expires, so a solution cannot be replayed.
import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import type { Challenge } from 'altcha-lib/v1/types';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { HttpError } from '../errors.ts';
import { serverSecret } from './server-secrets.ts';

export const CHALLENGE_TTL_MS = 10 * 60_000;
export const POW_ALGORITHM = 'SHA-256';

export const proofOfWorkRequired = () =>
  new HttpError(403, 'proof_of_work_required', 'this site asks guests for a proof of work: solve GET …/visitors/challenge and send { "altcha": <payload> }');
export const proofOfWorkInvalid = (why: string) => new HttpError(400, 'proof_of_work_invalid', `the proof of work is not valid: ${why}; solve a new challenge`);

export type { Challenge };

export async function newChallenge(db: Kysely<Database>, siteId: string, maxNumber: number, now = Date.now()): Promise<Challenge & { maxnumber: number }> {
  const challenge = await createChallenge({
    algorithm: POW_ALGORITHM,
    hmacKey: await serverSecret(db, 'proof-of-work-hmac'),
    maxnumber: maxNumber,
    expires: new Date(now + CHALLENGE_TTL_MS),
    params: { site: siteId },
  });
  return { ...challenge, maxnumber: maxNumber };
}

/** Checks an ALTCHA payload (base64 JSON) for `siteId` and marks its challenge used inside `trx`; throws
 * 400 proof_of_work_invalid when it is malformed, wrong, for another site, expired or already used. */
export async function redeemSolution(trx: Transaction<Database>, db: Kysely<Database>, siteId: string, altcha: string, now = Date.now()): Promise<void> {
  let payload: { algorithm?: unknown; signature?: unknown; salt?: unknown; challenge?: unknown; number?: unknown };
  let params: Record<string, string>;
  try {
    payload = JSON.parse(Buffer.from(altcha, 'base64').toString('utf8'));
    if (typeof payload !== 'object' || payload === null || typeof payload.salt !== 'string' || typeof payload.signature !== 'string') throw new Error();
    if (typeof payload.challenge !== 'string' || typeof payload.number !== 'number') throw new Error();
    params = extractParams(payload as never);
  } catch {
    throw proofOfWorkInvalid('not an ALTCHA payload (base64 of {algorithm, challenge, number, salt, signature})');
  }
  if (payload.algorithm !== POW_ALGORITHM) throw proofOfWorkInvalid(`the algorithm must be ${POW_ALGORITHM}`);
  if (params.site !== siteId) throw proofOfWorkInvalid('the challenge is for another site');
  const expires = Number(params.expires) * 1000;
  if (!Number.isFinite(expires)) throw proofOfWorkInvalid('the challenge has no expiry');
  if (expires < now) throw proofOfWorkInvalid('the challenge expired');
  if (!(await verifySolution(payload as never, await serverSecret(db, 'proof-of-work-hmac'), false))) {
    throw proofOfWorkInvalid('the number does not solve the challenge, or the challenge was not issued by this server');
  }
  await trx.deleteFrom('used_challenges').where('expires_at', '<', new Date(now).toISOString()).execute();
  const used = await trx
    .insertInto('used_challenges')
    .values({ signature: payload.signature as string, expires_at: new Date(expires).toISOString() })
    .onConflict((oc) => oc.column('signature').doNothing())
    .executeTakeFirst();
  if (Number(used.numInsertedOrUpdatedRows ?? 0n) === 0) throw proofOfWorkInvalid('this solution was already used');
}
