import { KithIdCard } from './id-card.component.js';

export * from './id-card.component.js';

KithIdCard.define('kith-id-card');

declare global {
  interface HTMLElementTagNameMap {
    'kith-id-card': KithIdCard;
  }
}
