import { html, nothing, type PropertyValues } from 'lit';
import { options, sitePrefix } from '../../core/config.js';
import { KithElement } from '../../core/element.js';
import { KithError } from '../../core/error.js';
import type { Locale } from '../../core/locale.js';
import { signedIn } from '../../core/identity.js';
import { perLanguage } from '../../core/intl.js';
import { followLive } from '../../core/live-follow.js';
import { noteChange } from '../../core/freshness.js';
import { absoluteFormat, onMinute, relativeTime, clock } from '../../core/relative-time.js';
import { richText } from '../../core/rich-text.js';
import type { FeedTroubleHost } from './feed.messages.js';
import { ACTIVITY_SUBJECT, feedKey, readFeed, readOwnFeed, type FeedAnswer, type FeedDocument, type FeedEnclosure, type FeedItem } from './feed.data.js';
import { feedStrings } from './feed.strings.js';
import { styles } from './feed.styles.js';

export type { FeedAnswer, FeedDocument, FeedItem } from './feed.data.js';

declare module '../../core/element.js' {
  interface KithEventMap {
    /** New items arrived after the first load (live or a refresh): `detail: { key, count }`. */
    'kith-feed-update': { key: string; count: number };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'kith-feed-update': CustomEvent<{ key: string; count: number }>;
  }
}

/** The texts shown only when something is wrong: a chunk loaded when first needed (feed.messages.ts). */
let messages: typeof import('./feed.messages.js') | undefined;
/** Kith's activity worded in the reader's language: a chunk an activity feed loads with its data (feed.activity.ts). */
let activity: typeof import('./feed.activity.js') | undefined;

/** Imports the activity wording chunk (for define() and for each feed's wait). */
const importActivity = () => import('./feed.activity.js');

/** The lazy chunks asked for, by name and language: one import for all the feeds of a page. */
const chunkLoads = new Map<string, Promise<void>>();

/** A widget's wait for a lazy chunk (`failed`: it could not be loaded, the widget's own words then; `retry`: ask
 * again when next needed, `failed` holding until that answer). */
interface ChunkWait {
  settled: Promise<void>;
  failed?: boolean;
  retry?: boolean;
}

/** Items a feed shows when `limit` is not set, and the most it shows. */
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;
/** A `refresh` shorter than this is raised to it: the server keeps a feed for 10 minutes anyway. */
const MIN_REFRESH_SECONDS = 60;
/** Live events that come together (a burst of tags) make one read. */
const LIVE_READ_DELAY_MS = 1000;
/** Items newer than this show their age ("3 hours ago"); older ones their date. */
const RELATIVE_FOR_MS = 7 * 864e5;

type Phase = 'unconfigured' | 'loading' | 'error' | 'ready';

const enclosureKind = (type: string | undefined) => (/^(audio|video|image)\//.exec(type ?? '')?.[1] as 'audio' | 'video' | 'image' | undefined) ?? 'file';

const byteFormat = perLanguage((tag) => new Intl.NumberFormat(tag, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }));
/** An older item's date, e.g. "15 Jan 2026". */
const dateFormat = perLanguage((tag) => new Intl.DateTimeFormat(tag, { dateStyle: 'medium' }));

/**
 * A feed reader: an RSS, Atom, RDF or JSON feed read through the Kith server's feed proxy (which fetches and
 * parses it safely: no CORS trouble, no parser in the page, and its HTML reduced to a small safe tree), or Kith's
 * own activity: a subject's, a tag's or the whole site's new comments, ratings and tags.
 *
 * `<kith-feed src="https://example.com/feed.xml">`, `<kith-feed subject="product/42">`,
 * `<kith-feed tag="crm">`, `<kith-feed activity>`. Each item shows its title as a link, its date (its age for
 * a week, then the date; the exact time on hover), its author, its summary and its enclosures (links: nothing
 * plays or loads from the feed's servers inside the page). The feeds of a page are read in one request; a copy
 * is saved for the next page, and shown, marked, when the server cannot be reached. Kith's own feeds follow the
 * page's live stream: new items arrive without a reload, announced politely.
 *
 * @tagname kith-feed
 * @summary A feed reader for RSS, Atom and JSON feeds, and for Kith's own activity.
 * @attr src - An external feed's address (RSS 0.9x–2.0, RDF, Atom 0.3 and 1.0, JSON Feed 1.0 and 1.1).
 * @attr subject - Kith's activity on one subject, e.g. `product/42`.
 * @attr tag - Kith's activity with one tag.
 * @attr activity - Kith's activity on the whole site.
 * @attr limit - How many items to show (default 10, at most 100).
 * @attr refresh - Read the feed again every this many seconds (at least 60; default: only when the page loads, or live for Kith's own feeds).
 * @attr layout - `card` (default: a framed list with summaries) or `compact` (one line per item: a table cell, a sidebar).
 * @attr no-live - Do not follow Kith's activity live.
 * @fires kith-feed-update - New items arrived after the first load: `detail: { key, count }`.
 * @fires kith-error - Loading failed: `detail: { subject, code, message }` (`subject` is the feed's key).
 * @csspart feed - The whole widget.
 * @csspart header - The feed's title (card layout).
 * @csspart items - The list of items.
 * @csspart item - One item.
 * @csspart message - Status: loading, empty, failed, saved copy.
 * @cssprop --kith-feed-summary-lines - How many lines of an item's summary the card layout shows (default 4).
 */
export class KithFeed extends KithElement {
  static override styles = styles;
  static override strings = feedStrings;
  static override properties = {
    src: {},
    subject: {},
    tag: {},
    activity: { type: Boolean },
    limit: {},
    refresh: {},
    layout: { reflect: true },
    noLive: { type: Boolean, attribute: 'no-live' },
  };

  // No defaults are assigned: each would go through Lit's setter, and 200 feeds in a table would make 1,600
  // calls before any of them shows anything (the unset values read as their defaults below).
  /** An external feed's address. */
  declare src?: string;
  /** Kith's activity on one subject. */
  declare subject?: string;
  /** Kith's activity with one tag. */
  declare tag?: string;
  /** Kith's activity on the whole site. */
  declare activity?: boolean;
  /** How many items to show (a number or its text; default 10). */
  declare limit?: string | number;
  /** Seconds between reads (at least 60); unset: once, or live for Kith's own feeds. */
  declare refresh?: string | number;
  /** `card` (unset: the default) or `compact`. */
  declare layout?: 'card' | 'compact';
  declare noLive?: boolean;

  #answer?: FeedAnswer;
  /** The answer shown is a copy an earlier page saved: the server could not be reached. */
  #savedCopy = false;
  #loadError?: KithError;
  #loading = false;
  #loadedFor = '';
  /** Ids of the items shown, to tell new ones (announced) from those already there. */
  #seen?: Set<string>;
  #announcement = '';
  #stopClock?: () => void;
  #refreshTimer?: ReturnType<typeof setInterval>;
  #liveRead?: ReturnType<typeof setTimeout>;
  #follow = followLive(() => {
    clearTimeout(this.#liveRead);
    this.#liveRead = setTimeout(() => this.#load(true), LIVE_READ_DELAY_MS);
  });

  /** Registers the tag. On a page that already holds Kith's activity feeds, once their wording chunk is here, with
   * its texts and the widget's in the first feed's language: each feed then shows its data in the task that
   * upgrades it (the page's feeds read together, started by the loader, are mostly in by then), so a table of 200
   * feeds is laid out once, not once empty and again filled, in any language. Where something cannot be loaded,
   * the tag is registered all the same. */
  static override define(tag: string): void {
    const first = document.querySelector(tag + ':not([src])');
    const register = () => super.define(tag);
    if (first)
      importActivity()
        .then((chunk) => (activity = chunk).loadTextsFor(first))
        .then(register, register);
    else register();
  }

  /** The feed's key (its URL, or `activity…` for Kith's own), '' when it has none. */
  get key(): string {
    return feedKey((name) => this[name]);
  }

  /** Reads the feed again now. */
  reload(): Promise<void> {
    return this.#load(true);
  }

  get #limit(): number {
    const n = Math.floor(Number(this.limit));
    return n > 0 ? Math.min(n, MAX_LIMIT) : DEFAULT_LIMIT;
  }

  get #own(): boolean {
    return this.key.startsWith('activity');
  }

  protected override hasContent(): boolean {
    return this.#phase != 'loading';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#stopClock = onMinute(() => this.requestUpdate());
    // Kith's activity is worded by a chunk: asked for now, while the page's other feeds are still being set up, so
    // that it is here with their data (the first render waits for both: hasContent).
    if (this.#own) this.#activityReady();
    // The read starts now, not at the first render (which waits for data, or for the skeleton's delay). A feed that
    // names its source (a tag of the page being upgraded) reads at once: its read goes out with the page's others
    // when define() ends, and takes the loader's answer in that same task. Else a microtask later, so that
    // attributes a script sets right after appending the element are in.
    if (this.key) this.#load();
    else queueMicrotask(() => this.isConnected && this.#load());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopClock?.();
    this.#stopClock = undefined;
    clearInterval(this.#refreshTimer);
    clearTimeout(this.#liveRead);
    this.#refreshTimer = undefined;
    this.#follow(false, undefined, '');
  }

  override willUpdate(changed: PropertyValues<this>): void {
    this.#load();
    if (changed.has('refresh') || !this.#refreshTimer) this.#schedule();
    // Kith's own feeds follow the live stream: a subject's its subject, a tag's or the site's the activity channel.
    this.#follow(this.isConnected && this.#own && !this.noLive, sitePrefix(), this.subject && !this.src ? this.subject : ACTIVITY_SUBJECT);
  }

  #schedule() {
    clearInterval(this.#refreshTimer);
    this.#refreshTimer = undefined;
    const seconds = Number(this.refresh);
    if (this.isConnected && seconds > 0) this.#refreshTimer = setInterval(() => document.visibilityState == 'visible' && this.#load(true), Math.max(seconds, MIN_REFRESH_SECONDS) * 1e3);
  }

  /** Reads the feed: once per key and site, again on Retry, a refresh or a live event. */
  async #load(force = false): Promise<void> {
    const prefix = sitePrefix();
    const key = this.key;
    const wanted = prefix + '\n' + key;
    if (!force && wanted == this.#loadedFor) return;
    const renewing = wanted == this.#loadedFor;
    this.#loadedFor = wanted;
    const current = () => wanted == this.#loadedFor;
    if (!renewing) {
      this.#answer = this.#loadError = this.#seen = undefined;
      this.#savedCopy = false;
    }
    // Not set up: what is missing is worded by the messages chunk (texts `noSource`, `noSite`).
    const missing = !key ? 'noSource' : !prefix ? 'noSite' : '';
    if (missing) return this.#fail(new KithError(0, missing, missing));
    this.#loading = true;
    this.requestUpdate();
    // Read again because it changed (a live event, a refresh, Retry): from the server, not from the browser's HTTP
    // cache, which keeps a feed's answer for a minute (the first live event's read would be the last to get through).
    if (force) noteChange(prefix);
    // A lazy chunk that could not be loaded before is asked for again (Retry, a refresh, the next live event).
    for (const wait of this.#chunkWaits.values()) wait.retry = wait.failed;
    try {
      let answer = await readFeed(prefix, key, (saved) => current() && !this.#answer && saved.feed && ((this.#answer = saved), (this.#savedCopy = true), this.requestUpdate()));
      // A site that keeps its activity to signed-in users: read it again with the user's credential.
      if (answer.error?.code == 'feed_token_required' && signedIn()) answer = await readOwnFeed(prefix, key);
      if (!current()) return;
      this.#loading = false;
      if (answer.error) {
        // A failed renewal keeps what is shown; a first read shows why it failed.
        if (!this.#answer?.feed || this.#savedCopy) this.#answer = undefined;
        return this.#fail(new KithError(0, answer.error.code, answer.error.message));
      } else {
        this.#loadError = undefined;
        this.#savedCopy = false;
        this.#show(answer, key);
      }
      this.requestUpdate();
    } catch (error) {
      if (!current()) return;
      this.#loading = false;
      this.#fail(error as KithError);
    }
  }

  /** Shows a new answer; items not shown before are announced (not on the first read). */
  #show(answer: FeedAnswer, key: string) {
    const items = answer.feed!.items.slice(0, this.#limit);
    if (this.#seen) {
      const fresh = items.filter((item) => !this.#seen!.has(item.id)).length;
      if (fresh) {
        this.#announce(this.t('newItems', { n: fresh }));
        this.emit('kith-feed-update', { key, count: fresh });
      }
    }
    this.#seen = new Set(answer.feed!.items.map((item) => item.id));
    this.#answer = answer;
  }

  async #announce(text: string) {
    // The same words twice in a row are announced twice: clear first, then set.
    this.#announcement = '';
    this.requestUpdate();
    await this.updateComplete;
    this.#announcement = text;
    this.requestUpdate();
  }

  async #fail(error: KithError) {
    this.#loading = false;
    this.#loadError = error;
    this.requestUpdate();
    await this.#messagesReady().settled;
    this.emit('kith-error', { subject: this.key, code: error.code, message: this.#errorText(error) });
  }

  /** The lazy chunks this widget asked for, by name and language. */
  #chunkWaits = new Map<string, ChunkWait>();

  /** Loads a lazy chunk and its texts in the widget's language (one import for the page), then re-renders. A chunk
   * that could not be loaded (offline) leaves the widget's own texts ("could not be loaded", the server's words)
   * and is asked for again on the next read, not on every render. */
  #loadChunk<Chunk extends { loadTexts(locale: Locale): Promise<unknown> }>(name: string, load: () => Promise<Chunk>, keep: (chunk: Chunk) => void): ChunkWait {
    const id = name + ' ' + this.locale.language;
    let wait = this.#chunkWaits.get(id);
    if (!wait || wait.retry) {
      let loading = chunkLoads.get(id);
      if (!loading) chunkLoads.set(id, (loading = load().then((chunk) => chunk.loadTexts(this.locale).then(() => keep(chunk)))));
      const entry: ChunkWait = {
        // What the feed showed while the chunk was missing stays until this answer (no skeleton on a retry).
        failed: wait?.failed,
        settled: loading
          .catch(() => {
            chunkLoads.delete(id);
            entry.failed = true;
          })
          .then(() => this.requestUpdate()),
      };
      this.#chunkWaits.set(id, (wait = entry));
    }
    return wait;
  }

  /** The chunk of trouble's texts and template (the first time a feed fails, is stale or is not set up). */
  #messagesReady = () => this.#loadChunk('messages', () => import('./feed.messages.js'), (chunk) => (messages = chunk));

  /** Whether the activity wording in the widget's language is here, or could not be loaded (the server's words
   * then); asks for it where it is not. Not asked for where its words are here (the chunk's answer would render
   * every feed of the page once more). */
  #activityReady = () => activity?.hasTexts(this.locale) || this.#loadChunk('activity', importActivity, (chunk) => (activity = chunk)).failed;

  /** What a failure says (once its chunk is here; "could not be loaded" until then). */
  #errorText(error: KithError): string {
    return messages?.errorText(this.#troubleHost(), error) ?? this.t('loadFailed');
  }

  /** What the trouble template reads (`FeedTroubleHost`, feed.messages.ts). */
  #troubleHost(): FeedTroubleHost {
    return {
      locale: this.locale,
      t: (key, params) => this.t(key, params),
      loadErrorText: (error) => this.loadErrorText(error),
      src: this.src,
      error: this.#loadError,
      answer: this.#answer,
      savedCopy: this.#savedCopy,
      retry: () => this.#load(true),
    };
  }

  /** An activity feed shows its items in the widget's language or not at all (no English flash, however late its
   * words come): loading until they are here, or could not be loaded. The first render waits for that too
   * (hasContent), so on most pages each feed renders once, with its data in its words. */
  get #phase(): Phase {
    const code = this.#loadError?.code ?? '';
    if (code == 'noSite' || code == 'noSource') return 'unconfigured';
    if (this.#answer?.feed && (!this.#own || this.#activityReady())) return 'ready';
    if (this.#loadError) return 'error';
    return 'loading';
  }

  override updated(): void {
    const phase = this.#phase;
    const stale = phase == 'ready' && (this.#savedCopy || !!this.#answer?.stale || !!this.#loadError);
    this.toggleState('loading', phase == 'loading');
    this.toggleState('loaded', phase == 'ready' && !stale && !this.#loading);
    this.toggleState('stale', stale);
    this.toggleState('empty', phase == 'ready' && !this.#answer!.feed!.items.length);
    this.toggleState('error', phase == 'error' || phase == 'unconfigured');
    if (stale || phase == 'error' || phase == 'unconfigured') this.#messagesReady();
  }

  // ---------------------------------------------------------------- rendering

  /** An item's title: the feed's, or worded from the activity's facts in the reader's language (the server's
   * English words until that chunk is here). */
  #title(item: FeedItem): string {
    return item.activity && activity ? activity.activityTitle(this.locale, item, !!this.subject && !this.src) : item.title;
  }

  #date(iso: string | undefined) {
    if (!iso || Number.isNaN(Date.parse(iso))) return nothing;
    const tag = this.locale.tag;
    const exact = absoluteFormat(tag).format(new Date(iso));
    const recent = clock.now - Date.parse(iso) < RELATIVE_FOR_MS;
    const shown = recent ? relativeTime(tag, iso) : dateFormat(tag).format(new Date(iso));
    return html`<time datetime=${iso} title=${exact}>${shown}</time>`;
  }

  /** An enclosure's size in megabytes ("0.3 MB", "12 MB"): what a reader needs to decide on a download. */
  #size(bytes: number): string {
    return byteFormat(this.locale.tag).format(Math.max(bytes / 1e6, 0.1));
  }

  #enclosure(enclosure: FeedEnclosure) {
    const kind = this.t(enclosureKind(enclosure.type));
    const text = enclosure.length ? this.t('enclosure', { kind, size: this.#size(enclosure.length) }) : kind;
    return html`<li><a href=${enclosure.url} target="_blank" rel="noopener noreferrer nofollow">${text}</a></li>`;
  }

  #item(item: FeedItem, compact: boolean) {
    const title = this.#title(item);
    const link = item.link;
    const date = item.published ?? item.updated;
    // In a compact line cut short, the whole title is its tooltip.
    const tooltip = compact ? title : nothing;
    const titleTemplate = title
      ? link
        ? html`<a class="title" href=${link} title=${tooltip} target="_blank" rel="noopener noreferrer">${title}</a>`
        : html`<span class="title" title=${tooltip}>${title}</span>`
      : nothing;
    // An item without a title (a microblog post): its date is the link to it.
    const dateTemplate = !title && link && date ? html`<a href=${link} target="_blank" rel="noopener noreferrer">${this.#date(date)}</a>` : this.#date(date);
    if (compact)
      return html`<li part="item">${title ? titleTemplate : html`<span class="title rich">${richText(item.summary ?? item.content)}</span>`}<span class="meta">${dateTemplate}</span></li>`;
    const author = item.author && !item.activity ? html`<span>${this.t('by', { author: item.author.name })}</span>` : nothing;
    const tree = item.summary ?? item.content;
    return html`<li part="item">
      ${titleTemplate}
      ${date || author !== nothing ? html`<p class="meta">${dateTemplate} ${author}</p>` : nothing}
      ${tree ? html`<div class="rich summary">${richText(tree)}</div>` : nothing}
      ${item.enclosures.length ? html`<ul class="enclosures">${item.enclosures.map((enclosure) => this.#enclosure(enclosure))}</ul>` : nothing}
    </li>`;
  }

  #message(phase: Phase) {
    if (phase == 'loading') return nothing;
    const feed = this.#answer?.feed;
    // Trouble (a failure, a saved copy, not set up) is the messages chunk's; "could not be loaded" until it is here.
    const troubled = phase != 'ready' || this.#savedCopy || this.#answer?.stale || this.#loadError;
    if (troubled) return messages ? messages.trouble(this.#troubleHost(), phase) : html`<p part="message">${this.t('loadFailed')}</p>`;
    return feed!.items.length ? nothing : html`<p part="message">${this.t(this.#own ? 'emptyActivity' : 'empty')}</p>`;
  }

  protected override render() {
    const phase = this.#phase;
    const compact = this.layout == 'compact';
    const feed = phase == 'ready' ? this.#answer!.feed! : undefined;
    const label = feed?.title || this.t('label');
    const header =
      feed?.title && !compact
        ? html`<h2 part="header">${feed.link ? html`<a href=${feed.link} target="_blank" rel="noopener noreferrer">${feed.title}</a>` : feed.title}</h2>`
        : nothing;
    // A card is a region of the page, named by the feed's title. A compact feed is not: a table of 200 would be 200
    // landmarks. Its list carries the name instead.
    return html`<section part="feed" tabindex="-1" class="feed ${compact ? 'compact' : 'card'}" dir=${this.locale.dir} lang=${this.locale.tag} aria-label=${compact ? nothing : label} aria-busy=${phase == 'loading'}>
      ${header}
      ${phase == 'loading'
        ? html`<span class="visually-hidden">${this.t('loading')}</span><div class="skeleton" aria-hidden="true">${Array.from({ length: Math.min(this.#limit, compact ? this.#limit : 3) }, () => html`<div></div>`)}</div>`
        : nothing}
      ${feed?.items.length ? html`<ul part="items" role="list" aria-label=${compact ? label : nothing}>${feed.items.slice(0, this.#limit).map((item) => this.#item(item, compact))}</ul>` : nothing}
      ${this.#message(phase)}
      <div class="visually-hidden" aria-live="polite">${this.#announcement}</div>
    </section>`;
  }
}

/** The script-tag loader imports this module and calls `.define('kith-feed')` on the default export. */
export default KithFeed;
