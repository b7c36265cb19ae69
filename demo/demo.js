// Demo page wiring. Lives in a file (not inline) so the demo also runs under a strict Content-Security-Policy.
const theme = document.getElementById('theme');
const who = document.getElementById('who');
const log = document.getElementById('log');

const saved = JSON.parse(localStorage.getItem('kith-demo') ?? '{}');
theme.value = saved.theme ?? 'auto';
who.value = saved.who ?? '';

function apply() {
  localStorage.setItem('kith-demo', JSON.stringify({ theme: theme.value, who: who.value }));
  document.documentElement.dataset.theme = theme.value;
  const user = who.value;
  // A real CRM signs this token on its own server with the site's secret; the demo server plays that part.
  const token = user
    ? async () => {
        const res = await fetch(`/demo/token?user=${encodeURIComponent(user)}`);
        return (await res.json()).token;
      }
    : undefined;
  window.Kith.configure({ theme: theme.value, token });
}

theme.addEventListener('change', apply);
who.addEventListener('change', () => {
  apply();
  location.reload();
});
apply();

document.addEventListener('kith-change', (event) => {
  const { subject, value } = event.detail;
  const item = document.createElement('li');
  item.textContent = `kith-change: ${subject} → ${value === null ? 'rating removed' : `${value} stars`}`;
  log.prepend(item);
});
