/* policytracker site: search and sort for the tables. Plain script, no dependencies;
   every page is complete without it. A page address may carry ?q=WORDS to search,
   and ?sort=KEY&dir=asc|desc to sort (KEY: a column's data-sort-key). */
(function () {
  "use strict";

  function rowsOf(table) {
    return Array.prototype.slice.call(table.tBodies[0].rows);
  }

  function key(row, index) {
    var cell = row.cells[index];
    if (!cell) {
      return "";
    }
    var value = cell.getAttribute("data-sort");
    return value !== null ? value : cell.textContent.trim().toLowerCase();
  }

  function compare(a, b, numeric) {
    if (numeric) {
      return (parseFloat(a) || 0) - (parseFloat(b) || 0);
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function sortBy(table, index, direction) {
    var header = table.tHead.rows[0].cells[index];
    var numeric = header.getAttribute("data-type") === "number";
    var rows = rowsOf(table);
    rows.sort(function (a, b) {
      var order = compare(key(a, index), key(b, index), numeric);
      if (direction === "descending") {
        order = -order;
      }
      return order || Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
    });
    var body = table.tBodies[0];
    rows.forEach(function (row) {
      body.appendChild(row);
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      if (i === index) {
        th.setAttribute("aria-sort", direction);
      } else {
        th.removeAttribute("aria-sort");
      }
    });
  }

  function makeSortable(table) {
    rowsOf(table).forEach(function (row, i) {
      row.setAttribute("data-order", String(i));
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      if (!th.hasAttribute("data-sort-key")) {
        return;
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) {
        button.appendChild(th.firstChild);
      }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var next = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        sortBy(table, index, next);
      });
    });
  }

  function sortByKey(table, name, direction) {
    var cells = table.tHead.rows[0].cells;
    for (var i = 0; i < cells.length; i += 1) {
      if (cells[i].getAttribute("data-sort-key") === name) {
        sortBy(table, i, direction);
        return;
      }
    }
  }

  function filter(table, text, output) {
    var terms = text.toLowerCase().split(/\s+/).filter(Boolean);
    var rows = rowsOf(table);
    var shown = 0;
    rows.forEach(function (row) {
      var haystack = (row.getAttribute("data-search") || row.textContent).toLowerCase();
      var match = terms.every(function (term) {
        return haystack.indexOf(term) !== -1;
      });
      row.hidden = !match;
      shown += match ? 1 : 0;
    });
    if (output) {
      var noun = output.getAttribute("data-noun") || "";
      output.textContent = terms.length
        ? shown + " of " + rows.length + " " + noun + " match"
        : rows.length + " " + noun;
    }
  }

  function makeSearchable(form, table, query) {
    var input = form.querySelector("input[type=search]");
    var output = form.querySelector("[data-count]");
    if (output) {
      output.setAttribute("data-noun", output.textContent.replace(/^\s*\d+\s*/, ""));
    }
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    input.addEventListener("input", function () {
      filter(table, input.value, output);
    });
    if (query) {
      input.value = query;
      filter(table, query, output);
    }
  }

  var params = new URLSearchParams(window.location.search);
  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), makeSortable);
  Array.prototype.forEach.call(document.querySelectorAll("form[data-search-for]"), function (form) {
    var table = document.getElementById(form.getAttribute("data-search-for"));
    if (table) {
      makeSearchable(form, table, params.get("q"));
    }
  });
  if (params.get("sort")) {
    var first = document.querySelector("table[data-sortable]");
    if (first) {
      sortByKey(first, params.get("sort"), params.get("dir") === "desc" ? "descending" : "ascending");
    }
  }
  document.documentElement.setAttribute("data-js", "ready");
})();
