/* The portal's only script (no inline code under the CSP).
   Forms: the error summary takes the focus, and its links move the focus to the field (the
   first choice of a group), so a keyboard user goes from the message straight to the fix.
   Tables: a table wider than the screen scrolls in its own region, reachable by keyboard. */
(function () {
  "use strict";
  function focusField(target) {
    var field = target.matches("input, select, textarea")
      ? target
      : target.querySelector("input:not([type=hidden]), select, textarea");
    (field || target).focus();
  }
  function scrollableTables() {
    document.querySelectorAll(".table-responsive").forEach(function (wrapper) {
      var caption = wrapper.querySelector("caption");
      if (wrapper.scrollWidth > wrapper.clientWidth) {
        wrapper.setAttribute("tabindex", "0");
        wrapper.setAttribute("role", "region");
        if (caption) {
          wrapper.setAttribute("aria-label", caption.textContent.trim());
        }
      } else if (wrapper.getAttribute("role") === "region") {
        wrapper.removeAttribute("tabindex");
        wrapper.removeAttribute("role");
        wrapper.removeAttribute("aria-label");
      }
    });
  }
  window.addEventListener("resize", scrollableTables);
  document.addEventListener("DOMContentLoaded", function () {
    scrollableTables();
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
