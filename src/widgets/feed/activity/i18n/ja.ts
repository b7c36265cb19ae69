export default {
  commented: '{author} さんが {subject} にコメントしました',
  commentedHere: '{author} さんがコメントしました',
  rated: { other: '{subject} に星 {n} つの評価がつきました' },
  ratedHere: { other: '星 {n} つの評価' },
  tagged: '{subject} にタグ「{tag}」が付きました',
  taggedHere: 'タグ「{tag}」',
  byPeople: { other: '{title}（{n} 人）' },
  byPeopleOrMore: { other: '{title}（{n} 人以上）' },
};
