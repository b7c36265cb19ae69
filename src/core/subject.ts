/** The subject of a widget without a `subject` attribute: the page's canonical URL (as search engines
 * see it), else its address without the fragment. */
export const pageSubject = (): string =>
  document.querySelector<HTMLLinkElement>('link[rel=canonical]')?.href || location.href.split('#')[0]!;
