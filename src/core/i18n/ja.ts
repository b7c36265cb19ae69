export default {
  retry: '再試行',
  saving: '保存しています…',
  offline: 'オンラインに戻ると送信されます',
  retrying: 'まだ保存されていません。再試行しています…',
  noSite: 'このページでは Kith が設定されていません（script タグに data-site がありません）。',
  noSiteShort: '未設定',
  loadFailedShort: '読み込み失敗',
  origin_not_allowed: 'このページ（{origin}）はサイト {site} を使用できません。',
  site_not_found: 'Kith サイト「{site}」は存在しません。',
};
