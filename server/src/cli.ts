// Admin CLI: `npm run kith -- <command>`. Uses DATABASE_URL like the server and runs migrations first.
// Bad usage prints one line and exits 2; runtime failures print one line and exit 1. No stack traces.
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import type { Transaction } from 'kysely';
import { ConfigError, listenUrl, loadConfig, type Config } from './config.ts';
import { createDb, type Store } from './db/index.ts';
import type { Database } from './db/schema.ts';
import { HttpError } from './errors.ts';
import { blockAuthor, listBlocked, listLog, listQueue, moderateComment, unblockAuthor, type ModerationAction } from './services/comment-moderation.ts';
import { CARDS_IMPORT_MAX_BYTES, importCards, readImport, type ImportFormat } from './services/card-import.ts';
import { cardLayout, deleteCard, isCardKind, readCardLayout, readCards, setCardLayout } from './services/cards.ts';
import { readCount, type CommentStatus } from './services/comments.ts';
import { tagName, type TagName } from './services/tag-names.ts';
import { readTagPage } from './services/tag-pages.ts';
import { importFeeds, listFeeds, OPML_MAX_BYTES, OpmlError, removeFeed } from './services/site-feeds.ts';
import {
  addSynonym,
  deleteTag,
  describeTag,
  listTagLog,
  listTags,
  mergeTags,
  removeSynonym,
  renameTag,
  setRestricted,
  TAG_DESCRIPTION_MAX,
  withLockRetry,
} from './services/tag-stewardship.ts';
import { isGuestSub, REVOCATION_CACHE_MS, revokeVisitor } from './services/identity.ts';
import { createKey, listKeys, revokeKey } from './services/keys.ts';
import { GUEST_VOTES_LIST_MAX, listGuestVotes, purgeGuestVotes, type GuestVoteFilter } from './services/moderation.ts';
import { networkHashOf, networkOf } from './services/networks.ts';
import {
  createSite,
  getSite,
  GUEST_VOTES_PER_NETWORK_MAX,
  listSites,
  normalizeFeedHost,
  normalizeOrigin,
  revokeAllGuestTokens,
  rotateSecret,
  SiteInputError,
  updateSite,
  type Policy,
  type Site,
} from './services/sites.ts';

const HELP = `Kith admin CLI (uses DATABASE_URL, default sqlite:./data/kith.db, and PUBLIC_URL for the script tag)

  site create --id <id> --name <name> [--origin <origin>]... [--guests rate,comment|rate|comment|none] [--moderation pre|post]
              [--guest-votes-per-network <n>] [--guest-proof-of-work on|off] [--feed-hosts <host,…>|any]
              [--activity-feeds public|token]
  site list
  site show <id>                           settings and the script tag to paste (never the secret)
  site update <id> [--name <name>] [--add-origin <origin>]... [--remove-origin <origin>]...
                   [--origin <origin>]... [--guests …] [--moderation pre|post]
                   [--guest-votes-per-network <n>] [--guest-proof-of-work on|off] [--feed-hosts <host,…>|any]
                                           --feed-hosts: the only hosts <kith-feed> may read (*.example.com
                                           for subdomains); any: every public host
                   [--activity-feeds public|token]
                                           token: activity feeds only for signed-in users and feed tokens
  site rotate-secret <id>
  key create --site <id> --name <name>     prints the key once; store it on your server
  key list --site <id>
  key revoke <keyId>
  votes list --site <id> (--network <hash> | --ip <address> | --visitor <guest:…>) [--limit <n>]
                                           guest votes of one network (IPv4 /24, IPv6 /64) or one visitor
  votes purge --site <id> (--network <hash> | --ip <address> | --visitor <guest:…>)
                                           retracts them; the summaries are updated in the same transaction
  visitors revoke --site <id> (--visitor <guest:…> | --all)
                                           revokes one visitor's tokens, or every visitor token issued so far
  comments list --site <id> [--status pending|approved|rejected|spam] [--subject <s>] [--limit <n>]
                                           comments of one status (default pending: the queue), newest first
  comments approve|reject|spam <commentId> --site <id> [--reason <text>]
                                           moderates one comment; counts and the audit log follow
  authors block --site <id> (--comment <commentId> | --author <user:…|guest:…>) [--hide-past] [--reason <text>]
                                           no new comments from them; --hide-past also hides their comments
  authors unblock --site <id> --author <user:…|guest:…> [--reason <text>]
                                           lifts the block and shows again what it hid
  authors list --site <id>                 the blocked authors
  moderation log --site <id> [--limit <n>] the audit log of comment moderation, newest first
  tags list --site <id> [--limit <n>]      the tags, most used first, with their synonyms
  tags rename --site <id> --from <tag> --to <tag>
                                           renames a tag (to an existing tag: merge instead)
  feeds import --site <id> <file.opml>     adds an OPML file's feeds to the site's list; lists refused ones
  feeds list --site <id>                   the site's feeds
  feeds remove --site <id> <url>
  tags merge --site <id> --from <tag> --into <tag>
                                           moves every tagging of --from to --into, for good; --from becomes a synonym
  tags synonym add --site <id> --from <tag> --to <tag>
                                           new uses of --from become --to (reversible)
  tags synonym remove --site <id> --from <tag>
  tags delete --site <id> --tag <tag>      the tag with its taggings and synonyms
  tags restrict|unrestrict --site <id> --tag <tag>
                                           only moderators may apply it, or anyone again
  tags describe --site <id> --tag <tag> --text <text>
                                           the tag page's description (empty text clears it)
  tags log --site <id> [--limit <n>]       the audit log of tag stewardship, newest first
  cards import --site <id> <file>          stores the cards of a .csv, .jsonl (.ndjson) or .json file; lists
                                           each refused row (exit 1 if any) and keeps the good ones
  cards show --site <id> --subject <s>     a subject's card
  cards delete --site <id> --subject <s>
  cards layout --site <id> --kind <kind> [--fields <f1,f2,…>]
                                           the fields a kind's cards show (contact/, account/, or '' for
                                           subjects without a slash); --fields sets them (1 to 7, the first is
                                           the title: name, title, company, email, phone, url, avatarUrl, fields.<name>)
  --help

An origin is scheme://host[:port] (e.g. https://crm.acme.com); "*" allows any origin.
On update, --add-origin and --remove-origin change the list one origin at a time;
--origin REPLACES the whole list with the ones given (origins not repeated are dropped).
The script tag uses PUBLIC_URL (e.g. PUBLIC_URL=https://kith.example.com), the address browsers reach the server at.`;

/** How soon running servers see a revocation made here (their site rows and revocation lists are cached). */
const SITE_CACHE_SECONDS = REVOCATION_CACHE_MS / 1000;

class UsageError extends Error {}
class RuntimeError extends Error {}

const OPTIONS = {
  id: { type: 'string' },
  name: { type: 'string' },
  origin: { type: 'string', multiple: true },
  'add-origin': { type: 'string', multiple: true },
  'remove-origin': { type: 'string', multiple: true },
  guests: { type: 'string' },
  moderation: { type: 'string' },
  'guest-votes-per-network': { type: 'string' },
  'guest-proof-of-work': { type: 'string' },
  'feed-hosts': { type: 'string' },
  'activity-feeds': { type: 'string' },
  site: { type: 'string' },
  network: { type: 'string' },
  ip: { type: 'string' },
  visitor: { type: 'string' },
  all: { type: 'boolean' },
  limit: { type: 'string' },
  status: { type: 'string' },
  subject: { type: 'string' },
  reason: { type: 'string' },
  comment: { type: 'string' },
  author: { type: 'string' },
  'hide-past': { type: 'boolean' },
  from: { type: 'string' },
  to: { type: 'string' },
  into: { type: 'string' },
  tag: { type: 'string' },
  text: { type: 'string' },
  kind: { type: 'string' },
  fields: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = {
  id?: string;
  name?: string;
  origin?: string[];
  'add-origin'?: string[];
  'remove-origin'?: string[];
  guests?: string;
  moderation?: string;
  'guest-votes-per-network'?: string;
  'guest-proof-of-work'?: string;
  'feed-hosts'?: string;
  'activity-feeds'?: string;
  site?: string;
  network?: string;
  ip?: string;
  visitor?: string;
  all?: boolean;
  limit?: string;
  status?: string;
  subject?: string;
  reason?: string;
  comment?: string;
  author?: string;
  'hide-past'?: boolean;
  from?: string;
  to?: string;
  into?: string;
  tag?: string;
  text?: string;
  kind?: string;
  fields?: string;
  help?: boolean;
};

/** A card import's format by its file's extension. */
const IMPORT_FORMATS: Record<string, ImportFormat> = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'json' };

/** The audit log's actor for what the admin CLI does. */
const CLI_ACTOR = 'cli';
const COMMENT_ID = /^[0-9a-f]{24}$/;
const AUTHOR_REF = /^(user|guest):[^\u0000-\u001f\u007f-\u009f\ud800-\udfff]{1,200}$/u;
const NOT_PLAIN = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/u;

function commentIdArg(positionals: string[], command: string): string {
  const id = one(positionals, command, 'commentId');
  if (!COMMENT_ID.test(id)) throw new UsageError(`${command} takes a comment id as listed (24 hex digits; got ${JSON.stringify(id)})`);
  return id;
}

function authorArg(text: string): string {
  if (!AUTHOR_REF.test(text)) throw new UsageError(`--author takes an author as listed, user:<sub> or guest:<uuid> (got ${JSON.stringify(text)})`);
  return text;
}

function reasonArg(text: string | undefined): string | undefined {
  if (text !== undefined && (text.trim() === '' || text.length > 500 || NOT_PLAIN.test(text))) throw new UsageError('--reason takes 1–500 characters of plain text');
  return text;
}

/** A tag given to a tags command, normalized like the API does; a bad one is one line and exit 1. */
function tagArg(flag: string, text: string | undefined, command: string): TagName {
  if (text === undefined) throw new UsageError(`${command} needs ${flag} <tag>`);
  try {
    return tagName(text);
  } catch (error) {
    if (error instanceof HttpError) throw new RuntimeError(`${flag} ${JSON.stringify(text)}: ${error.message}`);
    throw error;
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One line of a comment's text for a listing. */
const excerpt = (body: string) => {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
};

function parseGuests(text: string): Pick<Policy, 'guestsMayRate' | 'guestsMayComment'> {
  if (text === 'none') return { guestsMayRate: false, guestsMayComment: false };
  const parts = text.split(',').map((p) => p.trim());
  for (const part of parts) {
    if (part !== 'rate' && part !== 'comment') throw new UsageError(`--guests takes rate, comment, rate,comment or none (got ${JSON.stringify(text)})`);
  }
  return { guestsMayRate: parts.includes('rate'), guestsMayComment: parts.includes('comment') };
}

function parseModeration(text: string): Policy['moderation'] {
  if (text !== 'pre' && text !== 'post') throw new UsageError(`--moderation takes pre or post (got ${JSON.stringify(text)})`);
  return text;
}

function parseGuestVotes(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > GUEST_VOTES_PER_NETWORK_MAX) {
    throw new UsageError(`--guest-votes-per-network takes an integer from 0 (no cap) to ${GUEST_VOTES_PER_NETWORK_MAX} (got ${JSON.stringify(text)})`);
  }
  return Number(text);
}

function parseOnOff(flag: string, text: string): boolean {
  if (text !== 'on' && text !== 'off') throw new UsageError(`${flag} takes on or off (got ${JSON.stringify(text)})`);
  return text === 'on';
}

/** `--feed-hosts news.example.com,*.example.org`, or `any` for any public host. */
function parseFeedHosts(text: string): string[] {
  if (text.trim() === 'any') return [];
  return text.split(',').map((input) => {
    const host = normalizeFeedHost(input);
    if (host === null) throw new UsageError(`--feed-hosts: not a host name: ${JSON.stringify(input.trim())} (expected news.example.com or *.example.com, comma-separated, or any)`);
    return host;
  });
}

function parseActivityFeeds(text: string): Policy['activityFeeds'] {
  if (text !== 'public' && text !== 'token') throw new UsageError(`--activity-feeds takes public or token (got ${JSON.stringify(text)})`);
  return text;
}

function policyFrom(values: Values): Partial<Policy> {
  return {
    ...(values.guests !== undefined ? parseGuests(values.guests) : {}),
    ...(values.moderation !== undefined ? { moderation: parseModeration(values.moderation) } : {}),
    ...(values['guest-votes-per-network'] !== undefined ? { guestVotesPerNetworkPerDay: parseGuestVotes(values['guest-votes-per-network']) } : {}),
    ...(values['guest-proof-of-work'] !== undefined ? { guestProofOfWork: parseOnOff('--guest-proof-of-work', values['guest-proof-of-work']) } : {}),
    ...(values['feed-hosts'] !== undefined ? { feedHosts: parseFeedHosts(values['feed-hosts']) } : {}),
    ...(values['activity-feeds'] !== undefined ? { activityFeeds: parseActivityFeeds(values['activity-feeds']) } : {}),
  };
}

function allow(values: Values, command: string, allowed: (keyof Values)[]) {
  for (const key of Object.keys(values) as (keyof Values)[]) {
    if (values[key] !== undefined && !allowed.includes(key)) throw new UsageError(`${command} does not take --${key}`);
  }
}

function one(positionals: string[], command: string, what: string): string {
  if (positionals.length !== 1) throw new UsageError(`usage: ${command} <${what}>`);
  return positionals[0]!;
}

function describeSite(site: Site): string {
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  return [
    `id:          ${site.id}`,
    `name:        ${site.name}`,
    `origins:     ${site.origins.length ? site.origins.join(' ') : '(none: only same-origin pages and servers)'}`,
    `policy:      guests may rate: ${yes(site.policy.guestsMayRate)}, guests may comment: ${yes(site.policy.guestsMayComment)}, moderation: ${site.policy.moderation}`,
    `guests:      votes per network per subject per day: ${site.policy.guestVotesPerNetworkPerDay || 'no cap'}, proof of work: ${site.policy.guestProofOfWork ? 'on' : 'off'}`,
    `feeds:       ${site.policy.feedHosts.length ? `read only from ${site.policy.feedHosts.join(', ')}` : 'read from any public host'}; activity feeds: ${site.policy.activityFeeds === 'public' ? 'public' : 'signed-in users and feed tokens only'}`,
    `created:     ${site.createdAt}`,
  ].join('\n');
}

/** Each --add-origin/--remove-origin value, checked like --origin and normalized (so removing
 * `https://CRM.acme.com/` finds `https://crm.acme.com`). */
function originArgs(values: string[] | undefined, flag: string): string[] {
  return (values ?? []).map((input) => {
    const origin = normalizeOrigin(input.trim());
    if (!origin) throw new UsageError(`${flag}: not an origin: ${JSON.stringify(input)} (expected e.g. https://crm.example.com, or *)`);
    return origin;
  });
}

const LOCAL_HOSTS = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/;

/** Where the tag points: PUBLIC_URL, or else the address the server listens on, said plainly, since a tag
 * that points at the wrong host loads nothing and nobody sees why. */
function scriptBase(config: Config, siteId: string): { base: string; note?: string } {
  if (config.publicUrl) {
    const url = new URL(config.publicUrl);
    if (url.protocol === 'http:' && !LOCAL_HOSTS.test(url.host)) {
      return { base: config.publicUrl, note: `Note: PUBLIC_URL is http://, so pages served over https:// (most CRMs) will block this script as mixed content.` };
    }
    return { base: config.publicUrl };
  }
  const base = listenUrl(config);
  const local = LOCAL_HOSTS.test(new URL(base).host) ? ', which only a browser on this machine reaches' : '';
  return {
    base,
    note: `PUBLIC_URL is not set: this tag uses ${base}, where the server listens (HOST, PORT)${local}. Set PUBLIC_URL to the address browsers reach (e.g. https://kith.example.com) and run \`site show ${siteId}\` again.`,
  };
}

function pasteInstructions(site: Site, config: Config): string {
  const { base, note } = scriptBase(config, site.id);
  return [
    '',
    'Paste into your page template:',
    ...(note ? [note] : []),
    `  <script src="${base}/dist/kith.js" data-site="${site.id}"></script>`,
    '',
    'Sign a user token on your server with the secret (Node, jose):',
    "  import { SignJWT } from 'jose';",
    '  const secret = new TextEncoder().encode(process.env.KITH_SITE_SECRET);',
    `  const token = await new SignJWT({ name: user.name }).setProtectedHeader({ alg: 'HS256' }).setSubject(String(user.id)).setAudience('${site.id}').setExpirationTime('10m').sign(secret);`,
  ].join('\n');
}

async function mustGetSite(store: Store, id: string): Promise<Site> {
  const site = await getSite(store.db, id);
  if (!site) throw new RuntimeError(`no site ${JSON.stringify(id)} (see: site list)`);
  return site;
}

async function run(argv: string[], print: (line: string) => void): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
  const values = parsed.values as Values;
  const [group, action, ...rest] = parsed.positionals;
  if (values.help || group === undefined || group === 'help') {
    print(HELP);
    return;
  }
  const command = `${group} ${action ?? ''}`.trim();
  const known = [
    'site create',
    'site list',
    'site show',
    'site update',
    'site rotate-secret',
    'key create',
    'key list',
    'key revoke',
    'votes list',
    'votes purge',
    'visitors revoke',
    'comments list',
    'comments approve',
    'comments reject',
    'comments spam',
    'authors block',
    'authors unblock',
    'authors list',
    'moderation log',
    'tags list',
    'tags rename',
    'tags merge',
    'tags synonym',
    'tags delete',
    'tags restrict',
    'tags unrestrict',
    'tags describe',
    'tags log',
    'cards import',
    'cards show',
    'cards delete',
    'cards layout',
    'feeds import',
    'feeds list',
    'feeds remove',
  ];
  if (!known.includes(command)) throw new UsageError(`unknown command ${JSON.stringify(command)} (try --help)`);

  // Validate usage before touching the database.
  let work: (store: Store, config: Config) => Promise<void>;
  switch (command) {
    case 'site create': {
      allow(values, command, ['id', 'name', 'origin', 'guests', 'moderation', 'guest-votes-per-network', 'guest-proof-of-work', 'feed-hosts', 'activity-feeds']);
      if (rest.length) throw new UsageError(`site create takes no positional arguments (got ${JSON.stringify(rest[0])})`);
      if (!values.id) throw new UsageError('site create needs --id <id>');
      if (!values.name) throw new UsageError('site create needs --name <name>');
      const policy = policyFrom(values);
      const { id, name, origin } = values;
      work = async (store, config) => {
        const site = await createSite(store.db, { id, name, origins: origin ?? [], policy });
        print(`Site created.\n${describeSite(site)}\nsecret:      ${site.secret}\n(keep the secret on your server; it signs user tokens)`);
        print(pasteInstructions(site, config));
      };
      break;
    }
    case 'site list':
      allow(values, command, []);
      work = async (store) => {
        const sites = await listSites(store.db);
        if (!sites.length) print('no sites yet (create one: site create --id <id> --name <name>)');
        for (const site of sites) print(`${site.id}\t${site.name}\t${site.origins.join(' ') || '-'}`);
      };
      break;
    case 'site show': {
      allow(values, command, []);
      const id = one(rest, command, 'id');
      work = async (store, config) => {
        const site = await mustGetSite(store, id);
        print(describeSite(site));
        print(pasteInstructions(site, config));
      };
      break;
    }
    case 'site update': {
      allow(values, command, ['name', 'origin', 'add-origin', 'remove-origin', 'guests', 'moderation', 'guest-votes-per-network', 'guest-proof-of-work', 'feed-hosts', 'activity-feeds']);
      const id = one(rest, command, 'id');
      const policy = policyFrom(values);
      const add = originArgs(values['add-origin'], '--add-origin');
      const remove = originArgs(values['remove-origin'], '--remove-origin');
      if (values.origin !== undefined && (add.length || remove.length)) {
        throw new UsageError('--origin replaces the whole origin list; use it alone, or --add-origin/--remove-origin without it');
      }
      const both = add.find((origin) => remove.includes(origin));
      if (both) throw new UsageError(`${both} is both added and removed`);
      if (values.name === undefined && values.origin === undefined && !add.length && !remove.length && Object.keys(policy).length === 0) {
        throw new UsageError(
          'site update needs at least one of --name, --add-origin, --remove-origin, --origin, --guests, --moderation, --guest-votes-per-network, --guest-proof-of-work',
        );
      }
      work = async (store) => {
        const before = await mustGetSite(store, id);
        let origins = values.origin;
        if (add.length || remove.length) {
          const missing = remove.filter((origin) => !before.origins.includes(origin));
          if (missing.length) {
            throw new RuntimeError(`site ${id} has no origin ${missing.join(', ')} (its origins: ${before.origins.join(' ') || 'none'}); nothing changed`);
          }
          origins = [...before.origins.filter((origin) => !remove.includes(origin)), ...add];
        }
        const site = await updateSite(store.db, id, { name: values.name, origins, policy });
        const already = add.filter((origin) => before.origins.includes(origin));
        print(`Site updated.${already.length ? ` (already listed: ${already.join(' ')})` : ''}\n${describeSite(site!)}`);
      };
      break;
    }
    case 'site rotate-secret': {
      allow(values, command, []);
      const id = one(rest, command, 'id');
      work = async (store) => {
        await mustGetSite(store, id);
        const site = await rotateSecret(store.db, id);
        print(`New secret for ${id}: ${site!.secret}\nsecret:      ${site!.secret}\nTokens signed with the old secret no longer verify; visitor tokens stay valid.`);
      };
      break;
    }
    case 'key create': {
      allow(values, command, ['site', 'name']);
      if (rest.length) throw new UsageError('key create takes no positional arguments');
      if (!values.site) throw new UsageError('key create needs --site <id>');
      if (!values.name) throw new UsageError('key create needs --name <name>');
      const { site: siteId, name } = values;
      work = async (store) => {
        await mustGetSite(store, siteId);
        const { key, record } = await createKey(store.db, siteId, name);
        print(`API key created for site ${siteId} (${name}). It is shown only now; store it on your server.\nid:          ${record.id}\nkey:         ${key}`);
      };
      break;
    }
    case 'key list': {
      allow(values, command, ['site']);
      if (!values.site) throw new UsageError('key list needs --site <id>');
      const siteId = values.site;
      work = async (store) => {
        await mustGetSite(store, siteId);
        const keys = await listKeys(store.db, siteId);
        if (!keys.length) print(`no keys for ${siteId}`);
        for (const k of keys) print(`${k.id}\t${k.prefix}…\t${k.name}\tcreated ${k.createdAt}${k.revokedAt ? `\trevoked ${k.revokedAt}` : ''}`);
      };
      break;
    }
    case 'votes list':
    case 'votes purge': {
      allow(values, command, command === 'votes list' ? ['site', 'network', 'ip', 'visitor', 'limit'] : ['site', 'network', 'ip', 'visitor']);
      if (rest.length) throw new UsageError(`${command} takes no positional arguments`);
      if (!values.site) throw new UsageError(`${command} needs --site <id>`);
      const siteId = values.site;
      const given = (['network', 'ip', 'visitor'] as const).filter((name) => values[name] !== undefined);
      if (given.length !== 1) throw new UsageError(`${command} needs exactly one of --network <hash>, --ip <address>, --visitor <guest:…>`);
      if (values.visitor !== undefined && !isGuestSub(values.visitor)) throw new UsageError(`--visitor takes a visitor sub, guest:<uuid> (got ${JSON.stringify(values.visitor)})`);
      if (values.network !== undefined && !/^[A-Za-z0-9_-]{43}$/.test(values.network)) throw new UsageError('--network takes a network hash as listed (43 characters); or use --ip <address>');
      if (values.ip !== undefined && networkOf(values.ip) === null) throw new UsageError(`--ip takes an IPv4 or IPv6 address (got ${JSON.stringify(values.ip)})`);
      if (values.limit !== undefined && !/^[1-9]\d{0,3}$/.test(values.limit)) throw new UsageError(`--limit takes 1 to ${GUEST_VOTES_LIST_MAX}`);
      const limit = Number(values.limit ?? 100);
      work = async (store) => {
        await mustGetSite(store, siteId);
        const filter: GuestVoteFilter =
          values.visitor !== undefined ? { visitor: values.visitor } : { network: values.network ?? (await networkHashOf(store.db, values.ip!))! };
        const hash = 'network' in filter ? filter.network : '';
        const what = values.visitor ?? (values.ip !== undefined ? `network ${networkOf(values.ip)} (${hash})` : `network ${hash}`);
        if (command === 'votes list') {
          const { total, items } = await listGuestVotes(store.db, siteId, filter, limit);
          print(`${total} guest vote${total === 1 ? '' : 's'} from ${what}${items.length < total ? ` (newest ${items.length} shown)` : ''}`);
          for (const item of items) print(`${item.updatedAt}\t${item.value}★\t${item.subject}\t${item.visitor}\t${item.network ?? '-'}`);
        } else {
          const { purged, summaries } = await store.db.transaction().execute((trx) => purgeGuestVotes(trx, store.dialect, siteId, filter));
          print(`Purged ${purged} guest vote${purged === 1 ? '' : 's'} from ${what}.`);
          for (const summary of summaries) print(`${summary.subject}\tnow ${summary.count} votes, average ${summary.average}`);
        }
      };
      break;
    }
    case 'visitors revoke': {
      allow(values, command, ['site', 'visitor', 'all']);
      if (rest.length) throw new UsageError('visitors revoke takes no positional arguments');
      if (!values.site) throw new UsageError('visitors revoke needs --site <id>');
      if ((values.visitor === undefined) === (values.all === undefined)) throw new UsageError('visitors revoke needs --visitor <guest:…> or --all');
      if (values.visitor !== undefined && !isGuestSub(values.visitor)) throw new UsageError(`--visitor takes a visitor sub, guest:<uuid> (got ${JSON.stringify(values.visitor)})`);
      const siteId = values.site;
      work = async (store, config) => {
        await mustGetSite(store, siteId);
        if (values.all) {
          const at = await revokeAllGuestTokens(store.db, siteId);
          print(`Revoked every visitor token of ${siteId} issued before ${new Date(at!).toISOString()} (servers apply it within ${SITE_CACHE_SECONDS} s). Guests get a new identity on their next write.`);
        } else {
          await revokeVisitor(store.db, siteId, values.visitor!, config.guestTokenTtlDays + config.guestTokenRenewGraceDays + 1);
          print(`Revoked visitor ${values.visitor} of ${siteId} (servers apply it within ${SITE_CACHE_SECONDS} s).`);
        }
      };
      break;
    }
    case 'comments list': {
      allow(values, command, ['site', 'status', 'subject', 'limit']);
      if (rest.length) throw new UsageError('comments list takes no positional arguments');
      if (!values.site) throw new UsageError('comments list needs --site <id>');
      const status = values.status ?? 'pending';
      if (!['pending', 'approved', 'rejected', 'spam'].includes(status)) throw new UsageError(`--status takes pending, approved, rejected or spam (got ${JSON.stringify(status)})`);
      if (values.subject !== undefined && (values.subject === '' || values.subject.length > 512 || NOT_PLAIN.test(values.subject))) throw new UsageError('--subject takes 1–512 characters of plain text');
      if (values.limit !== undefined && !/^[1-9]\d{0,2}$/.test(values.limit)) throw new UsageError('--limit takes 1 to 999');
      const siteId = values.site;
      const limit = Number(values.limit ?? 50);
      work = async (store) => {
        await mustGetSite(store, siteId);
        const { items, nextCursor } = await listQueue(store.db, siteId, { status: status as CommentStatus, subject: values.subject, limit });
        print(`${items.length}${nextCursor ? '+' : ''} ${status} comment${items.length === 1 ? '' : 's'}${values.subject !== undefined ? ` on ${values.subject}` : ''}${nextCursor ? ` (newest ${items.length} shown)` : ''}`);
        for (const c of items) {
          print(`${c.createdAt}\t${c.id}\t${c.subject}\t${c.authorRef}\t${c.author.name}${c.hidden ? '\t(hidden)' : ''}\t${excerpt(c.body)}`);
        }
      };
      break;
    }
    case 'comments approve':
    case 'comments reject':
    case 'comments spam': {
      allow(values, command, ['site', 'reason']);
      const id = commentIdArg(rest, command);
      if (!values.site) throw new UsageError(`${command} needs --site <id>`);
      const reason = reasonArg(values.reason);
      const siteId = values.site;
      const verb = action as ModerationAction;
      work = async (store) => {
        await mustGetSite(store, siteId);
        const { comment } = await store.db.transaction().execute((trx) => moderateComment(trx, store.dialect, siteId, CLI_ACTOR, id, verb, reason));
        const count = await readCount(store.db, siteId, comment.subject);
        print(`Comment ${id} is ${comment.status} now. ${comment.subject}: ${count} visible comment${count === 1 ? '' : 's'}.`);
      };
      break;
    }
    case 'authors block': {
      allow(values, command, ['site', 'comment', 'author', 'hide-past', 'reason']);
      if (rest.length) throw new UsageError('authors block takes no positional arguments');
      if (!values.site) throw new UsageError('authors block needs --site <id>');
      if ((values.comment === undefined) === (values.author === undefined)) throw new UsageError('authors block needs exactly one of --comment <commentId> or --author <user:…|guest:…>');
      if (values.comment !== undefined && !COMMENT_ID.test(values.comment)) throw new UsageError(`--comment takes a comment id as listed (24 hex digits; got ${JSON.stringify(values.comment)})`);
      const author = values.author === undefined ? undefined : authorArg(values.author);
      const reason = reasonArg(values.reason);
      const siteId = values.site;
      work = async (store) => {
        await mustGetSite(store, siteId);
        const result = await store.db
          .transaction()
          .execute((trx) => blockAuthor(trx, siteId, CLI_ACTOR, { commentId: values.comment, author, hidePast: values['hide-past'] === true, reason }));
        print(`Blocked ${result.author} on ${siteId}${values['hide-past'] ? `; hid ${result.hidden} comment${result.hidden === 1 ? '' : 's'}` : ''}.`);
      };
      break;
    }
    case 'authors unblock': {
      allow(values, command, ['site', 'author', 'reason']);
      if (rest.length) throw new UsageError('authors unblock takes no positional arguments');
      if (!values.site) throw new UsageError('authors unblock needs --site <id>');
      if (values.author === undefined) throw new UsageError('authors unblock needs --author <user:…|guest:…>');
      const author = authorArg(values.author);
      const reason = reasonArg(values.reason);
      const siteId = values.site;
      work = async (store) => {
        await mustGetSite(store, siteId);
        const result = await store.db.transaction().execute((trx) => unblockAuthor(trx, siteId, CLI_ACTOR, author, reason));
        print(`Unblocked ${author} on ${siteId}; restored ${result.restored} comment${result.restored === 1 ? '' : 's'}.`);
      };
      break;
    }
    case 'authors list': {
      allow(values, command, ['site']);
      if (rest.length) throw new UsageError('authors list takes no positional arguments');
      if (!values.site) throw new UsageError('authors list needs --site <id>');
      const siteId = values.site;
      work = async (store) => {
        await mustGetSite(store, siteId);
        const items = await listBlocked(store.db, siteId);
        if (!items.length) print(`no blocked authors on ${siteId}`);
        for (const b of items) print(`${b.author}\t${b.name ?? '-'}\t${b.hidePast ? 'past hidden' : 'past kept'}\tby ${b.blockedBy}\t${b.blockedAt}${b.reason ? `\t${b.reason}` : ''}`);
      };
      break;
    }
    case 'moderation log': {
      allow(values, command, ['site', 'limit']);
      if (rest.length) throw new UsageError('moderation log takes no positional arguments');
      if (!values.site) throw new UsageError('moderation log needs --site <id>');
      if (values.limit !== undefined && !/^[1-9]\d{0,2}$/.test(values.limit)) throw new UsageError('--limit takes 1 to 999');
      const siteId = values.site;
      const limit = Number(values.limit ?? 50);
      work = async (store) => {
        await mustGetSite(store, siteId);
        const { items } = await listLog(store.db, siteId, undefined, limit);
        if (!items.length) print(`no moderation yet on ${siteId}`);
        for (const e of items) {
          const change = e.fromStatus !== undefined && e.toStatus !== undefined ? `${e.fromStatus} → ${e.toStatus}` : '-';
          print(`${e.createdAt}\t${e.actor}\t${e.action}\t${e.commentId ?? '-'}\t${e.author ?? '-'}\t${change}${e.reason ? `\t${e.reason}` : ''}`);
        }
      };
      break;
    }
    case 'tags list':
    case 'tags log': {
      allow(values, command, ['site', 'limit']);
      if (rest.length) throw new UsageError(`${command} takes no positional arguments`);
      if (!values.site) throw new UsageError(`${command} needs --site <id>`);
      if (values.limit !== undefined && !/^[1-9]\d{0,2}$/.test(values.limit)) throw new UsageError('--limit takes 1 to 999');
      const siteId = values.site;
      const limit = Number(values.limit ?? (command === 'tags list' ? 100 : 50));
      work = async (store) => {
        await mustGetSite(store, siteId);
        if (command === 'tags log') {
          const { items } = await listTagLog(store.db, siteId, undefined, limit);
          if (!items.length) print(`no tag stewardship yet on ${siteId}`);
          for (const e of items) print(`${e.createdAt}\t${e.actor}\t${e.action}\t${JSON.stringify(e.detail)}`);
          return;
        }
        const found = await listTags(store.db, siteId, limit + 1);
        const tags = found.slice(0, limit);
        print(`${plural(tags.length, 'tag')}${found.length > limit ? '+' : ''} on ${siteId}${found.length > limit ? ` (the ${limit} most used shown)` : ''}`);
        for (const tag of tags) {
          const notes = [tag.restricted ? 'restricted' : '', tag.synonyms.length ? `synonyms: ${tag.synonyms.join(', ')}` : '', tag.description ?? ''].filter(Boolean);
          print(`${tag.key}\t${tag.display}\t${plural(tag.uses, 'use')}\t${plural(tag.subjects, 'subject')}${notes.length ? `\t${notes.join('\t')}` : ''}`);
        }
      };
      break;
    }
    case 'tags rename':
    case 'tags merge':
    case 'tags synonym':
    case 'tags delete':
    case 'tags restrict':
    case 'tags unrestrict':
    case 'tags describe': {
      const verb = command === 'tags synonym' ? `${command} ${rest[0] ?? ''}`.trim() : command;
      const flags: Record<string, (keyof Values)[]> = {
        'tags rename': ['site', 'from', 'to'],
        'tags merge': ['site', 'from', 'into'],
        'tags synonym add': ['site', 'from', 'to'],
        'tags synonym remove': ['site', 'from'],
        'tags delete': ['site', 'tag'],
        'tags restrict': ['site', 'tag'],
        'tags unrestrict': ['site', 'tag'],
        'tags describe': ['site', 'tag', 'text'],
      };
      const allowed = flags[verb];
      if (!allowed) throw new UsageError('usage: tags synonym add|remove --site <id> --from <tag> [--to <tag>]');
      allow(values, verb, allowed);
      if (rest.length > (command === 'tags synonym' ? 1 : 0)) throw new UsageError(`${verb} takes no positional arguments`);
      if (!values.site) throw new UsageError(`${verb} needs --site <id>`);
      for (const flag of allowed) {
        if (values[flag] === undefined) throw new UsageError(`${verb} needs --${flag} <${flag === 'text' ? 'text' : 'tag'}>${flag === 'text' ? ' (empty clears the description)' : ''}`);
      }
      if (values.text !== undefined && (values.text.length > TAG_DESCRIPTION_MAX || /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ud800-\udfff]/u.test(values.text))) {
        throw new UsageError(`--text takes up to ${TAG_DESCRIPTION_MAX} characters of plain text`);
      }
      const siteId = values.site;
      work = async (store) => {
        await mustGetSite(store, siteId);
        const steward = <T>(change: (trx: Transaction<Database>) => Promise<T>) => withLockRetry(() => store.db.transaction().execute(change));
        const q = (text: string) => JSON.stringify(text);
        switch (verb) {
          case 'tags rename': {
            const [from, to] = [tagArg('--from', values.from, verb), tagArg('--to', values.to, verb)];
            const key = await steward((trx) => renameTag(trx, store.dialect, siteId, CLI_ACTOR, from, to));
            const page = await readTagPage(store.db, siteId, key);
            print(`Renamed ${q(from.key)} to ${q(page.tag)} on ${siteId} (key ${q(key)}, ${plural(page.count, 'use')}).`);
            break;
          }
          case 'tags merge': {
            const [from, into] = [tagArg('--from', values.from, verb), tagArg('--into', values.into, verb)];
            const result = await steward((trx) => mergeTags(trx, store.dialect, siteId, CLI_ACTOR, from, into));
            const page = await readTagPage(store.db, siteId, result.key);
            print(
              `Merged ${q(from.key)} into ${q(result.key)} on ${siteId}: ${plural(result.moved, 'tagging')} moved, ${result.merged} already there; ${q(result.key)} has ${plural(page.count, 'use')} on ${plural(page.subjects, 'subject')}, and new uses of ${q(from.key)} become it.`,
            );
            break;
          }
          case 'tags synonym add': {
            const [from, to] = [tagArg('--from', values.from, verb), tagArg('--to', values.to, verb)];
            const key = await steward((trx) => addSynonym(trx, store.dialect, siteId, CLI_ACTOR, from, to));
            print(`New uses of ${q(from.key)} on ${siteId} become ${q(key)}.`);
            break;
          }
          case 'tags synonym remove': {
            const from = tagArg('--from', values.from, verb);
            const key = await steward((trx) => removeSynonym(trx, siteId, CLI_ACTOR, from));
            print(`Removed the synonym ${q(from.key)} → ${q(key)} on ${siteId}; new uses of ${q(from.key)} are a tag of their own.`);
            break;
          }
          case 'tags delete': {
            const tag = tagArg('--tag', values.tag, verb);
            const before = await readTagPage(store.db, siteId, tag.key).catch(() => null);
            const key = await steward((trx) => deleteTag(trx, store.dialect, siteId, CLI_ACTOR, tag));
            print(`Deleted the tag ${q(key)} on ${siteId} with its ${plural(before?.count ?? 0, 'tagging')}.`);
            break;
          }
          case 'tags restrict':
          case 'tags unrestrict': {
            const tag = tagArg('--tag', values.tag, verb);
            const restricted = verb === 'tags restrict';
            const key = await steward((trx) => setRestricted(trx, store.dialect, siteId, CLI_ACTOR, tag, restricted));
            print(`${q(key)} on ${siteId} may be applied ${restricted ? 'only by moderators' : 'by anyone'} now.`);
            break;
          }
          default: {
            const tag = tagArg('--tag', values.tag, verb);
            const key = await steward((trx) => describeTag(trx, store.dialect, siteId, CLI_ACTOR, tag, values.text!));
            print(values.text!.trim() ? `Described ${q(key)} on ${siteId}.` : `Cleared the description of ${q(key)} on ${siteId}.`);
          }
        }
      };
      break;
    }
    case 'feeds import': {
      allow(values, command, ['site']);
      const file = one(rest, command, 'file.opml');
      if (!values.site) throw new UsageError(`${command} needs --site <id>`);
      const siteId = values.site;
      work = async (store) => {
        const site = await mustGetSite(store, siteId);
        let text: string;
        try {
          if (statSync(file).size > OPML_MAX_BYTES) throw new RuntimeError(`${file} is larger than ${OPML_MAX_BYTES / 1024 / 1024} MB`);
          text = readFileSync(file, 'utf8');
        } catch (error) {
          if (error instanceof RuntimeError) throw error;
          throw new RuntimeError(`cannot read ${file}: ${(error as Error).message}`);
        }
        let report;
        try {
          report = await store.db.transaction().execute((trx) => importFeeds(trx, siteId, text, site.policy));
        } catch (error) {
          if (error instanceof OpmlError) throw new RuntimeError(`${file}: ${error.message}`);
          throw error;
        }
        print(`Added or renamed ${plural(report.stored, 'feed')} of ${report.received} on ${siteId}${report.refused.length ? `; ${plural(report.refused.length, 'feed')} refused:` : '.'}`);
        for (const feed of report.refused) print(`${feed.url || '(no xmlUrl)'}\t${feed.title}\t${feed.reason}`);
        if (report.refused.length) throw new RuntimeError(`${plural(report.refused.length, 'feed')} refused (listed above); the others are stored`);
      };
      break;
    }
    case 'feeds list': {
      allow(values, command, ['site']);
      if (rest.length) throw new UsageError(`${command} takes no positional arguments`);
      if (!values.site) throw new UsageError(`${command} needs --site <id>`);
      const siteId = values.site;
      work = async (store) => {
        await mustGetSite(store, siteId);
        const feeds = await listFeeds(store.db, siteId);
        if (!feeds.length) print(`no feeds on ${siteId} yet (import an OPML file: feeds import --site ${siteId} <file.opml>)`);
        for (const feed of feeds) print(`${feed.url}\t${feed.title}`);
      };
      break;
    }
    case 'feeds remove': {
      allow(values, command, ['site']);
      const url = one(rest, command, 'url');
      if (!values.site) throw new UsageError(`${command} needs --site <id>`);
      const siteId = values.site;
      work = async (store) => {
        await mustGetSite(store, siteId);
        if (!(await removeFeed(store.db, siteId, url))) throw new RuntimeError(`${url} is not on ${siteId}'s list`);
        print(`Removed ${url} from ${siteId}.`);
      };
      break;
    }
    case 'cards import': {
      allow(values, command, ['site']);
      const file = one(rest, command, 'file');
      if (!values.site) throw new UsageError(`${command} needs --site <id>`);
      const format = IMPORT_FORMATS[extname(file).toLowerCase()];
      if (!format) throw new UsageError(`${command}: ${file} must end in .csv, .jsonl, .ndjson or .json`);
      const siteId = values.site;
      work = async (store) => {
        await mustGetSite(store, siteId);
        let text: string;
        try {
          if (statSync(file).size > CARDS_IMPORT_MAX_BYTES) throw new RuntimeError(`${file} is larger than ${CARDS_IMPORT_MAX_BYTES / 1024 / 1024} MB: split it`);
          text = readFileSync(file, 'utf8');
        } catch (error) {
          if (error instanceof RuntimeError) throw error;
          throw new RuntimeError(`cannot read ${file}: ${(error as Error).message}`);
        }
        let body: unknown = text;
        if (format == 'json') {
          try {
            body = JSON.parse(text);
          } catch (error) {
            throw new RuntimeError(`${file} is not JSON: ${(error as Error).message}`);
          }
        }
        const rows = readImport(format, body);
        const report = await store.db.transaction().execute((trx) => importCards(trx, siteId, rows));
        print(`Stored ${plural(report.stored, 'card')} of ${report.received} on ${siteId}${report.refused.length ? `; ${plural(report.refused.length, 'row')} refused:` : '.'}`);
        for (const row of report.refused) print(`line ${row.line}	${row.subject ?? '-'}	${row.errors.map((e) => `${e.path || 'row'} ${e.message}`).join('; ')}`);
        if (report.refused.length) throw new RuntimeError(`${plural(report.refused.length, 'row')} refused (listed above); the others are stored`);
      };
      break;
    }
    case 'cards show':
    case 'cards delete': {
      allow(values, command, ['site', 'subject']);
      if (rest.length) throw new UsageError(`${command} takes no positional arguments`);
      if (!values.site || !values.subject) throw new UsageError(`usage: ${command} --site <id> --subject <subject>`);
      const { site: siteId, subject } = values as { site: string; subject: string };
      work = async (store) => {
        await mustGetSite(store, siteId);
        if (command == 'cards delete') {
          if (!(await deleteCard(store.db, siteId, subject))) throw new RuntimeError(`no card for ${JSON.stringify(subject)} on ${siteId}`);
          print(`Deleted the card of ${JSON.stringify(subject)} on ${siteId}.`);
          return;
        }
        const card = (await readCards(store.db, store.dialect, siteId, [subject])).get(subject);
        if (!card) throw new RuntimeError(`no card for ${JSON.stringify(subject)} on ${siteId}`);
        print(JSON.stringify({ subject, card: card.profile, updatedAt: card.updatedAt }));
      };
      break;
    }
    case 'cards layout': {
      allow(values, command, ['site', 'kind', 'fields']);
      if (rest.length) throw new UsageError(`${command} takes no positional arguments`);
      if (!values.site || values.kind === undefined) throw new UsageError(`usage: ${command} --site <id> --kind <kind> [--fields <f1,f2,…>]`);
      const { site: siteId, kind } = values as { site: string; kind: string };
      if (!isCardKind(kind)) throw new UsageError(`--kind is a subject's first segment and its slash (contact/), or '' (got ${JSON.stringify(kind)})`);
      let fields: string[] | undefined;
      try {
        fields = values.fields === undefined ? undefined : cardLayout(values.fields.split(',').map((field) => field.trim()));
      } catch (error) {
        const details = (error as HttpError).details as { path: string; message: string }[] | undefined;
        throw new UsageError(`--fields: ${details?.map((d) => `${d.path ? `field ${Number(d.path.slice(1)) + 1} ` : ''}${d.message}`).join('; ') ?? (error as Error).message}`);
      }
      work = async (store) => {
        await mustGetSite(store, siteId);
        if (fields) await setCardLayout(store.db, siteId, kind, fields);
        const layout = await readCardLayout(store.db, store.dialect, siteId, kind);
        print(`${fields ? 'Set: ' : ''}cards of ${JSON.stringify(kind)} on ${siteId} show ${layout.fields.join(', ')}${layout.custom ? '' : ' (the default)'}`);
      };
      break;
    }
    default: {
      allow(values, command, []);
      const id = one(rest, command, 'keyId');
      work = async (store) => {
        if (!(await revokeKey(store.db, id))) throw new RuntimeError(`no active key ${JSON.stringify(id)} (see: key list --site <id>)`);
        print(`Key ${id} revoked.`);
      };
    }
  }

  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new RuntimeError(error.message);
    throw error;
  }
  let store: Store;
  try {
    store = await createDb(config.databaseUrl);
  } catch (error) {
    throw new RuntimeError(`cannot open DATABASE_URL: ${(error as Error).message}`);
  }
  try {
    await work(store, config);
  } catch (error) {
    if (error instanceof SiteInputError) throw new UsageError(error.message);
    // What the API answers with a 4xx (no such comment, …): one line, exit 1.
    if (error instanceof HttpError) throw new RuntimeError(error.message);
    throw error;
  } finally {
    await store.close();
  }
}

try {
  await run(process.argv.slice(2), (line) => console.log(line));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`kith: ${error.message}`);
    process.exitCode = 2;
  } else if (error instanceof RuntimeError) {
    console.error(`kith: ${error.message}`);
    process.exitCode = 1;
  } else {
    console.error(`kith: unexpected error: ${(error as Error)?.message ?? String(error)}`);
    process.exitCode = 1;
  }
}
