// <kith-feed> when a lazy chunk cannot be loaded (the network fails between the page and the SDK's files): an
// activity feed whose wording chunk never comes still shows its items, in the server's words, and does not ask
// for the chunk again on every render; the next read asks again. A page of its own: the chunk must not be in the
// page's module map from an earlier test.
import { HttpResponse } from 'msw';
import { eq } from '../support/assert.js';
import { answerFiles } from '../support/fake-server.js';
import { mount, setup, state, titles } from '../support/feeds.js';

describe('<kith-feed> without its wording chunk', () => {
  it('shows the server\'s words and asks for the chunk once, not on every render; the next read asks again', async () => {
    let asked = 0;
    answerFiles('*/feed.activity.*', () => {
      asked++;
      return HttpResponse.error();
    });
    const { feeds } = await setup();
    const item = (id: string, title: string) => ({
      id,
      title,
      published: new Date(Date.now() - 60_000).toISOString(),
      enclosures: [],
      categories: [],
      activity: { kind: 'rating' as const, subject: 'product/42', subjectName: 'Barista 42', stars: 4 },
    });
    feeds.set('activity', { format: 'kith', title: 'Demo: activity', items: [item('r1', 'Barista 42 was rated 4 of 5')] });
    const el = await mount({ activity: '' });
    await state(el, 'loaded');
    // First: the chunk's request reached msw (0 would mean the page got the chunk another way, e.g. from a cache).
    eq(asked, 1, 'the chunk was asked for once');
    eq(titles(el), ['Barista 42 was rated 4 of 5'], "the server's English title, not an empty or stuck feed");
    for (let i = 0; i < 5; i++) {
      el.requestUpdate();
      await el.updateComplete;
    }
    el.limit = 5;
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 100));
    eq(asked, 1, 'renders do not ask again');
    await el.reload();
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 100));
    eq(asked, 2, 'the next read asks again, once');
    eq(titles(el), ['Barista 42 was rated 4 of 5']);
  });
});
