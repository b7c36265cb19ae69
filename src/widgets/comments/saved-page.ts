// The first page of the default view, kept for the next visit: shown (said to be saved) when the server
// cannot be reached. A chunk of its own, loaded once the page is idle or offline: never before first paint.
import { get, set } from 'idb-keyval';
import { store } from '../../core/idb.js';
import type { CommentPage } from './comments.data.js';

const savedPages = store('cache');
const savedKey = (prefix: string, subject: string) => `comments ${prefix}${subject}`;

export const savePage = (prefix: string, page: CommentPage): Promise<void> => set(savedKey(prefix, page.subject), page, savedPages).catch(() => {});

export const savedPage = (prefix: string, subject: string): Promise<CommentPage | undefined> => get<CommentPage>(savedKey(prefix, subject), savedPages).catch(() => undefined);
