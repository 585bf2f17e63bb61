/* Forms: the error summary takes the focus, and its links move the focus to the field (the
   first choice of a group), so a keyboard user goes from the message straight to the fix. */
(function () {
  "use strict";
  function focusField(target) {
    var field = target.matches("input, select, textarea")
      ? target
      : target.querySelector("input:not([type=hidden]), select, textarea");
    (field || target).focus();
  }
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary && document.activeElement !== summary) {
      summary.focus();
    }
    document.querySelectorAll("[data-error-summary] a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (target) {
          event.preventDefault();
          target.scrollIntoView({ block: "center" });
          focusField(target);
        }
      });
    });
  });
})();
