// Tagging another record: a tag dragged from one widget onto another tagging widget (HTML5 drag and drop, a
// custom type carrying { site, tag }), only within one site; the keyboard way, each tag's "Tag another
// record…" list; both announced politely.
import { eq, ok, sleep, until } from '../support/assert.js';
import { $, $$, announced, chips, loaded, mount, own, setup } from '../support/tags.js';
import type { KithTagCloud } from '../../src/widgets/tag-cloud/tag-cloud.component.js';

const MIME = 'application/x-kith-tag';

/** Waits until the drag-and-drop code (loaded after the first paint) listens. */
const draggable = async (el: KithTagCloud) => {
  await loaded(el);
  await until(async () => {
    const probe = new DataTransfer();
    const chip = $(el, '[part~=link]');
    chip.dispatchEvent(new DragEvent('dragstart', { bubbles: true, composed: true, dataTransfer: probe }));
    return probe.getData(MIME);
  }, 'drag and drop ready');
};

describe('<kith-tag-cloud>: tagging another record', () => {
  it('a tag dragged from the cloud onto a tagging widget tags its subject, shows the drop target and announces it', async () => {
    const { server, tags } = await setup();
    tags.cloud = [{ tag: 'crm', key: 'crm', count: 4 }];
    tags.tag('contact/42', 'lead', 1);
    const cloud = await mount();
    const target = await mount({ subject: 'contact/42', label: 'Ada Lovelace' });
    // Both widgets' drag and drop code (loaded after their first paint) listens.
    await draggable(cloud);
    await draggable(target);
    const data = new DataTransfer();
    $(cloud, '[part~=link]').dispatchEvent(new DragEvent('dragstart', { bubbles: true, composed: true, dataTransfer: data }));
    eq(JSON.parse(data.getData(MIME)), { site: `${location.origin}/v1/sites/${server.site}/` , tag: 'crm' });
    eq(data.getData('text/plain'), 'crm');
    const over = new DragEvent('dragover', { bubbles: true, composed: true, cancelable: true, dataTransfer: data });
    $(target, '[part=base]').dispatchEvent(over);
    ok(over.defaultPrevented, 'the tagging widget accepts the drop');
    ok(target.matches(':state(drop-target)'), 'and shows it');
    eq(getComputedStyle($(target, '[part=base]')).outlineStyle, 'dashed');
    // A cloud without a subject is no drop target.
    const notTarget = new DragEvent('dragover', { bubbles: true, composed: true, cancelable: true, dataTransfer: data });
    $(cloud, '[part=base]').dispatchEvent(notTarget);
    ok(!notTarget.defaultPrevented);
    $(target, '[part=base]').dispatchEvent(new DragEvent('drop', { bubbles: true, composed: true, cancelable: true, dataTransfer: data }));
    ok(!target.matches(':state(drop-target)'));
    await until(() => own(target).includes('crm'), 'tagged');
    await until(() => announced(target) == 'Tagged Ada Lovelace with crm', 'announced');
    await until(() => server.writes().length == 1, 'written');
    eq(server.writes()[0]!.subject, 'contact/42');
  });

  it('a tag from another site, or dropped on its own subject, tags nothing', async () => {
    const { server, tags } = await setup();
    tags.tag('contact/1', 'crm', 1);
    const el = await mount({ subject: 'contact/1' });
    await draggable(el);
    const foreign = new DataTransfer();
    foreign.setData(MIME, JSON.stringify({ site: 'https://elsewhere.example/v1/sites/x/', tag: 'spam' }));
    $(el, '[part=base]').dispatchEvent(new DragEvent('drop', { bubbles: true, composed: true, cancelable: true, dataTransfer: foreign }));
    await until(() => announced(el) == 'Tags from another site cannot be dropped here.', 'said why');
    const same = new DataTransfer();
    $(el, '[part~=link]').dispatchEvent(new DragEvent('dragstart', { bubbles: true, composed: true, dataTransfer: same }));
    $(el, '[part=base]').dispatchEvent(new DragEvent('drop', { bubbles: true, composed: true, cancelable: true, dataTransfer: same }));
    await sleep(400);
    eq(server.writes(), []);
  });

  it('by keyboard: “Tag another record…” lists the other tagging widgets (label or subject), applies the tag there and announces it', async () => {
    const { server, tags } = await setup();
    tags.tag('contact/1', 'crm', 2);
    const source = await mount({ subject: 'contact/1' });
    const first = await mount({ subject: 'contact/2', label: 'Grace Hopper' });
    const second = await mount({ subject: 'contact/3' });
    await Promise.all([loaded(source), loaded(first), loaded(second)]);
    source.requestUpdate();
    await source.updateComplete;
    const open = await until(() => $(source, '[data-another=crm]') as HTMLButtonElement, 'the button');
    eq(open.getAttribute('title'), 'Tag another record with crm…');
    eq(open.getAttribute('aria-expanded'), 'false');
    open.focus();
    open.click();
    const popup = await until(() => $(source, '[part=popup]'), 'the list');
    eq(popup.getAttribute('role'), 'dialog');
    eq(popup.getAttribute('aria-label'), 'Tag a record with crm');
    eq(open.getAttribute('aria-expanded'), 'true');
    const choices = $$(source, '[part=popup] li button');
    eq(choices.map((b) => b.textContent!.trim()), ['Grace Hopper', 'contact/3']);
    await until(() => source.shadowRoot!.activeElement == choices[0], 'focus on the first choice');
    // Escape closes it and returns focus.
    popup.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }));
    await until(() => !$(source, '[part=popup]') && source.shadowRoot!.activeElement == $(source, '[data-another=crm]'), 'closed, focus back');
    ($(source, '[data-another=crm]') as HTMLButtonElement).click();
    await until(() => $(source, '[part=popup] li button'), 'open again');
    ($$(source, '[part=popup] li button')[0] as HTMLButtonElement).click();
    await until(() => announced(source) == 'Tagged Grace Hopper with crm', 'announced');
    await until(() => chips(first).includes('crm 1') && own(first).includes('crm'), 'the other widget is tagged');
    ok(source.shadowRoot!.activeElement == $(source, '[data-another=crm]'), 'focus back on the button');
    await until(() => server.writes().length == 1, 'one write');
    eq(server.writes()[0]!.subject, 'contact/2');
  });

  it('no “Tag another record…” without other tagging widgets, nor in the compact variant', async () => {
    const { tags } = await setup();
    tags.tag('contact/1', 'crm', 2);
    const alone = await mount({ subject: 'contact/1' });
    await loaded(alone);
    ok(!$(alone, '[data-another]'));
    const compact = await mount({ subject: 'contact/2', variant: 'compact' });
    tags.tag('contact/2', 'crm', 1);
    await loaded(compact);
    ok(!$(compact, '[data-another]'));
  });
});
