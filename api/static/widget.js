/*
 * <compact-assistant api-base="https://assistant.example.org"></compact-assistant>
 *
 * The Compact assistant's chat widget: one self-contained web component (its CSS is inside),
 * no build step. Include this file with a <script> tag and put the tag on the page. Text from
 * answers and quotes is always inserted as text, never as HTML.
 *
 * Attributes: api-base (the API's base URL; defaults to where this script was loaded from),
 * heading (the title shown above the conversation).
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
    @media (max-width: 480px) {
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

  /** A thumbs-up icon (the Material "thumb_up" path, Apache-2.0); CSS turns it for thumbs-down. */
  function thumb() {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79" +
      "-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22" +
      "l3.02-7.05c.09-.23.14-.47.14-.73v-2z");
    svg.append(path);
    return svg;
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

  /** What a visitor is told when a request fails. */
  function explain(error) {
    if (!(error instanceof HttpError)) return MESSAGES.unreachable;
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
    static get observedAttributes() { return ["heading"]; }

    constructor() {
      super();
      this.conversationId = null;
      this.busy = false;
      this.id_ = `ca${++uid}`;
      const root = this.attachShadow({ mode: "open" });
      root.append(el("style", { text: STYLES }), this.build());
    }

    get apiBase() {
      return (this.getAttribute("api-base") || SCRIPT_ORIGIN).replace(/\/+$/, "");
    }

    attributeChangedCallback() {
      if (this.title_) this.title_.textContent = this.getAttribute("heading") || "Ask about the Compact";
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
      this.log.append(el("li", { class: "question" }, el("span", { class: "sr-only", text: "You asked: " }), question));
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
      const response = await fetch(`${this.apiBase}/v1/ask/stream`, {
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

    renderAnswer(reply, answer) {
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

    sourcePanel(id, citation) {
      const where = [citation.title, citation.section].filter(Boolean).join(" — ");
      const href = safeUrl(citation.source || "");
      const origin = href
        ? el("a", { href, target: "_blank", rel: "noopener noreferrer", text: citation.source })
        : el("span", { text: citation.source || "" });
      return el("div", { class: "source", id, role: "region", tabindex: "-1", hidden: true,
        "aria-label": `Source ${citation.n}` },
        el("blockquote", { text: `“${citation.quote}”` }),
        el("p", {}, `[${citation.n}] ${where}`),
        el("p", {}, "Source: ", origin));
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
          const response = await fetch(`${this.apiBase}/v1/feedback`, {
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
