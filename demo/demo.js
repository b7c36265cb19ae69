// Demo page wiring. Lives in a file (not inline) so the demo also runs under a strict Content-Security-Policy.
const theme = document.getElementById('theme');
const who = document.getElementById('who');
const log = document.getElementById('log');

const saved = JSON.parse(localStorage.getItem('kith-demo') ?? '{}');
theme.value = saved.theme ?? 'auto';
who.value = saved.who ?? '';

function apply() {
  localStorage.setItem('kith-demo', JSON.stringify({ theme: theme.value, who: who.value }));
  // The page's own theme: Kith's theme "auto" follows it.
  document.documentElement.dataset.theme = theme.value;
  const user = who.value;
  // A real CRM signs this token on its own server with the site's secret; the demo server plays that part.
  const token = user
    ? async () => {
        const res = await fetch(`/demo/token?user=${encodeURIComponent(user)}`);
        return (await res.json()).token;
      }
    : undefined;
  window.Kith.configure({ theme: 'auto', token });
}

theme.addEventListener('change', apply);
who.addEventListener('change', () => {
  apply();
  location.reload();
});
apply();

const stars = new Intl.PluralRules('en');
const rating = (value) => (value === null ? 'rating removed' : `${value} ${stars.select(value) === 'one' ? 'star' : 'stars'}`);
const describe = {
  'kith-change': ({ value }) => `→ ${rating(value)}`,
  'kith-saved': ({ value, summary }) => `saved ${rating(value)}; now ${summary.average} from ${summary.count}`,
  'kith-error': ({ code, message, reverted }) => `${code}: ${message}${reverted ? ' (taken back)' : ''}`,
  'kith-sign-in': ({ url }) => `sign in${url ? ` at ${url}` : ''}`,
  'kith-comment': ({ action, comment }) => `${action} comment ${comment.id} (${comment.status})`,
  'kith-vote': ({ id, value, up, down }) => `vote ${value ?? 'removed'} on ${id}; now ▲${up} ▼${down}`,
  'kith-tag': ({ action, tag, items }) => `${action} tag ${tag}; now ${items.length} tags`,
  'kith-tag-select': ({ tag }) => `chose tag ${tag}`,
  'kith-feed-update': ({ key, count }) => `${count} new in ${key}`,
};
for (const [name, text] of Object.entries(describe))
  document.addEventListener(name, (event) => {
    if (!log) return;
    const item = document.createElement('li');
    item.textContent = `${name}: ${event.detail.subject ?? event.detail.key ?? "the site's cloud"} ${text(event.detail)}`;
    log.prepend(item);
  });
