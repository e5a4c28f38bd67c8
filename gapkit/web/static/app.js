// gapkit: the little script the pages use. Keyboard shortcuts (n: next requirement to review,
// j / p: next / previous requirement) and a warning before leaving a form with unsaved text.
(function () {
  "use strict";
  var dirty = false;
  var submitting = false;

  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }

  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    var link = document.querySelector('[data-key="' + e.key + '"]');
    if (link) {
      e.preventDefault();
      link.click();
    }
  });

  document.addEventListener("input", function (e) {
    var form = e.target && e.target.form;
    if (form && form.hasAttribute("data-guard")) dirty = true;
  });
  document.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (e) {
    if (dirty && !submitting) {
      e.preventDefault();
      e.returnValue = "";
    }
  });
})();
