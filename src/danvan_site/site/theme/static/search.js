/* The search page (tim-kiem/index.html) of danvan-site.
 *
 * Loads the Pagefind bundle by the path the page gives in data-bundle ("../pagefind/pagefind.js"),
 * resolved against the page's own address, so the site works at a domain root and under any
 * sub-path. Fills the filters (province, locality, meeting type, year) from the index, reads the
 * query and filters from the address (?q=dan+van+kheo&tinh=...), searches as the reader types
 * (debounced) and lists the results newest first, with the title, date, place, meeting type and
 * the bulletin's own summary (never Pagefind's excerpt: the index also holds a copy of the text
 * without diacritics). Opened from disk (file://), or when the bundle cannot be loaded, the page
 * keeps its message saying that search needs the site served over HTTP.
 */
(function () {
  "use strict";

  var root = document.getElementById("tim-kiem");
  if (!root || location.protocol === "file:") {
    return; // browsers do not load the bundle from disk: the page's message stays
  }

  var form = root.querySelector(".search-form");
  var input = form.querySelector("input[type=search]");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var sortSelect = form.querySelector("#sap-xep");
  var resetButton = form.querySelector("[data-reset]");
  var fallback = root.querySelector("[data-fallback]");
  var status = root.querySelector(".search-status");
  var list = root.querySelector(".search-results");
  var moreBox = root.querySelector(".search-more");
  var moreButton = moreBox.querySelector("button");

  var PAGE_SIZE = 20;
  var DEBOUNCE_MS = 250;
  var collator = new Intl.Collator("vi");
  var numberFormat = new Intl.NumberFormat("vi-VN");
  var pagefind = null;
  var results = [];
  var shown = 0;
  var generation = 0;
  var timer = null;

  // --- the query: tones placed as in the index (danvan_site.vnsort.normalize_tone_placement) ---
  // The tone of an open "oa", "oe" or "uy" syllable goes on the first vowel: "Thuỵ" -> "Thủy",
  // "hoà" -> "hòa"; "quý", "hoàn" and "thuyền" stay as they are.

  var TONE = /[\u0300\u0301\u0303\u0309\u0323]/;
  var TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
  var SHAPE = /[\u0306\u0302\u031b]/;
  var MARK = /\p{M}/u;

  function normaliseWord(word) {
    var clusters = [];
    Array.from(word.normalize("NFD")).forEach(function (ch) {
      if (MARK.test(ch)) {
        if (clusters.length) clusters[clusters.length - 1][1] += ch;
      } else {
        clusters.push([ch, ""]);
      }
    });
    var n = clusters.length;
    if (n < 2) return word;
    var toned = [];
    clusters.forEach(function (c, i) { if (TONE.test(c[1])) toned.push(i); });
    if (toned.length !== 1 || toned[0] !== n - 1) return word;
    var first = clusters[n - 2];
    var second = clusters[n - 1];
    var pair = (first[0] + second[0]).toLowerCase();
    if (pair !== "oa" && pair !== "oe" && pair !== "uy") return word;
    if (SHAPE.test(first[1] + second[1])) return word;
    if (n >= 3 && "qaeiouy".indexOf(clusters[n - 3][0].toLowerCase()) >= 0) return word;
    first[1] += (second[1].match(TONES) || []).join("");
    second[1] = second[1].replace(TONES, "");
    return clusters.map(function (c) { return c[0] + c[1]; }).join("").normalize("NFC");
  }

  function normaliseQuery(text) {
    return text.normalize("NFC").replace(/[\p{L}\p{M}]+/gu, normaliseWord);
  }

  function setStatus(text) {
    status.textContent = text;
  }

  function capitalise(text) {
    return text ? text.charAt(0).toLocaleUpperCase("vi") + text.slice(1) : text;
  }

  function showForm() {
    form.hidden = false;
    fallback.hidden = true;
  }

  function showFallback() {
    // Served over HTTP, so the cause is the bundle itself (missing or unreadable).
    var noHttp = fallback.querySelector("[data-no-http]");
    var loadError = fallback.querySelector("[data-load-error]");
    if (noHttp && loadError) {
      noHttp.hidden = true;
      loadError.hidden = false;
    }
    form.hidden = true;
    fallback.hidden = false;
    list.textContent = "";
    moreBox.hidden = true;
    setStatus("");
  }

  // --- the address: ?q=...&tinh=...&dia_phuong=...&loai=...&nam=...&sap_xep=phu-hop --------------

  function readAddress() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    selects.forEach(function (select) {
      var wanted = params.get(select.name) || "";
      var found = Array.prototype.some.call(select.options, function (o) { return o.value === wanted; });
      select.value = found ? wanted : "";
    });
    sortSelect.value = params.get(sortSelect.name) === "phu-hop" ? "phu-hop" : "";
  }

  function writeAddress(term, filters) {
    var params = new URLSearchParams();
    if (term) params.set("q", term);
    selects.forEach(function (select) {
      if (filters[select.name]) params.set(select.name, filters[select.name]);
    });
    if (sortSelect.value) params.set(sortSelect.name, sortSelect.value);
    var query = params.toString();
    var address = location.pathname + (query ? "?" + query : "") + location.hash;
    if (address !== location.pathname + location.search + location.hash) {
      history.replaceState(null, "", address);
    }
  }

  // --- filters --------------------------------------------------------------------------------

  function fillFilters(available) {
    selects.forEach(function (select) {
      var counts = (available && available[select.dataset.filter]) || {};
      var values = Object.keys(counts);
      if (select.dataset.filter === "nam") {
        values.sort(function (a, b) { return Number(b) - Number(a); });
      } else {
        values.sort(collator.compare);
      }
      values.forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = select.dataset.filter === "loai" ? capitalise(value) : value;
        select.appendChild(option);
      });
      select.disabled = values.length === 0;
    });
  }

  function chosenFilters() {
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) filters[select.dataset.filter] = select.value;
    });
    return filters;
  }

  // --- results --------------------------------------------------------------------------------

  function resultItem(data) {
    var meta = data.meta || {};
    var item = document.createElement("li");
    item.className = "card search-result";

    var heading = document.createElement("h2");
    heading.className = "card-title";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = meta.title || data.url;
    heading.appendChild(link);
    item.appendChild(heading);

    var facts = [];
    if (meta.date) {
      var time = document.createElement("time");
      if (meta.iso) time.dateTime = meta.iso;
      time.textContent = meta.date;
      facts.push(time);
    } else {
      facts.push(document.createTextNode("Chưa rõ ngày"));
    }
    if (meta.place) facts.push(document.createTextNode(meta.place));
    if (meta.type) facts.push(document.createTextNode(capitalise(meta.type)));
    var line = document.createElement("p");
    line.className = "card-meta";
    facts.forEach(function (fact, i) {
      if (i > 0) {
        var dot = document.createElement("span");
        dot.setAttribute("aria-hidden", "true");
        dot.textContent = " · ";
        line.appendChild(dot);
      }
      line.appendChild(fact);
    });
    item.appendChild(line);

    if (meta.summary) {
      var summary = document.createElement("p");
      summary.className = "card-summary";
      summary.textContent = meta.summary;
      item.appendChild(summary);
    }
    return item;
  }

  function showMore(mine, moveFocus) {
    var batch = results.slice(shown, shown + PAGE_SIZE);
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (datas) {
      if (mine !== generation) return;
      var first = null;
      datas.forEach(function (data) {
        var item = resultItem(data);
        if (!first) first = item;
        list.appendChild(item);
      });
      shown += datas.length;
      var left = results.length - shown;
      moreBox.hidden = left <= 0;
      moreButton.textContent = "Xem thêm kết quả (còn " + numberFormat.format(left) + ")";
      if (moveFocus && first) first.querySelector("a").focus();
    });
  }

  function describe(term, filters, count) {
    var about = term ? " cho “" + term + "”" : "";
    var filtered = Object.keys(filters).length ? " (đã lọc)" : "";
    if (count === 0) {
      return "Không tìm thấy bản tin nào" + about + filtered + ". Hãy thử từ khóa khác hoặc bỏ bớt bộ lọc.";
    }
    var order = sortSelect.value === "phu-hop" ? "khớp nhất trước" : "mới nhất trước";
    return "Tìm thấy " + numberFormat.format(count) + " bản tin" + about + filtered + ", " + order + ".";
  }

  function search() {
    clearTimeout(timer);
    var term = input.value.trim();
    var filters = chosenFilters();
    var mine = ++generation;
    writeAddress(term, filters);
    if (!term && Object.keys(filters).length === 0) {
      results = [];
      shown = 0;
      list.textContent = "";
      moreBox.hidden = true;
      setStatus("");
      return Promise.resolve();
    }
    var options = { filters: filters };
    if (sortSelect.value !== "phu-hop") options.sort = { ngay: "desc" };
    return pagefind.search(term ? normaliseQuery(term) : null, options).then(function (found) {
      if (mine !== generation || !found) return;
      results = found.results || [];
      shown = 0;
      list.textContent = "";
      return showMore(mine, false).then(function () {
        if (mine === generation) setStatus(describe(term, filters, results.length));
      });
    }).catch(function () {
      if (mine === generation) setStatus("Không tìm được vì có lỗi khi đọc chỉ mục tìm kiếm. Hãy tải lại trang.");
    });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(search, DEBOUNCE_MS);
  }

  // --- start ----------------------------------------------------------------------------------

  showForm();
  input.disabled = true;
  setStatus("Đang tải công cụ tìm kiếm…");

  var bundle = new URL(root.getAttribute("data-bundle"), document.baseURI).href;
  import(bundle)
    .then(function (module) {
      pagefind = module;
      // Diacritics typed are matched exactly ("Đống Đa" is not every "đồng"); a query without
      // them finds the index's copy of the text without diacritics.
      return pagefind.options({ exactDiacritics: true })
        .then(function () { return pagefind.init(); })
        .then(function () { return pagefind.filters(); });
    })
    .then(function (available) {
      fillFilters(available);
      readAddress();
      input.disabled = false;
      setStatus("");
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        search();
      });
      input.addEventListener("input", later);
      selects.concat([sortSelect]).forEach(function (select) {
        select.addEventListener("change", search);
      });
      resetButton.addEventListener("click", function () {
        selects.forEach(function (select) { select.value = ""; });
        search();
      });
      moreButton.addEventListener("click", function () {
        showMore(generation, true);
      });
      window.addEventListener("popstate", function () {
        readAddress();
        search();
      });
      return search();
    })
    .catch(function () {
      showFallback();
    });
})();
