// The moderators' disclosure: this subject's comments waiting for moderation, with Approve, Reject, Spam and
// Block author. Actions go to the server at once with the moderator's token (never queued): their result,
// or what went wrong, is shown in place. A chunk of its own, loaded only for moderators.
import { css, html, nothing } from 'lit';
import { call } from '../../core/api.js';
import type { Locale } from '../../core/locale.js';
import { sharedStrings, Strings } from '../../core/strings.js';
import type { Comment } from './comments.data.js';
import english from './moderation/i18n/en.js';

/** The moderators' strings (keys like the widget's, `comments.approve` for sites that reword them). */
const strings = new Strings(
  'comments',
  english,
  {
    de: () => import('./moderation/i18n/de.js'),
    fr: () => import('./moderation/i18n/fr.js'),
    es: () => import('./moderation/i18n/es.js'),
    ja: () => import('./moderation/i18n/ja.js'),
    ar: () => import('./moderation/i18n/ar.js'),
  },
  sharedStrings,
);

/** The queue's look, added to the widget's styles when the queue is first shown. */
export const styles = css`
    /* Moderation queue. */
    .moderation {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 0.3em var(--_space);
    }
    .moderation .toggle {
      font-weight: bold;
      border: none;
      padding-inline: 0;
    }
    .moderation .toggle::before {
      content: '▸ ';
    }
    .moderation .toggle[aria-expanded='true']::before {
      content: '▾ ';
    }
    .moderation ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: var(--_space);
    }
    .moderation li {
      display: grid;
      gap: 0.3em;
      padding-block: var(--_space);
      border-block-start: 1px solid var(--_border);
      min-width: 0;
    }
    .moderation .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.3em;
      align-items: center;
    }
    .moderation p {
      margin: 0.3em 0;
    }

`;

export interface ModComment extends Comment {
  subject: string;
  body: string;
  authorRef: string;
}

/** What each button does, and what is announced when it worked. */
const ACTIONS: Record<string, [(prefix: string, id: string) => Promise<{ comment?: Comment }>, string]> = {
  approve: [(prefix, id) => call('POST', 'moderation/comments/' + encodeURIComponent(id), { prefix, json: { action: 'approve' } }), 'approved'],
  reject: [(prefix, id) => call('POST', 'moderation/comments/' + encodeURIComponent(id), { prefix, json: { action: 'reject' } }), 'rejected'],
  spam: [(prefix, id) => call('POST', 'moderation/comments/' + encodeURIComponent(id), { prefix, json: { action: 'spam' } }), 'markedSpam'],
  'block-hide': [(prefix, commentId) => call('POST', 'moderation/authors/block', { prefix, json: { commentId, hidePast: true } }), 'blocked'],
  'block-only': [(prefix, commentId) => call('POST', 'moderation/authors/block', { prefix, json: { commentId, hidePast: false } }), 'blocked'],
};

type Params = Record<string, string | number>;

/** What the queue borrows from the widget (passed in, so this chunk shares no module with the widget's). */
export interface ModerationHost {
  readonly prefix: string;
  readonly subject: string;
  readonly locale: Locale;
  /** The widget's own texts (Cancel, Guest, sign in again). */
  t(key: string, params?: Params): string;
  /** `<time>` for an ISO time, and a comment's text. */
  time(iso: string): unknown;
  text(comment: Comment): unknown;
  /** Renders the widget and waits for it. */
  update(): Promise<unknown>;
  focus(selector: string): void;
  announce(text: string): void;
  /** A comment the moderator approved: into the thread. */
  approved(comment: Comment): void;
}

/** This subject's comments waiting for moderation, and what the moderator does with them. */
export class ModerationQueue {
  items: ModComment[] = [];
  /** Loading the queue failed. */
  failed = false;
  open = false;
  /** The comment whose author is about to be blocked ("hide their past comments too?"). */
  blocking?: string | undefined;
  /** The comment an action is running for. */
  busy?: string | undefined;
  /** Per comment: what went wrong with its last action. */
  errors = new Map<string, string>();

  constructor(readonly host: ModerationHost) {}

  /** A moderators' text; other keys are the widget's own. */
  t = (key: string, params: Params = {}): string => (strings.has(key) ? strings.text(this.host.locale, key, params) : this.host.t(key, params));

  /** The first 50, with the strings in the widget's language. */
  async load(): Promise<void> {
    const { prefix, subject, locale } = this.host;
    await strings.load(locale.language);
    try {
      const query = 'status=pending&limit=50&subject=' + encodeURIComponent(subject);
      this.items = (await call<{ items: ModComment[] }>('GET', 'moderation/comments?' + query, { prefix })).items;
      this.failed = false;
    } catch {
      this.failed = true;
    }
  }

  /** A button in the queue (`data-action` on the comment with `data-id`). */
  async act(id: string, action: string): Promise<void> {
    const { host } = this;
    const at = `[data-id="${CSS.escape(id)}"] `;
    if (action == 'block' || action == 'block-cancel') {
      this.blocking = action == 'block' ? id : undefined;
      await host.update();
      return host.focus(at + (action == 'block' ? '[data-action=block-cancel]' : '[data-action=block]'));
    }
    const chosen = ACTIONS[action];
    if (!chosen) return;
    this.busy = id;
    this.errors.delete(id);
    host.update();
    try {
      const { comment } = await chosen[0](host.prefix, id);
      this.items = this.items.filter((item) => item.id != id);
      this.blocking = undefined;
      if (comment?.status == 'approved') host.approved(comment);
      host.announce(this.t(chosen[1]));
      // The item (and the focused button) is gone: the next item's first button, or the disclosure's button.
      this.busy = undefined;
      await host.update();
      host.focus('[part~=moderation] [data-action=approve], [part~=moderation] .toggle');
    } catch (error) {
      this.errors.set(id, ['token_unavailable', 'unauthorized', 'token_expired', 'token_revoked'].includes((error as { code: string }).code) ? host.t('signInAgain') : this.t('moderationFailed'));
    }
    this.busy = undefined;
    host.update();
  }

  /** A disclosure (a button with aria-expanded, WAI-ARIA APG) over the queue; its button says how many wait.
   * Buttons carry `data-action` and the comment's `data-id` (handled by the widget's one click listener). */
  render() {
    const { t, host } = this;
    const toggle = () => ((this.open = !this.open), host.update());
    return html`<section part="moderation" class="moderation" aria-label=${t('queue', { n: this.items.length })}>
    <button class="toggle" aria-expanded=${this.open} aria-controls="moderation-queue" @click=${toggle}>
      ${t('queue', { n: this.items.length })}
    </button>
    <div id="moderation-queue" ?hidden=${!this.open}>
    ${this.failed
      ? html`<p class="error">${t('queueFailed')}</p>`
      : !this.items.length
        ? html`<p>${t('queueEmpty')}</p>`
        : html`<ul part="queue">
            ${this.items.map(
              (comment) => html`<li part="queue-item" data-id=${comment.id} aria-busy=${this.busy == comment.id}>
                <div class="meta"><b dir="auto">${comment.author.name}</b> ${comment.author.guest ? t('guest') + ' · ' : ''}${host.time(comment.createdAt)}</div>
                <div class="body rich">${host.text(comment)}</div>
                ${this.blocking == comment.id
                  ? html`<div class="row" role="group" aria-label=${t('block')}>
                      ${t('blockAsk')}
                      <button class="danger" data-action="block-hide">${t('blockHide')}</button>
                      <button data-action="block-only">${t('blockOnly')}</button>
                      <button data-action="block-cancel">${t('cancel')}</button>
                    </div>`
                  : html`<div class="row">
                      <button data-action="approve">${t('approve')}</button>
                      <button data-action="reject">${t('reject')}</button>
                      <button data-action="spam">${t('spam')}</button>
                      <button class="danger" data-action="block">${t('block')}</button>
                    </div>`}
                ${this.errors.has(comment.id) ? html`<p class="error" role="alert">${this.errors.get(comment.id)}</p>` : nothing}
              </li>`,
            )}
          </ul>`}
    </div>
  </section>`;
  }
}

/** The queue of a widget: strings, styles (added to the widget's) and the first items loaded. */
export const openQueue = async (host: ModerationHost, root: ShadowRoot): Promise<ModerationQueue> => {
  const sheet = styles.styleSheet!;
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  const queue = new ModerationQueue(host);
  await queue.load();
  return queue;
};
