/* Attendance pages, progressively enhanced: everything works without this file.
 *
 * - The sign-in page's search filters the list as you type (without JavaScript the "Find" button
 *   asks the server). Every word typed must appear in the person's name, school, e-mail or ID,
 *   regardless of case and accents.
 * - A "Print" button on the sign-in sheet (without JavaScript, the browser's own Print works).
 */
(function () {
  "use strict";

  // "López" is found by typing "lopez": compare without case or accents.
  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function words(text) {
    return plain(text).split(/\s+/).filter(Boolean);
  }

  function setUpSearch() {
    var input = document.querySelector("[data-sign-in-search]");
    var rows = document.querySelectorAll(".ld-sign-in-person[data-search]");
    var empty = document.querySelector("[data-sign-in-empty]");
    if (!input || !rows.length) {
      return;
    }
    function filter() {
      var wanted = words(input.value);
      var shown = 0;
      rows.forEach(function (row) {
        var haystack = plain(row.getAttribute("data-search"));
        var match = wanted.every(function (word) { return haystack.indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) {
          shown += 1;
        }
      });
      if (empty) {
        empty.hidden = shown > 0;
      }
    }
    input.addEventListener("input", filter);
    // Enter would reload the page with the server's search: needless while the whole list is here.
    if (!input.form.hasAttribute("data-searched")) {
      input.form.addEventListener("submit", function (event) {
        event.preventDefault();
        filter();
      });
    }
  }

  function setUpPrint() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpSearch();
    setUpPrint();
  });
})();
