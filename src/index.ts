// Side-effect free: importing this registers no element (import 'kith-elements/rating' for that).
export { configure, type KithOptions, type KithToken } from './core/config.js';
export { KithElement, type KithEventMap } from './core/element.js';
export { KithError } from './core/error.js';
export { registerStrings } from './core/strings.js';
export { VERSION } from './core/version.js';
export { KithRating, type RatingSummary } from './widgets/rating/rating.component.js';
export { KithComments, type Comment } from './widgets/comments/comments.component.js';
export { KithTagCloud, type TagCount } from './widgets/tag-cloud/tag-cloud.component.js';
export { KithIdCard, type CardContext, type CardLoader, type CardProfile, type CardView } from './widgets/id-card/id-card.component.js';
export { KithFeed, type FeedAnswer, type FeedDocument, type FeedItem } from './widgets/feed/feed.component.js';
