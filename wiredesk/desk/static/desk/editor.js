// A small toolbar for the body field: wraps the selection in allow-listed tags.
// The server sanitises the body with nh3 whatever is typed here.
(function () {
  "use strict";
  var area = document.querySelector("textarea.body-editor");
  if (!area) { return; }
  var tools = [["p", "Paragraph"], ["strong", "Bold"], ["em", "Italic"], ["h2", "Heading"], ["blockquote", "Quote"], ["a", "Link"]];
  var bar = document.createElement("div");
  bar.className = "editor-bar";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", "Formatting");
  tools.forEach(function (tool) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = tool[1];
    button.addEventListener("click", function () {
      var start = area.selectionStart, end = area.selectionEnd;
      var text = area.value.slice(start, end);
      var open = "<" + tool[0] + ">";
      if (tool[0] === "a") {
        var href = window.prompt("Link address (https://…)");
        if (!href) { return; }
        open = '<a href="' + href.replace(/"/g, "&quot;") + '">';
      }
      var wrapped = open + text + "</" + tool[0] + ">";
      area.setRangeText(wrapped, start, end, "end");
      area.focus();
    });
    bar.appendChild(button);
  });
  area.parentNode.insertBefore(bar, area);
})();
