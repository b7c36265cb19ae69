// Every catalog (src/core/i18n/ and each widget's i18n/) has every key English has and nothing else, the same
// placeholders, and, for plural texts, exactly the CLDR plural categories of its language (Arabic: all six;
// the order Intl lists them in is not a contract). Folders are found on disk, so a new widget is checked too.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { LANGUAGES } from '../../src/core/languages.ts';
import type { Catalog, Text } from '../../src/core/strings.ts';

const root = new URL('../../src/', import.meta.url);
const folders = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((path) => /(^|\/)i18n\/en\.ts$/.test(path))
  .map((path) => path.slice(0, -'/en.ts'.length));

const load = async (folder: string, language: string): Promise<Catalog> => (await import(new URL(`${folder}/${language}.ts`, root).href)).default;
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!))].sort();
const allPlaceholders = (text: Text) => [...new Set((typeof text == 'string' ? [text] : Object.values(text)).flatMap((form) => placeholders(form!)))].sort();

describe('catalogs', () => {
  it('are found for the core and the rating', () => {
    assert.ok(folders.includes('core/i18n') && folders.includes('widgets/rating/i18n'), folders.join(', '));
  });

  for (const folder of folders)
    for (const language of LANGUAGES)
      it(`${folder}/${language}.ts matches English`, async () => {
        const english = await load(folder, 'en');
        const catalog = await load(folder, language);
        assert.deepEqual(Object.keys(catalog).sort(), Object.keys(english).sort(), 'the same keys as English');
        const categories = [...new Intl.PluralRules(language).resolvedOptions().pluralCategories].sort();
        for (const [key, englishText] of Object.entries(english)) {
          const text = catalog[key]!;
          assert.equal(typeof text, typeof englishText, `${key}: a plural text in English is one here too`);
          if (typeof text == 'string') {
            assert.deepEqual(placeholders(text), placeholders(englishText as string), `${key}: the same placeholders`);
            continue;
          }
          assert.deepEqual(Object.keys(text).sort(), categories, `${key}: one form per plural category of ${language}`);
          // A form may leave out {n} ("تقييم واحد", one rating) but never use a placeholder English lacks.
          assert.deepEqual(placeholders(text.other), allPlaceholders(englishText), `${key}.other: the same placeholders`);
          for (const [category, form] of Object.entries(text))
            for (const name of placeholders(form!)) assert.ok(allPlaceholders(englishText).includes(name), `${key}.${category}: {${name}} is not in English`);
        }
      });
});
