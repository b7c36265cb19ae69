// The subjects carrying a chosen tag (`list-subjects`): most tagged first, 20 at a time with "Load more",
// each with its card title where there is one. A subject that is an http(s) URL is a link. A chunk of its
// own, loaded on the first choice of a tag.
import { css, html, nothing } from 'lit';
import { send } from '../../core/http.js';
import type { TagCloudHost, TaggedSubject, TagCount } from './tag-cloud.data.js';
import { loadMessages, text } from './tag-cloud.messages.js';
import { adoptStyles, boxStyles } from './tag-cloud.lazy-styles.js';

const PAGE = 20;

/** The list's look. */
const styles = css`
    h3 {
      margin: 0 0 var(--_space);
      font-size: 1em;
    }
    .box li {
      overflow-wrap: anywhere;
    }
    .box p {
      margin: 0;
    }
`;

export class SubjectList {
  items: TaggedSubject[] = [];
  nextCursor: string | null = null;
  loading = false;
  failed = false;

  constructor(
    readonly host: TagCloudHost,
    readonly tag: TagCount,
  ) {
    adoptStyles(host.root, boxStyles, styles);
  }

  /** The first page, or (`more`) the next one; focus moves to the first subject of a new page. */
  async load(more = false): Promise<void> {
    const { host } = this;
    this.loading = true;
    this.failed = false;
    host.update();
    const first = this.items.length;
    try {
      await loadMessages(host);
      const answer = await send<{ items: TaggedSubject[]; nextCursor: string | null }>(
        'GET',
        `tags/subjects?tag=${encodeURIComponent(this.tag.tag)}&limit=${PAGE}` + (more && this.nextCursor ? '&cursor=' + encodeURIComponent(this.nextCursor) : ''),
        { prefix: host.prefix },
      );
      this.items = more ? [...this.items, ...answer.items] : answer.items;
      this.nextCursor = answer.nextCursor;
    } catch {
      this.failed = true;
    }
    this.loading = false;
    await host.update();
    host.focus(more && this.items.length > first ? `[part=subjects] li:nth-child(${first + 1}) [tabindex]` : '[part=subjects] h3');
  }

  render(): unknown {
    const { host } = this;
    const name = (item: TaggedSubject) => item.title || item.subject;
    return html`<section part="subjects" class="box" aria-labelledby="subjects-heading" aria-busy=${this.loading}>
      <h3 id="subjects-heading" tabindex="-1">${text(host, 'subjectsOf', { tag: this.tag.tag })}</h3>
      ${this.items.length
        ? html`<ul>
            ${this.items.map(
              (item) =>
                html`<li>${/^https?:\/\//.test(item.subject)
                  ? html`<a href=${item.subject} tabindex="0" dir="auto">${text(host, 'subjectCount', { subject: name(item), n: item.count })}</a>`
                  : html`<span tabindex="-1" dir="auto">${text(host, 'subjectCount', { subject: name(item), n: item.count })}</span>`}</li>`,
            )}
          </ul>`
        : this.loading || this.failed
          ? nothing
          : html`<p>${text(host, 'noSubjects')}</p>`}
      ${this.failed ? html`<p class="error">${host.t('loadFailed')} <button @click=${() => this.load(this.items.length > 0)}>${host.t('retry')}</button></p>` : nothing}
      ${this.nextCursor && !this.failed ? html`<button class="load-more" ?disabled=${this.loading} @click=${() => this.load(true)}>${text(host, 'loadMore')}</button>` : nothing}
    </section>`;
  }
}
