// Small behaviours that htmx does not cover. No framework, no CDN.
// Tree: the first click on "+" loads the children (htmx, once); later clicks fold and unfold.
document.addEventListener("click", function (event) {
  const toggle = event.target.closest("button.toggle");
  if (!toggle || !toggle.dataset.loaded) return;
  const sub = toggle.closest("li").querySelector(":scope > ul.tree");
  if (!sub) return;
  sub.hidden = !sub.hidden;
  toggle.textContent = sub.hidden ? "+" : "−";
  toggle.setAttribute("aria-expanded", String(!sub.hidden));
});
document.addEventListener("htmx:afterSwap", function (event) {
  const item = event.detail.target;
  if (!item.matches || !item.matches("li")) return;
  const toggle = item.querySelector(":scope > .node button.toggle");
  if (toggle) {
    toggle.dataset.loaded = "1";
    toggle.textContent = "−";
    toggle.setAttribute("aria-expanded", "true");
  }
});
// Organization pickers (core/forms.py OrganizationPicker): the suggestions under the input
// follow what the user types.
document.addEventListener("input", function (event) {
  const input = event.target;
  if (!input.dataset || !input.dataset.options) return;
  const separator = input.dataset.options.includes("?") ? "&" : "?";
  htmx.ajax("GET", input.dataset.options + separator + "q=" + encodeURIComponent(input.value), {
    target: "#" + input.getAttribute("list"),
    swap: "innerHTML",
  });
});
// Destructive actions (data-confirm on a link or a submit button): the browser asks first;
// cancelled, nothing is sent.
document.addEventListener("click", function (event) {
  const link = event.target.closest("a[data-confirm]");
  if (link && !window.confirm(link.dataset.confirm)) event.preventDefault();
});
document.addEventListener("submit", function (event) {
  const button = event.submitter && event.submitter.closest("[data-confirm]");
  const message = (button && button.dataset.confirm) || event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
}, true);
// Dates (core/forms.py DateInput): the text field keeps dd/mm/yyyy; a button beside it opens
// the browser's own calendar (a hidden date input) and writes the day back as dd/mm/yyyy.
function pad(n) { return String(n).padStart(2, "0"); }
function isoOf(text) {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  return m ? m[3] + "-" + pad(m[2]) + "-" + pad(m[1]) : "";
}
function addDatePickers(root) {
  root.querySelectorAll("input[data-datepicker]:not([data-picker-ready])").forEach(function (input) {
    input.dataset.pickerReady = "1";
    const wrap = document.createElement("span");
    wrap.className = "datefield";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    const native = document.createElement("input");
    native.type = "date";
    native.className = "datefield-native";
    native.tabIndex = -1;
    native.setAttribute("aria-hidden", "true");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary datefield-button";
    button.title = input.dataset.datepicker;
    button.setAttribute("aria-label", input.dataset.datepicker);
    wrap.append(button, native);
    button.addEventListener("click", function () {
      native.value = isoOf(input.value);
      if (native.showPicker) {
        try { native.showPicker(); return; } catch (e) { /* not allowed here: focus the field instead */ }
      }
      input.focus();
    });
    native.addEventListener("change", function () {
      const parts = native.value.split("-");
      if (parts.length !== 3) return;
      input.value = parts[2] + "/" + parts[1] + "/" + parts[0];
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });
}
// Tables: one that would be wider than a phone scrolls inside its own frame, never the page.
function frameTables(root) {
  root.querySelectorAll("main table").forEach(function (table) {
    if (table.closest(".table-wrap")) return;
    const wrap = document.createElement("div");
    wrap.className = "table-wrap";
    table.parentNode.insertBefore(wrap, table);
    wrap.appendChild(table);
  });
}
function enhance(root) {
  addDatePickers(root);
  frameTables(root);
}
document.addEventListener("DOMContentLoaded", function () {
  enhance(document);
  // On a phone the areas' menu is one scrolling strip: show the current area in it.
  const current = document.querySelector("nav.sidebar a[aria-current]");
  if (current && current.parentNode.scrollWidth > current.parentNode.clientWidth) {
    current.parentNode.scrollLeft = current.offsetLeft - 16;
  }
});
document.addEventListener("htmx:load", function (event) { enhance(event.detail.elt); });
// The phone app (pwa/): the service worker makes the site installable and keeps the signed-in
// user's own pages for reading offline; they are refreshed at most every ten minutes, and
// forgotten when the user signs out.
const KEEP_EVERY_MS = 10 * 60 * 1000;
// The worker is asked through the registration's active worker, not only the page's controller:
// a page whose load raced with the worker's first activation is never claimed, yet its user's
// pages must still be kept.
function tellWorker(message, worker) {
  const to = worker || (navigator.serviceWorker && navigator.serviceWorker.controller);
  if (!to) return Promise.resolve(null);
  return new Promise(function (resolve) {
    const channel = new MessageChannel();
    channel.port1.onmessage = function (event) { resolve(event.data); };
    to.postMessage(message, [channel.port2]);
    setTimeout(function () { resolve(null); }, 30000);
  });
}
function keepPages(worker) {
  const last = Number(localStorage.getItem("pages-kept-at") || 0);
  if (!navigator.onLine || Date.now() - last < KEEP_EVERY_MS) return;
  tellWorker("keep", worker).then(function (result) {
    if (result && result.kept) localStorage.setItem("pages-kept-at", String(Date.now()));
    document.documentElement.dataset.pagesKept = result ? String(result.kept) : "0";
  });
}
if ("serviceWorker" in navigator && document.currentScript && document.currentScript.dataset.worker) {
  const worker = document.currentScript.dataset.worker;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(worker, { scope: "/" });
    navigator.serviceWorker.ready.then(function (registration) {
      if (!document.body.dataset.signedIn) { tellWorker("forget", registration.active); localStorage.removeItem("pages-kept-at"); return; }
      keepPages(registration.active);
    });
  });
}
document.addEventListener("submit", function (event) {
  if (event.target.matches("form.sign-out")) { localStorage.removeItem("pages-kept-at"); tellWorker("forget"); }
});
