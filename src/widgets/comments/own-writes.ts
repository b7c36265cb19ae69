// What the server's answer to one of the viewer's writes (a comment, an edit, a delete, a vote) changes in the
// thread on screen, or what its refusal puts back. A chunk of its own, loaded at the first answer: a page
// that only reads never loads it. The widget's own modules come in through `OwnWrites` (as in live-thread.ts),
// so this chunk shares none with the widget's.
import { SIGN_IN_AGAIN, type KithError } from '../../core/error.js';
import type { Locale } from '../../core/locale.js';
import { superseded, type OutboxChange } from '../../core/outbox-queue.js';
import { sharedStrings, Strings } from '../../core/strings.js';
import type { Comment, NewComment, Sort } from './comments.data.js';
import type { Draft, newDraft } from './composer.js';
import type * as Thread from './thread.js';
import english from './own-writes/i18n/en.js';

/** What the answers say (keys like the widget's, `comments.posted` for sites that reword them): with this chunk,
 * not at first paint. */
const strings = new Strings(
  'comments',
  english,
  {
    de: () => import('./own-writes/i18n/de.js'),
    fr: () => import('./own-writes/i18n/fr.js'),
    es: () => import('./own-writes/i18n/es.js'),
    ja: () => import('./own-writes/i18n/ja.js'),
    ar: () => import('./own-writes/i18n/ar.js'),
  },
  sharedStrings,
);

/** Loads the answers' texts in the widget's language (before the first answer is applied). */
export const loadOwnWriteTexts = (locale: Locale): Promise<unknown> => strings.load(locale.language);

/** The widget as its own writes' answers see it. */
export interface OwnWrites {
  subject: string;
  sort: Sort;
  threads: Comment[];
  held: Comment[];
  count: number;
  /** The viewer's comments (id → Markdown source) and confirmed votes. */
  own: Map<string, string>;
  votes: Map<string, 1 | -1>;
  drafts: { new: Draft; reply?: Draft | undefined; edit?: Draft | undefined };
  notice: string;
  blocked: boolean;
  /** The element that has focus in the widget, if any. */
  focused(): Element | null | undefined;
  locale: Locale;
  t(key: string, params?: Record<string, string | number>): string;
  hasText(key: string): boolean;
  emit(name: string, detail: unknown): void;
  announce(text: string): void;
  keepFocus(): void;
  /** Focuses the first match once the thread is drawn again. */
  focusLater(selector: string): void;
  reload(): void;
  /** Live messages kept while the viewer's comment was on its way: applied once none is. */
  flushDeferred(): void;
  /** The path new comments of this thread are posted to. */
  postPath: string;
  newDraft: typeof newDraft;
  ops: typeof Thread;
}

/** A text of this chunk's, or the widget's own. */
const text = (widget: OwnWrites, key: string): string => (strings.has(key) ? strings.text(widget.locale, key) : widget.t(key));

const refusalText = (widget: OwnWrites, error: KithError, fallback: string) =>
  text(
    widget,
    SIGN_IN_AGAIN.has(error.code) ? 'signInAgain'
    : (strings.has(error.code) || widget.hasText(error.code)) && !['noSite', 'badSubject'].includes(error.code) ? error.code
    : error.status == 400 ? 'invalid'
    : fallback,
  );

/** The server's answer to the viewer's own comment, edit or delete, put in place. */
const applyOwn = (widget: OwnWrites, comment: Comment, action: 'created' | 'edited' | 'deleted', source?: string) => {
  const held = comment.status != 'approved';
  const { threads, ops } = widget;
  const { removeComment, replaceComment, insertComment } = ops;
  widget.held = widget.held.filter((other) => other.id != comment.id);
  if (action == 'deleted') {
    widget.own.delete(comment.id);
    const thread = threads.find((other) => other.id == comment.id);
    if (thread?.replies?.length) replaceComment(threads, comment);
    else if (removeComment(threads, comment.id)) widget.count = Math.max(0, widget.count - 1);
    widget.announce(text(widget, 'removedNotice'));
    widget.keepFocus();
    return;
  }
  if (source !== undefined) widget.own.set(comment.id, source);
  if (held) {
    removeComment(threads, comment.id);
    widget.held.push(comment);
  } else if (!replaceComment(threads, comment) && insertComment(threads, comment, widget.sort)) widget.count++;
  if (action == 'created') widget.announce(text(widget, held ? 'heldNotice' : 'posted'));
};

/** Applies one outbox change of this site's thread (the widget renders afterwards). */
export const applyOwnWrite = (widget: OwnWrites, { entry, response, refusal }: OutboxChange): void => {
  const { subject, newDraft } = widget;
  const { indexComments } = widget.ops;
  const body = entry.body as (NewComment & { value?: 1 | -1 }) | undefined;
  const id = decodeURIComponent(entry.path.match(/^comments\/([^/?]+)/)?.[1] ?? '');
  const isPost = entry.method == 'POST' && entry.path == widget.postPath;
  const isVote = entry.path.endsWith('/vote');
  // Not this thread's (another widget's, or a comment no longer here and not the viewer's): nothing to do.
  if (!isPost && !widget.own.has(id) && !indexComments([...widget.threads, ...widget.held]).has(id)) return;
  if (refusal) {
    const message = refusalText(widget, refusal, isVote ? 'voteFailed' : isPost ? 'failed' : 'changeFailed');
    widget.emit('kith-error', { subject, code: refusal.code, message, reverted: true });
    const drafts = widget.drafts;
    if (isPost) {
      // Nothing typed is lost: the text goes back into its form, with the reason.
      const kind = body?.parentId ? 'reply' : 'new';
      const draft = { ...newDraft(kind, body?.parentId, body?.body ?? ''), name: body?.guestName ?? '', error: message };
      if (kind == 'reply') drafts.reply = draft;
      else drafts.new = { ...draft, text: drafts.new.text.trim() ? drafts.new.text : draft.text };
    } else if (entry.method == 'PATCH') drafts.edit = { ...newDraft('edit', id, body?.body ?? ''), error: message };
    else widget.notice = message;
    if (refusal.code == 'author_blocked') widget.blocked = true;
  } else if (response) {
    if (isVote) {
      const answer = response as { id: string; up: number; down: number; mine: 1 | -1 | null };
      const comment = indexComments(widget.threads).get(answer.id);
      if (comment) (comment.up = answer.up), (comment.down = answer.down);
      answer.mine ? widget.votes.set(answer.id, answer.mine) : widget.votes.delete(answer.id);
      if (!superseded(entry)) widget.emit('kith-vote', { subject, id: answer.id, value: answer.mine, up: answer.up, down: answer.down });
    } else {
      const comment = (response as { comment: Comment }).comment;
      const action = isPost ? 'created' : entry.method == 'DELETE' ? 'deleted' : 'edited';
      // Focus on the comment as it was on its way moves to the comment the server made of it.
      const focused = widget.focused()?.closest<HTMLElement>('[data-id]')?.dataset.id == 'outbox:' + entry.key;
      applyOwn(widget, comment, action, body?.body);
      if (focused) widget.focusLater(`[data-id="${CSS.escape(comment.id)}"]`);
      widget.emit('kith-comment', { subject, comment, action });
    }
  } else widget.reload(); // another tab sent it: show what the server has now
  widget.flushDeferred();
};
