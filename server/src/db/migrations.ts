// The one set of migrations, shared by SQLite and PostgreSQL. Only portable types: text, integer.
import { sql, type Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';

const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sites')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('guest_secret', 'text', (c) => c.notNull())
        .addColumn('origins', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('policy', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('api_keys_site').on('api_keys').column('site_id').execute();
      await db.schema
        .createTable('rating_votes')
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('principal', 'text', (c) => c.notNull())
        .addColumn('value', 'integer', (c) => c.notNull().check(sql`value between 1 and 5`))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('rating_votes_pk', ['site_id', 'subject', 'principal'])
        .execute();
      let aggregates = db.schema
        .createTable('rating_aggregates')
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('sum', 'integer', (c) => c.notNull().defaultTo(0));
      for (const h of ['h1', 'h2', 'h3', 'h4', 'h5']) {
        aggregates = aggregates.addColumn(h, 'integer', (c) => c.notNull().defaultTo(0));
      }
      await aggregates.addPrimaryKeyConstraint('rating_aggregates_pk', ['site_id', 'subject']).execute();
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('site_id', 'text', (c) => c.notNull())
        .addColumn('principal', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['site_id', 'principal', 'key'])
        .execute();
      await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_at').execute();
    },
  },
  '0002_guest_votes': {
    // Issue 7: guest votes keep a keyed hash of their network (never the IP), a per-day count per subject and
    // network backs the cap, visitor tokens can be revoked, and proof-of-work solutions are single use.
    async up(db: Kysely<any>) {
      await db.schema.alterTable('rating_votes').addColumn('guest_network', 'text').execute();
      await db.schema.createIndex('rating_votes_network').on('rating_votes').columns(['site_id', 'guest_network']).execute();
      await db.schema.createIndex('rating_votes_principal').on('rating_votes').columns(['site_id', 'principal']).execute();
      await db.schema.alterTable('rating_aggregates').addColumn('guest_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      // Votes cast before this migration: count the guests' among them, so purges never take the count below 0.
      await sql`update rating_aggregates set guest_count = (select count(*) from rating_votes v where v.site_id = rating_aggregates.site_id and v.subject = rating_aggregates.subject and v.principal like 'guest:%')`.execute(db);
      await db.schema
        .createTable('guest_vote_quota')
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('network', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('guest_vote_quota_pk', ['site_id', 'subject', 'network', 'day'])
        .execute();
      await db.schema.createIndex('guest_vote_quota_day').on('guest_vote_quota').column('day').execute();
      await db.schema
        .createTable('server_secrets')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.alterTable('sites').addColumn('guest_tokens_valid_after', 'text').execute();
      await db.schema
        .createTable('revoked_visitors')
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
        .addColumn('sub', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('revoked_visitors_pk', ['site_id', 'sub'])
        .execute();
      await db.schema
        .createTable('used_challenges')
        .addColumn('signature', 'text', (c) => c.primaryKey())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('used_challenges_expires').on('used_challenges').column('expires_at').execute();
    },
  },
  '0003_comments': {
    // Issue 8: threaded comments with their revisions, votes, per-subject counts, blocked authors, the
    // moderators' audit log, and the live events that SSE streams resume from (Last-Event-ID).
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('comments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('root_id', 'text', (c) => c.notNull())
        .addColumn('parent_id', 'text')
        .addColumn('reply_to_id', 'text')
        .addColumn('reply_to_name', 'text')
        .addColumn('depth', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('author_kind', 'text', (c) => c.notNull())
        .addColumn('author_name', 'text', (c) => c.notNull())
        .addColumn('author_avatar', 'text')
        .addColumn('author_verified', 'text')
        .addColumn('author_moderator', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('guest_network', 'text')
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('body_hash', 'text', (c) => c.notNull())
        .addColumn('tree', 'text')
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'approved', 'rejected', 'spam')`))
        .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('up', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('down', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rank', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('reply_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('edited_at', 'text')
        .addColumn('deleted_at', 'text')
        .execute();
      await db.schema.createIndex('comments_subject_created').on('comments').columns(['site_id', 'subject', 'created_at', 'id']).execute();
      await db.schema.createIndex('comments_root').on('comments').columns(['root_id', 'created_at']).execute();
      await db.schema.createIndex('comments_author').on('comments').columns(['site_id', 'author', 'created_at']).execute();
      await db.schema.createIndex('comments_network').on('comments').columns(['site_id', 'guest_network', 'created_at']).execute();
      await db.schema.createIndex('comments_status').on('comments').columns(['site_id', 'status', 'created_at']).execute();
      await db.schema
        .createTable('comment_revisions')
        .addColumn('comment_id', 'text', (c) => c.notNull().references('comments.id').onDelete('cascade'))
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('comment_revisions_pk', ['comment_id', 'revision'])
        .execute();
      await db.schema
        .createTable('comment_votes')
        .addColumn('comment_id', 'text', (c) => c.notNull().references('comments.id').onDelete('cascade'))
        .addColumn('principal', 'text', (c) => c.notNull())
        .addColumn('value', 'integer', (c) => c.notNull().check(sql`value in (-1, 1)`))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('comment_votes_pk', ['comment_id', 'principal'])
        .execute();
      await db.schema.createIndex('comment_votes_principal').on('comment_votes').column('principal').execute();
      await db.schema
        .createTable('comment_counts')
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('comment_counts_pk', ['site_id', 'subject'])
        .execute();
      await db.schema
        .createTable('blocked_authors')
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('author_name', 'text')
        .addColumn('hide_past', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('reason', 'text')
        .addColumn('blocked_by', 'text', (c) => c.notNull())
        .addColumn('blocked_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('blocked_authors_pk', ['site_id', 'author'])
        .execute();
      await db.schema
        .createTable('moderation_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('comment_id', 'text')
        .addColumn('author', 'text')
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text')
        .addColumn('reason', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('moderation_log_site').on('moderation_log').columns(['site_id', 'created_at']).execute();
      // One ordered id across every instance: SQLite's rowid, PostgreSQL's identity column.
      const postgres = db.getExecutor().adapter.constructor.name.startsWith('Postgres');
      await db.schema
        .createTable('live_events')
        .addColumn('id', postgres ? 'bigint' : 'integer', (c) => (postgres ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement()))
        .addColumn('site_id', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('live_events_site_subject').on('live_events').columns(['site_id', 'subject', 'id']).execute();
      await db.schema.createIndex('live_events_created').on('live_events').column('created_at').execute();
    },
  },
  '0004_tags': {
    // Issue 9: folksonomy tags. Every count a read needs is kept on write (tags.uses and .subjects, per
    // subject, per subject kind, per day), so the cloud, a subject's tags and the subjects carrying a tag cost
    // the same with 100 or 10 million taggings; synonyms and the stewards' audit log.
    async up(db: Kysely<any>) {
      const site = (c: any) => c.notNull().references('sites.id').onDelete('cascade');
      // Tag keys compare by code point in both stores (SQLite's default, PostgreSQL's "C" collation): a
      // prefix is then a range of the primary key (suggestions), and orders agree between the two.
      const postgres = db.getExecutor().adapter.constructor.name.startsWith('Postgres');
      const tagKey = (c: any) => (postgres ? c.notNull().modifyEnd(sql`collate "C"`) : c.notNull());
      await db.schema
        .createTable('tags')
        .addColumn('site_id', 'text', site)
        .addColumn('key', 'text', tagKey)
        .addColumn('display', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('restricted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('subjects', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('tags_pk', ['site_id', 'key'])
        .execute();
      await db.schema.createIndex('tags_uses').on('tags').columns(['site_id', 'uses desc', 'key']).execute();
      await db.schema
        .createTable('taggings')
        .addColumn('site_id', 'text', site)
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('tag_key', 'text', tagKey)
        .addColumn('principal', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('taggings_pk', ['site_id', 'subject', 'tag_key', 'principal'])
        .execute();
      await db.schema.createIndex('taggings_mine').on('taggings').columns(['site_id', 'subject', 'principal']).execute();
      await db.schema.createIndex('taggings_tag').on('taggings').columns(['site_id', 'tag_key']).execute();
      await db.schema
        .createTable('subject_tags')
        .addColumn('site_id', 'text', site)
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('tag_key', 'text', tagKey)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('subject_tags_pk', ['site_id', 'subject', 'tag_key'])
        .execute();
      await db.schema.createIndex('subject_tags_by_tag').on('subject_tags').columns(['site_id', 'tag_key', 'count desc', 'subject']).execute();
      await db.schema.createIndex('subject_tags_by_subject').on('subject_tags').columns(['site_id', 'subject', 'count desc']).execute();
      await db.schema
        .createTable('kind_tags')
        .addColumn('site_id', 'text', site)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('tag_key', 'text', tagKey)
        .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('kind_tags_pk', ['site_id', 'kind', 'tag_key'])
        .execute();
      await db.schema.createIndex('kind_tags_uses').on('kind_tags').columns(['site_id', 'kind', 'uses desc', 'tag_key']).execute();
      await db.schema
        .createTable('tag_days')
        .addColumn('site_id', 'text', site)
        .addColumn('tag_key', 'text', tagKey)
        .addColumn('day', 'integer', (c) => c.notNull())
        .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('tag_days_pk', ['site_id', 'tag_key', 'day'])
        .execute();
      await db.schema.createIndex('tag_days_day').on('tag_days').columns(['site_id', 'day']).execute();
      await db.schema
        .createTable('tag_synonyms')
        .addColumn('site_id', 'text', site)
        .addColumn('from_key', 'text', tagKey)
        .addColumn('to_key', 'text', tagKey)
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('tag_synonyms_pk', ['site_id', 'from_key'])
        .execute();
      await db.schema.createIndex('tag_synonyms_to').on('tag_synonyms').columns(['site_id', 'to_key']).execute();
      await db.schema
        .createTable('tag_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('site_id', 'text', site)
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tag_log_site').on('tag_log').columns(['site_id', 'created_at']).execute();
    },
  },
  '0005_cards': {
    // Issue 10: the ID card's profiles and the compact layouts that order them.
    async up(db: Kysely<any>) {
      const site = (c: any) => c.notNull().references('sites.id').onDelete('cascade');
      await db.schema
        .createTable('cards')
        .addColumn('site_id', 'text', site)
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('profile', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('cards_pk', ['site_id', 'subject'])
        .execute();
      await db.schema
        .createTable('card_layouts')
        .addColumn('site_id', 'text', site)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('card_layouts_pk', ['site_id', 'kind'])
        .execute();
    },
  },
  '0006_feeds': {
    // Issue 11: the feed proxy's last good copy of each feed (shared by every instance, kept across restarts), and
    // each site's list of feeds (imported from OPML).
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('feed_cache')
        .addColumn('url', 'text', (c) => c.primaryKey())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('etag', 'text')
        .addColumn('last_modified', 'text')
        .addColumn('fetched_at', 'text', (c) => c.notNull())
        .addColumn('checked_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('site_feeds')
        .addColumn('site_id', 'text', (c: any) => c.notNull().references('sites.id').onDelete('cascade'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('added_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('site_feeds_pk', ['site_id', 'url'])
        .execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
