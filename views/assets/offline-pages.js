/*
 * Monev: keeping a response "tersedia offline" (issue 15). On the response's overview the operator
 * chooses to keep it: its pages (overview, every section, submit page) and the task list are put
 * in this account's Cache Storage, where the service worker finds them when the network is gone.
 * The space they take is shown, with what the browser grants Monev; storage full is reported.
 * Removing it, or signing out, deletes them again. Used by fill.js, which starts it.
 */
(function (root) {
  'use strict';
  var store = root.MonevStore;

  function pagesOf(box) {
    var urls;
    try { urls = JSON.parse(box.getAttribute('data-urls') || '[]'); } catch (e) { urls = []; }
    return urls.concat(['/tugas']);
  }

  function assetsOfThisPage() {
    return Array.prototype.map.call(document.querySelectorAll('link[rel="stylesheet"][href^="/assets/"], script[src^="/assets/"]'), function (n) {
      return n.getAttribute('href') || n.getAttribute('src');
    });
  }

  /** Fetches the pages and puts them in the account's cache; resolves with the bytes they take. */
  function keep(user, urls) {
    return root.caches.open(store.cacheName(user)).then(function (cache) {
      return Promise.all(urls.map(function (url) {
        return fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' } }).then(function (res) {
          if (!res.ok || res.redirected) throw new Error(res.status + ' ' + url);
          return res.clone().blob().then(function (b) { return cache.put(url, res).then(function () { return b.size; }); });
        });
      })).then(function (sizes) {
        return cache.addAll(assetsOfThisPage()).then(function () { return sizes.reduce(function (a, b) { return a + b; }, 0); });
      });
    });
  }

  var pages = {
    /** After the response changed on the server (a submission): the kept copies are fetched again. */
    refresh: function (user, rid) {
      if (!store.persistent || !root.caches) return Promise.resolve();
      return store.marks(user).then(function (marks) {
        var mark = marks.filter(function (m) { return m.rid === rid; })[0];
        if (!mark || !mark.urls) return null;
        return keep(user, mark.urls).then(function (bytes) { mark.bytes = bytes; mark.at = Date.now(); return store.setMark(mark); });
      }).then(null, function () { /* the older copies stay */ });
    },

    init: function (user, rid, box, M, fmt, size, hhmm) {
      var panel = document.querySelector('[data-offline-box]');
      if (!panel || !rid || !store.persistent || !root.caches || !navigator.serviceWorker) return;
      var info = panel.querySelector('[data-offline-info]');
      var markButton = panel.querySelector('[data-offline-mark]');
      var unmarkButton = panel.querySelector('[data-offline-unmark]');
      var none = info.textContent;
      panel.hidden = false;

      function show(extra) {
        return store.marks(user).then(function (marks) {
          var mark = marks.filter(function (m) { return m.rid === rid; })[0];
          var text = mark ? fmt('available', { pages: mark.urls.length, size: size(mark.bytes), time: hhmm(mark.at) }) : none;
          unmarkButton.hidden = !mark;
          panel.setAttribute('data-offline', mark ? '1' : '0');
          var estimate = navigator.storage && navigator.storage.estimate ? navigator.storage.estimate() : Promise.resolve(null);
          return estimate.then(function (e) {
            var usage = e && e.quota ? ' ' + fmt('usage', { used: size(e.usage || 0), quota: size(e.quota) }) : '';
            info.textContent = (extra ? extra + ' ' : '') + text + usage;
          });
        });
      }

      markButton.addEventListener('click', function () {
        var urls = pagesOf(box);
        info.textContent = M.marking;
        keep(user, urls).then(function (bytes) {
          return store.setMark({ user: user, rid: rid, urls: urls, bytes: bytes, at: Date.now() });
        }).then(function () {
          if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(function () { /* best effort */ });
          return show();
        }, function (err) {
          return show(err && err.name === 'QuotaExceededError' ? M.quota : fmt('markFailed', { reason: (err && err.message) || M.network }));
        });
      });

      unmarkButton.addEventListener('click', function () {
        store.marks(user).then(function (marks) {
          var others = marks.filter(function (m) { return m.rid !== rid; });
          var drop = pagesOf(box).filter(function (u) { return u !== '/tugas' || others.length === 0; });
          return root.caches.open(store.cacheName(user)).then(function (cache) {
            return Promise.all(drop.map(function (u) { return cache.delete(u); }));
          });
        }).then(function () { return store.unmark(user, rid); }).then(function () { return show(); });
      });

      show();
    },
  };
  root.MonevOfflinePages = pages;
})(typeof self !== 'undefined' ? self : this);
