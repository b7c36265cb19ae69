import { LitElement } from 'lit';
import { registry } from './config.js';
import { start } from './outbox.js';
import { VERSION } from './version.js';

/** Details of the events Kith widgets fire (all bubble and are composed). */
export interface KithEventMap {
  /** The user voted (`value` 1–5) or retracted (`null`). */
  'kith-change': { subject: string; value: number | null };
  /** Loading or saving failed; `code` is the server's error code or `network`/`timeout`. */
  'kith-error': { subject: string; code: string; message: string };
}

declare global {
  interface GlobalEventHandlersEventMap {
    'kith-change': CustomEvent<KithEventMap['kith-change']>;
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

  #c = () => this.configChanged();
  /** Custom states (`:state(loaded)`, …) hosts can style and tests can wait for. */
  protected readonly internals = this.attachInternals();

  /** Sets or clears a custom state: `kith-rating:state(loaded)` matches once server data is shown. */
  protected toggleState(name: string, on: boolean): void {
    on ? this.internals.states.add(name) : this.internals.states.delete(name);
  }

  /** Fires a bubbling, composed CustomEvent. */
  emit<K extends keyof KithEventMap>(name: K, detail: KithEventMap[K]): CustomEvent<KithEventMap[K]> {
    const e = new CustomEvent(name, { bubbles: true, composed: true, detail });
    this.dispatchEvent(e);
    return e;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    registry().addEventListener('change', this.#c);
    start();
    this.configChanged();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    registry().removeEventListener('change', this.#c);
  }

  /** Called on connect and whenever `configure()` runs: reflects the theme, re-renders (language). */
  protected configChanged(): void {
    const th = registry().o.theme;
    th && th != 'auto' ? this.setAttribute('kith-theme', th) : this.removeAttribute('kith-theme');
    this.requestUpdate();
  }
}
