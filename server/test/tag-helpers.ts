// Test helper for tags (issue 9): taggings seeded with SQL the way a tagging write keeps its counts (so tests
// do not depend on the tagging routes), and every kept count checked against a COUNT(*)/SUM recount.
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import type { Store } from '../src/db/index.ts';
import type { Database } from '../src/db/schema.ts';
import { subjectKind, tagName } from '../src/services/tag-names.ts';
import { utcDay } from '../src/services/tags.ts';

/** One person's tag on a subject, with every count it moves (tags, subject_tags, kind_tags, tag_days). */
export async function seedTagging(db: Kysely<Database>, siteId: string, subject: string, tag: string, principal: string, at = new Date()): Promise<void> {
  const { key, display } = tagName(tag);
  const created = at.toISOString();
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('taggings')
      .values({ site_id: siteId, subject, tag_key: key, principal, created_at: created })
      .onConflict((oc) => oc.doNothing())
      .returning('principal')
      .executeTakeFirst();
    if (!inserted) return;
    const firstOnSubject = !(await trx.selectFrom('subject_tags').select('count').where('site_id', '=', siteId).where('subject', '=', subject).where('tag_key', '=', key).executeTakeFirst());
    await trx
      .insertInto('tags')
      .values({ site_id: siteId, key, display, uses: 1, subjects: 1, created_at: created, updated_at: created })
      .onConflict((oc) => oc.columns(['site_id', 'key']).doUpdateSet({ uses: sql`tags.uses + 1`, subjects: sql`tags.subjects + ${firstOnSubject ? 1 : 0}` }))
      .execute();
    await trx
      .insertInto('subject_tags')
      .values({ site_id: siteId, subject, tag_key: key, kind: subjectKind(subject), count: 1, updated_at: created })
      .onConflict((oc) => oc.columns(['site_id', 'subject', 'tag_key']).doUpdateSet({ count: sql`subject_tags.count + 1` }))
      .execute();
    await trx
      .insertInto('kind_tags')
      .values({ site_id: siteId, kind: subjectKind(subject), tag_key: key, uses: 1 })
      .onConflict((oc) => oc.columns(['site_id', 'kind', 'tag_key']).doUpdateSet({ uses: sql`kind_tags.uses + 1` }))
      .execute();
    await trx
      .insertInto('tag_days')
      .values({ site_id: siteId, tag_key: key, day: utcDay(at), uses: 1 })
      .onConflict((oc) => oc.columns(['site_id', 'tag_key', 'day']).doUpdateSet({ uses: sql`tag_days.uses + 1` }))
      .execute();
  });
}

const sorted = <T>(rows: T[]) => rows.map((row) => JSON.stringify(row)).sort();

/** Every count kept for the site's tags equals a recount of its taggings; returns how many taggings there are.
 * Takes the database or anything holding the store (a TestApp). */
export async function assertTagCountsExact(source: Kysely<Database> | { store: Store }, siteId: string): Promise<number> {
  const db = 'store' in source ? source.store.db : source;
  const n = (value: unknown) => Number(value);
  const taggingsByTag = await db
    .selectFrom('taggings')
    .select(['tag_key', (eb) => eb.fn.countAll().as('uses'), (eb) => eb.fn.count('subject').distinct().as('subjects')])
    .where('site_id', '=', siteId)
    .groupBy('tag_key')
    .execute();
  const tags = await db.selectFrom('tags').select(['key', 'uses', 'subjects']).where('site_id', '=', siteId).execute();
  const counted = new Map(taggingsByTag.map((row) => [row.tag_key, { uses: n(row.uses), subjects: n(row.subjects) }]));
  for (const key of counted.keys()) assert.ok(tags.some((tag) => tag.key === key), `taggings of ${key} without a tags row`);
  for (const tag of tags) {
    assert.deepEqual({ uses: n(tag.uses), subjects: n(tag.subjects) }, counted.get(tag.key) ?? { uses: 0, subjects: 0 }, `tags row of ${tag.key}`);
  }

  const perSubject = await db
    .selectFrom('taggings')
    .select(['subject', 'tag_key', (eb) => eb.fn.countAll().as('count')])
    .where('site_id', '=', siteId)
    .groupBy(['subject', 'tag_key'])
    .execute();
  const subjectTags = await db.selectFrom('subject_tags').select(['subject', 'tag_key', 'kind', 'count']).where('site_id', '=', siteId).execute();
  assert.deepEqual(
    sorted(subjectTags.map((row) => [row.subject, row.tag_key, row.kind, n(row.count)])),
    sorted(perSubject.map((row) => [row.subject, row.tag_key, subjectKind(row.subject), n(row.count)])),
    'subject_tags',
  );

  const perKind = await db
    .selectFrom('subject_tags')
    .select(['kind', 'tag_key', (eb) => eb.fn.sum('count').as('uses')])
    .where('site_id', '=', siteId)
    .groupBy(['kind', 'tag_key'])
    .execute();
  const kindTags = await db.selectFrom('kind_tags').select(['kind', 'tag_key', 'uses']).where('site_id', '=', siteId).where('uses', '>', 0).execute();
  assert.deepEqual(sorted(kindTags.map((row) => [row.kind, row.tag_key, n(row.uses)])), sorted(perKind.map((row) => [row.kind, row.tag_key, n(row.uses)])), 'kind_tags');

  const date = sql<string>`substr(created_at, 1, 10)`;
  const perDay = await db
    .selectFrom('taggings')
    .select(['tag_key', date.as('date'), (eb) => eb.fn.countAll().as('uses')])
    .where('site_id', '=', siteId)
    .groupBy(['tag_key', date])
    .execute();
  const tagDays = await db.selectFrom('tag_days').select(['tag_key', 'day', 'uses']).where('site_id', '=', siteId).where('uses', '>', 0).execute();
  assert.deepEqual(
    sorted(tagDays.map((row) => [row.tag_key, n(row.day), n(row.uses)])),
    sorted(perDay.map((row) => [row.tag_key, utcDay(new Date(`${row.date}T00:00:00Z`)), n(row.uses)])),
    'tag_days',
  );
  return taggingsByTag.reduce((sum, row) => sum + n(row.uses), 0);
}
