// The console: send any operation of the reference from the page, to the sandbox engine running
// in this tab (seeded with the spec's examples, kept for the visit in sessionStorage) or to a
// server the reader names. Plain DOM, no framework: bundled with the engine by the docs build
// (console.js), loaded by console.html and, on the first "Try it" click, by the reference page.
import { createSandbox, SANDBOX_CLIENT } from "@sideconvo/sandbox";
import { copyButton } from "../copy-button.js";
import { curlLine, LOCAL_SANDBOX, pathAndQuery, requestOf, TAB_SANDBOX, typescriptLines } from "./snippets.js";

/** @type {Array<any>} The operations, from the spec (scripts/console-data.mjs), put here by the build. */
const OPERATIONS = __OPERATIONS__;
const STATE_KEY = "sideconvo.console.sandbox";
const TARGET_KEY = "sideconvo.console.target";

/** The sandbox of the tab: from the visit's saved state when there is one, else the examples. */
function startSandbox() {
  try {
    const saved = sessionStorage.getItem(STATE_KEY);
    if (saved) return createSandbox({ seed: JSON.parse(saved) });
  } catch {
    sessionStorage.removeItem(STATE_KEY);
  }
  return createSandbox();
}
let sandbox = startSandbox();
/** The tab sandbox's access token, got with its own OAuth client (as a program would), once. */
let tabToken;
async function tabAuthorization(fresh = false) {
  if (fresh || !tabToken) {
    const response = await sandbox.fetch(`${TAB_SANDBOX}/oauth/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        grant_type: "client_credentials",
        client_id: SANDBOX_CLIENT.clientId,
        client_secret: SANDBOX_CLIENT.clientSecret,
      }),
    });
    tabToken = (await response.json()).access_token;
  }
  return `Bearer ${tabToken}`;
}
function saveSandbox() {
  try {
    sessionStorage.setItem(STATE_KEY, JSON.stringify(sandbox.snapshot()));
  } catch {
    // Storage full or refused: the state lives on in this page until it closes.
  }
}

/** An element with attributes and children. */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === undefined) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat().filter((child) => child !== undefined && child !== null));
  return element;
}

const STATUS_TEXT = { 200: "OK", 201: "Created", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden" };
Object.assign(STATUS_TEXT, { 404: "Not Found", 413: "Content Too Large", 422: "Unprocessable Content" });
Object.assign(STATUS_TEXT, { 429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable" });

/**
 * Mounts the console in `root`, showing `operationId` (or the first operation), and returns a
 * function that shows another operation.
 * @param {HTMLElement} root
 * @param {{ operationId?: string, referenceHref?: string }} options
 */
export function mountConsole(root, { operationId, referenceHref = "reference.html" } = {}) {
  let op = OPERATIONS.find((candidate) => candidate.id === operationId) ?? OPERATIONS[0];
  const saved = (() => {
    try {
      return JSON.parse(sessionStorage.getItem(TARGET_KEY) ?? "{}");
    } catch {
      return {};
    }
  })();

  const operation = h(
    "select",
    { name: "operation", "aria-label": "Operation" },
    [...new Set(OPERATIONS.map((o) => o.tag))].map((tag) =>
      h(
        "optgroup",
        { label: tag },
        OPERATIONS.filter((o) => o.tag === tag).map((o) => h("option", { value: o.id }, `${o.method} ${o.summary}`)),
      ),
    ),
  );
  const target = h(
    "select",
    { name: "target", "aria-label": "Send to" },
    h("option", { value: "tab" }, "the sandbox in this tab"),
    h("option", { value: "url" }, "a server you name"),
  );
  target.value = saved.target === "url" ? "url" : "tab";
  const url = h("input", {
    name: "url",
    type: "url",
    value: saved.url ?? LOCAL_SANDBOX,
    "aria-label": "Server URL",
    placeholder: LOCAL_SANDBOX,
  });
  const reset = h("button", { type: "button", name: "reset" }, "Reset the sandbox");
  const note = h("p", { class: "sc-console-note" });
  const authKind = h(
    "select",
    { name: "auth", "aria-label": "Authentication" },
    h("option", { value: "oauth" }, "OAuth access token"),
    h("option", { value: "token" }, "email and API token (until 2027-04-30)"),
  );
  const email = h("input", { name: "email", type: "email", autocomplete: "off", placeholder: "agent@acme.com" });
  const secret = h("input", { name: "token", type: "password", autocomplete: "off" });
  const auth = h(
    "fieldset",
    { class: "sc-console-auth" },
    h("legend", {}, "Credentials (kept in this page only, never stored or shown)"),
    h("label", {}, "Kind ", authKind),
    h("label", { class: "sc-email" }, "Email ", email),
    h("label", {}, "Token ", secret),
  );
  const line = h("p", { class: "sc-console-line" });
  const params = h("fieldset", { class: "sc-console-params" });
  const body = h("fieldset", { class: "sc-console-body" });
  const send = h("button", { type: "submit", class: "sc-send" }, "Send");
  // An alert region around the list (a <ul> cannot take the alert role and stay a list).
  const problems = h("ul", { class: "sc-console-problems" });
  const alerts = h("div", { role: "alert" }, problems);
  const form = h("form", { class: "sc-console-form", novalidate: true }, line, params, body, auth, alerts, send);
  const answer = h("div", { class: "sc-console-answer", "aria-live": "polite" });
  const curl = h("code", { class: "sc-curl" });
  const typescript = h("code", { class: "sc-typescript" });
  const snippets = h(
    "div",
    { class: "sc-console-snippets" },
    h("h2", {}, "The same request with curl"),
    h(
      "pre",
      { tabindex: "0" },
      curl,
      copyButton(() => curl.textContent ?? ""),
    ),
    h("h2", {}, "and with @sideconvo/client"),
    h(
      "pre",
      { tabindex: "0" },
      typescript,
      copyButton(() => typescript.textContent ?? ""),
    ),
  );
  root.replaceChildren(
    h(
      "section",
      { class: "sc-console", "aria-label": "Try it" },
      h(
        "div",
        { class: "sc-console-bar" },
        h("label", {}, "Operation ", operation),
        h("label", {}, "Send to ", target),
        url,
        reset,
      ),
      note,
      form,
      answer,
      snippets,
    ),
  );

  let file = /** @type {File | undefined} */ (undefined);
  const values = () => Object.fromEntries([...params.querySelectorAll("input, select")].map((i) => [i.name, i.value]));
  const bodyText = () => body.querySelector("textarea")?.value ?? "";
  const defaultFile = () => new File(["Printer log, line 1\n"], "printer.log", { type: "text/plain" });

  function how(fileText) {
    const chosen = file ?? defaultFile();
    return {
      target: target.value === "tab" ? "tab" : "url",
      baseUrl: target.value === "tab" ? LOCAL_SANDBOX : url.value.replace(/\/+$/, ""),
      auth: target.value === "tab" ? "oauth" : authKind.value,
      body: bodyText(),
      fileName: chosen.name,
      fileType: chosen.type,
      fileText,
    };
  }
  function refreshSnippets() {
    const request = requestOf(op, values());
    curl.textContent = curlLine(op, request, how());
    typescript.textContent = typescriptLines(op, values(), how(file ? undefined : "Printer log, line 1\n"));
  }
  function refreshTarget() {
    const tab = target.value === "tab";
    url.hidden = tab;
    reset.hidden = !tab;
    auth.hidden = tab;
    email.closest("label").hidden = authKind.value === "oauth";
    note.replaceChildren(
      ...(tab
        ? [
            "Requests go to a sandbox running in this tab (no account needed): it starts with the spec's examples (ticket 42) and keeps what you create until you close the tab or reset it. The curl line is for ",
            h("code", {}, "npx sideconvo-mock --stateful"),
            " on your machine.",
          ]
        : [
            "Requests go from your browser to this server, which must allow this page's origin (CORS): ",
            h("code", {}, "npx sideconvo-mock"),
            " and ",
            h("code", {}, "npx sideconvo-mock --stateful"),
            " do. A Zendesk account may refuse requests from a web page; the browser then reports a network error, and the curl line sends the same request from a terminal.",
          ]),
    );
    try {
      sessionStorage.setItem(TARGET_KEY, JSON.stringify({ target: target.value, url: url.value }));
    } catch {}
    refreshSnippets();
  }

  function show(next) {
    op = next;
    operation.value = op.id;
    line.replaceChildren(
      h("b", {}, op.method),
      " ",
      h("code", {}, op.path),
      " ",
      h("a", { href: `${referenceHref}#${op.route}` }, "in the reference"),
    );
    params.replaceChildren(
      h("legend", {}, op.fields.length ? "Parameters" : "No parameters"),
      ...op.fields.map((field) => {
        const input = field.enum
          ? h(
              "select",
              { name: field.name },
              field.required ? undefined : h("option", { value: "" }, "(not sent)"),
              field.enum.map((value) => h("option", { value }, value)),
            )
          : h("input", {
              name: field.name,
              type: "text",
              inputmode: field.type === "integer" ? "numeric" : undefined,
              placeholder: field.required ? "" : field.example,
            });
        // Path and required values start at the spec's example; optional ones start empty (not sent).
        input.value = field.in === "path" || field.required ? field.example : "";
        return h(
          "label",
          { title: field.description },
          h("span", {}, `${field.name}${field.required ? " *" : ""}`, h("small", {}, ` ${field.in}`)),
          input,
        );
      }),
    );
    file = undefined;
    body.hidden = !op.body;
    if (!op.body) body.replaceChildren();
    else if (op.body.type === "multipart/form-data") {
      const input = h("input", { type: "file", name: "file" });
      input.addEventListener("change", () => {
        file = input.files?.[0];
        refreshSnippets();
      });
      body.replaceChildren(
        h("legend", {}, "Body (multipart/form-data)"),
        h("label", {}, "file ", input),
        h("p", { class: "sc-console-note" }, "Without a file chosen, a small text file (printer.log) is sent."),
      );
    } else {
      const textarea = h("textarea", { name: "body", rows: "12", spellcheck: "false", "aria-label": "Request body" });
      const pick = h(
        "select",
        { name: "example", "aria-label": "Example" },
        op.body.examples.map((example) => h("option", { value: example.name }, example.summary)),
      );
      const fill = () => {
        const example = op.body.examples.find((candidate) => candidate.name === pick.value) ?? op.body.examples[0];
        textarea.value = example ? JSON.stringify(example.value, null, 2) : "{}";
        refreshSnippets();
      };
      pick.addEventListener("change", fill);
      body.replaceChildren(
        h("legend", {}, `Body (${op.body.type})`),
        op.body.examples.length > 1 ? h("label", {}, "Example ", pick) : undefined,
        textarea,
      );
      fill();
    }
    problems.replaceChildren();
    answer.replaceChildren();
    refreshSnippets();
  }

  async function submit(event) {
    event.preventDefault();
    const request = requestOf(op, values());
    const found = [...request.problems];
    let init = { method: op.method, headers: new Headers() };
    if (op.body?.type === "multipart/form-data") {
      const form = new FormData();
      form.append("file", file ?? defaultFile());
      init.body = form;
    } else if (op.body) {
      try {
        JSON.parse(bodyText());
      } catch (error) {
        found.push(`the body is not JSON: ${error.message}`);
      }
      init.headers.set("content-type", "application/json");
      init.body = bodyText();
    }
    const tab = target.value === "tab";
    let base = TAB_SANDBOX;
    if (!tab) {
      try {
        const parsed = new URL(url.value);
        if (!/^https?:$/.test(parsed.protocol)) throw new Error();
        base = url.value.replace(/\/+$/, "");
      } catch {
        found.push(`the server URL must be an http or https address, got "${url.value}"`);
      }
      if (!secret.value) found.push("a token is needed for a server you name (the mock takes any)");
      else if (authKind.value === "token" && !email.value) found.push("the email of the token's user is needed");
    }
    problems.replaceChildren(...found.map((problem) => h("li", {}, problem)));
    if (found.length) return;
    init.headers.set(
      "authorization",
      tab
        ? await tabAuthorization()
        : authKind.value === "oauth"
          ? `Bearer ${secret.value}`
          : `Basic ${btoa(`${email.value}/token:${secret.value}`)}`,
    );
    init = { ...init, headers: init.headers };
    const address = base + pathAndQuery(request);
    send.disabled = true;
    answer.replaceChildren(h("p", { class: "sc-console-status" }, "Sending…"));
    const started = performance.now();
    try {
      let response = tab ? await sandbox.fetch(address, init) : await fetch(address, init);
      if (tab && response.status === 401) {
        // The tab's token expired (30 minutes, as the vendor's): a new one, and the request again.
        init.headers.set("authorization", await tabAuthorization(true));
        response = await sandbox.fetch(address, init);
      }
      const text = await response.text();
      const ms = Math.round(performance.now() - started);
      if (tab && op.method !== "GET") saveSandbox();
      let shown = text;
      try {
        shown = JSON.stringify(JSON.parse(text), null, 2);
      } catch {}
      answer.replaceChildren(
        h(
          "p",
          { class: `sc-console-status ${response.ok ? "ok" : "failed"}` },
          h("b", {}, String(response.status)),
          ` ${response.statusText || STATUS_TEXT[response.status] || ""} · ${op.method} ${pathAndQuery(request)} · ${ms} ms`,
        ),
        h(
          "details",
          { class: "sc-console-headers" },
          h("summary", {}, `Headers (${[...response.headers].length})`),
          h(
            "table",
            {},
            [...response.headers].map(([name, value]) => h("tr", {}, h("th", {}, name), h("td", {}, value))),
          ),
        ),
        h("pre", { class: "sc-console-response", tabindex: "0" }, h("code", {}, shown || "(no body)")),
      );
    } catch (error) {
      answer.replaceChildren(
        h(
          "p",
          { class: "sc-console-status failed", role: "alert" },
          `No answer from ${base}: ${error.message}. Is the server running, and does it allow this page's origin (CORS)? The curl line below sends the same request from a terminal.`,
        ),
      );
    } finally {
      send.disabled = false;
    }
  }

  operation.addEventListener("change", () => {
    show(OPERATIONS.find((candidate) => candidate.id === operation.value) ?? op);
    root.dispatchEvent(new CustomEvent("operationchange", { detail: op.id }));
  });
  target.addEventListener("change", refreshTarget);
  authKind.addEventListener("change", refreshTarget);
  url.addEventListener("change", refreshTarget);
  form.addEventListener("input", refreshSnippets);
  form.addEventListener("submit", submit);
  reset.addEventListener("click", () => {
    sessionStorage.removeItem(STATE_KEY);
    sandbox = createSandbox();
    tabToken = undefined;
    answer.replaceChildren(h("p", { class: "sc-console-status" }, "The sandbox is back to the spec's examples."));
  });
  show(op);
  refreshTarget();
  return (id) => show(OPERATIONS.find((candidate) => candidate.id === id) ?? op);
}

// console.html: the console fills the page, the operation from the address (#createSideConversation).
const page = document.getElementById("console");
if (page) {
  const showOperation = mountConsole(page, { operationId: location.hash.slice(1) });
  page.addEventListener("operationchange", (event) => history.replaceState(null, "", `#${event.detail}`));
  addEventListener("hashchange", () => showOperation(location.hash.slice(1)));
}

// The reference: a "Try it" link opens the console over the page, for that operation.
let dialog;
let showInDialog;
window.sideconvoConsole = {
  open(operationId) {
    if (!dialog) {
      const root = h("div");
      dialog = h(
        "dialog",
        { class: "sc-console-dialog", "aria-label": "Try it" },
        h("form", { method: "dialog", class: "sc-console-close" }, h("button", { type: "submit" }, "Close")),
        root,
      );
      document.body.append(dialog);
      showInDialog = mountConsole(root, { operationId, referenceHref: "" });
    } else showInDialog(operationId);
    dialog.showModal();
  },
};
