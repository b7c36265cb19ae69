import { html, nothing } from 'lit';
import { call } from '../../core/api.js';
import { remember, swr } from '../../core/cache.js';
import { KithElement } from '../../core/element.js';
import { KithError } from '../../core/error.js';
import { base } from '../../core/http.js';
import { token } from '../../core/identity.js';
import { enqueue, outbox, queue, waiting, type OutboxDetail } from '../../core/outbox.js';
import { fmt, t } from '../../core/strings.js';
import { pageSubject } from '../../core/subject.js';
import { styles } from './rating.styles.js';

/** The public summary of a subject, as `GET ratings?subject=` returns it. */
export interface RatingSummary {
  subject: string;
  average: number;
  count: number;
  /** histogram[i] = votes of i + 1 stars. */
  histogram: number[];
}

interface Mine {
  value: number | null;
  summary?: RatingSummary;
}

/** The summary after moving one vote from `a` to `b` (null = no vote), for the optimistic display. */
const move = (s: RatingSummary, a: number | null, b: number | null): RatingSummary => {
  const h = [...s.histogram];
  if (a) h[a - 1]--;
  if (b) h[b - 1]++;
  const count = h.reduce((x, y) => x + y, 0);
  return { ...s, histogram: h, count, average: count && h.reduce((x, y, i) => x + y * (i + 1), 0) / count };
};

/**
 * 1–5 star rating of a subject: the average as partially filled stars, the count and the distribution,
 * and the visitor's own vote (radio group: arrows/Home/End move, Enter/Space or a click votes; voting for
 * the current value again retracts it).
 *
 * @tagname kith-rating
 * @summary Star rating with average, count and distribution.
 * @attr subject - The subject key, e.g. `product/42` (default: the page's canonical URL).
 * @attr readonly - Display only, no voting.
 * @fires kith-change - The user voted or retracted: `detail: { subject, value: number | null }`. Not fired when code sets properties or data loads.
 * @fires kith-error - Loading or saving failed: `detail: { subject, code, message }`.
 * @csspart base - The widget's box.
 * @csspart stars - The group of five stars.
 * @csspart star - One star (role radio).
 * @csspart count - Average and number of ratings.
 * @csspart chart - The 1–5 distribution chart.
 * @csspart bar - The filled part of one chart bar.
 * @csspart message - Status line: pending, errors, your vote.
 * @cssprop --kith-rating-star-size - Size of a star (default 1.5em).
 * @cssprop --kith-rating-star-color - Filled star and bar color (default --kith-color-accent).
 * @cssprop --kith-rating-star-empty-color - Empty star color (default --kith-color-border).
 */
export class KithRating extends KithElement {
  static override styles = styles;
  static override properties = {
    subject: {},
    readonly: { type: Boolean, reflect: true },
    _s: { state: true, attribute: false },
    _m: { state: true, attribute: false },
    _x: { state: true, attribute: false },
    _h: { state: true, attribute: false },
    _e: { state: true, attribute: false },
  };

  /** The subject key, e.g. `product/42`. */
  declare subject: string;
  /** Display only, no voting. */
  declare readonly: boolean;
  /** @internal Server summary. */
  declare protected _s?: RatingSummary;
  /** @internal Server-confirmed own vote. */
  declare protected _m: number | null;
  /** @internal Load error. */
  declare protected _x?: KithError;
  /** @internal Previewed value (hover or arrow keys), 0 = none. */
  declare protected _h: number;
  /** @internal Error code of the last refused vote. */
  declare protected _e?: string;
  /** api + site + subject the data on screen belongs to (a change reloads). */
  #loadedKey = '';
  /** The star keyboard focus is on (1–5), 0 when focus is outside the stars. */
  #focused = 0;

  constructor() {
    super();
    this.subject = '';
    this.readonly = false;
    this._m = null;
    this._h = 0;
  }

  get #minePath() {
    return 'ratings/mine?subject=' + encodeURIComponent(this.subject);
  }

  #onOutbox = (ev: Event) => {
    const d = (ev as CustomEvent<OutboxDetail>).detail;
    if (d?.e.p == this.#minePath && d.e.u == base()) {
      const r = d.r as Mine | undefined;
      if (d.x) {
        this._e = d.x.code;
        this.#reportError(d.x);
      } else if (r?.summary) {
        this._s = r.summary;
        this._m = r.value;
        remember('r:' + base() + this.subject, r.summary);
      } else this.#load(true);
    }
    this.requestUpdate();
  };

  #reportError(x: KithError) {
    this.emit('kith-error', { subject: this.subject, code: x.code, message: x.message });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    outbox.addEventListener('change', this.#onOutbox);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    outbox.removeEventListener('change', this.#onOutbox);
  }

  override willUpdate(): void {
    this.subject ||= pageSubject();
    this.#load();
  }

  /** Loads summary (cached, stale-while-revalidate) and own vote once per api+site+subject. */
  async #load(force = false) {
    const u = base();
    const s = this.subject;
    const k = u + s;
    if (k == this.#loadedKey && !force) return;
    this.#loadedKey = k;
    this._x = undefined;
    // No site (a script tag without data-site): say so instead of loading forever.
    if (!u) return this.#reportError((this._x = new KithError(0, 'noSite', t('noSite'))));
    const q = '?subject=' + encodeURIComponent(s);
    try {
      this.toggleState('loaded', false);
      await swr('r:' + k, () => call<RatingSummary>('GET', 'ratings' + q), (v) => k == this.#loadedKey && (this._s = v));
      if (k == this.#loadedKey) this.toggleState('loaded', true);
    } catch (x) {
      if (k == this.#loadedKey) this.#reportError((this._x = x as KithError));
    }
    if (await token(u).catch(() => 0))
      try {
        const m = await call<Mine>('GET', 'ratings/mine' + q);
        if (k == this.#loadedKey) this._m = m.value;
      } catch {}
  }

  /** Entries of this subject still in the outbox. */
  get #pending() {
    return queue.filter((e) => e.p == this.#minePath);
  }

  /** The own vote as shown: the last pending one, else the server's. */
  get #own(): number | null {
    const e = this.#pending.at(-1);
    return e ? ((e.j as Mine | undefined)?.value ?? null) : this._m;
  }

  #vote(v: number | null) {
    if (this.readonly) return;
    if (v == this.#own) v = null;
    if (v == this.#own) return;
    this._e = undefined;
    enqueue(v ? 'PUT' : 'DELETE', this.#minePath, v ? { value: v } : undefined);
    this.emit('kith-change', { subject: this.subject, value: v });
  }

  async #onKey(e: KeyboardEvent) {
    // Start from the star that has focus: a click or a screen reader may have moved it there.
    const n = [...this.renderRoot.querySelectorAll('[role=radio]')].indexOf(e.target as Element) + 1 || this.#focused || this.#own || 1;
    const m = ({ ArrowRight: n + 1, ArrowDown: n + 1, ArrowLeft: n - 1, ArrowUp: n - 1, Home: 1, End: 5 } as Record<string, number>)[e.key];
    if (m) {
      e.preventDefault();
      this.#focused = this._h = Math.min(5, Math.max(1, m));
      await this.updateComplete;
      this.renderRoot.querySelectorAll<HTMLElement>('[role=radio]')[this.#focused - 1].focus();
    } else if (e.key == 'Enter' || e.key == ' ') {
      e.preventDefault();
      this.#vote(n);
    }
  }

  #onFocusOut(e: FocusEvent) {
    if (!(e.currentTarget as Element).contains(e.relatedTarget as Node)) this.#focused = this._h = 0;
  }

  override render() {
    const ro = this.readonly;
    const pend = this.#pending.length > 0;
    const own = this.#own;
    const s = this._s && (pend ? move(this._s, this._m, own) : this._s);
    const n = s?.count ?? 0;
    const avg = s?.average ?? 0;
    const h = this._h;
    const label = s ? t('summary', { avg, n }) : t('loading');
    const tab = this.#focused || own || 1;
    const star = (i: number) => html`<span
      part="star"
      role=${ro ? nothing : 'radio'}
      aria-checked=${ro ? nothing : String(own == i)}
      aria-label=${ro ? nothing : t('star', { n: i })}
      tabindex=${ro ? nothing : i == tab ? 0 : -1}
      @click=${() => this.#vote(i)}
      @pointerenter=${() => ro || (this._h = i)}
      ><i .style=${`--_p:${h ? (i <= h ? 100 : 0) : Math.round(Math.min(1, Math.max(0, avg - i + 1)) * 100)}%`}></i
    ></span>`;
    const x = this._x;
    const msg = x
      ? html`<span class="err">${t(x.code == 'noSite' ? x.code : 'loadFailed')}</span><button @click=${() => this.#load(true)}>${t('retry')}</button>`
      : pend
        ? t(waiting || 'saving')
        : this._e
          ? html`<span class="err">${t(this._e) == this._e ? t('failed') : t(this._e)}</span>`
          : own && !ro
            ? html`${t('mine', { n: own })}<button @click=${() => this.#vote(null)}>${t('remove')}</button>`
            : s ? (ro ? '' : t('rate')) : t('loading');
    return html`<div part="base" aria-busy=${!s && !x}>
      <div class="row">
        <div
          part="stars"
          class=${pend ? 'pending' : ''}
          role=${ro ? 'img' : 'radiogroup'}
          aria-label=${ro ? label : t('rate') + ': ' + label}
          @keydown=${(e: KeyboardEvent) => ro || this.#onKey(e)}
          @focusout=${this.#onFocusOut}
          @pointerleave=${() => (this._h = 0)}
        >
          ${[1, 2, 3, 4, 5].map(star)}
        </div>
        <span part="count">${s ? (n ? html`<b>${fmt(avg)}</b> · ${t('count', { n })}` : t('none')) : ''}</span>
      </div>
      <div part="chart" role="img" aria-label=${[5, 4, 3, 2, 1].map((i) => t('bar', { s: t('star', { n: i }), n: s?.histogram[i - 1] ?? 0 })).join(', ')}>
        ${[5, 4, 3, 2, 1].map(
          (i) => html`<span>${i}</span><span class="track"><span part="bar" .style=${`--_w:${n ? ((s!.histogram[i - 1] / n) * 100).toFixed(1) : 0}%`}></span></span>`,
        )}
      </div>
      <div part="message" role="status">${msg}</div>
    </div>`;
  }
}

/** The script-tag loader imports this module and calls `.define('kith-rating')` on the default export. */
export default KithRating;
