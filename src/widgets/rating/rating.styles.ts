import { css } from 'lit';
import { tokens } from '../../core/tokens.js';

export const styles = [
  tokens,
  css`
    :host {
      display: inline-block;
      --_star: var(--kith-rating-star-color, var(--_accent));
      --_empty: var(--kith-rating-star-empty-color, var(--_border));
      --_size: var(--kith-rating-star-size, 1.5em);
    }
    [part='base'] {
      display: grid;
      gap: var(--_space);
      min-width: 15em;
      padding: var(--_space) calc(var(--_space) * 1.5);
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    .row,
    [part='stars'],
    [part='message'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space);
    }
    [part='stars'] {
      gap: 0;
    }
    [part~='star'] {
      display: flex;
      padding: 2px;
      border-radius: 4px;
      cursor: pointer;
    }
    :host([readonly]) [part~='star'] {
      cursor: auto;
    }
    [part='count'] {
      min-width: 8em;
    }
    .pending {
      opacity: 0.7;
    }
    i {
      width: var(--_size);
      height: var(--_size);
      clip-path: polygon(50% 0, 61% 35%, 98% 35%, 68% 57%, 79% 91%, 50% 70%, 21% 91%, 32% 57%, 2% 35%, 39% 35%);
      background: linear-gradient(90deg, var(--_star) var(--_p), var(--_empty) 0);
    }
    [part='chart'] {
      display: grid;
      grid-template-columns: auto 1fr;
      align-items: center;
      gap: 2px var(--_space);
      max-width: 15em;
      font-size: 0.75em;
      line-height: 1;
      color: var(--_muted);
    }
    .track {
      height: 0.5em;
      border-radius: 1em;
      background: color-mix(in srgb, var(--_border) 50%, transparent);
      overflow: hidden;
    }
    [part='bar'] {
      display: block;
      height: 100%;
      width: var(--_w);
      background: var(--_star);
    }
    [part='message'] {
      min-height: 1.9em;
      font-size: 0.875em;
      color: var(--_muted);
    }
    :host([readonly]) [part='message']:empty {
      display: none;
    }
    .err {
      color: var(--_danger);
    }
  `,
];
