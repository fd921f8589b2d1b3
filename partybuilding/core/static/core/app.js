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
