// Which feed a <kith-feed> shows, as the key its batch read asks for (`GET feeds/batch?subject=<key>`): an
// external feed's absolute URL, or Kith's own activity (`activity`, `activity:subject=<subject>`,
// `activity:tag=<tag>`). One definition for the widget (from its properties) and the loader, which starts the
// page's feed reads from the tags as written while the widget's code is on its way (loader/prefetch.ts).

/** What a feed's key is made of: the widget's `src`, `subject` and `tag` (text) and `activity` (set or not). */
export type FeedSourceName = 'src' | 'subject' | 'tag' | 'activity';

/** An address as written (`/news.xml`, `https://…`) against the page, as a link's is (kept as written when it
 * is no URL). */
const absolute = (src: string): string => {
  const link = document.createElement('a');
  link.href = src;
  return link.href;
};

/**
 * The key of a feed's source, read by `read`: a widget's properties (unset: undefined), or a tag's attributes (`activity` is then
 * `''` when set, `null` when not); '' when it has none.
 */
export const feedKey = (read: (name: FeedSourceName) => string | boolean | null | undefined): string => {
  const src = (read('src') as string | null)?.trim();
  const subject = read('subject');
  const tag = read('tag');
  return src ? absolute(src) : subject ? 'activity:subject=' + subject : tag ? 'activity:tag=' + tag : (read('activity') ?? false) !== false ? 'activity' : '';
};
