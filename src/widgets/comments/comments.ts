import { KithComments } from './comments.component.js';

export * from './comments.component.js';

KithComments.define('kith-comments');

declare global {
  interface HTMLElementTagNameMap {
    'kith-comments': KithComments;
  }
}
