import { html } from 'lit';

// Small status icons (24×24 view box) painted with currentColor, so forced colors repaint them like text.
export const alertIcon = html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm-1.2 5h2.4v7h-2.4zm0 9h2.4v2.4h-2.4z" /></svg>`;
export const clockIcon = html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 2.4a7.6 7.6 0 1 1 0 15.2 7.6 7.6 0 0 1 0-15.2zM11 7v6l4.6 2.8 1-1.7-3.4-2V7z" /></svg>`;
export const lockIcon = html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M7 10V7a5 5 0 0 1 10 0v3h1.5v12h-13V10zm2.4 0h5.2V7a2.6 2.6 0 0 0-5.2 0z" /></svg>`;
