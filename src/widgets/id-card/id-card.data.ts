// What <kith-id-card> reads: a subject's card view (`GET cards/batch`, docs/rest-api.md), the profile the site
// keeps, its kind's compact layout and the social summary, all in one public, cacheable answer. Cards reached in
// the same task share one request; a view read once is kept for the page (one cache for every card on it).
import type { KithError } from '../../core/error.js';
import { send } from '../../core/http.js';
import type { Locale } from '../../core/locale.js';
import { publicReads } from '../../core/reads.js';

/** A subject's profile: stored on the server, or supplied by the page's `loader`. */
export interface CardProfile {
  name: string;
  title?: string;
  company?: string;
  avatarUrl?: string;
  email?: string;
  phone?: string;
  url?: string;
  /** Extra fields (a layout names them `fields.<name>`). */
  fields?: Record<string, string | number | boolean>;
}

/** The social summary the other widgets' data gives a subject. */
export interface CardSummary {
  rating: { average: number; count: number };
  comments: number;
  tags: { tag: string; key: string; count: number }[];
}

/** How a Kith user (a card of `user/<sub>`) relates to the page's subject (`context`). */
export interface CardContext {
  subject: string;
  /** Their vote on it, or null. */
  rated: number | null;
  comments: number;
  tags: string[];
}

/** A card as the server sends it. */
export interface CardView {
  subject: string;
  /** null where the site keeps no card for the subject. */
  card: CardProfile | null;
  updatedAt: string | null;
  /** The fields the card shows, in order (the first is its title); a narrow screen shows the first `narrow`. */
  layout: { fields: string[]; narrow: number };
  summary: CardSummary;
  /** With `context` only: how the card's user relates to it; null for a card that is not a Kith user's. */
  context?: CardContext | null;
}

/** Supplies a subject's profile for mashups (the `loader` property); null or undefined: none. */
export type CardLoader = (subject: string) => Promise<CardProfile | null | undefined> | CardProfile | null | undefined;

/** The fields a card shows where neither the server nor a layout says (the server's default layout). */
export const DEFAULT_FIELDS = ['name', 'title', 'company', 'email', 'phone', 'url'];

const views = publicReads<CardView>('cards/batch');
const read = new Map<string, CardView>();

/** The view of `subject`: from this page's cache, else from the server (batched with every card reached in the
 * same task; `showCached` gets a copy an earlier page saved if the server is slow or cannot be reached). With
 * `context`, its context lines too, through the single card route: a card is reached for one at a time, and what
 * a person did on a subject is not saved for the next page. */
export const readCardView = async (prefix: string, subject: string, context: string, showCached: (view: CardView) => void): Promise<CardView> => {
  const key = prefix + '\n' + context + '\n' + subject;
  const known = read.get(key);
  if (known) return known;
  const view = context
    ? await send<CardView>('GET', 'cards?subject=' + encodeURIComponent(subject) + '&context=' + encodeURIComponent(context), { prefix })
    : await views.read(prefix, subject, showCached);
  read.set(key, view);
  return view;
};

/** What the card's template (id-card.card.ts, a chunk loaded when a card is first reached for) reads from the
 * widget. */
export interface CardHost {
  readonly locale: Locale;
  t(key: string, params?: Record<string, string | number>): string;
  /** What failed, in words (a setup mistake in its own). */
  loadErrorText(error: KithError | undefined): string;
  readonly phase: 'loading' | 'error' | 'ready';
  /** The profile shown: the page's (loader) where it supplied one, else the site's. */
  readonly profile: CardProfile | null | undefined;
  /** The server's answer (or a saved copy). */
  readonly view: CardView | undefined;
  readonly loadError: KithError | undefined;
  /** The page's loader failed. */
  readonly loaderFailed: boolean;
  /** The page's loader supplied a profile. */
  readonly supplied: boolean;
  /** The card's links and buttons are out of the Tab order (opened by focus, not entered). */
  readonly outOfTabOrder: boolean;
  /** What the trigger says, as the title of a card without a profile. */
  readonly triggerText: string;
  hide(): void;
  retry(): void;
  /** The pointer entered the card. */
  entered(): void;
}

/** A field's value in `profile`: a standard field, or `fields.<name>`. */
export const fieldValue = (profile: CardProfile, field: string): string | number | boolean | undefined =>
  field.startsWith('fields.') ? profile.fields?.[field.slice(7)] : (profile as unknown as Record<string, string | undefined>)[field];

/** Whether a link may be drawn for `url`: http(s) only (the server checks stored cards; a loader's are the page's). */
export const safeUrl = (url: string): boolean => /^https?:\/\//i.test(url);
