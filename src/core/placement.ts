// Places a popover (in the top layer) next to the element it belongs to, with Floating UI: below it, or above
// where below has no room (flip), slid along to stay in the viewport (shift), and never taller or wider than
// the room beside it (size: its content scrolls instead), so it never covers its trigger. Followed while open
// (autoUpdate: scrolling, resizing, the trigger moving), and only then. A chunk of its own: loaded when the
// first popover opens, not with the page.
import { autoUpdate, computePosition, flip, offset, shift, size } from '@floating-ui/dom';

/** The gap between the trigger and the popover, and the popover's least distance to the viewport's edges. */
const GAP = 8;

/** Keeps `floating` next to `reference` until the returned function is called. */
export const placeNextTo = (reference: Element, floating: HTMLElement): (() => void) =>
  autoUpdate(reference, floating, () =>
    computePosition(reference, floating, {
      strategy: 'fixed',
      placement: 'bottom-start',
      middleware: [
        offset(GAP),
        flip({ padding: GAP, fallbackAxisSideDirection: 'start', crossAxis: false }),
        shift({ padding: GAP }),
        size({
          padding: GAP,
          apply({ availableWidth, availableHeight }) {
            floating.style.maxWidth = Math.max(0, availableWidth) + 'px';
            floating.style.maxHeight = Math.max(0, availableHeight) + 'px';
          },
        }),
      ],
    }).then(({ x, y, placement }) => {
      floating.style.left = x + 'px';
      floating.style.top = y + 'px';
      floating.dataset.placement = placement;
    }),
  );
