// Rendering the PDF takes a few seconds: show that, and let a second click do nothing.
// Without JavaScript the form is a plain form; this only guards against a second click.
document.querySelectorAll("form[data-busy-form]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    if (form.dataset.busy) {
      event.preventDefault();
      return;
    }
    form.dataset.busy = "true";
    form.setAttribute("aria-busy", "true");
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    button.textContent = button.dataset.busyLabel;
    form.querySelector("[data-busy-status]").textContent = button.dataset.busyLabel;
  });
});
