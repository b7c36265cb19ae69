import { html, nothing, type PropertyValues } from 'lit';
import { sitePrefix } from '../../core/config.js';
import { KithElement } from '../../core/element.js';
import { KithError } from '../../core/error.js';
import { HoverIntent, OPEN_KEY, focusable, type OpenReason } from '../../core/hover-intent.js';
import { validSubject } from '../../core/subject.js';
import { readCardView, type CardHost, type CardLoader, type CardProfile, type CardView } from './id-card.data.js';
import { idCardStrings } from './id-card.strings.js';
import { styles } from './id-card.styles.js';

export type { CardContext, CardLoader, CardProfile, CardView } from './id-card.data.js';

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

/** The card open on the page, if any. */
let openCard: KithIdCard | undefined;

/** The card's template and look: a chunk loaded when a card is first reached for (a list page of names never
 * loads it); with the data and the placing code, halfway through the hover delay. */
let cardModule: typeof import('./id-card.card.js') | undefined;
const loadCard = () => import('./id-card.card.js').then((module) => (cardModule = module));

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
        this.#entered = this.#focusWhenShown = true;
        this.requestUpdate();
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
  /** Alt+ArrowDown: focus goes into the card once it is drawn (its chunk may still be on its way). */
  #focusWhenShown = false;
  /** The card's stylesheet is in this widget's shadow root (the card is drawn only then). */
  #styled = false;
  /** The hover controller watches the card (rendered once, on the first reach). */
  #watched = false;

  #view?: CardView;
  /** Everything asked for has answered (or failed). */
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
  #attach = () => {
    if (!this.isConnected) return;
    const root = this.getRootNode() as Document | ShadowRoot;
    const trigger = this.htmlFor ? (root.getElementById?.(this.htmlFor) ?? undefined) : this;
    // The element it is for may come later in a page still being parsed.
    if (!trigger && document.readyState == 'loading') addEventListener('DOMContentLoaded', () => this.#attach(), { once: true });
    this.#intent.attach(trigger);
    // ARIA goes on what takes focus: the link or button the card wraps or is for. Wrapped text gets a focusable
    // trigger drawn around it (rendered, then described in `updated`); an element it is for that takes no
    // focus is given tabindex, so that keyboard users reach the card too.
    const inner = trigger && focusable(trigger);
    this.#textTrigger = trigger == this && !inner;
    this.#describe(this.#textTrigger ? undefined : (inner ?? trigger));
    this.requestUpdate();
  };

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
    // Each widget's shadow root takes the card's stylesheet (once) before the card is drawn in it.
    if (!this.#styled)
      loadCard().then(
        ({ cardStyles: { styleSheet } }) => {
          if (this.#styled) return;
          const root = this.renderRoot as ShadowRoot;
          root.adoptedStyleSheets = [...root.adoptedStyleSheets, styleSheet!];
          this.#styled = true;
          this.requestUpdate();
        },
        () => {},
      );
    import('../../core/placement.js').catch(() => {});
  }

  #open(reason: OpenReason): boolean {
    if (this.emit('kith-card-open', { subject: this.subject, reason }, true).defaultPrevented) return false;
    // One card open at a time: reaching for another name closes the card of the last.
    if (openCard != this) openCard?.hide();
    openCard = this;
    this.#opened = true;
    this.#openedByFocus = reason == 'focus';
    this.#entered = false;
    this.#expanded();
    this.requestUpdate();
    return true;
  }

  #close() {
    if (openCard == this) openCard = undefined;
    this.#opened = this.#focusWhenShown = false;
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
    if (!popover || !this.#opened) return;
    if (!popover.matches(':popover-open')) this.#show(popover);
    if (this.#focusWhenShown) (this.#focusWhenShown = false), popover.focus();
  }

  /** Shows the drawn card in the top layer and keeps it next to its trigger while it is open. */
  #show(popover: HTMLElement) {
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
    this.#settled = false;
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

  get #phase(): 'loading' | 'error' | 'ready' {
    if (this.#loaderError !== undefined || SETUP_CODES.has(this.#loadError?.code ?? '')) return 'error';
    // A page's loader is waited for: a saved copy of the site's card is not shown before what the page supplies.
    if (this.#supplied || (this.#view && !(this.loader && !this.#settled))) return 'ready';
    if (!this.#settled) return 'loading';
    return this.#loadError ? 'error' : 'ready';
  }

  protected override render() {
    // What the widget wraps may change, or arrive after it was connected (a page still being parsed).
    const slot = html`<slot @slotchange=${this.#attach}></slot>`;
    const trigger = this.#textTrigger ? html`<span part="trigger" tabindex="0" role="button">${slot}</span>` : slot;
    // One template for both (the trigger is never drawn anew: it may hold focus).
    return html`${trigger}${this.#reached && cardModule && this.#styled ? cardModule.card(this.#host) : nothing}`;
  }

  /** What the card's template reads (`CardHost`, id-card.data.ts). */
  #host: CardHost = ((widget: KithIdCard): CardHost => ({
    get locale() {
      return widget.locale;
    },
    t: (key, params) => widget.t(key, params),
    loadErrorText: (error) => widget.loadErrorText(error),
    get phase() {
      return widget.#phase;
    },
    get profile() {
      return widget.#supplied ?? widget.#view?.card;
    },
    get view() {
      return widget.#view;
    },
    get loadError() {
      return widget.#loadError;
    },
    get loaderFailed() {
      return widget.#loaderError !== undefined;
    },
    get supplied() {
      return !!widget.#supplied;
    },
    get outOfTabOrder() {
      return widget.#openedByFocus && !widget.#entered;
    },
    get triggerText() {
      return ((widget.#intent.trigger ?? widget).textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, TITLE_FROM_TRIGGER_MAX) || widget.subject;
    },
    hide: () => widget.hide(),
    retry: () => {
      // The Retry button goes away: focus stays in the card, on the card itself.
      widget.#popover?.focus();
      widget.#load(true);
    },
    entered: () => {
      if (!widget.#entered) (widget.#entered = true), widget.requestUpdate();
    },
  }))(this);
}

/** Setup mistakes: no saved copy of anything is shown beside them. */
const SETUP_CODES = new Set(['noSite', 'badSubject']);

/** The script-tag loader imports this module and calls `.define('kith-id-card')` on the default export. */
export default KithIdCard;
