// When content shown on hover or focus (an ID card) opens and closes, as WCAG 2.2 1.4.13 asks: dismissable
// (Escape, a close button), hoverable (the pointer may travel from the trigger into the content) and
// persistent (it stays until the pointer and focus have left, or it is dismissed).
//
// - A mouse or pen resting on the trigger for the hover delay opens it; leaving before that opens nothing.
//   Halfway through the delay `prepare` is called, so the content's data is on its way when it opens.
// - Keyboard focus on the trigger (`:focus-visible`, not a mouse click's focus) opens it at once, and leaves
//   focus where it is. Alt+ArrowDown on the trigger opens it and moves focus into it.
// - On touch, the first tap on the trigger opens it instead of following the link; a second tap follows it.
// - Escape closes it (from anywhere on the page, and focus goes back to the trigger if it was inside); so does
//   the pointer leaving trigger and content for the grace period (unless focus is in them), focus leaving
//   them (unless the pointer is on them), and a tap or click elsewhere.

/** Why the content opened. */
export type OpenReason = 'hover' | 'focus' | 'key' | 'tap' | 'api';

export interface HoverIntentHost {
  /** The element whose CSS custom properties give the delays (inherited from the page). */
  readonly element: HTMLElement;
  /** Where pointer and focus count as inside besides the trigger; null before it is first rendered. */
  content(): HTMLElement | null;
  /** Moves focus into the content (Alt+ArrowDown), once it is rendered. */
  focusContent(): void;
  /** Gives focus back to the trigger (the content closed with focus in it). */
  focusTrigger(): void;
  /** Called when the pointer has rested half the hover delay, and before every open. */
  prepare(): void;
  /** Opens the content; returns false if it did not (the page cancelled it). */
  open(reason: OpenReason): boolean;
  close(): void;
}

/** The key that moves focus from the trigger into the content (documented on the trigger with aria-keyshortcuts). */
export const OPEN_KEY = 'Alt+ArrowDown';

/** A duration in a CSS custom property (`500ms`, `0.5s`), or `fallback` when it is not set or not one. */
export const cssDuration = (element: Element, property: string, fallback: number): number => {
  const match = getComputedStyle(element).getPropertyValue(property).trim().match(/^(\d*\.?\d+)(m?s)$/);
  return match ? parseFloat(match[1]!) * (match[2] == 's' ? 1000 : 1) : fallback;
};

export class HoverIntent {
  #trigger?: HTMLElement;
  #opened = false;
  #intentTimer?: ReturnType<typeof setTimeout>;
  #prepareTimer?: ReturnType<typeof setTimeout>;
  #graceTimer?: ReturnType<typeof setTimeout>;
  /** The elements (trigger, content) a mouse or pen is over: the content may be inside the trigger's element
   * (a widget wrapping its trigger), so leaving one for the other is not leaving both. */
  #pointerOver = new Set<EventTarget>();
  /** Focus went back to the trigger because the content closed: that focus does not open it again. */
  #returningFocus = false;

  constructor(
    readonly host: HoverIntentHost,
    readonly delayProperty: string,
    readonly graceProperty: string,
  ) {}

  get trigger(): HTMLElement | undefined {
    return this.#trigger;
  }

  get opened(): boolean {
    return this.#opened;
  }

  /** Listens on `trigger` (the widget itself when it wraps its trigger, else the element it is for). */
  attach(trigger: HTMLElement | undefined): void {
    if (trigger == this.#trigger) return;
    this.detach();
    this.#trigger = trigger;
    if (!trigger) return;
    trigger.addEventListener('pointerenter', this.#enter);
    trigger.addEventListener('pointerleave', this.#leave);
    trigger.addEventListener('focusin', this.#focusIn);
    trigger.addEventListener('focusout', this.#focusOut);
    trigger.addEventListener('keydown', this.#keyDown);
    trigger.addEventListener('click', this.#click);
  }

  detach(): void {
    const trigger = this.#trigger;
    if (trigger) {
      trigger.removeEventListener('pointerenter', this.#enter);
      trigger.removeEventListener('pointerleave', this.#leave);
      trigger.removeEventListener('focusin', this.#focusIn);
      trigger.removeEventListener('focusout', this.#focusOut);
      trigger.removeEventListener('keydown', this.#keyDown);
      trigger.removeEventListener('click', this.#click);
    }
    this.#trigger = undefined;
    this.hide();
  }

  /** The content's element appeared (it is rendered on the first open): pointer and focus there count as inside. */
  watchContent(content: HTMLElement): void {
    content.addEventListener('pointerenter', this.#enter);
    content.addEventListener('pointerleave', this.#leave);
    content.addEventListener('focusout', this.#focusOut);
    content.addEventListener('keydown', this.#keyDown);
  }

  /** Opens the content (unless it is open, or the page cancels), for `reason`. */
  show(reason: OpenReason): boolean {
    this.#stopTimers();
    if (this.#opened) return true;
    this.host.prepare();
    if (!this.host.open(reason)) return false;
    this.#opened = true;
    document.addEventListener('keydown', this.#escapeAnywhere);
    document.addEventListener('pointerdown', this.#pointerDownAnywhere);
    return true;
  }

  /** Closes the content; focus inside it goes back to the trigger. */
  hide(): void {
    this.#stopTimers();
    if (!this.#opened) return;
    this.#opened = false;
    this.#pointerOver.clear();
    document.removeEventListener('keydown', this.#escapeAnywhere);
    document.removeEventListener('pointerdown', this.#pointerDownAnywhere);
    const focusInside = this.#contains(deepActiveElement());
    this.host.close();
    if (focusInside) {
      this.#returningFocus = true;
      this.host.focusTrigger();
      this.#returningFocus = false;
    }
  }

  #stopTimers() {
    clearTimeout(this.#intentTimer);
    clearTimeout(this.#prepareTimer);
    clearTimeout(this.#graceTimer);
    this.#intentTimer = this.#prepareTimer = this.#graceTimer = undefined;
  }

  #contains(node: Node | null | undefined): boolean {
    if (!node) return false;
    const content = this.host.content();
    return !!(this.#trigger?.contains(node) || content?.contains(node) || node == this.host.element || this.host.element.contains(node));
  }

  #enter = (event: PointerEvent) => {
    if (event.pointerType == 'touch') return;
    this.#pointerOver.add(event.currentTarget!);
    clearTimeout(this.#graceTimer);
    if (this.#opened || this.#intentTimer) return;
    const delay = cssDuration(this.host.element, this.delayProperty, 500);
    this.#prepareTimer = setTimeout(() => this.host.prepare(), delay / 2);
    this.#intentTimer = setTimeout(() => this.show('hover'), delay);
  };

  #leave = (event: PointerEvent) => {
    if (event.pointerType == 'touch') return;
    this.#pointerOver.delete(event.currentTarget!);
    if (this.#pointerOver.size) return;
    clearTimeout(this.#intentTimer);
    clearTimeout(this.#prepareTimer);
    this.#intentTimer = this.#prepareTimer = undefined;
    // Keyboard focus in trigger or content keeps it open; a mouse click's focus on the trigger does not.
    const focused = deepActiveElement();
    if (!this.#opened || (this.#contains(focused) && focused!.matches(':focus-visible'))) return;
    clearTimeout(this.#graceTimer);
    // Leaving the trigger for the content (or back) crosses the gap between them within the grace period.
    this.#graceTimer = setTimeout(() => !this.#pointerOver.size && this.hide(), cssDuration(this.host.element, this.graceProperty, 300));
  };

  #focusIn = (event: FocusEvent) => {
    if (this.#returningFocus || this.#opened) return;
    // The focused element itself (a trigger in a shadow root is seen from here as its host).
    if ((event.composedPath()[0] as Element).matches(':focus-visible')) this.show('focus');
  };

  #focusOut = (event: FocusEvent) => {
    if (!this.#opened || this.#contains(event.relatedTarget as Node | null)) return;
    // Focus left for something outside: close, unless the pointer is resting on trigger or content (it was
    // opened by hover and stays while hovered). A window losing focus (relatedTarget null, the page still
    // holding it) changes nothing.
    if (!event.relatedTarget && document.hasFocus() == false) return;
    if (!this.#pointerOver.size) this.hide();
  };

  #keyDown = (event: KeyboardEvent) => {
    if (event.key == 'Escape' && this.#opened) {
      event.stopPropagation();
      this.hide();
    } else if (event.key == 'ArrowDown' && event.altKey && !event.ctrlKey && !event.metaKey && this.#trigger?.contains(event.target as Node)) {
      event.preventDefault();
      if (this.show('key')) this.host.focusContent();
    }
  };

  #escapeAnywhere = (event: KeyboardEvent) => {
    if (event.key == 'Escape' && this.#opened) this.hide();
  };

  #pointerDownAnywhere = (event: PointerEvent) => {
    if (!this.#contains(event.composedPath()[0] as Node)) this.hide();
  };

  #click = (event: MouseEvent) => {
    // A tap opens the content the first time; a mouse click always reaches the link.
    if ((event as PointerEvent).pointerType == 'touch' && !this.#opened) {
      event.preventDefault();
      this.show('tap');
    }
  };
}

/** The focused element, looking into shadow roots. */
export const deepActiveElement = (): Element | null => {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
};

const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]),select,textarea,[tabindex]:not([tabindex="-1"])';

/** `element` if it takes focus, else the first element in it that does. */
export const focusable = (element: Element | null | undefined): HTMLElement | null =>
  !element ? null : element.matches(FOCUSABLE) ? (element as HTMLElement) : element.querySelector<HTMLElement>(FOCUSABLE);
