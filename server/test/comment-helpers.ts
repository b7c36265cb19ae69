// Test helper for comments (issue 8): the kept counts against a recount.
import assert from 'node:assert/strict';
import type { TestApp } from './helpers.ts';

/** comment_counts and every root's reply_count equal a COUNT(*) of the visible comments. */
export async function assertCountsExact(t: TestApp, siteId: string, subject: string): Promise<number> {
  const db = t.store.db;
  const visible = (q: any) => q.where('status', '=', 'approved').where('hidden', '=', 0).where('deleted_at', 'is', null);
  const actual = Number(
    (await visible(db.selectFrom('comments').select((eb: any) => eb.fn.countAll().as('n')).where('site_id', '=', siteId).where('subject', '=', subject)).executeTakeFirstOrThrow()).n,
  );
  const stored = await db.selectFrom('comment_counts').select('count').where('site_id', '=', siteId).where('subject', '=', subject).executeTakeFirst();
  assert.equal(Number(stored?.count ?? 0), actual, `comment_counts of ${subject}`);
  const roots = await db.selectFrom('comments').select(['id', 'reply_count']).where('site_id', '=', siteId).where('subject', '=', subject).where('parent_id', 'is', null).execute();
  for (const root of roots) {
    const replies = Number(
      (await visible(db.selectFrom('comments').select((eb: any) => eb.fn.countAll().as('n')).where('root_id', '=', root.id).where('parent_id', 'is not', null)).executeTakeFirstOrThrow()).n,
    );
    assert.equal(Number(root.reply_count), replies, `reply_count of ${root.id}`);
  }
  return actual;
}
