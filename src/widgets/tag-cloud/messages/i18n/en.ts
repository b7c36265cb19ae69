// <kith-tag-cloud>'s texts that only its lazy chunks show (suggestions, "Tag another record…", the subjects
// list, a refused tag's reason): loaded with them, not at first paint.
export default {
  add: 'Add a tag',
  addButton: 'Add',
  suggestions: { one: '{n} suggestion', other: '{n} suggestions' },
  noSuggestions: 'No suggestions',
  chooseRecord: 'Tag a record with {tag}',
  close: 'Close',
  taggedOther: 'Tagged {subject} with {tag}',
  otherSite: 'Tags from another site cannot be dropped here.',
  subjectsOf: 'Tagged {tag}',
  subjectCount: '{subject} ({n})',
  loadMore: 'Load more',
  noSubjects: 'Nothing carries this tag any more.',
  tag_restricted: 'Only moderators may apply the tag “{tag}”.',
  invalid_tag_empty: 'A tag needs at least one letter or digit.',
  invalid_tag_too_long: 'A tag has at most 40 characters.',
  invalid_tag_control_characters: 'A tag cannot contain line breaks or control characters.',
  invalid_tag_lone_surrogate: 'This tag contains a broken character.',
  invalid_tag_comma: 'A tag cannot contain a comma: commas separate tags.',
  forbidden: 'You may not tag this.',
  /** Said once the server has the viewer's added or removed tag. */
  added: 'Tag {tag} added',
  removed: 'Tag {tag} removed',
  /** A refused tag whose reason has no text of its own. */
  failed: 'The tag could not be saved.',
};
