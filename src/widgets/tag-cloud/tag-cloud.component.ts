import { html, nothing } from 'lit';
import { options, sitePrefix } from '../../core/config.js';
import { connectedWidgets, KithElement } from '../../core/element.js';
import { KithError, retryable, SIGN_IN_AGAIN } from '../../core/error.js';
import { alertIcon, clockIcon, lockIcon } from '../../core/icons.js';
import { signedIn, visitorToken } from '../../core/identity.js';
import { outboxState, type OutboxChange, type OutboxEntry } from '../../core/outbox-queue.js';
import { sitePolicy } from '../../core/policy.js';
import { collator } from '../../core/intl.js';
import { formatNumber } from '../../core/strings.js';
import { validSubject } from '../../core/subject.js';
import { followLive } from '../../core/live-follow.js';
import type { LiveMessage } from '../../core/live.js';
import {
  allSubjectTags,
  cloudTags,
  guessKey,
  ownTags,
  subjectTags,
  tagOfWrite,
  tagsPath,
  weightStep,
  type TagCloudHost,
  type TagCount,
} from './tag-cloud.data.js';
import { tagCloudStrings } from './tag-cloud.strings.js';
import { styles } from './tag-cloud.styles.js';
import type { Combobox } from './tag-cloud.suggest.js';
import type { SubjectList } from './tag-cloud.subjects.js';
import type { TagAnother } from './tag-cloud.transfer.js';

export type { TagCount } from './tag-cloud.data.js';

declare module '../../core/element.js' {
  interface KithEventMap {
    /** A tag was activated (clicked, or Enter on it). Cancelable: `preventDefault()` keeps the link from being
     * followed and the widget from listing the subjects carrying it (a single-page host filters its own list). */
    'kith-tag-select': { tag: string; key: string; subject?: string };
    /** The server confirmed the user's added or removed tag, with the subject's tags after it. */
    'kith-tag': { subject: string; tag: string; key: string; action: 'added' | 'removed'; items: TagCount[] };
    /** A guest tried to tag where the site lets only signed-in users take part. Cancelable: `preventDefault()`
     * keeps the widget from following `url`. */
    'kith-sign-in': { subject: string; url: string };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'kith-tag-select': CustomEvent<{ tag: string; key: string; subject?: string }>;
    'kith-tag': CustomEvent<{ subject: string; tag: string; key: string; action: 'added' | 'removed'; items: TagCount[] }>;
    'kith-sign-in': CustomEvent<{ subject: string; url: string }>;
  }
}

type Phase = 'unconfigured' | 'loading' | 'error' | 'ready';

/** A tag as shown: the server's, with the viewer's writes still in the outbox applied. */
interface ShownTag extends TagCount {
  mine: boolean;
  pending?: 'adding' | 'removing';
}

/** Tags a compact widget shows before "+N". */
const COMPACT_TAGS = 2;

/** Widgets drawn with their tags whose work after the first paint (live updates, drag and drop, the field)
 * is still to do: done together, in a task after the frame that shows them, so a 200-row table's first paint
 * never waits for it (or, in a hidden tab, where frames wait, after a second). */
const afterPaint = new Set<KithTagCloud>();

/** The viewer's own writes' chunk (asked for after the first paint, with the field and drag and drop), and drag
 * and drop's. Not kept as promises: a chunk that could not load (offline) is asked for again next time. */
const writes = () => import('./tag-cloud.writes.js');
const transfer = () => import('./tag-cloud.transfer.js');

/**
 * Folksonomy tags. With `subject`: the subject's tags as chips with counts, the viewer's own marked and
 * removable, and a field to add tags (an ARIA combobox with suggestions). Without `subject`: the site's tag
 * cloud (or its rising tags with `trending`), each tag sized by use on a logarithmic scale, orderable by
 * popularity or alphabetically.
 *
 * `variant="compact"` is one line for a table cell: the top tags and "+N", no field.
 *
 * Every tag is a link (`href-template`) or a button, and fires a cancelable `kith-tag-select`; with
 * `list-subjects` the widget lists the subjects carrying the chosen tag itself. A tag can be dragged onto
 * another tagging widget of the same site to tag its subject; the keyboard way is each tag's "Tag another
 * record…" button (shown when the page has other tagging widgets). Writes go through the outbox: shown
 * pending, sent once (also after being offline), and taken back with the server's reason when refused.
 *
 * Keyboard: tags, remove buttons and "Tag another record…" are links and buttons in reading order. The field is
 * an APG combobox: Down/Up move through the suggestions (`aria-activedescendant`), Enter adds the highlighted
 * suggestion or what was typed (commas separate several tags), Escape closes the list. The number of
 * suggestions, drops and tags applied elsewhere are announced politely.
 *
 * @tagname kith-tag-cloud
 * @summary Folksonomy tags of a subject, or the site's weighted tag cloud.
 * @attr subject - The subject to tag, e.g. `contact/42`. Without it, the widget shows the site's cloud.
 * @attr variant - `full` (default) or `compact` (one line: the top tags and "+N", for table cells).
 * @attr scope - The cloud within one kind of subject, e.g. `product/` (no `subject` only).
 * @attr limit - How many tags the cloud shows (1–200, default 50; no `subject` only).
 * @attr trending - The cloud shows rising tags (a spike in use over the last week), not the most used.
 * @attr href-template - Where a tag links, `{tag}` replaced by the URL-encoded tag, e.g. `/search?tag={tag}`.
 * @attr list-subjects - Choosing a tag lists the subjects carrying it, in the widget, paged.
 * @attr label - This widget's name in other widgets' "Tag another record…" lists (default: its subject).
 * @attr sign-in-url - Where a guest signs in, on sites that let only signed-in users tag.
 * @attr no-live - Do not follow others' tagging live.
 * @fires kith-tag-select - A tag was activated: `detail: { tag, key, subject? }`, cancelable (keeps the link from being followed and the subjects from being listed).
 * @fires kith-tag - The server confirmed an added or removed tag: `detail: { subject, tag, key, action: 'added' | 'removed', items }`.
 * @fires kith-error - Loading or saving failed: `detail: { subject, code, message, reverted? }`; `reverted: true` when a refused tag was taken back on screen.
 * @fires kith-sign-in - A guest wants to tag where only signed-in users may: `detail: { subject, url }`, cancelable.
 * @csspart base - The widget's box (in the compact variant also `list`).
 * @csspart list - The list of tags.
 * @csspart tag - One tag (a chip); also `own` on the viewer's own tags. In the compact variant also `link`: each tag is one element.
 * @csspart link - A tag's link or button.
 * @csspart remove - The remove button of an own tag.
 * @csspart field - The add field (a combobox).
 * @csspart suggestions - The suggestions list.
 * @csspart count - A suggestion's count.
 * @csspart order - The popular / A–Z switch.
 * @csspart popup - The "Tag another record…" list.
 * @csspart subjects - The subjects carrying the chosen tag (`list-subjects`).
 * @csspart message - Status: loading failed, pending, refused, sign in.
 * @cssprop --kith-tag-cloud-chip-color - Background of a tag chip (default: a tint of --kith-color-graphic).
 * @cssprop --kith-tag-cloud-own-color - Outline of the viewer's own tags (default --kith-color-own).
 * @cssprop --kith-tag-cloud-max-size - The size of the most used tags in the cloud (default 1.8em; the least used are 0.85em).
 */
export class KithTagCloud extends KithElement {
  static override styles = styles;
  static override strings = tagCloudStrings;
  static override properties = {
    subject: {},
    variant: {},
    scope: {},
    limit: { type: Number },
    trending: { type: Boolean },
    hrefTemplate: { attribute: 'href-template' },
    listSubjects: { type: Boolean, attribute: 'list-subjects' },
    label: {},
    signInUrl: { attribute: 'sign-in-url' },
    noLive: { type: Boolean, attribute: 'no-live' },
  };

  /** The subject to tag; '' shows the site's cloud. */
  declare subject: string;
  /** `full` (default) or `compact`. */
  declare variant: 'full' | 'compact';
  /** The cloud within a kind of subject, e.g. `product/`. */
  declare scope: string;
  /** How many tags the cloud shows. */
  declare limit: number;
  /** The cloud shows rising tags. */
  declare trending: boolean;
  /** Where a tag links (`{tag}` is replaced by the URL-encoded tag). */
  declare hrefTemplate: string;
  /** Choosing a tag lists the subjects carrying it. */
  declare listSubjects: boolean;
  /** This widget's name in other widgets' "Tag another record…" lists. */
  declare label: string;
  /** Where a guest signs in, on sites that let only signed-in users tag. */
  declare signInUrl: string;
  /** Do not follow others' tagging live. */
  declare noLive: boolean;

  /** The tags as the server last sent them (or a saved copy); how many distinct tags the subject has. */
  #items?: TagCount[];
  #total = 0;
  /** Keys of the viewer's own tags, as the server last confirmed them. */
  #mine = new Set<string>();
  #fresh = false;
  #loadError?: KithError;
  #credentialError?: KithError;
  /** The last write the server refused (and the widget took back), and why in words. */
  #refusal?: { error: KithError; text: string };
  #signInRequired = false;
  /** Writes being stored in the outbox (not yet in its queue). */
  readonly #storing: { add: boolean; tag: string }[] = [];
  /** Writes asked for while the writes' chunk comes. */
  #asked = 0;
  #order: 'popular' | 'alpha' = 'popular';
  /** The tags the last render drew. */
  #drawn: ShownTag[] = [];
  /** The polite announcement (suggestion counts, drops, tags applied elsewhere). */
  #announcement = '';
  /** The add field's behaviour and suggestions (a chunk loaded after the first paint). */
  #combobox?: Combobox;
  #subjects?: SubjectList;
  #another?: TagAnother;
  /** The chunks loaded after the first paint were asked for. */
  #laterLoaded = false;
  #loadedFor = '';
  #loadedWith: unknown;
  #live = followLive((message) => this.#onLive(message));

  constructor() {
    super();
    this.subject = '';
    this.variant = 'full';
    this.scope = '';
    this.limit = 50;
    this.trending = false;
    this.hrefTemplate = '';
    this.listSubjects = false;
    this.label = '';
    this.signInUrl = '';
    this.noLive = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Ask for the data now: the reads of every tag a define() upgrades go out together, in one batch.
    this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#follow();
  }

  /** Tags (saved or the server's) or an error: the first render need not wait (KithElement). */
  protected override hasContent(): boolean {
    return !!this.#items || !!this.#loadError;
  }

  override willUpdate(): void {
    this.#load();
  }

  override updated(): void {
    const phase = this.#phase;
    const states = {
      loading: phase == 'loading',
      loaded: this.#fresh,
      empty: phase == 'ready' && !this.#drawn.length,
      stale: phase == 'ready' && !!this.#loadError,
      error: phase == 'error' || phase == 'unconfigured',
      unconfigured: phase == 'unconfigured',
      pending: this.#pending,
      'sign-in': this.#signInRequired,
    };
    for (const [name, on] of Object.entries(states)) this.toggleState(name, on);
    if (phase != 'ready') return;
    if (this.#laterLoaded) return this.#follow();
    if (!afterPaint.size) {
      const run = () => KithTagCloud.#afterPaint();
      requestAnimationFrame(() => setTimeout(run));
      setTimeout(run, 1e3);
    }
    afterPaint.add(this);
  }

  /** After the first paint: live updates, drag and drop and the field's combobox, for every widget drawn. */
  static #afterPaint() {
    for (const cloud of afterPaint) if (cloud.isConnected) cloud.#follow(), cloud.#loadLater();
    afterPaint.clear();
  }

  /** Tags the subject with `tag` as the viewer (through the outbox), as if it were typed in the field.
   * Resolves `false` when this widget cannot tag (no subject, or a guest where only members may). */
  async applyTag(tag: string): Promise<boolean> {
    if (!this.subject || this.#phase != 'ready') return false;
    if (this.#signInRequired) {
      this.#askToSignIn();
      return false;
    }
    await this.#add(tag);
    return true;
  }

  /** The name other widgets' "Tag another record…" lists give this one. */
  get recordName(): string {
    return this.label || this.subject;
  }

  get #prefix() {
    return sitePrefix();
  }

  get #phase(): Phase {
    if (this.#loadError?.code == 'noSite') return 'unconfigured';
    if (this.#items) return 'ready';
    return this.#loadError ? 'error' : 'loading';
  }

  get #compact() {
    return this.variant == 'compact';
  }

  /** Whether an outbox entry writes this widget's subject's tags. */
  #writesHere(entry: OutboxEntry) {
    const base = tagsPath(this.subject);
    return !!this.subject && entry.prefix == this.#prefix && (entry.path == base || entry.path.startsWith(base + '&'));
  }

  get #pendingEntries() {
    return outboxState.queue.filter((entry) => this.#writesHere(entry));
  }

  get #pending() {
    return this.#storing.length + this.#asked > 0 || (!!this.subject && this.#pendingEntries.length > 0);
  }

  /** The tags on screen: the server's, with the writes still waiting applied in order, sorted. */
  get #shownTags(): ShownTag[] {
    const shown: ShownTag[] = (this.#items ?? []).map((item) => ({ ...item, mine: this.#mine.has(item.key) }));
    const writes = [
      ...this.#pendingEntries.map((entry) => ({ add: entry.method == 'POST', tag: tagOfWrite(entry.method, entry.path, entry.body) })),
      ...this.#storing,
    ];
    for (const { add, tag } of this.subject ? writes : []) {
      const key = guessKey(tag);
      let item = shown.find((candidate) => candidate.key == key);
      if (add && !item) shown.push((item = { tag, key, count: 0, mine: false }));
      if (!item || item.mine == add) continue;
      item.count += add ? 1 : -1;
      item.mine = add;
      item.pending = add ? 'adding' : 'removing';
    }
    // Most used first, ties in the server's order (by key); A–Z as the language sorts.
    if (this.#order == 'popular') return shown.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : +(a.key > b.key)));
    const byName = collator(this.locale.tag);
    return shown.sort((a, b) => byName.compare(a.tag, b.tag));
  }

  /** Loads the tags (a subject's, batched with every tagging widget on the page, or the site's cloud), the
   * viewer's own and the guest policy, once per what they are for and credential. */
  async #load(force = false) {
    if (!this.isConnected) return;
    const prefix = this.#prefix;
    const { subject } = this;
    const wanted = [prefix, subject, this.variant, this.scope, this.limit, this.trending].join('\n');
    const credential = options().token;
    if (!force && wanted == this.#loadedFor && credential === this.#loadedWith) return;
    this.#loadedFor = wanted;
    this.#loadedWith = credential;
    const current = () => wanted == this.#loadedFor && credential === this.#loadedWith;
    this.#items = this.#loadError = this.#refusal = this.#credentialError = undefined;
    this.#fresh = this.#signInRequired = false;
    this.#mine = new Set();
    this.#subjects = undefined;
    this.requestUpdate();
    if (!prefix) return this.#failLoad(new KithError(0, 'noSite', this.t('noSite')));
    if (!subject) {
      try {
        const { items } = await cloudTags(prefix, this.trending, this.scope, this.limit);
        if (!current()) return;
        this.#items = items;
        this.#fresh = true;
      } catch (error) {
        if (current()) this.#failLoad(error as KithError);
      }
      return this.requestUpdate();
    }
    if (!validSubject(subject)) return this.#failLoad(new KithError(0, 'badSubject', this.t('badSubject')));
    const guest = !signedIn();
    // The viewer's own tags are read only with a credential, and not by the compact variant (a table of 200
    // rows stays at one request; the full widget marks them).
    const own = this.#compact ? undefined : this.#readOwn(prefix, subject);
    const [tags, mine, policy] = await Promise.allSettled([
      subjectTags.read(prefix, subject, (saved) => current() && ((this.#items = saved.items), (this.#total = saved.total), this.requestUpdate())),
      guest ? undefined : own,
      guest && !this.#compact ? sitePolicy(prefix) : undefined,
    ]);
    if (guest) own?.then((keys) => current() && keys && ((this.#mine = new Set(keys)), this.requestUpdate()), () => {});
    if (!current()) return;
    if (tags.status == 'fulfilled') {
      this.#items = tags.value.items;
      this.#total = tags.value.total;
      this.#fresh = true;
      // The batch carries a subject's top 10: a full widget reads the rest of a long list.
      if (!this.#compact && this.#total > this.#items.length)
        allSubjectTags(prefix, subject).then((all) => current() && ((this.#items = all.items), this.requestUpdate()), () => {});
    } else this.#failLoad(tags.reason as KithError);
    if (mine.status == 'fulfilled' && mine.value) this.#mine = new Set(mine.value);
    else if (mine.status == 'rejected' && SIGN_IN_AGAIN.has((mine.reason as KithError).code)) {
      this.#credentialError = mine.reason as KithError;
      this.emit('kith-error', { subject, code: this.#credentialError.code, message: this.t('signInAgain') });
    }
    this.#signInRequired = guest && policy.status == 'fulfilled' && policy.value?.guestsMayRate === false;
    this.requestUpdate();
  }

  async #readOwn(prefix: string, subject: string): Promise<string[] | undefined> {
    if (signedIn() || (await visitorToken(prefix))) return (await ownTags(prefix, subject)).tags;
  }

  #failLoad(error: KithError) {
    this.#loadError = error;
    this.emit('kith-error', { subject: this.subject, code: error.code, message: this.loadErrorText(this.#loadError) });
    this.requestUpdate();
  }

  /** Follows the subject's tags on the page's one live stream, after the first paint, unless `no-live`. */
  #follow() {
    this.#live(!this.noLive && this.isConnected, this.#prefix, this.subject);
  }

  /** Others' tagging: the subject's tags as the server has them now (the viewer's own writes on their way
   * keep showing until the server answers them). */
  #onLive = (message: LiveMessage) => {
    if (message.type == 'reset') return this.#load(true);
    if (message.type != 'tags' || message.data.subject != this.subject || this.#pending || !this.#items) return;
    this.#items = message.data.items as TagCount[];
    this.#total = this.#items.length;
    this.requestUpdate();
  };

  /** The outbox changed: an answer (or refusal) to a write of this subject's tags is handled by the writes'
   * chunk; a write that could not be answered reads the tags again. */
  protected override outboxChanged(change: OutboxChange | undefined): void {
    if (!change) {
      if (this.#pending) this.requestUpdate();
      return;
    }
    if (!this.#writesHere(change.entry)) return;
    if (change.response || change.refusal) writes().then(({ answered }) => answered(this.#lazyHost, change));
    else this.#load(true);
    this.requestUpdate();
  }

  /** Runs one of the viewer's writes from the writes' chunk, shown pending from the moment it is asked for. */
  async #write(run: (chunk: Awaited<ReturnType<typeof writes>>) => Promise<void>) {
    this.#asked++;
    this.requestUpdate();
    try {
      await run(await writes());
    } finally {
      this.#asked--;
      this.requestUpdate();
    }
  }

  /** Adds tags (the field's text split on commas); a tag already the viewer's changes nothing. */
  #add(text: string) {
    return this.#write((chunk) => chunk.addTags(this.#lazyHost, text));
  }

  /** Removes an own tag; a second click on a tag already being removed changes nothing. */
  #remove(item: ShownTag) {
    if (!item.mine || this.#signInRequired) return;
    // The remove button goes away with the tag: focus moves on to the field.
    this.#focus('input');
    return this.#write((chunk) => chunk.removeTag(this.#lazyHost, item.tag, item.key));
  }

  get #signInTarget() {
    return this.signInUrl || options().signInUrl || '';
  }

  #askToSignIn(click?: Event) {
    const url = this.#signInTarget;
    const event = this.emit('kith-sign-in', { subject: this.subject, url }, true);
    if (event.defaultPrevented) click?.preventDefault();
    else if (url && !click) location.assign(url);
  }

  async #focus(selector: string) {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  /** Says `text` politely (the live region is emptied first, so the same text twice is said twice). */
  #announce(text: string) {
    this.#announcement = '';
    this.requestUpdate();
    setTimeout(() => ((this.#announcement = text), this.requestUpdate()), 50);
  }

  /** Loads again; focus waits on the widget's box, then moves to the first tag (or the field, or Retry). */
  async #retry() {
    this.#focus('[part=base]');
    await this.#load(true);
    this.#focus('[part~=link], input, [part=message] button');
  }

  /** A click in the list (one listener for all its tags, not one per tag: a 200-row table's first render sets up
   * 200 instead of 400). On a tag: tell the page, then (unless it took over) list the subjects carrying it, or
   * follow the link. */
  #select(event: MouseEvent) {
    const tag = (event.target as Element).closest<HTMLElement>('[data-tag]')?.dataset.tag;
    const item = this.#drawn.find((drawn) => drawn.tag == tag);
    if (!item) return;
    const selected = this.emit('kith-tag-select', { tag: item.tag, key: item.key, ...(this.subject ? { subject: this.subject } : {}) }, true);
    if (selected.defaultPrevented) return event.preventDefault();
    if (!this.listSubjects || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    import('./tag-cloud.subjects.js').then(({ SubjectList }) => {
      this.#subjects = new SubjectList(this.#lazyHost, item);
      this.#subjects.load();
    });
  }

  /** What the lazy chunks borrow from the widget (passed in: they share no state with it). */
  #lazyHost: TagCloudHost = ((host) => ({
    get prefix() {
      return host.#prefix;
    },
    get subject() {
      return host.subject;
    },
    get locale() {
      return host.locale;
    },
    get root() {
      return host.renderRoot as ShadowRoot;
    },
    get ready() {
      return host.#phase == 'ready';
    },
    setDropTarget: (on: boolean) => host.toggleState('drop-target', on),
    get mine() {
      return host.#shownTags.filter((item) => item.mine).map((item) => item.key);
    },
    t: (key: string, params?: Record<string, string | number>) => host.t(key, params),
    update: () => (host.requestUpdate(), host.updateComplete),
    focus: (selector: string) => host.#focus(selector),
    announce: (text: string) => host.#announce(text),
    add: (tag: string) => host.#add(tag),
    reload: () => host.#load(true),
    // "Tag another record…" offers the page's other tag clouds with a subject. A widget draws its buttons when
    // it renders and others are there (200 widgets upgraded together see each other).
    others: () => [...connectedWidgets].filter((cloud) => cloud instanceof KithTagCloud && cloud != host && cloud.subject && cloud.subject != host.subject) as KithTagCloud[],
    storing: host.#storing,
    get pending() {
      return host.#pending;
    },
    answered(items: TagCount[], mine: string[]) {
      host.#items = items;
      host.#total = items.length;
      host.#mine = new Set(mine);
      host.#fresh = true;
      host.requestUpdate();
    },
    refused(refusal) {
      host.#refusal = refusal;
      host.requestUpdate();
    },
    emit: (name, detail) => host.emit(name, detail),
  }))(this);

  async #openAnother(item: ShownTag) {
    const { TagAnother } = await transfer();
    this.#another ??= new TagAnother(this.#lazyHost);
    this.#another.open(item.tag, item.key);
  }

  /** After the first paint: drag and drop (every widget is a drag source, those with a subject drop targets),
   * and the field's combobox. */
  #loadLater() {
    if (this.#laterLoaded) return;
    this.#laterLoaded = true;
    transfer().then(({ dragAndDrop }) => dragAndDrop(this.#lazyHost, this));
    // The writes' chunk comes with the ways to write (the field, drops): a tag added offline is still kept.
    if (this.subject) writes();
    if (this.subject && !this.#compact)
      import('./tag-cloud.suggest.js')
        .then(({ Combobox }) => Combobox.make(this.#lazyHost))
        .then((combobox) => {
          this.#combobox ??= combobox;
          this.requestUpdate();
        });
  }

  #setOrder(order: 'popular' | 'alpha') {
    this.#order = order;
    this.requestUpdate();
  }

  /** The status line, the most urgent first. */
  #status(phase: Phase) {
    const failed = phase == 'error' || phase == 'unconfigured';
    const [kind, text, retry] =
      failed ? ['error', this.loadErrorText(this.#loadError), true]
      : this.#pending ? ['pending', this.t(outboxState.waitReason || 'saving')]
      : this.#refusal && SIGN_IN_AGAIN.has(this.#refusal.error.code) ? ['sign-in', this.t('signInAgain')]
      : this.#refusal ? ['error', this.#refusal.text]
      : this.#credentialError ? ['sign-in', this.t('signInAgain')]
      : this.#signInRequired ? ['sign-in', this.t('guests_not_allowed')]
      : this.#loadError ? ['stale', this.t('stale'), true]
      : ['', ''];
    return { kind, text, retry: retry && retryable(this.#loadError!), icon: ({ error: alertIcon, pending: clockIcon, stale: clockIcon, 'sign-in': lockIcon } as Record<string, unknown>)[kind] };
  }

  #href(item: TagCount) {
    return this.hrefTemplate.replace(/\{tag\}/g, encodeURIComponent(item.tag));
  }

  /** A tag's link (or its button without `href-template`), named with its use: in a full widget, inside its chip
   * (with `count`, which the stylesheet draws after the tag); in a compact one, the chip itself. Its text is a
   * property, not a node of the template's: a 200-row table pays for every node and part of every row. */
  #link(item: ShownTag, part: string, classes: string, count: unknown = nothing) {
    // The name starts with the tag, as speech input expects, and says the count in words ("crm, used 3 times").
    const name = this.t('used', { tag: item.tag, n: Math.max(item.count, 0) });
    return this.hrefTemplate
      ? html`<a part=${part} class=${classes} data-tag=${item.tag} href=${this.#href(item)} aria-label=${name} draggable="true"
          ><span class="name" dir="auto" data-count=${count} .textContent=${item.tag}></span></a
        >`
      : html`<button part=${part} class=${classes} data-tag=${item.tag} aria-label=${name} draggable="true"
          ><span class="name" dir="auto" data-count=${count} .textContent=${item.tag}></span></button
        >`;
  }

  /** One tag of a full widget: its link, the remove button of an own tag, and "Tag another record…" where the
   * page has other tagging widgets. */
  #chip(item: ShownTag, step: number, others: boolean) {
    const count = this.subject ? formatNumber(this.locale.tag, Math.max(item.count, 0)) : nothing;
    const remove = item.mine
      ? html`<button part="remove" aria-label=${this.t('remove', { tag: item.tag })} @click=${() => this.#remove(item)}
          ><span aria-hidden="true">×</span></button>`
      : nothing;
    const another = others
      ? html`<button class="another" data-another=${item.key} title=${this.t('tagAnotherWith', { tag: item.tag })} aria-haspopup="dialog" aria-expanded=${this.#another?.key == item.key}
          @click=${() => this.#openAnother(item)}
          ><span aria-hidden="true">↗</span></button>`
      : nothing;
    return html`<li part=${item.mine ? 'tag own' : 'tag'} class="chip w${step} ${item.mine ? 'own' : ''} ${item.pending ?? ''}"
      >${this.#link(item, 'link', '', count)}${remove}${another}</li
    >`;
  }

  override render() {
    const phase = this.#phase;
    const ready = phase == 'ready';
    const compact = this.#compact;
    const tagging = !!this.subject;
    const status = this.#status(phase);
    const shown = (this.#drawn = ready ? this.#shownTags.filter((item) => item.count > 0 || item.pending) : []);
    const counts = shown.map((item) => Math.max(item.count, 1));
    const [least, most] = [Math.min(...counts), Math.max(...counts)];
    const others = !compact && this.#lazyHost.others().length > 0;
    const visible = compact ? shown.slice(0, COMPACT_TAGS) : shown;
    const hiddenCount = compact ? Math.max(0, Math.max(this.#total, shown.length) - visible.length) : 0;
    const listName = tagging ? this.t('subjectTags') : this.t(this.trending ? 'trending' : 'cloud');
    const url = status.kind == 'sign-in' && this.#signInTarget;
    const signIn = (content: unknown) => (url ? html`<a href=${url} @click=${(event: Event) => this.#askToSignIn(event)}>${content}</a>` : content);
    const retry = status.retry ? html`<button @click=${this.#retry}>${this.t('retry')}</button>` : nothing;
    // The full widget's list is written into its template (hidden while empty), the compact one's tags straight
    // into its box; in their place while there is no tag: the skeleton, or "No tags yet".
    const chips = visible.map((item) =>
      compact ? this.#link(item, 'tag link', 'chip ' + (item.pending ?? '')) : this.#chip(item, tagging ? 0 : weightStep(Math.max(item.count, 1), least, most), others),
    );
    const placeholder = ready
      ? shown.length
        ? nothing
        : html`<span class="empty">${this.t('none')}</span>`
      : phase == 'loading'
        ? html`<span class="skeleton" role="img" aria-label=${this.t('loading')}><span></span><span></span><span></span></span>`
        : nothing;
    const message = status.text
      ? html`<span class="status ${status.kind}">${status.icon}${signIn(status.text)}</span>${retry}`
      : nothing;

    // Compact: one line of a table cell, each tag one control straight in the box (a group named like the full
    // widget's list). Its status (a live region) also says the announcements (a drop, a tag applied elsewhere).
    if (compact)
      return html`<span part="base list" tabindex="-1" class="compact" role="group" aria-label=${listName} lang=${this.locale.tag} dir=${this.locale.dir}
        aria-busy=${phase == 'loading'} @click=${this.#select}
        >${chips}${placeholder}<span class="more" role="img" ?hidden=${!hiddenCount} aria-label=${this.t('moreLabel', { n: hiddenCount })}
          >${this.t('more', { n: hiddenCount })}</span
        ><span part="message" role="status" title=${status.text}
          >${status.icon ?? nothing}<span class="visually-hidden">${status.icon ? status.text : this.#announcement}</span></span
        >${retry}</span
      >`;

    // The field comes with its combobox's chunk, right after the first paint, into space kept for it.
    const field = tagging && ready && !this.#signInRequired ? (this.#combobox?.render() ?? html`<div class="field-space"></div>`) : nothing;
    const order =
      !tagging && ready && shown.length > 1
        ? html`<div part="order" class="order" role="group" aria-label=${this.t('order')}>
            <button aria-pressed=${this.#order == 'popular'} @click=${() => this.#setOrder('popular')}>${this.t('popular')}</button
            ><button aria-pressed=${this.#order == 'alpha'} @click=${() => this.#setOrder('alpha')}>${this.t('alphabetical')}</button>
          </div>`
        : nothing;
    return html`<div part="base" tabindex="-1" class="full ${tagging ? 'tagging' : 'cloud'}" lang=${this.locale.tag} dir=${this.locale.dir}
      aria-busy=${phase == 'loading'}>
      ${order}<ul part="list" class="chips" aria-label=${listName} ?hidden=${!shown.length} @click=${this.#select}>${chips}</ul>
      ${placeholder}${this.#another?.render() ?? nothing}${field}${this.#subjects?.render() ?? nothing}
      <div part="message" role="status">${message}</div>
      <span class="visually-hidden" aria-live="polite">${this.#announcement}</span>
    </div>`;
  }
}

/** The script-tag loader imports this module and calls `.define('kith-tag-cloud')` on the default export. */
export default KithTagCloud;
