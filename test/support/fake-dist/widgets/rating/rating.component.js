// Stands in for dist/widgets/rating/rating.component.js in the loader test: records that the loader
// imported it and that the loader registered its default export under the tag.
export default class FakeRating extends HTMLElement {
  static define(tag) {
    (window.__kithLoads ??= []).push(tag);
    if (!customElements.get(tag)) customElements.define(tag, this);
  }
}
