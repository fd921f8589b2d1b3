// The phone app's service worker (served at /sw.js by pwa/views.py, which puts SETUP above:
// the version, the shell's addresses, the offline page and the list of what to keep).
//
// - The shell (stylesheet, scripts, icons) is kept when the worker installs and read from the
//   device first.
// - Pages go to the network first. A page on the user's list (/offline/pages.json, asked for
//   when a signed-in page loads) is kept from each visit and shown from the device when the
//   network fails; any other page shows the offline page instead. The worker never fetches a
//   page by itself: rendering one may use up the user's messages or race with what they do.
//   It fetches ahead only the files of the coming meetings.
// - Nothing is kept for a visitor, and signing out (or another user signing in) forgets what
//   was kept for the previous user.
/* global SETUP */
"use strict";

const SHELL_CACHE = "shell-" + SETUP.version;
const PAGES_CACHE = "pages";
const LIST = new Request("/offline/list"); // the list last asked for: its user's key, pages, files
let listed = null; // that list, once read
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

async function theList(cache) {
  if (listed === null) {
    const kept = await cache.match(LIST);
    listed = kept ? await kept.json() : { user: "", pages: [], ahead: [] };
  }
  return listed;
}

async function networkFirst(request) {
  const cache = await caches.open(PAGES_CACHE);
  try {
    const response = await fetch(request);
    const url = new URL(request.url);
    const list = await theList(cache);
    if (response.ok && !response.redirected && list.pages.includes(url.pathname + url.search)) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(request, MATCH);
    if (kept) return kept;
    if (request.mode === "navigate") {
      const offline = await caches.match(SETUP.offline, { cacheName: SHELL_CACHE, ignoreVary: true });
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

// Take the user's list: a new user's first forgets the previous one's; what left the list is
// dropped; the meeting files are fetched ahead.
async function keep() {
  const response = await fetch(SETUP.pages, { credentials: "same-origin", cache: "no-store", redirect: "manual" });
  if (!response.ok) return { kept: 0 };
  const list = await response.json();
  let cache = await caches.open(PAGES_CACHE);
  const before = await theList(cache);
  if (!list.user || (before.user && before.user !== list.user)) {
    await caches.delete(PAGES_CACHE);
    listed = null;
    if (!list.user) return { kept: 0 };
    cache = await caches.open(PAGES_CACHE);
  }
  await cache.put(LIST, new Response(JSON.stringify(list)));
  listed = list;
  const wanted = new Set(list.pages.concat(list.ahead).map(function (p) { return new URL(p, self.location.origin).href; }));
  for (const request of await cache.keys()) {
    if (request.url !== LIST.url && !wanted.has(request.url)) await cache.delete(request);
  }
  for (const address of list.ahead) {
    try {
      // A redirect means the session ended meanwhile: stop, without following it to the
      // sign-in page (whose answer would set a new CSRF cookie under the user's form).
      const got = await fetch(address, { credentials: "same-origin", redirect: "manual" });
      if (got.type === "opaqueredirect") break;
      if (got.ok) await cache.put(address, got);
    } catch (error) { /* the connection dropped: the next visit fetches the rest */ }
  }
  return { kept: list.pages.length + list.ahead.length };
}

self.addEventListener("message", function (event) {
  const port = event.ports && event.ports[0];
  const done = function (result) { if (port) port.postMessage(result); };
  if (event.data === "keep") event.waitUntil(keep().then(done, function () { done({ kept: 0 }); }));
  if (event.data === "forget") {
    listed = null;
    event.waitUntil(caches.delete(PAGES_CACHE).then(function () { done({ forgotten: true }); }));
  }
});
