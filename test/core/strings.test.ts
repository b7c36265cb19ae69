import { configure } from '../../src/core/config.js';
import { registerStrings, t } from '../../src/core/strings.js';
import { eq } from '../support/assert.js';

describe('strings', () => {
  afterEach(() => configure({ lang: 'en' }));

  it('chooses plural forms and fills parameters', () => {
    configure({ lang: 'en' });
    eq(t('count', { n: 1 }), '1 rating');
    eq(t('count', { n: 132 }), '132 ratings');
    eq(t('summary', { avg: 4.21, n: 132 }), '4.2 of 5 stars, 132 ratings');
  });

  it('uses registered strings for the configured language, falling back to the base language and English', () => {
    registerStrings('de', { retry: 'Erneut versuchen', count: '{n} Bewertung|{n} Bewertungen' });
    configure({ lang: 'de-AT' });
    eq(t('retry'), 'Erneut versuchen');
    eq(t('count', { n: 1234 }), (1234).toLocaleString('de-AT') + ' Bewertungen');
    eq(t('saving'), 'Saving…');
  });

  it('returns the key for an unknown string', () => {
    eq(t('no-such-key'), 'no-such-key');
  });
});
