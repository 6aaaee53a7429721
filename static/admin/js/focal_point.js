// The focal point picker on the media library's image form (articles/focal_point_admin.py).
// Click the picture where its subject is, or focus it and use the arrow keys (Shift for
// bigger steps): the marker moves and the two number inputs, which work without this
// script, get the point as fractions of the width and height.
"use strict";

const STEP = 0.01;
const BIG_STEP = 0.1;
const MOVES = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

const clamp = (value) => Math.min(1, Math.max(0, value));
const rounded = (value) => Math.round(clamp(value) * 1000) / 1000;
const valueOf = (input) => {
  const number = Number.parseFloat(input.value);
  return Number.isFinite(number) ? clamp(number) : 0.5;
};

for (const picker of document.querySelectorAll("[data-focal-point]")) {
  const form = picker.closest("form");
  const across = form.elements.focal_x;
  const down = form.elements.focal_y;
  const frame = picker.querySelector(".focal-point-frame");
  const picture = frame.querySelector("img");
  const marker = frame.querySelector(".focal-point-marker");

  const show = () => {
    marker.style.left = `${valueOf(across) * 100}%`;
    marker.style.top = `${valueOf(down) * 100}%`;
  };

  const set = (x, y) => {
    across.value = rounded(x);
    down.value = rounded(y);
    show();
  };

  picture.addEventListener("click", (event) => {
    const box = picture.getBoundingClientRect();
    set((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
  });

  frame.addEventListener("keydown", (event) => {
    const move = MOVES[event.key];
    if (!move) {
      return;
    }
    event.preventDefault();
    const step = event.shiftKey ? BIG_STEP : STEP;
    set(valueOf(across) + move[0] * step, valueOf(down) + move[1] * step);
  });

  across.addEventListener("input", show);
  down.addEventListener("input", show);
}
