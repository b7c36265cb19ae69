// One comment as it is drawn: at most 15 elements besides its text (a page of 1,000 must render in a frame or
// two), no listeners of its own (the list handles clicks through `data-action`), no Intl objects of its own.
import { html, nothing } from 'lit';
import { absoluteFormat, timeTemplate } from '../../core/relative-time.js';
import { richText } from '../../core/rich-text.js';
import { formatNumber } from '../../core/strings.js';
import type { Comment } from './comments.data.js';
import { initials } from './thread.js';

/** What is going on with a comment of the viewer's that the server has not confirmed, or that only they see. */
export type RowState = 'sending' | 'notSent' | 'retrying' | 'held' | 'notPublished' | 'deleting';

export interface CommentRow {
  comment: Comment;
  /** The viewer wrote it. */
  own: boolean;
  /** The viewer's vote as shown (a pending one included), and the counts with it. */
  vote: 1 | -1 | 0;
  up: number;
  down: number;
  state?: RowState | undefined;
  /** Text the server has not turned into a tree yet (a new or edited comment on its way). */
  pendingText?: string | undefined;
  /** Asking "Delete this comment?" in place. */
  confirmingDelete?: boolean;
}

export interface ViewContext {
  t: (key: string, params?: Record<string, string | number>) => string;
  /** The language tag times and numbers are formatted in. */
  tag: string;
  /** The viewer may reply (and so sees Reply buttons). */
  canReply: boolean;
  /** Avatar pictures that failed to load: initials instead. */
  brokenAvatars: Set<string>;
  /** The comment being edited: its composer replaces its text. */
  editing?: string | undefined;
  editor: () => unknown;
}


const avatar = (comment: Comment, broken: Set<string>) => {
  const url = comment.author.avatar;
  return url && /^https?:\/\//.test(url) && !broken.has(url)
    ? html`<img part="avatar" class="avatar" src=${url} alt="" loading="lazy" referrerpolicy="no-referrer" />`
    : html`<span part="avatar" class="avatar" aria-hidden="true">${initials(comment.author.name)}</span>`;
};

const badges = (comment: Comment, t: ViewContext['t']) => {
  const { verified, moderator, guest } = comment.author;
  const names = [verified === true ? t('verified') : verified, moderator && t('moderator'), guest && t('guest')].filter(Boolean);
  return names.length ? html`<span part="badge" class="badge">${names.join(' · ')}</span>` : nothing;
};

const ownActions = (t: ViewContext['t']) => html`<button data-action="edit">${t('edit')}</button><button data-action="delete">${t('delete')}</button>`;

/** The row under the text: votes, Reply, Edit, Delete; or a status; or "Delete this comment?". */
const actions = (row: CommentRow, view: ViewContext) => {
  const { t, tag } = view;
  const { own, state } = row;
  if (state) return html`<span part="status" class="status ${state}">${t(state)}</span>`;
  if (row.confirmingDelete)
    return html`<span class="confirm" role="group" aria-label=${t('confirmDelete')}
      >${t('confirmDelete')} <button class="danger" data-action="delete-yes">${t('delete')}</button>
      <button data-action="delete-no">${t('cancel')}</button></span
    >`;
  const ownTitle = own ? t('own_comment') : nothing;
  return html`<button class="vote" data-action="up" aria-pressed=${row.vote == 1} aria-label=${t('helpful', { n: row.up })} ?disabled=${own} title=${ownTitle}>
      ▲ ${formatNumber(tag, row.up)}</button
    ><button class="vote" data-action="down" aria-pressed=${row.vote == -1} aria-label=${t('unhelpful', { n: row.down })} ?disabled=${own} title=${ownTitle}>
      ▼ ${formatNumber(tag, row.down)}</button
    >${view.canReply ? html`<button data-action="reply">${t('reply')}</button>` : nothing}${own ? ownActions(t) : nothing}`;
};

/** One comment: avatar, author line (badges, stars, time, "edited"), text, then votes and actions. */
export const commentTemplate = (row: CommentRow, view: ViewContext) => {
  const { comment, own, state } = row;
  const { t, tag } = view;
  const depth = Math.min(3, Math.max(0, comment.depth | 0));
  if ((!comment.tree && row.pendingText === undefined) || state == 'deleting')
    return html`<article part="comment" class="comment tombstone d${depth}" data-id=${comment.id} tabindex="-1" aria-label=${t('deleted')}>
      <div class="body">${state == 'deleting' ? t('sending') : t('deleted')}</div>
    </article>`;
  const label = t(depth ? 'replyBy' : 'commentBy', { name: own ? t('you') : comment.author.name });
  const edited = comment.editedAt;
  return html`<article part="comment" class="comment d${depth}${own ? ' own' : ''}" data-id=${comment.id} tabindex="-1" aria-label=${label}>
    ${avatar(comment, view.brokenAvatars)}
    <div class="meta">
      <b class="author" dir="auto">${comment.author.name}</b> ${badges(comment, t)}${comment.stars
        ? html`<span class="stars" role="img" aria-label=${t('rated', { n: comment.stars })}>${'★★★★★☆☆☆☆'.slice(5 - comment.stars, 10 - comment.stars)}</span>`
        : nothing}
      ${comment.replyTo ? t('replyingTo', { name: comment.replyTo.name }) + ' · ' : ''}${timeTemplate(tag, comment.createdAt)}${edited
        ? html`${' · '}<time class="edited" datetime=${edited} title=${t('editedAt', { time: absoluteFormat(tag).format(new Date(edited)) })}>${t('edited')}</time>`
        : nothing}
    </div>
    ${view.editing == comment.id
      ? view.editor()
      : row.pendingText !== undefined
        ? html`<div class="body plain" dir="auto">${row.pendingText}</div>`
        : html`<div class="body rich">${richText(comment.tree)}</div>`}
    ${comment.status == 'approved' || state ? actions(row, view) : own ? ownActions(t) : nothing}
  </article>`;
};
