// The body editor's "Add image" dialog (templates/admin/articles/article/body_images.html).
// An editor uploads an image with its alt text, caption and credit, or chooses one from
// the media library, and it goes into CKEditor as a library image: a <figure> whose
// <img> carries `data-image-id`, which readers get with renditions, lazily, with the
// caption and credit (articles/content/body_images.py).
"use strict";

const bar = document.querySelector("[data-body-images]");
const dialog = document.querySelector("[data-body-images-dialog]");
const textarea = document.getElementById("id_body");

// The body as HTML for CKEditor: the library image, the editor's alt text and caption.
const figureHtml = ({ id, url, alt, caption }) => {
  const scratch = document.implementation.createHTMLDocument("");
  const figure = scratch.createElement("figure");
  const img = scratch.createElement("img");
  figure.className = "image";
  img.setAttribute("src", url);
  img.setAttribute("alt", alt);
  img.dataset.imageId = String(id);
  figure.append(img);
  if (caption.trim()) {
    const figcaption = scratch.createElement("figcaption");
    figcaption.textContent = caption.trim();
    figure.append(figcaption);
  }
  return figure.outerHTML;
};

const setUp = () => {
  const error = dialog.querySelector("[data-body-images-error]");
  const tabs = [...dialog.querySelectorAll("[role=tab]")];
  const uploadForm = dialog.querySelector("[data-body-images-upload]");
  const searchForm = dialog.querySelector("[data-body-images-search]");
  const status = dialog.querySelector("[data-body-images-status]");
  const results = dialog.querySelector("[data-body-images-results]");
  const more = dialog.querySelector("[data-body-images-more]");
  const chosenForm = dialog.querySelector("[data-body-images-chosen]");
  const preview = chosenForm.querySelector("[data-body-images-preview]");
  const credit = chosenForm.querySelector("[data-body-images-credit]");
  const csrfToken = document.querySelector("input[name=csrfmiddlewaretoken]")?.value ?? "";
  let chosen = null;
  let nextPage = null;
  let searches = 0;

  const showError = (message) => {
    error.textContent = message;
    error.hidden = !message;
  };

  const insert = (entry) => {
    const editor = window.editors?.[textarea.id];
    if (!editor) {
      showError(bar.dataset.noEditor);
      return;
    }
    const view = editor.data.processor.toView(figureHtml(entry));
    // After what is selected, not over it: a just-inserted image stays selected.
    const after = editor.model.document.selection.getLastPosition();
    editor.model.insertContent(editor.data.toModel(view), after);
    dialog.close();
    editor.editing.view.focus();
  };

  // Answers are JSON, errors included ({"error": {"message": …}}); a proxy's error
  // page or a dropped connection gets the dialog's own message.
  const ask = async (url, options) => {
    try {
      const response = await fetch(url, { credentials: "same-origin", ...options });
      const data = await response.json();
      if (!response.ok) {
        showError(data.error?.message ?? bar.dataset.failed);
        return null;
      }
      return data;
    } catch {
      showError(bar.dataset.failed);
      return null;
    }
  };

  const selectTab = (tab) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute("aria-selected", String(selected));
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
    }
    showError("");
    if (tab.id === "body-images-library-tab" && !results.children.length) {
      search(1);
    }
  };

  const resultItem = (entry) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    const thumbnail = document.createElement("img");
    button.type = "button";
    thumbnail.src = entry.thumbnail;
    // The button's name: what the picture shows.
    thumbnail.alt = entry.alt;
    thumbnail.loading = "lazy";
    button.append(thumbnail);
    button.addEventListener("click", () => choose(entry, button));
    item.append(button);
    return item;
  };

  const choose = (entry, button) => {
    chosen = entry;
    for (const other of results.querySelectorAll("[aria-pressed]")) {
      other.removeAttribute("aria-pressed");
    }
    button.setAttribute("aria-pressed", "true");
    preview.src = entry.thumbnail;
    chosenForm.elements.alt_text.value = entry.alt;
    chosenForm.elements.caption.value = entry.caption;
    credit.querySelector("span").textContent = entry.credit;
    credit.hidden = !entry.credit;
    chosenForm.hidden = false;
    chosenForm.elements.alt_text.focus();
  };

  const search = async (page) => {
    const asked = ++searches;
    showError("");
    status.textContent = status.dataset.searching;
    const query = new URLSearchParams({ q: searchForm.elements.q.value, page: String(page) });
    const data = await ask(`${bar.dataset.libraryUrl}?${query}`);
    if (asked !== searches) {
      return; // a later search's answer is the one to show
    }
    if (!data) {
      status.textContent = "";
      return;
    }
    if (page === 1) {
      results.replaceChildren();
      chosenForm.hidden = true;
    }
    results.append(...data.results.map(resultItem));
    status.textContent = data.count ? status.dataset.found : status.dataset.none;
    nextPage = data.has_next ? data.page + 1 : null;
    more.hidden = nextPage === null;
  };

  bar.querySelector("[data-body-images-open]").addEventListener("click", () => {
    showError("");
    dialog.showModal();
    tabs.find((tab) => tab.getAttribute("aria-selected") === "true").focus();
  });
  dialog.querySelector("[data-body-images-close]").addEventListener("click", () => {
    dialog.close();
  });
  dialog.addEventListener("close", () => {
    uploadForm.reset();
    chosenForm.hidden = true;
  });

  for (const tab of tabs) {
    tab.addEventListener("click", () => selectTab(tab));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (step) {
        const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length];
        selectTab(next);
        next.focus();
      }
    });
  }

  uploadForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError("");
    const submit = uploadForm.querySelector("[type=submit]");
    submit.disabled = true;
    const entry = await ask(bar.dataset.uploadUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken },
      body: new FormData(uploadForm),
    });
    submit.disabled = false;
    if (entry) {
      // The new image is the library's newest: a later search shows it first.
      results.replaceChildren();
      insert(entry);
    }
  });

  searchForm.addEventListener("submit", (event) => {
    event.preventDefault();
    search(1);
  });
  more.addEventListener("click", () => search(nextPage));

  chosenForm.addEventListener("submit", (event) => {
    event.preventDefault();
    insert({
      ...chosen,
      alt: chosenForm.elements.alt_text.value.trim(),
      caption: chosenForm.elements.caption.value,
    });
  });

  // Just above the editor; a story the user may only read gets no button.
  if (!textarea.disabled) {
    textarea.closest(".ck-editor-container").prepend(bar);
    bar.hidden = false;
  }
};

if (bar && dialog && textarea) {
  setUp();
}
