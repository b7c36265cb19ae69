export default {
  label: 'Feed',
  loading: 'Loading feed…',
  empty: 'No items yet.',
  emptyActivity: 'No activity yet.',
  loadFailed: 'The feed could not be loaded.',
  newItems: { one: '{n} new item', other: '{n} new items' },
  by: 'by {author}',
  audio: 'Audio',
  video: 'Video',
  image: 'Image',
  file: 'Attachment',
  enclosure: '{kind}, {size}',
};
