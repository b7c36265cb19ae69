// Stands in for dist/widgets/rating/rating.js in the loader test: records that the loader imported it.
(window.__kithLoads ??= []).push('rating');
