// The comment form: a labelled textarea with Write and Preview tabs, the guest's name where a guest may
// comment, the characters left near the limit, and the message of a refusal (the text stays). The widget
// keeps one Draft per open form (a new comment, a reply, an edit) and renders it with this template. Typing
// does not re-render (a long thread would redraw on every key): the field's value is bound to the draft,
// which the input handler keeps equal to what is typed, and a form emptied after posting is emptied in
// the page as well (see KithComments #submit).
import { html, nothing } from 'lit';
import { richText, type Root } from '../../core/rich-text.js';

/** The server's limit (code points after trimming). */
export const MAX_LENGTH = 10_000;
/** The count of characters left shows from here on. */
const COUNT_FROM = 9_000;

export interface Draft {
  kind: 'new' | 'reply' | 'edit';
  /** The comment replied to, or edited. */
  target?: string;
  text: string;
  /** A guest's display name. */
  name: string;
  tab: 'write' | 'preview';
  preview?: Root | null | 'loading' | 'failed';
  /** Why the last try was refused (the text is still here). */
  error?: string;
}

export const newDraft = (kind: Draft['kind'], target?: string, text = ''): Draft => ({ kind, target, text, name: '', tab: 'write' });

export const length = (text: string): number => [...text.trim()].length;

export interface ComposerContext {
  t: (key: string, params?: Record<string, string | number>) => string;
  tag: string;
  /** Ask for the guest's name. */
  guest: boolean;
  /** The label of a reply: the name replied to. */
  replyTo?: string;
  onInput: (draft: Draft, event: Event) => void;
  onKeydown: (draft: Draft, event: KeyboardEvent) => void;
  onSubmit: (draft: Draft, event: Event) => void;
  onTab: (draft: Draft, tab: Draft['tab'], event: Event) => void;
  onCancel: (draft: Draft) => void;
}

/** `<form part="composer">`: ids are unique per kind (one form of each kind is open at a time). */
export const composerTemplate = (draft: Draft, view: ComposerContext) => {
  const { t } = view;
  const id = 'composer-' + draft.kind;
  const used = length(draft.text);
  const left = MAX_LENGTH - used;
  const label = draft.kind == 'edit' ? t('editComment') : draft.kind == 'reply' ? t('yourReply', { name: view.replyTo ?? '' }) : t('yourComment');
  const preview = draft.tab == 'preview';
  const previewed = draft.preview;
  return html`<form part="composer" class="composer ${draft.kind}" novalidate @submit=${(event: Event) => view.onSubmit(draft, event)}>
    ${view.guest && draft.kind != 'edit'
      ? html`<label class="name"
          >${t('guestName')}
          <input dir="auto" name="name" autocomplete="nickname" maxlength="50" required .value=${draft.name} @input=${(event: Event) => view.onInput(draft, event)}
        /></label>`
      : nothing}
    <div class="tabs">
      <label for=${id + '-text'} class="label">${label}</label>
      <span role="tablist" @keydown=${(event: KeyboardEvent) => view.onKeydown(draft, event)}
        ><button type="button" role="tab" id=${id + '-write'} aria-selected=${!preview} tabindex=${preview ? -1 : 0} aria-controls=${id + '-text'} @click=${(event: Event) => view.onTab(draft, 'write', event)}>
          ${t('write')}</button
        ><button type="button" role="tab" id=${id + '-preview'} aria-selected=${preview} tabindex=${preview ? 0 : -1} aria-controls=${id + '-panel'} @click=${(event: Event) => view.onTab(draft, 'preview', event)}>
          ${t('preview')}
        </button></span
      >
    </div>
    <textarea
      dir="auto"
      id=${id + '-text'}
      name="body"
      rows=${draft.kind == 'new' ? 4 : 3}
      ?hidden=${preview}
      aria-describedby=${id + '-help'}
      aria-invalid=${draft.error || left < 0 ? 'true' : 'false'}
      .value=${draft.text}
      @input=${(event: Event) => view.onInput(draft, event)}
      @keydown=${(event: KeyboardEvent) => view.onKeydown(draft, event)}
    ></textarea>
    ${preview
      ? html`<div id=${id + '-panel'} class="preview rich" role="tabpanel" aria-labelledby=${id + '-preview'} tabindex="0" aria-busy=${previewed == 'loading'}>
          ${previewed == 'loading' ? t('loading') : previewed == 'failed' ? t('previewFailed') : previewed?.children.length ? richText(previewed) : t('nothingToPreview')}
        </div>`
      : nothing}
    <div class="row" id=${id + '-help'}>
      ${draft.error ? html`<span class="error" role="alert">${draft.error}</span>` : nothing}
      <span class="hint">${used >= COUNT_FROM ? (left >= 0 ? t('charsLeft', { n: left }) : t('tooLong', { n: -left })) : t('hint')}</span>
    </div>
    <div class="row buttons">
      <button type="submit" class="primary">${t(draft.kind == 'edit' ? 'save' : draft.kind == 'reply' ? 'postReply' : 'post')}</button>
      ${draft.kind == 'new' ? nothing : html`<button type="button" @click=${() => view.onCancel(draft)}>${t('cancel')}</button>`}
    </div>
  </form>`;
};
