// What an ID card shows (issue 10): a subject's card (or none: a page may supply the profile itself), its kind's
// compact layout, and the subject's social summary from the data the other widgets keep (rating average and
// count, comment count, top tags). For one subject or many, in a fixed number of queries whatever their number.
import type { Store } from '../db/index.ts';
import { readCardContexts, type CardContext } from './card-context.ts';
import { readCardLayouts, readCards, type CardProfile, LAYOUT_NARROW_FIELDS } from './cards.ts';
import { readCounts } from './comments.ts';
import { readSummaries } from './ratings.ts';
import { subjectKind } from './tag-names.ts';
import { subjectTagsBatch, type TagCount } from './tags.ts';

/** Top tags a card shows. */
export const CARD_TOP_TAGS = 5;

export interface CardView {
  subject: string;
  /** The stored profile, or null where the site holds no card for the subject. */
  card: CardProfile | null;
  updatedAt: string | null;
  layout: { fields: string[]; narrow: number };
  summary: { rating: { average: number; count: number }; comments: number; tags: TagCount[] };
  /** With a context subject only: how the card's user relates to it (null: the card is not a Kith user's). */
  context?: CardContext | null;
}

/** The card views of `subjects` (distinct), in the order given; with `context`, each with its context lines. */
export async function readCardViews(store: Store, siteId: string, subjects: readonly string[], context?: string): Promise<CardView[]> {
  if (!subjects.length) return [];
  const { db, dialect } = store;
  const [cards, layouts, ratings, comments, tags, contexts] = await Promise.all([
    readCards(db, dialect, siteId, subjects),
    readCardLayouts(db, dialect, siteId, subjects.map(subjectKind)),
    readSummaries(store, siteId, subjects),
    readCounts(db, dialect, siteId, subjects),
    subjectTagsBatch(db, dialect, siteId, subjects),
    context === undefined ? undefined : readCardContexts(db, dialect, siteId, subjects, context),
  ]);
  return subjects.map((subject, i) => {
    const card = cards.get(subject);
    return {
      subject,
      card: card?.profile ?? null,
      updatedAt: card?.updatedAt ?? null,
      layout: { fields: layouts.get(subjectKind(subject))!.fields, narrow: LAYOUT_NARROW_FIELDS },
      summary: {
        rating: { average: ratings[i]!.average, count: ratings[i]!.count },
        comments: comments[i]!.count,
        tags: tags[i]!.items.slice(0, CARD_TOP_TAGS),
      },
      ...(contexts && { context: contexts[i]! }),
    };
  });
}
