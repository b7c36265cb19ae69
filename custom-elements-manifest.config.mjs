// custom-elements.json for the widgets (cem analyze). Private members and Lit's internal reactive state (`_`-prefixed entries
// of `static properties`) are not public API, so they are left out of the manifest.
export default {
  globs: ['src/widgets/**/*.component.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      name: 'kith-hide-internal-state',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules)
          for (const decl of mod.declarations ?? []) if (decl.members) decl.members = decl.members.filter((m) => !/^[_#]/.test(m.name) && m.privacy !== 'private');
      },
    },
  ],
};
