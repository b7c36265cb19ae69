// Not part of the app: `tsc --noEmit` passes only if each line below is an error, i.e. the JSX declarations
// of kith-elements/react catch a misspelled property, a wrong value, a wrong handler and a wrong detail.
export const wrong = [
  // @ts-expect-error: no such property (subject)
  <kith-rating subjct="product/42" />,
  // @ts-expect-error: variant is 'card' or 'inline'
  <kith-rating subject="product/42" variant="big" />,
  // @ts-expect-error: readonly is a boolean
  <kith-rating subject="product/42" readonly="yes" />,
  // @ts-expect-error: the kith-change detail has no `stars`
  <kith-rating subject="product/42" onkith-change={(event) => event.detail.stars} />,
  // @ts-expect-error: a handler is a function
  <kith-rating subject="product/42" onkith-saved="save()" />,
];
