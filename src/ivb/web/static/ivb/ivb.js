/* IVB's only script, a progressive enhancement: every page works without it.
   1. The local navigation (a <details>, open in the HTML) folds into "Menu" on a narrow screen.
   2. A table frame (.scroll) or chart that is wider than the screen gets a cue, only while it overflows:
      a short text above it, a faded edge on the side with more, and keyboard focus so it can be scrolled.
   3. Printed, a part year's "Hoe geschat" fold is open: paper cannot unfold it, and it names the monthly pattern. */
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 48rem)");

  function fold() {
    document.querySelectorAll("nav.local details.menu").forEach(function (menu) { menu.open = !narrow.matches; });
  }

  function edges(frame) {
    var more = frame.scrollWidth - frame.clientWidth;
    frame.classList.toggle("more-left", frame.scrollLeft > 1);
    frame.classList.toggle("more-right", frame.scrollLeft < more - 1);
  }

  function cue(frame) {
    var over = frame.scrollWidth > frame.clientWidth + 1;
    var text = frame.previousElementSibling;
    if (!text || !text.classList.contains("scroll-cue")) {
      text = document.createElement("p");
      text.className = "scroll-cue";
      text.textContent = frame.getAttribute("data-cue") || document.body.getAttribute("data-scroll-cue");
      frame.parentNode.insertBefore(text, frame);
    }
    text.classList.toggle("shown", over);
    frame.classList.toggle("overflows", over);
    if (over && !frame.hasAttribute("tabindex")) {
      frame.setAttribute("tabindex", "0");
      frame.setAttribute("data-ivb-focus", "");
    } else if (!over && frame.hasAttribute("data-ivb-focus")) {
      frame.removeAttribute("tabindex");
      frame.removeAttribute("data-ivb-focus");
    }
    if (over && !frame.hasAttribute("role")) {
      var caption = frame.querySelector("caption, title");
      frame.setAttribute("role", "region");
      frame.setAttribute("aria-label", caption ? caption.textContent.trim() : text.textContent);
    }
    edges(frame);
  }

  function frames() {
    document.querySelectorAll(".scroll").forEach(cue);
  }

  /* A chart keeps its drawn size (its text 12 px) in a frame of its own, so that the caption does not scroll;
     a frame narrower than its chart starts at the right end, where the newest years are. */
  function chartFrames() {
    document.querySelectorAll("svg.chart").forEach(function (chart) {
      if (chart.parentNode.classList.contains("scroll")) { return; }
      var frame = document.createElement("div");
      frame.className = "scroll chart-frame" + (chart.classList.contains("narrow") ? " narrow" :
                                                 chart.classList.contains("wide") ? " wide" : "");
      frame.setAttribute("data-cue", document.body.getAttribute("data-chart-cue"));
      chart.parentNode.insertBefore(frame, chart);
      frame.appendChild(chart);
      frame.scrollLeft = frame.scrollWidth;  /* time runs to the right: a phone opens on the newest years */
    });
  }

  /* A form sent back with errors: the keyboard and the screen reader start at the summary, whose links lead to
     each field (after a submit the focus would otherwise stay at the top of the page). */
  function focusErrors() {
    var summary = document.querySelector(".error-summary");
    if (!summary) { return; }
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }

  /* A double click (or a second tap on a slow phone network) sends a form once: a signal filed twice is a
     duplicate the team must reject. The guard lifts after a few seconds, for a form that answers with a file
     and leaves the page as it was. The clicked button is not disabled, so its name and value are still sent. */
  function sendOnce(event) {
    var form = event.target;
    /* upload.js sends a large file itself and cancels the normal submit: that one is not sent twice here. */
    if (form.method !== "post" || event.defaultPrevented) { return; }
    if (form.hasAttribute("data-ivb-sent")) { event.preventDefault(); return; }
    form.setAttribute("data-ivb-sent", "");
    window.setTimeout(function () { form.removeAttribute("data-ivb-sent"); }, 5000);
  }

  document.addEventListener("submit", sendOnce);

  var unfolded = [];
  window.addEventListener("beforeprint", function () {
    unfolded = Array.prototype.filter.call(document.querySelectorAll("details.how"), function (d) { return !d.open; });
    unfolded.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    unfolded.forEach(function (d) { d.open = false; });
    unfolded = [];
  });

  document.addEventListener("DOMContentLoaded", function () {
    focusErrors();
    fold();
    chartFrames();
    frames();
    document.querySelectorAll(".scroll").forEach(function (frame) {
      frame.addEventListener("scroll", function () { edges(frame); }, {passive: true});
    });
    narrow.addEventListener("change", fold);
    window.addEventListener("resize", frames);
  });
})();
