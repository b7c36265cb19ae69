import { html } from 'lit';

/** One star: an outline for the empty part and a filled copy that the stylesheet clips to the share the
 * average (or a preview) fills (`--_fill`). SVG paint, never a background gradient, so forced colors can
 * repaint it. */
export const star = html`<svg class="outline" viewBox="0 0 24 24" aria-hidden="true"><path d="M12 2.6l2.8 6 6.5.7-4.9 4.4 1.4 6.4L12 16.8l-5.8 3.3 1.4-6.4-4.9-4.4 6.5-.7z" /></svg><svg class="fill" viewBox="0 0 24 24" aria-hidden="true"><path d="M12 2.6l2.8 6 6.5.7-4.9 4.4 1.4 6.4L12 16.8l-5.8 3.3 1.4-6.4-4.9-4.4 6.5-.7z" /></svg>`;
