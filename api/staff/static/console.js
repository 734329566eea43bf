// The staff console's behaviours. Every change goes to the /v1/admin JSON API with the
// session's CSRF token; text from the server is inserted as text, never as HTML.
"use strict";
(() => {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";
  const POLL_MS = 600; // progress bars move about twice a second without flooding the server
  const $ = (selector, root = document) => root.querySelector(selector);
  const say = (text) => { $("#problem").textContent = ""; $("#status").textContent = text; };
  const complain = (text) => { $("#status").textContent = ""; $("#problem").textContent = text; };

  async function api(method, url, body) {
    const headers = { "X-CSRF-Token": csrf, Accept: "application/json" };
    if (body !== undefined && !(body instanceof FormData)) headers["Content-Type"] = "application/json";
    const init = { method, headers, credentials: "same-origin" };
    if (body !== undefined) init.body = body instanceof FormData ? body : JSON.stringify(body);
    const response = await fetch(url, init);
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.error?.message || `the server answered ${response.status}`);
    return data;
  }

  function element(tag, properties = {}, ...children) {
    const node = Object.assign(document.createElement(tag), properties);
    node.append(...children);
    return node;
  }

  // Poll `url` until `done(data)`, showing progress from `progress(data)` = {done, total, label}.
  function follow(url, done, progress, bar, text) {
    const tick = async () => {
      try {
        const data = await api("GET", url);
        const now = progress(data);
        bar.closest("[hidden]")?.removeAttribute("hidden");
        bar.max = Math.max(now.total, 1); bar.value = now.done;
        text.textContent = now.total ? `${now.label}: ${now.done} of ${now.total}` : "starting…";
        if (done(data)) { location.reload(); return; }
      } catch (error) { complain(`Progress could not be read: ${error.message}`); }
      setTimeout(tick, POLL_MS);
    };
    tick();
  }

  // Documents --------------------------------------------------------------------------------
  const followReindex = () => follow("/v1/admin/status", (s) => !s.reindex_running,
    (s) => s.reindex_progress, $("#reindex-progress"), $("#reindex-text"));

  $("#upload")?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = $("#upload-file").files[0];
    if (!file) { complain("Choose a document to upload."); return; }
    const form = new FormData();
    form.append("file", file);
    say(`Checking ${file.name}…`);
    try {
      const accepted = await api("POST", "/v1/admin/documents", form);
      say(`${accepted.doc_id} passed the checks (${accepted.passages} passages): indexing it…`);
      followReindex();
    } catch (error) { complain(`${file.name} was not added: ${error.message}`); }
  });

  document.querySelectorAll("[data-remove]").forEach((button) => {
    button.addEventListener("click", async () => {
      const docId = button.dataset.remove;
      if (!confirm(`Remove ${docId} from the corpus and the index?`)) return;
      try {
        await api("DELETE", `/v1/admin/documents/${docId.split("/").map(encodeURIComponent).join("/")}`);
        say(`${docId} removed: re-indexing…`);
        followReindex();
      } catch (error) { complain(`${docId} was not removed: ${error.message}`); }
    });
  });
  if ($("#reindex") && !$("#reindex").hidden) followReindex();

  // Feedback inbox ---------------------------------------------------------------------------
  function reviewed(item, text) {
    item.querySelector(".actions").replaceChildren(element("p", { className: "pass" }, text));
    item.querySelector(".picker").hidden = true;
    say(text);
  }

  async function makeCase(item, request) {
    try {
      const made = await api("POST", "/v1/admin/cases", request);
      reviewed(item, made.case ? `Case ${made.case.id} saved (${made.case.category}).`
        : "Marked: the corpus needs a document for this question.");
    } catch (error) { complain(`Not saved: ${error.message}`); }
  }

  function showPassages(item, passages) {
    const results = $(".results", item);
    const name = `cite-${item.dataset.answerId}`;
    const choices = passages.map((passage, n) => element("fieldset", {},
      element("legend", {}, `${n + 1}. ${passage.title}${passage.section ? ` — ${passage.section}` : ""}`),
      ...passage.sentences.map((sentence) => element("label", {},
        element("input", { type: "radio", name, value: JSON.stringify(
          { doc_id: passage.doc_id, start: sentence.start, end: sentence.end }) }),
        ` ${sentence.text}`))));
    const save = element("button", { type: "button", className: "primary" }, "Save the case citing this");
    save.addEventListener("click", () => {
      const chosen = $(`input[name="${name}"]:checked`, item);
      if (!chosen) { complain("Choose the sentence that should have been cited."); return; }
      const category = $("select[name=category]", item)?.value;
      makeCase(item, { answer_id: item.dataset.answerId, action: "evidence",
        passage: JSON.parse(chosen.value), ...(category ? { category } : {}) });
    });
    results.replaceChildren(passages.length ? element("p", {}, "Choose the sentence to cite:")
      : element("p", {}, "Nothing found: try other words."), ...choices, ...(passages.length ? [save] : []));
  }

  document.querySelectorAll("li.item").forEach((item) => {
    const picker = $(".picker", item);
    const opener = $("[data-pick]", item);
    opener?.addEventListener("click", () => {
      picker.hidden = !picker.hidden;
      opener.setAttribute("aria-expanded", String(!picker.hidden));
      if (!picker.hidden) $("input[type=search]", picker).focus();
    });
    $("form.search", item)?.addEventListener("submit", async (event) => {
      event.preventDefault();
      const q = $("input[type=search]", item).value.trim();
      if (!q) return;
      try { showPassages(item, await api("GET", `/v1/admin/passages?q=${encodeURIComponent(q)}`)); }
      catch (error) { complain(`The search failed: ${error.message}`); }
    });
    item.querySelectorAll("[data-mark]").forEach((button) => button.addEventListener("click",
      () => makeCase(item, { answer_id: item.dataset.answerId, action: button.dataset.mark })));
  });

  // Evaluation -------------------------------------------------------------------------------
  const followEval = () => follow("/v1/admin/evals/latest", (r) => !r.running, (r) => r.progress,
    $("#eval-bar"), $("#eval-text"));
  $("#run-eval")?.addEventListener("click", async (event) => {
    event.target.disabled = true;
    try {
      await api("POST", "/v1/admin/evals");
      say("The evaluation is running…");
      followEval();
    } catch (error) { complain(`The run did not start: ${error.message}`); event.target.disabled = false; }
  });
  if ($("#eval-progress") && !$("#eval-progress").hidden) followEval();
})();
