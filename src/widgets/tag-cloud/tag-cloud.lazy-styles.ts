// The look of the tag cloud's lazy chunks: each adds its stylesheets to the widget's shadow root when it first
// draws, so the first paint carries none of them. The subjects list and "Tag another record…" share a box.
import { css, type CSSResult } from 'lit';

/** A box beside the tags: the subjects carrying a tag, the records to tag with one. */
export const boxStyles = css`
  .box {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    background: var(--_surface);
    min-width: 0;
  }
  .box ul {
    display: grid;
    gap: 0.25em;
    margin-block-end: var(--_space);
  }
`;

/** Adds `styles` to `root`'s adopted stylesheets, each once. */
export const adoptStyles = (root: ShadowRoot, ...styles: CSSResult[]): void => {
  const sheets = styles.map((style) => style.styleSheet!).filter((sheet) => !root.adoptedStyleSheets.includes(sheet));
  if (sheets.length) root.adoptedStyleSheets = [...root.adoptedStyleSheets, ...sheets];
};
