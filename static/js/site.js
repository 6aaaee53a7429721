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

// Times under a week old read "2 hours ago". The HTML holds only the date (see the
// `timestamp` tag), so a page kept by a cache never shows an age that has grown since.
// Only where the browser can say it in the page's language: a browser without Burmese
// (Chromium builds carry no `my` data) keeps the Burmese date rather than say "4 days ago".
const RELATIVE_TIME_UNITS = [
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];
const RELATIVE_TIME_LIMIT_SECONDS = 7 * 86400;

function showRelativeTimes(root) {
  const lang = document.documentElement.lang || undefined;
  if (lang && Intl.RelativeTimeFormat.supportedLocalesOf(lang).length === 0) return;
  const format = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  const now = Date.now();
  root.querySelectorAll("time[data-relative]").forEach((time) => {
    const age = (now - Date.parse(time.dateTime)) / 1000;
    if (!(age >= 0 && age < RELATIVE_TIME_LIMIT_SECONDS)) return;
    const [unit, seconds] = RELATIVE_TIME_UNITS.find(([, size]) => age >= size) || ["second", 1];
    time.textContent = format.format(-Math.floor(age / seconds), unit);
  });
}

// "Load more" is a link to the next page; fetch it and append its stories in place.
async function loadMore(link) {
  const list = document.getElementById(link.dataset.loadMore);
  const response = await fetch(link.href, { headers: { Accept: "text/html" } });
  if (!list || !response.ok) throw new Error(`Load more failed: ${response.status}`);
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const incoming = page.getElementById(list.id);
  const items = incoming ? [...incoming.children] : [];
  items.forEach((item) => {
    list.append(document.adoptNode(item));
    showRelativeTimes(item);
  });
  const pager = list.parentElement.querySelector(".pagination");
  const newPager = page.querySelector(".pagination");
  if (pager && newPager) pager.replaceWith(document.adoptNode(newPager));
  const nextLink = page.querySelector(`[data-load-more="${list.id}"]`);
  if (nextLink) {
    link.href = nextLink.href;
  } else {
    link.closest(".load-more").remove();
  }
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

showRelativeTimes(document);
setUpMenu();
setUpLoadMore();
setUpTextSize();
setUpCopyLink();
// --- end reader enhancements ----------------------------------------------------

// --- Live search (articles/search/views.py `suggest`) -------------------------
// As the reader types in a search form with `data-suggest-url`, a listbox under the
// field shows the top matches, then "View all results". A combobox in the ARIA
// sense: arrow keys move through the options, Enter opens one, Escape closes.
// Without JavaScript the form simply submits to the results page.
const SUGGEST_DEBOUNCE_MS = 200;
const SUGGEST_MIN_CHARS = 2;

// Markup: the listbox and a status line for screen readers, tied to the field.
// Returns the box's parts and state, { form, input, listbox, status, active }, that
// the functions below share.
function buildLiveSearch(form, input, index) {
  const listbox = document.createElement("ul");
  listbox.id = `live-search-${index}`;
  listbox.className = "live-search";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", input.labels?.[0]?.textContent || "Search");
  listbox.hidden = true;
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  form.classList.add("has-live-search");
  form.append(listbox, status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", listbox.id);
  input.setAttribute("aria-expanded", "false");
  return { form, input, listbox, status, active: -1 };
}

// Fetching: the suggest endpoint's JSON for `query`, or null when it fails.
async function fetchSuggestions(form, query, signal) {
  const url = new URL(form.dataset.suggestUrl, window.location.href);
  url.searchParams.set("q", query);
  const response = await fetch(url, { signal, credentials: "omit" });
  return response.ok ? response.json() : null;
}

// Rendering. Options hold no links (nothing interactive inside an option):
// choosing one, by click or Enter, goes to its `data-href`.
function suggestionOption(id, href, build) {
  const item = document.createElement("li");
  item.id = id;
  item.setAttribute("role", "option");
  item.setAttribute("aria-selected", "false");
  if (href) item.dataset.href = href;
  else item.setAttribute("aria-disabled", "true");
  build(item);
  return item;
}

function fillResultOption(item, result) {
  if (result.image) {
    const image = document.createElement("img");
    image.src = result.image;
    image.alt = "";
    image.width = 64;
    image.height = 43;
    image.loading = "lazy";
    item.append(image);
  }
  const text = document.createElement("span");
  const headline = document.createElement("span");
  headline.className = "live-search-headline";
  headline.textContent = result.headline;
  const date = document.createElement("time");
  date.dateTime = result.date;
  date.textContent = result.date_display;
  text.append(headline, date);
  item.append(text);
}

function renderSuggestions(search, data) {
  const { form, input, listbox, status } = search;
  listbox.replaceChildren();
  data.results.forEach((result, i) => {
    listbox.append(
      suggestionOption(`${listbox.id}-${i}`, result.url, (item) => fillResultOption(item, result)),
    );
  });
  const noResults = form.dataset.noResults || "No results";
  if (!data.results.length) {
    listbox.append(
      suggestionOption(`${listbox.id}-none`, null, (item) => {
        item.className = "live-search-empty";
        item.textContent = noResults;
      }),
    );
  }
  listbox.append(
    suggestionOption(`${listbox.id}-all`, data.all_url, (item) => {
      item.className = "live-search-all";
      item.textContent = form.dataset.allResults || "View all results";
    }),
  );
  status.textContent = data.results.length
    ? `${data.results.length} ${form.dataset.suggestionsLabel || "suggestions"}`
    : noResults;
  listbox.hidden = false;
  input.setAttribute("aria-expanded", "true");
  search.active = -1;
}

function closeSuggestions(search) {
  search.listbox.hidden = true;
  search.input.setAttribute("aria-expanded", "false");
  search.input.removeAttribute("aria-activedescendant");
  search.active = -1;
}

// Keyboard: arrows move the highlight (wrapping), Enter opens, Escape closes.
function suggestionOptions(search) {
  return [...search.listbox.querySelectorAll("[role=option][data-href]")];
}

function highlightSuggestion(search, next) {
  const items = suggestionOptions(search);
  if (!items.length) return;
  search.active = (next + items.length) % items.length;
  items.forEach((item, i) => item.setAttribute("aria-selected", String(i === search.active)));
  search.input.setAttribute("aria-activedescendant", items[search.active].id);
  items[search.active].scrollIntoView({ block: "nearest" });
}

function handleSuggestionKeys(search, event) {
  const open = !search.listbox.hidden;
  if ((event.key === "ArrowDown" || event.key === "ArrowUp") && open) {
    event.preventDefault();
    highlightSuggestion(search, search.active + (event.key === "ArrowDown" ? 1 : -1));
  } else if (event.key === "Escape" && open) {
    event.preventDefault();
    closeSuggestions(search);
  } else if (event.key === "Enter" && search.active >= 0 && open) {
    event.preventDefault();
    window.location.assign(suggestionOptions(search)[search.active].dataset.href);
  }
}

// Wiring: typing (debounced, the previous request aborted), keys, blur and clicks.
function setUpLiveSearch() {
  document.querySelectorAll("form[data-suggest-url]").forEach((form, index) => {
    const input = form.querySelector("input[type=search]");
    if (!input) return;
    const search = buildLiveSearch(form, input, index);
    let timer = null;
    let controller = null;
    const suggest = async () => {
      const query = input.value.trim();
      if (query.length < SUGGEST_MIN_CHARS) return closeSuggestions(search);
      controller?.abort();
      controller = new AbortController();
      try {
        const data = await fetchSuggestions(form, query, controller.signal);
        if (data) renderSuggestions(search, data);
        else closeSuggestions(search);
      } catch (error) {
        if (error.name !== "AbortError") closeSuggestions(search);
      }
    };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(suggest, SUGGEST_DEBOUNCE_MS);
    });
    input.addEventListener("keydown", (event) => handleSuggestionKeys(search, event));
    input.addEventListener("blur", () => setTimeout(() => closeSuggestions(search), 150));
    search.listbox.addEventListener("mousedown", (event) => event.preventDefault());
    search.listbox.addEventListener("click", (event) => {
      const chosen = event.target.closest("[data-href]");
      if (chosen) window.location.assign(chosen.dataset.href);
    });
  });
}

setUpLiveSearch();
// --- end live search ------------------------------------------------------------

// --- Sign-in dialog (includes/header.html, account/login.html) ----------------
// A link marked `data-login-link` (the header's "Sign in", and any other "sign in to
// …" link) goes to the sign-in page. Here it opens that page's [data-login-panel] in
// a modal dialog instead; the form inside still posts normally, so a wrong password
// shows on the full page. If the page cannot be fetched (or has no panel), the link
// is followed as without JavaScript.
function isPlainClick(event) {
  return event.button === 0 && !(event.ctrlKey || event.metaKey || event.shiftKey || event.altKey);
}

async function fetchLoginPanel(url) {
  const response = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
  if (!response.ok) throw new Error(`Sign-in page: ${response.status}`);
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const panel = page.querySelector("[data-login-panel]");
  if (!panel) throw new Error("The sign-in page has no [data-login-panel]");
  // The page's own heading (outside the panel) titles the dialog.
  const title = page.querySelector("h1");
  if (title && !panel.querySelector("h1, h2")) {
    const heading = document.createElement("h2");
    heading.textContent = title.textContent;
    panel.prepend(heading);
  }
  // A form without an action posts to its own page: the sign-in page, not this one.
  panel.querySelectorAll("form").forEach((form) => {
    form.action = new URL(form.getAttribute("action") || response.url, response.url).href;
  });
  return document.adoptNode(panel);
}

// The dialog around `panel`, labelled by its heading; closing it (Close, or Escape
// natively) calls `onClose`.
function buildLoginDialog(panel, index, onClose) {
  const dialog = document.createElement("dialog");
  dialog.className = "login-dialog";
  const heading = panel.querySelector("h1, h2");
  if (heading) {
    heading.id ||= `login-dialog-title-${index}`;
    dialog.setAttribute("aria-labelledby", heading.id);
  }
  const close = document.createElement("button");
  close.type = "button";
  close.className = "login-dialog-close";
  close.textContent =
    document.querySelector("[data-login-link][data-close-label]")?.dataset.closeLabel || "Close";
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", onClose);
  dialog.append(close, panel);
  document.body.append(dialog);
  return dialog;
}

function setUpLoginDialog() {
  if (typeof HTMLDialogElement !== "function") return;
  document.querySelectorAll("[data-login-link]").forEach((link) => {
    link.setAttribute("aria-haspopup", "dialog");
  });
  // One dialog per sign-in address (each carries its own `next`), built on first use.
  const dialogs = new Map();
  let opener = null;
  document.addEventListener("click", async (event) => {
    const link = event.target.closest("[data-login-link]");
    if (!link || !isPlainClick(event)) return;
    event.preventDefault();
    if (link.getAttribute("aria-busy") === "true") return;
    opener = link;
    if (!dialogs.has(link.href)) {
      link.setAttribute("aria-busy", "true");
      try {
        const panel = await fetchLoginPanel(link.href);
        dialogs.set(link.href, buildLoginDialog(panel, dialogs.size, () => opener?.focus()));
      } catch {
        window.location.assign(link.href);
        return;
      } finally {
        link.removeAttribute("aria-busy");
      }
    }
    const dialog = dialogs.get(link.href);
    dialog.showModal();
    dialog.querySelector("input:not([type=hidden]), select, textarea")?.focus();
  });
}

setUpLoginDialog();
// --- end sign-in dialog ---------------------------------------------------------

// --- Cookie notice (includes/cookie_notice.html) ------------------------------
// Dismissing it is remembered in localStorage, per kind of notice, and nothing is
// sent to the server. Without JavaScript the Dismiss button stays hidden.
const COOKIE_NOTICE_KEY = "newsroom:cookie-notice-dismissed";

function dismissedCookieNotice() {
  try {
    return localStorage.getItem(COOKIE_NOTICE_KEY);
  } catch {
    return null;
  }
}

function setUpCookieNotice() {
  const notice = document.querySelector("[data-cookie-notice]");
  if (!notice) return;
  const kind = notice.dataset.cookieNotice;
  if (dismissedCookieNotice() === kind) {
    notice.remove();
    return;
  }
  const button = notice.querySelector("[data-cookie-notice-dismiss]");
  button.hidden = false;
  button.addEventListener("click", () => {
    try {
      localStorage.setItem(COOKIE_NOTICE_KEY, kind);
    } catch {
      // Storage may be off (private mode): the notice goes for this page only.
    }
    notice.remove();
    document.getElementById("main")?.focus({ preventScroll: true });
  });
}

setUpCookieNotice();
// --- end cookie notice ----------------------------------------------------------

// --- Embeds (articles/content/embeds.py) ------------------------------------------
// Each embed is a facade with a link to the original. Here its "Load" button is shown;
// pressing it swaps the still for our own frame page, which alone may load the
// provider's player. Nothing reaches the provider before that press.
function loadEmbed(figure, button) {
  const frame = document.createElement("iframe");
  frame.className = "embed__frame";
  frame.src = button.dataset.embedFrame;
  frame.title = button.dataset.embedTitle;
  frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
  const screen = figure.querySelector(".embed__screen");
  screen.replaceChildren(frame);
  figure.querySelector(".embed__consent").remove();
  frame.focus();
}

function setUpEmbeds() {
  for (const figure of document.querySelectorAll("[data-embed]")) {
    const consent = figure.querySelector(".embed__consent");
    const button = consent?.querySelector("[data-embed-frame]");
    if (!button) continue;
    consent.hidden = false;
    button.addEventListener("click", () => loadEmbed(figure, button));
  }
}

setUpEmbeds();
// --- end embeds -------------------------------------------------------------------
// --- Galleries (articles/content/galleries.py) ---------------------------------
// Without JavaScript a gallery is a plain sequence of figures. Here its list becomes
// a strip that shows one photo at a time: swiping scrolls it natively (CSS scroll
// snap), Previous and Next move it, and so do the Left and Right arrow keys while the
// strip has focus; the count ("3 of 12", each item's data-gallery-position) is read
// out politely. Moves jump instead of gliding when the reader prefers reduced motion.
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

function setUpGallery(gallery) {
  const strip = gallery.querySelector(".gallery-items");
  const items = [...strip.children];
  const controls = gallery.querySelector(".gallery-controls");
  const previous = controls.querySelector("[data-gallery-previous]");
  const next = controls.querySelector("[data-gallery-next]");
  const count = controls.querySelector("[data-gallery-count]");
  let current = 0;

  const show = (index) => {
    current = index;
    count.textContent = items[index].dataset.galleryPosition;
    // aria-disabled, not disabled: the button keeps focus at either end.
    previous.setAttribute("aria-disabled", String(index === 0));
    next.setAttribute("aria-disabled", String(index === items.length - 1));
  };
  // The photo a button or key is scrolling to: the strip passes others on its way.
  let heading = null;
  const go = (index) => {
    if (index < 0 || index >= items.length || index === current) return;
    heading = index;
    show(index);
    strip.scrollTo({
      left: items[index].offsetLeft,
      behavior: reducedMotion.matches ? "instant" : "smooth",
    });
  };

  gallery.classList.add("gallery--viewer");
  strip.tabIndex = 0;
  controls.hidden = false;
  show(0);
  previous.addEventListener("click", () => go(current - 1));
  next.addEventListener("click", () => go(current + 1));
  strip.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    event.preventDefault();
    go(current + (event.key === "ArrowRight" ? 1 : -1));
  });
  // A swipe (or a trackpad) moves the strip without the buttons: follow it once it
  // settles. A reader's touch takes over from a move the buttons or keys started.
  for (const type of ["pointerdown", "touchstart", "wheel"]) {
    strip.addEventListener(type, () => { heading = null; }, { passive: true });
  }
  let settle;
  const settled = "onscrollend" in window ? "scrollend" : "scroll";
  strip.addEventListener(settled, () => {
    clearTimeout(settle);
    settle = setTimeout(() => {
      const index = Math.round(strip.scrollLeft / strip.clientWidth);
      if (heading !== null) {
        if (index === heading) heading = null;
      } else if (index !== current && items[index]) {
        show(index);
      }
    }, 100);
  });
}

for (const gallery of document.querySelectorAll("[data-gallery]")) {
  setUpGallery(gallery);
}
// --- end galleries ---------------------------------------------------------------
