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

/** Loads the moderators' strings in `language`. */
export const loadStrings = (language: string): Promise<unknown> => strings.load(language);

/** A moderation text in `locale`; other keys (Cancel) are the widget's own (`fallback`). */
export const moderationText = (locale: Locale, key: string, params: Record<string, string | number>, fallback: (key: string, params: Record<string, string | number>) => string): string =>
  strings.has(key) ? strings.text(locale, key, params) : fallback(key, params);

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

/** This subject's pending comments (the first 50). */
export const loadQueue = async (prefix: string, subject: string, queue: QueueState): Promise<void> => {
  try {
    const query = 'status=pending&limit=50&subject=' + encodeURIComponent(subject);
    queue.items = (await call<{ items: ModComment[] }>('GET', 'moderation/comments?' + query, { prefix })).items;
    queue.failed = false;
  } catch {
    queue.failed = true;
  }
};

/** Runs a button's action on the server; resolves with the text to announce and the comment as it is now
 * (an approved one goes into the thread). Throws what the server said. */
export const runAction = async (prefix: string, queue: QueueState, id: string, action: string): Promise<[string, Comment | undefined] | undefined> => {
  const chosen = ACTIONS[action];
  if (!chosen) return undefined;
  queue.busy = id;
  queue.errors.delete(id);
  try {
    const answer = await chosen[0](prefix, id);
    queue.items = queue.items.filter((item) => item.id != id);
    queue.blocking = undefined;
    return [chosen[1], answer.comment];
  } finally {
    queue.busy = undefined;
  }
};

export interface QueueState {
  items: ModComment[];
  /** Loading the queue failed. */
  failed?: boolean;
  /** The comment whose author is about to be blocked ("hide their past comments too?"). */
  blocking?: string | undefined;
  /** The comment an action is running for. */
  busy?: string | undefined;
  /** Per comment: what went wrong with its last action. */
  errors: Map<string, string>;
}

/** What the queue borrows from the widget's chunk (passed in, so this chunk shares no module with it). */
export interface QueueContext {
  t: (key: string, params?: Record<string, string | number>) => string;
  /** `<time>` for an ISO time, and a comment's text. */
  time: (iso: string) => unknown;
  text: (comment: Comment) => unknown;
  open: boolean;
  onToggle: (event: Event) => void;
}

/** A disclosure (a button with aria-expanded, WAI-ARIA APG) over the queue; the summary says how many wait.
 * Buttons carry `data-action` and the comment's `data-id` (handled by the widget's one click listener). */
export const queueTemplate = (queue: QueueState, view: QueueContext) => {
  const { t } = view;
  return html`<section part="moderation" class="moderation" aria-label=${t('queue', { n: queue.items.length })}>
    <button class="toggle" aria-expanded=${view.open} aria-controls="moderation-queue" @click=${view.onToggle}>
      ${t('queue', { n: queue.items.length })}
    </button>
    <div id="moderation-queue" ?hidden=${!view.open}>
    ${queue.failed
      ? html`<p class="error">${t('queueFailed')}</p>`
      : !queue.items.length
        ? html`<p>${t('queueEmpty')}</p>`
        : html`<ul part="queue">
            ${queue.items.map(
              (comment) => html`<li part="queue-item" data-id=${comment.id} aria-busy=${queue.busy == comment.id}>
                <div class="meta"><b>${comment.author.name}</b> ${comment.author.guest ? t('guest') + ' · ' : ''}${view.time(comment.createdAt)}</div>
                <div class="body rich">${view.text(comment)}</div>
                ${queue.blocking == comment.id
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
                ${queue.errors.has(comment.id) ? html`<p class="error" role="alert">${queue.errors.get(comment.id)}</p>` : nothing}
              </li>`,
            )}
          </ul>`}
    </div>
  </section>`;
};
