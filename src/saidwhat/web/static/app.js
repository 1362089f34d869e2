// saidwhat: tooltips on highlights, the raw-input toggle, opening shift evidence, and
// suggestions for the filter boxes (a <datalist> filled from /api/suggest; without JS the
// boxes are plain text inputs).
// Corpus text only ever reaches the page through textContent, never innerHTML.
(function () {
  "use strict";

  function showTip(el) {
    var tip = document.getElementById("tip");
    if (!tip || !el.dataset) return;
    tip.textContent = "";
    var who = document.createElement("div");
    who.className = "tip-speaker";
    who.textContent = el.dataset.speaker || "unknown speaker";
    var what = document.createElement("div");
    var role = el.dataset.role === "source" ? "speaker" : (el.dataset.role || "");
    what.textContent = role + " · " + (el.dataset.kind || "") + " · tone " + (el.dataset.tone || "n/a");
    tip.appendChild(who);
    tip.appendChild(what);
    var box = el.getBoundingClientRect();
    tip.style.left = Math.max(4, box.left + window.scrollX) + "px";
    tip.style.top = (box.bottom + window.scrollY + 6) + "px";
    tip.hidden = false;
  }

  function hideTip() {
    var tip = document.getElementById("tip");
    if (tip) tip.hidden = true;
  }

  function highlightOf(target) {
    return target && target.closest ? target.closest(".hl[data-att]") : null;
  }

  document.addEventListener("mouseover", function (e) { var el = highlightOf(e.target); if (el) showTip(el); });
  document.addEventListener("mouseout", function (e) { if (highlightOf(e.target)) hideTip(); });
  document.addEventListener("focusin", function (e) { var el = highlightOf(e.target); if (el) showTip(el); else hideTip(); });
  document.addEventListener("focusout", function (e) { if (highlightOf(e.target)) hideTip(); });

  function openTarget() {
    if (!location.hash) return;
    var el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (el && el.tagName === "DETAILS") { el.open = true; el.scrollIntoView({ block: "center" }); }
  }
  window.addEventListener("hashchange", openTarget);

  function suggestInto(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var url = "/api/suggest?field=" + encodeURIComponent(input.dataset.suggest) +
      "&q=" + encodeURIComponent(input.value) + "&limit=10";
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (data) {
        list.textContent = "";
        (data.items || []).forEach(function (item) {
          var option = document.createElement("option");
          option.value = item.value;
          option.label = item.value + " (" + item.count + ")";
          list.appendChild(option);
        });
        list.dataset.filled = input.value;
      })
      .catch(function () { /* suggestions are a convenience: the box still works */ });
  }

  function watchSuggest(input) {
    var timer = null;
    function later() {
      clearTimeout(timer);
      timer = setTimeout(function () { suggestInto(input); }, 120);
    }
    input.addEventListener("input", later);
    input.addEventListener("focus", later);
  }

  document.addEventListener("DOMContentLoaded", function () {
    openTarget();
    Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest]"), watchSuggest);
    var button = document.getElementById("toggle-raw");
    if (!button) return;
    button.addEventListener("click", function () {
      var raw = document.getElementById("raw-view");
      var clean = document.getElementById("clean-view");
      var showRaw = raw.hidden;
      raw.hidden = !showRaw;
      clean.hidden = showRaw;
      button.setAttribute("aria-pressed", String(showRaw));
      button.textContent = showRaw ? "Show clean text" : "Show raw input";
    });
  });
})();
