import { css } from 'lit';
import { tokens } from '../../core/tokens.js';

// The widget's look on load: its trigger (inline, as the name it wraps). The card's look (a popover in the top
// layer, which inherits the widget's font and colors but no layout) comes with its chunk (id-card.card.ts).
export const styles = [
  tokens,
  css`
    :host {
      display: inline;
    }
  `,
];
