/* The visit form: "who came" fills the counts it implies, so the counsellor does not answer
   the same question twice. Two (ex-)partners: one woman and one man unless the counts already
   add up to two; one partner: the counts are cleared to one field to fill when they do not add
   up to one. The counts stay editable, and the server checks them as before. */
(function () {
  "use strict";
  var PERSONS = { een_partner: 1, beide_partners: 2, ex_partners: 2 };
  function counts(form) {
    return ["women", "men", "other_gender"].map(function (name) {
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
        var expected = PERSONS[radio.value];
        if (fields.indexOf(null) !== -1 || !expected || total(fields) === expected) {
          return;
        }
        if (expected === 2) {
          fields[0].value = "1";
          fields[1].value = "1";
          fields[2].value = "0";
        } else {
          fields.forEach(function (field) { field.value = "0"; });
        }
      });
    });
  });
})();
