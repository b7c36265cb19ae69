import { css } from 'lit';
import { richTextStyles } from '../../core/rich-text.js';
import { tokens } from '../../core/tokens.js';

export const styles = [
  tokens,
  richTextStyles,
  css`
    :host {
      display: block;
      max-width: 100%;
      color: var(--_text);
      --_link: var(--kith-color-link, light-dark(#1d4ed8, #93c5fd));
      --_avatar: var(--kith-comments-avatar-size, 2.25em);
      --_indent: var(--kith-comments-indent, 1.5em);
      --_avatar-bg: light-dark(#e5e7eb, #374151);
    }
    :host([variant='count']) {
      display: inline-block;
      vertical-align: top;
    }
    /* Its own surface: a thread pinned dark (data-theme) on a light page still reads. */
    .widget {
      display: grid;
      gap: var(--_space);
      min-width: 0;
      line-height: 1.45;
      padding: var(--_space);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space) calc(var(--_space) * 2);
    }
    .total {
      font-weight: bold;
      margin-inline-end: auto;
    }
    label {
      display: inline-flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.3em;
    }
    select,
    input,
    textarea {
      font: inherit;
      color: inherit;
      background: var(--_surface);
      border: 1px solid var(--_graphic);
      border-radius: 4px;
      min-height: 24px;
      max-width: 100%;
      box-sizing: border-box;
    }
    button {
      min-width: 24px;
      line-height: 1.2;
      padding-block: 0.15em;
    }
    button:disabled {
      cursor: default;
      color: var(--_muted);
      border-style: dashed;
    }
    .primary {
      background: var(--_own);
      border-color: var(--_own);
      color: var(--_surface);
      font-weight: bold;
    }
    .danger {
      color: var(--_danger);
      border-color: var(--_danger);
    }
    .notice {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      gap: 0.3em var(--_space);
      margin: 0;
      color: var(--_muted);
    }
    .notice.error,
    .error {
      color: var(--_danger);
    }
    .icon {
      flex: none;
      width: 1.1em;
      height: 1.1em;
    }
    .notice > span {
      flex: 1 1 12em;
    }
    a {
      color: var(--_link);
    }

    /* The thread: one flat list; replies are indented by depth. */
    .list {
      display: grid;
      gap: var(--_space);
      min-width: 0;
    }
    .comment {
      /* Off-screen comments are not laid out (a 1,000-comment thread draws what is on screen); the size last
         seen is remembered. */
      content-visibility: auto;
      contain-intrinsic-size: auto 6.5em;
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.25em var(--_space);
      min-width: 0;
      padding: var(--_space);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    .comment:focus-visible {
      outline: 2px solid var(--_focus);
    }
    .d1 {
      margin-inline-start: var(--_indent);
    }
    .d2 {
      margin-inline-start: calc(var(--_indent) * 2);
    }
    .d3 {
      margin-inline-start: calc(var(--_indent) * 3);
    }
    .avatar {
      flex: none;
      box-sizing: border-box;
      width: var(--_avatar);
      height: var(--_avatar);
      border-radius: 50%;
      display: inline-grid;
      place-items: center;
      font-size: 0.85em;
      font-weight: bold;
      background: var(--_avatar-bg);
      color: var(--_text);
      border: 1px solid var(--_border);
      object-fit: cover;
      overflow: hidden;
    }
    .meta {
      flex: 1 1 calc(100% - var(--_avatar) - var(--_space) * 2);
      min-width: 0;
      color: var(--_muted);
      font-size: 0.9em;
      overflow-wrap: anywhere;
    }
    .author {
      color: var(--_text);
    }
    .badge {
      display: inline-block;
      padding: 0 0.4em;
      border: 1px solid var(--_graphic);
      border-radius: 1em;
      font-size: 0.85em;
      color: var(--_text);
    }
    .stars {
      color: var(--_accent);
      letter-spacing: 0.05em;
      white-space: nowrap;
      margin-inline: 0.2em;
    }
    .body {
      flex: 1 1 100%;
      min-width: 0;
      overflow-wrap: anywhere;
    }
    .plain {
      white-space: pre-wrap;
    }
    .tombstone {
      color: var(--_muted);
      font-style: italic;
      border-style: dashed;
    }
    .tombstone .body {
      flex-basis: auto;
    }
    .vote[aria-pressed='true'] {
      border-color: var(--_own);
      color: var(--_own);
      font-weight: bold;
      box-shadow: inset 0 0 0 1px var(--_own);
    }
    .status {
      display: inline-flex;
      align-items: center;
      gap: 0.3em;
      padding: 0 0.4em;
      border: 1px dashed var(--_graphic);
      border-radius: 1em;
      font-size: 0.875em;
      color: var(--_muted);
    }
    .status.held,
    .status.notPublished {
      border-style: solid;
    }
    .confirm {
      display: inline-flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.3em;
      color: var(--_danger);
    }
    .incoming {
      justify-self: center;
      border-color: var(--_own);
      color: var(--_own);
      font-weight: bold;
    }
    .more-threads {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space);
      align-items: center;
    }
    .skeleton > div {
      height: 5em;
      border: 1px dashed var(--_border);
      border-radius: var(--_radius);
    }

    /* The form. */
    .composer {
      display: grid;
      gap: 0.35em;
      min-width: 0;
      flex: 1 1 100%;
    }
    .tabs {
      display: flex;
      flex-wrap: wrap;
      align-items: end;
      gap: 0.3em var(--_space);
    }
    .label {
      font-weight: bold;
      margin-inline-end: auto;
    }
    [role='tablist'] {
      display: inline-flex;
      gap: 2px;
    }
    [role='tab'][aria-selected='true'] {
      border-color: var(--_own);
      box-shadow: inset 0 -3px 0 var(--_own);
      font-weight: bold;
    }
    textarea {
      width: 100%;
      min-height: 4.5em;
      resize: vertical;
      padding: 0.4em;
    }
    textarea[aria-invalid='true'] {
      border-color: var(--_danger);
    }
    .name input {
      padding: 0.2em 0.4em;
      width: 16em;
    }
    .preview {
      min-height: 4.5em;
      padding: 0.4em;
      border: 1px solid var(--_border);
      border-radius: 4px;
    }
    .composer .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.3em var(--_space);
      font-size: 0.875em;
      color: var(--_muted);
    }
    .composer .error {
      flex: 1 1 100%;
      font-weight: bold;
    }
    .composer .buttons {
      font-size: 1em;
    }

    /* The count: one line in a table cell or a list row; its place is kept while it loads. */
    .count-link {
      display: inline-block;
      max-width: 100%;
      min-width: 5.5em;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
      vertical-align: top;
    }
    .count-link.placeholder {
      min-height: 1lh;
      border-radius: 4px;
      background: light-dark(#eef0f3, #2b2d31);
    }
    .count-link.error {
      display: inline-flex;
      align-items: center;
      gap: 0.2em;
      color: var(--_danger);
    }
    .count-link .icon {
      width: 1em;
      height: 1em;
    }
    /* The link is at least 24 px high as a target without making the row taller. */
    a.count-link {
      position: relative;
      overflow: visible;
    }
    a.count-link::before {
      content: '';
      position: absolute;
      inset-inline: 0;
      top: 50%;
      height: max(24px, 100%);
      translate: 0 -50%;
    }

    @media (max-width: 30em) {
      :host {
        --_indent: var(--kith-comments-indent, 0.75em);
      }
    }
    @media (prefers-reduced-motion: no-preference) {
      .skeleton > div {
        animation: kith-fade 1s ease-in-out infinite alternate;
      }
      @keyframes kith-fade {
        to {
          opacity: 0.4;
        }
      }
    }
    @media (forced-colors: active) {
      .primary,
      .vote[aria-pressed='true'],
      [role='tab'][aria-selected='true'] {
        forced-color-adjust: none;
        background: Highlight;
        color: HighlightText;
        border-color: Highlight;
        box-shadow: none;
      }
      .count-link.placeholder {
        border: 1px dashed GrayText;
      }
      .stars {
        color: CanvasText;
      }
    }
  `,
];
