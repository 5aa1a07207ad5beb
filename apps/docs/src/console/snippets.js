// The console's request as text: the URL it goes to, and the same request as a curl line and as
// TypeScript with @sideconvo/client. Pure functions, so the tests run them in Node too (the
// TypeScript is compiled against the client and run against the sandbox there).

/** Where the sandbox of the tab answers, and where `npx sideconvo-mock --stateful` does on a machine. */
export const TAB_SANDBOX = "https://sandbox.sideconvo.invalid";
export const LOCAL_SANDBOX = "http://127.0.0.1:4010";

/**
 * The request from the form's values: `values` maps each field's name (`ticket_id`, `page[size]`)
 * to its text; empty optional fields are left out. Path values are required.
 * @param {{ method: string, path: string, fields: Array<{ name: string, in: string, required: boolean, type?: string, param?: string, key?: string }> }} op
 * @param {Record<string, string>} values
 */
export function requestOf(op, values) {
  const problems = [];
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name) => {
    const value = (values[name] ?? "").trim();
    if (!value) problems.push(`${name} is required: it is part of the path`);
    return encodeURIComponent(value);
  });
  /** @type {Array<[string, string]>} */
  const query = [];
  for (const field of op.fields) {
    if (field.in !== "query") continue;
    const value = (values[field.name] ?? "").trim();
    if (!value) {
      if (field.required) problems.push(`${field.name} is required`);
      continue;
    }
    if (field.type === "integer" && !/^-?\d+$/.test(value))
      problems.push(`${field.name} must be a whole number, got "${value}"`);
    query.push([field.name, value]);
  }
  return { path, query, problems };
}

/** The path and query string, as the browser sends them. */
export function pathAndQuery(request) {
  const search = new URLSearchParams(request.query).toString();
  return search ? `${request.path}?${search}` : request.path;
}

const shellQuote = (text) => `'${String(text).replaceAll("'", "'\\''")}'`;

/**
 * The same request as one curl command. Credentials are never written out: they come from
 * environment variables (ZENDESK_OAUTH_TOKEN, or, until 2027-04-30, ZENDESK_EMAIL and ZENDESK_API_TOKEN).
 * @param {{ method: string, body?: { type: string } }} op
 * @param {{ path: string, query: Array<[string, string]> }} request
 * @param {{ baseUrl: string, auth: "token" | "oauth", body?: string, fileName?: string, fileType?: string }} how
 */
export function curlLine(op, request, how) {
  const parts = [
    `curl${op.method === "GET" ? "" : ` -X ${op.method}`} ${shellQuote(how.baseUrl + pathAndQuery(request))}`,
  ];
  parts.push(
    how.auth === "oauth"
      ? `-H "Authorization: Bearer $ZENDESK_OAUTH_TOKEN"`
      : `-u "$ZENDESK_EMAIL/token:$ZENDESK_API_TOKEN"`,
  );
  if (op.body?.type === "multipart/form-data")
    parts.push(
      `-F ${shellQuote(`file=@${how.fileName ?? "file.txt"};type=${how.fileType || "application/octet-stream"}`)}`,
    );
  else if (op.body) parts.push(`-H "Content-Type: application/json"`, `-d ${shellQuote(compactJson(how.body ?? ""))}`);
  return parts.join(" \\\n  ");
}

/** JSON on one line when it parses; the text as typed when it does not (the server will say why). */
function compactJson(text) {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

/** A value as a TypeScript literal: JSON, with integers of integer fields as numbers. */
const literal = (value, type) => (type === "integer" && /^-?\d+$/.test(value) ? value : JSON.stringify(value));

/**
 * The same request with @sideconvo/client: its typed `GET`/`POST`/`PUT` over the spec's paths (the
 * request the console sent, field for field), or `uploadAttachment` for the multipart upload.
 * @param {{ method: string, path: string, body?: { type: string }, fields: Array<{ name: string, in: string, type?: string, param?: string, key?: string }> }} op
 * @param {Record<string, string>} values
 * @param {{ target: "tab" | "url", baseUrl: string, auth: "token" | "oauth", body?: string, fileName?: string, fileType?: string, fileText?: string }} how
 */
export function typescriptLines(op, values, how) {
  const lines = [];
  if (how.target === "tab") {
    lines.push(
      `import { createClient } from "@sideconvo/client";`,
      `import { createSandbox, SANDBOX_CLIENT, SANDBOX_URL } from "@sideconvo/sandbox";`,
      "",
      "// The sandbox in your own process: the same engine as the console's.",
      "const sandbox = createSandbox();",
      "const zd = createClient({",
      "  baseUrl: SANDBOX_URL,",
      "  auth: { oauth: SANDBOX_CLIENT }, // the sandbox's own OAuth client",
      "  fetch: sandbox.fetch,",
      "});",
    );
  } else {
    lines.push(
      `import { createClient } from "@sideconvo/client";`,
      "",
      "const zd = createClient({",
      `  baseUrl: ${JSON.stringify(how.baseUrl)},`,
      how.auth === "oauth"
        ? `  auth: { oauthToken: process.env.ZENDESK_OAUTH_TOKEN ?? "" },`
        : `  auth: { email: process.env.ZENDESK_EMAIL ?? "", apiToken: process.env.ZENDESK_API_TOKEN ?? "" },`,
      "});",
    );
  }
  lines.push("");
  if (op.body?.type === "multipart/form-data") {
    lines.push(
      `const file = new Blob([${JSON.stringify(how.fileText ?? "")}], { type: ${JSON.stringify(how.fileType || "application/octet-stream")} });`,
      `const attachment = await zd.sideConversations.uploadAttachment({ file, fileName: ${JSON.stringify(how.fileName ?? "file.txt")} });`,
      "console.log(attachment);",
    );
    return lines.join("\n");
  }
  const path = {};
  const query = {};
  for (const field of op.fields) {
    const value = (values[field.name] ?? "").trim();
    if (!value) continue;
    if (field.in === "path") path[field.name] = literal(value, field.type);
    else if (field.param) {
      query[field.param] ??= {};
      query[field.param][field.key] = literal(value, field.type);
    } else query[field.name] = literal(value, field.type);
  }
  const object = (entries) =>
    `{ ${Object.entries(entries)
      .map(
        ([key, value]) =>
          `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${typeof value === "string" ? value : object(value)}`,
      )
      .join(", ")} }`;
  const params = [];
  if (Object.keys(path).length) params.push(`path: ${object(path)}`);
  if (Object.keys(query).length) params.push(`query: ${object(query)}`);
  const init = [];
  if (params.length) init.push(`  params: { ${params.join(", ")} },`);
  if (op.body) init.push(`  body: ${indent(prettyJson(how.body ?? ""))},`);
  lines.push(
    `const { data, error, response } = await zd.${op.method}(${JSON.stringify(op.path)}, {`,
    ...init,
    "});",
    "console.log(response.status, data ?? error);",
  );
  return lines.join("\n");
}

function prettyJson(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
const indent = (text) => text.split("\n").join("\n  ");
