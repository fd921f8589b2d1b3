// The statistics picker: only the fields the chosen kind of period reads are shown (all of
// them without script, each labelled with the periods it applies to).
(function () {
  "use strict";
  var FIELDS = {
    year: ["year"], half: ["year"], nine: ["year"], quarter: ["year", "quarter"], month: ["year", "month"],
    term: ["year", "to_year"], range: ["from", "to"], day: ["on"]
  };
  var ALL = ["year", "quarter", "month", "to_year", "from", "to", "on"];
  function update(form) {
    var kind = form.querySelector("select[name=period]");
    if (!kind) { return; }
    var shown = FIELDS[kind.value] || ALL;
    ALL.forEach(function (name) {
      var field = form.querySelector(".field-" + name);
      if (field) { field.hidden = shown.indexOf(name) < 0; }
    });
    var hint = form.querySelector("[data-period-hint]");
    if (hint) { hint.hidden = true; }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-testid=statistics-picker]").forEach(function (form) {
      update(form);
      form.addEventListener("change", function (event) {
        if (event.target.name === "period") { update(form); }
      });
    });
  });
})();
