/* Showcase — small progressive enhancements. Every page works without this file.
   - <details class="menu-disclosure"> menus (account menu): close on a click
     outside, on Escape (focus goes back to the summary), and when another opens.
   - Forms with errors: move focus to the .error-summary so screen-reader and
     keyboard users land on the list of problems. */
(function () {
  "use strict";

  var MENUS = "details.menu-disclosure";

  function openMenus() {
    return Array.prototype.slice.call(document.querySelectorAll(MENUS + "[open]"));
  }

  document.addEventListener("click", function (event) {
    openMenus().forEach(function (menu) {
      if (!menu.contains(event.target)) {
        menu.removeAttribute("open");
      }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    openMenus().forEach(function (menu) {
      var hadFocus = menu.contains(document.activeElement);
      menu.removeAttribute("open");
      if (hadFocus) {
        var summary = menu.querySelector("summary");
        if (summary) {
          summary.focus();
        }
      }
    });
  });

  /* Only one menu open at a time. The toggle event does not bubble: capture it. */
  document.addEventListener("toggle", function (event) {
    var target = event.target;
    if (!target.matches || !target.matches(MENUS) || !target.open) {
      return;
    }
    openMenus().forEach(function (menu) {
      if (menu !== target) {
        menu.removeAttribute("open");
      }
    });
  }, true);

  /* Focus moving out of an open menu (Tab past its last item) closes it. */
  document.addEventListener("focusin", function (event) {
    openMenus().forEach(function (menu) {
      if (!menu.contains(event.target)) {
        menu.removeAttribute("open");
      }
    });
  });

  function focusErrorSummary() {
    var summary = document.querySelector(".error-summary");
    if (summary && !window.location.hash) {
      if (!summary.hasAttribute("tabindex")) {
        summary.setAttribute("tabindex", "-1");
      }
      summary.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusErrorSummary);
  } else {
    focusErrorSummary();
  }
})();
