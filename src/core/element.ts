import { LitElement } from 'lit';
import { options, registry } from './config.js';
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

/** Base class: typed `emit`, theme reflection, re-render on configuration change, guarded `define`. */
export class KithElement extends LitElement {
  static version = VERSION;

  /** Registers `tag` unless it is taken: silent for the same SDK version, a warning for another one. */
  static define(tag: string, ctor: CustomElementConstructor = this): void {
    const prev = customElements.get(tag) as (CustomElementConstructor & { version?: string }) | undefined;
    if (!prev) customElements.define(tag, ctor);
    else if (prev.version != VERSION)
      console.warn(`<${tag}> is already defined by Kith ${prev.version}; ${VERSION} is not used. See kith/docs/developers.md#two-copies-on-one-page`);
  }

  #onConfigChange = () => this.configChanged();
  /** Custom states (`:state(loaded)`, …) hosts can style and tests can wait for. */
  protected readonly internals = this.attachInternals();

  /** Sets or clears a custom state: `kith-rating:state(loaded)` matches once server data is shown. */
  protected toggleState(name: string, on: boolean): void {
    on ? this.internals.states.add(name) : this.internals.states.delete(name);
  }

  /** Fires a bubbling, composed CustomEvent; `cancelable` ones let the page stop what would follow. */
  emit<K extends keyof KithEventMap>(name: K, detail: KithEventMap[K], cancelable = false): CustomEvent<KithEventMap[K]> {
    const event = new CustomEvent(name, { bubbles: true, composed: true, cancelable, detail });
    this.dispatchEvent(event);
    return event;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    registry().addEventListener('change', this.#onConfigChange);
    resumeWrites();
    this.configChanged();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    registry().removeEventListener('change', this.#onConfigChange);
  }

  /** Called on connect and whenever `configure()` runs: sets the color scheme (`kith-theme`, from the
   * configured theme or, for `auto`, the page around the element), re-renders (language). */
  protected configChanged(): void {
    const theme = options().theme;
    const scheme = theme == 'light' || theme == 'dark' ? theme : pageScheme(this);
    scheme ? this.setAttribute('kith-theme', scheme) : this.removeAttribute('kith-theme');
    this.requestUpdate();
  }
}
