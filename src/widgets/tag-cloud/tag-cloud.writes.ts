// The viewer's own tagging: adding tags (typed in the field, dropped, or from "Tag another record…"), removing
// an own tag, and what the server's answer or refusal then changes. A chunk of its own, loaded on the first
// write or answer: a page that only shows tags (a 200-row table of compact clouds) never loads it. The
// widget's state comes in through its TagCloudHost.
import type { OutboxChange } from '../../core/outbox-queue.js';
import { write } from '../../core/writes.js';
import { guessKey, subjectTags, tagOfWrite, tagsPath, tidyTag, type TagCloudHost, type TagWriteAnswer } from './tag-cloud.data.js';
import { loadMessages, refusalText, text } from './tag-cloud.messages.js';

type Storing = TagCloudHost['storing'][number];

/** Sends one write through the outbox; shown pending (`host.storing`) until it is stored. */
const store = (host: TagCloudHost, storing: Storing, stored: Promise<unknown>) => {
  host.storing.push(storing);
  return stored.finally(() => {
    host.storing.splice(host.storing.indexOf(storing), 1);
    host.update();
  });
};

/** Adds tags (the field's text split on commas); a tag already the viewer's changes nothing. */
export const addTags = async (host: TagCloudHost, text: string): Promise<void> => {
  const tags = text.split(',').map(tidyTag).filter(Boolean);
  if (!tags.length) return;
  host.refused(undefined);
  const mine = host.mine;
  const writes: Promise<unknown>[] = [];
  for (const tag of tags) {
    const key = guessKey(tag);
    if (mine.includes(key) || host.storing.some((other) => other.add && guessKey(other.tag) == key)) continue;
    writes.push(store(host, { add: true, tag }, write('POST', tagsPath(host.subject), { tag })));
  }
  host.update();
  await Promise.allSettled(writes);
};

/** Removes an own tag (its display form and key); one no longer shown as the viewer's (being removed) is left
 * alone. */
export const removeTag = async (host: TagCloudHost, tag: string, key: string): Promise<void> => {
  if (!host.mine.includes(key)) return;
  host.refused(undefined);
  const stored = store(host, { add: false, tag }, write('DELETE', tagsPath(host.subject, tag)));
  host.update();
  await stored;
};

/** The server answered (or refused) one of the viewer's writes on this subject. */
export const answered = (host: TagCloudHost, { entry, response, refusal }: OutboxChange): void => {
  const tag = tagOfWrite(entry.method, entry.path, entry.body);
  const action = entry.method == 'POST' ? 'added' : 'removed';
  if (refusal) {
    // The reasons' texts come with this chunk's catalog: the refusal is said once they are here.
    const said = (text: string) => {
      host.refused({ error: refusal, text });
      host.emit('kith-error', { subject: host.subject, code: refusal.code, message: text, reverted: true });
    };
    refusalText(host, refusal, tag).then(said, () => said(text(host, 'failed')));
    return;
  }
  const answer = response as TagWriteAnswer;
  host.answered(answer.items, answer.mine);
  subjectTags.remember(entry.prefix, { subject: host.subject, items: answer.items.slice(0, 10), total: answer.items.length });
  const key = answer.applied ?? guessKey(tag);
  const display = answer.items.find((item) => item.key == key)?.tag ?? tag;
  if (!host.pending) loadMessages(host).then(() => host.announce(text(host, action, { tag: display })));
  host.emit('kith-tag', { subject: host.subject, tag: display, key, action, items: answer.items });
};
