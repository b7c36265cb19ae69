import { configure, options, registry } from '../../src/core/config.js';
import { VERSION } from '../../src/core/version.js';
import { eq, ok } from '../support/assert.js';

describe('config', () => {
  it('keeps options in the registry under Symbol.for("kith.config") and notifies on change', () => {
    let changes = 0;
    const on = () => changes++;
    registry().addEventListener('change', on);
    configure({ site: 'abc', lang: 'en', theme: undefined });
    registry().removeEventListener('change', on);
    eq(changes, 1);
    const shared = (globalThis as any)[Symbol.for('kith.config')];
    ok(shared === registry(), 'the registry is the shared global');
    eq(shared.options.site, 'abc');
    eq(options().site, 'abc');
  });

  it('ignores undefined values (a later data-* attribute does not erase an option)', () => {
    configure({ site: 'one', lang: 'fr' });
    configure({ site: undefined, lang: 'de' });
    eq(options().site, 'one');
    eq(options().lang, 'de');
  });

  it('VERSION equals package.json version', async () => {
    const pkg = await (await fetch('/package.json')).json();
    eq(VERSION, pkg.version);
  });
});
