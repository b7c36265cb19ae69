import { css } from 'lit';

/**
 * Design tokens. Public `--kith-<category>-<name>` properties (set them on the page) map onto private
 * `--_x` ones; defaults follow the color scheme via light-dark(): `color-scheme` is `light dark` unless the
 * configured theme (host attribute `kith-theme`) pins it.
 */
export const tokens = css`
  :host {
    color-scheme: light dark;
    --_accent: var(--kith-color-accent, light-dark(#b45309, #fbbf24));
    --_text: var(--kith-color-text, light-dark(#1f2937, #f3f4f6));
    --_muted: var(--kith-color-muted, light-dark(#4b5563, #b6bcc6));
    --_surface: var(--kith-color-surface, light-dark(#fff, #1f2023));
    --_border: var(--kith-color-border, light-dark(#c4c9d1, #4b5058));
    --_danger: var(--kith-color-danger, light-dark(#b91c1c, #fca5a5));
    --_focus: var(--kith-color-focus, light-dark(#1d4ed8, #93c5fd));
    --_radius: var(--kith-radius, 0.5em);
    --_space: var(--kith-space, 0.5em);
    font-family: var(--kith-font-family, inherit);
    font-size: var(--kith-font-size, inherit);
    color: var(--_text);
  }
  :host([kith-theme='light']) {
    color-scheme: light;
  }
  :host([kith-theme='dark']) {
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none;
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    color: inherit;
    background: none;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0 var(--_space);
    cursor: pointer;
  }
`;
