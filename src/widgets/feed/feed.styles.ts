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
      /* How many lines of an item's summary the card layout shows. */
      --_summary-lines: var(--kith-feed-summary-lines, 4);
    }
    .feed {
      display: grid;
      gap: var(--_space);
      min-width: 0;
      line-height: 1.45;
    }
    .card {
      padding: var(--_space) calc(var(--_space) * 1.5);
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    [part='header'] {
      margin: 0;
      padding-block-end: calc(var(--_space) * 0.75);
      border-block-end: 1px solid var(--_border);
      font-size: 1.15em;
      overflow-wrap: anywhere;
    }
    [part='items'] {
      display: grid;
      gap: calc(var(--_space) * 1.5);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    [part='item'] {
      display: grid;
      gap: 0.2em;
      min-width: 0;
    }
    .card [part='item'] + [part='item'] {
      padding-block-start: calc(var(--_space) * 1.5);
      border-block-start: 1px solid var(--_border);
    }
    .title {
      font-weight: bold;
      overflow-wrap: anywhere;
    }
    a {
      color: var(--_link);
    }
    .meta {
      margin: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0 0.6em;
      color: var(--_muted);
      font-size: 0.875em;
    }
    /* At most --kith-feed-summary-lines lines (a compact title: one), the last one ending in "…" where it goes on. A
       compact title is clamped, not kept on one line (nowrap): its text still wraps, so what it needs at the least is
       a word, and a grid track or a table column sized by its content does not grow to the whole title. */
    .summary,
    .compact .title {
      display: -webkit-box;
      -webkit-box-orient: vertical;
      -webkit-line-clamp: var(--_summary-lines);
      overflow: hidden;
    }
    /* A list's markers sit on the side its items' own direction puts them (an English list on an Arabic page). */
    .summary :is(ol, ul) {
      padding-inline: 1.5em;
    }
    .enclosures {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25em var(--_space);
      margin: 0;
      padding: 0;
      list-style: none;
      font-size: 0.875em;
    }
    /* An enclosure is a download: an arrow before its kind and size, not read aloud. */
    .enclosures a::before {
      content: '↓' / '';
      margin-inline-end: 0.3em;
    }
    .icon {
      flex: none;
      width: 1.1em;
      height: 1.1em;
    }

    /* Compact: one line per item (a CRM table cell, a list row): the title, shortened, and its age. */
    /* Block boxes, not grids: a CRM column of 200 feeds lays out in half the time. */
    .compact,
    .compact [part='items'],
    .compact .skeleton {
      display: block;
    }
    .compact [part='item'] {
      display: flex;
      align-items: baseline;
      gap: 0.5em;
    }
    /* Wrapped anywhere, whatever the page's white-space (CRM table cells are often nowrap): its one line shows as
       much of the title as fits, not only the words that fit whole, and what it needs at the least is one letter (no
       min-width: 0 needed to let it shrink). */
    .compact .title {
      flex: auto;
      -webkit-line-clamp: 1;
      white-space: normal;
      line-break: anywhere;
      font-weight: normal;
    }
    /* An item without a title shows its text on the line instead, its paragraphs run together. */
    .compact .title > * {
      display: inline;
    }
    .compact .meta {
      flex: none;
    }
    /* A compact link is as tall as its line: its target grows to 24 px without moving the text. */
    .compact a.title {
      padding-block: max(0px, (24px - 1lh) / 2);
      margin-block: min(0px, (1lh - 24px) / 2);
    }

    [part='message'] {
      display: flex;
      align-items: flex-start;
      flex-wrap: wrap;
      gap: 0.3em var(--_space);
      margin: 0;
      color: var(--_muted);
    }
    [part='message'] > .icon {
      margin-block-start: calc((1lh - 1.1em) / 2);
    }
    /* The text stays beside its icon, wrapping in its own column; Retry follows it, or goes below. */
    [part='message'] > span {
      flex: 1 1 0;
      min-width: min(12em, 80%);
    }
    .error[part='message'] {
      color: var(--_danger);
    }

    /* Loading: the rows it will fill, so nothing moves when they come. */
    .skeleton {
      display: grid;
      gap: calc(var(--_space) * 1.5);
    }
    .skeleton > div {
      height: 4.5em;
      border: 1px dashed var(--_border);
      border-radius: var(--_radius);
    }
    .compact .skeleton > div {
      height: 1lh;
      border-radius: 2px;
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
    /* Forced colors need nothing of their own: borders take CanvasText and links LinkText from the browser. */
  `,
];
