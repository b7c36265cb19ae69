// The add field's behaviour, an APG combobox with a listbox popup: suggestions asked for as the viewer types
// (debounced), most used first, the viewer's own tags left out; Down/Up move the highlight
// (`aria-activedescendant`), Enter adds the highlighted suggestion or what was typed (commas separate tags),
// Escape closes the list (or, closed, empties the field), and how many suggestions there are is announced
// politely. A chunk of its own, loaded right after the widget's first paint.
import { css, html, nothing } from 'lit';
import { send } from '../../core/http.js';
import { formatNumber } from '../../core/strings.js';
import type { TagCloudHost, TagCount } from './tag-cloud.data.js';
import { tidyTag } from './tag-cloud.data.js';
import { loadMessages, text } from './tag-cloud.messages.js';
import { adoptStyles } from './tag-cloud.lazy-styles.js';

/** How long typing must pause before suggestions are asked for. */
const DEBOUNCE_MS = 200;
const LIMIT = 8;

/** The field's and the listbox's look. */
const styles = css`
    .field {
      position: relative;
      display: flex;
      gap: 0.35em;
      max-width: 24em;
      min-width: 0;
    }
    input {
      flex: 1;
      min-width: 0;
      min-height: 24px;
      box-sizing: border-box;
      font: inherit;
      color: var(--_text);
      background: var(--_surface);
      border: 1px solid var(--_graphic);
      border-radius: var(--_radius);
      padding: 0.2em 0.5em;
    }
    [role='listbox'] {
      position: absolute;
      inset-inline: 0;
      inset-block-start: 100%;
      z-index: 1;
      margin-block-start: 2px;
      background: var(--_surface);
      border: 1px solid var(--_graphic);
      border-radius: var(--_radius);
      box-shadow: 0 0.3em 1em rgb(0 0 0 / 0.2);
    }
    [role='listbox'][hidden] {
      display: none;
    }
    [role='option'] {
      display: flex;
      justify-content: space-between;
      gap: var(--_space);
      min-height: 24px;
      align-items: center;
      padding: 0.15em 0.5em;
      cursor: pointer;
    }
    [role='option'][aria-selected='true'] {
      background: var(--_text);
      color: var(--_surface);
      outline: 2px solid var(--_focus);
    }
    [role='option'][aria-selected='true'] [part~='count'] {
      color: inherit;
    }
    @media (forced-colors: active) {
      [role='option'][aria-selected='true'] {
        forced-color-adjust: none;
        background: Highlight;
        color: HighlightText;
      }
    }
`;

export class Combobox {
  items: TagCount[] = [];
  isOpen = false;
  /** The highlighted option, -1 for none (focus stays in the field). */
  active = -1;
  #timer?: ReturnType<typeof setTimeout>;
  /** The prefix last asked for: answers to older ones are dropped. */
  #asked?: string;

  constructor(readonly host: TagCloudHost) {
    adoptStyles(host.root, styles);
  }

  /** The combobox, once its texts are here in the widget's language. */
  static async make(host: TagCloudHost): Promise<Combobox> {
    await loadMessages(host);
    return new Combobox(host);
  }

  get activeId(): string {
    return this.isOpen && this.active >= 0 ? 'suggestion-' + this.active : '';
  }

  /** The field's text changed: ask for suggestions once typing pauses. */
  input(event: Event): void {
    const typed = (event.target as HTMLInputElement).value;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#fetch(typed), DEBOUNCE_MS);
  }

  get #field(): HTMLInputElement {
    return this.host.root.querySelector('input')!;
  }

  /** Adds what was typed (the Add button, or Enter), empties the field and keeps focus in it. */
  addTyped(typed = this.#field.value): void {
    const field = this.#field;
    this.host.add(typed);
    field.value = '';
    this.close();
    field.focus();
  }

  /** Focus left the field: the list closes (unless focus comes straight back, as after a click on an option). */
  blur(): void {
    setTimeout(() => this.host.root.activeElement != this.#field && this.close(), 150);
  }

  async #fetch(typed: string) {
    // Only the last comma-separated part is being typed.
    const prefix = tidyTag(typed.split(',').at(-1) ?? '');
    this.#asked = prefix;
    const { host } = this;
    try {
      const answer = await send<{ items: TagCount[] }>('GET', `tags/suggest?prefix=${encodeURIComponent(prefix)}&limit=${LIMIT}`, { prefix: host.prefix });
      if (prefix != this.#asked) return;
      const mine = host.mine;
      this.items = answer.items.filter((item) => !mine.includes(item.key));
    } catch {
      if (prefix != this.#asked) return;
      this.items = [];
    }
    this.isOpen = true;
    this.active = -1;
    host.announce(this.items.length ? text(host, 'suggestions', { n: this.items.length }) : text(host, 'noSuggestions'));
    host.update();
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#asked = undefined;
    if (!this.isOpen) return;
    this.isOpen = false;
    this.active = -1;
    this.host.update();
  }

  /** The field's keys. */
  keydown(event: KeyboardEvent): void {
    const count = this.items.length;
    const field = event.target as HTMLInputElement;
    if (event.key == 'ArrowDown' || event.key == 'ArrowUp') {
      event.preventDefault();
      if (!this.isOpen) {
        if (event.altKey || !count) this.#fetch(field.value);
        else (this.isOpen = true), this.host.update();
        return;
      }
      if (!count) return;
      const step = event.key == 'ArrowDown' ? 1 : -1;
      this.active = this.active < 0 ? (step > 0 ? 0 : count - 1) : (this.active + step + count) % count;
      this.host.update();
    } else if (event.key == 'Escape') {
      if (this.isOpen) {
        event.preventDefault();
        this.close();
      } else field.value = '';
    } else if (event.key == 'Enter') {
      event.preventDefault();
      // A chosen suggestion replaces the part being typed (after the last comma).
      const chosen = this.isOpen && this.active >= 0 && this.items[this.active]!.tag;
      this.addTyped(chosen ? [...field.value.split(',').slice(0, -1), chosen].join(',') : field.value);
    }
  }

  #choose(item: TagCount) {
    this.addTyped(item.tag);
  }

  /** The field, its Add button and the listbox. */
  render(): unknown {
    const { host } = this;
    const open = this.isOpen && this.items.length > 0;
    return html`<div class="field" part="field">
      <input
        id="field"
        role="combobox"
        aria-label=${text(host, 'add')}
        placeholder=${text(host, 'add')}
        aria-autocomplete="list"
        aria-expanded=${this.isOpen}
        aria-controls="suggestions"
        aria-activedescendant=${this.activeId || nothing}
        autocomplete="off"
        enterkeyhint="done"
        dir="auto"
        @input=${(event: Event) => this.input(event)}
        @keydown=${(event: KeyboardEvent) => this.keydown(event)}
        @blur=${() => this.blur()}
      /><button class="add" @click=${() => this.addTyped()}>${text(host, 'addButton')}</button>
      <ul id="suggestions" part="suggestions" role="listbox" aria-label=${text(host, 'add')} ?hidden=${!open}>
        ${open
          ? this.items.map(
              (item, i) =>
                html`<li
                  id=${'suggestion-' + i}
                  role="option"
                  aria-selected=${i == this.active}
                  @pointerdown=${(event: Event) => event.preventDefault()}
                  @click=${() => this.#choose(item)}
                ><span dir="auto">${item.tag}</span> <span part="count">${formatNumber(host.locale.tag, item.count)}</span></li>`,
            )
          : nothing}
      </ul>
    </div>`;
  }
}
