/** The subject of a widget without a `subject` attribute: the page's canonical URL (as search engines
 * see it), else its address without the fragment. */
export const pageSubject = (): string =>
  document.querySelector<HTMLLinkElement>('link[rel=canonical]')?.href || location.href.split('#')[0]!;

/** Whether the server would accept `subject` (docs/rest-api.md): 1–512 characters, at most 1024 bytes in
 * UTF-8, no control characters. Checked before batching, so one bad tag cannot fail a page's batch. */
export const validSubject = (subject: string): boolean =>
  subject.length > 0 &&
  subject.length <= 512 &&
  // A UTF-16 code unit is at most 3 bytes in UTF-8: only long subjects need counting.
  (subject.length <= 341 || new TextEncoder().encode(subject).length <= 1024) &&
  !/[\u0000-\u001f\u007f]/.test(subject);
