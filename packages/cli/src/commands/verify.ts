// `sideconvo verify`: @sideconvo/verify from a terminal or a CI job. The table goes to stdout
// (JSON with --json), the report files where --junit, --json-report and --markdown say, each
// write to stderr before it is sent. Its own exit codes: 0 the contract holds, 1 drift, 2 it could
// not verify (usage, credentials, connection, no ticket).
import { writeFile } from "node:fs/promises";
import type { ClientOptions } from "@sideconvo/client";
import {
  formatSummary,
  toJson,
  toJUnit,
  toMarkdown,
  unverifiedReport,
  VerifyError,
  type VerifyReport,
  verify,
} from "@sideconvo/verify";
import { parseSince, ticketId } from "../args.js";
import { connectionFromEnv } from "../env.js";
import { CliError } from "../exit-codes.js";
import { io } from "../io.js";
import { startEmbeddedTarget } from "../load-mock.js";
import { createOutput } from "../output.js";

export interface VerifyFlags {
  baseUrl?: string;
  ticket?: string;
  since?: string;
  writes?: boolean;
  writesTo?: string;
  maxRequests?: number;
  junit?: string;
  jsonReport?: string;
  markdown?: string;
  showValues?: boolean;
  /** Global flags. */
  mock?: boolean;
  prism?: boolean;
  json?: boolean;
}

/** verify's exit codes (documented in `sideconvo verify --help` and the README). */
export const VERIFY_EXIT = { holds: 0, drift: 1, cannotVerify: 2 } as const;

/** A team's own fake often takes any credentials: with --base-url they are optional. */
const PLACEHOLDER_AUTH = { email: "verify@example.com", apiToken: "sideconvo-verify" };

export async function verifyCommand(flags: VerifyFlags, env: NodeJS.ProcessEnv = io().env): Promise<number> {
  const output = createOutput(flags.json === true, env);
  let report: VerifyReport | undefined;
  let failure: Error | undefined;
  try {
    ({ report, failure } = await check(flags, env, output));
  } catch (error) {
    if (!(error instanceof Unverified)) throw error;
    // Stopped before anything was sent: the report files still say so, never "the contract holds".
    failure = error;
    report = unverifiedReport(targetOf(flags, env), error.reason, error.message);
  }

  // The files are written even when verify stopped: CI uploads what was checked, and why it stopped.
  const files: [string | undefined, (r: VerifyReport) => string][] = [
    [flags.junit, toJUnit],
    [flags.jsonReport, toJson],
    [flags.markdown, toMarkdown],
  ];
  for (const [file, render] of files) {
    if (!file) continue;
    try {
      await writeFile(file, render(report));
    } catch (error) {
      throw new CliError(
        `could not write the report to "${file}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        VERIFY_EXIT.cannotVerify,
      );
    }
  }
  if (failure instanceof Unverified) throw failure;
  if (failure) throw new CliError(`could not verify: ${failure.message}`, VERIFY_EXIT.cannotVerify);
  await output.out(flags.json ? toJson(report) : formatSummary(report, { color: output.color }));
  return report.exitCode;
}

/** A verify that could not start: why, in one sentence, and of which kind. */
class Unverified extends CliError {
  constructor(
    message: string,
    readonly reason: VerifyError["reason"],
  ) {
    super(message, VERIFY_EXIT.cannotVerify);
  }
}

/** The server a report names when verify stopped before it chose one. */
function targetOf(flags: VerifyFlags, env: NodeJS.ProcessEnv): string {
  const given = flags.baseUrl ?? env.SIDECONVO_BASE_URL;
  if (given && URL.canParse(given)) return new URL(given).origin;
  const subdomain = env.ZENDESK_SUBDOMAIN;
  return subdomain && /^[a-z0-9-]+$/i.test(subdomain) ? `https://${subdomain.toLowerCase()}.zendesk.com` : "(not set)";
}

async function check(
  flags: VerifyFlags,
  env: NodeJS.ProcessEnv,
  output: ReturnType<typeof createOutput>,
): Promise<{ report: VerifyReport; failure?: VerifyError }> {
  if (flags.writes && !flags.writesTo)
    throw new Unverified(
      "--writes needs --writes-to <email>: the address the test side conversation is sent to",
      "usage",
    );
  if (flags.writes && flags.ticket === undefined)
    throw new Unverified("--writes needs --ticket <id>: the one ticket the writes may change", "usage");
  if (!flags.writes && flags.writesTo) throw new Unverified("--writes-to is only for --writes", "usage");
  let ticket: number | undefined;
  let startTime: number | undefined;
  try {
    ticket = flags.ticket === undefined ? undefined : ticketId(flags.ticket);
    startTime = flags.since === undefined ? undefined : parseSince(flags.since);
  } catch (error) {
    throw new Unverified((error as Error).message, "usage");
  }

  let stopMock = async () => {};
  let target: { subdomain: string } | { baseUrl: string };
  let auth: ClientOptions["auth"];
  let transport: typeof fetch | undefined;
  if (flags.mock) {
    const embedded = await startEmbeddedTarget(flags.prism === true);
    stopMock = embedded.stop;
    target = { baseUrl: embedded.baseUrl };
    auth = embedded.auth;
    transport = embedded.fetch;
  } else if (flags.baseUrl) {
    target = { baseUrl: flags.baseUrl };
    const hasCredentials =
      env.ZENDESK_OAUTH_TOKEN || env.ZENDESK_OAUTH_TOKEN_COMMAND || env.ZENDESK_CLIENT_ID || env.ZENDESK_EMAIL;
    auth = hasCredentials ? connectionFromEnv({ ...env, SIDECONVO_BASE_URL: flags.baseUrl }).auth : PLACEHOLDER_AUTH;
  } else {
    try {
      ({ target, auth } = connectionFromEnv(env));
    } catch (error) {
      throw new Unverified((error as Error).message, "credentials");
    }
  }

  try {
    const report = await verify({
      ...target,
      auth,
      ticket,
      startTime,
      writes: flags.writes ? { to: flags.writesTo as string } : undefined,
      maxRequests: flags.maxRequests,
      ...(transport && { fetch: transport }),
      showValues: flags.showValues === true,
      clock: io().clock,
      onEvent: (event) => {
        if (event.type === "writes")
          output.err(
            `--writes: these requests change ticket ${event.ticket}, in this order:\n${event.writes.map((w) => `  ${w}`).join("\n")}\n`,
          );
        else if (io().stderr.isTTY) output.err(`  ${event.request}\n`);
      },
    });
    return { report };
  } catch (error) {
    if (!(error instanceof VerifyError)) throw new Unverified(String((error as Error).message ?? error), "connection");
    if (!error.report) throw new Unverified(`could not verify: ${error.message}`, error.reason);
    return { report: error.report, failure: error };
  } finally {
    await stopMock();
  }
}
