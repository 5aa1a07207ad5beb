// A fetch for the client that records every exchange (so each response can be validated against
// the spec afterwards) and can add a Prefer header to pick a documented answer from Prism.

import { createClient } from "@sideconvo/client";
import type {} from "@sideconvo/mock/vitest"; // declares inject("sideconvoMockUrl")
import { inject } from "vitest";
import { checkResponse } from "./spec.js";

export interface Exchange {
  method: string;
  url: string;
  status: number;
  body: unknown;
  violations: string | null;
}

export const mockUrl = () => inject("sideconvoMockUrl") ?? process.env.SIDECONVO_MOCK_URL ?? "";

export function recordingClient(
  options: {
    prefer?: string | ((url: string) => string);
    retry?: false;
    /** Another server than the shared mock (a sandbox of a test's own). */
    baseUrl?: string;
    /** Let the client keep to the rate limits (off by default here: the mock enforces none). */
    rateLimit?: boolean;
    /** Retry more, with short waits (against a sandbox's faults). */
    retries?: number;
  } = {},
) {
  const exchanges: Exchange[] = [];
  const fetchThrough: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    const prefer = typeof options.prefer === "function" ? options.prefer(String(input)) : options.prefer;
    if (prefer) headers.set("prefer", prefer);
    const response = await fetch(input, { ...init, headers });
    const text = await response.clone().text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: recorded as text, and the validation below reports it
    }
    exchanges.push({
      method: init?.method ?? "GET",
      url: String(input),
      status: response.status,
      body,
      violations: response.headers.get("sl-violations"),
    });
    return response;
  };
  const zd = createClient({
    baseUrl: options.baseUrl ?? mockUrl(),
    auth: { email: "contract@example.com", apiToken: "contract-token" },
    fetch: fetchThrough,
    ...(options.retry === false ? { retry: false as const } : {}),
    ...(options.retries !== undefined ? { retry: { retries: options.retries, minDelayMs: 5, maxDelayMs: 50 } } : {}),
    ...(options.rateLimit ? {} : { rateLimit: false as const }),
  });
  /** Every recorded response checked against the spec (2020-12) and Prism's own verdict. */
  const problems = () =>
    exchanges.flatMap((exchange) => [
      ...checkResponse(exchange.method, exchange.url, exchange.status, exchange.body),
      ...(exchange.violations ? [`Prism reported: ${exchange.violations}`] : []),
    ]);
  return { zd, exchanges, problems };
}
