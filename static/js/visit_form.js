/* The visit form: "who came" fills the counts it implies, so the counsellor does not answer
   the same question twice. One partner (a woman, a man, other or unknown): that count 1, the
   others 0. Two (ex-)partners: one woman and one man unless the counts already add up to two.
   The counts stay editable, and the server checks them as before. */
(function () {
  "use strict";
  var COUNTS = ["women", "men", "other_gender"];
  function counts(form) {
    return COUNTS.map(function (name) {
      return form.querySelector("input[name=" + name + "]");
    });
  }
  function total(fields) {
    return fields.reduce(function (sum, field) {
      var n = parseInt(field.value, 10);
      return sum + (isNaN(n) ? 0 : n);
    }, 0);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form [name=who_came]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        var fields = counts(radio.form);
        if (fields.indexOf(null) !== -1) {
          return;
        }
        var person = radio.value.split(":")[1];
        if (person) {
          fields.forEach(function (field, i) { field.value = COUNTS[i] === person ? "1" : "0"; });
        } else if ((radio.value === "beide_partners" || radio.value === "ex_partners") &&
                   total(fields) !== 2) {
          fields[0].value = "1";
          fields[1].value = "1";
          fields[2].value = "0";
        }
      });
    });
  });
})();
