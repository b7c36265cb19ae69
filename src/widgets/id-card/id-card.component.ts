import { html, nothing, type PropertyValues } from 'lit';
import { sitePrefix } from '../../core/config.js';
import { KithElement } from '../../core/element.js';
import { KithError, retryable } from '../../core/error.js';
import { HoverIntent, OPEN_KEY, focusable, type OpenReason } from '../../core/hover-intent.js';
import { alertIcon, clockIcon } from '../../core/icons.js';
import { formatNumber } from '../../core/strings.js';
import { validSubject } from '../../core/subject.js';
import { DEFAULT_FIELDS, fieldValue, readCardView, safeUrl, type CardLoader, type CardProfile, type CardView } from './id-card.data.js';
import { idCardStrings } from './id-card.strings.js';
import { styles } from './id-card.styles.js';

export type { CardLoader, CardProfile, CardView } from './id-card.data.js';

declare module '../../core/element.js' {
  interface KithEventMap {
    /** The card is about to open, for `reason` (`hover`, `focus`, `key`, `tap`, `api`). Cancelable:
     * `preventDefault()` keeps it closed. */
    'kith-card-open': { subject: string; reason: OpenReason };
    /** The card closed. */
    'kith-card-close': { subject: string };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'kith-card-open': CustomEvent<{ subject: string; reason: OpenReason }>;
    'kith-card-close': CustomEvent<{ subject: string }>;
  }
}

/** The trigger's text, as the card's title where there is no profile to take one from. */
const TITLE_FROM_TRIGGER_MAX = 80;

const closeIcon = html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z" /></svg>`;

/**
 * The ID card: who or what a name on the page is, on hover or focus, without a click or a page load. It wraps
 * its trigger (`<kith-id-card subject="contact/003A1"><a href="…">Ada Lovelace</a></kith-id-card>`), or is
 * attached to an element elsewhere in the same document or shadow root with `for="element-id"`.
 *
 * The card shows the subject's profile (the fields of its kind's compact layout, set by the site's admin; the
 * first is its title) and its social summary (rating, comment count, top tags), read in one request when the
 * card is reached for: cards reached together share one batch request, and a card read once opens at once.
 * A page may supply profiles itself with the `loader` property; the summary still comes from the server.
 *
 * Opening and closing (WCAG 2.2 1.4.13): a mouse resting on the trigger for `--kith-id-card-delay` (500ms)
 * opens it; keyboard focus on the trigger opens it at once and leaves focus there; Alt+ArrowDown moves focus
 * into it (the trigger says so with `aria-keyshortcuts`); on touch the first tap opens it. It opens beside the
 * trigger, never over it, so a click on the trigger always reaches the link. It stays open while the pointer
 * travels into it, and closes on Escape, on its close button, when pointer and focus have left it for
 * `--kith-id-card-grace` (300ms), and on a click elsewhere. It is a non-modal dialog in the top layer (the
 * Popover API), placed by Floating UI: no `overflow: hidden` or `z-index` of the page clips or covers it.
 *
 * A list of 500 cards makes no request and creates no popover until one is reached for.
 *
 * @tagname kith-id-card
 * @summary A hover and focus card with a subject's profile and social summary.
 * @attr subject - The subject whose card this is, e.g. `contact/003A1`.
 * @attr for - The id of the trigger element, in the same document or shadow root, when the card does not wrap it.
 * @attr context - The page's subject, e.g. `product/42`: a Kith user's card (`user/<sub>`) adds how they relate to it ("Rated this 4 stars", "Commented 3 times here").
 * @prop loader - An async function `(subject) => profile | null` supplying the profile (mashups); the server's summary is added.
 * @fires kith-card-open - The card is about to open: `detail: { subject, reason }`, cancelable (keeps it closed).
 * @fires kith-card-close - The card closed: `detail: { subject }`.
 * @fires kith-error - Loading failed: `detail: { subject, code, message }`.
 * @csspart card - The popover (a non-modal dialog).
 * @csspart avatar - The subject's picture.
 * @csspart title - The card's title (the layout's first field).
 * @csspart fields - The layout's other fields (a description list).
 * @csspart summary - Rating, comments and tags.
 * @csspart context - How the card's user relates to the page's subject (`context`).
 * @csspart close - The close button.
 * @csspart message - Status: loading failed, saved copy shown.
 * @cssprop --kith-id-card-delay - How long the pointer rests on the trigger before the card opens (default 500ms).
 * @cssprop --kith-id-card-grace - How long the card stays after the pointer has left it and its trigger (default 300ms).
 * @cssprop --kith-id-card-width - The card's widest (default 24em).
 */
export class KithIdCard extends KithElement {
  static override styles = styles;
  static override strings = idCardStrings;
  static override properties = {
    subject: {},
    htmlFor: { attribute: 'for' },
    context: {},
    loader: { attribute: false },
  };

  /** The subject whose card this is. */
  declare subject: string;
  /** The id of the trigger element, when the card does not wrap it. */
  declare htmlFor: string;
  /** The page's subject: a Kith user's card (`user/<sub>`) says how they relate to it. */
  declare context: string;
  /** Supplies the profile for mashups; the server's summary is added where the site knows the subject. */
  declare loader: CardLoader | undefined;

  #intent = new HoverIntent(
    {
      element: this,
      content: () => this.#popover,
      focusContent: () => {
        this.#entered = true;
        this.requestUpdate();
        this.updateComplete.then(() => this.#popover?.focus());
      },
      focusTrigger: () => this.#described?.focus(),
      prepare: () => this.#prepare(),
      open: (reason) => this.#open(reason),
      close: () => this.#close(),
    },
    '--kith-id-card-delay',
    '--kith-id-card-grace',
  );
  /** The card was reached for: its popover is rendered and its data asked for. */
  #reached = false;
  #opened = false;
  /** Where the card is placed while open (Floating UI's autoUpdate); stops it. */
  #stopPlacing?: () => void;
  /** The element given ARIA (aria-haspopup, aria-expanded, aria-keyshortcuts), and whether it got tabindex. */
  #described?: HTMLElement;
  #gaveTabIndex = false;
  /** The card wraps text, not a link or button: the widget draws a focusable trigger around it. */
  #textTrigger = false;
  /** Opened by keyboard focus on the trigger: the card is out of the Tab order (a keyboard user passing through
   * a list of 50 names does not tab through 50 cards) until Alt+ArrowDown or the pointer enters it. */
  #openedByFocus = false;
  #entered = false;
  /** The hover controller watches the card (rendered once, on the first reach). */
  #watched = false;

  #view?: CardView;
  /** The server's answer is shown (not a saved copy); everything asked for has answered. */
  #fresh = false;
  #settled = false;
  #loadError?: KithError;
  /** The page's loader: what it supplied, or why it failed. */
  #supplied?: CardProfile | null;
  #loaderError?: unknown;
  #loadedFor = '';
  #loadedWith?: CardLoader;

  constructor() {
    super();
    this.subject = '';
    this.htmlFor = '';
    this.context = '';
    this.loader = undefined;
  }

  /** Whether the card is open. */
  get open(): boolean {
    return this.#opened;
  }

  /** Opens the card (as a hover would, without the delay). */
  show(): void {
    this.#intent.show('api');
  }

  /** Closes the card. */
  hide(): void {
    this.#intent.hide();
  }

  get #popover(): HTMLElement | null {
    return this.renderRoot?.querySelector<HTMLElement>('[popover]') ?? null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#attach();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#intent.detach();
    this.#describe(undefined);
  }

  /** The element the card belongs to: the one named by `for`, else the widget with what it wraps. */
  #attach() {
    if (!this.isConnected) return;
    const root = this.getRootNode() as Document | ShadowRoot;
    const trigger = this.htmlFor ? (root.getElementById?.(this.htmlFor) ?? undefined) : this;
    this.#intent.attach(trigger ?? undefined);
    // ARIA goes on what takes focus: the link or button the card wraps or is for. Wrapped text gets a focusable
    // trigger drawn around it (rendered, then described in `updated`); an element it is for that takes no
    // focus is given tabindex, so that keyboard users reach the card too.
    const inner = trigger && focusable(trigger);
    this.#textTrigger = trigger == this && !inner;
    this.#describe(this.#textTrigger ? undefined : (inner ?? trigger));
    if (this.#textTrigger) this.requestUpdate();
  }

  #describe(target: HTMLElement | undefined) {
    const old = this.#described;
    if (old && old != target) {
      for (const name of ['aria-haspopup', 'aria-expanded', 'aria-keyshortcuts']) old.removeAttribute(name);
      if (this.#gaveTabIndex) old.removeAttribute('tabindex');
    }
    this.#described = target;
    if (!target || target == old) return this.#expanded();
    this.#gaveTabIndex = !focusable(target);
    if (this.#gaveTabIndex) target.tabIndex = 0;
    target.setAttribute('aria-haspopup', 'dialog');
    target.setAttribute('aria-keyshortcuts', OPEN_KEY);
    this.#expanded();
  }

  #expanded() {
    this.#described?.setAttribute('aria-expanded', String(this.#opened));
  }

  /** The pointer is resting on the trigger, or the card opens: render its popover, ask for its data, and for the
   * code that places it. */
  #prepare() {
    if (!this.#reached) {
      this.#reached = true;
      this.requestUpdate();
    }
    this.#load();
    import('../../core/placement.js').catch(() => {});
  }

  #open(reason: OpenReason): boolean {
    if (this.emit('kith-card-open', { subject: this.subject, reason }, true).defaultPrevented) return false;
    this.#opened = true;
    this.#openedByFocus = reason == 'focus';
    this.#entered = false;
    this.#expanded();
    this.requestUpdate();
    return true;
  }

  #close() {
    this.#opened = false;
    this.#expanded();
    this.#stopPlacing?.();
    this.#stopPlacing = undefined;
    const popover = this.#popover;
    if (popover?.matches(':popover-open')) popover.hidePopover();
    delete popover?.dataset.placement;
    this.requestUpdate();
    this.emit('kith-card-close', { subject: this.subject });
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('htmlFor')) this.#attach();
    if (this.#reached) this.#load();
  }

  override updated(): void {
    const phase = this.#phase;
    this.toggleState('open', this.#opened);
    this.toggleState('loading', this.#reached && phase == 'loading');
    this.toggleState('loaded', phase == 'ready' && this.#settled && !this.#loadError);
    this.toggleState('stale', phase == 'ready' && !!this.#loadError);
    this.toggleState('error', phase == 'error');
    if (this.#textTrigger && !this.#described) this.#describe(this.renderRoot.querySelector<HTMLElement>('[part=trigger]')!);
    const popover = this.#popover;
    if (popover && !this.#watched) (this.#watched = true), this.#intent.watchContent(popover);
    if (!popover || !this.#opened || popover.matches(':popover-open')) return;
    popover.showPopover();
    const reference = this.htmlFor ? this.#intent.trigger : (this.#described ?? this);
    import('../../core/placement.js').then(
      ({ placeNextTo }) => {
        if (this.#opened && !this.#stopPlacing && reference) this.#stopPlacing = placeNextTo(reference, popover);
      },
      () => {
        // The placing code could not be loaded (offline): below the trigger, where it is now.
        const box = reference!.getBoundingClientRect();
        Object.assign(popover.style, { left: box.left + 'px', top: box.bottom + 8 + 'px' });
        popover.dataset.placement = 'bottom';
      },
    );
  }

  /** Where the card's data comes from, once per subject, site and loader; again on Retry. */
  async #load(force = false) {
    const prefix = sitePrefix();
    const { subject, loader, context } = this;
    const wanted = prefix + '\n' + subject + '\n' + context;
    if (!force && wanted == this.#loadedFor && loader === this.#loadedWith) return;
    this.#loadedFor = wanted;
    this.#loadedWith = loader;
    const current = () => wanted == this.#loadedFor && loader === this.#loadedWith;
    this.#view = this.#loadError = this.#supplied = this.#loaderError = undefined;
    this.#fresh = this.#settled = false;
    this.requestUpdate();
    if (!validSubject(subject) || (context && !validSubject(context))) return this.#fail(new KithError(0, 'badSubject', this.t('badSubject')));
    // A page that supplies profiles may do without a site (no summary then); without either there is no card.
    if (!prefix && !loader) return this.#fail(new KithError(0, 'noSite', this.t('noSite')));
    const [server, own] = await Promise.allSettled([
      prefix ? readCardView(prefix, subject, context, (saved) => current() && ((this.#view = saved), this.requestUpdate())) : undefined,
      loader && Promise.resolve().then(() => loader(subject)),
    ]);
    if (!current()) return;
    this.#settled = true;
    if (server.status == 'fulfilled') {
      this.#view = server.value;
      this.#fresh = !!server.value;
    } else this.#fail(server.reason as KithError);
    if (own.status == 'fulfilled') this.#supplied = own.value ?? null;
    else {
      this.#loaderError = own.reason;
      this.emit('kith-error', { subject, code: 'loader_failed', message: this.t('loadFailed') });
    }
    this.requestUpdate();
  }

  #fail(error: KithError) {
    this.#loadError = error;
    this.#settled = true;
    this.emit('kith-error', { subject: this.subject, code: error.code, message: this.loadErrorText(error) });
    this.requestUpdate();
  }

  #retry() {
    // The Retry button goes away: focus stays in the card, on the card itself.
    this.#popover?.focus();
    this.#load(true);
  }

  /** The profile shown: the page's where it supplied one, else the site's. */
  get #profile(): CardProfile | null | undefined {
    return this.#supplied ?? this.#view?.card;
  }

  get #phase(): 'loading' | 'error' | 'ready' {
    if (this.#loaderError !== undefined || SETUP_CODES.has(this.#loadError?.code ?? '')) return 'error';
    // A page's loader is waited for: a saved copy of the site's card is not shown before what the page supplies.
    if (this.#supplied || (this.#view && !(this.loader && !this.#settled))) return 'ready';
    if (!this.#settled) return 'loading';
    return this.#loadError ? 'error' : 'ready';
  }

  protected override render() {
    const trigger = this.#textTrigger ? html`<span part="trigger" tabindex="0" role="button"><slot></slot></span>` : html`<slot></slot>`;
    // One template for both (the trigger is never drawn anew: it may hold focus).
    return html`${trigger}${this.#reached ? this.#popoverTemplate() : nothing}`;
  }

  #popoverTemplate() {
    const phase = this.#phase;
    const { tag, dir } = this.locale;
    return html`<div
        popover="manual"
        part="card"
        role="dialog"
        tabindex="-1"
        aria-labelledby="title"
        aria-describedby="body"
        lang=${tag}
        dir=${dir}
        aria-busy=${phase == 'loading'}
        @pointerenter=${this.#enter}
      >
        ${phase == 'loading' ? this.#skeleton() : this.#card(phase)}
      </div>`;
  }

  /** The card's links and buttons are in the Tab order (-1: not, while opened by focus and not entered). */
  get #tabIndex() {
    return this.#openedByFocus && !this.#entered ? -1 : nothing;
  }

  /** The pointer entered the card: its links and buttons take part in the Tab order. */
  #enter = () => {
    if (!this.#entered) (this.#entered = true), this.requestUpdate();
  };

  #closeButton() {
    return html`<button class="close" part="close" aria-label=${this.t('close')} title=${this.t('close')} tabindex=${this.#tabIndex} @click=${() => this.hide()}>${closeIcon}</button>`;
  }

  #skeleton() {
    return html`<div class="card">
      <span class="avatar bone"></span>
      <div class="head"><h2 id="title" part="title"><span class="visually-hidden">${this.t('loading')}</span><span class="bone short"></span></h2></div>
      ${this.#closeButton()}
      <div class="body" id="body"><span class="bone"></span><span class="bone short"></span><span class="bone"></span></div>
    </div>`;
  }

  /** The card with data (or with what failed). */
  #card(phase: 'error' | 'ready') {
    const profile = phase == 'ready' ? this.#profile : undefined;
    const fields = this.#view?.layout.fields ?? DEFAULT_FIELDS;
    const narrow = this.#view?.layout.narrow ?? 4;
    const title = (profile && String(fieldValue(profile, fields[0]!) ?? '')) || profile?.name || this.#triggerText();
    const avatar = profile?.avatarUrl && safeUrl(profile.avatarUrl) ? profile.avatarUrl : '';
    return html`<div class="card">
      ${avatar
        ? html`<img part="avatar" src=${avatar} alt="" width="48" height="48" referrerpolicy="no-referrer" @error=${(event: Event) => ((event.target as HTMLElement).hidden = true)} />`
        : nothing}
      <div class="head"><h2 id="title" part="title">${title}</h2></div>
      ${this.#closeButton()}
      <div class="body" id="body">
        ${profile ? this.#fields(profile, fields, narrow) : phase == 'ready' ? html`<p class="sub">${this.t('noProfile')}</p>` : nothing}
        ${phase == 'ready' ? this.#contextLines() : nothing} ${phase == 'ready' ? this.#summary() : nothing} ${this.#status(phase)}
      </div>
    </div>`;
  }

  #fields(profile: CardProfile, fields: string[], narrow: number) {
    const rows = fields.slice(1).flatMap((field, i) => {
      const value = fieldValue(profile, field);
      if (value === undefined || value === '' || field == 'avatarUrl') return [];
      // An extra field is labelled with its name, underscores read as spaces (`On_leave`: "On leave").
      const label = field.startsWith('fields.') ? field.slice(7).replace(/_/g, ' ') : this.t(field);
      return [html`<div class="row ${i + 1 >= narrow ? 'beyond-narrow' : ''}"><dt>${label}</dt><dd>${this.#value(field, value)}</dd></div>`];
    });
    return rows.length ? html`<dl part="fields">${rows}</dl>` : nothing;
  }

  #value(field: string, value: string | number | boolean) {
    const text = typeof value == 'number' ? formatNumber(this.locale.tag, value) : typeof value == 'boolean' ? this.t(value ? 'yes' : 'no') : value;
    if (field == 'email') return html`<a href=${'mailto:' + value} tabindex=${this.#tabIndex}>${text}</a>`;
    if (field == 'phone') return html`<a href=${'tel:' + String(value).replace(/[^\d+]/g, '')} tabindex=${this.#tabIndex}>${text}</a>`;
    if (field == 'url' && safeUrl(String(value))) return html`<a href=${value} target="_blank" rel="noopener noreferrer" tabindex=${this.#tabIndex}>${String(value).replace(/^https?:\/\/(www\.)?/i, '').replace(/\/$/, '')}</a>`;
    return text;
  }

  /** How a Kith user relates to the page's subject (`context`): their vote, comments and tags there. */
  #contextLines() {
    const context = this.#view?.context;
    if (!context) return nothing;
    const lines = [
      context.rated ? this.t('rated', { n: context.rated }) : '',
      context.comments ? this.t('commented', { n: context.comments }) : '',
      context.tags.length ? this.t('tagged', { tags: context.tags.join(', ') }) : '',
    ].filter(Boolean);
    return lines.length ? html`<ul class="context" part="context">${lines.map((line) => html`<li>${line}</li>`)}</ul>` : nothing;
  }

  #summary() {
    const summary = this.#view?.summary;
    if (!summary) return nothing;
    const { rating, comments, tags } = summary;
    return html`<ul class="summary" part="summary">
      <li>${rating.count ? this.t('rating', { avg: rating.average, max: 5, n: rating.count }) : this.t('noRatings')}</li>
      <li>${this.t('comments', { n: comments })}</li>
      ${tags.length
        ? html`<li>${this.t('tags')}: <span class="tags">${tags.map((tag) => html`<span class="tag">${tag.tag}</span>`)}</span></li>`
        : nothing}
    </ul>`;
  }

  /** The status line: why loading failed (with Retry where retrying can help), or that a saved copy is shown. */
  #status(phase: 'error' | 'ready') {
    const error = this.#loadError;
    const loaderFailed = this.#loaderError !== undefined;
    let kind = '';
    let text = '';
    if (phase == 'error') (kind = 'error'), (text = loaderFailed ? this.t('loadFailed') : this.loadErrorText(error));
    else if (error && this.#supplied) (kind = 'stale'), (text = this.t('summaryFailed'));
    else if (error) (kind = 'stale'), (text = this.t('stale'));
    if (!kind) return nothing;
    const retry = loaderFailed || (error && retryable(error));
    return html`<p class="status ${kind}" part="message" role=${kind == 'error' ? 'alert' : nothing}>
      ${kind == 'error' ? alertIcon : clockIcon}<span>${text}</span>${retry ? html`<button tabindex=${this.#tabIndex} @click=${this.#retry}>${this.t('retry')}</button>` : nothing}
    </p>`;
  }

  /** What the trigger says (the name the user pointed at), for a card without a profile. */
  #triggerText(): string {
    const trigger = this.htmlFor ? this.#intent.trigger : this;
    return (trigger?.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, TITLE_FROM_TRIGGER_MAX) || this.subject;
  }
}

/** Setup mistakes: no saved copy of anything is shown beside them. */
const SETUP_CODES = new Set(['noSite', 'badSubject']);

/** The script-tag loader imports this module and calls `.define('kith-id-card')` on the default export. */
export default KithIdCard;
