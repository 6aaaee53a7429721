// The soft edit lock (articles/workflow/locks.py). While a story's change page is
// open, tell the server every so often that this editor is still here, and show what
// it answers: who else has the story open, and whether it was saved since this page's
// form was opened. Without this script the page still shows who was there as it loaded.
"use strict";

const lock = document.querySelector("[data-edit-lock-url]");

if (lock) {
  const url = lock.dataset.editLockUrl;
  const form = lock.closest("form");
  const list = lock.querySelector("ul");

  const payload = (fields = {}) => {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    data.append("edit_version", form.elements.edit_version.value);
    for (const [name, value] of Object.entries(fields)) {
      data.append(name, value);
    }
    return data;
  };

  const show = (notices) => {
    list.replaceChildren(
      ...notices.map((text) => {
        const item = document.createElement("li");
        item.className = "warning";
        item.textContent = text;
        return item;
      }),
    );
    list.hidden = notices.length === 0;
  };

  const beat = async () => {
    try {
      const response = await fetch(url, { method: "POST", body: payload() });
      if (response.ok) {
        show((await response.json()).notices);
      }
    } catch {
      // Offline for a moment: the next heartbeat tries again.
    }
  };

  setInterval(beat, Number(lock.dataset.editLockSeconds) * 1000);
  // Leaving (or saving, which loads a new page) frees the story for the others at once.
  window.addEventListener("pagehide", () => {
    navigator.sendBeacon(url, payload({ leaving: "1" }));
  });
  // Back from the browser's page cache: the leave was sent, so say we are here again.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) {
      beat();
    }
  });
}
