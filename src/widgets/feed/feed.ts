import { KithFeed } from './feed.component.js';

export * from './feed.component.js';

KithFeed.define('kith-feed');

declare global {
  interface HTMLElementTagNameMap {
    'kith-feed': KithFeed;
  }
}
