import { KithRating } from './rating.component.js';

export * from './rating.component.js';

KithRating.define('kith-rating');

declare global {
  interface HTMLElementTagNameMap {
    'kith-rating': KithRating;
  }
}
