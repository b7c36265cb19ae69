// custom-elements.json for the widgets (cem analyze). Private members and Lit's internal reactive state (`_`-prefixed entries
// of `static properties`) are not public API, so they are left out of the manifest.
// Module paths name the JavaScript an npm user imports (dist/esm/…, as the schema asks), not the TypeScript source, and
// each `kith-*` event gets its type from KithEventMap, where the SDK declares every event's detail (the `@fires` JSDoc
// tags carry the descriptions). scripts/element-types.mjs turns both into the React and Vue declarations.
import { globSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import ts from 'typescript';

/** `src/widgets/rating/rating.component.ts` (or `/src/….js`, or `./x.js` from a module in `from`) →
 * `dist/esm/widgets/rating/rating.component.js`. */
const shippedPath = (path, from = '.') =>
  posix.join(path.startsWith('.') ? posix.dirname(from) : '', path).replace(/^\/?src\/(.+)\.[jt]s$/, 'dist/esm/$1.js');

/** The event names KithEventMap declares, in src/core/element.ts and in each widget's augmentation of it. */
function kithEventNames() {
  const names = new Set();
  for (const file of globSync('src/**/*.ts')) {
    const visit = (node) => {
      if (ts.isInterfaceDeclaration(node) && node.name.text == 'KithEventMap')
        for (const member of node.members) if (member.name && ts.isStringLiteral(member.name)) names.add(member.name.text);
      ts.forEachChild(node, visit);
    };
    visit(ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest));
  }
  return names;
}

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
    {
      name: 'kith-shipped-paths-and-event-types',
      packageLinkPhase({ customElementsManifest }) {
        const events = kithEventNames();
        for (const mod of customElementsManifest.modules) {
          const source = mod.path;
          mod.path = shippedPath(source);
          for (const exp of mod.exports ?? []) if (exp.declaration?.module) exp.declaration.module = shippedPath(exp.declaration.module, source);
          for (const decl of mod.declarations ?? []) {
            if (decl.superclass?.module) decl.superclass.module = shippedPath(decl.superclass.module);
            for (const event of decl.events ?? [])
              if (!event.type && events.has(event.name)) event.type = { text: `CustomEvent<KithEventMap['${event.name}']>` };
          }
        }
      },
    },
  ],
};
