import { html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { options, sitePrefix } from '../../core/config.js';
import { KithElement } from '../../core/element.js';
import { KithError, retryable, SETUP_ERRORS, SIGN_IN_AGAIN } from '../../core/error.js';
import { alertIcon, clockIcon, lockIcon } from '../../core/icons.js';
import { signedIn, visitorToken } from '../../core/identity.js';
import { outboxState, superseded, type OutboxChange, type OutboxEntry } from '../../core/outbox-queue.js';
import { sitePolicy } from '../../core/policy.js';
import { onMinute, timeTemplate } from '../../core/relative-time.js';
import { richText } from '../../core/rich-text.js';
import { pageSubject, validSubject } from '../../core/subject.js';
import { write } from '../../core/writes.js';
import { commentTemplate, type CommentRow, type RowState, type ViewContext } from './comment-view.js';
import {
  commentPath,
  commentsPath,
  counts,
  listComments,
  ownComments,
  previewTree,
  threadReplies,
  votePath,
  type Comment,
  type NewComment,
  type Sort,
} from './comments.data.js';
import { commentsStrings } from './comments.strings.js';
import { styles } from './comments.styles.js';
import { composerTemplate, length, MAX_LENGTH, newDraft, type ComposerContext, type Draft } from './composer.js';
import type { ModerationHost, ModerationQueue } from './moderation.js';
import type { LiveMessage } from '../../core/live.js';
import type { LiveThread } from './live-thread.js';
import type { OwnWrites } from './own-writes.js';
import * as thread from './thread.js';
import { indexComments, insertComment, removeComment, replaceComment } from './thread.js';

export type { Comment } from './comments.data.js';

declare module '../../core/element.js' {
  interface KithEventMap {
    /** The server confirmed the user's new, edited or deleted comment (`comment` as the server returned it; a
     * new comment's `status` says whether it waits for moderation). */
    'kith-comment': { subject: string; comment: Comment; action: 'created' | 'edited' | 'deleted' };
    /** The server applied the user's vote on a comment (`value` null: taken back), with the new counts. */
    'kith-vote': { subject: string; id: string; value: 1 | -1 | null; up: number; down: number };
    /** A guest tried to act (or chose "Sign in") where the site lets only signed-in users take part.
     * Cancelable: `preventDefault()` keeps the widget from following `url` (e.g. to open a dialog). */
    'kith-sign-in': { subject: string; url: string };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'kith-comment': CustomEvent<{ subject: string; comment: Comment; action: 'created' | 'edited' | 'deleted' }>;
    'kith-vote': CustomEvent<{ subject: string; id: string; value: 1 | -1 | null; up: number; down: number }>;
    'kith-sign-in': CustomEvent<{ subject: string; url: string }>;
  }
}

type Phase = 'unconfigured' | 'loading' | 'error' | 'ready';

const SORTS: Sort[] = ['newest', 'oldest', 'top'];

/** Threads per page. */
const PAGE = 20;
/** A long thread is drawn in slices: first what fills a screen (at least 16 items, one per 48 px of the
 * window's height), then SLICE more in each task after a painted frame, so the reader sees its top at once
 * and the page stays responsive while the rest is added. */
const firstSlice = () => Math.max(16, Math.ceil(innerHeight / 48));
const SLICE = Infinity;

/** An item of the flat list the thread is drawn from (one `repeat`, keyed). */
type Item =
  | { key: string; row: CommentRow }
  | { key: string; more: Comment; hidden: number }
  | { key: string; composer: Draft };

/**
 * A threaded comment section for a subject: Markdown comments with replies (three levels), votes, sorting,
 * paging, editing and deleting one's own, live arrival of others' comments, and moderation in place.
 *
 * `variant="count"` is one line for tables and lists: "12 comments" as a link to the thread.
 *
 * Keyboard: every control is a button, link, select or textarea in reading order. In a form, Ctrl+Enter
 * (⌘+Enter) posts, Escape cancels a reply or an edit and returns to the button that opened it. New comments
 * by others are announced politely and never take focus.
 *
 * @tagname kith-comments
 * @summary Threaded comments with replies, votes, moderation and live updates.
 * @attr subject - The subject key, e.g. `product/42` (default: the page's canonical URL).
 * @attr variant - `thread` (default) or `count` (one line: "12 comments" as a link).
 * @attr href - Where the count links (count variant; default: the subject + `#comments` if the subject is an http(s) URL, else `#comments`).
 * @attr sort - The first order: `newest` (default), `oldest` or `top` (most helpful).
 * @attr stars - Show only reviews whose author rated the subject this many stars (1–5); readers can change it.
 * @attr sign-in-url - Where a guest signs in, on sites that let only signed-in users comment (default: `Kith.configure({ signInUrl })`).
 * @attr no-live - Do not follow others' comments live (by default they arrive without a reload, announced politely).
 * @fires kith-comment - The server confirmed the user's comment: `detail: { subject, comment, action: 'created' | 'edited' | 'deleted' }`.
 * @fires kith-vote - The server applied the user's vote on a comment: `detail: { subject, id, value: 1 | -1 | null, up, down }`.
 * @fires kith-error - Loading or saving failed: `detail: { subject, code, message, reverted? }`; `reverted: true` when a refused write was taken back on screen.
 * @fires kith-sign-in - A guest wants to comment where only signed-in users may: `detail: { subject, url }`, cancelable.
 * @csspart base - The widget's box (the section, or the count's link).
 * @csspart comment - One comment (an `<article>`).
 * @csspart avatar - A comment's avatar (a picture, or initials in a circle).
 * @csspart badge - The author's badges (verified buyer, moderator, guest).
 * @csspart status - What is happening to a comment of the viewer's (sending, not sent yet, awaiting moderation).
 * @csspart composer - A comment form (new comment, reply, edit).
 * @csspart toolbar - The count, filter and sort controls.
 * @csspart moderation - The moderators' queue (a disclosure).
 * @csspart queue - The list of comments waiting for moderation.
 * @csspart queue-item - One comment waiting for moderation.
 * @csspart message - Widget-wide messages: loading, empty, errors, sign in.
 * @cssprop --kith-comments-avatar-size - Avatar diameter (default 2.25em).
 * @cssprop --kith-comments-indent - Indent of each reply level (default 1.5em, less on narrow screens).
 * @cssprop --kith-color-accent - Stars of reviews, primary buttons.
 * @cssprop --kith-color-link - Links in comments.
 */
export class KithComments extends KithElement {
  static override styles = styles;
  static override strings = commentsStrings;
  static override properties = {
    subject: {},
    variant: {},
    href: {},
    sort: {},
    stars: { type: Number },
    signInUrl: { attribute: 'sign-in-url' },
    noLive: { type: Boolean, attribute: 'no-live' },
  };

  /** The subject key, e.g. `product/42`. */
  declare subject: string;
  /** `thread` (default) or `count`. */
  declare variant: 'thread' | 'count';
  /** Where the count variant links. */
  declare href: string;
  /** The order of top-level comments. */
  declare sort: Sort;
  /** Only reviews of this many stars (0: all). */
  declare stars: number;
  /** Where a guest signs in, on sites that let only signed-in users comment. */
  declare signInUrl: string;
  /** Do not follow others' comments live. */
  declare noLive: boolean;

  #threads: Comment[] = [];
  #count = 0;
  #nextCursor: string | null = null;
  /** The list on screen is the server's (not a saved copy, not loading). */
  #fresh = false;
  #shown = false;
  #loadError?: KithError | undefined;
  #moreError?: KithError | undefined;
  #loadingMore = false;
  /** Threads whose further replies are on their way. */
  #loadingReplies = new Set<string>();
  /** The viewer's own comments (id → Markdown source), confirmed votes, held comments. */
  #own = new Map<string, string>();
  #votes = new Map<string, 1 | -1>();
  #held: Comment[] = [];
  #blocked = false;
  #moderator = false;
  #signInRequired = false;
  #guestsMayComment = false;
  #credentialError?: KithError | undefined;
  #drafts: { new: Draft; reply?: Draft | undefined; edit?: Draft | undefined } = { new: newDraft('new') };
  #confirmingDelete?: string | undefined;
  /** Others' new comments waiting behind "N new comments". */
  #incoming: Comment[] = [];
  /** The polite announcement (one live region). */
  #announcement = '';
  /** A widget-wide message about the user's last action (a refused vote, sign in to vote). */
  #notice = '';
  /** The moderators' queue (moderation.ts, a chunk loaded for moderators only). */
  #queue?: ModerationQueue | undefined;
  #brokenAvatars = new Set<string>();
  #stopLive?: (() => void) | undefined;
  #stopClock?: (() => void) | undefined;
  #loadedFor = '';
  #loadedWith: unknown;
  /** How many items of the list are drawn (see firstSlice); how many are not yet; the next slice, when one
   * is on its way. */
  #drawLimit = Infinity;
  #undrawn = 0;
  #drawing?: Promise<void> | undefined;

  constructor() {
    super();
    this.subject = '';
    this.variant = 'thread';
    this.href = '';
    this.sort = 'newest';
    this.stars = 0;
    this.signInUrl = '';
    this.noLive = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#load();
    if (this.variant != 'count') this.#stopClock = onMinute(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopLive?.();
    this.#stopClock?.();
    this.#stopLive = this.#stopClock = undefined;
    // Connected again later: subscribe and load again.
    this.#loadedFor = '';
  }

  /** The thread or count (saved or the server's) or an error: the first render need not wait (KithElement). */
  protected override hasContent(): boolean {
    return this.#shown || !!this.#loadError;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('sort') || changed.has('stars')) && this.#shown && this.hasUpdated) this.#reloadList();
    this.#load();
  }

  override updated(): void {
    if (!this.#undrawn) this.#drawLimit = Infinity;
    else
      this.#drawing ??= new Promise((drawn) =>
        requestAnimationFrame(() =>
          setTimeout(() => {
            this.#drawLimit += SLICE;
            this.#drawing = undefined;
            drawn(this.requestUpdate());
          }),
        ),
      );
    const phase = this.#phase;
    this.toggleState('loading', phase == 'loading');
    this.toggleState('loaded', this.#fresh && !this.#undrawn);
    this.toggleState('stale', phase == 'ready' && !!this.#loadError);
    this.toggleState('error', phase == 'error' || phase == 'unconfigured');
    this.toggleState('empty', phase == 'ready' && this.#empty);
    this.toggleState('pending', this.#pendingEntries().length > 0);
    this.toggleState('sign-in', this.#signInRequired);
  }

  /** Resolves once the whole list is drawn, its later slices included. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let complete = await super.getUpdateComplete();
    while (this.#drawing) await this.#drawing, (complete = await super.getUpdateComplete());
    return complete;
  }

  get #phase(): Phase {
    if (SETUP_ERRORS.has(this.#loadError?.code ?? '')) return 'unconfigured';
    if (this.#shown) return 'ready';
    return this.#loadError ? 'error' : 'loading';
  }

  get #empty() {
    return this.variant == 'count' ? !this.#count : !this.#threads.length && !this.#held.length && !this.#pendingPosts().length;
  }

  get #signInTarget() {
    return this.signInUrl || options().signInUrl || '';
  }

  get #prefix() {
    return sitePrefix();
  }

  /** The viewer may write here (the composer and Reply are offered). */
  get #canWrite() {
    return !this.#signInRequired && !this.#blocked && !this.#credentialError;
  }

  // ---------------------------------------------------------------- loading

  async #load(force = false) {
    if (!this.isConnected) return;
    this.subject ||= pageSubject();
    const prefix = this.#prefix;
    const subject = this.subject;
    const wanted = `${prefix}\n${subject}\n${this.variant}`;
    const credential = options().token;
    if (!force && wanted == this.#loadedFor && credential === this.#loadedWith) return;
    const sameSubject = wanted == this.#loadedFor;
    this.#loadedFor = wanted;
    this.#loadedWith = credential;
    const current = () => wanted == this.#loadedFor && credential === this.#loadedWith;
    this.#loadError = this.#credentialError = undefined;
    if (!sameSubject) {
      this.#threads = [];
      this.#shown = this.#fresh = false;
      this.#incoming = [];
      this.#queue = undefined;
    }
    this.#own = new Map();
    this.#votes = new Map();
    this.#held = [];
    this.#blocked = this.#moderator = this.#signInRequired = false;
    this.requestUpdate();
    if (!prefix) return this.#failLoad(new KithError(0, 'noSite', this.t('noSite')));
    if (!validSubject(subject)) return this.#failLoad(new KithError(0, 'badSubject', this.t('badSubject')));

    if (this.variant == 'count') {
      try {
        const answer = await counts.read(prefix, subject, (saved) => current() && ((this.#count = saved.count), (this.#shown = true), this.requestUpdate()));
        if (!current()) return;
        this.#count = answer.count;
        this.#shown = this.#fresh = true;
        // Follows the count on the page's one stream, like the rating's live summaries.
        this.#subscribe(prefix, subject);
      } catch (error) {
        if (current()) this.#failLoad(error as KithError);
      }
      return this.requestUpdate();
    }

    const guest = !signedIn();
    this.#readOwn(prefix, subject, current);
    // A User Timing mark for the page's own measurements (docs/developers.md): the thread asks for its list.
    performance.mark('kith-comments:list');
    const [page, policy] = await Promise.allSettled([
      listComments(prefix, subject, this.sort, this.stars || undefined),
      guest ? sitePolicy(prefix) : undefined,
    ]);
    if (!current()) return;
    this.#guestsMayComment = guest && policy.status == 'fulfilled' && !!policy.value?.guestsMayComment;
    this.#signInRequired = guest && policy.status == 'fulfilled' && policy.value?.guestsMayComment === false;
    if (page.status == 'fulfilled') {
      this.#showPage(page.value.items, page.value.count, page.value.nextCursor);
      this.#fresh = true;
      const saving = page.value;
      // Kept for an offline visit, a little later (copying a long thread is never in the way of drawing it).
      if (this.sort == 'newest' && !this.stars)
        setTimeout(() => import('./saved-page.js').then(({ savePage }) => savePage(prefix, saving), () => {}), 2e3);
      this.#subscribe(prefix, subject);
    } else {
      const saved = this.sort == 'newest' && !this.stars ? await import('./saved-page.js').then(({ savedPage }) => savedPage(prefix, subject), () => undefined) : undefined;
      if (!current()) return;
      if (saved && !this.#shown) this.#showPage(saved.items, saved.count, null);
      this.#failLoad(page.reason as KithError);
    }
    this.requestUpdate();
  }

  #showPage(items: Comment[], count: number, nextCursor: string | null) {
    if (!this.#shown) this.#drawLimit = firstSlice();
    this.#threads = items.map((thread) => ({ ...thread, replies: thread.replies ?? [] }));
    this.#count = count;
    this.#nextCursor = nextCursor;
    this.#shown = true;
  }

  /** The viewer's own comments, votes, held comments, and whether they moderate: with a credential only (a
   * guest without a visitor token has none). */
  async #readOwn(prefix: string, subject: string, current: () => boolean) {
    if (!signedIn() && !(await visitorToken(prefix))) return;
    try {
      const mine = await ownComments(prefix, subject);
      if (!current()) return;
      this.#own = new Map(mine.own.map((own) => [own.id, own.body]));
      this.#votes = new Map(Object.entries(mine.votes ?? {}));
      this.#held = mine.pending ?? [];
      this.#blocked = !!mine.blocked;
      this.#moderator = !!mine.moderator;
      if (!current()) return;
      if (this.#moderator) this.#loadQueue();
    } catch (error) {
      if (!current()) return;
      if (SIGN_IN_AGAIN.has((error as KithError).code)) {
        this.#credentialError = error as KithError;
        this.emit('kith-error', { subject, code: (error as KithError).code, message: this.t('signInAgain') });
      }
    }
    this.requestUpdate();
  }

  /** Another sort or stars filter: the first page again (the viewer's own data stays). */
  async #reloadList() {
    const prefix = this.#prefix;
    const wanted = this.#loadedFor;
    this.#fresh = false;
    this.#nextCursor = null;
    this.#incoming = [];
    try {
      const page = await listComments(prefix, this.subject, this.sort, this.stars || undefined);
      if (wanted != this.#loadedFor) return;
      this.#showPage(page.items, page.count, page.nextCursor);
      this.#fresh = true;
      this.#loadError = undefined;
    } catch (error) {
      this.#failLoad(error as KithError);
    }
    this.requestUpdate();
  }

  async #loadMore() {
    if (this.#loadingMore || !this.#nextCursor) return;
    this.#loadingMore = true;
    this.#moreError = undefined;
    this.requestUpdate();
    const before = this.#threads.length;
    try {
      const page = await listComments(this.#prefix, this.subject, this.sort, this.stars || undefined, this.#nextCursor);
      const known = indexComments(this.#threads);
      this.#threads.push(...page.items.filter((thread) => !known.has(thread.id)).map((thread) => ({ ...thread, replies: thread.replies ?? [] })));
      this.#nextCursor = page.nextCursor;
    } catch (error) {
      this.#moreError = error as KithError;
    }
    this.#loadingMore = false;
    this.requestUpdate();
    await this.updateComplete;
    // The button is gone (no more pages): focus the first comment it brought.
    if (!this.#nextCursor && !this.shadowRoot!.activeElement) this.#focus(`[data-id="${CSS.escape(this.#threads[before]?.id ?? '')}"]`);
  }

  async #loadReplies(rootId: string) {
    const root = this.#threads.find((thread) => thread.id == rootId);
    if (!root || this.#loadingReplies.has(rootId)) return;
    this.#loadingReplies.add(rootId);
    this.requestUpdate();
    const firstNew = root.replies?.length ?? 0;
    try {
      // The list brought the first replies; the thread route brings them all, 200 a page.
      let cursor: string | null | undefined;
      const replies: Comment[] = [];
      do {
        const page = await threadReplies(this.#prefix, this.subject, rootId, cursor);
        replies.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      root.replies = replies;
      root.replyCount = Math.max(root.replyCount ?? 0, replies.length);
    } catch (error) {
      this.#notice = this.t('loadFailed');
    }
    this.#loadingReplies.delete(rootId);
    this.requestUpdate();
    await this.updateComplete;
    if (!this.shadowRoot!.activeElement) this.#focus(`[data-id="${CSS.escape(root.replies?.[firstNew]?.id ?? rootId)}"]`);
  }

  async #loadQueue() {
    const { openQueue } = await import('./moderation.js');
    this.#queue ??= await openQueue(this.#moderationHost, this.renderRoot as ShadowRoot);
    this.requestUpdate();
  }

  /** What the queue borrows from the widget. */
  #moderationHost: ModerationHost = ((host) => ({
    get prefix() {
      return host.#prefix;
    },
    get subject() {
      return host.subject;
    },
    get locale() {
      return host.locale;
    },
    t: (key, params) => host.t(key, params),
    time: (iso) => timeTemplate(host.locale.tag, iso),
    text: (comment) => richText(comment.tree),
    update: () => (host.requestUpdate(), host.updateComplete),
    focus: (selector) => host.#focus(selector),
    announce: (text) => host.#announce(text),
    // Into the thread at once (its live event then finds it there).
    approved: (comment) => insertComment(host.#threads, comment, host.sort) && host.#count++,
  }))(this);

  #failLoad(error: KithError) {
    this.#loadError = error;
    this.emit('kith-error', { subject: this.subject, code: error.code, message: this.loadErrorText(this.#loadError) });
    this.requestUpdate();
  }

  #retry = async () => {
    this.#load(true);
    await this.updateComplete;
    this.#focus('select, [part~=base]');
  };

  // ---------------------------------------------------------------- live

  /** Follows others' comments, votes and the count through the page's live stream (core/live.ts, a chunk
   * loaded once the thread is on screen: after the frame that shows it), unless `no-live`. */
  async #subscribe(prefix: string, subject: string) {
    this.#stopLive?.();
    this.#stopLive = undefined;
    if (this.noLive) return;
    const wanted = this.#loadedFor;
    await this.updateComplete;
    await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted)));
    Promise.all([import('../../core/live.js'), import('./live-thread.js')]).then(
      ([{ subscribeLive }, { applyLive }]) => {
        this.#applyLive = (message) => (applyLive(this.#liveThread, message), this.requestUpdate());
        if (this.isConnected && wanted == this.#loadedFor && !this.#stopLive) this.#stopLive = subscribeLive(prefix, subject, this.#applyLive);
      },
      () => {}, // offline: the thread works without live arrivals
    );
  }

  #applyLive?: (message: LiveMessage) => void;
  /** Live messages kept while the viewer's own comment is on its way (it may be one of them). */
  #deferred: LiveMessage[] = [];

  /** The thread as the live stream changes it (live-thread.ts). */
  #liveThread: LiveThread = ((host) => ({
    get subject() {
      return host.subject;
    },
    get sort() {
      return host.sort;
    },
    get filtered() {
      return !!host.stars;
    },
    get threads() {
      return host.#threads;
    },
    get incoming() {
      return host.#incoming;
    },
    get count() {
      return host.#count;
    },
    set count(count: number) {
      host.#count = count;
    },
    mine: (id: string) => host.#own.has(id) || host.#held.some((held) => held.id == id),
    // The list starts below the top of the viewport.
    atTop: () => (host.renderRoot.querySelector('.list')?.getBoundingClientRect().top ?? -1) >= 0,
    keepFocus: () => host.#keepFocus(),
    announce: (n: number) => host.#announce(host.t('newComments', { n })),
    reload: () => host.#load(true),
    posting: () => host.#pendingPosts().length > 0,
    defer: (message) => host.#deferred.push(message),
    ops: thread,
  }))(this);

  #showIncoming = async () => {
    const first = this.#incoming.at(-1);
    for (const comment of this.#incoming) insertComment(this.#threads, comment, 'newest');
    this.#incoming = [];
    this.requestUpdate();
    await this.updateComplete;
    if (first) this.#focus(`[data-id="${CSS.escape(first.id)}"]`);
  };

  async #announce(text: string) {
    // The same words twice in a row are announced twice: clear first, then set.
    this.#announcement = '';
    this.requestUpdate();
    await this.updateComplete;
    this.#announcement = text;
    this.requestUpdate();
  }

  // ---------------------------------------------------------------- outbox

  /** This site's writes in the outbox (those an earlier page left are read when the outbox starts, at idle). */
  #pendingEntries(): OutboxEntry[] {
    const prefix = this.#prefix;
    return outboxState.queue.filter((entry) => entry.prefix == prefix);
  }

  #pendingPosts() {
    const path = commentsPath(this.subject);
    return this.#pendingEntries().filter((entry) => entry.method == 'POST' && entry.path == path);
  }

  get #waitState(): RowState {
    return outboxState.waitReason == 'offline' ? 'notSent' : outboxState.waitReason == 'retrying' ? 'retrying' : 'sending';
  }

  protected override outboxChanged(change: OutboxChange | undefined): void {
    if (!change) return void this.requestUpdate();
    const { entry, response } = change;
    if (entry.prefix != this.#prefix) return;
    const subject = this.subject;
    // A count beside the thread: one more for the viewer's published comment; the thread tells the page.
    if (this.variant == 'count') {
      const posted = entry.method == 'POST' && entry.path == commentsPath(subject) && (response as { comment?: Comment } | undefined)?.comment;
      if (posted && posted.status == 'approved') this.#count++, this.requestUpdate();
      return;
    }
    // The answers' texts come with their chunk; changes wait for them in the order they came.
    import('./own-writes.js').then(async ({ applyOwnWrite, loadOwnWriteTexts }) => {
      await loadOwnWriteTexts(this.locale).catch(() => {});
      applyOwnWrite(this.#ownWrites, change);
      this.requestUpdate();
    });
  }

  /** The thread as the answers to the viewer's own writes change it (own-writes.ts). */
  #ownWrites: OwnWrites = ((host) => ({
    get subject() {
      return host.subject;
    },
    get locale() {
      return host.locale;
    },
    get postPath() {
      return commentsPath(host.subject);
    },
    get sort() {
      return host.sort;
    },
    get threads() {
      return host.#threads;
    },
    get held() {
      return host.#held;
    },
    set held(held) {
      host.#held = held;
    },
    get count() {
      return host.#count;
    },
    set count(count) {
      host.#count = count;
    },
    get own() {
      return host.#own;
    },
    get votes() {
      return host.#votes;
    },
    get drafts() {
      return host.#drafts;
    },
    set notice(notice: string) {
      host.#notice = notice;
    },
    set blocked(blocked: boolean) {
      host.#blocked = blocked;
    },
    focused: () => host.shadowRoot!.activeElement,
    t: (key, params) => host.t(key, params),
    hasText: (key) => host.hasText(key),
    emit: (name, detail) => host.emit(name as 'kith-error', detail as never),
    announce: (text) => host.#announce(text),
    keepFocus: () => host.#keepFocus(),
    focusLater: (selector) => host.updateComplete.then(() => host.#focus(selector)),
    reload: () => host.#load(true),
    // The viewer's comments are confirmed: what arrived live meanwhile is applied now (theirs is known).
    flushDeferred: () => {
      if (!host.#pendingPosts().length) for (const message of host.#deferred.splice(0)) host.#applyLive?.(message);
    },
    newDraft,
    ops: thread,
  }))(this);

  // ---------------------------------------------------------------- actions

  #onClick = (event: Event) => {
    const button = (event.target as Element).closest<HTMLElement>('button[data-action]');
    if (!button || (button as HTMLButtonElement).disabled) return;
    const id = button.closest<HTMLElement>('[data-id]')?.dataset.id ?? '';
    const action = button.dataset.action!;
    if (action == 'up' || action == 'down') this.#vote(id, action == 'up' ? 1 : -1);
    else if (action == 'reply') this.#openReply(id);
    else if (action == 'edit') this.#openEdit(id);
    else if (action == 'delete') this.#askDelete(id);
    else if (action == 'delete-no') this.#cancelDelete(id);
    else if (action == 'delete-yes') this.#delete(id);
    else if (action == 'more-replies') this.#loadReplies(id);
    else this.#queue?.act(id, action);
  };

  /** An avatar picture that does not load: initials instead (error events do not bubble: caught on the way down). */
  #onAvatarError = {
    handleEvent: (event: Event) => {
      const image = event.target as HTMLImageElement;
      if (image.localName == 'img' && image.part.contains('avatar')) {
        this.#brokenAvatars.add(image.getAttribute('src')!);
        this.requestUpdate();
      }
    },
    capture: true,
  };

  async #vote(id: string, value: 1 | -1) {
    if (this.#signInRequired) return this.#askToSignIn();
    const comment = indexComments(this.#threads).get(id);
    if (!comment || this.#own.has(id)) return;
    this.#notice = '';
    // Pressing the pressed button takes the vote back; a double click lands where the first click did.
    const shown = this.#shownVote(id);
    const next = shown == value ? 0 : value;
    this.#voting.set(id, next);
    this.requestUpdate();
    try {
      await write(next ? 'PUT' : 'DELETE', votePath(id), next ? { value: next } : undefined);
    } finally {
      if (this.#voting.get(id) === next) this.#voting.delete(id);
      this.requestUpdate();
    }
  }

  /** Votes being stored in the outbox (not yet in its queue). */
  #voting = new Map<string, 1 | -1 | 0>();

  #shownVote(id: string, entries?: Map<string, OutboxEntry>): 1 | -1 | 0 {
    const storing = this.#voting.get(id);
    if (storing !== undefined) return storing;
    const entry = (entries ?? this.#lastEntries()).get(votePath(id));
    if (entry) return entry.method == 'PUT' ? ((entry.body as { value: 1 | -1 }).value ?? 0) : 0;
    return this.#votes.get(id) ?? 0;
  }

  /** The last pending write per path. */
  #lastEntries() {
    const last = new Map<string, OutboxEntry>();
    for (const entry of this.#pendingEntries()) last.set(entry.path, entry);
    return last;
  }

  async #openReply(id: string) {
    this.#drafts.reply = newDraft('reply', id);
    this.requestUpdate();
    await this.updateComplete;
    this.#focus('#composer-reply-text');
  }

  async #openEdit(id: string) {
    this.#drafts.edit = newDraft('edit', id, this.#own.get(id) ?? '');
    this.requestUpdate();
    await this.updateComplete;
    this.#focus('#composer-edit-text');
  }

  async #askDelete(id: string) {
    this.#confirmingDelete = id;
    this.requestUpdate();
    await this.updateComplete;
    this.#focus(`[data-id="${CSS.escape(id)}"] [data-action=delete-no]`);
  }

  async #cancelDelete(id: string) {
    this.#confirmingDelete = undefined;
    this.requestUpdate();
    await this.updateComplete;
    this.#focus(`[data-id="${CSS.escape(id)}"] [data-action=delete]`);
  }

  async #delete(id: string) {
    this.#confirmingDelete = undefined;
    await write('DELETE', commentPath(id));
    this.requestUpdate();
    await this.updateComplete;
    // The comment shows "Sending…" in place of its text until the server confirms; focus waits on it.
    this.#focus(`[data-id="${CSS.escape(id)}"]`);
  }

  /** After a comment left the screen: if focus went with it, to the nearest comment, else the form. */
  async #keepFocus() {
    const before = [...this.renderRoot.querySelectorAll<HTMLElement>('[part~=comment]')];
    const focused = this.shadowRoot!.activeElement?.closest('[part~=comment]');
    // The render that takes the comment away (asked for here, so there is one to wait for).
    this.requestUpdate();
    await this.updateComplete;
    if (!focused || focused.isConnected) return;
    const at = before.indexOf(focused as HTMLElement);
    const next = [...before.slice(at + 1), ...before.slice(0, at).reverse()].find((other) => other.isConnected);
    if (next) next.focus();
    else this.#focus('#composer-new-text, select, [part~=base]');
  }

  #focus(selector: string) {
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  #askToSignIn(click?: Event) {
    const url = this.#signInTarget;
    const event = this.emit('kith-sign-in', { subject: this.subject, url }, true);
    if (event.defaultPrevented) click?.preventDefault();
    else if (url && !click) location.assign(url);
    else if (!url) (this.#notice = this.t('guests_not_allowed')), this.requestUpdate();
  }

  // ---------------------------------------------------------------- composer

  #composerContext(replyTo?: string): ComposerContext {
    return {
      t: (key, params) => this.t(key, params),
      tag: this.locale.tag,
      guest: this.#guestsMayComment,
      replyTo,
      onInput: (draft, event) => {
        const field = event.target as HTMLInputElement | HTMLTextAreaElement;
        if (field.name == 'name') draft.name = field.value;
        else {
          const before = length(draft.text);
          draft.text = field.value;
          const after = length(draft.text);
          // Re-render only where the form changes: near the limit, or to clear an error.
          if (before >= 9_000 || after >= 9_000 || draft.error) {
            draft.error = undefined;
            this.requestUpdate();
          }
        }
      },
      onKeydown: (draft, event) => {
        const target = event.target as HTMLElement;
        if (target.getAttribute('role') == 'tab' || target.role == 'tablist') {
          const keys: Record<string, Draft['tab']> = { ArrowLeft: 'write', ArrowRight: 'preview', Home: 'write', End: 'preview' };
          let tab = keys[event.key];
          if (tab && this.locale.dir == 'rtl' && event.key.startsWith('Arrow')) tab = tab == 'write' ? 'preview' : 'write';
          if (tab) {
            event.preventDefault();
            this.#selectTab(draft, tab, true);
          }
          return;
        }
        if (event.key == 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          this.#submit(draft);
        } else if (event.key == 'Escape' && draft.kind != 'new') {
          event.preventDefault();
          this.#cancelDraft(draft);
        }
      },
      onSubmit: (draft, event) => {
        event.preventDefault();
        this.#submit(draft);
      },
      onTab: (draft, tab) => this.#selectTab(draft, tab, false),
      onCancel: (draft) => this.#cancelDraft(draft),
    };
  }

  async #selectTab(draft: Draft, tab: Draft['tab'], focusTab: boolean) {
    draft.tab = tab;
    if (tab == 'preview') {
      const text = draft.text;
      draft.preview = text.trim() ? 'loading' : null;
      if (text.trim())
        previewTree(this.#prefix, text).then(
          ({ tree }) => draft.text == text && ((draft.preview = tree), this.requestUpdate()),
          () => draft.text == text && ((draft.preview = 'failed'), this.requestUpdate()),
        );
    }
    this.requestUpdate();
    await this.updateComplete;
    if (focusTab) this.#focus(`#composer-${draft.kind}-${tab}`);
  }

  async #cancelDraft(draft: Draft) {
    const target = draft.target ?? '';
    if (draft.kind == 'reply') this.#drafts.reply = undefined;
    if (draft.kind == 'edit') this.#drafts.edit = undefined;
    this.requestUpdate();
    await this.updateComplete;
    this.#focus(`[data-id="${CSS.escape(target)}"] [data-action=${draft.kind}]`);
  }

  async #submit(draft: Draft) {
    const text = draft.text.trim();
    const guest = this.#guestsMayComment && draft.kind != 'edit';
    draft.error = !text ? this.t('empty') : length(text) > MAX_LENGTH ? this.t('invalid') : guest && !draft.name.trim() ? this.t('nameNeeded') : undefined;
    if (draft.error) {
      this.requestUpdate();
      await this.updateComplete;
      this.#focus(guest && !draft.name.trim() && text ? `#composer-${draft.kind} ~ * input, [part~=composer].${draft.kind} input` : `#composer-${draft.kind}-text`);
      return;
    }
    if (draft.kind == 'edit') {
      const id = draft.target!;
      this.#drafts.edit = undefined;
      this.requestUpdate();
      await write('PATCH', commentPath(id), { body: draft.text });
      this.requestUpdate();
      await this.updateComplete;
      return this.#focus(`[data-id="${CSS.escape(id)}"]`);
    }
    const body: NewComment = { body: draft.text };
    if (draft.target) body.parentId = draft.target;
    if (guest) body.guestName = draft.name.trim();
    if (draft.kind == 'reply') this.#drafts.reply = undefined;
    else {
      this.#drafts.new = { ...newDraft('new'), name: draft.name };
      // Lit last wrote '' there too, so it would not empty it: the form is emptied here.
      const field = this.renderRoot.querySelector<HTMLTextAreaElement>('#composer-new-text');
      if (field) field.value = '';
    }
    this.requestUpdate();
    const entry = await write('POST', commentsPath(this.subject), body);
    this.requestUpdate();
    await this.updateComplete;
    // A reply's form is gone: focus its comment on the way (a new comment keeps focus in its form).
    if (draft.kind == 'reply') this.#focus(`[data-id="${CSS.escape('outbox:' + entry.key)}"]`);
  }

  // ---------------------------------------------------------------- rendering

  /** How one comment is shown now: the viewer's vote and pending writes included. */
  #row(comment: Comment, entries: Map<string, OutboxEntry>): CommentRow {
    const own = this.#own.has(comment.id);
    const confirmed = this.#votes.get(comment.id) ?? 0;
    const vote = this.#shownVote(comment.id, entries);
    const edit = entries.get(commentPath(comment.id));
    const waiting = this.#waitState;
    const state: RowState | undefined =
      edit?.method == 'DELETE' ? 'deleting'
      : edit ? waiting
      : comment.status == 'pending' ? 'held'
      : comment.status != 'approved' ? 'notPublished'
      : undefined;
    return {
      comment,
      own,
      vote,
      up: comment.up - +(confirmed == 1) + +(vote == 1),
      down: comment.down - +(confirmed == -1) + +(vote == -1),
      state,
      pendingText: edit?.method == 'PATCH' ? (edit.body as NewComment).body : undefined,
      confirmingDelete: this.#confirmingDelete == comment.id,
    };
  }

  /** A new comment still in the outbox, drawn like one (its text as typed). */
  #pendingRow(entry: OutboxEntry, byId: Map<string, Comment>): CommentRow {
    const body = entry.body as NewComment;
    const parent = body.parentId ? byId.get(body.parentId) : undefined;
    const depth = parent ? Math.min(3, parent.depth + 1) : 0;
    const comment: Comment = {
      id: 'outbox:' + entry.key,
      parentId: body.parentId ?? null,
      rootId: parent?.rootId ?? '',
      depth,
      author: { name: body.guestName || this.t('yourself') },
      tree: null,
      status: 'pending',
      createdAt: new Date(Math.floor(entry.order / 1e3)).toISOString(),
      up: 0,
      down: 0,
    };
    if (parent && parent.depth >= 3) comment.replyTo = { id: parent.id, name: parent.author.name };
    return { comment, own: true, vote: 0, up: 0, down: 0, state: this.#waitState, pendingText: body.body };
  }

  /** The flat list: threads in order, each followed by its replies (and the viewer's pending and held ones),
   * a reply form under the comment it answers, and "Show N more replies". */
  #items(): Item[] {
    const entries = this.#lastEntries();
    const byId = indexComments(this.#threads);
    const extraTop: CommentRow[] = [];
    const extraReplies = new Map<string, CommentRow[]>();
    const addExtra = (row: CommentRow) => {
      const root = row.comment.rootId && byId.has(row.comment.rootId) ? row.comment.rootId : '';
      if (!row.comment.parentId || !root) return void extraTop.push(row);
      extraReplies.set(root, [...(extraReplies.get(root) ?? []), row]);
    };
    for (const held of this.#held) if (!byId.has(held.id)) addExtra(this.#row(held, entries));
    for (const entry of this.#pendingPosts()) addExtra(this.#pendingRow(entry, byId));
    const items: Item[] = [];
    const reply = this.#drafts.reply;
    const push = (row: CommentRow) => {
      items.push({ key: row.comment.id, row });
      if (reply?.target == row.comment.id) items.push({ key: 'reply-form', composer: reply });
    };
    // The viewer's newest first, like a new comment in the "newest" order.
    for (const row of extraTop.reverse()) push(row);
    for (const thread of this.#threads) {
      push(this.#row(thread, entries));
      for (const reply of thread.replies ?? []) push(this.#row(reply, entries));
      for (const row of extraReplies.get(thread.id) ?? []) push(row);
      const hidden = (thread.replyCount ?? 0) - (thread.replies?.length ?? 0);
      if (hidden > 0) items.push({ key: 'more:' + thread.id, more: thread, hidden });
    }
    return items;
  }

  #renderItem(item: Item, view: ViewContext) {
    if ('row' in item) return commentTemplate(item.row, view);
    if ('more' in item)
      return html`<div class="more d1" data-id=${item.more.id}>
        <button data-action="more-replies" aria-busy=${this.#loadingReplies.has(item.more.id)}>${this.t('moreReplies', { n: item.hidden })}</button>
      </div>`;
    const target = indexComments(this.#threads).get(item.composer.target ?? '');
    return html`<div class="reply-form d${Math.min(3, (target?.depth ?? 0) + 1)}">${composerTemplate(item.composer, this.#composerContext(target?.author.name))}</div>`;
  }

  #renderCount() {
    const phase = this.#phase;
    const failed = phase == 'error' || phase == 'unconfigured';
    const url = /^https?:\/\//.test(this.subject) ? this.subject.split('#')[0] + '#comments' : '#comments';
    if (phase == 'ready')
      return html`<a part="base" class="count-link" href=${this.href || url} lang=${this.locale.tag} dir=${this.locale.dir}>${this.t('count', { n: this.#count })}</a>`;
    return html`<span part="base" class="count-link ${failed ? 'error' : 'placeholder'}" lang=${this.locale.tag} dir=${this.locale.dir} role=${failed ? 'img' : nothing} aria-busy=${!failed}
      title=${failed ? this.loadErrorText(this.#loadError) : nothing} aria-label=${failed ? this.loadErrorText(this.#loadError) : this.t('loading')}
      >${failed ? html`${alertIcon}${this.t(phase == 'error' ? 'loadFailedShort' : 'noSiteShort')}` : html`<span class="visually-hidden">${this.t('loading')}</span>`}</span
    >`;
  }

  /** What goes where the form would be: the form, or why there is none. */
  #renderWrite() {
    if (this.#phase != 'ready') return nothing;
    const url = this.#signInTarget;
    if (this.#signInRequired || this.#credentialError)
      return html`<p part="message" class="notice sign-in">
        ${lockIcon}<span
          >${this.#credentialError ? this.t('signInAgain') : this.t('guests_not_allowed')}
          ${url ? html`<a href=${url} @click=${(event: Event) => this.#askToSignIn(event)}>${this.t('signIn')}</a>` : nothing}</span
        >
      </p>`;
    if (this.#blocked) return html`<p part="message" class="notice">${lockIcon}<span>${this.t('author_blocked')}</span></p>`;
    return composerTemplate(this.#drafts.new, this.#composerContext());
  }

  override render() {
    if (this.variant == 'count') return this.#renderCount();
    const phase = this.#phase;
    const ready = phase == 'ready';
    const all = ready ? this.#items() : [];
    const items = all.slice(0, this.#drawLimit);
    this.#undrawn = all.length - items.length;
    const edit = this.#drafts.edit;
    const view: ViewContext = {
      t: (key, params) => this.t(key, params),
      tag: this.locale.tag,
      canReply: this.#canWrite && this.#fresh,
      brokenAvatars: this.#brokenAvatars,
      editing: edit?.target,
      editor: () => composerTemplate(edit!, this.#composerContext()),
    };
    const error = this.#loadError;
    const canRetry = !!error && retryable(error);
    const hasReviews = !!this.stars || this.#threads.some((thread) => thread.stars);
    return html`<section
      part="base"
      class="widget"
      lang=${this.locale.tag}
      dir=${this.locale.dir}
      aria-label=${this.t('label')}
      aria-busy=${phase == 'loading'}
      tabindex="-1"
      @click=${this.#onClick}
      @error=${this.#onAvatarError}
    >
      <div part="toolbar" class="toolbar">
        <span class="total">${ready ? (this.#count ? this.t('count', { n: this.#count }) : '') : phase == 'loading' ? this.t('loading') : ''}</span>
        ${ready && hasReviews
          ? html`<label
              >${this.t('starsFilter')}
              <select @change=${(event: Event) => (this.stars = +(event.target as HTMLSelectElement).value)}>
                <option value="0" ?selected=${!this.stars}>${this.t('allStars')}</option>
                ${[5, 4, 3, 2, 1].map((n) => html`<option value=${n} ?selected=${this.stars == n}>${this.t('starsOption', { n })}</option>`)}
              </select></label
            >`
          : nothing}
        ${ready && this.#threads.length > 1
          ? html`<label
              >${this.t('sort')}
              <select @change=${(event: Event) => (this.sort = (event.target as HTMLSelectElement).value as Sort)}>
                ${SORTS.map((sort) => html`<option value=${sort} ?selected=${this.sort == sort}>${this.t(sort)}</option>`)}
              </select></label
            >`
          : nothing}
      </div>
      ${this.#moderator && this.#queue ? this.#queue.render() : nothing}
      ${this.#renderWrite()}
      ${phase == 'error' || phase == 'unconfigured' || (ready && error)
        ? html`<p part="message" class="notice ${ready ? 'stale' : 'error'}" role="status">
            ${ready ? clockIcon : alertIcon}<span>${ready ? this.t('stale') : this.loadErrorText(this.#loadError)}</span>
            ${canRetry ? html`<button @click=${this.#retry}>${this.t('retry')}</button>` : nothing}
          </p>`
        : nothing}
      ${this.#notice ? html`<p part="message" class="notice error" role="status">${alertIcon}<span>${this.#notice}</span></p>` : nothing}
      ${this.#incoming.length ? html`<button class="incoming" @click=${this.#showIncoming}>${this.t('newComments', { n: this.#incoming.length })}</button>` : nothing}
      ${phase == 'loading'
        ? html`<div class="list skeleton" aria-hidden="true"><div></div><div></div><div></div></div>`
        : ready && this.#empty
          ? html`<p part="message" class="notice empty">${this.t('none')}</p>`
          : html`<div class="list">${repeat(items, (item) => item.key, (item) => this.#renderItem(item, view))}</div>`}
      ${ready && this.#nextCursor
        ? html`<div class="more-threads">
            <button @click=${this.#loadMore} aria-busy=${this.#loadingMore}>${this.t('loadMore')}</button>
            ${this.#moreError ? html`<span class="error" role="status">${this.t('loadFailed')}</span>` : nothing}
          </div>`
        : nothing}
      <div class="visually-hidden" aria-live="polite">${this.#announcement}</div>
    </section>`;
  }
}

/** The script-tag loader imports this module and calls `.define('kith-comments')` on the default export. */
export default KithComments;
