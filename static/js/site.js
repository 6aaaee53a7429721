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

// --- Newsletter sign-up (newsletter/views.py, includes/newsletter_signup.html) ---
// Sends the box's form with fetch and shows the answer in the box. Without
// JavaScript the same form posts normally and the reader lands on a page.
function enhanceNewsletterSignup() {
  for (const form of document.querySelectorAll("[data-newsletter-signup]")) {
    const status = form.querySelector("[data-newsletter-status]");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        const response = await fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        const answer = await response.json();
        status.textContent = [answer.message, ...answer.errors].filter(Boolean).join(" ");
        if (answer.ok) form.reset();
      } catch {
        form.submit();
      } finally {
        button.disabled = false;
      }
    });
  }
}

enhanceNewsletterSignup();
// --- end newsletter sign-up ----------------------------------------------------

// --- Reader enhancements ------------------------------------------------------
// Each feature improves markup that already works without JavaScript.

// Narrow-screen menu: the toggle is a link to #site-menu (CSS :target opens it);
// here it becomes a real toggle that keeps the address bar and scroll position.
function setUpMenu() {
  const toggle = document.querySelector("[data-menu-toggle]");
  const menu = document.getElementById("site-menu");
  if (!toggle || !menu) return;
  const setOpen = (open) => {
    menu.classList.toggle("is-open", open);
    toggle.setAttribute("aria-expanded", String(open));
  };
  toggle.addEventListener("click", (event) => {
    event.preventDefault();
    setOpen(!menu.classList.contains("is-open"));
  });
  const close = menu.querySelector("[data-menu-close]");
  if (close) {
    close.addEventListener("click", (event) => {
      event.preventDefault();
      setOpen(false);
      toggle.focus();
    });
  }
}

// "Load more" is a link to the next page; fetch it and append its stories in place.
async function loadMore(link) {
  const list = document.getElementById(link.dataset.loadMore);
  const response = await fetch(link.href, { headers: { Accept: "text/html" } });
  if (!list || !response.ok) throw new Error(`Load more failed: ${response.status}`);
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const incoming = page.getElementById(list.id);
  const items = incoming ? [...incoming.children] : [];
  items.forEach((item) => list.append(document.adoptNode(item)));
  const nextLink = page.querySelector(`[data-load-more="${list.id}"]`);
  if (nextLink) {
    link.href = nextLink.href;
  } else {
    link.closest(".load-more").remove();
  }
  const pager = link.closest("main").querySelector(".pagination");
  const newPager = page.querySelector(".pagination");
  if (pager && newPager) pager.replaceWith(document.adoptNode(newPager));
  const first = items[0]?.querySelector("a[href]:not([tabindex])");
  if (first) first.focus();
}

function setUpLoadMore() {
  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-load-more]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    link.setAttribute("aria-busy", "true");
    loadMore(link)
      .catch(() => window.location.assign(link.href))
      .finally(() => link.removeAttribute("aria-busy"));
  });
}

// A−/A+ text size for story bodies, remembered in localStorage.
const TEXT_SIZE_KEY = "newsroom:text-size";
const TEXT_SIZE_MIN = -1;
const TEXT_SIZE_MAX = 3;

function readTextSize() {
  try {
    const stored = Number.parseInt(localStorage.getItem(TEXT_SIZE_KEY) ?? "0", 10);
    return Number.isNaN(stored) ? 0 : Math.min(TEXT_SIZE_MAX, Math.max(TEXT_SIZE_MIN, stored));
  } catch {
    return 0;
  }
}

function applyTextSize(size) {
  if (size === 0) {
    document.documentElement.removeAttribute("data-text-size");
  } else {
    document.documentElement.dataset.textSize = String(size);
  }
}

function setUpTextSize() {
  const control = document.querySelector("[data-text-size]");
  applyTextSize(readTextSize());
  if (!control) return;
  control.hidden = false;
  control.addEventListener("click", (event) => {
    const button = event.target.closest("[data-text-size-step]");
    if (!button) return;
    const step = Number.parseInt(button.dataset.textSizeStep, 10);
    const size = Math.min(TEXT_SIZE_MAX, Math.max(TEXT_SIZE_MIN, readTextSize() + step));
    try {
      localStorage.setItem(TEXT_SIZE_KEY, String(size));
    } catch {
      // Storage may be off (private mode); the size still applies to this page.
    }
    applyTextSize(size);
  });
}

// "Copy link" is the story's own address; copy it instead of following it.
function setUpCopyLink() {
  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-copy-link]");
    if (!link || !navigator.clipboard) return;
    event.preventDefault();
    navigator.clipboard.writeText(link.href).then(() => {
      link.textContent = link.dataset.copiedLabel;
    });
  });
}

setUpMenu();
setUpLoadMore();
setUpTextSize();
setUpCopyLink();
// --- end reader enhancements ----------------------------------------------------
