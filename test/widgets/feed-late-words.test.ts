// <kith-feed> whose words in the reader's language come late (a slow file server, a busy page): an activity feed
// shows its skeleton until they are here, never its items in the server's English words first. A page of its own:
// the German wording must not be in the page's module map from an earlier test.
import { delay, passthrough } from 'msw';
import { eq, ok } from '../support/assert.js';
import { answerFiles } from '../support/fake-server.js';
import { mount, setup, state, titles } from '../support/feeds.js';

describe('<kith-feed> with its words late', () => {
  it("shows the skeleton, not the server's English, until the German words come after the skeleton's delay", async () => {
    // The activity wording's German catalog arrives 600 ms after it is asked for: well after SKELETON_DELAY_MS.
    answerFiles('*/feed/activity/i18n/de.*', async () => {
      await delay(600);
      return passthrough();
    });
    const { feeds } = await setup({ lang: 'de' });
    feeds.set('activity', {
      format: 'kith',
      title: 'Demo: activity',
      items: [
        {
          id: 'r1',
          title: 'English title from the server',
          published: new Date(Date.now() - 60_000).toISOString(),
          enclosures: [],
          categories: [],
          activity: { kind: 'rating', subject: 'product/42', subjectName: 'Barista 42', stars: 4 },
        },
      ],
    });
    const el = await mount({ activity: '' });
    // Every frame until it is loaded: what it showed.
    const shown: string[][] = [];
    let skeleton = false;
    const watch = () => {
      shown.push(titles(el));
      skeleton ||= !!el.shadowRoot?.querySelector('.skeleton');
      if (!el.matches(':state(loaded)')) requestAnimationFrame(watch);
    };
    watch();
    await state(el, 'loaded');
    eq(titles(el), ['Barista 42 wurde mit 4 Sternen bewertet']);
    ok(skeleton, 'the skeleton showed while the words were on their way');
    ok(!shown.flat().includes('English title from the server'), `never the English title: ${JSON.stringify(shown.filter((t) => t.length))}`);
  });
});
