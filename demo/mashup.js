// The mashup page's wiring: choosing a tag in the cloud shows that tag's activity instead of following the link.
const feed = document.getElementById('tag-activity');
const chosen = document.getElementById('chosen-tag');
document.getElementById('cloud').addEventListener('kith-tag-select', (event) => {
  event.preventDefault();
  feed.tag = event.detail.tag;
  chosen.textContent = event.detail.tag;
});
