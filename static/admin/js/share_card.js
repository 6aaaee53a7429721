// The share-card preview on the article form (articles/seo/share_card_admin.py): as the
// editor types, show the title and description a link preview or search result would
// (the search-and-sharing fields, else the headline and standfirst) and count their
// characters against the lengths those cut them to. Without this script the preview
// shows the story as saved.
"use strict";

const preview = document.querySelector("[data-share-card]");

if (preview) {
  const form = preview.closest("form");
  const field = (name) => form.elements[name];
  // Characters as the server counts them: code points, not UTF-16 units.
  const length = (text) => [...text].length;
  const parts = {
    title: {
      own: field("seo_title"),
      fallback: field("headline"),
      shown: preview.querySelector("[data-share-card-title]"),
    },
    description: {
      own: field("meta_description"),
      fallback: field("standfirst"),
      shown: preview.querySelector("[data-share-card-description]"),
    },
  };

  const update = () => {
    for (const [name, part] of Object.entries(parts)) {
      const text = (part.own?.value.trim() || part.fallback?.value.trim() || "").normalize("NFC");
      part.shown.textContent = text;
      const counter = preview.querySelector(`[data-share-card-count="${name}"]`);
      const count = length(text);
      counter.querySelector("[data-count]").textContent = count;
      counter.classList.toggle("share-card-over", count > Number(counter.dataset.limit));
    }
  };

  for (const part of Object.values(parts)) {
    for (const input of [part.own, part.fallback]) {
      input?.addEventListener("input", update);
    }
  }
  update();
}
