import { Command, InvalidArgumentError, Option } from "commander";
import { positiveInt } from "./args.js";
import * as sc from "./commands/side-conversations.js";
import { type Context, createContext, type GlobalOptions } from "./context.js";
import { type CliError, EXIT_HELP } from "./exit-codes.js";
import { io } from "./io.js";
import { RECIPIENT_HELP } from "./recipients.js";

const ENV_HELP = `Sign in with OAuth: sideconvo login (a person; kept and renewed in the config directory).
Credentials come from that login or the environment, never from arguments:
  ZENDESK_SUBDOMAIN    acme, for https://acme.zendesk.com
  ZENDESK_CLIENT_ID, ZENDESK_CLIENT_SECRET  a confidential OAuth client: client credentials (CI, servers)
  ZENDESK_OAUTH_TOKEN  an access token you manage; or, for jobs that outlive one,
  ZENDESK_OAUTH_TOKEN_COMMAND  a command that prints a fresh one (run again after a 401)
  ZENDESK_EMAIL, ZENDESK_API_TOKEN  an API token (the vendor ends them on 2027-04-30)
  SIDECONVO_BASE_URL   another server instead (a sandbox, mock or proxy), e.g. http://127.0.0.1:4010
  SIDECONVO_CONFIG_DIR where the login is kept (default ~/.config/sideconvo)
--mock runs any command against the sandbox in this process (--mock --prism: the Prism mock): no account needed.
NO_COLOR turns colours off.`;

/** Runs a command's body with a client built from the global options, then closes it. */
function withContext<A extends unknown[]>(body: (ctx: Context, ...args: A) => Promise<unknown>) {
  return async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    const ctx = await createContext(command.optsWithGlobals<GlobalOptions>());
    try {
      await body(ctx, ...(args.slice(0, -1) as A));
    } catch (error) {
      // --dry-run stops at the first request it printed: that is success.
      if (ctx.dryRun.printed) return;
      throw error;
    } finally {
      await ctx.close();
    }
  };
}

const limit = () => new Option("--limit <n>", "stop after n records").argParser(intArg("--limit"));
function intArg(name: string) {
  const parse = positiveInt(name);
  return (value: string) => {
    try {
      return parse(value);
    } catch (error) {
      throw new InvalidArgumentError((error as CliError).message);
    }
  };
}
const example = (text: string) => `\nExample:\n  ${text}\n`;

export function buildProgram(version: string): Command {
  const program = new Command("sideconvo")
    .description("Zendesk side conversations and the conversation log, from a terminal.")
    .version(version)
    // Before the subcommands are added, so they inherit it: usage errors throw instead of exiting.
    .exitOverride()
    // Through io(), like every command's output: the process's, or a test's buffers.
    .configureOutput({
      writeOut: (text) => void io().stdout.write(text),
      writeErr: (text) => void io().stderr.write(text),
    })
    .option("--mock", "run against the sandbox in this process: the whole API, no account needed")
    .option("--prism", "with --mock: the stateless contract mock (Prism) instead (needs @sideconvo/mock)")
    .option("--json", "machine output: JSON, or NDJSON for lists")
    .option("--dry-run", "print the request that would be sent (Authorization redacted) and send nothing")
    .showHelpAfterError("(add --help for usage)")
    .addHelpText("after", `\n${ENV_HELP}\n\n${EXIT_HELP}\n${example("sideconvo --mock list 42")}`);

  program
    .command("list")
    .description("list the side conversations of a ticket")
    .argument("<ticket>", "ticket id")
    .addOption(limit())
    .addHelpText("after", example("sideconvo list 42 --json | jq .subject"))
    .action(withContext((ctx, ticket: string, options: { limit?: number }) => sc.list(ctx, ticket, options)));

  program
    .command("show")
    .description("show one side conversation")
    .argument("<ticket>", "ticket id")
    .argument("<id>", "side conversation id")
    .option("--events", "with its events")
    .addHelpText("after", example("sideconvo show 42 8566255a-ece5-11e8-857d-493066fa7b17 --events"))
    .action(
      withContext((ctx, ticket: string, id: string, options: { events?: boolean }) =>
        sc.show(ctx, ticket, id, options),
      ),
    );

  program
    .command("create")
    .description("start a side conversation (asks for what is missing when run in a terminal)")
    .option("--ticket <id>", "ticket id")
    .option("--subject <text>", "subject")
    .option("--body <text>", "the message")
    .option("--html", "the body is HTML")
    .option("--to <recipients>", "comma-separated recipients, all of one type")
    .option("--attach <file...>", "files to upload and attach")
    .addHelpText(
      "after",
      `\n${RECIPIENT_HELP}\n${example('sideconvo create --ticket 42 --subject "Printer on fire" --body "Please come" --to facilities@example.com')}`,
    )
    .action(withContext((ctx, options: sc.CreateFlags) => sc.create(ctx, options)));

  program
    .command("reply")
    .description("add a message to a side conversation")
    .argument("<ticket>", "ticket id")
    .argument("<id>", "side conversation id")
    .option("--body <text>", "the message")
    .option("--html", "the body is HTML")
    .option("--to <recipients>", "comma-separated recipients, of the conversation's type")
    .option("--attach <file...>", "files to upload and attach")
    .addHelpText(
      "after",
      `\n${RECIPIENT_HELP}\n${example('sideconvo reply 42 8566255a-… --body "Any news?" --to facilities@example.com')}`,
    )
    .action(
      withContext((ctx, ticket: string, id: string, options: sc.MessageFlags) => sc.reply(ctx, ticket, id, options)),
    );

  program
    .command("update")
    .description("change the subject of a side conversation")
    .argument("<ticket>", "ticket id")
    .argument("<id>", "side conversation id")
    .option("--subject <text>", "the new subject")
    .addHelpText("after", example('sideconvo update 42 8566255a-… --subject "Printer on fire (3rd floor)"'))
    .action(
      withContext((ctx, ticket: string, id: string, options: { subject?: string }) =>
        sc.update(ctx, ticket, id, options),
      ),
    );

  for (const [name, state] of [
    ["close", "closed"],
    ["reopen", "open"],
  ] as const) {
    program
      .command(name)
      .description(`${name} a side conversation`)
      .argument("<ticket>", "ticket id")
      .argument("<id>", "side conversation id")
      .addHelpText("after", example(`sideconvo ${name} 42 8566255a-ece5-11e8-857d-493066fa7b17`))
      .action(withContext((ctx, ticket: string, id: string) => sc.setState(ctx, ticket, id, state)));
  }

  program
    .command("events")
    .description("list the events (messages and changes) of a side conversation")
    .argument("<ticket>", "ticket id")
    .argument("<id>", "side conversation id")
    .addOption(limit())
    .addHelpText("after", example("sideconvo events 42 8566255a-ece5-11e8-857d-493066fa7b17 --json"))
    .action(
      withContext((ctx, ticket: string, id: string, options: { limit?: number }) =>
        sc.events(ctx, ticket, id, options),
      ),
    );

  program
    .command("import")
    .description("import a side conversation and its history from a JSON file")
    .argument("<ticket>", "ticket id")
    .argument("<file>", 'JSON: { "side_conversation": { "subject": … }, "events": [ … ] }, as the API takes it')
    .option("--into <id>", "add the file's events to this existing side conversation instead")
    .addHelpText("after", example("sideconvo import 42 conversation.json"))
    .action(
      withContext((ctx, ticket: string, file: string, options: { into?: string }) =>
        sc.importFile(ctx, ticket, file, options),
      ),
    );

  program
    .command("attach")
    .description("upload files; prints the attachment ids to use with --attach or attachment_ids")
    .argument("<file...>", "files to upload")
    .addHelpText("after", example("sideconvo attach printer.log photo.png"))
    .action(withContext((ctx, files: string[]) => sc.attach(ctx, files)));

  program
    .command("export")
    .description("every side-conversation event of the account since a time, as NDJSON")
    .option("--since <time>", "Unix seconds, an ISO date (2026-11-01T00:00:00Z), or a duration back (24h, 7d)")
    .option("--out <file>", "write to this file instead of stdout")
    .option("--checkpoint <file>", "save progress here; run again with it to resume, nothing lost or repeated")
    .option(
      "--skip-stalled",
      "go past a second that holds more events than one page (the rest of it is skipped, said, and recorded)",
    )
    .addHelpText(
      "after",
      `${example("sideconvo export --since 7d --out events.ndjson --checkpoint export.json")}\nProgress (pages, events, rate-limit waits) shows on stderr when it is a terminal.\nAn export stuck in a busy second exits 8 and says how to resume; it never ends as if it had finished.\n`,
    )
    .action(
      withContext(async (ctx, options: import("./commands/export.js").ExportFlags) => {
        const { exportEvents } = await import("./commands/export.js");
        await exportEvents(ctx, options);
      }),
    );

  program
    .command("log")
    .description("the conversation log of a ticket: a timeline on a terminal, NDJSON otherwise")
    .argument("<ticket>", "ticket id")
    .addOption(new Option("--sort <order>", "oldest or newest first").choices(["oldest", "newest"]).default("oldest"))
    .addOption(limit())
    .addHelpText("after", example("sideconvo log 42 --sort newest --limit 20"))
    .action(
      withContext(async (ctx, ticket: string, options: { sort?: string; limit?: number }) => {
        const { log } = await import("./commands/log.js");
        await log(ctx, ticket, options);
      }),
    );

  program
    .command("login")
    .description("sign in with OAuth (authorization code with PKCE, in a browser); the login is kept and renewed")
    .option("--client-id <id>", "the account's OAuth client (default $ZENDESK_CLIENT_ID)")
    .option("--scope <scopes>", 'what to ask for, space separated (default "read write")')
    .option("--no-browser", "open nothing: print the address, and take the redirect or the address pasted back")
    .addOption(
      new Option("--port <n>", "the loopback port for the redirect (default any free one)").argParser(intArg("--port")),
    )
    .option(
      "--client-credentials",
      "sign in as a confidential client itself (secret in $ZENDESK_CLIENT_SECRET): servers; for CI set the two variables instead",
    )
    .addHelpText("after", example("sideconvo login --client-id my_app"))
    .action(async (options: import("./commands/login.js").LoginFlags, command: Command) => {
      const { login } = await import("./commands/login.js");
      const globals = command.optsWithGlobals<GlobalOptions>();
      await login({ ...options, ...(globals.json !== undefined && { json: globals.json }) });
    });

  program
    .command("logout")
    .description("forget the login of this account (its tokens are removed from the store)")
    .action(async (_options: unknown, command: Command) => {
      const { logout } = await import("./commands/login.js");
      await logout({ json: command.optsWithGlobals<GlobalOptions>().json === true });
    });

  program
    .command("auth")
    .description("the login in use: sideconvo auth status")
    .command("status")
    .description("which account, client and scopes, and when the tokens expire (never a token)")
    .action(async (_options: unknown, command: Command) => {
      const { status } = await import("./commands/login.js");
      await status({ json: command.optsWithGlobals<GlobalOptions>().json === true });
    });

  program
    .command("verify")
    .description("check a server against the spec: an account, your own fake (--base-url), a proxy; for CI")
    .option(
      "--base-url <url>",
      "verify this server instead of https://$ZENDESK_SUBDOMAIN.zendesk.com (credentials optional)",
    )
    .option("--ticket <id>", "the ticket to read (one with side conversations); default: one found in the export")
    .option(
      "--since <time>",
      "where the export's page starts: Unix seconds, ISO date, or a duration back (default 30d)",
    )
    .option(
      "--writes",
      "also create, reply, close, reopen, import and upload on --ticket (each listed before it is sent)",
    )
    .option("--writes-to <email>", "with --writes: where the test side conversation is sent")
    .addOption(
      new Option("--max-requests <n>", "send at most n requests (default 50)").argParser(intArg("--max-requests")),
    )
    .option("--junit <file>", "write a JUnit XML report (one test case per operation and check)")
    .option("--json-report <file>", "write the report as JSON (--json alone prints the summary as JSON)")
    .option("--markdown <file>", "write a Markdown report (a CI job summary, a pull-request comment)")
    .option("--show-values", "put the account's values into the reports (default: only paths, types and lengths)")
    .addHelpText(
      "after",
      `\nExit codes of verify: 0 every answer holds, 1 drift (the reports say where), 2 could not verify\n(usage, credentials, connection, no ticket). A field the spec does not describe is reported as new\nand fails nothing; a missing required field, a changed type, a broken link or cursor fails.\n${example("sideconvo verify --ticket 42 --junit verify.xml --markdown verify.md")}`,
    )
    .action(async (options: import("./commands/verify.js").VerifyFlags, command: Command) => {
      const { verifyCommand } = await import("./commands/verify.js");
      const globals = command.optsWithGlobals<GlobalOptions>();
      io().exitCode = await verifyCommand({
        ...options,
        ...(globals.json !== undefined && { json: globals.json }),
        ...(globals.mock !== undefined && { mock: globals.mock }),
        ...(globals.prism !== undefined && { prism: globals.prism }),
      });
    });

  // Commands whose flags belong to another package (the same as its own bin's): passed on as given,
  // and the package loaded only when the command runs.
  const passThrough = (name: string, description: string, run: (args: string[]) => Promise<void>) =>
    program
      .command(name)
      .description(description)
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      .argument("[flags...]")
      .action(run);
  passThrough(
    "mock",
    "start the mock API (Prism serving the spec) until Ctrl-C; sideconvo mock --help lists its flags",
    async (args) => (await import("./commands/mock.js")).mock(args),
  );
  passThrough(
    "mcp",
    "start the MCP server for AI agents (stdio; --http for Streamable HTTP); sideconvo mcp --help lists its flags",
    async (args) => (await import("./commands/mcp.js")).mcp(args),
  );

  return program;
}
