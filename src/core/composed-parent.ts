/** The nearest box around `element` in the page: its parent, or the host of the shadow root it is in (what a
 * widget's language and its page's colors are looked up through). */
export const composedParent = (element: Element): Element | null => element.parentElement ?? ((element.getRootNode() as ShadowRoot).host || null);
