// Drives a mojifix review page in headless Chromium over the DevTools protocol. No npm
// packages: Node 20's WebSocket (node --experimental-websocket) and fetch are enough.
//
//   node --experimental-websocket drive.mjs review --chromium PATH --page FILE
//        --expect expect.json --downloads DIR --screenshot OUT.png
//     opens the page, checks the counts it shows against expect.json, filters by a chain,
//     rejects one change with the keyboard (j, x), exports the decisions with the Export
//     button (a real mouse click) and prints {"rejected": {...}, "open_ms": N} on stdout.
//
//   node --experimental-websocket drive.mjs measure --chromium PATH --page FILE
//     opens the page and prints how long it took to be usable.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, readFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--remote-debugging-port=0", "--window-size=1280,900", "--hide-scrollbars",
];

function args() {
  const [mode, ...rest] = process.argv.slice(2);
  const out = { mode };
  for (let i = 0; i < rest.length; i += 2) out[rest[i].replace(/^--/, "")] = rest[i + 1];
  return out;
}

function fail(message) {
  console.error("drive.mjs: " + message);
  process.exit(1);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/// Starts Chromium on about:blank; resolves with the process and the browser's ws URL.
function launch(chromium, profile) {
  return new Promise((resolveLaunch, reject) => {
    const child = spawn(chromium, [...FLAGS, `--user-data-dir=${profile}`, "about:blank"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    const timer = setTimeout(() => reject(new Error("no DevTools URL after 30 s:\n" + err)), 30000);
    child.stderr.on("data", (d) => {
      err += d;
      const m = err.match(/DevTools listening on (ws:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolveLaunch({ child, ws: m[1] });
      }
    });
    child.on("exit", (code) => reject(new Error(`chromium exited (${code}):\n${err}`)));
  });
}

/// A DevTools connection: send(method, params) → result; on(event, fn).
async function connect(url) {
  const ws = new WebSocket(url);
  await new Promise((r, j) => { ws.onopen = r; ws.onerror = () => j(new Error("cannot connect to " + url)); });
  let next = 1;
  const pending = new Map();
  const listeners = new Map();
  ws.onmessage = (ev) => {
    const msg = JSON.parse(ev.data);
    if (msg.id && pending.has(msg.id)) {
      const { resolve: ok, reject: ko } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) ko(new Error(JSON.stringify(msg.error))); else ok(msg.result);
    } else if (msg.method) {
      (listeners.get(msg.method) || []).forEach((fn) => fn(msg.params, msg.sessionId));
    }
  };
  return {
    send(method, params = {}, sessionId) {
      const id = next++;
      ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
      return new Promise((ok, ko) => pending.set(id, { resolve: ok, reject: ko }));
    },
    on(method, fn) {
      if (!listeners.has(method)) listeners.set(method, []);
      listeners.get(method).push(fn);
    },
    close() { ws.close(); },
  };
}

/// Opens `file` in a new tab; returns {cdp, session, eval, openMs}.
async function open(cdp, file) {
  const { targetId } = await cdp.send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await cdp.send("Target.attachToTarget", { targetId, flatten: true });
  const send = (m, p) => cdp.send(m, p, sessionId);
  const evaluate = async (expression) => {
    const r = await send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(expression + ": " + JSON.stringify(r.exceptionDetails));
    return r.result.value;
  };
  await send("Page.enable");
  await send("Runtime.enable");
  const started = Date.now();
  await send("Page.navigate", { url: pathToFileURL(resolve(file)).href });
  let ready = null;
  while (Date.now() - started < 120000) {
    ready = await evaluate("window.mojifix ? window.mojifix.ready : null").catch(() => null);
    if (ready != null) break;
    await sleep(50);
  }
  if (ready == null) fail("the page did not become ready in 120 s");
  return { send, evaluate, openMs: Math.round(ready), wallMs: Date.now() - started };
}

async function key(page, k) {
  for (const type of ["keyDown", "keyUp"]) {
    await page.send("Input.dispatchKeyEvent", {
      type, key: k, code: "Key" + k.toUpperCase(), text: type === "keyDown" ? k : undefined,
      windowsVirtualKeyCode: k.toUpperCase().charCodeAt(0),
    });
  }
}

async function click(page, selector) {
  const box = await page.evaluate(`(() => { const r = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()`);
  for (const type of ["mousePressed", "mouseReleased"]) {
    await page.send("Input.dispatchMouseEvent", { type, x: box.x, y: box.y, button: "left", clickCount: 1 });
  }
}

function check(cond, message) {
  if (!cond) fail("check failed: " + message);
}

async function main() {
  const a = args();
  if (!a.chromium || !a.page) fail("usage: drive.mjs review|measure --chromium PATH --page FILE ...");
  const profile = mkdtempSync(join(tmpdir(), "mojifix-chromium-"));
  const { child, ws } = await launch(a.chromium, profile);
  let cdp;
  try {
    cdp = await connect(ws);
    if (a.mode === "measure") {
      const page = await open(cdp, a.page);
      const rows = await page.evaluate("document.querySelectorAll('.row').length");
      const total = await page.evaluate("document.getElementById('count').dataset.total");
      // A filter and a sort over every change, and a jump to the end with the keys.
      const filterMs = await page.evaluate(`(() => { const t = performance.now();
        const s = document.getElementById("f-chain"); s.value = s.options[1].value;
        s.dispatchEvent(new Event("change")); return Math.round(performance.now() - t); })()`);
      const sortMs = await page.evaluate(`(() => { const t = performance.now();
        const s = document.getElementById("f-chain"); s.value = "";
        s.dispatchEvent(new Event("change")); return Math.round(performance.now() - t); })()`);
      const scrollMs = await page.evaluate(`(() => { const t = performance.now();
        const l = document.getElementById("list"); l.scrollTop = l.scrollHeight / 2;
        l.dispatchEvent(new Event("scroll")); return new Promise(r => requestAnimationFrame(() =>
        r(Math.round(performance.now() - t)))); })()`);
      console.log(JSON.stringify({ open_ms: page.openMs, wall_ms: page.wallMs, rows, changes: Number(total),
        filter_ms: filterMs, unfilter_and_sort_ms: sortMs, scroll_ms: scrollMs }));
      return;
    }
    const expect = JSON.parse(readFileSync(a.expect, "utf8"));
    await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: resolve(a.downloads), eventsEnabled: true });
    const page = await open(cdp, a.page);
    const text = (id) => page.evaluate(`document.getElementById(${JSON.stringify(id)}).textContent`);
    // The counts shown.
    check(Number(await text("s-files")) === expect.summary.files, "files");
    check(Number(await text("s-records")) === expect.summary.records, "records");
    check(Number(await text("s-changes")) === expect.summary.changes, "changes card");
    check(Number(await text("s-undecodable")) === expect.summary.undecodable, "undecodable");
    const count = await text("count");
    check(count.startsWith(`showing ${expect.summary.changes} of ${expect.summary.changes} changes`), count);
    const rows = await page.evaluate("document.querySelectorAll('.row').length");
    check(rows > 0 && rows <= 200, `rendered rows ${rows}`);
    // Least sure first.
    const margins = await page.evaluate("window.mojifix.view().map(c => c.m)");
    check(margins.every((m, i) => i === 0 || margins[i - 1] <= m), "sorted by margin");
    // Filter by a chain, through the select.
    const chain = expect.chain;
    await page.evaluate(`(() => { const s = document.getElementById("f-chain"); s.value = ${JSON.stringify(chain)};
      s.dispatchEvent(new Event("change", { bubbles: true })); })()`);
    const filtered = await text("count");
    check(filtered.startsWith(`showing ${expect.by_chain[chain]} of ${expect.summary.changes} changes`), filtered);
    const shownChains = await page.evaluate("Array.from(document.querySelectorAll('.row .chain')).map(e => e.textContent)");
    check(shownChains.length > 0 && shownChains.every((c) => c === chain), "rows of other chains shown");
    // Reject the second change shown: j moves to it, x rejects it.
    await key(page, "j");
    await key(page, "x");
    const picked = await page.evaluate("(() => { const c = window.mojifix.view()[1]; return { id: c.i, path: c.p, record: c.r, field: c.f, before: c.b, after: c.a }; })()");
    const after = await text("count");
    check(after.includes("· 1 rejected ·"), after);
    const marked = await page.evaluate(`document.querySelector('.row[data-id="${picked.id}"]').classList.contains("rejected")`);
    check(marked, "the rejected row is marked");
    if (a.screenshot) {
      const shot = await page.send("Page.captureScreenshot", { format: "png" });
      writeFileSync(a.screenshot, Buffer.from(shot.data, "base64"));
    }
    // Export, with the page's button.
    await click(page, "#export");
    const target = join(a.downloads, "decisions.json");
    for (let i = 0; i < 200 && !existsSync(target); i++) await sleep(50);
    check(existsSync(target), "no decisions.json downloaded; have: " + readdirSync(a.downloads).join(", "));
    await sleep(100);
    console.log(JSON.stringify({ rejected: picked, open_ms: page.openMs }));
  } finally {
    if (cdp) await cdp.send("Browser.close").catch(() => {});
    child.kill();
    await sleep(200);
    rmSync(profile, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e) => fail(e.stack || String(e)));
