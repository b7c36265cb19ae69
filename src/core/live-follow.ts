// One widget's subscription to its subject on the page's live stream (core/live.ts, a chunk of its own,
// imported on first use). The rating and the tag cloud call the function `followLive` returns whenever what
// they show may have changed (connected, subject, site, `no-live`); it subscribes anew only when what it
// follows did change, and a subscription that arrives after the widget moved on is not kept.
import type { LiveMessage } from './live.js';
import { validSubject } from './subject.js';

/** The live chunk, asked for once for all the page's widgets (200 widgets are one import, not 200). */
let live: Promise<typeof import('./live.js')> | undefined;

/** `follow(on, prefix, subject)`: follows `subject` of the site at `prefix` while `on`, else nothing. */
export const followLive = (onMessage: (message: LiveMessage) => void) => {
  let following = '';
  let stop: (() => void) | undefined;
  return (on: boolean, prefix: string | undefined, subject: string): void => {
    const wanted = on && prefix && validSubject(subject) ? prefix + '\n' + subject : '';
    if (wanted == following) return;
    following = wanted;
    stop?.();
    stop = undefined;
    if (wanted)
      (live ??= import('./live.js')).then(({ subscribeLive }) => {
        if (wanted == following) stop = subscribeLive(prefix!, subject, onMessage);
      });
  };
};
