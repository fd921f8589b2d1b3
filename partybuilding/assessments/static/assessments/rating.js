// The rating forms (assessments/rating_form.html): the running total of the points given per
// criterion, and the quota's warning shown only while "excellent" is chosen. The forms work
// without this file: the service adds the points and refuses what the rules do not allow.
(function () {
  "use strict";

  function wire(form) {
    var inputs = form.querySelectorAll("input[data-points]");
    var total = form.querySelector("output[data-total]");
    function add() {
      var sum = 0;
      var given = false;
      inputs.forEach(function (input) {
        var value = parseInt(input.value, 10);
        if (!isNaN(value)) {
          sum += value;
          given = true;
        }
      });
      total.textContent = given ? String(sum) : "—";
    }
    if (total && inputs.length) {
      inputs.forEach(function (input) {
        input.addEventListener("input", add);
      });
      add();
    }

    var warning = form.querySelector("[data-quota-warning]");
    var level = form.querySelector("select[name=level]");
    function warn() {
      warning.hidden = level.value !== "excellent";
    }
    if (warning && level) {
      level.addEventListener("change", warn);
      warn();
    }
  }

  document.querySelectorAll("form[data-rating-form]").forEach(wire);
})();
