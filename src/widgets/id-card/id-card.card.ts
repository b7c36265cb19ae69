// The ID card itself: its template and look, a chunk of its own. The widget loads it when a card is first reached
// for (with the card's data and the code that places it, halfway through the hover delay), so a list page of 500
// names downloads none of it.
import { css, html, nothing, type TemplateResult } from 'lit';
import { retryable } from '../../core/error.js';
import { alertIcon, clockIcon } from '../../core/icons.js';
import { formatNumber } from '../../core/strings.js';
import { DEFAULT_FIELDS, fieldValue, safeUrl, type CardHost, type CardProfile } from './id-card.data.js';

const closeIcon = html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z" /></svg>`;

/** The popover: a non-modal dialog named by its title and described by its body. */
export const card = (host: CardHost): TemplateResult => {
  const { phase, locale } = host;
  return html`<div
    popover="manual"
    part="card"
    role="dialog"
    tabindex="-1"
    aria-labelledby="title"
    aria-describedby="body"
    lang=${locale.tag}
    dir=${locale.dir}
    aria-busy=${phase == 'loading'}
    @pointerenter=${host.entered}
  >
    ${phase == 'loading' ? skeleton(host) : filled(host, phase)}
  </div>`;
};

/** -1 while the card's links and buttons are out of the Tab order. */
const tabIndex = (host: CardHost) => (host.outOfTabOrder ? -1 : nothing);

const closeButton = (host: CardHost) =>
  html`<button class="close" part="close" aria-label=${host.t('close')} title=${host.t('close')} tabindex=${tabIndex(host)} @click=${host.hide}>${closeIcon}</button>`;

/** The shape of a card while its data comes, named "Loading card…". */
const skeleton = (host: CardHost) => html`<div class="card">
  <span class="avatar bone"></span>
  <div class="head"><h2 id="title" part="title"><span class="visually-hidden">${host.t('loading')}</span><span class="bone short"></span></h2></div>
  ${closeButton(host)}
  <div class="body" id="body"><span class="bone"></span><span class="bone short"></span><span class="bone"></span></div>
</div>`;

/** The card with data (or with what failed). */
const filled = (host: CardHost, phase: 'error' | 'ready') => {
  const profile = phase == 'ready' ? host.profile : undefined;
  const layout = host.view?.layout;
  const fields = layout?.fields ?? DEFAULT_FIELDS;
  const title = (profile && String(fieldValue(profile, fields[0]!) ?? '')) || profile?.name || host.triggerText;
  const avatar = profile?.avatarUrl && safeUrl(profile.avatarUrl) ? profile.avatarUrl : '';
  return html`<div class="card">
    ${avatar
      ? html`<img part="avatar" src=${avatar} alt="" width="48" height="48" referrerpolicy="no-referrer" @error=${(event: Event) => ((event.target as HTMLElement).hidden = true)} />`
      : nothing}
    <div class="head"><h2 id="title" part="title">${title}</h2></div>
    ${closeButton(host)}
    <div class="body" id="body">
      ${profile ? fieldList(host, profile, fields, layout?.narrow ?? 4) : phase == 'ready' ? html`<p class="sub">${host.t('noProfile')}</p>` : nothing}
      ${phase == 'ready' ? [contextLines(host), summary(host)] : nothing} ${status(host, phase)}
    </div>
  </div>`;
};

/** The layout's fields after the title, labelled; those past `narrow` are hidden on a narrow screen. */
const fieldList = (host: CardHost, profile: CardProfile, fields: string[], narrow: number) => {
  const rows = fields.slice(1).flatMap((field, i) => {
    const value = fieldValue(profile, field);
    if (value === undefined || value === '' || field == 'avatarUrl') return [];
    // An extra field is labelled with its name, underscores read as spaces (`On_leave`: "On leave").
    const label = field.startsWith('fields.') ? field.slice(7).replace(/_/g, ' ') : host.t(field);
    return [html`<div class="row ${i + 1 >= narrow ? 'beyond-narrow' : ''}"><dt>${label}</dt><dd>${fieldValueView(host, field, value)}</dd></div>`];
  });
  return rows.length ? html`<dl part="fields">${rows}</dl>` : nothing;
};

/** A field's value: email, phone and URL as links; numbers in the card's language; true/false as words. */
const fieldValueView = (host: CardHost, field: string, value: string | number | boolean) => {
  const text = typeof value == 'number' ? formatNumber(host.locale.tag, value) : typeof value == 'boolean' ? host.t(value ? 'yes' : 'no') : value;
  const link = (href: string, shown: string | number, external = false) =>
    html`<a href=${href} target=${external ? '_blank' : nothing} rel=${external ? 'noopener noreferrer' : nothing} tabindex=${tabIndex(host)}>${shown}</a>`;
  if (field == 'email') return link('mailto:' + value, text);
  if (field == 'phone') return link('tel:' + String(value).replace(/[^\d+]/g, ''), text);
  if (field == 'url' && safeUrl(String(value))) return link(String(value), String(value).replace(/^https?:\/\/(www\.)?/i, '').replace(/\/$/, ''), true);
  return text;
};

/** How a Kith user relates to the page's subject (`context`): their vote, comments and tags there. */
const contextLines = (host: CardHost) => {
  const context = host.view?.context;
  if (!context) return nothing;
  const lines = [
    context.rated ? host.t('rated', { n: context.rated }) : '',
    context.comments ? host.t('commented', { n: context.comments }) : '',
    context.tags.length ? host.t('tagged', { tags: context.tags.join(', ') }) : '',
  ].filter(Boolean);
  return lines.length ? html`<ul class="context" part="context">${lines.map((line) => html`<li>${line}</li>`)}</ul>` : nothing;
};

/** The subject's social summary: rating, comments, top tags. */
const summary = (host: CardHost) => {
  const social = host.view?.summary;
  if (!social) return nothing;
  const { rating, comments, tags } = social;
  return html`<ul class="summary" part="summary">
    <li>${rating.count ? host.t('rating', { avg: rating.average, max: 5, n: rating.count }) : host.t('noRatings')}</li>
    <li>${host.t('comments', { n: comments })}</li>
    ${tags.length ? html`<li>${host.t('tags')}: <span class="tags">${tags.map((tag) => html`<span class="tag">${tag.tag}</span>`)}</span></li>` : nothing}
  </ul>`;
};

/** The status line: why loading failed (with Retry where retrying can help), or that a saved copy is shown. */
const status = (host: CardHost, phase: 'error' | 'ready') => {
  const error = host.loadError;
  const [kind, text] =
    phase == 'error'
      ? ['error', host.loaderFailed ? host.t('loadFailed') : host.loadErrorText(error)]
      : error
        ? ['stale', host.t(host.supplied ? 'summaryFailed' : 'stale')]
        : ['', ''];
  if (!kind) return nothing;
  const retry = host.loaderFailed || (error && retryable(error));
  return html`<p class="status ${kind}" part="message" role=${kind == 'error' ? 'alert' : nothing}>
    ${kind == 'error' ? alertIcon : clockIcon}<span>${text}</span>${retry ? html`<button tabindex=${tabIndex(host)} @click=${host.retry}>${host.t('retry')}</button>` : nothing}
  </p>`;
};

/** The card's look, added to the widget's shadow root when this chunk arrives. */
export const cardStyles = css`
  [popover] {
    /* The UA centres a popover in the viewport: Floating UI (core/placement.ts) places it instead. */
    position: fixed;
    inset: auto;
    margin: 0;
    box-sizing: border-box;
    inline-size: max-content;
    min-inline-size: min(16em, 100vw - 16px);
    max-inline-size: min(var(--kith-id-card-width, 24em), 100vw - 16px);
    overflow: auto;
    overscroll-behavior: contain;
    padding: 0;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 0.25em 1em rgb(0 0 0 / 0.2);
    font: inherit;
    line-height: 1.4;
    text-align: start;
    overflow-wrap: anywhere;
  }
  .card {
    display: grid;
    grid-template-columns: auto 1fr auto;
    align-items: start;
    gap: 0.25em 0.75em;
    padding: 0.75em;
  }
  .head {
    grid-column: 1 / 3;
    grid-row: 1;
    min-inline-size: 0;
    align-self: center;
  }
  img + .head,
  .avatar + .head {
    grid-column: 2;
  }
  h2 {
    margin: 0;
    font-size: 1.15em;
    font-weight: 600;
  }
  .sub,
  .status {
    margin: 0;
  }
  .sub {
    color: var(--_muted);
  }
  img,
  .avatar {
    grid-column: 1;
    grid-row: 1;
    inline-size: 3em;
    block-size: 3em;
    border-radius: 50%;
    object-fit: cover;
  }
  img {
    background: var(--_border);
  }
  .close {
    grid-column: 3;
    grid-row: 1;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-inline-size: 24px;
    min-block-size: 24px;
    padding: 0.2em;
    border-color: transparent;
    color: var(--_muted);
  }
  .close:hover {
    border-color: var(--_graphic);
  }
  .icon {
    inline-size: 1.1em;
    block-size: 1.1em;
    flex: none;
  }
  .body {
    grid-column: 1 / -1;
    display: grid;
    gap: 0.5em;
  }
  dl {
    display: grid;
    grid-template-columns: auto 1fr;
    align-items: baseline;
    gap: 0.15em 0.75em;
    margin: 0;
  }
  dt {
    color: var(--_muted);
  }
  dd {
    margin: 0;
    min-inline-size: 0;
  }
  .row {
    display: contents;
  }
  dd a {
    display: inline-block;
    min-block-size: 24px;
    line-height: 24px;
    color: var(--_own);
  }
  /* A narrow screen shows the layout's first fields only. */
  @media (max-width: 30em) {
    .beyond-narrow {
      display: none;
    }
  }
  .summary {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1em;
    margin: 0;
    padding: 0.5em 0 0;
    border-block-start: 1px solid var(--_border);
    list-style: none;
  }
  .context {
    margin: 0;
    padding: 0;
    list-style: none;
    font-weight: 600;
  }
  .tags {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 0.25em;
  }
  .tag {
    padding: 0 0.5em;
    border: 1px solid var(--_border);
    border-radius: 1em;
  }
  .status {
    display: flex;
    align-items: center;
    gap: 0.4em;
  }
  .status.error {
    color: var(--_danger);
  }
  .status.stale {
    color: var(--_muted);
  }
  .status button {
    margin-inline-start: auto;
  }
  /* The loading skeleton: the shape of a card, so it does not jump when the data comes. */
  .bone {
    display: block;
    inline-size: 12em;
    max-inline-size: 100%;
    block-size: 0.9em;
    margin-block: 0.25em;
    border-radius: 0.25em;
    background: color-mix(in srgb, var(--_graphic) 25%, var(--_surface));
  }
  /* Widths as classes, not style attributes: a page's CSP may forbid those. */
  .bone.short {
    inline-size: 60%;
  }
  .avatar.bone {
    inline-size: 3em;
    block-size: 3em;
    border-radius: 50%;
    margin: 0;
  }
  @media (prefers-reduced-motion: no-preference) {
    .bone {
      animation: kith-fade 1s ease-in-out infinite alternate;
    }
    @keyframes kith-fade {
      to {
        opacity: 0.45;
      }
    }
  }
  @media (forced-colors: active) {
    [popover] {
      border-color: CanvasText;
    }
    .bone {
      background: GrayText;
    }
    .tag,
    .summary {
      border-color: CanvasText;
    }
    .close {
      border-color: ButtonText;
    }
  }
`;
