/*
 * <compact-assistant api-base="https://assistant.example.org"></compact-assistant>
 *
 * The Compact assistant's chat widget: one self-contained web component (its CSS is inside),
 * no build step. Include this file with a <script> tag and put the tag on the page. Text from
 * answers and quotes is always inserted as text, never as HTML.
 *
 * Attributes: api-base (the API's base URL; defaults to where this script was loaded from),
 * heading (the title shown above the conversation), mode ("launcher" shows a round button in the
 * bottom-right corner that opens the assistant as a dialog; without it the widget sits in the page),
 * widget-key (the website's public widget key, sent as X-Widget-Key; needed when the API has keys).
 *
 * The conversation id is kept in sessionStorage, so a later page in the same tab shows the
 * conversation so far and continues it.
 */
(() => {
  "use strict";

  const SCRIPT_ORIGIN = (() => {
    try {
      return new URL(document.currentScript.src).origin;
    } catch (_) {
      return window.location.origin;
    }
  })();

  const MESSAGES = {
    unreachable: "The Compact assistant could not be reached. Check your internet connection " +
      "and try again in a moment.",
    tooMany: "You have asked a lot of questions in a short time. Please wait a minute, then try again.",
    notReady: "The Compact assistant is starting up. Please try again in a minute.",
    expired: "Your earlier conversation had expired, so this question started a new one.",
    failed: "Sorry, something went wrong while answering. Please try again.",
    empty: "Please type a question first.",
    refused: "The Compact assistant is not available on this website, so your question could not " +
      "be asked. Please tell the website's owner.",
  };

  const STYLES = `
    :host { display: block; max-width: 44rem; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI",
      Roboto, Arial, sans-serif; color: #1d1d1f; --ca-accent: #00594f; --ca-accent-text: #fff;
      --ca-muted: #545454; --ca-border: #c8c8c8; --ca-soft: #f3f6f5; --ca-warn: #fff4d6; }
    * { box-sizing: border-box; }
    .panel { border: 1px solid var(--ca-border); border-radius: .75rem; background: #fff;
      display: flex; flex-direction: column; overflow: hidden; }
    header { background: var(--ca-accent); color: var(--ca-accent-text); padding: .75rem 1rem;
      display: flex; gap: .5rem; align-items: center; justify-content: space-between; flex-wrap: wrap; }
    h2 { font-size: 1.05rem; margin: 0; }
    header button { background: transparent; color: inherit; border: 1px solid currentColor;
      border-radius: .4rem; padding: .25rem .6rem; font: inherit; font-size: .875rem; cursor: pointer; }
    .intro { margin: 0; padding: .75rem 1rem 0; color: var(--ca-muted); font-size: .9rem; }
    ol.log { list-style: none; margin: 0; padding: .75rem 1rem; display: flex; flex-direction: column;
      gap: .75rem; }
    ol.log:empty { display: none; }
    .question { align-self: flex-end; max-width: 85%; background: var(--ca-accent);
      color: var(--ca-accent-text); padding: .5rem .75rem; border-radius: .75rem .75rem .2rem .75rem;
      overflow-wrap: anywhere; }
    .reply { align-self: stretch; background: var(--ca-soft); padding: .6rem .8rem;
      border-radius: .75rem .75rem .75rem .2rem; overflow-wrap: anywhere; }
    .reply.declined { background: var(--ca-warn); border-left: .3rem solid #b07d00; }
    .reply.error { background: #fde8e8; border-left: .3rem solid #b42318; }
    .label { display: block; font-weight: 600; font-size: .85rem; margin-bottom: .25rem; }
    .answer { margin: 0; }
    .searched { margin: .35rem 0 0; font-size: .8rem; color: var(--ca-muted); }
    button.cite { font: inherit; font-size: .8rem; font-weight: 600; line-height: 1; vertical-align: super;
      margin: 0 .1rem; padding: .2rem .35rem; min-width: 1.75rem; min-height: 1.5rem;
      border: 1px solid var(--ca-accent); border-radius: .3rem; background: #fff;
      color: var(--ca-accent); cursor: pointer; }
    button.cite[aria-expanded="true"] { background: var(--ca-accent); color: var(--ca-accent-text); }
    .source { margin: .5rem 0 0; padding: .5rem .75rem; background: #fff; border: 1px solid var(--ca-border);
      border-radius: .5rem; }
    .source blockquote { margin: 0 0 .4rem; padding-left: .6rem; border-left: .2rem solid var(--ca-accent);
      font-style: italic; white-space: pre-line; }
    .source p { margin: 0; font-size: .85rem; color: var(--ca-muted); }
    .source a, .answer a { color: var(--ca-accent); overflow-wrap: anywhere; }
    .rate { display: flex; align-items: center; gap: .4rem; margin-top: .5rem; font-size: .85rem;
      color: var(--ca-muted); flex-wrap: wrap; }
    .rate button { display: inline-flex; align-items: center; justify-content: center; min-width: 2.75rem;
      min-height: 2.25rem; border: 1px solid #8a8a8a; background: #fff; color: #1d1d1f;
      border-radius: .4rem; cursor: pointer; }
    .rate svg { width: 1.2rem; height: 1.2rem; fill: currentColor; }
    .rate button.down svg { transform: rotate(180deg); }
    .rate button[aria-pressed="true"] { border-color: var(--ca-accent); background: var(--ca-accent);
      color: var(--ca-accent-text); }
    .comment { display: flex; gap: .4rem; margin-top: .4rem; flex-wrap: wrap; }
    .comment input { flex: 1 1 12rem; min-width: 0; }
    .comment input { font: inherit; padding: .4rem .6rem; border: 1px solid #767676; border-radius: .4rem; }
    .comment button { font: inherit; padding: .4rem .8rem; border: 1px solid var(--ca-accent);
      border-radius: .4rem; background: #fff; color: var(--ca-accent); cursor: pointer; }
    form.ask { display: flex; gap: .5rem; padding: .75rem 1rem 1rem; border-top: 1px solid var(--ca-border);
      flex-wrap: wrap; }
    form.ask label { flex-basis: 100%; font-weight: 600; font-size: .9rem; }
    input[type="text"] { flex: 1 1 10rem; min-width: 0; font: inherit; font-size: 1rem; padding: .55rem .7rem;
      border: 1px solid #767676; border-radius: .4rem; }
    button.send { font: inherit; font-weight: 600; padding: .55rem 1rem; border: 0; border-radius: .4rem;
      background: var(--ca-accent); color: var(--ca-accent-text); cursor: pointer; }
    button:disabled { opacity: .6; cursor: progress; }
    .loading { display: flex; align-items: center; gap: .5rem; color: var(--ca-muted); }
    .dots::after { content: "…"; animation: pulse 1.2s infinite; }
    @keyframes pulse { 50% { opacity: .2; } }
    @media (prefers-reduced-motion: reduce) { .dots::after { animation: none; } }
    :focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
    .sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
      clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
    button.launcher { position: fixed; right: 1rem; bottom: 1rem; z-index: 2147483000; width: 3.5rem;
      height: 3.5rem; display: flex; align-items: center; justify-content: center; padding: 0;
      border: 2px solid #fff; border-radius: 50%; background: var(--ca-accent); color: var(--ca-accent-text);
      box-shadow: 0 .25rem .75rem rgba(0, 0, 0, .3); cursor: pointer; }
    button.launcher svg { width: 1.75rem; height: 1.75rem; fill: currentColor; }
    dialog { padding: 0; border: 0; background: transparent; color: inherit; overflow: visible;
      width: min(30rem, calc(100% - 2rem)); max-width: none; max-height: calc(100% - 2rem);
      margin: auto 1rem 1rem auto; }
    dialog[open] { display: flex; flex-direction: column; }
    dialog::backdrop { background: rgba(0, 0, 0, .45); }
    dialog .panel { flex: 1 1 auto; min-height: 0; overflow-y: auto; box-shadow: 0 .5rem 2rem rgba(0, 0, 0, .35); }
    dialog h2 { flex: 1 1 auto; }
    dialog ol.log { flex: 1 1 auto; min-height: 8rem; overflow-y: auto; }
    dialog form.ask { margin-top: auto; }
    @media (max-width: 480px) {
      dialog { inset: 0; width: auto; height: auto; max-height: none; margin: 0; }
      dialog .panel { border: 0; border-radius: 0; box-shadow: none; }
      :host { font-size: .95rem; }
      ol.log { padding: .6rem; }
      .question { max-width: 92%; }
      form.ask { padding: .6rem; }
      button.send { flex: 1 1 100%; }
    }
  `;

  /** An element with attributes and text children (strings become text nodes, never HTML). */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === false || value === null || value === undefined) continue;
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  /** An http(s) URL for a source or a "www." address, or null (never javascript: and the like). */
  function safeUrl(text) {
    const candidate = /^www\./i.test(text) ? `https://${text}` : text;
    try {
      const url = new URL(candidate);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (_) {
      return null;
    }
  }

  /** Text with web addresses turned into links; everything else stays text. */
  function linkified(text) {
    const fragment = document.createDocumentFragment();
    const pattern = /\b(?:https?:\/\/|www\.)[^\s()<>"]+[^\s()<>".,;:!?]/gi;
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      const href = safeUrl(match[0]);
      fragment.append(text.slice(last, match.index));
      fragment.append(href ? el("a", { href, target: "_blank", rel: "noopener noreferrer", text: match[0] })
        : match[0]);
      last = match.index + match[0].length;
    }
    fragment.append(text.slice(last));
    return fragment;
  }

  /** Parse a text/event-stream body, calling onEvent(name, data) for each complete event. */
  async function readEvents(response, onEvent) {
    const handle = (block) => {
      let name = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length) onEvent(name, JSON.parse(data.join("\n")));
    };
    if (!response.body || !response.body.getReader) {
      (await response.text()).split(/\r?\n\r?\n/).forEach(handle);
      return;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      buffer += decoder.decode(value || new Uint8Array(), { stream: !done }).replace(/\r\n/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        handle(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
      if (done) break;
    }
    if (buffer.trim()) handle(buffer);
  }

  /** A decorative 24×24 SVG icon drawn by one path, hidden from assistive technology. */
  function icon(d) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", d);
    svg.append(path);
    return svg;
  }

  /** A thumbs-up icon (the Material "thumb_up" path, Apache-2.0); CSS turns it for thumbs-down. */
  function thumb() {
    return icon("M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79" +
      "-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22" +
      "l3.02-7.05c.09-.23.14-.47.14-.73v-2z");
  }

  /** A speech bubble (the Material "chat" path, Apache-2.0) for the launcher button. */
  function bubble() {
    return icon("M20 2H4c-1.1 0-1.99.9-1.99 2L2 22l4-4h14c1.1 0 2-.9 2-2V4c0-1.1-.9-2-2-2zM6 9h12v2H6V9z" +
      "m8 5H6v-2h8v2zm4-6H6V6h12v2z");
  }

  const STORAGE_KEY = "compact-assistant:conversation";

  /** The conversation id this tab keeps, or null (also when the browser blocks storage). */
  function storedConversation() {
    try {
      return window.sessionStorage.getItem(STORAGE_KEY);
    } catch (_) {
      return null;
    }
  }

  /** Keep the conversation id for this tab's later pages, or forget it (given null). */
  function storeConversation(id) {
    try {
      if (id) window.sessionStorage.setItem(STORAGE_KEY, id);
      else window.sessionStorage.removeItem(STORAGE_KEY);
    } catch (_) { /* storage blocked: the conversation lasts as long as the page */ }
  }

  class HttpError extends Error {
    constructor(status, code, message, retryAfter) {
      super(message);
      this.status = status;
      this.code = code;
      this.retryAfter = retryAfter;
    }
  }

  async function httpError(response) {
    let code = "http_error";
    let message = "";
    try {
      const body = await response.json();
      code = body.error?.code || code;
      message = body.error?.message || "";
    } catch (_) { /* not JSON: keep the defaults */ }
    return new HttpError(response.status, code, message, response.headers.get("Retry-After"));
  }

  /** A call the browser blocked although the API answers: this website's origin is not allowed. */
  class Blocked extends Error {}

  /** Whether the API at `apiBase` answers at all (an opaque no-cors request, nothing read). */
  async function answers(apiBase) {
    try {
      await fetch(`${apiBase}/healthz`, { mode: "no-cors", cache: "no-store" });
      return true;
    } catch (_) {
      return false;
    }
  }

  /** What a visitor is told when a request fails. */
  function explain(error) {
    if (error instanceof Blocked) return MESSAGES.refused;
    if (!(error instanceof HttpError)) return MESSAGES.unreachable;
    if (error.status === 401 || error.status === 403) return MESSAGES.refused;
    if (error.status === 429) {
      const seconds = Number(error.retryAfter);
      return seconds > 0 ? `You have asked a lot of questions in a short time. Please wait ${seconds} ` +
        `second${seconds === 1 ? "" : "s"}, then try again.` : MESSAGES.tooMany;
    }
    if (error.status === 503) return MESSAGES.notReady;
    if (error.status === 422 && error.message) return `That question could not be asked: ${error.message}.`;
    return MESSAGES.failed;
  }

  let uid = 0;

  class CompactAssistant extends HTMLElement {
    static get observedAttributes() { return ["heading", "mode"]; }

    constructor() {
      super();
      this.conversationId_ = storedConversation();
      this.busy = false;
      this.id_ = `ca${++uid}`;
      const root = this.attachShadow({ mode: "open" });
      this.styles_ = el("style", { text: STYLES });
      this.panel = this.build();
      root.append(this.styles_, this.panel);
      this.buildLauncher();
      this.applyMode();
    }

    get apiBase() {
      return (this.getAttribute("api-base") || SCRIPT_ORIGIN).replace(/\/+$/, "");
    }

    /** fetch() from the API, with the widget key when there is one; a call the browser blocked
     *  while the API answers (this website is not allowed) throws Blocked. */
    async api(path, { headers = {}, ...options } = {}) {
      const key = this.getAttribute("widget-key");
      try {
        return await fetch(`${this.apiBase}${path}`,
          { ...options, headers: key ? { ...headers, "X-Widget-Key": key } : headers });
      } catch (error) {
        if (await answers(this.apiBase)) throw new Blocked(error.message);
        throw error;
      }
    }

    /** The conversation being continued; kept for the tab so that later pages continue it too. */
    get conversationId() { return this.conversationId_; }

    set conversationId(id) {
      this.conversationId_ = id || null;
      storeConversation(this.conversationId_);
    }

    attributeChangedCallback(name) {
      if (name === "mode") this.applyMode();
      else if (this.title_) this.title_.textContent = this.getAttribute("heading") || "Ask about the Compact";
    }

    connectedCallback() {
      if (!this.restoring_) this.restoring_ = this.restoreConversation();
    }

    /** The launcher button, the dialog it opens, and the dialog's close button (unplaced until needed). */
    buildLauncher() {
      this.dialog = el("dialog", { id: `${this.id_}-dialog`, "aria-labelledby": this.title_.id,
        "aria-modal": "true" });
      this.opener = el("button", { type: "button", class: "launcher", "aria-label": "Open the Compact assistant",
        "aria-haspopup": "dialog", "aria-expanded": "false", "aria-controls": this.dialog.id }, bubble());
      this.closer = el("button", { type: "button", class: "close", text: "Close" });
      this.opener.addEventListener("click", () => this.openDialog());
      this.closer.addEventListener("click", () => this.dialog.close());
      this.dialog.addEventListener("close", () => this.dialogClosed());
    }

    /** Put the panel in the page (the default), or in a dialog behind a corner button (mode="launcher"). */
    applyMode() {
      const launcher = this.getAttribute("mode") === "launcher";
      if (launcher === this.launcherMode) return;
      this.launcherMode = launcher;
      if (this.dialog.open) this.dialog.close();
      if (launcher) {
        this.dialog.append(this.panel);
        this.reset_.after(this.closer);
        this.panel.removeAttribute("aria-labelledby");  // the dialog is named by the heading instead
        this.shadowRoot.replaceChildren(this.styles_, this.opener, this.dialog);
      } else {
        this.closer.remove();
        this.panel.setAttribute("aria-labelledby", this.title_.id);
        this.shadowRoot.replaceChildren(this.styles_, this.panel);
      }
    }

    /** Open the launcher's dialog with the cursor in the question box. */
    openDialog() {
      if (this.dialog.open) return;
      this.dialog.showModal();
      this.opener.setAttribute("aria-expanded", "true");
      this.input.focus();
      this.scrollToEnd();
    }

    /** After Escape or the Close button, back to the launcher button. */
    dialogClosed() {
      this.opener.setAttribute("aria-expanded", "false");
      this.opener.focus();
    }

    /** Show the conversation this tab had on an earlier page; forget it if the server no longer has it. */
    async restoreConversation() {
      const id = this.conversationId;
      if (!id) return;
      let turns;
      try {
        const response = await this.api(`/v1/conversations/${encodeURIComponent(id)}`,
          { headers: { Accept: "application/json" } });
        const unknown = response.status === 404 || response.status === 422;
        if (unknown && this.conversationId === id) this.conversationId = null;
        if (!response.ok) return;
        ({ turns } = await response.json());
      } catch (_) {
        return;  // not reachable now: the next question still continues the conversation
      }
      if (this.conversationId !== id) return;  // a new conversation was started meanwhile
      this.log.prepend(...turns.flatMap((turn) => this.pastTurn(turn)));
    }

    /** A question and answer from the conversation's history, shown as when they were first given. */
    pastTurn(turn) {
      const reply = el("li", { class: "reply" });
      this.renderAnswer(reply, turn, { quietly: true });
      return [this.questionItem(turn.question), reply];
    }

    /** The visitor's question as it appears in the conversation. */
    questionItem(question) {
      return el("li", { class: "question" }, el("span", { class: "sr-only", text: "You asked: " }), question);
    }

    build() {
      const inputId = `${this.id_}-q`;
      this.title_ = el("h2", { id: `${this.id_}-title`, text: this.getAttribute("heading") || "Ask about the Compact" });
      this.reset_ = el("button", { type: "button", text: "New conversation" });
      this.reset_.addEventListener("click", () => this.newConversation());
      this.log = el("ol", { class: "log", "aria-label": "Conversation" });
      this.live = el("div", { class: "sr-only", "aria-live": "polite", "aria-atomic": "true" });
      this.alert = el("div", { class: "sr-only", role: "alert" });
      this.input = el("input", { type: "text", id: inputId, name: "question", autocomplete: "off",
        maxlength: 2000, placeholder: "e.g. What is a local Compact?" });
      this.send = el("button", { type: "submit", class: "send", text: "Ask" });
      const form = el("form", { class: "ask" },
        el("label", { for: inputId, text: "Your question" }), this.input, this.send);
      form.addEventListener("submit", (event) => { event.preventDefault(); this.ask(this.input.value); });
      this.addEventListener("keydown", (event) => this.onKey(event));
      return el("section", { class: "panel", "aria-labelledby": this.title_.id },
        el("header", {}, this.title_, this.reset_),
        el("p", { class: "intro", text: "Answers quote the Compact guidance word for word, with numbered " +
          "sources you can open." }),
        this.log, form, this.live, this.alert);
    }

    onKey(event) {
      if (event.key !== "Escape") return;
      const open = event.composedPath().find((node) => node.classList?.contains("source"));
      if (open) {
        const button = this.shadowRoot.querySelector(`[aria-controls="${open.id}"]`);
        this.toggleSource(button, open, false);
        button?.focus();
        event.preventDefault();  // this Escape closes the quote only, not the launcher's dialog
      }
    }

    newConversation() {
      this.conversationId = null;
      this.log.replaceChildren();
      this.announce("Started a new conversation.");
      this.input.focus();
    }

    announce(text) {
      this.live.textContent = "";
      window.setTimeout(() => { this.live.textContent = text; }, 50);
    }

    setBusy(busy) {
      this.busy = busy;
      this.send.disabled = busy;
      this.log.setAttribute("aria-busy", String(busy));
    }

    async ask(raw) {
      const question = (raw || "").trim();
      if (this.busy) return;
      if (!question) {
        this.alert.textContent = MESSAGES.empty;
        this.input.focus();
        return;
      }
      this.input.value = "";
      this.log.append(this.questionItem(question));
      const reply = el("li", { class: "reply" },
        el("div", { class: "loading" }, el("span", { class: "dots", text: "Searching the guidance" })));
      this.log.append(reply);
      this.scrollToEnd();
      this.setBusy(true);
      this.announce("Searching the guidance.");
      try {
        await this.stream(question, reply);
      } catch (error) {
        this.showError(reply, explain(error));
      } finally {
        this.setBusy(false);
      }
    }

    async stream(question, reply, retried = false) {
      const payload = { question };
      if (this.conversationId) payload.conversation_id = this.conversationId;
      const response = await this.api("/v1/ask/stream", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify(payload),
      });
      if (response.status === 404 && this.conversationId && !retried) {
        this.conversationId = null;
        await this.stream(question, reply, true);
        reply.prepend(el("p", { class: "searched", text: MESSAGES.expired }));
        return;
      }
      if (!response.ok) throw await httpError(response);
      let text = null;
      let finished = false;
      await readEvents(response, (name, data) => {
        if (name === "citations") {
          this.conversationId = data.conversation_id || this.conversationId;
          text = el("p", { class: "answer" });
          reply.replaceChildren(el("span", { class: "label", text: "Compact assistant" }), text);
        } else if (name === "delta" && text) {
          text.append(data.text);
          this.scrollToEnd();
        } else if (name === "done") {
          finished = true;
          this.renderAnswer(reply, data);
        } else if (name === "error") {
          finished = true;
          this.showError(reply, data.error?.code === "index_not_built" ? MESSAGES.notReady : MESSAGES.failed);
        }
      });
      if (!finished) throw new Error("the answer stopped part-way");
    }

    /** Fill a reply with an answer; announce it and scroll to it unless `quietly` (history). */
    renderAnswer(reply, answer, { quietly = false } = {}) {
      const declined = answer.status !== "answered";
      reply.className = declined ? "reply declined" : "reply";
      reply.dataset.answerId = answer.answer_id;
      reply.dataset.status = answer.status;
      const label = declined ? "I could not answer that from the Compact guidance" : "Compact assistant";
      const body = el("p", { class: "answer" });
      const byNumber = new Map(answer.citations.map((c) => [c.n, c]));
      const sources = el("div", { class: "sources" });
      const parts = answer.answer.split(/\[(\d+)\]/);
      parts.forEach((part, index) => {
        if (index % 2 === 0) {
          body.append(declined ? linkified(part) : part);
          return;
        }
        const citation = byNumber.get(Number(part));
        body.append(citation ? this.citeButton(answer.answer_id, citation, sources) : `[${part}]`);
      });
      reply.replaceChildren(el("span", { class: "label", text: label }), body);
      if (answer.query && answer.query !== answer.question) {
        reply.append(el("p", { class: "searched", text: `Searched for: ${answer.query}` }));
      }
      reply.append(sources, this.ratingControls(answer.answer_id));
      if (quietly) return;
      this.announce(`${label}: ${answer.answer.replace(/\s*\[\d+\]/g, "")}`);
      this.scrollToEnd();
    }

    citeButton(answerId, citation, sources) {
      const id = `${this.id_}-${answerId}-${citation.n}`;
      let panel = [...sources.children].find((child) => child.id === id);
      if (!panel) {
        panel = this.sourcePanel(id, citation);
        sources.append(panel);
      }
      const button = el("button", { type: "button", class: "cite", "aria-expanded": "false",
        "aria-controls": id, "aria-label": `Source ${citation.n}: ${citation.title}`, text: `${citation.n}` });
      button.addEventListener("click", () => this.toggleSource(button, panel));
      return button;
    }

    /** A citation's quote, then its title (linked to the public document when there is one),
     *  section, publisher and date. */
    sourcePanel(id, citation) {
      const href = safeUrl(citation.url || "") || safeUrl(citation.source || "");
      const title = href
        ? el("a", { href, target: "_blank", rel: "noopener noreferrer", text: citation.title })
        : el("span", { text: citation.title });
      const section = citation.section && citation.section !== citation.title
        ? ` — ${citation.section}` : "";
      const details = [el("p", {}, `[${citation.n}] `, title, section)];
      if (citation.provenance) {
        details.push(el("p", { class: citation.stale ? "provenance stale" : "provenance" },
          citation.provenance));
      }
      return el("div", { class: "source", id, role: "region", tabindex: "-1", hidden: true,
        "aria-label": `Source ${citation.n}` },
        el("blockquote", { text: `“${citation.quote}”` }), ...details);
    }

    toggleSource(button, panel, open) {
      if (!button || !panel) return;
      const show = open === undefined ? panel.hidden : open;
      panel.hidden = !show;
      for (const other of this.shadowRoot.querySelectorAll(`[aria-controls="${panel.id}"]`)) {
        other.setAttribute("aria-expanded", String(show));
      }
      if (show) panel.focus({ preventScroll: true });
      if (show) panel.scrollIntoView({ block: "nearest" });
    }

    ratingControls(answerId) {
      const status = el("span", { class: "thanks", "aria-live": "polite" });
      const up = el("button", { type: "button", class: "up", "aria-pressed": "false", "aria-label": "Helpful",
        title: "Helpful" }, thumb());
      const down = el("button", { type: "button", class: "down", "aria-pressed": "false",
        "aria-label": "Not helpful", title: "Not helpful" }, thumb());
      const box = el("div", { class: "rate" }, el("span", { text: "Was this helpful?" }), up, down, status);
      const rate = async (rating, comment) => {
        try {
          const response = await this.api("/v1/feedback", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ answer_id: answerId, rating, ...(comment ? { comment } : {}) }),
          });
          if (!response.ok) throw await httpError(response);
          up.setAttribute("aria-pressed", String(rating === "up"));
          down.setAttribute("aria-pressed", String(rating === "down"));
          status.textContent = "Thank you for your feedback.";
          return true;
        } catch (error) {
          status.textContent = error instanceof HttpError && error.status === 429 ? MESSAGES.tooMany
            : "Your feedback could not be sent. Please try again.";
          return false;
        }
      };
      up.addEventListener("click", () => rate("up"));
      down.addEventListener("click", async () => {
        if (await rate("down")) box.after(this.commentForm(box, rate));
      });
      return box;
    }

    commentForm(box, rate) {
      box.parentElement?.querySelector(".comment")?.remove();
      const id = `${this.id_}-c${++uid}`;
      const input = el("input", { type: "text", id, maxlength: 2000, autocomplete: "off" });
      const form = el("form", { class: "comment" },
        el("label", { for: id, class: "sr-only", text: "What was wrong with this answer? (optional)" }),
        input, el("button", { type: "submit", text: "Send comment" }));
      input.placeholder = "What was wrong? (optional)";
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        if (input.value.trim() && await rate("down", input.value.trim())) form.remove();
      });
      return form;
    }

    showError(reply, message) {
      reply.className = "reply error";
      reply.replaceChildren(el("span", { class: "label", text: "Sorry" }), el("p", { class: "answer", text: message }));
      this.alert.textContent = message;
    }

    scrollToEnd() {
      this.log.lastElementChild?.scrollIntoView({ block: "nearest" });
    }
  }

  if (!customElements.get("compact-assistant")) {
    customElements.define("compact-assistant", CompactAssistant);
  }
})();
