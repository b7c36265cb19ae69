// Tagging another record with a tag seen here: by dragging a tag onto another tagging widget of the same
// site (HTML5 drag and drop), or by keyboard through each tag's "Tag another record…", a small non-modal
// list of the page's other tagging widgets. Either way the result is announced politely. A chunk of its
// own, loaded after the widget's first paint (drag and drop) or on the first "Tag another record…".
import { css, html } from 'lit';
import type { TagCloudHost } from './tag-cloud.data.js';
import { loadMessages, text } from './tag-cloud.messages.js';
import { adoptStyles, boxStyles } from './tag-cloud.lazy-styles.js';

/** The list's look. */
const styles = css`
    .box li button {
      text-align: start;
      overflow-wrap: anywhere;
    }
`;

/** The drag-and-drop type a dragged tag carries: `{ site, tag, subject? }` as JSON (`site`: the site prefix,
 * API and site id, so a tag is only ever applied on widgets of the same Kith site). */
export const TAG_MIME = 'application/x-kith-tag';

/** Makes `element`'s tags draggable sources and, when it has a subject, makes it a drop target that shows
 * it while a Kith tag is over it. A cloud (no subject) reads itself again when a tag on this page changes on
 * the server (`kith-tag`, once the writes of a moment are done): the live stream follows subjects, not the
 * site's cloud. */
export const dragAndDrop = (host: TagCloudHost, element: HTMLElement & { applyTag(tag: string): Promise<boolean>; recordName: string }): void => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let reading: ReturnType<typeof setTimeout> | undefined;
  if (!host.subject)
    document.addEventListener('kith-tag', () => {
      if (!element.isConnected) return;
      clearTimeout(reading);
      reading = setTimeout(host.reload, 300);
    });
  element.addEventListener('dragstart', (event) => {
    const chip = (event.composedPath()[0] as Element).closest?.<HTMLElement>('[data-tag]');
    if (!chip || !event.dataTransfer) return;
    const tag = chip.dataset.tag!;
    event.dataTransfer.setData(TAG_MIME, JSON.stringify({ site: host.prefix, tag, subject: host.subject || undefined }));
    event.dataTransfer.setData('text/plain', tag);
    event.dataTransfer.effectAllowed = 'copy';
  });
  element.addEventListener('dragover', (event) => {
    if (!host.subject || !host.ready || !event.dataTransfer?.types.includes(TAG_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    host.setDropTarget(true);
    // Dragover repeats while the tag is over the widget: when it stops (left, dropped elsewhere), the look goes.
    clearTimeout(timer);
    timer = setTimeout(() => host.setDropTarget(false), 300);
  });
  element.addEventListener('drop', (event) => {
    const data = event.dataTransfer?.getData(TAG_MIME);
    if (!host.subject || !data) return;
    event.preventDefault();
    clearTimeout(timer);
    host.setDropTarget(false);
    receiveDrop(host, data, (tag) => element.applyTag(tag), element.recordName);
  });
};

/** A tag dropped on a tagging widget: `data` is what the dragged tag carried (`{ site, tag, subject? }`).
 * Only a tag of the same Kith site (API and site) and of another subject is applied. */
export const receiveDrop = async (host: TagCloudHost, data: string, apply: (tag: string) => Promise<boolean>, name: string): Promise<void> => {
  let dropped: { site?: string; tag?: string; subject?: string };
  try {
    dropped = JSON.parse(data);
  } catch {
    return;
  }
  const tag = typeof dropped.tag == 'string' ? dropped.tag : '';
  if (!tag || dropped.subject == host.subject) return;
  await loadMessages(host);
  if (dropped.site != host.prefix) return host.announce(text(host, 'otherSite'));
  host.announce((await apply(tag)) ? text(host, 'taggedOther', { subject: name, tag }) : text(host, 'guests_not_allowed'));
};

/** "Tag another record…": the page's other tagging widgets to choose from, for one tag at a time. */
export class TagAnother {
  /** The tag the list is open for (its display form and key), if any. */
  tag = '';
  key = '';

  constructor(readonly host: TagCloudHost) {
    adoptStyles(host.root, boxStyles, styles);
  }

  async open(tag: string, key: string): Promise<void> {
    if (this.key == key) return this.close();
    await loadMessages(this.host);
    this.tag = tag;
    this.key = key;
    this.host.update();
    this.host.focus('[part=popup] button');
  }

  /** Closes the list; focus goes back to the button that opened it. */
  close(): void {
    const key = this.key;
    this.tag = this.key = '';
    this.host.update();
    if (key) this.host.focus(`[data-another="${CSS.escape(key)}"]`);
  }

  async #choose(target: { recordName: string; applyTag(tag: string): Promise<boolean> }) {
    const { host, tag } = this;
    this.close();
    host.announce((await target.applyTag(tag)) ? text(host, 'taggedOther', { subject: target.recordName, tag }) : text(host, 'guests_not_allowed'));
  }

  #onKeydown(event: KeyboardEvent) {
    if (event.key == 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.close();
    }
  }

  render(): unknown {
    if (!this.key) return undefined;
    const { host } = this;
    const targets = host.others();
    return html`<div part="popup" class="box" role="dialog" aria-label=${text(host, 'chooseRecord', { tag: this.tag })} @keydown=${(event: KeyboardEvent) => this.#onKeydown(event)}>
      <ul>
        ${targets.map((target) => html`<li><button @click=${() => this.#choose(target)}><span dir="auto">${target.recordName}</span></button></li>`)}
      </ul>
      <button class="close" @click=${() => this.close()}>${text(host, 'close')}</button>
    </div>`;
  }
}
