/* The search page (tim-kiem/index.html) of danvan-site.
 *
 * Loads the Pagefind bundle by the path the page gives in data-bundle ("../pagefind/pagefind.js"),
 * resolved against the page's own address, so the site works at a domain root and under any
 * sub-path; it is loaded only when there is something to search (a query or a filter in the
 * address, or the reader starts typing), so opening the page costs nothing. Reads the query and
 * filters from the address (?q=dan+van+kheo&tinh=01&xa=00130...), searches as the reader types
 * (debounced) and lists the results newest first.
 *
 * The index is in parts (search/__init__.py): the primary bundle beside pagefind.js and the others
 * in folders listed, newest first, in phan.json; each is merged into one Pagefind instance
 * (mergeIndex). Pagefind merges the parts' results by score, which is right for "best match
 * first" but not for "newest first" (a part's sort gives positions within that part only), so
 * newest first is done here: one search of all parts gives the count and, by the "phan" filter
 * every record has, how many results each part holds; the results are then taken part by part,
 * newest part first, each part's sorted by Pagefind, and only as far as the page shows.
 *
 * Each result shows its title, date, place and meeting type, then the passage that matches, with
 * the matched words in <mark>: the record's content is the text followed by a copy without
 * diacritics, word for word (search/__init__.py), so a match in the copy (meta.words and beyond)
 * is marked on the same word of the text. Everything is put in the page as text (textContent),
 * never as markup. Without a query (filters only) the bulletin's summary is shown.
 *
 * Filters are place identities (codes or keys) and slugs; their labels and parents come from the
 * filter file beside pagefind.js (bo-loc.json), loaded when the filters are opened or the address
 * names one. Choosing a province narrows the districts and communes to those in it; choosing a
 * district narrows the communes and sets its province; choosing a commune sets both.
 *
 * Opened from disk (file://), or when the bundle cannot be loaded, the page keeps its message
 * saying that search needs the site served over HTTP.
 */
(function () {
  "use strict";

  var root = document.getElementById("tim-kiem");
  if (!root || location.protocol === "file:") {
    return; // browsers do not load the bundle from disk: the page's message stays
  }

  var form = root.querySelector(".search-form");
  var input = form.querySelector("input[type=search]");
  var FILTERS = ["tinh", "huyen", "xa", "loai", "nam"];
  var PLACES = ["tinh", "huyen", "xa"];
  var selects = {};
  FILTERS.forEach(function (name) {
    selects[name] = form.querySelector("select[data-filter=" + name + "]");
  });
  var sortSelect = form.querySelector("#sap-xep");
  var resetButton = form.querySelector("[data-reset]");
  var filterBox = form.querySelector("[data-filter-box]");
  var filterCount = form.querySelector("[data-filter-count]");
  var fallback = root.querySelector("[data-fallback]");
  var status = root.querySelector(".search-status");
  var list = root.querySelector(".search-results");
  var moreBox = root.querySelector(".search-more");
  var moreButton = moreBox.querySelector("button");

  var FILTER_FILE = "bo-loc.json"; // beside pagefind.js (search/__init__.py, FILTER_FILE)
  var PARTS_FILE = "phan.json"; // beside pagefind.js (search/__init__.py, PARTS_FILE)
  var WORDS_FILE = "tu.json"; // beside pagefind.js (search/__init__.py, WORDS_FILE)
  var PAGE_SIZE = 20;
  var DEBOUNCE_MS = 250;
  var EXCERPT_WORDS = 36; // words of the passage shown with each result
  var numberFormat = new Intl.NumberFormat("vi-VN");
  var chosen = { tinh: "", huyen: "", xa: "", loai: "", nam: "" };
  var lists = null; // the filter file, once loaded: {tinh: [...], ..., byKey: {tinh: {key: entry}}}
  var listsPromise = null;
  var bundlePromise = null; // the promise of {pagefind, parts}
  var partsPromise = null;
  var source = null; // the results of the last search: {count, next(n) -> promise of results}
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

  // --- loading, when needed ---------------------------------------------------------------------

  // The parts of the index, newest first: [[id, folder relative to pagefind.js, records], ...].
  // An index of one part (or without the list) is searched as one.
  function loadParts() {
    if (!partsPromise) {
      var url = new URL(PARTS_FILE, new URL(root.getAttribute("data-bundle"), document.baseURI)).href;
      partsPromise = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      }).then(function (data) {
        return Array.isArray(data.phan) ? data.phan : [];
      }, function () { return []; });
    }
    return partsPromise;
  }

  // One Pagefind instance with every part merged into it. Diacritics typed are matched exactly
  // ("Đống Đa" is not every "đồng"; the option is given to each part); a query without them
  // finds the index's copy of the text without diacritics.
  function loadBundle() {
    if (!bundlePromise) {
      var bundleUrl = new URL(root.getAttribute("data-bundle"), document.baseURI);
      bundlePromise = Promise.all([import(bundleUrl.href), loadParts()]).then(function (got) {
        var module = got[0];
        var parts = got[1];
        var options = { exactDiacritics: true };
        var pagefind = module.createInstance(options);
        return pagefind.options(options).then(function () {
          return pagefind.init();
        }).then(function () {
          return Promise.all(parts.filter(function (part) { return part[1]; }).map(function (part) {
            return pagefind.mergeIndex(new URL(part[1], bundleUrl).pathname, options);
          }));
        }).then(function () {
          return parts.length > 1 ? loadWords(bundleUrl) : null;
        }).then(function (words) {
          return { pagefind: pagefind, parts: parts, words: words };
        });
      });
    }
    return bundlePromise;
  }

  // The results in the order asked, taken as they are shown: {count, next(n)}.
  function listed(all) {
    var at = 0;
    return {
      count: all.length,
      next: function (n) {
        var batch = all.slice(at, at + n);
        at += batch.length;
        return Promise.resolve(batch);
      }
    };
  }

  // The results of ``parts``, part by part (each part's sorted by Pagefind with ``sort``), taken
  // as they are shown.
  function partByPart(bundle, query, filters, parts, count, sort) {
    var waiting = [];
    var at = 0;
    function fill(n) {
      if (waiting.length >= n || at >= parts.length) return Promise.resolve(waiting.splice(0, n));
      var options = { filters: Object.assign({}, filters, { phan: parts[at++][0] }) };
      if (sort) options.sort = sort;
      return bundle.pagefind.search(query, options).then(function (one) {
        waiting = waiting.concat(one.results || []);
        return fill(n);
      });
    }
    return { count: count, next: fill };
  }

  // The words of a query as Pagefind looks them up in an index: marks of punctuation dropped,
  // lower case, tone and shape marks dropped ("đ" stays), split at spaces. None for an exact
  // "quoted" search (Pagefind finds nothing in a part without one of its words, as in one index).
  var PUNCTUATION = /[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu;
  function lookedUp(query) {
    if (!query || /^\s*".+"\s*$/.test(query)) return [];
    var term = query.replace(PUNCTUATION, "").toLocaleLowerCase().replace(/\s{2,}/g, " ").trim();
    term = term.normalize("NFD").replace(/\p{M}/gu, "");
    return term ? term.split(" ") : [];
  }

  // The words each part knows (WORDS_FILE): {sorted: [word, ...], parts: {word: [part number]}},
  // or null when the file is missing (every part is then searched as it is).
  function loadWords(bundleUrl) {
    return fetch(new URL(WORDS_FILE, bundleUrl).href, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (data) {
      var parts = {};
      (Array.isArray(data.tu) ? data.tu : []).forEach(function (group) {
        var numbers = String(group[0]).split(" ").map(Number);
        String(group[1]).split(" ").forEach(function (word) { if (word) parts[word] = numbers; });
      });
      return { sorted: Object.keys(parts).sort(), parts: parts };
    }).catch(function () { return null; });
  }

  // The numbers of the parts that may hold a match of ``query`` as one index of all the parts
  // would match it (null: all of them). Pagefind answers each word with the index's words that
  // begin with it, else with the longest index word it begins with, else leaves it out: a part
  // that lacks what the whole index answers a word with has no match (searched alone it would
  // answer for the other words, or with a shorter word).
  function partsFor(words, query) {
    if (!words) return null;
    var allowed = null;
    function keep(numbers) {
      var set = {};
      numbers.forEach(function (n) { if (!allowed || allowed[n]) set[n] = true; });
      allowed = set;
    }
    lookedUp(query).forEach(function (word) {
      var list = words.sorted;
      var lo = 0;
      var hi = list.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (list[mid] < word) lo = mid + 1; else hi = mid;
      }
      var numbers = {};
      var found = false;
      for (var i = lo; i < list.length && list[i].lastIndexOf(word, 0) === 0; i++) {
        found = true;
        words.parts[list[i]].forEach(function (n) { numbers[n] = true; });
      }
      if (!found) {
        var chars = Array.from(word);
        for (var k = chars.length - 1; k > 0 && !found; k--) {
          var prefix = chars.slice(0, k).join("");
          if (words.parts[prefix]) {
            found = true;
            words.parts[prefix].forEach(function (n) { numbers[n] = true; });
          }
        }
      }
      if (found) keep(Object.keys(numbers).map(Number));
    });
    return allowed;
  }

  // Searches every part: newest first (sortNewest) or best match first. Pagefind counts a
  // filter's values only when the search loads that filter: "phan" is asked for with every part,
  // which keeps every result and gives each part's count.
  function find(bundle, query, filters, sortNewest) {
    if (bundle.parts.length <= 1) {
      var one = sortNewest ? { filters: filters, sort: { ngay: "desc" } } : { filters: filters };
      return bundle.pagefind.search(query, one).then(function (found) { return listed(found.results || []); });
    }
    var every = { any: bundle.parts.map(function (p) { return p[0]; }) };
    var allowed = partsFor(bundle.words, query);
    return bundle.pagefind.search(query, { filters: Object.assign({}, filters, { phan: every }) }).then(function (found) {
      var counts = (found.filters && found.filters.phan) || {};
      var withResults = bundle.parts.filter(function (p) { return counts[p[0]] > 0; });
      var parts = withResults.filter(function (p) { return !allowed || allowed[bundle.parts.indexOf(p)]; });
      var count = parts.reduce(function (sum, p) { return sum + counts[p[0]]; }, 0);
      if (sortNewest) return partByPart(bundle, query, filters, parts, count, { ngay: "desc" });
      if (parts.length === withResults.length) return listed(found.results || []);
      // best match first from the parts kept: merged by score, as Pagefind merges them
      return partByPart(bundle, query, filters, parts, count, null).next(count).then(function (results) {
        return listed(results.sort(function (a, b) { return b.score - a.score; }));
      });
    });
  }

  function loadLists() {
    if (!listsPromise) {
      var bundleUrl = new URL(root.getAttribute("data-bundle"), document.baseURI);
      var url = new URL(FILTER_FILE, bundleUrl).href;
      listsPromise = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      }).then(function (data) {
        lists = { byKey: {} };
        FILTERS.forEach(function (name) {
          var entries = Array.isArray(data[name]) ? data[name] : [];
          if (name === "nam") entries = entries.map(function (year) { return [String(year), String(year)]; });
          lists[name] = entries;
          var byKey = {};
          entries.forEach(function (entry) { byKey[entry[0]] = entry; });
          lists.byKey[name] = byKey;
        });
        FILTERS.forEach(function (name) { chosen[name] = known(name, chosen[name]); });
        settleParents();
        fillSelects();
        countFilters(activeFilters());
        return lists;
      }, function (error) {
        filterCount.textContent = "(chưa tải được danh sách để lọc)";
        throw error;
      });
    }
    return listsPromise;
  }

  // A value of the address as a key of the lists: a key as it is, an older address's name
  // ("Hà Nội", "sơ kết", "phường Gia Thụy") as the one entry that has it, else nothing.
  function known(name, value) {
    if (!value || !lists) return value;
    if (lists.byKey[name][value]) return value;
    var wanted = value.toLocaleLowerCase("vi");
    var found = lists[name].filter(function (entry) {
      return entry.slice(1, name === "loai" || name === "nam" ? 2 : 3).some(function (label) {
        return String(label).toLocaleLowerCase("vi") === wanted;
      });
    });
    return found.length === 1 ? found[0][0] : "";
  }

  // --- filters --------------------------------------------------------------------------------

  function entry(name, key) {
    return key && lists ? lists.byKey[name][key] || null : null;
  }

  function inline(name, key) {
    var e = entry(name, key);
    return e ? e[2] : "";
  }

  // A district sets its province; a commune sets its district and province.
  function settleParents() {
    var xa = entry("xa", chosen.xa);
    if (xa) {
      chosen.tinh = xa[3] || chosen.tinh;
      chosen.huyen = xa[4] || "";
    }
    var huyen = entry("huyen", chosen.huyen);
    if (huyen) chosen.tinh = huyen[3] || chosen.tinh;
  }

  function option(value, text) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    return o;
  }

  function refill(name, entries, label) {
    var select = selects[name];
    var fragment = document.createDocumentFragment();
    fragment.appendChild(option("", "Tất cả"));
    entries.forEach(function (e) { fragment.appendChild(option(e[0], label(e))); });
    select.textContent = "";
    select.appendChild(fragment);
    select.value = chosen[name];
    if (select.value !== chosen[name]) select.value = "";
    select.disabled = entries.length === 0;
  }

  function fillSelects() {
    if (!lists) {
      FILTERS.forEach(function (name) { selects[name].value = ""; });
      return;
    }
    refill("tinh", lists.tinh, function (e) { return e[1]; });
    refill("huyen", lists.huyen.filter(function (e) { return !chosen.tinh || e[3] === chosen.tinh; }), function (e) {
      return chosen.tinh ? e[1] : e[1] + " – " + inline("tinh", e[3]);
    });
    refill("xa", lists.xa.filter(function (e) {
      return (!chosen.tinh || e[3] === chosen.tinh) && (!chosen.huyen || e[4] === chosen.huyen);
    }), function (e) {
      var text = e[1];
      if (!chosen.huyen && e[4]) text += " – " + inline("huyen", e[4]);
      if (!chosen.tinh && e[3]) text += " – " + inline("tinh", e[3]);
      return text;
    });
    refill("loai", lists.loai, function (e) { return e[1]; });
    refill("nam", lists.nam, function (e) { return e[1]; });
  }

  function choose(name, value) {
    chosen[name] = value;
    if (name === "tinh") {
      var huyen = entry("huyen", chosen.huyen);
      var xa = entry("xa", chosen.xa);
      if (huyen && huyen[3] !== value) chosen.huyen = "";
      if (xa && (xa[3] !== value || (chosen.huyen && xa[4] !== chosen.huyen))) chosen.xa = "";
      if (!value) { chosen.huyen = ""; chosen.xa = ""; }
    } else if (name === "huyen") {
      var commune = entry("xa", chosen.xa);
      if (commune && commune[4] !== value) chosen.xa = "";
    }
    settleParents();
    if (PLACES.indexOf(name) >= 0) fillSelects();
  }

  function activeFilters() {
    var filters = {};
    FILTERS.forEach(function (name) {
      if (chosen[name]) filters[name] = chosen[name];
    });
    return filters;
  }

  function countFilters(filters) {
    var n = (filters.tinh || filters.huyen || filters.xa ? 1 : 0) + (filters.loai ? 1 : 0) + (filters.nam ? 1 : 0);
    if (lists || !listsPromise) filterCount.textContent = n ? "(" + n + " đang chọn)" : "";
  }

  // --- the address: ?q=...&tinh=...&huyen=...&xa=...&loai=...&nam=...&sap_xep=phu-hop ----------

  function readAddress() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    FILTERS.forEach(function (name) { chosen[name] = params.get(name) || ""; });
    if (!chosen.xa && params.get("dia_phuong")) chosen.xa = params.get("dia_phuong"); // older addresses
    if (lists) {
      FILTERS.forEach(function (name) { chosen[name] = known(name, chosen[name]); });
      settleParents();
    }
    fillSelects();
    sortSelect.value = params.get(sortSelect.name) === "phu-hop" ? "phu-hop" : "";
    return Object.keys(activeFilters()).length > 0;
  }

  function writeAddress(term, filters) {
    var params = new URLSearchParams();
    if (term) params.set("q", term);
    FILTERS.forEach(function (name) {
      if (filters[name]) params.set(name, filters[name]);
    });
    if (sortSelect.value) params.set(sortSelect.name, sortSelect.value);
    var query = params.toString();
    var address = location.pathname + (query ? "?" + query : "") + location.hash;
    if (address !== location.pathname + location.search + location.hash) {
      history.replaceState(null, "", address);
    }
  }

  // --- the matching passage -------------------------------------------------------------------

  // The words of the record's text (not its copy without diacritics) and which of them match.
  function matches(data) {
    var meta = data.meta || {};
    var n = parseInt(meta.words, 10);
    var words = typeof data.content === "string" ? data.content.split(/[\r\n\s]+/) : [];
    if (!(n > 0) || words.length < 2 * n) return null; // not a record of this site's shape
    var marked = {};
    var count = 0;
    (data.locations || []).forEach(function (at) {
      var i = at >= n ? at - n : at;
      if (i >= 0 && i < n && !marked[i]) {
        marked[i] = true;
        count += 1;
      }
    });
    if (!count) return null;
    return {
      words: words.slice(0, n),
      marked: marked,
      titleWords: Math.min(parseInt(meta.title_words, 10) || 0, n),
      body: Math.min(parseInt(meta.body, 10) || 0, n)
    };
  }

  // [start, end, from, to]: the window of words with the most matches, in the body when the body
  // matches, else in the lines between the title and the body (place, people, organisations).
  function passage(m) {
    var from = m.body;
    var to = m.words.length;
    var spots = [];
    var i;
    for (i = from; i < to; i++) if (m.marked[i]) spots.push(i);
    if (!spots.length) {
      from = m.titleWords;
      to = m.body;
      for (i = from; i < to; i++) if (m.marked[i]) spots.push(i);
    }
    if (!spots.length) return null;
    var best = spots[0];
    var bestCount = 0;
    var last = 0;
    for (var first = 0; first < spots.length; first++) {
      var start = Math.max(from, spots[first] - 8);
      while (last < spots.length && spots[last] < start + EXCERPT_WORDS) last += 1;
      if (last - first > bestCount) {
        bestCount = last - first;
        best = start;
      }
    }
    var end = Math.min(to, best + EXCERPT_WORDS);
    return [Math.max(from, Math.min(best, end - EXCERPT_WORDS)), end, from, to];
  }

  // The words from start to end into parent, each matched word in a <mark>, all of it as text.
  function appendWords(parent, words, start, end, marked) {
    var text = "";
    for (var i = start; i < end; i++) {
      var space = i > start ? " " : "";
      if (marked[i]) {
        if (text || space) parent.appendChild(document.createTextNode(text + space));
        text = "";
        var mark = document.createElement("mark");
        mark.textContent = words[i];
        parent.appendChild(mark);
      } else {
        text += space + words[i];
      }
    }
    if (text) parent.appendChild(document.createTextNode(text));
  }

  // --- results --------------------------------------------------------------------------------

  function resultItem(data, withPassage) {
    var meta = data.meta || {};
    var m = withPassage ? matches(data) : null;
    var item = document.createElement("li");
    item.className = "card search-result";

    var heading = document.createElement("h2");
    heading.className = "card-title";
    var link = document.createElement("a");
    link.href = data.url;
    var title = meta.title || data.url;
    var titleWords = title.split(" ");
    if (m && m.titleWords && titleWords.length === m.titleWords) {
      appendWords(link, titleWords, 0, titleWords.length, m.marked);
    } else {
      link.textContent = title;
    }
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
    if (meta.type) facts.push(document.createTextNode(meta.type));
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

    var range = m ? passage(m) : null;
    var text = document.createElement("p");
    if (range) {
      text.className = "card-excerpt";
      if (range[0] > range[2]) text.appendChild(document.createTextNode("… "));
      appendWords(text, m.words, range[0], range[1], m.marked);
      if (range[1] < range[3]) text.appendChild(document.createTextNode(" …"));
      item.appendChild(text);
    } else if (meta.summary) {
      text.className = "card-summary";
      text.textContent = meta.summary;
      item.appendChild(text);
    }
    return item;
  }

  // The next PAGE_SIZE results; ``replace`` puts them in place of the list in one step (no
  // flash of an empty list while they load), else they are added; ``moveFocus`` moves the focus
  // to the first one added (after "Xem thêm").
  function showMore(mine, withPassage, replace, moveFocus) {
    var from = source;
    return from.next(PAGE_SIZE).then(function (batch) {
      return Promise.all(batch.map(function (r) { return r.data(); }));
    }).then(function (datas) {
      if (mine !== generation || from !== source) return false;
      var fragment = document.createDocumentFragment();
      var first = null;
      datas.forEach(function (data) {
        var item = resultItem(data, withPassage);
        if (!first) first = item;
        fragment.appendChild(item);
      });
      if (replace) list.textContent = "";
      list.appendChild(fragment);
      shown += datas.length;
      var left = source.count - shown;
      moreBox.hidden = left <= 0;
      moreButton.textContent = "Xem thêm kết quả (còn " + numberFormat.format(left) + ")";
      if (moveFocus && first) first.querySelector("a").focus();
      return true;
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

  function clearResults() {
    source = null;
    shown = 0;
    list.textContent = "";
    moreBox.hidden = true;
    setStatus("");
  }

  function search() {
    clearTimeout(timer);
    var term = input.value.trim();
    var filters = activeFilters();
    var mine = ++generation;
    writeAddress(term, filters);
    countFilters(filters);
    if (!term && Object.keys(filters).length === 0) {
      clearResults();
      return Promise.resolve();
    }
    var loaded = false;
    var bundle = loadBundle();
    bundle.then(function () { loaded = true; });
    return Promise.resolve().then(function () {
      if (!loaded && mine === generation) setStatus("Đang tải công cụ tìm kiếm…");
      return bundle;
    }).then(function (loadedBundle) {
      if (mine !== generation) return null;
      return find(loadedBundle, term ? normaliseQuery(term) : null, filters, sortSelect.value !== "phu-hop");
    }, function () {
      showFallback();
      return null;
    }).then(function (found) {
      if (mine !== generation || !found) return;
      source = found;
      shown = 0;
      if (!found.count) {
        list.textContent = "";
        moreBox.hidden = true;
        setStatus(describe(term, filters, 0));
        return;
      }
      return showMore(mine, Boolean(term), true, false).then(function (done) {
        if (done && mine === generation) setStatus(describe(term, filters, found.count));
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

  var filtered = readAddress();
  if (filtered) filterBox.open = true; // before the form shows: nothing moves
  showForm();
  countFilters(activeFilters());

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    search();
  });
  input.addEventListener("input", later);
  // The reader is about to type: fetch the index meanwhile.
  ["focus", "pointerdown"].forEach(function (type) {
    input.addEventListener(type, function () { loadBundle().catch(function () {}); });
  });
  filterBox.addEventListener("toggle", function () {
    if (filterBox.open) loadLists().catch(function () {});
  });
  FILTERS.forEach(function (name) {
    selects[name].addEventListener("change", function () {
      choose(name, selects[name].value);
      search();
    });
  });
  sortSelect.addEventListener("change", search);
  resetButton.addEventListener("click", function () {
    FILTERS.forEach(function (name) { chosen[name] = ""; });
    fillSelects();
    search();
  });
  moreButton.addEventListener("click", function () {
    if (source) showMore(generation, Boolean(input.value.trim()), false, true);
  });
  window.addEventListener("popstate", function () {
    readAddress();
    search();
  });

  var ready = filtered ? loadLists().catch(function () {}) : Promise.resolve();
  ready.then(function () {
    if (input.value.trim() || Object.keys(activeFilters()).length) search();
  });
})();
