// Context lines of an ID card (issue 10): how the person a card is about relates to the page's subject, from Kith's
// own data — their vote on it, their visible comments on it, the tags they put on it ("Rated this 4 stars",
// "Commented 3 times here"). Kith knows people by their principal: a card names one when its subject is
// `user/<sub>`, the signed-in user whose host token carries that `sub` (principal `user:<sub>`). Other subjects
// (contact/…, account/…) name records, not Kith users: they get no context lines. Three queries for any number
// of cards.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Dialect } from '../db/index.ts';
import { textIn } from '../db/text-in.ts';

/** The subject kind whose cards are Kith users. */
export const USER_CARD_KIND = 'user/';

/** How the person relates to the context subject; null where the card is not a Kith user's. */
export interface CardContext {
  subject: string;
  /** Their vote on it (1–5), or null. */
  rated: number | null;
  /** Their visible comments on it. */
  comments: number;
  /** The tags they put on it (display forms). */
  tags: string[];
}

/** The principal a card subject names (`user/ada` → `user:ada`), or null. */
export const principalOfCard = (subject: string): string | null =>
  subject.startsWith(USER_CARD_KIND) && subject.length > USER_CARD_KIND.length ? 'user:' + subject.slice(USER_CARD_KIND.length) : null;

/** The context lines of each card subject for `context` (null for cards that are not users'), in the order given. */
export async function readCardContexts(db: Kysely<Database>, dialect: Dialect, siteId: string, subjects: readonly string[], context: string): Promise<(CardContext | null)[]> {
  const principals = [...new Set(subjects.map(principalOfCard).filter((principal): principal is string => principal !== null))];
  if (!principals.length) return subjects.map(() => null);
  const [votes, comments, tags] = await Promise.all([
    db
      .selectFrom('rating_votes')
      .select(['principal', 'value'])
      .where('site_id', '=', siteId)
      .where('subject', '=', context)
      .where(textIn(dialect, 'principal', principals))
      .execute(),
    db
      .selectFrom('comments')
      .select((eb) => ['author', eb.fn.countAll<number>().as('count')])
      .where('site_id', '=', siteId)
      .where('subject', '=', context)
      .where('status', '=', 'approved')
      .where('hidden', '=', 0)
      .where('deleted_at', 'is', null)
      .where(textIn(dialect, 'author', principals))
      .groupBy('author')
      .execute(),
    db
      .selectFrom('taggings as g')
      .innerJoin('tags as t', (join) => join.onRef('t.site_id', '=', 'g.site_id').onRef('t.key', '=', 'g.tag_key'))
      .select(['g.principal', 't.display'])
      .where('g.site_id', '=', siteId)
      .where('g.subject', '=', context)
      .where(textIn(dialect, 'g.principal', principals))
      .orderBy('g.created_at')
      .orderBy('t.display')
      .execute(),
  ]);
  const rated = new Map(votes.map((row) => [row.principal, Number(row.value)]));
  const commented = new Map(comments.map((row) => [row.author, Number(row.count)]));
  const tagged = new Map<string, string[]>();
  for (const row of tags) tagged.set(row.principal, [...(tagged.get(row.principal) ?? []), row.display]);
  return subjects.map((subject) => {
    const principal = principalOfCard(subject);
    return principal ? { subject: context, rated: rated.get(principal) ?? null, comments: commented.get(principal) ?? 0, tags: tagged.get(principal) ?? [] } : null;
  });
}
