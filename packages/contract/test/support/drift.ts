// Verifying the spec against a server: Prism proxies to it and reports what breaks the spec in
// `sl-violations` (draft-07), and every body is validated again with JSON Schema 2020-12. The
// drift report lists both, per operation.
import { createClient, participant } from "@sideconvo/client";
import { startMock } from "@sideconvo/mock";
import { checkResponse, operationOf } from "./spec.js";

export interface Drift {
  operation: string;
  status: number;
  problems: string[];
}

export async function verifyAgainst(
  upstream: string,
  auth: Parameters<typeof createClient>[0]["auth"],
  run: (zd: ReturnType<typeof createClient>) => Promise<void>,
): Promise<{ drift: Drift[]; checked: number }> {
  // errors: false lets the upstream body through unchanged, so it can be validated here too.
  const proxy = await startMock({ port: 0, upstream, errors: false });
  const drift: Drift[] = [];
  let checked = 0;
  try {
    const zd = createClient({
      baseUrl: proxy.url,
      auth,
      retry: false,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const text = await response.clone().text();
        const method = init?.method ?? "GET";
        const url = String(input);
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // left as text: the validation reports a non-JSON body
        }
        checked++;
        const violations = JSON.parse(response.headers.get("sl-violations") ?? "[]") as {
          location: string[];
          message: string;
        }[];
        const problems = [
          ...violations.map((v) => `Prism: ${v.location.join(".")} ${v.message}`),
          ...(response.ok || response.status >= 400
            ? checkResponse(method, url, response.status, body).map((p) => `2020-12: ${p}`)
            : []),
        ];
        if (problems.length)
          drift.push({
            operation: operationOf(method, url)?.id ?? `${method} ${url}`,
            status: response.status,
            problems,
          });
        return response;
      },
    });
    await run(zd);
  } finally {
    await proxy.stop();
  }
  return { drift, checked };
}

export function formatDrift(drift: Drift[]): string {
  return drift.length
    ? drift.map((d) => `  ${d.operation} (${d.status}):\n${d.problems.map((p) => `    - ${p}`).join("\n")}`).join("\n")
    : "  no drift";
}

export { participant };
