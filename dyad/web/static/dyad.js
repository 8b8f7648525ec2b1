// dyad's page script: show the evidence of an article's facts. It reads only data attributes and
// never writes markup (textContent and classes only), so article text cannot become code.
"use strict";

function selectItem(id) {
  document.querySelectorAll(".hl.focus").forEach((el) => el.classList.remove("focus"));
  document.querySelectorAll("button.item.selected").forEach((el) => el.classList.remove("selected"));
  document.querySelectorAll("[data-evidence]").forEach((el) => { el.hidden = el.dataset.evidence !== id; });
  const box = document.getElementById("evidence-box");
  const evidence = document.getElementById("ev-" + id);
  if (!box || !evidence) return;
  box.hidden = false;
  const pieces = Array.from(document.querySelectorAll(".hl[data-ids]")).filter((el) => el.dataset.ids.split(" ").includes(id));
  pieces.forEach((el) => el.classList.add("focus"));
  const button = document.getElementById("item-" + id);
  if (button) button.classList.add("selected");
  if (pieces.length) pieces[0].scrollIntoView({ block: "center", behavior: "instant" });
  box.scrollIntoView({ block: "nearest" });
}

document.addEventListener("click", (event) => {
  const item = event.target.closest("button.item[data-item]");
  if (item) { selectItem(item.dataset.item); return; }
  const piece = event.target.closest(".hl[data-ids]");
  // Several facts may cover a word: the first listed is the most specific (event, time, place, actor, quote).
  if (piece) selectItem(piece.dataset.ids.split(" ")[0]);
});

// A link such as /articles/ID#Q2 opens with that fact selected (on load, or when only the hash changes).
function selectFromHash() {
  const wanted = decodeURIComponent(window.location.hash.slice(1));
  if (wanted && document.getElementById("ev-" + wanted)) selectItem(wanted);
}
document.addEventListener("DOMContentLoaded", selectFromHash);
window.addEventListener("hashchange", selectFromHash);
