import { configure } from '../../src/core/config.js';
import { KithElement } from '../../src/core/element.js';
import { VERSION } from '../../src/core/version.js';
import { consoleLines, eq, ok } from '../support/assert.js';

describe('KithElement', () => {
  it('define() twice with the same version neither throws nor warns', async () => {
    class A extends KithElement {}
    class B extends KithElement {}
    const warnings = await consoleLines('warn', () => {
      A.define('kith-test-a');
      B.define('kith-test-a');
    });
    eq(warnings.length, 0);
    ok(customElements.get('kith-test-a') === A);
  });

  it('define() over another version warns with a docs link', async () => {
    class Old extends KithElement {
      static override version = '0.0.1';
    }
    class New extends KithElement {}
    const warnings = await consoleLines('warn', () => {
      Old.define('kith-test-b');
      New.define('kith-test-b');
    });
    eq(warnings.length, 1);
    ok(warnings[0]!.includes('0.0.1') && warnings[0]!.includes(VERSION) && warnings[0]!.includes('developers.md'), warnings[0]);
  });

  it('emit() fires a bubbling, composed event; the configured theme is reflected', async () => {
    class C extends KithElement {}
    C.define('kith-test-c');
    const el = document.createElement('kith-test-c') as C;
    document.body.append(el);
    let got: CustomEvent | undefined;
    document.addEventListener('kith-change', (e) => (got = e), { once: true });
    el.emit('kith-change', { subject: 's', value: 3 });
    ok(got && got.bubbles && got.composed);
    eq(got.detail, { subject: 's', value: 3 });
    configure({ theme: 'dark' });
    await el.updateComplete;
    eq(el.getAttribute('kith-theme'), 'dark');
    configure({ theme: 'auto' });
    await el.updateComplete;
    eq(el.getAttribute('kith-theme'), null, 'auto: this page declares no color scheme and is white: nothing to pin, the widget inherits light');
    el.remove();
  });
});
