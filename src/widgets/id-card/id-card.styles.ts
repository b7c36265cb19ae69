import { css } from 'lit';
import { tokens } from '../../core/tokens.js';

// The widget is its trigger (inline, as the name it wraps) and a popover in the top layer, which inherits the
// widget's font and colors but no layout: no host container can clip or cover it.
export const styles = [
  tokens,
  css`
    :host {
      display: inline;
    }
    /* A trigger that is text, not a link or button: the widget itself takes focus. */
    :host(:focus-visible) {
      outline: 2px solid var(--_focus);
      outline-offset: 2px;
    }
    [popover] {
      /* The UA centres a popover in the viewport: Floating UI (core/placement.ts) places it instead. */
      position: fixed;
      inset: auto;
      margin: 0;
      box-sizing: border-box;
      inline-size: max-content;
      min-inline-size: min(16em, 100vw - 16px);
      max-inline-size: min(24em, 100vw - 16px);
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
  `,
];
