/* The Sectors and Editions menus are <details>: they work without this file. With
   it, opening one closes the other (browsers without the shared name attribute),
   and a click outside an open menu or the Escape key closes it. */
(function () {
  "use strict";
  var menus = Array.prototype.slice.call(document.querySelectorAll(".menu details"));
  if (!menus.length) return;
  function closeAll(except) {
    menus.forEach(function (menu) {
      if (menu !== except && menu.open) menu.open = false;
    });
  }
  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () {
      if (menu.open) closeAll(menu);
    });
  });
  document.addEventListener("click", function (event) {
    menus.forEach(function (menu) {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    menus.forEach(function (menu) {
      if (!menu.open) return;
      var focused = menu.contains(document.activeElement);
      menu.open = false;
      if (focused) menu.querySelector("summary").focus();
    });
  });
})();
