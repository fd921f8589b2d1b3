// The secretary's screens that work without a connection (pwa/attendance.html, pwa/cash.html).
// A mark or a payment goes into the device's outbox (IndexedDB) at once, then to the server
// when the connection allows: on opening the page, when the browser comes back online, every
// 30 seconds, and on "Send now". The server records each once (a mark by its client id, a
// payment by its submission), so sending again after a lost answer is harmless. What the
// server refuses or settles differently (the same member marked on another device) stays on
// the screen with the server's reason until the secretary has read it.
"use strict";
(function () {
  const box = document.querySelector("[data-outbox]");
  if (!box || !window.indexedDB) return;
  const say = box.dataset; // the page's translated texts: data-say-*
  const user = box.dataset.user;
  const csrf = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  const SEND_EVERY_MS = 30000;
  let sending = false;

  // --- the outbox ---------------------------------------------------------------------------
  function database() {
    return new Promise(function (resolve, reject) {
      const opening = indexedDB.open("partybuilding-outbox", 1);
      opening.onupgradeneeded = function () { opening.result.createObjectStore("entries", { keyPath: "id" }); };
      opening.onsuccess = function () { resolve(opening.result); };
      opening.onerror = function () { reject(opening.error); };
    });
  }
  function withStore(mode, work) {
    return database().then(function (db) {
      return new Promise(function (resolve, reject) {
        const tx = db.transaction("entries", mode);
        const request = work(tx.objectStore("entries"));
        tx.oncomplete = function () { resolve(request ? request.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  function entries() {
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (all) {
      return all.filter(function (e) { return e.user === user && e.page === box.dataset.page; });
    });
  }
  function save(entry) { return withStore("readwrite", function (store) { return store.put(entry); }); }
  function drop(id) { return withStore("readwrite", function (store) { return store.delete(id); }); }

  // --- what the screen shows ------------------------------------------------------------------
  function showConnection() {
    const badge = box.querySelector("[data-connection]");
    badge.textContent = navigator.onLine ? say.sayOnline : say.sayOffline;
    badge.classList.toggle("offline", !navigator.onLine);
  }
  function show() {
    showConnection();
    return entries().then(function (all) {
      const waiting = all.filter(function (e) { return e.state === "waiting"; });
      box.querySelector("[data-outbox-status]").textContent = waiting.length
        ? say.sayWaiting.replace("{n}", waiting.length)
        : say.saySent;
      box.dataset.waiting = String(waiting.length);
      const problems = box.querySelector("[data-outbox-problems]");
      problems.replaceChildren();
      all.filter(function (e) { return e.state !== "waiting"; }).forEach(function (e) {
        const item = document.createElement("li");
        item.className = e.state;
        item.dataset.testid = "outbox-" + e.state;
        const what = document.createElement("strong");
        what.textContent = e.state === "conflict" ? say.sayConflict : say.sayRefused;
        item.append(what, " — " + e.label + ": " + e.message + " ");
        const ok = document.createElement("button");
        ok.type = "button";
        ok.className = "secondary";
        ok.textContent = say.sayDismiss;
        ok.addEventListener("click", function () { drop(e.id).then(show); });
        item.appendChild(ok);
        problems.appendChild(item);
      });
      waiting.forEach(function (e) { page.pending(e); });
    });
  }

  // --- sending ----------------------------------------------------------------------------------
  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body),
    });
  }
  function problem(entry, state, message) {
    entry.state = state;
    entry.message = message;
    return save(entry);
  }
  // A refusal the user cannot fix by waiting (a rule, a member not expected) is shown; a lost
  // session waits for the user to sign in again; a lost connection waits for the next try.
  function answered(response) {
    if (response.status === 401 || response.status === 403) {
      box.querySelector("[data-outbox-status]").textContent = say.saySignIn;
      throw new Error("signed out");
    }
    return response.json().then(function (data) { return { status: response.status, data: data }; });
  }
  function sendMarks(marks) {
    const byId = {};
    marks.forEach(function (e) { byId[e.id] = e; });
    return post(box.dataset.url, { marks: marks.map(function (e) { return e.body; }) }).then(answered).then(function (got) {
      if (got.status !== 200) return Promise.all(marks.map(function (e) { return problem(e, "refused", got.data.detail || ""); }));
      return Promise.all(got.data.results.map(function (result) {
        const entry = byId[result.client_id];
        if (!entry) return null;
        page.settled(entry, result.presence);
        if (result.status === "applied" || result.status === "duplicate") return drop(entry.id);
        return problem(entry, result.status === "conflict" ? "conflict" : "refused", result.message || "");
      }));
    });
  }
  function sendPayment(entry) {
    return post(box.dataset.url, entry.body).then(answered).then(function (got) {
      if (got.status === 200 || got.status === 201) { page.settled(entry); return drop(entry.id); }
      return problem(entry, "refused", got.data.detail || "");
    });
  }
  function send() {
    if (sending || !navigator.onLine) return show();
    sending = true;
    return entries()
      .then(function (all) {
        const waiting = all.filter(function (e) { return e.state === "waiting"; });
        if (!waiting.length) return null;
        if (box.dataset.kind === "mark") return sendMarks(waiting.slice(0, 500));
        return waiting.reduce(function (chain, e) { return chain.then(function () { return sendPayment(e); }); }, Promise.resolve());
      })
      .catch(function () { /* offline or signed out: the entries wait */ })
      .then(function () { sending = false; return show(); });
  }

  // --- the two screens --------------------------------------------------------------------------
  function uuid() { return crypto.randomUUID(); }
  function today() {
    const d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  function device() {
    let name = localStorage.getItem("device-name");
    if (!name) {
      name = say.sayDevice + " " + uuid().slice(0, 4).toUpperCase();
      localStorage.setItem("device-name", name);
    }
    return name;
  }
  function rowOf(memberId) { return document.querySelector("[data-member='" + memberId + "']"); }

  const attendance = {
    // The buttons show the member's presence: the server's, or the one waiting to be sent.
    pending: function (entry) { attendance.paint(rowOf(entry.body.member_id), entry.body.presence, true); },
    settled: function (entry, presence) { if (presence) attendance.paint(rowOf(entry.body.member_id), presence, false); },
    paint: function (row, presence, waiting) {
      if (!row) return;
      row.dataset.presence = presence;
      row.querySelectorAll("[data-mark]").forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.mark === presence)); });
      row.querySelector("[data-mark-state]").textContent = waiting ? say.sayNotSent : "";
    },
    mark: function (row, presence) {
      let reason = "";
      if (presence === "excused") {
        reason = (window.prompt(say.sayReason, "") || "").trim();
        if (!reason) return Promise.resolve();
      }
      const memberId = Number(row.dataset.member);
      const entry = {
        id: uuid(), user: user, page: box.dataset.page, kind: "mark", state: "waiting", message: "",
        label: row.querySelector(".name").textContent,
        body: { client_id: "", member_id: memberId, presence: presence, reason: reason, marked_at: new Date().toISOString(), device: device() },
      };
      entry.body.client_id = entry.id;
      // The latest tap for a member replaces the one still waiting: only it is sent.
      return entries()
        .then(function (all) {
          return Promise.all(all.filter(function (e) { return e.state === "waiting" && e.body.member_id === memberId; }).map(function (e) { return drop(e.id); }));
        })
        .then(function () { return save(entry); })
        .then(function () { attendance.paint(row, presence, true); return send(); });
    },
  };

  const cash = {
    pending: function (entry) {
      const row = rowOf(entry.body.payments[0].member_id);
      if (row) row.querySelector("[data-mark-state]").textContent = say.sayNotSent;
    },
    settled: function (entry) {
      const row = rowOf(entry.body.payments[0].member_id);
      if (row) row.querySelector("[data-mark-state]").textContent = say.sayRecorded;
    },
    record: function (row) {
      const input = row.querySelector("input[data-amount]");
      const amount = Number((input.value || "").replace(/[^0-9]/g, ""));
      if (!amount) { input.focus(); return Promise.resolve(); }
      const id = uuid();
      const entry = {
        id: id, user: user, page: box.dataset.page, kind: "payment", state: "waiting", message: "",
        label: row.querySelector(".name").textContent,
        body: {
          submission: id, source: "cash",
          payments: [{ member_id: Number(row.dataset.member), month: box.dataset.month, amount: amount, paid_on: today() }],
        },
      };
      input.value = "";
      return save(entry).then(function () { cash.pending(entry); return send(); });
    },
  };

  const page = box.dataset.kind === "mark" ? attendance : cash;
  document.addEventListener("click", function (event) {
    const mark = event.target.closest("[data-mark]");
    if (mark && box.dataset.kind === "mark") attendance.mark(mark.closest("[data-member]"), mark.dataset.mark);
    const pay = event.target.closest("[data-pay]");
    if (pay && box.dataset.kind === "payment") cash.record(pay.closest("[data-member]"));
    if (event.target.closest("[data-outbox-send]")) send();
  });
  window.addEventListener("online", send);
  window.addEventListener("offline", showConnection);
  setInterval(send, SEND_EVERY_MS);
  send();
})();
