import { css } from 'lit';
import { tokens } from '../../core/tokens.js';

export const styles = [
  tokens,
  css`
    :host {
      display: inline-block;
      max-width: 100%;
      vertical-align: top;
      --_star: var(--kith-rating-star-color, var(--_accent));
      --_own-star: var(--kith-rating-own-color, var(--_own));
      --_empty: var(--kith-rating-star-empty-color, var(--_graphic));
      --_size: var(--kith-rating-star-size, 1.5em);
    }

    /* Stars: an outline for the empty part and a filled copy clipped to the star's --_fill (the average, or a
       preview in the own color). The stars of the visitor's own vote get a thicker own-color outline, drawn
       over the fill. */
    .stars {
      display: inline-flex;
      flex: none;
    }
    .star {
      display: inline-grid;
      place-items: center;
      cursor: pointer;
    }
    .star > svg {
      width: var(--_size);
      height: var(--_size);
      overflow: visible;
    }
    path {
      stroke-width: 1.6;
      stroke-linejoin: round;
    }
    /* The outline is drawn over the fill: in the fill's color where the star is full, thicker and in the
       own color on the stars of the visitor's own vote. */
    .outline {
      fill: none;
      stroke: var(--_empty);
    }
    .full .outline {
      stroke: var(--_star);
    }
    .preview .full .outline {
      stroke: var(--_own-star);
    }
    .own .outline {
      stroke: var(--_own-star);
      stroke-width: 2.6;
    }
    .fill {
      fill: var(--_star);
      clip-path: inset(0 calc(100% - var(--_fill)) 0 0);
    }
    [dir='rtl'] .fill {
      clip-path: inset(0 0 0 calc(100% - var(--_fill)));
    }
    .preview .fill {
      fill: var(--_own-star);
    }
    .placeholder .outline {
      stroke-dasharray: 2.5 2;
    }
    [aria-disabled='true'] .star,
    [role='img'] .star {
      cursor: default;
    }
    .status {
      display: inline-flex;
      align-items: center;
      gap: 0.3em;
    }
    /* A card's message may wrap (a long refusal at 320 px, a German sentence): its icon stays on the first line. */
    .card .status {
      align-items: flex-start;
    }
    .card .status > .icon {
      margin-block-start: calc((1lh - 1.1em) / 2);
    }
    .icon {
      flex: none;
      width: 1.1em;
      height: 1.1em;
    }

    /* The card (default): product and record pages. Off screen, its layout waits until it scrolls near
       (a category page of 200 cards lays out the dozen on screen); the size it had is remembered. */
    .card {
      content-visibility: auto;
      contain-intrinsic-size: auto 16em auto 9.5em;
      display: grid;
      gap: var(--_space);
      box-sizing: border-box;
      min-width: min(16em, 100%);
      padding: var(--_space) calc(var(--_space) * 1.5);
      color: var(--_text);
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    .row,
    .card [part='message'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 2px var(--_space);
    }
    .card .star {
      /* WCAG 2.5.8: at least 24×24 CSS px at any host font. */
      min-width: 24px;
      min-height: 24px;
      padding: 2px;
      border-radius: 4px;
    }
    .chart-area {
      display: grid;
    }
    .chart-area > * {
      grid-area: 1 / 1;
    }
    [part='chart'] {
      display: grid;
      grid-template-columns: auto 1fr auto;
      align-items: center;
      gap: 2px var(--_space);
      max-width: 16em;
      font-size: 0.75em;
      line-height: 1.25;
    }
    [part='chart'],
    .first,
    [part='message'] {
      color: var(--_muted);
    }
    .error {
      color: var(--_danger);
    }
    .hidden {
      visibility: hidden;
    }
    .track {
      height: 0.6em;
      border: 1px solid var(--_empty);
      border-radius: 1em;
      overflow: hidden;
    }
    .placeholder .track {
      border-style: dashed;
    }
    [part='bar'] {
      display: block;
      width: var(--_share);
      height: 100%;
      background: var(--_star);
    }
    .number {
      min-width: 2ch;
      text-align: end;
    }
    .first {
      margin: 0;
      align-self: center;
      font-size: 0.875em;
    }
    .card [part='message'] {
      min-height: max(2em, 26px);
      font-size: 0.875em;
    }

    /* Inline: one line of text in a table cell or a list row, sized by the host's font. */
    .inline {
      display: inline-flex;
      align-items: center;
      /* At the top of the host's line: no baseline gap below it, so the line is no taller than its text. */
      vertical-align: top;
      max-width: 100%;
      white-space: nowrap;
    }
    /* Spaces before what follows the stars, not gaps: an empty status takes no room. */
    .inline [part='count'],
    .inline .status > :first-child,
    .inline button {
      margin-inline-start: 0.2em;
    }
    .inline .stars {
      border-radius: 2px;
      --_size: 0.74em;
    }
    /* Each control is one target at least 24 CSS px high (WCAG 2.5.8) without making the line taller. */
    .inline .stars,
    .inline button,
    .inline a {
      position: relative;
    }
    .inline .stars::before,
    .inline button::before,
    .inline a::before {
      content: '';
      position: absolute;
      inset-inline: 0;
      top: 50%;
      height: max(24px, 100%);
      translate: 0 -50%;
    }
    .inline button {
      min-height: 0;
      padding: 0 0.3em;
    }
    .inline [part='count'] {
      font-size: 0.86em;
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .card [part='count'],
    .number {
      font-variant-numeric: tabular-nums;
    }
    a {
      color: inherit;
    }

    @media (prefers-reduced-motion: no-preference) {
      .pending .icon {
        animation: kith-pulse 1s ease-in-out infinite alternate;
      }
      @keyframes kith-pulse {
        to {
          opacity: 0.35;
        }
      }
    }

    /* Windows high contrast and other forced colors: the graphics keep their own paint, in system colors. */
    @media (forced-colors: active) {
      :host {
        --_star: CanvasText;
        --_empty: CanvasText;
        --_own-star: Highlight;
      }
      .stars,
      [part='chart'] {
        forced-color-adjust: none;
      }
      [part='chart'] {
        color: CanvasText;
      }
    }
  `,
];
