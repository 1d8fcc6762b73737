// Renders one page of documents at a time from the JSON blocks in the page, so a report of
// 10,000 documents opens: only the visible page is parsed and put into the DOM. All corpus
// text goes in through textContent / dataset, never innerHTML: the text is untrusted.
(function () {
  "use strict";
  const RANK = { content: 0, scope: 1, source: 2, cue: 3, hedge: 4 };
  const pageSize = Number(document.body.dataset.pageSize);
  const blocks = document.querySelectorAll("script.doc-page");
  const index = JSON.parse(document.getElementById("doc-index").textContent);
  const byId = new Map(index.map((entry, i) => [entry[0], i]));
  const list = document.getElementById("doc-list");
  const label = document.getElementById("page-label");
  const detail = document.getElementById("detail");
  const cache = new Map();
  let current = -1;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function loadPage(p) {
    if (!cache.has(p)) cache.set(p, JSON.parse(blocks[p].textContent));
    return cache.get(p);
  }

  function slice(doc, pair) {
    return pair ? doc.text.slice(pair[0], pair[1]) : null;
  }

  function spansOf(doc) {
    const out = [];
    for (const a of doc.a) {
      if (a.con) out.push({ s: a.con[0], e: a.con[1], cls: "content", key: a.id + ".content", att: a.id });
      if (a.src) out.push({ s: a.src[0], e: a.src[1], cls: "source", key: a.id + ".source", att: a.id });
      out.push({ s: a.cue[0], e: a.cue[1], cls: "cue", key: a.id + ".cue", att: a.id });
    }
    for (const h of doc.h) {
      if (h.scope) out.push({ s: h.scope[0], e: h.scope[1], cls: "scope", key: h.id + ".scope", hedge: h.id });
      out.push({ s: h.cue[0], e: h.cue[1], cls: "hedge", key: h.id + ".cue", hedge: h.id });
    }
    return out.filter((s) => s.e > s.s);
  }

  // Who a claim's source really is: the speaker (canonical name) when there is one and it is not
  // just the source again, else the mention a pronoun was resolved to.
  function refersTo(doc, a) {
    const src = slice(doc, a.src);
    if (a.spk && a.spk !== src) return a.spk;
    return a.spk ? null : a.res;
  }

  function hoverText(doc, a) {
    const who = slice(doc, a.src) || "(no source)";
    const claim = slice(doc, a.con) || "";
    const real = refersTo(doc, a);
    return who + (real ? " = " + real : "") + " [" + (a.st || "untyped") + "] " + slice(doc, a.cue) + ": " + claim;
  }

  // Boundary sweep: at each span boundary, close the marks that end there (reopening any inner
  // ones that go on) and open those that start, longest first, so overlapping spans nest.
  function renderText(doc, container) {
    const spans = spansOf(doc);
    const atts = new Map(doc.a.map((a) => [a.id, a]));
    const hedges = new Map(doc.h.map((h) => [h.id, h]));
    const points = new Set([0, doc.text.length]);
    const starting = new Map();
    for (const s of spans) {
      points.add(s.s);
      points.add(s.e);
      if (!starting.has(s.s)) starting.set(s.s, []);
      starting.get(s.s).push(s);
    }
    const sorted = Array.from(points).sort((x, y) => x - y);
    const stack = [];
    const top = () => (stack.length ? stack[stack.length - 1].node : container);
    const open = (span) => {
      const m = el("mark", "hl " + span.cls);
      m.dataset.key = span.key;
      if (span.att) {
        m.dataset.att = span.att;
        m.title = hoverText(doc, atts.get(span.att));
      } else {
        const h = hedges.get(span.hedge);
        m.dataset.hedge = span.hedge;
        m.title = "hedge (" + h.kind + "): " + slice(doc, h.cue);
      }
      top().appendChild(m);
      stack.push({ span: span, node: m });
    };
    for (let k = 0; k < sorted.length; k++) {
      const b = sorted[k];
      const low = stack.findIndex((x) => x.span.e === b);
      if (low >= 0) {
        const popped = stack.splice(low);
        for (const x of popped) if (x.span.e !== b) open(x.span);
      }
      const starts = (starting.get(b) || []).slice().sort((x, y) => y.e - x.e || RANK[x.cls] - RANK[y.cls]);
      starts.forEach(open);
      if (k + 1 < sorted.length && sorted[k + 1] > b) {
        top().appendChild(document.createTextNode(doc.text.slice(b, sorted[k + 1])));
      }
    }
  }

  function reviewBadge(review) {
    const badge = el("span", "badge " + review.status, review.status);
    const bits = [];
    if (review.annotators && review.annotators.length) bits.push("by " + review.annotators.join(", "));
    if (review.updated_at) bits.push(review.updated_at);
    if (review.note) bits.push("note: " + review.note);
    badge.title = bits.join(" · ");
    badge.dataset.review = review.status;
    return badge;
  }

  function renderDoc(doc) {
    const art = el("article", "doc");
    art.id = "doc-" + doc.i;
    art.dataset.docId = doc.id;
    const head = el("header");
    head.appendChild(el("h3", null, doc.title || doc.id));
    head.appendChild(el("span", "doc-id", doc.id));
    if (doc.review) {
      head.appendChild(reviewBadge(doc.review));
      if (doc.review.annotators && doc.review.annotators.length) {
        head.appendChild(el("span", "muted reviewers", "reviewed by " + doc.review.annotators.join(", ")));
      }
    } else {
      head.appendChild(el("span", "badge", "not reviewed"));
    }
    head.appendChild(el("span", "muted", doc.a.length + " claims · " + doc.h.length + " hedges"));
    art.appendChild(head);
    const body = el("div", "doc-body");
    const text = el("div", "text");
    renderText(doc, text);
    body.appendChild(text);
    const claims = el("ol", "claims");
    for (const a of doc.a) {
      const li = el("li");
      li.dataset.att = a.id;
      const real = refersTo(doc, a);
      li.appendChild(el("span", "who", (slice(doc, a.src) || "(no source)") + (real ? " (= " + real + ")" : "")));
      if (a.spk) li.dataset.speaker = a.spk;
      li.appendChild(document.createTextNode(" " + slice(doc, a.cue) + " · " + (a.st || "untyped") + (a.qt ? " · " + a.qt : "")));
      const claim = slice(doc, a.con);
      if (claim) li.appendChild(el("div", "muted", claim.length > 160 ? claim.slice(0, 157) + "…" : claim));
      claims.appendChild(li);
    }
    body.appendChild(claims);
    if (doc.u && doc.u.length) {
      const unsourced = el("section", "unsourced");
      unsourced.appendChild(el("h4", null, doc.u.length + " check-worthy claims with no source"));
      const list = el("ol");
      for (const c of doc.u) {
        const li = el("li", null, slice(doc, c.span));
        li.dataset.claim = c.id;
        li.appendChild(el("span", "muted", " · " + c.kind + " · " + c.sc.toFixed(2)));
        list.appendChild(li);
      }
      unsourced.appendChild(list);
      body.appendChild(unsourced);
    }
    art.appendChild(body);
    art._doc = doc;
    return art;
  }

  function showPage(p) {
    p = Math.max(0, Math.min(blocks.length - 1, p));
    if (p === current || blocks.length === 0) return;
    current = p;
    list.replaceChildren(...loadPage(p).map(renderDoc));
    label.textContent = "page " + (p + 1) + " of " + blocks.length;
  }

  function goToDoc(i) {
    showPage(Math.floor(i / pageSize));
    const target = document.getElementById("doc-" + i);
    if (target) target.scrollIntoView();
  }

  function row(dl, name, value) {
    if (value === null || value === undefined || value === "") return;
    dl.appendChild(el("dt", null, name));
    dl.appendChild(el("dd", null, String(value)));
  }

  function select(art, attId, hedgeId) {
    document.querySelectorAll(".active").forEach((n) => n.classList.remove("active"));
    const doc = art._doc;
    const dl = el("dl");
    if (attId) {
      const a = doc.a.find((x) => x.id === attId);
      art.querySelectorAll('mark[data-att="' + CSS.escape(attId) + '"], li[data-att="' + CSS.escape(attId) + '"]').forEach((n) => n.classList.add("active"));
      row(dl, "source", slice(doc, a.src) || "(no source: agentless)");
      row(dl, "speaker", a.spk);
      row(dl, "refers to", a.res);
      row(dl, "type", a.st || "untyped");
      row(dl, "quote", a.qt);
      row(dl, "cue", slice(doc, a.cue));
      row(dl, "claim", slice(doc, a.con));
      const hs = doc.h.filter((h) => a.h.includes(h.id)).map((h) => slice(doc, h.cue) + " (" + h.kind + ")");
      row(dl, "hedged by", hs.join("; "));
      row(dl, "score", a.sc);
      row(dl, "id", a.id);
    } else {
      const h = doc.h.find((x) => x.id === hedgeId);
      art.querySelectorAll('mark[data-hedge="' + CSS.escape(hedgeId) + '"]').forEach((n) => n.classList.add("active"));
      row(dl, "hedge", slice(doc, h.cue));
      row(dl, "kind", h.kind);
      row(dl, "weakens", slice(doc, h.scope));
      row(dl, "score", h.sc);
      row(dl, "id", h.id);
    }
    const close = el("button", null, "close");
    close.type = "button";
    close.addEventListener("click", () => { detail.hidden = true; });
    detail.replaceChildren(close, el("h3", null, doc.title || doc.id), dl);
    detail.dataset.att = attId || "";
    detail.dataset.hedge = hedgeId || "";
    detail.hidden = false;
  }

  list.addEventListener("click", (event) => {
    const hit = event.target.closest("mark[data-att], mark[data-hedge], li[data-att]");
    if (!hit) return;
    const art = hit.closest("article.doc");
    if (hit.dataset.att) select(art, hit.dataset.att, null);
    else select(art, null, hit.dataset.hedge);
  });
  document.getElementById("prev").addEventListener("click", () => showPage(current - 1));
  document.getElementById("next").addEventListener("click", () => showPage(current + 1));
  document.getElementById("find-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const wanted = document.getElementById("find").value.trim();
    const status = document.getElementById("find-status");
    if (byId.has(wanted)) {
      status.textContent = "";
      goToDoc(byId.get(wanted));
    } else {
      status.textContent = "no document with that id";
    }
  });
  document.querySelectorAll("a[data-doc]").forEach((a) =>
    a.addEventListener("click", (event) => {
      event.preventDefault();
      goToDoc(Number(a.dataset.doc));
    })
  );
  const fromHash = /^#doc-(\d+)$/.exec(location.hash);
  if (fromHash) goToDoc(Number(fromHash[1]));
  else showPage(0);
})();
