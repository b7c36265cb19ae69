export default {
  label: 'フィード',
  loading: 'フィードを読み込み中…',
  empty: 'まだ項目はありません。',
  emptyActivity: 'まだアクティビティはありません。',
  loadFailed: 'フィードを読み込めませんでした。',
  newItems: { other: '新しい項目が {n} 件あります' },
  by: '投稿者: {author}',
  audio: '音声',
  video: '動画',
  image: '画像',
  file: '添付ファイル',
  enclosure: '{kind}、{size}',
};
