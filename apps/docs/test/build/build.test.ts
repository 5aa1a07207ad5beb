import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { markup } from "../../scripts/checks.mjs";

// The build script as a child process, on broken copies of the real spec and content: each
// problem must stop the build with a message that names the place.
const appDir = fileURLToPath(new URL("../..", import.meta.url));
const specFile = join(appDir, "../../openapi/dist/openapi.json");
const realSpec = () => JSON.parse(readFileSync(specFile, "utf8"));

function build({
  spec = realSpec(),
  edit,
  repo,
}: {
  spec?: unknown;
  edit?: (contentDir: string) => void;
  repo?: string;
} = {}) {
  const dir = mkdtempSync(join(tmpdir(), "sideconvo-docs-"));
  writeFileSync(join(dir, "openapi.json"), JSON.stringify(spec));
  cpSync(join(appDir, "content"), join(dir, "content"), { recursive: true });
  edit?.(join(dir, "content"));
  const run = spawnSync(
    process.execPath,
    [
      "scripts/build.mjs",
      "--spec",
      join(dir, "openapi.json"),
      "--content",
      join(dir, "content"),
      "--out",
      join(dir, "out"),
      ...(repo ? ["--repo", repo] : []),
    ],
    { cwd: appDir, encoding: "utf8" },
  );
  return { ...run, out: join(dir, "out") };
}

describe("the docs build refuses", () => {
  it("a $ref that resolves to nothing, naming it and where it is", () => {
    const spec = realSpec();
    spec.paths["/api/v2/tickets/{ticket_id}/side_conversations"].get.responses["404"] = {
      $ref: "#/components/responses/NoSuchResponse",
    };
    const run = build({ spec });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('$ref "#/components/responses/NoSuchResponse" resolves to nothing');
    expect(run.stderr).toContain("#/paths/~1api~1v2~1tickets~1{ticket_id}~1side_conversations/get/responses/404");
    expect(existsSync(run.out), "nothing is written").toBe(false);
  });

  it("an operation whose response has no example", () => {
    const spec = realSpec();
    const media =
      spec.paths["/api/v2/tickets/{ticket_id}/conversation_log"].get.responses["200"].content["application/json"];
    delete media.examples;
    delete media.example;
    const run = build({ spec });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      "listConversationLog (GET /api/v2/tickets/{ticket_id}/conversation_log): the 200 application/json response has no example",
    );
  });

  it("an operation without its TypeScript or curl sample", () => {
    const spec = realSpec();
    spec.paths["/api/v2/tickets/side_conversations/events"].get["x-codeSamples"].pop();
    const run = build({ spec });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      "exportSideConversationEvents (GET /api/v2/tickets/side_conversations/events): no Shell sample",
    );
  });

  it("a guide that links to a page, a heading or a reference route that does not exist", () => {
    const run = build({
      edit: (content) => {
        const guide = join(content, "guides/getting-started.md");
        writeFileSync(
          guide,
          `${readFileSync(guide, "utf8")}\n[a](no-such-guide.html) [b](contract-testing.html#no-such-heading) [c](../reference.html#/side-conversations/nosuchop) [d](../../outside.html)\n`,
        );
      },
    });
    expect(run.status).toBe(1);
    for (const problem of [
      'guides/getting-started.html: href="no-such-guide.html" links to guides/no-such-guide.html, which the site does not have',
      'guides/getting-started.html: href="contract-testing.html#no-such-heading": guides/contract-testing.html has no heading #no-such-heading',
      'guides/getting-started.html: href="../reference.html#/side-conversations/nosuchop": the reference has no route #/side-conversations/nosuchop',
      'guides/getting-started.html: href="../../outside.html" leaves the site',
    ])
      expect(run.stderr).toContain(problem);
  });

  it("a page that would load something from another origin", () => {
    const run = build({
      edit: (content) =>
        writeFileSync(join(content, "index.md"), "---\ntitle: x\n---\n![logo](https://cdn.example.com/logo.png)\n"),
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('index.html: src="https://cdn.example.com/logo.png" loads from another origin');
  });

  it("a root-absolute link, which would leave a sub-path", () => {
    const run = build({
      edit: (content) => writeFileSync(join(content, "index.md"), "---\ntitle: x\n---\n[guides](/guides/cli.html)\n"),
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'index.html: href="/guides/cli.html" is root-absolute: under a sub-path (as /sideconvo/) it leads out of the site',
    );
  });

  it("a code block in a language it does not highlight", () => {
    const run = build({
      edit: (content) => writeFileSync(join(content, "index.md"), "---\ntitle: x\n---\n```cobol\nDISPLAY 'x'.\n```\n"),
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('index.md: a code block in "cobol": mark it ts, typescript');
  });

  it("a page without a title", () => {
    const run = build({ edit: (content) => writeFileSync(join(content, "index.md"), "# no front matter\n") });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("index.md: no front matter");
  });
});

describe("the built site (apps/docs/dist, from `turbo run build`)", () => {
  const dist = join(appDir, "dist");
  const pages = [
    "index.html",
    "reference.html",
    "console.html",
    ...readdirSync(join(appDir, "content/guides")).map((name) => `guides/${name.replace(/\.md$/, ".html")}`),
  ];

  it("has the landing page, the reference and one page per guide", () => {
    for (const page of pages) expect(existsSync(join(dist, page)), page).toBe(true);
  });

  it("names no CDN address in the reference, and links every page relatively, the reference too", () => {
    const reference = readFileSync(join(dist, "reference.html"), "utf8");
    expect(reference).not.toMatch(/cdn\.redoc\.ly/);
    expect(readFileSync(join(dist, "reference.js"), "utf8")).not.toMatch(/cdn\.redoc\.ly/);
    expect(reference).toContain('<nav class="site-nav"');
    // Redoc prerenders its sidebar with href="/side-conversations"; the build makes them routes.
    expect(reference).toContain('href="#/side-conversations"');
    for (const page of pages) {
      expect(markup(readFileSync(join(dist, page), "utf8")), page).not.toMatch(/\s(href|src)="\/(?!\/)/); // no root-absolute link: sub-paths work
    }
  });

  it("highlights the guides' code at build time; the scripts are small and deferred, the console's on its page only", () => {
    for (const page of pages.filter((page) => page !== "reference.html")) {
      const html = readFileSync(join(dist, page), "utf8");
      const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
      expect(scripts, page).toEqual([
        // The light/dark choice, inline so that it applies before the first paint.
        "<script>",
        expect.stringMatching(/^<script src="(\.\.\/)?copy\.js" defer>$/),
        expect.stringMatching(/^<script src="(\.\.\/)?site\.js" defer>$/),
        ...(page === "console.html" ? ['<script src="console.js" defer>'] : []),
      ]);
      expect(html.match(/<script>([^<]*)<\/script>/)?.[1], page).toContain('localStorage.getItem("redoc.colorMode")');
    }
    expect(readFileSync(join(dist, "copy.js"), "utf8").length).toBeLessThan(2_000);
    expect(readFileSync(join(dist, "site.js"), "utf8").length).toBeLessThan(10_000);
    const guide = readFileSync(join(dist, "guides/contract-testing.html"), "utf8");
    expect(guide).toMatch(/<code class="hljs language-ts"><span class="hljs-keyword">import<\/span>/);
    expect(guide).toMatch(/<code class="hljs language-sh">/);
    expect(readFileSync(join(dist, "site.css"), "utf8")).toMatch(/body\.site \.hljs-keyword/);
  });
});

// What tools read: the spec to download, Markdown twins, llms.txt, the sitemap, and a description
// on every page; checked on the site as built (dist/, made by the build task before the tests).
describe("the pages for tools", () => {
  const dist = join(appDir, "dist");
  const read = (path: string) => readFileSync(join(dist, path), "utf8");
  const htmlPages = [
    "index.html",
    "reference.html",
    ...readdirSync(join(dist, "guides"))
      .filter((f) => f.endsWith(".html"))
      .map((f) => `guides/${f}`),
    "changelog.html",
    "console.html",
  ];
  const operationIds = Object.values(
    realSpec().paths as Record<string, Record<string, { operationId?: string }>>,
  ).flatMap((item) => Object.values(item).flatMap((op) => (op?.operationId ? [op.operationId] : [])));

  it("serves the spec as JSON and YAML, the same document", () => {
    expect(JSON.parse(read("openapi.json"))).toEqual(realSpec());
    expect(parseYaml(read("openapi.yaml"))).toEqual(realSpec());
  });

  it("has a Markdown twin of every page, and of every operation with its method, path and samples", () => {
    for (const page of htmlPages.filter((p) => p !== "reference.html")) {
      const twin = read(page.replace(/\.html$/, ".md"));
      expect(twin, page).toMatch(/^# /m);
      expect(twin).not.toMatch(/^---\ntitle:/);
    }
    expect(operationIds).toHaveLength(11);
    for (const id of operationIds) {
      const md = read(`reference/${id}.md`);
      expect(md, id).toMatch(/^# .+\n\n`(GET|POST|PUT) \/api\/v2\/\S+`/);
      expect(md).toContain("```ts");
      expect(md).toContain("## Responses");
    }
  });

  it("has an llms.txt whose every link is a file of the site", () => {
    const text = read("llms.txt");
    expect(text).toMatch(/^# sideconvo\n\n> /);
    const links = [...text.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1] as string);
    // Every page but the reference (whose twins are the operations): overview, guides, console,
    // changelog; each operation; the whole site in one file; the two forms of the spec.
    expect(links.length).toBe(htmlPages.length - 1 + operationIds.length + 1 + 2);
    for (const link of links) expect(existsSync(join(dist, link)), link).toBe(true);
    expect(links).toContain("console.md");
    expect(links).toContain("llms-full.txt");
  });

  it("has an llms-full.txt: the whole site as one Markdown file, every page and operation once", () => {
    const full = read("llms-full.txt");
    for (const page of htmlPages.filter((p) => p !== "reference.html")) {
      const twin = page.replace(/\.html$/, ".md");
      expect(full.split(`<!-- ${twin} -->`).length - 1, twin).toBe(1);
      // The page's own text, not only its address.
      expect(full, twin).toContain(read(twin).trim().split("\n")[0] ?? "");
    }
    for (const id of operationIds) {
      expect(full.split(`<!-- reference/${id}.md -->`).length - 1, id).toBe(1);
      expect(full).toContain(read(`reference/${id}.md`).trim());
    }
  });

  it("names its own icon on every page (none asked of the server's root), and has a 404 page whose links work at any depth", () => {
    expect(read("favicon.svg")).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    for (const page of htmlPages)
      expect(read(page), page).toMatch(/<link rel="icon" href="(\.\.\/)?favicon\.svg" type="image\/svg\+xml">/);
    const notFound = read("404.html");
    // GitHub Pages serves it for a missing address at any depth: its links start from <base>.
    expect(notFound).toContain('<base href="/sideconvo/">');
    expect(notFound).toContain('<h1 id="page-not-found">Page not found</h1>');
    for (const [, href] of notFound.matchAll(/<a href="([^"#]+)"/g))
      expect(existsSync(join(dist, href as string)), href).toBe(true);
    expect(read("sitemap.xml")).not.toContain("404.html");
  });

  it("dates each change waiting for a release, and says no release has been cut", () => {
    const changelog = read("changelog.md");
    const pending = readdirSync(join(appDir, "../../.changeset")).filter((f) => f.endsWith(".md") && f !== "README.md");
    expect(changelog.match(/^\*(Written \d{4}-\d{2}-\d{2}|Not committed yet)\.\*$/gm)?.length).toBe(pending.length);
    expect(changelog).toMatch(/^\*Written 20\d\d-\d\d-\d\d\.\*$/m);
    expect(changelog).toContain("No release has been cut yet.");
  });

  it("has a sitemap of every HTML page under the site's address", () => {
    const locs = [...read("sitemap.xml").matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(locs).toHaveLength(htmlPages.length);
    for (const page of htmlPages)
      expect(locs).toContain(`https://sideconvo.github.io/sideconvo/${page === "index.html" ? "" : page}`);
  });

  it("gives every HTML page one description of a sentence or two", () => {
    for (const page of htmlPages) {
      const found = [...read(page).matchAll(/<meta name="description" content="([^"]*)">/g)].map((m) => m[1] ?? "");
      expect(found, page).toHaveLength(1);
      expect((found[0] ?? "").length, page).toBeGreaterThan(40);
      expect((found[0] ?? "").length, page).toBeLessThanOrEqual(200);
    }
  });

  it("links the spec from every page's bar and from the landing page", () => {
    for (const page of htmlPages) expect(read(page), page).toMatch(/<a href="(\.\.\/)?openapi\.yaml" class="download"/);
    expect(read("index.html")).toContain('href="openapi.json"');
  });
});

// A reader runs `npx <command>` where a page says so: npx finds a command only in a package the
// project has installed, or fetches the package named (`npx @sideconvo/mock`). A bare command of a
// package the page never had the reader install does not run (npx would look for an unscoped
// package of that name).
describe("the npx commands of the pages", () => {
  const BINS: Record<string, string> = {
    "sideconvo-mock": "@sideconvo/mock",
    "sideconvo-mcp": "@sideconvo/mcp",
    "sideconvo-sandbox": "@sideconvo/sandbox",
    sideconvo: "@sideconvo/cli",
  };
  const contentDir = join(appDir, "content");
  const pages = ["index.md", ...readdirSync(join(contentDir, "guides")).map((name) => `guides/${name}`)];

  /** Each `npx <bin>` whose package the page has not installed before it. */
  function unrunnable(text: string): string[] {
    const problems: string[] = [];
    // npx's own flags (`npx -y @sideconvo/mcp`) come before the command.
    for (const match of text.matchAll(/npx (?:-[\w-]+ )*([@\w/.-]+)/g)) {
      const bin = match[1] as string;
      if (bin.startsWith("@")) continue; // the package itself, fetched by npx
      const before = text.slice(0, match.index);
      const installed = [...before.matchAll(/npm install[^\n`]*/g)].some((install) =>
        install[0].split(/\s+/).includes(BINS[bin] ?? `${bin} (unknown)`),
      );
      if (!installed) problems.push(`npx ${bin} (from ${BINS[bin] ?? "no package of ours"})`);
    }
    return problems;
  }

  it.each(pages)("%s: every npx command runs where the page has the reader", (page) => {
    expect(unrunnable(readFileSync(join(contentDir, page), "utf8"))).toEqual([]);
  });

  it("would report the landing page's old `npx sideconvo-mock` after installing only the client (control)", () => {
    expect(unrunnable("npm install @sideconvo/client\n\nRun the mock (`npx sideconvo-mock`)")).toEqual([
      "npx sideconvo-mock (from @sideconvo/mock)",
    ]);
    // npx's flags are skipped, not taken for the command.
    expect(unrunnable("Run `npx -y sideconvo-mcp`")).toEqual(["npx sideconvo-mcp (from @sideconvo/mcp)"]);
  });
});

// The changelog page: the pending changesets of the repository (what the next release will say)
// and each package's CHANGELOG.md once a release has written one.
describe("the changelog page", () => {
  it("lists every pending changeset of the repository, and the landing page links to it", () => {
    const dist = join(appDir, "dist");
    const page = readFileSync(join(dist, "changelog.html"), "utf8");
    const pending = readdirSync(join(appDir, "../../.changeset")).filter((f) => f.endsWith(".md") && f !== "README.md");
    expect(pending.length).toBeGreaterThan(0);
    for (const file of pending) {
      const text = readFileSync(join(appDir, "../../.changeset", file), "utf8");
      const packages = [...text.matchAll(/^"([^"]+)": (patch|minor|major)$/gm)].map((m) => `${m[1]} (${m[2]})`);
      expect(page, file).toContain(`${packages.join(", ")}</h3>`);
    }
    expect(readFileSync(join(dist, "index.html"), "utf8")).toContain('href="changelog.html"');
    expect(readFileSync(join(dist, "changelog.md"), "utf8")).toMatch(/^# Changelog/m);
  });

  it("shows a release's notes under its package once a CHANGELOG.md exists, and says when nothing waits", () => {
    const repo = mkdtempSync(join(tmpdir(), "sideconvo-repo-"));
    cpSync(join(appDir, "../../.changeset/README.md"), join(repo, ".changeset/README.md"), { recursive: true });
    mkdirSync(join(repo, "packages/client"), { recursive: true });
    writeFileSync(
      join(repo, "packages/client/CHANGELOG.md"),
      "# @sideconvo/client\n\n## 0.2.0\n\n### Minor Changes\n\n- abc123: The clock option.\n",
    );
    const run = build({ repo });
    expect(run.status, run.stderr).toBe(0);
    const page = readFileSync(join(run.out, "changelog.html"), "utf8");
    expect(page).toContain("Nothing waits for a release.");
    expect(page).toMatch(
      /<h2 id="sideconvoclient">@sideconvo\/client<\/h2>[\s\S]*<h3 id="020">0\.2\.0<\/h3>[\s\S]*The clock option\./,
    );
    expect(page).not.toContain("No release has been cut yet.");
  });
});

// Guides and operations link each other: a guide's front matter names the operations it uses; the
// guide links them under its title, and each operation's description in the reference links back.
describe("guides and operations, linked both ways", () => {
  const dist = join(appDir, "dist");
  const guideFiles = readdirSync(join(appDir, "content/guides"));
  const frontMatterOps = (name: string) =>
    (readFileSync(join(appDir, "content/guides", name), "utf8").match(/^operations: (.+)$/m)?.[1] ?? "")
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean);
  // What a guide's code calls, by the client's helpers and the CLI's commands.
  const CALLS: Array<[RegExp, string]> = [
    [/sideConversations\.list\(|iterate\.sideConversations\(|sideconvo (--mock )?list /, "listSideConversations"],
    [/sideConversations\.show\(|sideconvo (--mock )?show /, "showSideConversation"],
    [/sideConversations\.create\(|sideconvo (--mock )?create/, "createSideConversation"],
    [/sideConversations\.reply\(|sideconvo (--mock )?reply /, "replyToSideConversation"],
    [/sideConversations\.(update|close|reopen)\(|sideconvo (--mock )?(close|reopen|update) /, "updateSideConversation"],
    [/sideConversations\.import\(/, "importSideConversation"],
    [/sideConversations\.importEvents\(/, "importSideConversationEvents"],
    [/sideConversations\.events\(|iterate\.events\(/, "listSideConversationEvents"],
    [/exportEvents\(|sideconvo (--mock )?export /, "exportSideConversationEvents"],
    [/uploadAttachment\(/, "uploadSideConversationAttachment"],
    [/conversationLog\.list\(|iterate\.conversationLog\(|sideconvo (--mock )?log /, "listConversationLog"],
  ];

  it.each(guideFiles)("%s names every operation its code calls, and at least one", (name) => {
    const source = readFileSync(join(appDir, "content/guides", name), "utf8");
    const code = [...source.matchAll(/```\w*\n([\s\S]*?)```/g)].map((m) => m[1]).join("\n");
    const called = CALLS.filter(([pattern]) => pattern.test(code)).map(([, id]) => id);
    expect(frontMatterOps(name).length).toBeGreaterThan(0);
    expect(frontMatterOps(name)).toEqual(expect.arrayContaining(called));
  });

  it("each guide links its operations' routes in the reference, and each operation links its guides and the console", () => {
    // The spec Redoc renders is embedded in its script, reference.js.
    const reference = readFileSync(join(dist, "reference.js"), "utf8");
    const spec = realSpec();
    for (const name of guideFiles) {
      const html = readFileSync(join(dist, "guides", name.replace(/\.md$/, ".html")), "utf8");
      const uses = html.match(/<p class="uses"[^>]*>([\s\S]*?)<\/p>/)?.[1] ?? "";
      const linked = [...uses.matchAll(/href="\.\.\/reference\.html#\/[^/]+\/([a-z]+)"/g)].map((m) => m[1]);
      expect(linked, name).toEqual(frontMatterOps(name).map((id) => id.toLowerCase()));
    }
    // Redoc renders the operations from the spec embedded in the page: their descriptions are
    // Markdown there (the browser tests follow the rendered links).
    for (const item of Object.values(spec.paths) as Array<Record<string, { operationId?: string }>>)
      for (const op of Object.values(item)) {
        const id = op.operationId;
        if (!id) continue;
        const using = guideFiles.filter((file) => frontMatterOps(file).includes(id));
        const titles = using.map((file) => {
          const title = readFileSync(join(appDir, "content/guides", file), "utf8").match(/^title: (.+)$/m)?.[1];
          return `[${title}](guides/${file.replace(".md", ".html")})`;
        });
        const start = reference.indexOf(`**[Try it](console.html#${id})** in the console`);
        expect(start, id).toBeGreaterThan(0);
        // The first line of the description (the embedded JSON writes its line breaks as \n).
        const line = reference.slice(start, reference.indexOf("\\n", start));
        expect(line.match(/\]\(guides\//g)?.length ?? 0, line).toBe(titles.length);
        for (const title of titles) expect(line, id).toContain(title);
      }
  });

  it("the console page lists every operation under its id, each linking its route", () => {
    const html = readFileSync(join(dist, "console.html"), "utf8");
    const spec = realSpec();
    const ids = (Object.values(spec.paths) as Array<Record<string, { operationId?: string }>>).flatMap((item) =>
      Object.values(item).flatMap((op) => (op.operationId ? [op.operationId] : [])),
    );
    for (const id of ids)
      expect(html, id).toMatch(new RegExp(`<li id="${id}"><a href="reference\\.html#/[^"]+/${id.toLowerCase()}">`));
    expect(existsSync(join(dist, "console.js"))).toBe(true);
    expect(existsSync(join(dist, "pagefind/pagefind.js"))).toBe(true);
    // Pagefind's ready-made UIs are not shipped: the site's own box uses its search API.
    expect(readdirSync(join(dist, "pagefind")).filter((f) => /-ui/.test(f))).toEqual([]);
  });

  it("refuses a guide that names an operation the spec does not have", () => {
    const run = build({
      edit: (content) => {
        const file = join(content, "guides/sandbox.md");
        writeFileSync(
          file,
          readFileSync(file, "utf8").replace(/^operations: /m, "operations: listSideConversationz, "),
        );
      },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('guides/sandbox.html: the front matter names the operation "listSideConversationz"');
  });
});

describe("the reference's script, out of the page", () => {
  it("keeps the page small and loads Redoc itself only for a route or on the reader's first sign of use", () => {
    const dist = join(appDir, "dist");
    const html = readFileSync(join(dist, "reference.html"), "utf8");
    const script = readFileSync(join(dist, "reference.js"), "utf8");
    // Redoc's 2.4 MB are no longer part of the HTML the first paint waits for.
    expect(html.length).toBeLessThan(400_000);
    expect(script.length).toBeGreaterThan(1_000_000);
    expect(html).not.toMatch(/<script type="module">/);
    const loader = html.match(/<script>(\(\(\) => \{[\s\S]*?)<\/script>\s*<\/body>/)?.[1] ?? "";
    expect(loader).toContain('script.src = "reference.js"');
    // A link to a route is marked in the head, before the first paint; the loader reads the mark.
    const head = html.slice(0, html.indexOf("</head>"));
    expect(head).toMatch(/if\(location\.hash\.length>1\)\{document\.documentElement\.classList\.add\("sc-routing"\)/);
    expect(loader).toContain('classList.contains("sc-routing")) load();');
  });
});

// A reader copies a page's install line, then its code: every package the code imports is in it.
describe("the install lines of the pages", () => {
  const contentDir = join(appDir, "content");
  const pages = ["index.md", ...readdirSync(join(contentDir, "guides")).map((name) => `guides/${name}`)];
  it.each(pages)("%s: every package its code imports is in one of its npm install lines", (page) => {
    const text = readFileSync(join(contentDir, page), "utf8");
    const code = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).join("\n");
    const imported = new Set(
      [...code.matchAll(/from "((?:@[^/"]+\/)?[^/"]+)[^"]*"/g)]
        .map((m) => m[1] as string)
        .filter((name) => !name.startsWith("node:") && !name.startsWith(".")),
    );
    const installed = new Set(
      [...text.matchAll(/npm install[^\n`]*/g)].flatMap((m) =>
        m[0]
          .split(/\s+/)
          .slice(2)
          .filter((word) => !word.startsWith("-"))
          .map((word) => word.replace(/(.)@[^/]*$/, "$1")),
      ),
    );
    expect(
      [...imported].filter((name) => !installed.has(name)),
      page,
    ).toEqual([]);
  });
});

// A block that uses a name it does not make (the client `zd`, the reader's own `save`) says, before
// it on its page, what it continues from; the compile check declares those names (PRELUDE).
describe("the code blocks that continue from elsewhere", () => {
  const contentDir = join(appDir, "content");
  const pages = ["index.md", ...readdirSync(join(contentDir, "guides")).map((name) => `guides/${name}`)];
  const NAMES: [name: string, used: RegExp, made: RegExp, said: RegExp][] = [
    [
      "zd",
      /\bzd\./,
      /const zd\b/,
      /getting-started\.html#create-a-client\)?:? `zd`|`zd`[^.]*\(getting-started\.html#create-a-client\)/,
    ],
    ["save", /\bsave\(/, /function save\b|const save\b/, /`save\(event\)`/],
    ["saveCheckpoint", /\bsaveCheckpoint\(/, /function saveCheckpoint\b/, /`saveCheckpoint\(checkpoint\)`/],
    ["readFile", /\breadFile\(/, /import[^;]*\breadFile\b/, /`readFile` is Node's/],
  ];
  it.each(pages)("%s", (page) => {
    const text = readFileSync(join(contentDir, page), "utf8");
    const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)];
    for (const [name, used, made, said] of NAMES) {
      const first = blocks.find((block) => used.test(block[1] ?? ""));
      if (!first) continue;
      const making = blocks.find((block) => made.test(block[1] ?? ""));
      if (making && (making.index ?? 0) <= (first.index ?? 0)) continue;
      expect(text.slice(0, first.index).replace(/\n/g, " "), `${page}: where \`${name}\` comes from`).toMatch(said);
    }
  });
});
