// --- View beacon (articles/templatetags/view_counts.py) ---------------------
// Counts one view after the page has loaded, also on pages served from a cache.
// Readers without JavaScript load the <noscript> pixel instead.
function sendViewBeacon() {
  const marker = document.querySelector("[data-view-beacon]");
  if (!marker) return;
  const url = marker.dataset.viewBeacon;
  if (navigator.sendBeacon && navigator.sendBeacon(url)) return;
  fetch(url, { method: "POST", keepalive: true, credentials: "omit" }).catch(() => {});
}

if (document.readyState === "complete") {
  sendViewBeacon();
} else {
  window.addEventListener("load", sendViewBeacon, { once: true });
}
// --- end view beacon ----------------------------------------------------------
