import { LitElement, type PropertyValues } from 'lit';
import { options, registry } from './config.js';
import { flushReads } from './batch.js';
import { SETUP_ERRORS, type KithError } from './error.js';
import { afterThisTask, SKELETON_DELAY_MS } from './freshness.js';
import { outbox, type OutboxChange } from './outbox-queue.js';
import { localeFor, localeOf, type Locale } from './locale.js';
import type { Strings } from './strings.js';
import { pageScheme } from './theme.js';
import { VERSION } from './version.js';
import { resumeWrites } from './writes.js';

/** Details of the events Kith widgets fire (all bubble and are composed). Each widget adds its own
 * events to this map (declaration merging), next to its class. */
export interface KithEventMap {
  /** Loading or saving failed; `code` is the server's error code or `network`/`timeout`. `reverted`: a
   * change the user made was refused and has been taken back on screen. */
  'kith-error': { subject: string; code: string; message: string; reverted?: boolean };
}

declare global {
  interface GlobalEventHandlersEventMap {
    'kith-error': CustomEvent<KithEventMap['kith-error']>;
  }
}

/** Widgets whose color scheme is to be worked out. All are read first, then all written: reading a
 * computed style after another widget's write would lay the page out again, once per widget. */
const schemesToSet = new Set<KithElement>();
const setSchemes = () => {
  const theme = options().theme;
  const widgets = [...schemesToSet];
  schemesToSet.clear();
  const schemes = widgets.map((widget) => (theme == 'light' || theme == 'dark' ? theme : pageScheme(widget)));
  widgets.forEach((widget, i) => (schemes[i] ? widget.setAttribute('kith-theme', schemes[i]) : widget.removeAttribute('kith-theme')));
};

/** Pages (single-page apps above all) that switch language or direction on an element around the widgets:
 * every widget works out its locale again. One observer for the page, from the first widget on. */
let languageWatcher: MutationObserver | undefined;
const watchLanguage = () => {
  if (languageWatcher) return;
  languageWatcher = new MutationObserver(() => registry().dispatchEvent(new Event('change')));
  languageWatcher.observe(document.documentElement, { subtree: true, attributeFilter: ['lang', 'dir'] });
};

const sameLocale = (a: Locale, b: Locale) => a.language == b.language && a.tag == b.tag && a.dir == b.dir;

/** The connected widgets: one listener each for configuration and outbox changes serves them all (a 200-row
 * table adds no 400 listeners); widgets that work with others on the page (drag and drop) find them here. */
export const connectedWidgets = new Set<KithElement>();

/** Base class: typed `emit`, theme reflection, language and direction, re-render on configuration change,
 * guarded `define`. */
export class KithElement extends LitElement {
  static version = VERSION;
  /** The widget's strings (its catalogs, then the shared ones). */
  static strings?: Strings;

  /** The language and direction of the widget's text (core/locale.ts). The first render waits until its
   * catalog is here; when it changes, the old text stays until the new catalog is. */
  protected locale: Locale = localeFor('en');
  #localeReady = false;

  /** This widget class's strings. */
  get #strings(): Strings | undefined {
    return (this.constructor as typeof KithElement).strings;
  }

  /** The text for `key` in the widget's language. */
  protected t(key: string, params?: Record<string, string | number>): string {
    return this.#strings!.text(this.locale, key, params);
  }

  /** What a failed load says: a setup mistake (SETUP_ERRORS) in its own words, anything else the widget's
   * `loadFailed` text. */
  protected loadErrorText(error: KithError | undefined): string {
    return error ? this.t(SETUP_ERRORS.has(error.code) ? error.code : 'loadFailed', { origin: location.origin, site: options().site ?? '' }) : '';
  }

  /** Whether the widget has a text for `key` (English counts). */
  protected hasText(key: string): boolean {
    return this.#strings!.has(key);
  }

  /** SKELETON_DELAY_MS passed since the widget was connected: its first render may show the skeleton. */
  #waitedForData = false;

  /** Whether the widget has something to show besides its loading skeleton (data, a saved copy, an error).
   * Its first render waits for that for up to SKELETON_DELAY_MS, and shows the skeleton only after that: on
   * most pages each widget then renders once, with data. Either way the widget takes its space once. */
  protected hasContent(): boolean {
    return true;
  }

  protected override shouldUpdate(_changed: PropertyValues): boolean {
    return this.#localeReady && (this.hasUpdated || this.#waitedForData || this.hasContent());
  }

  /** The outbox changed (a write was queued, answered or refused: `detail` says which; none when only the
   * queue or its wait reason changed). Called on every connected widget. */
  protected outboxChanged(_change: OutboxChange | undefined): void {}

  /** Works out the locale; loads its catalogs first where they are not here yet. */
  #updateLocale() {
    const wanted = localeOf(this);
    const strings = this.#strings;
    const use = () => {
      if (this.#localeReady && sameLocale(this.locale, wanted)) return;
      this.locale = wanted;
      this.#localeReady = true;
      this.requestUpdate();
    };
    if (!strings || strings.ready(wanted.language)) use();
    else strings.load(wanted.language).then(() => sameLocale(localeOf(this), wanted) && use());
  }

  /** Registers `tag` unless it is taken: silent for the same SDK version, a warning for another one. */
  static define(tag: string, ctor: CustomElementConstructor = this): void {
    const prev = customElements.get(tag) as (CustomElementConstructor & { version?: string }) | undefined;
    if (!prev) {
      customElements.define(tag, ctor);
      // Every tag already on the page was upgraded just now and asked for its data: send those reads at
      // once, before the widgets' first render.
      flushReads();
    } else if (prev.version != VERSION)
      console.warn(`<${tag}> is already defined by Kith ${prev.version}; ${VERSION} is not used. See kith-elements/docs/developers.md#two-copies-on-one-page`);
  }

  /** Custom states (`:state(loaded)`, …) hosts can style and tests can wait for. */
  protected readonly internals = this.attachInternals();

  /** Sets or clears a custom state: `kith-rating:state(loaded)` matches once server data is shown. */
  protected toggleState(name: string, on: boolean): void {
    const states = this.internals.states;
    if (states.has(name) != on) on ? states.add(name) : states.delete(name);
  }

  /** Fires a bubbling, composed CustomEvent; `cancelable` ones let the page stop what would follow. */
  emit<K extends keyof KithEventMap>(name: K, detail: KithEventMap[K], cancelable = false): CustomEvent<KithEventMap[K]> {
    const event = new CustomEvent(name, { bubbles: true, composed: true, cancelable, detail });
    this.dispatchEvent(event);
    return event;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    connectedWidgets.add(this);
    if (!this.hasUpdated) {
      this.toggleState('loading', true);
      afterThisTask(SKELETON_DELAY_MS).then(() => {
        this.#waitedForData = true;
        if (!this.hasUpdated) this.requestUpdate();
      });
    }
    watchLanguage();
    resumeWrites();
    this.configChanged();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    connectedWidgets.delete(this);
  }

  // One listener each for configuration and outbox changes, for every connected widget.
  static {
    registry().addEventListener('change', () => connectedWidgets.forEach((widget) => widget.configChanged()));
    outbox.addEventListener('change', (event) => connectedWidgets.forEach((widget) => widget.outboxChanged((event as CustomEvent<OutboxChange | undefined>).detail)));
  }

  /** Called on connect and whenever `configure()` runs: sets the color scheme (`kith-theme`, from the
   * configured theme or, for `auto`, the page around the element) in the next microtask, together with
   * every other widget's, works out the language and direction, and re-renders. */
  protected configChanged(): void {
    if (!schemesToSet.size) queueMicrotask(setSchemes);
    schemesToSet.add(this);
    this.#updateLocale();
    this.requestUpdate();
  }
}
