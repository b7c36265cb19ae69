/** The languages Kith ships catalogs for: every widget has all of them (test/node/catalogs.test.ts). */
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'ja', 'ar'] as const;
