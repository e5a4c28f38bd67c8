// gapkit: the little script the pages use.
// - Keyboard: n next requirement to review, j / p next / previous, / search; on the review page 1-4 a verdict,
//   Shift+1-5 a relation, Ctrl+Enter save, Ctrl+Shift+Enter save and go to the next.
// - A counter under every text field with a limit (data-max), the limit always shown: the text is never cut; near
//   the limit the counter darkens, over it it turns red and the server refuses the save, keeping the text.
// - A warning before leaving a form with unsaved text.
// - The progress of work running in the background (suggestions, this browser's report), polled every second.
(function () {
  "use strict";
  var dirty = false;
  var submitting = false;

  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }

  function pick(name, index) {
    var select = document.querySelector('#confirm-form select[name="' + name + '"]');
    if (!select || index >= select.options.length) return;
    select.selectedIndex = index;
    select.dispatchEvent(new Event("input", { bubbles: true }));  // the form now holds unsaved work
    select.classList.add("picked");  // the focus stays where it was, so the next shortcut works too
  }

  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      var button = document.getElementById(e.shiftKey ? "save-next" : "save");
      if (button && (!typing(e.target) || (e.target.form && e.target.form.id === "confirm-form"))) {
        e.preventDefault();
        button.click();
      }
      return;
    }
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    var digit = /^Digit([1-9])$/.exec(e.code || "");
    if (digit && document.getElementById("confirm-form")) {
      e.preventDefault();
      pick(e.shiftKey ? "relation" : "verdict", parseInt(digit[1], 10));
      return;
    }
    if (e.key === "/") {
      var box = document.getElementById("q");
      if (box) { e.preventDefault(); box.focus(); box.select(); }
      return;
    }
    var link = document.querySelector('[data-key="' + e.key + '"]');
    if (link) {
      e.preventDefault();
      link.click();
    }
  });

  // ---- counters ------------------------------------------------------------------------------------------
  var words = (document.documentElement.lang === "ru") ? " из " : " of ";
  function count(field) {
    var max = parseInt(field.getAttribute("data-max"), 10);
    var out = field._counter;
    if (!out) {
      out = document.createElement("span");
      out.className = "counter small";
      out.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", out);
      field._counter = out;
    }
    var n = field.value.length;
    out.textContent = n + words + max;
    out.classList.toggle("over", n > max);
    out.classList.toggle("near", n >= max * 0.8);
  }
  document.querySelectorAll("[data-max]").forEach(count);

  document.addEventListener("input", function (e) {
    var el = e.target;
    if (el && el.hasAttribute && el.hasAttribute("data-max")) count(el);
    var form = el && el.form;
    if (form && form.hasAttribute("data-guard")) dirty = true;
  });
  document.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (e) {
    if (dirty && !submitting) {
      e.preventDefault();
      e.returnValue = "";
    }
  });

  // ---- background work -----------------------------------------------------------------------------------
  var line = document.getElementById("progress");
  if (!line || !window.fetch) return;
  var names = (line.getAttribute("data-words") || "").split("|");
  var watching = document.querySelector('[data-watch="report"]') !== null;
  var sawSuggestions = false;
  function poll() {
    fetch("/progress.json", { credentials: "same-origin", cache: "no-store" }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (p) {
      if (!p) return;
      var parts = [];
      var s = p.suggestions;
      if (s && s.running) {
        sawSuggestions = true;
        parts.push(names[0] + ": " + s.label + " (" + s.done + "/" + s.total + ", " + Math.round(s.seconds) + " s)");
      }
      var rep = p.report;
      if (rep && rep.running) parts.push(names[1] + ": " + Math.round(rep.seconds) + " s");
      line.textContent = parts.join(" · ");
      line.hidden = parts.length === 0;
      if (watching && rep && !rep.running) { watching = false; window.location.reload(); return; }
      if (sawSuggestions && s && !s.running && !dirty) { sawSuggestions = false; line.textContent = names[0] + ": " + names[2]; line.hidden = false; }
      if (parts.length || watching) setTimeout(poll, 1000);
    }).catch(function () { /* the next page shows it */ });
  }
  poll();
})();
