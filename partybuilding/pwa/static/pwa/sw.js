// The phone app's service worker (served at /sw.js by pwa/views.py, which puts SETUP above:
// the version, the shell's addresses, the offline page and the list of pages to keep).
//
// - The shell (stylesheet, scripts, icons) is kept when the worker installs and read from the
//   device first.
// - Pages go to the network first. A page the device keeps (the list of /offline/pages.json,
//   fetched when a signed-in page asks) is refreshed by every visit and shown from the device
//   when the network fails; any other page shows the offline page instead.
// - Nothing is kept for a visitor, and signing out (or another user signing in) forgets the
//   pages kept for the previous user.
/* global SETUP */
"use strict";

const SHELL_CACHE = "shell-" + SETUP.version;
const PAGES_CACHE = "pages";
const OWNER = new Request("/offline/owner"); // the key of the user whose pages are kept
// Pages vary by cookie and language; the device keeps one copy of each, its user's.
const MATCH = { ignoreVary: true };

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) { return cache.addAll(SETUP.shell); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (n) { return n.startsWith("shell-") && n !== SHELL_CACHE; }).map(function (n) { return caches.delete(n); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

function sameOrigin(url) { return url.origin === self.location.origin; }

async function fromShell(request) {
  const hit = await caches.match(request, { cacheName: SHELL_CACHE, ignoreVary: true });
  return hit || fetch(request);
}

async function networkFirst(request) {
  const cache = await caches.open(PAGES_CACHE);
  try {
    const response = await fetch(request);
    // Only a page already on the list is refreshed: the list says what the device keeps.
    if (response.ok && !response.redirected && (await cache.match(request, MATCH))) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(request, MATCH);
    if (kept) return kept;
    if (request.mode === "navigate") {
      const offline = await cache.match(SETUP.offline, MATCH);
      if (offline) return offline;
    }
    throw error;
  }
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || !sameOrigin(url) || url.pathname.startsWith("/api/")) return;
  if (SETUP.shell.includes(url.pathname)) event.respondWith(fromShell(request));
  else event.respondWith(networkFirst(request));
});

// Keep the pages of the list (dropping the rest); a new user's list first forgets the old one's.
async function keep() {
  const response = await fetch(SETUP.pages, { credentials: "same-origin", cache: "no-store" });
  if (!response.ok) return { kept: 0 };
  const list = await response.json();
  const cache = await caches.open(PAGES_CACHE);
  const owner = await cache.match(OWNER);
  if (!list.user || (owner && (await owner.text()) !== list.user)) {
    await caches.delete(PAGES_CACHE);
    if (!list.user) return { kept: 0 };
    return keep();
  }
  await cache.put(OWNER, new Response(list.user));
  const wanted = new Set(list.pages.map(function (p) { return new URL(p, self.location.origin).href; }));
  for (const request of await cache.keys()) {
    if (request.url !== OWNER.url && !wanted.has(request.url)) await cache.delete(request);
  }
  let kept = 0;
  for (const page of list.pages) {
    try {
      const got = await fetch(page, { credentials: "same-origin" });
      if (got.ok && !got.redirected) { await cache.put(page, got); kept += 1; }
    } catch (error) { /* the connection dropped: the next visit keeps the rest */ }
  }
  return { kept: kept };
}

self.addEventListener("message", function (event) {
  const port = event.ports && event.ports[0];
  const done = function (result) { if (port) port.postMessage(result); };
  if (event.data === "keep") event.waitUntil(keep().then(done, function () { done({ kept: 0 }); }));
  if (event.data === "forget") event.waitUntil(caches.delete(PAGES_CACHE).then(function () { done({ forgotten: true }); }));
});
