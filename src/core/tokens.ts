import { css } from 'lit';

/**
 * Design tokens. Public `--kith-<category>-<name>` properties (set them on the page) map onto private
 * `--_x` ones. Defaults use light-dark(): the host inherits the page's `color-scheme` unless `kith-theme`
 * (the configured theme, or what `auto` read off the page) pins it. Every pair below meets WCAG in both
 * schemes on `--_surface` and on a white or near-black page: text ≥ 4.5:1, graphics (`--_accent`,
 * `--_own`, `--_graphic`, `--_focus`) ≥ 3:1 (test/core/tokens.test.ts computes them).
 */
export const tokens = css`
  :host {
    --_accent: var(--kith-color-accent, light-dark(#b45309, #fbbf24));
    --_own: var(--kith-color-own, light-dark(#1d4ed8, #93c5fd));
    --_text: var(--kith-color-text, light-dark(#1f2937, #f3f4f6));
    --_muted: var(--kith-color-muted, light-dark(#4b5563, #b6bcc6));
    --_surface: var(--kith-color-surface, light-dark(#fff, #1f2023));
    --_border: var(--kith-color-border, light-dark(#c4c9d1, #4b5058));
    --_graphic: var(--kith-color-graphic, light-dark(#6b7280, #9ca3af));
    --_danger: var(--kith-color-danger, light-dark(#b91c1c, #fca5a5));
    --_focus: var(--kith-color-focus, light-dark(#1d4ed8, #93c5fd));
    --_radius: var(--kith-radius, 0.5em);
    --_space: var(--kith-space, 0.5em);
    font-family: var(--kith-font-family, inherit);
    font-size: var(--kith-font-size, inherit);
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
  button,
  a {
    font: inherit;
    color: inherit;
  }
  button {
    min-height: 24px;
    background: none;
    border: 1px solid var(--_graphic);
    border-radius: var(--_radius);
    padding: 0 var(--_space);
    cursor: pointer;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (forced-colors: active) {
    :focus-visible {
      outline-color: Highlight;
    }
  }
`;
