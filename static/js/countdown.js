/* Countdowns of the challenge pages, ticking every second.
   Progressive enhancement: the server writes the milestone into [data-countdown="<ISO 8601 instant>"] with a
   relative text ("in 3 days") inside .countdown-relative; this script replaces that text with "3 d 04:12:09"
   and, at zero, stops and suggests reloading the page (the phase has changed on the server).
   The words come from the nearest [data-countdown-labels] element (data-day, data-reload): no text here. */
(function () {
  "use strict";
  var items = [];

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function labelsFor(element) {
    var holder = element.closest("[data-countdown-labels]");
    return {
      day: (holder && holder.getAttribute("data-day")) || "d",
      reload: (holder && holder.getAttribute("data-reload")) || "Reload the page."
    };
  }

  function format(ms, day) {
    var total = Math.max(0, Math.floor(ms / 1000));
    var days = Math.floor(total / 86400);
    var rest = total % 86400;
    var clock = pad(Math.floor(rest / 3600)) + ":" + pad(Math.floor((rest % 3600) / 60)) + ":" + pad(rest % 60);
    return days > 0 ? days + "\u00a0" + day + " " + clock : clock;
  }

  function finish(item) {
    item.done = true;
    item.target.textContent = format(0, item.labels.day);
    if (item.element.querySelector(".countdown-done")) { return; }
    var note = document.createElement("span");
    note.className = "countdown-done";
    var link = document.createElement("a");
    link.href = window.location.href;
    link.textContent = item.labels.reload;
    note.appendChild(link);
    item.element.appendChild(note);
  }

  function tick() {
    var now = Date.now();
    var running = 0;
    items.forEach(function (item) {
      if (item.done) { return; }
      var left = item.at - now;
      if (left <= 0) { finish(item); return; }
      item.target.textContent = format(left, item.labels.day);
      running += 1;
    });
    if (!running && timer) { window.clearInterval(timer); timer = null; }
  }

  var timer = null;
  document.querySelectorAll("[data-countdown]").forEach(function (element) {
    var at = Date.parse(element.getAttribute("data-countdown"));
    var target = element.querySelector(".countdown-relative time") || element.querySelector(".countdown-relative");
    if (isNaN(at) || !target) { return; }
    element.classList.add("countdown-ticking");
    items.push({ element: element, target: target, at: at, labels: labelsFor(element), done: false });
  });
  if (items.length) {
    tick();
    timer = window.setInterval(tick, 1000);
  }
})();
