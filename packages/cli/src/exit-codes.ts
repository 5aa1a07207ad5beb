import {
  ApiError,
  AuthError,
  NetworkError,
  PaginationError,
  RateLimitError,
  SecurityError,
  TimeoutError,
  ValidationError,
} from "@sideconvo/client";

/** The exit codes of `sideconvo`, documented in the README and in `sideconvo --help`. */
export const EXIT = {
  ok: 0,
  /** Anything not listed below: a server error, a response that broke the spec, a bug. */
  failure: 1,
  /** Unknown command or flag, a missing argument, a value of the wrong form. */
  usage: 2,
  /** Missing credentials in the environment, or the server refused them (401, 403). */
  auth: 3,
  /** The ticket or side conversation does not exist (404). */
  notFound: 4,
  /** Input refused before sending or by the server (400, 422), or a file that cannot be used. */
  validation: 5,
  /** Rate limited beyond what the client waits out (429). */
  rateLimited: 6,
  /** The connection failed or timed out. */
  network: 7,
  /** Paging could not go on: the export is stuck in a busy second, or a list's pages loop. */
  stalled: 8,
  /** The output or checkpoint file could not be written (a full disk, a file-size limit). */
  cannotWrite: 9,
  /** Interrupted (Ctrl-C); an export saved its checkpoint first. */
  interrupted: 130,
} as const;

export const EXIT_HELP = `Exit codes:
  0  success            4  not found (404)
  1  other failure      5  invalid input or file (400, 422)
  2  usage error        6  rate limited (429)
  3  credentials (401, 403, or missing in the environment)
  7  network error or timeout       8  export stuck in a busy second, or pages that loop
  9  a file could not be written (disk full, file-size limit); an export says how to resume
  130  interrupted (Ctrl-C)`;

/** An error of the CLI itself, with its exit code; its message is one sentence for stderr. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** The exit code and the line(s) to print for any error. */
export function describeError(error: unknown): { code: number; message: string } {
  if (error instanceof CliError) return { code: error.exitCode, message: error.message };
  // Ctrl-C at a prompt (@inquirer/prompts): nothing was sent, and the shell's code for it.
  if ((error as Error | undefined)?.name === "ExitPromptError")
    return { code: EXIT.interrupted, message: "interrupted at the prompt; nothing was sent." };
  if (error instanceof RateLimitError) {
    const wait = error.retryAfterMs === undefined ? "" : ` Try again in ${Math.ceil(error.retryAfterMs / 1000)} s.`;
    return { code: EXIT.rateLimited, message: `Rate limited by the server.${wait}\n${error.message}` };
  }
  if (error instanceof ApiError) {
    const [code, sentence] =
      error.status === 401
        ? [EXIT.auth, "The server refused the credentials (401): check ZENDESK_EMAIL and ZENDESK_API_TOKEN."]
        : error.status === 403
          ? [EXIT.auth, "The account does not allow this (403): side conversations need the Collaboration add-on."]
          : error.status === 404
            ? [EXIT.notFound, "Not found (404): check the ticket and side conversation ids."]
            : error.status === 400 || error.status === 422
              ? [EXIT.validation, `The server refused the request (${error.status}).`]
              : [EXIT.failure, `The server answered ${error.status}.`];
    return { code, message: `${sentence}\n${error.message}` };
  }
  if (error instanceof AuthError)
    return { code: EXIT.auth, message: `Could not get a token: ${error.message.replace(/\.$/, "")}.` };
  if (error instanceof PaginationError)
    return { code: EXIT.stalled, message: `Paging stopped, the server's pages do not move on: ${error.message}.` };
  if (error instanceof ValidationError) return { code: EXIT.validation, message: `Invalid input: ${error.message}.` };
  if (error instanceof TimeoutError || error instanceof NetworkError)
    return { code: EXIT.network, message: `Could not reach the server: ${error.message}` };
  if (error instanceof SecurityError) return { code: EXIT.failure, message: `Refused for safety: ${error.message}` };
  return { code: EXIT.failure, message: error instanceof Error ? error.message : String(error) };
}
