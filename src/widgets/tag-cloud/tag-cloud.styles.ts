import { css } from 'lit';
import { tokens } from '../../core/tokens.js';

// The first paint's look. The field and its suggestions, the "Tag another record…" list and the subjects list
// bring their own styles with their chunks.
export const styles = [
  tokens,
  css`
    :host {
      display: block;
      max-width: 100%;
      --_chip: var(--kith-tag-cloud-chip-color, color-mix(in srgb, var(--_graphic) 14%, var(--_surface)));
      --_own-tag: var(--kith-tag-cloud-own-color, var(--_own));
    }
    :host([variant='compact']) {
      display: inline-block;
      vertical-align: top;
    }
    .full {
      display: grid;
      gap: var(--_space);
      color: var(--_text);
    }
    /* Space for a line of chips while loading, so nothing moves when they come. */
    .tagging {
      min-block-size: 2em;
    }
    /* The list and "+N" stay in the template while there is nothing to show in them. */
    [hidden] {
      display: none !important;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .chips {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.35em;
    }
    .chip {
      display: inline-flex;
      max-width: 100%;
      border-radius: 1em;
      background: var(--_chip);
      border: 1px solid var(--_border);
    }
    /* The tag's link (or button), the remove button and "Tag another record…": each at least 24×24 px. */
    .full .chip > * {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      gap: 0.35em;
      min-width: 24px;
      min-height: 24px;
      padding: 0 0.6em;
      border: none;
      border-radius: 1em;
      text-decoration: none;
      overflow-wrap: anywhere;
    }
    .own {
      border: 2px solid var(--_own-tag);
    }
    /* "Tag another record…": a quiet glyph after the tag (a 24 px target), smaller beside the cloud's big tags. */
    .chip > .another {
      padding: 0;
      color: var(--_muted);
      font-size: 0.8em;
    }
    .w4 > .another,
    .w5 > .another {
      font-size: 0.55em;
    }
    [data-count]::after {
      content: ' ' attr(data-count);
    }
    [data-count]::after,
    [part='message'],
    .empty,
    .more {
      color: var(--_muted);
      font-size: 0.875em;
    }
    /* What the viewer added or removed, not yet confirmed by the server: dashed, and a removal struck through. */
    .adding,
    .removing {
      border-style: dashed;
    }
    .removing .name {
      text-decoration: line-through;
    }
    /* The cloud: weight by size in five steps (logarithmic in use, see weightStep). */
    .cloud .chip {
      background: none;
      border-color: transparent;
      line-height: 1.2;
    }
    .w1 {
      font-size: 0.85em;
    }
    .w2 {
      font-size: 1.05em;
    }
    .w3 {
      font-size: 1.25em;
    }
    .w4 {
      font-size: 1.5em;
      font-weight: 600;
    }
    .w5 {
      font-size: var(--kith-tag-cloud-max-size, 1.8em);
      font-weight: 700;
    }
    .order button[aria-pressed='true'] {
      background: var(--_text);
      color: var(--_surface);
    }
    /* The field's place, until its chunk draws it (tag-cloud.suggest.ts). */
    .field-space {
      min-block-size: calc(24px + 0.4em);
    }
    [part='message'],
    .status {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 2px var(--_space);
    }
    .icon {
      width: 1.1em;
      height: 1.1em;
    }
    .error {
      color: var(--_danger);
    }
    .skeleton {
      display: flex;
      gap: 0.35em;
    }
    .skeleton > span {
      inline-size: 4em;
      block-size: 1.6em;
      border-radius: 1em;
      border: 1px dashed var(--_graphic);
    }
    /* A dragged tag over a tagging widget: it shows it will take the drop. */
    :host(:state(drop-target)) [part~='base'] {
      outline: 3px dashed var(--_focus);
      outline-offset: 2px;
    }

    /* Compact: one line in a table cell (120 px at 13 px: two short tags and "+N", longer ones cut with "…"). Each
       tag is one control, the chip itself. */
    .compact {
      display: inline-flex;
      align-items: center;
      gap: 0.25em;
      max-width: 100%;
      white-space: nowrap;
      overflow: hidden;
    }
    /* A long tag gives way before a short one is cut to "c…". */
    .compact .chip {
      position: relative;
      align-items: center;
      min-width: min(3.5em, 40%);
      min-height: 0;
      padding: 0 0.6em;
      font-size: 0.85em;
      text-decoration: none;
    }
    .compact .name {
      overflow: hidden;
      text-overflow: ellipsis;
    }
    /* Each control is one target at least 24 CSS px high (WCAG 2.5.8) without making the line taller. */
    .compact .chip::before,
    .compact button::before {
      content: '';
      position: absolute;
      inset: 50% 0 auto;
      height: max(24px, 100%);
      translate: 0 -50%;
    }
    .compact .skeleton > span {
      inline-size: 3em;
      block-size: 1em;
    }

    @media (prefers-reduced-motion: no-preference) {
      .pending .icon,
      .skeleton > span {
        animation: kith-pulse 1s ease-in-out infinite alternate;
      }
      @keyframes kith-pulse {
        to {
          opacity: 0.35;
        }
      }
    }

    /* Windows high contrast: own tags and the pressed order button keep showing in system colors. */
    @media (forced-colors: active) {
      .own {
        border-color: Highlight;
      }
      .order button[aria-pressed='true'] {
        forced-color-adjust: none;
        background: Highlight;
        color: HighlightText;
      }
    }
  `,
];
