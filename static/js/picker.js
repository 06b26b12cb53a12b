// Dataset picker: with JavaScript, the search box suggests datasets of the portal as you type
// (GET /api/v1/portal/datasets?q=); choosing one adds its name to the citations box.
// Without JavaScript the "Search" button does the same through the server.
(function () {
  "use strict";
  var pickers = document.querySelectorAll("[data-picker]");
  Array.prototype.forEach.call(pickers, function (picker) {
    var input = picker.querySelector("[data-picker-input]");
    var list = picker.querySelector("[data-picker-list]");
    var target = picker.querySelector("[data-picker-target]");
    if (!input || !list || !target) { return; }
    var lang = document.documentElement.lang;
    var timer = null;
    var active = -1;
    var items = [];
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-expanded", "false");

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function add(name) {
      var lines = target.value.split(/\n/).map(function (line) { return line.trim(); }).filter(Boolean);
      if (lines.indexOf(name) === -1) { lines.push(name); }
      target.value = lines.join("\n");
      input.value = "";
      close();
      input.focus();
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      Array.prototype.forEach.call(options, function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (options[index]) { input.setAttribute("aria-activedescendant", options[index].id); }
    }

    function show(results) {
      list.innerHTML = "";
      items = results;
      if (!results.length) { close(); return; }
      results.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = "picker-option-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dir = "auto";
        var title = (lang === "ar" && item.title_ar) ? item.title_ar : (item.title_fr || item.title_ar || item.name);
        option.textContent = title + (item.producer ? " — " + item.producer : "");
        option.addEventListener("mousedown", function (event) { event.preventDefault(); add(item.name); });
        list.appendChild(option);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2) { close(); return; }
      timer = setTimeout(function () {
        fetch("/api/v1/portal/datasets?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (body) { if (input.value.trim() === query) { show(body.results || []); } })
          .catch(close);
      }, 250);
    });

    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); add(items[active].name); }
      else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  });
})();
