// "Add gallery" above the story's body editor (admin/articles/article/gallery_picker.html):
// a dialog lists the galleries (newest first, or those whose title matches the search)
// and puts the one chosen into the body where the cursor is, as CKEditor's media embed
// `gallery:<id>`, which the body stores as <oembed url="gallery:<id>">.
"use strict";

const picker = document.querySelector("[data-gallery-picker]");
const bodyRow = document.querySelector(".form-row.field-body");

if (picker && bodyRow) {
  const searchUrl = picker.dataset.galleryPicker;
  const dialog = picker.querySelector("dialog");
  const search = dialog.querySelector("[data-gallery-picker-search]");
  const status = dialog.querySelector("[data-gallery-picker-status]");
  const results = dialog.querySelector("[data-gallery-picker-results]");
  const more = dialog.querySelector("[data-gallery-picker-more]");
  let query = "";
  let page = 1;

  const resultItem = (gallery) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.galleryId = gallery.id;
    if (gallery.thumbnail) {
      const image = document.createElement("img");
      image.src = gallery.thumbnail;
      image.alt = "";
      image.width = 80;
      button.append(image);
    }
    const title = document.createElement("strong");
    title.textContent = gallery.title;
    const count = document.createElement("span");
    count.textContent = gallery.photos;
    button.append(title, " ", count);
    item.append(button);
    return item;
  };

  const load = async ({ append }) => {
    const url = new URL(searchUrl, window.location.href);
    url.search = new URLSearchParams({ q: query, page: String(page) });
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      const answer = await response.json();
      if (!response.ok) {
        status.textContent = answer.error || picker.dataset.errorText;
        return;
      }
      const items = answer.results.map(resultItem);
      if (append) {
        results.append(...items);
      } else {
        results.replaceChildren(...items);
      }
      status.textContent = results.children.length ? "" : picker.dataset.noneText;
      more.hidden = !answer.has_next;
    } catch {
      status.textContent = picker.dataset.errorText;
    }
  };

  const insert = (galleryId) => {
    const editor = window.editors?.[bodyRow.querySelector("textarea")?.id];
    if (!editor) {
      status.textContent = picker.dataset.noEditorText;
      return;
    }
    editor.execute("mediaEmbed", `gallery:${galleryId}`);
    dialog.close();
    editor.editing.view.focus();
  };

  // Beside "Add image" when that bar is there (body_images.js puts it above the
  // editor); otherwise above the body. The dialog itself stays outside the story form.
  const openButton = picker.querySelector("[data-gallery-picker-open]");
  const addImage = document.querySelector(".body-images-bar [data-body-images-open]");
  if (addImage) {
    addImage.after(openButton);
  } else {
    bodyRow.before(picker);
  }
  picker.hidden = false;
  openButton.addEventListener("click", () => {
    dialog.showModal();
    query = "";
    page = 1;
    search.reset();
    load({ append: false });
  });
  search.addEventListener("submit", (event) => {
    event.preventDefault();
    query = search.elements.q.value.trim();
    page = 1;
    load({ append: false });
  });
  more.addEventListener("click", () => {
    page += 1;
    load({ append: true });
  });
  results.addEventListener("click", (event) => {
    const choice = event.target.closest("[data-gallery-id]");
    if (choice) insert(choice.dataset.galleryId);
  });
  dialog.querySelector("[data-gallery-picker-close]").addEventListener("click", () => {
    dialog.close();
  });
}
