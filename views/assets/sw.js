/*
 * Monev service worker (issue 15), loaded by GET /sw.js after its asset list (MONEV_SHELL,
 * MONEV_PAGES) and views/assets/offline-store.js. What it does, and nothing else:
 *  - keeps the app shell (CSS, the form scripts) and two pages for when the network is gone;
 *  - navigations: the network first; a page of a response the operator marked "tersedia
 *    offline" is kept up to date in that account's cache and served from it when offline;
 *    any other page offline shows /offline;
 *  - sign-out (POST /logout): with changes still queued it first asks (GET /keluar); then the
 *    account's offline data is removed from this device; a sign-out made offline is sent to the
 *    server when the network returns.
 * The queue itself is sent by the pages (fill.js), never from here: no request leaves this
 * worker that a page did not ask for, except that pending sign-out.
 */
/* global MonevStore, MONEV_SHELL, MONEV_PAGES */
'use strict';

var SHELL_CACHE = 'monev-shell-' + hash(MONEV_SHELL.join(' '));
var USER_CACHE_PREFIX = 'monev-u-';

function hash(text) {
  var h = 0x811c9dc5;
  for (var i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h.toString(36);
}

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) {
    return cache.addAll(MONEV_SHELL).then(function () {
      // the fallback pages as anyone sees them (no session, no name in the header)
      return Promise.all(MONEV_PAGES.map(function (url) {
        return fetch(url, { credentials: 'omit' }).then(function (res) { if (res.ok) return cache.put(url, res); });
      }));
    });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf('monev-shell-') === 0 && n !== SHELL_CACHE; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function userCaches() {
  return caches.keys().then(function (names) { return names.filter(function (n) { return n.indexOf(USER_CACHE_PREFIX) === 0; }); });
}

function pathOf(url) {
  var u = new URL(url);
  return u.origin + u.pathname;
}

/** An offline copy of `url` from any account's cache on this device (pages carry their account). */
function cachedPage(url) {
  return userCaches().then(function (names) {
    return names.reduce(function (found, name) {
      return found.then(function (hit) { return hit || caches.open(name).then(function (c) { return c.match(pathOf(url)); }); });
    }, Promise.resolve(undefined));
  });
}

/** A fresh copy of a page that is kept offline replaces the old one, in the cache of the account it belongs to. */
function refreshCopies(url, response) {
  return Promise.all([userCaches(), response.text()]).then(function (both) {
    var names = both[0], html = both[1];
    return Promise.all(names.map(function (name) {
      var user = name.slice(USER_CACHE_PREFIX.length);
      if (html.indexOf('data-user="' + user + '"') === -1) return null;
      return caches.open(name).then(function (c) {
        return c.match(pathOf(url)).then(function (old) {
          if (!old) return null;
          var headers = new Headers(response.headers); // the CSP and the type stay with the copy
          headers.delete('content-length');
          headers.delete('content-encoding');
          return c.put(pathOf(url), new Response(html, { headers: headers }));
        });
      });
    }));
  }).catch(function () { /* a failed refresh keeps the older copy */ });
}

/** A sign-out that happened offline reaches the server before anything else does. */
function sendPendingLogout() {
  return MonevStore.takePendingLogout().then(function (token) {
    if (!token) return null;
    var body = new URLSearchParams({ _csrf: token });
    return fetch('/logout', { method: 'POST', body: body, credentials: 'same-origin', redirect: 'manual' }).catch(function () {
      return MonevStore.setPendingLogout(token);
    });
  }).catch(function () { return null; });
}

function navigate(event) {
  var request = event.request;
  return sendPendingLogout().then(function () {
    return fetch(request).then(function (response) {
      var url = new URL(request.url);
      var html = (response.headers.get('content-type') || '').indexOf('text/html') === 0;
      if (response.ok && !response.redirected && html && url.search === '') event.waitUntil(refreshCopies(request.url, response.clone()));
      return response;
    }, function () {
      return cachedPage(request.url).then(function (hit) { return hit || caches.match('/offline'); }).then(function (page) {
        return page || Response.error();
      });
    });
  });
}

function signOut(request) {
  return request.clone().formData().then(function (form) {
    var user = String(form.get('u') || '');
    var confirmed = form.get('konfirmasi') === '1';
    var pending = user ? MonevStore.pendingCount(user) : Promise.resolve(0);
    return pending.then(function (n) {
      if (n > 0 && !confirmed) return Response.redirect('/keluar?n=' + n, 303);
      return (user ? MonevStore.clearUser(user) : Promise.resolve()).then(function () {
        return fetch(request).catch(function () {
          return MonevStore.setPendingLogout(String(form.get('_csrf') || '')).then(function () {
            return caches.match('/offline/keluar').then(function (page) { return page || Response.error(); });
          });
        });
      });
    });
  }, function () { return fetch(request); });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && url.pathname === '/logout' && request.mode === 'navigate') {
    event.respondWith(signOut(request));
    return;
  }
  if (request.method !== 'GET') return;
  if (url.pathname.indexOf('/assets/') === 0 && url.searchParams.has('v')) {
    // content-hashed: a cached copy is the right one
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
    return;
  }
  if (request.mode === 'navigate') event.respondWith(navigate(event));
});
