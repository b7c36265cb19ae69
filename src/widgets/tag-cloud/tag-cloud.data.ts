// What <kith-tag-cloud> reads and writes (the tags routes of docs/rest-api.md). Public reads (a subject's
// tags, the cloud, trending, suggestions, the subjects carrying a tag) carry no credential and are
// cacheable; the caller's own tags (`tags/mine`) need it. Writes go through the outbox (core/writes.ts).
import { call } from '../../core/api.js';
import { send } from '../../core/http.js';
import { publicReads } from '../../core/reads.js';

/** A tag with how often it is used: `tag` is its display form, `key` its identity (case-folded). */
export interface TagCount {
  tag: string;
  key: string;
  count: number;
}

/** A subject's tags as the batch route returns them: the top 10 and how many distinct tags it has. */
export interface SubjectTags {
  subject: string;
  items: TagCount[];
  total: number;
}

/** What a write (add or remove) answers: the subject's tags after it and the caller's own. */
export interface TagWriteAnswer {
  subject: string;
  applied?: string;
  items: TagCount[];
  mine: string[];
}

/** A subject carrying a tag (`GET tags/subjects`). */
export interface TaggedSubject {
  subject: string;
  count: number;
  title: string | null;
}

export const query = (params: Record<string, string | number | undefined | null>): string =>
  Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([name, value]) => name + '=' + encodeURIComponent(value!))
    .join('&');

/** The tags of every tagging widget on the page: one public, cacheable request (per 200 subjects). */
export const subjectTags = publicReads<SubjectTags>('tags/batch');

/** Every tag of one subject (when it has more than the batch's top 10). */
export const allSubjectTags = (prefix: string, subject: string): Promise<{ subject: string; items: TagCount[] }> =>
  send('GET', 'tags?' + query({ subject }), { prefix });

/** The keys of the tags the caller applied to `subject`. */
export const ownTags = (prefix: string, subject: string): Promise<{ subject: string; tags: string[] }> =>
  call('GET', 'tags/mine?' + query({ subject }), { prefix });

/** The site's cloud (top `limit` by use, within `scope`), or its rising tags. */
export const cloudTags = (prefix: string, trending: boolean, scope: string, limit: number): Promise<{ items: TagCount[] }> =>
  send('GET', trending ? 'tags/trending?' + query({ limit }) : 'tags/cloud?' + query({ limit, scope }), { prefix });

/** The outbox resource a subject's tags are added to (POST) and, with `tag`, removed from (DELETE). */
export const tagsPath = (subject: string, tag?: string): string => 'tags?' + query({ subject, tag });

/** The tag a pending write adds or removes, read back from its outbox entry. */
export const tagOfWrite = (method: string, path: string, body: unknown): string =>
  method == 'POST' ? String((body as { tag?: unknown } | undefined)?.tag ?? '') : (new URLSearchParams(path.split('?')[1]).get('tag') ?? '');

/** The display form the field sends: trimmed, inner whitespace collapsed (the server does the rest). */
export const tidyTag = (tag: string): string => tag.trim().replace(/\s+/g, ' ');

/** The widget's guess at a tag's identity before the server answers (it also folds case and Unicode). */
export const guessKey = (tag: string): string => tidyTag(tag).normalize('NFC').toLowerCase().toUpperCase().toLowerCase();

/** A tag's size step (1–5) on a logarithmic scale between the smallest and the largest count shown: a tag used
 * ten times as often as another is a fixed number of steps bigger, however large the counts are. */
export const weightStep = (count: number, least: number, most: number): number => {
  const span = Math.log(most) - Math.log(least);
  return span > 0 ? 1 + Math.round((4 * (Math.log(Math.max(count, least)) - Math.log(least))) / span) : 3;
};

/** What the widget's lazy chunks (suggestions, "Tag another record…", the subjects list) borrow from it. */
export interface TagCloudHost {
  readonly prefix: string;
  readonly subject: string;
  readonly locale: import('../../core/locale.js').Locale;
  /** The widget's shadow root (a chunk adds its styles there). */
  readonly root: ShadowRoot;
  /** The widget shows its tags (not loading, not failed). */
  readonly ready: boolean;
  /** Shows (or stops showing) that a dragged tag may be dropped here (`:state(drop-target)`). */
  setDropTarget(on: boolean): void;
  /** Keys of the viewer's own tags as shown. */
  readonly mine: string[];
  t(key: string, params?: Record<string, string | number>): string;
  /** Renders the widget and waits for it. */
  update(): Promise<unknown>;
  focus(selector: string): void;
  announce(text: string): void;
  /** Adds tags as if typed in the field. */
  add(text: string): Promise<unknown>;
  /** Reads the tags from the server again. */
  reload(): void;
  /** The other tagging widgets on the page (with a subject other than this one's). */
  others(): { subject: string; recordName: string; applyTag(tag: string): Promise<boolean> }[];
  /** The viewer's writes being stored in the outbox (shown pending; changed in place). */
  readonly storing: { add: boolean; tag: string }[];
  /** Writes of this subject's tags are waiting (being stored, or in the outbox's queue). */
  readonly pending: boolean;
  /** Shows the server's tags and the viewer's own after it answered a write. */
  answered(items: TagCount[], mine: string[]): void;
  /** Shows why the server refused the viewer's last write (or nothing). */
  refused(refusal: { error: import('../../core/error.js').KithError; text: string } | undefined): void;
  emit<K extends keyof import('../../core/element.js').KithEventMap>(name: K, detail: import('../../core/element.js').KithEventMap[K]): void;
}
