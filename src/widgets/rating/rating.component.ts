import { html, nothing, type PropertyValues } from 'lit';
import { options, sitePrefix } from '../../core/config.js';
import { KithElement } from '../../core/element.js';
import { KithError, retryable, SIGN_IN_AGAIN } from '../../core/error.js';
import { alertIcon, clockIcon, lockIcon } from '../../core/icons.js';
import { signedIn, visitorToken } from '../../core/identity.js';
import { perLanguage } from '../../core/intl.js';
import { outboxState, superseded, type OutboxChange } from '../../core/outbox-queue.js';
import { sitePolicy } from '../../core/policy.js';
import { formatNumber } from '../../core/strings.js';
import { pageSubject, validSubject } from '../../core/subject.js';
import { write } from '../../core/writes.js';
import { followLive } from '../../core/live-follow.js';
import type { LiveMessage } from '../../core/live.js';
import { ownVotePath, ownVotes, summaries, withVoteMoved, type OwnVote, type RatingSummary } from './rating.data.js';
import { ratingStrings } from './rating.strings.js';
import { styles } from './rating.styles.js';

export type { RatingSummary } from './rating.data.js';

declare module '../../core/element.js' {
  interface KithEventMap {
    /** The user voted (`value` 1–5) or removed their rating (`null`); fired at once, before the server answers. */
    'kith-change': { subject: string; value: number | null };
    /** The server applied the user's latest vote (`null`: removed) and answered with the new summary. */
    'kith-saved': { subject: string; value: number | null; summary: RatingSummary };
    /** A guest tried to rate (or chose "Sign in to rate") where the site lets only signed-in users rate.
     * Cancelable: `preventDefault()` keeps the widget from following `url` (e.g. to open a dialog). */
    'kith-sign-in': { subject: string; url: string };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'kith-change': CustomEvent<{ subject: string; value: number | null }>;
    'kith-saved': CustomEvent<{ subject: string; value: number | null; summary: RatingSummary }>;
    'kith-sign-in': CustomEvent<{ subject: string; url: string }>;
  }
}

/** What the widget can show: no site configured, waiting for the first data, failed with nothing to
 * show, or a summary (the server's, or one an earlier page saved). */
type Phase = 'unconfigured' | 'loading' | 'error' | 'ready';

const STARS = [1, 2, 3, 4, 5];
/** A star value from a key step or a pointer position: 1–5. */
const toStars = (value: number) => Math.min(5, Math.max(1, value));

/** Vote counts where space is short: English `132`, `1.2K`, `12.3K`; German `1234`, `12.345`, `1,2 Mio.` (only the
 * rating writes counts so; here rather than in core/intl.ts, so that other widgets' pages do not load it). */
const compactFormat = perLanguage((lang) => new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 }));
/**
 * The five stars, written out rather than mapped, the star's drawing included: one template instance per
 * widget instead of one per star, which is most of what a page of 200 ratings spends rendering. Each star: a fill the
 * stylesheet clips to `--_fill`, and an outline drawn over it, in SVG paint (never a background gradient, so
 * forced colors can repaint it). `looks[i]`: the star's class (`own`, `full`) and fill;
 * `labels`: the radios' names; `radio`: the card's radio group (the inline slider's and a read-only rating's stars have no role).
 */
const starsTemplate = (looks: [string, string][], labels: string[], radio: boolean, own: number | null, disabled: unknown, tabStop: number) =>
  html`<span
      part="star"
      class=${looks[0]![0]}
      .style=${looks[0]![1]}
      role=${radio ? 'radio' : nothing}
      aria-checked=${radio ? own == 1 : nothing}
      aria-label=${radio ? labels[0] : nothing}
      aria-disabled=${radio ? disabled : nothing}
      tabindex=${radio ? (tabStop == 1 ? 0 : -1) : nothing}
      ><svg viewBox="0 0 24 24" aria-hidden="true"
        ><path class="fill" d="M12 2.6l2.8 6 6.5.7-4.9 4.4 1.4 6.4L12 16.8l-5.8 3.3 1.4-6.4-4.9-4.4 6.5-.7z" /><path
          class="outline"
          d="M12 2.6l2.8 6 6.5.7-4.9 4.4 1.4 6.4L12 16.8l-5.8 3.3 1.4-6.4-4.9-4.4 6.5-.7z" /></svg
    ></span
    ><span
      part="star"
      class=${looks[1]![0]}
      .style=${looks[1]![1]}
      role=${radio ? 'radio' : nothing}
      aria-checked=${radio ? own == 2 : nothing}
      aria-label=${radio ? labels[1] : nothing}
      aria-disabled=${radio ? disabled : nothing}
      tabindex=${radio ? (tabStop == 2 ? 0 : -1) : nothing}
      ><svg viewBox="0 0 24 24" aria-hidden="true"
        ><path class="fill" d="M12 2.6l2.8 6 6.5.7-4.9 4.4 1.4 6.4L12 16.8l-5.8 3.3 1.4-6.4-4.9-4.4 6.5-.7z" /><path
          class="outline"
          d="M12 2.6l2.8 6 6.5.7-4.9 4.4 1.4 6.4L12 16.8l-5.8 3.3 1.4-6.4-4.9-4.4 6.5-.7z" /></svg
    ></span
    ><span
      part="star"
      class=${looks[2]![0]}
      .style=${looks[2]![1]}
      role=${radio ? 'radio' : nothing}
      aria-checked=${radio ? own == 3 : nothing}
      aria-label=${radio ? labels[2] : nothing}
      aria-disabled=${radio ? disabled : nothing}
      tabindex=${radio ? (tabStop == 3 ? 0 : -1) : nothing}
      ><svg viewBox="0 0 24 24" aria-hidden="true"
        ><path class="fill" d="M12 2.6l2.8 6 6.5.7-4.9 4.4 1.4 6.4L12 16.8l-5.8 3.3 1.4-6.4-4.9-4.4 6.5-.7z" /><path
          class="outline"
          d="M12 2.6l2.8 6 6.5.7-4.9 4.4 1.4 6.4L12 16.8l-5.8 3.3 1.4-6.4-4.9-4.4 6.5-.7z" /></svg
    ></span
    ><span
      part="star"
      class=${looks[3]![0]}
      .style=${looks[3]![1]}
      role=${radio ? 'radio' : nothing}
      aria-checked=${radio ? own == 4 : nothing}
      aria-label=${radio ? labels[3] : nothing}
      aria-disabled=${radio ? disabled : nothing}
      tabindex=${radio ? (tabStop == 4 ? 0 : -1) : nothing}
      ><svg viewBox="0 0 24 24" aria-hidden="true"
        ><path class="fill" d="M12 2.6l2.8 6 6.5.7-4.9 4.4 1.4 6.4L12 16.8l-5.8 3.3 1.4-6.4-4.9-4.4 6.5-.7z" /><path
          class="outline"
          d="M12 2.6l2.8 6 6.5.7-4.9 4.4 1.4 6.4L12 16.8l-5.8 3.3 1.4-6.4-4.9-4.4 6.5-.7z" /></svg
    ></span
    ><span
      part="star"
      class=${looks[4]![0]}
      .style=${looks[4]![1]}
      role=${radio ? 'radio' : nothing}
      aria-checked=${radio ? own == 5 : nothing}
      aria-label=${radio ? labels[4] : nothing}
      aria-disabled=${radio ? disabled : nothing}
      tabindex=${radio ? (tabStop == 5 ? 0 : -1) : nothing}
      ><svg viewBox="0 0 24 24" aria-hidden="true"
        ><path class="fill" d="M12 2.6l2.8 6 6.5.7-4.9 4.4 1.4 6.4L12 16.8l-5.8 3.3 1.4-6.4-4.9-4.4 6.5-.7z" /><path
          class="outline"
          d="M12 2.6l2.8 6 6.5.7-4.9 4.4 1.4 6.4L12 16.8l-5.8 3.3 1.4-6.4-4.9-4.4 6.5-.7z" /></svg
    ></span
    >`;

/** The chart's rows, 5 stars first, written out like the radios: `[label, bar width, count]` each. */
const chartRows = (rows: [string, string, string][]) =>
  html`<span>${rows[0]![0]}</span><span class="track"><span part="bar" .style=${rows[0]![1]}></span></span><span class="number">${rows[0]![2]}</span
    ><span>${rows[1]![0]}</span><span class="track"><span part="bar" .style=${rows[1]![1]}></span></span><span class="number">${rows[1]![2]}</span
    ><span>${rows[2]![0]}</span><span class="track"><span part="bar" .style=${rows[2]![1]}></span></span><span class="number">${rows[2]![2]}</span
    ><span>${rows[3]![0]}</span><span class="track"><span part="bar" .style=${rows[3]![1]}></span></span><span class="number">${rows[3]![2]}</span
    ><span>${rows[4]![0]}</span><span class="track"><span part="bar" .style=${rows[4]![1]}></span></span><span class="number">${rows[4]![2]}</span>`;

/**
 * 1–5 star rating of a subject: the average as partly filled stars, the count, the distribution, and the
 * visitor's own vote.
 *
 * Two looks: the card (default) for product and record pages, with the 1–5 chart and a status line; and
 * `variant="inline"`, one line of text ("★★★★☆ 4.2 (132)") for table cells and lists.
 *
 * Keyboard: the card's stars are a radio group (arrows move and preview, Enter/Space or a click votes;
 * a radio never unchecks: "Remove my rating" takes a vote back). The inline stars are one slider (arrows,
 * Home/End and 1–5 vote at once). Votes are shown at once and kept in an outbox until the server applies them.
 *
 * @tagname kith-rating
 * @summary Star rating with average, count and distribution.
 * @attr subject - The subject key, e.g. `product/42` (default: the page's canonical URL).
 * @attr readonly - Display only, no voting.
 * @attr variant - `card` (default) or `inline` (one line, for tables and lists).
 * @attr sign-in-url - Where a guest signs in, on sites that let only signed-in users rate (default: `Kith.configure({ signInUrl })`).
 * @attr no-live - Do not follow other visitors' votes live (by default the average and count change as they vote, without announcing it to screen readers).
 * @fires kith-change - The user voted or removed their rating: `detail: { subject, value: number | null }`. Not fired when code sets properties or data loads.
 * @fires kith-saved - The server applied the user's latest vote: `detail: { subject, value, summary }`.
 * @fires kith-error - Loading or saving failed: `detail: { subject, code, message, reverted? }`; `reverted: true` when a refused vote was taken back on screen.
 * @fires kith-sign-in - A guest wants to rate where only signed-in users may: `detail: { subject, url }`, cancelable.
 * @csspart base - The widget's box (a card, or the inline line).
 * @csspart stars - The five stars (a radio group, a slider, or an image when read-only).
 * @csspart star - One star.
 * @csspart count - Average and number of ratings.
 * @csspart chart - The 1–5 distribution chart (card).
 * @csspart bar - The filled part of one chart bar.
 * @csspart message - Status: your vote, pending, errors, sign in.
 * @cssprop --kith-rating-star-size - Size of a card star (default 1.5em; the target is never under 24px).
 * @cssprop --kith-rating-star-color - Filled star and bar color (default --kith-color-accent).
 * @cssprop --kith-rating-own-color - Outline of the stars of your own vote, and the hover preview (default --kith-color-own).
 * @cssprop --kith-rating-star-empty-color - Outline of empty stars and chart tracks (default --kith-color-graphic).
 */
export class KithRating extends KithElement {
  static override styles = styles;
  static override strings = ratingStrings;
  static override properties = {
    subject: {},
    readonly: { type: Boolean, reflect: true },
    variant: {},
    signInUrl: { attribute: 'sign-in-url' },
    noLive: { type: Boolean, attribute: 'no-live' },
  };

  /** The subject key, e.g. `product/42`. */
  declare subject: string;
  /** Display only, no voting. */
  declare readonly: boolean;
  /** `card` (default) or `inline`. */
  declare variant: 'card' | 'inline';
  /** Where a guest signs in, on sites that let only signed-in users rate. */
  declare signInUrl: string;
  /** Do not follow other visitors' votes live. */
  declare noLive: boolean;

  /** The summary on screen: the server's, or one an earlier page saved until the server answers. */
  #summary?: RatingSummary;
  /** Whether #summary is the server's answer on this page. */
  #summaryIsFresh = false;
  /** The own vote as the server last confirmed it. */
  #confirmedVote: number | null = null;
  /** A vote being stored in the outbox (not yet in its queue). */
  #votingFor?: number | null;
  /** Why loading failed; with a saved summary on screen, that summary is stale. */
  #loadError?: KithError;
  /** The last vote the server refused (and the widget took back), until the next vote. */
  #refusal?: KithError;
  /** The site lets only signed-in users rate, and this visitor is a guest. */
  #signInRequired = false;
  /** Why the signed-in user's own vote could not be read: their credential is gone (SIGN_IN_AGAIN). */
  #credentialError?: KithError;
  /** The value shown by hover or arrow keys; 0 for none. */
  #preview = 0;
  /** The card star that keyboard focus is on (1–5), 0 when focus is elsewhere. */
  #focusedStar = 0;
  /** What the data on screen is for (prefix, subject, readonly) and with which credential; a change reloads. */
  #loadedFor = '';
  #loadedWith: unknown;
  #live = followLive((message) => this.#onLive(message));

  constructor() {
    super();
    this.subject = '';
    this.readonly = false;
    this.variant = 'card';
    this.signInUrl = '';
    this.noLive = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Ask for the data now, not at the first render: the reads of every tag a define() upgrades go out
    // together before any of them renders.
    this.#load();
    this.#follow();
  }

  /** A summary (saved or the server's) or an error: the first render need not wait (KithElement). */
  protected override hasContent(): boolean {
    return !!this.#summary || !!this.#loadError;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#follow();
  }

  override willUpdate(_changed: PropertyValues<this>): void {
    this.#load();
    this.#follow();
  }

  /** Follows other visitors' votes on the subject through the page's live stream, while connected and not
   * `no-live`. From connectedCallback, like the reads: every tag a define() upgrades subscribes in the same
   * task, so the page opens one stream for all of them. The stream's module is a chunk of its own, fetched
   * beside the data: the first render never waits for it. */
  #follow() {
    this.#live(!this.noLive && this.isConnected, sitePrefix(), this.subject);
  }

  /** A new summary from the live stream; `reset`: the stream missed events, so read the summary again. While
   * the visitor's own vote is on its way, the optimistic display stays: the server's answer will follow. */
  #onLive = (message: LiveMessage) => {
    const show = (summary: RatingSummary) => {
      if (this.#pending || !this.#summary || summary.subject != this.subject) return;
      this.#summary = summary;
      this.requestUpdate();
    };
    if (message.type == 'rating') show(message.data.summary);
    else if (message.type == 'reset') summaries.read(sitePrefix(), this.subject, () => {}).then(show, () => {});
  };

  override updated(): void {
    const phase = this.#phase;
    this.toggleState('loading', phase == 'loading');
    this.toggleState('loaded', this.#summaryIsFresh);
    this.toggleState('stale', phase == 'ready' && !!this.#loadError);
    this.toggleState('error', phase == 'error' || phase == 'unconfigured');
    this.toggleState('pending', this.#pending);
    this.toggleState('sign-in', this.#signInRequired);
  }

  get #resource() {
    return ownVotePath(this.subject);
  }

  get #phase(): Phase {
    if (this.#loadError?.code == 'noSite') return 'unconfigured';
    if (this.#summary) return 'ready';
    return this.#loadError ? 'error' : 'loading';
  }

  /** Votes of this subject still in the outbox, oldest first. */
  get #pendingEntries() {
    return outboxState.queue.filter((entry) => entry.path == this.#resource && entry.prefix == sitePrefix());
  }

  get #pending() {
    return this.#votingFor !== undefined || this.#pendingEntries.length > 0;
  }

  /** The own vote as shown: the one being stored, else the last one waiting, else the server's. */
  get #ownVote(): number | null {
    if (this.#votingFor !== undefined) return this.#votingFor;
    const last = this.#pendingEntries.at(-1);
    return last ? ((last.body as { value?: number } | undefined)?.value ?? null) : this.#confirmedVote;
  }

  get #signInTarget() {
    return this.signInUrl || options().signInUrl || '';
  }

  /** Loads the summary (saved copy first), the own vote and the site's guest policy, once per subject,
   * site and credential, and shows them together: one render for a saved copy, one for the server. */
  async #load(force = false) {
    // Lit still updates a removed element when asked to; a removed widget loads nothing.
    if (!this.isConnected) return;
    this.subject ||= pageSubject();
    const prefix = sitePrefix();
    const subject = this.subject;
    const wanted = `${prefix}\n${subject}\n${this.readonly}`;
    const credential = options().token;
    if (!force && wanted == this.#loadedFor && credential === this.#loadedWith) return;
    this.#loadedFor = wanted;
    this.#loadedWith = credential;
    const current = () => wanted == this.#loadedFor && credential === this.#loadedWith;
    this.#summary = this.#loadError = this.#refusal = this.#credentialError = undefined;
    this.#summaryIsFresh = this.#signInRequired = false;
    this.#confirmedVote = null;
    this.requestUpdate();
    if (!prefix) return this.#failLoad(new KithError(0, 'noSite', this.t('noSite')));
    if (!validSubject(subject)) return this.#failLoad(new KithError(0, 'badSubject', this.t('badSubject')));
    const guest = !signedIn();
    const ownVote = this.readonly ? undefined : this.#readOwnVote(prefix, subject);
    // A signed-in user's own vote comes with the summaries (one private batch beside the public one). A
    // guest's needs the visitor token from IndexedDB first, which may take longer than the server: the
    // summary does not wait for it, and the own vote follows if there is one.
    const [summary, own, policy] = await Promise.allSettled([
      summaries.read(prefix, subject, (saved) => current() && ((this.#summary = saved), this.requestUpdate())),
      guest ? undefined : ownVote,
      guest && !this.readonly ? sitePolicy(prefix) : undefined,
    ]);
    if (guest)
      ownVote?.then(
        (vote) => current() && vote && vote.value !== this.#confirmedVote && ((this.#confirmedVote = vote.value), this.requestUpdate()),
        () => {},
      );
    if (!current()) return;
    const shown = JSON.stringify([this.#summary, this.#confirmedVote, this.#signInRequired]);
    if (summary.status == 'fulfilled') {
      this.#summary = summary.value;
      this.#summaryIsFresh = true;
    } else this.#failLoad(summary.reason as KithError);
    if (own.status == 'fulfilled' && own.value) this.#confirmedVote = own.value.value;
    else if (own.status == 'rejected' && SIGN_IN_AGAIN.has((own.reason as KithError).code)) {
      this.#credentialError = own.reason as KithError;
      this.emit('kith-error', { subject, code: this.#credentialError.code, message: this.t('signInAgain') });
    }
    this.#signInRequired = guest && policy.status == 'fulfilled' && policy.value?.guestsMayRate === false;
    // The server confirmed what a saved copy already shows (the usual reload): only the states change.
    if (this.hasUpdated && summary.status == 'fulfilled' && shown == JSON.stringify([this.#summary, this.#confirmedVote, this.#signInRequired]))
      this.updated();
    else this.requestUpdate();
  }

  async #readOwnVote(prefix: string, subject: string): Promise<OwnVote | undefined> {
    if (signedIn() || (await visitorToken(prefix))) return ownVotes(prefix, subject);
  }

  #failLoad(error: KithError) {
    this.#loadError = error;
    this.emit('kith-error', { subject: this.subject, code: error.code, message: this.loadErrorText(this.#loadError) });
  }

  protected override outboxChanged(change: OutboxChange | undefined): void {
    if (!change) {
      // Queued, replaced, or waiting for a new reason: only widgets with votes in the queue show it.
      if (this.#pending) this.requestUpdate();
      return;
    }
    const { entry, response, refusal } = change;
    if (entry.path != this.#resource || entry.prefix != sitePrefix()) return;
    if (refusal) {
      this.#refusal = refusal;
      this.emit('kith-error', { subject: this.subject, code: refusal.code, message: refusal.message, reverted: true });
    } else if (response) {
      const { value, summary } = response as Required<OwnVote>;
      this.#summary = summary;
      this.#summaryIsFresh = true;
      this.#confirmedVote = value;
      summaries.remember(entry.prefix, summary);
      if (!superseded(entry)) this.emit('kith-saved', { subject: this.subject, value, summary });
    } else this.#load(true); // another tab sent it: show what the server has now
    this.requestUpdate();
  }

  async #vote(value: number | null) {
    if (this.readonly || this.#phase != 'ready') return;
    if (this.#signInRequired) return this.#askToSignIn();
    // A radio never unchecks, and a double click changes nothing: the same value again is not a new vote.
    if (value == this.#ownVote) return;
    this.#refusal = undefined;
    this.#votingFor = value;
    this.requestUpdate();
    this.emit('kith-change', { subject: this.subject, value });
    try {
      await write(value ? 'PUT' : 'DELETE', this.#resource, value ? { value } : undefined);
    } finally {
      if (this.#votingFor === value) this.#votingFor = undefined;
      this.requestUpdate();
    }
  }

  /** A guest where only signed-in users rate: tell the page (`kith-sign-in`), then follow the sign-in
   * link unless the page took over. `click` is the link's own click, which follows it by itself. */
  #askToSignIn(click?: Event) {
    const url = this.#signInTarget;
    const event = this.emit('kith-sign-in', { subject: this.subject, url }, true);
    if (event.defaultPrevented) click?.preventDefault();
    else if (url && !click) location.assign(url);
  }

  /** Keeps focus on the stars when the control that had it goes away (Remove, Retry). */
  async #focusStars() {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~=stars][tabindex="0"], [part~=star][tabindex="0"]')?.focus();
  }

  #retry() {
    this.#load(true);
    this.#focusStars();
  }

  #remove() {
    this.#vote(null);
    this.#focusStars();
  }

  /** +1 for the key that moves toward more stars: Right in left-to-right text, Left in right-to-left (the
   * stars fill from the right there). */
  get #forward() {
    return this.locale.dir == 'rtl' ? -1 : 1;
  }

  async #onRadioKeydown(event: KeyboardEvent) {
    // Start from the star that has focus: a click or a screen reader may have moved it there.
    const radios = [...this.renderRoot.querySelectorAll<HTMLElement>('[part~=star]')];
    const from = radios.indexOf(event.target as HTMLElement) + 1 || this.#focusedStar || this.#ownVote || 1;
    const forward = this.#forward;
    const to = ({ ArrowRight: from + forward, ArrowLeft: from - forward, ArrowDown: from + 1, ArrowUp: from - 1, Home: 1, End: 5 } as Record<string, number>)[event.key];
    if (to) {
      event.preventDefault();
      this.#focusedStar = this.#preview = toStars(to);
      this.requestUpdate();
      await this.updateComplete;
      radios[this.#focusedStar - 1]!.focus();
    } else if (event.key == 'Enter' || event.key == ' ') {
      event.preventDefault();
      this.#vote(from);
    }
  }

  #onSliderKeydown(event: KeyboardEvent) {
    const own = this.#ownVote ?? 0;
    const forward = this.#forward;
    const keys: Record<string, number> = { ArrowRight: own + forward, ArrowLeft: own - forward, ArrowUp: own + 1, ArrowDown: own - 1, Home: 1, End: 5, PageUp: 5, PageDown: 1 };
    const to = /^[1-5]$/.test(event.key) ? +event.key : keys[event.key];
    if (to === undefined) return;
    event.preventDefault();
    this.#vote(toStars(to));
  }

  /** The star a click or the pointer is on: the card's radio that was hit (a screen reader's click has no
   * position); on the inline slider, the star at the pointer's x position (the slider is taller than its
   * stars and has no gaps). */
  #valueAt(event: MouseEvent): number {
    const star = (event.target as Element).closest('.star');
    if (star && this.variant != 'inline') return [...star.parentElement!.children].indexOf(star) + 1;
    const box = (event.currentTarget as Element).getBoundingClientRect();
    const share = (event.clientX - box.left) / box.width;
    return toStars(Math.ceil((this.#forward > 0 ? share : 1 - share) * 5));
  }

  #onStarsClick(event: MouseEvent) {
    this.#vote(this.#valueAt(event));
  }

  #onStarsPointerMove(event: PointerEvent) {
    this.#setPreview(this.#valueAt(event));
  }

  #onStarsPointerLeave() {
    this.#setPreview(0);
  }

  #onFocusOut(event: FocusEvent) {
    if (!(event.currentTarget as Element).contains(event.relatedTarget as Node)) {
      this.#focusedStar = this.#preview = 0;
      this.requestUpdate();
    }
  }

  #setPreview(value: number) {
    if (!this.readonly && this.#phase == 'ready' && this.#preview != value) {
      this.#preview = value;
      this.requestUpdate();
    }
  }

  /** The status line, the most urgent first. `retry`: offer Retry (where retrying a failed load can
   * help); `remove`: the own vote, with "Remove my rating". */
  #status(phase: Phase) {
    const refusal = this.#refusal;
    const own = this.#ownVote;
    const failed = phase == 'error' || phase == 'unconfigured';
    const [kind, text, retry, remove] =
      failed ? ['error', this.loadErrorText(this.#loadError), true]
      : this.#pending ? ['pending', this.t(outboxState.waitReason || 'saving')]
      : refusal && SIGN_IN_AGAIN.has(refusal.code) ? ['sign-in', this.t('signInAgain')]
      : refusal ? ['error', this.hasText(refusal.code) ? this.t(refusal.code) : this.t('failed')]
      : this.readonly ? ['', '']
      : this.#credentialError ? ['sign-in', this.t('signInAgain')]
      : this.#signInRequired ? ['sign-in', this.#signInTarget ? this.t('signIn') : this.t('guests_not_allowed')]
      : this.#loadError ? ['stale', this.t('stale'), true]
      : own ? ['own', this.t('mine', { n: own }), false, true]
      : ['', phase == 'ready' && this.#summary?.count ? this.t('rate') : ''];
    return { kind, text, retry: retry && retryable(this.#loadError!), remove, icon: ({ error: alertIcon, pending: clockIcon, stale: clockIcon, 'sign-in': lockIcon } as Record<string, unknown>)[kind] };
  }

  override render() {
    const inline = this.variant == 'inline';
    const phase = this.#phase;
    const ready = phase == 'ready';
    const failed = phase == 'error' || phase == 'unconfigured';
    const readonly = this.readonly || phase == 'unconfigured';
    const own = this.#ownVote;
    const summary = this.#summary && (this.#pending ? withVoteMoved(this.#summary, this.#confirmedVote, own) : this.#summary);
    const count = summary?.count ?? 0;
    const average = summary?.average ?? 0;
    const about = ready ? (count ? this.t('summary', { avg: average, max: 5, n: count }) : this.t('none')) : phase == 'loading' ? this.t('loading') : this.loadErrorText(this.#loadError);
    const label = this.readonly ? about : this.t('label', { action: this.t(this.#signInRequired ? 'signIn' : 'rate'), about });
    const disabled = !ready || this.#signInRequired ? 'true' : nothing;
    const preview = this.#preview;
    const focusable = this.#focusedStar || own || 1;
    const slider = inline && !readonly;
    const radio = !inline && !readonly;
    const status = this.#status(phase);
    const url = status.kind == 'sign-in' && this.#signInTarget;
    const signIn = (content: unknown) => (url ? html`<a href=${url} @click=${(event: Event) => this.#askToSignIn(event)}>${content}</a>` : content);
    const retry = status.retry ? html`<button @click=${this.#retry}>${this.t('retry')}</button>` : nothing;

    // Each star: `own` if it is part of the own vote, `full`, and how much of it is filled (the average, or a
    // preview).
    const looks = STARS.map((i): [string, string] => {
      const fill = Math.round((preview ? +(i <= preview) : ready ? Math.min(1, Math.max(0, average - i + 1)) : 0) * 100);
      return [`star${own && i <= own ? ' own' : ''}${fill == 100 ? ' full' : ''}`, `--_fill:${fill}%`];
    });
    const stars = html`<span
      part="stars"
      class="stars ${ready ? '' : 'placeholder'} ${preview ? 'preview' : ''}"
      role=${readonly ? 'img' : inline ? 'slider' : 'radiogroup'}
      aria-label=${label}
      aria-disabled=${readonly ? nothing : disabled}
      aria-valuemin=${slider ? 0 : nothing}
      aria-valuemax=${slider ? 5 : nothing}
      aria-valuenow=${slider ? (own ?? 0) : nothing}
      aria-valuetext=${slider ? (own ? this.t('mine', { n: own }) : this.t('notMine')) : nothing}
      tabindex=${slider ? 0 : nothing}
      @keydown=${readonly ? nothing : inline ? this.#onSliderKeydown : this.#onRadioKeydown}
      @click=${readonly ? nothing : this.#onStarsClick}
      @pointermove=${readonly ? nothing : this.#onStarsPointerMove}
      @pointerleave=${this.#onStarsPointerLeave}
      @focusout=${this.#onFocusOut}
      >${starsTemplate(looks, radio ? STARS.map((n) => this.t('star', { n })) : [], radio, own, disabled, focusable)}</span
    >`;

    if (inline) {
      // One line: stars, average and count. A status is an icon; screen readers hear its text (a live
      // region), a tooltip shows it. Without data the line says why, with Retry where retrying helps.
      const hidden = html`<span class="visually-hidden">${failed ? ': ' : ''}${status.text}</span>`;
      return html`<span part="base" class="inline" lang=${this.locale.tag} dir=${this.locale.dir} aria-busy=${phase == 'loading'}
        >${failed
          ? nothing
          : html`${stars}<span part="count" aria-hidden="true"
                >${ready ? `${count ? formatNumber(this.locale.tag, average) + '\u2009' : ''}(${compactFormat(this.locale.tag).format(count)})` : '…'}</span
              >`}<span part="message" class="status ${status.kind}" role="status" title=${status.icon ? status.text : nothing}
          >${status.icon ? signIn(html`${status.icon}${failed ? this.t(phase == 'error' ? 'loadFailedShort' : 'noSiteShort') : nothing}${hidden}`) : nothing}</span
        >${retry}</span
      >`;
    }

    const hasData = ready && count > 0;
    const histogram = summary?.histogram ?? [];
    return html`<div part="base" class="card" lang=${this.locale.tag} dir=${this.locale.dir} aria-busy=${phase == 'loading'}>
      <div class="row">
        ${stars}
        <span part="count">${hasData ? html`<b>${formatNumber(this.locale.tag, average)}</b> · ${this.t('count', { n: count })}` : ready ? this.t('none') : phase == 'loading' ? this.t('loading') : ''}</span>
      </div>
      <div class="chart-area">
        <div
          part="chart"
          class=${hasData ? '' : phase == 'loading' ? 'placeholder' : 'hidden'}
          role=${hasData ? 'img' : nothing}
          aria-label=${hasData ? [5, 4, 3, 2, 1].map((i) => this.t('bar', { stars: this.t('star', { n: i }), n: histogram[i - 1]! })).join(', ') : nothing}
          aria-hidden=${hasData ? nothing : 'true'}
        >
          ${chartRows(
            [5, 4, 3, 2, 1].map((i) => [
              formatNumber(this.locale.tag, i),
              `--_share:${hasData ? ((histogram[i - 1]! / count) * 100).toFixed(1) : 0}%`,
              hasData ? formatNumber(this.locale.tag, histogram[i - 1]!) : '',
            ]),
          )}
        </div>
        ${ready && !count && !this.readonly ? html`<p class="first">${this.t('first')}</p>` : nothing}
      </div>
      ${this.readonly && !status.text
        ? nothing
        : html`<div part="message" role="status">
            ${status.text ? html`<span class="status ${status.kind}">${status.icon}${signIn(status.text)}</span>` : nothing}${retry}${status.remove
              ? html`<button @click=${this.#remove}>${this.t('remove')}</button>`
              : nothing}
          </div>`}
    </div>`;
  }
}

/** The script-tag loader imports this module and calls `.define('kith-rating')` on the default export. */
export default KithRating;
