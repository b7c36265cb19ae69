import { KithTagCloud } from './tag-cloud.component.js';

export * from './tag-cloud.component.js';

KithTagCloud.define('kith-tag-cloud');

declare global {
  interface HTMLElementTagNameMap {
    'kith-tag-cloud': KithTagCloud;
  }
}
