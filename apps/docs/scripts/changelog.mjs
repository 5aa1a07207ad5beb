// The changelog page, from what changesets keeps: the pending changesets (.changeset/*.md, what the
// next release will say) and each published package's CHANGELOG.md (written by `changeset version`
// when a release is cut). Returned as the Markdown of a page, rendered like the guides.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The day each changeset came into the repository's history (YYYY-MM-DD), by file name, from one
 * `git log`; empty outside git. A file added more than once counts from its latest addition.
 */
function addedDays(repo) {
  const log = spawnSync("git", ["log", "--diff-filter=A", "--format=%x00%cs", "--name-only", "--", ".changeset"], {
    cwd: repo,
    encoding: "utf8",
  });
  const days = new Map();
  if (log.status !== 0) return days;
  for (const entry of log.stdout.split("\0").slice(1)) {
    const [day, ...files] = entry.trim().split("\n");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day ?? "")) continue;
    for (const file of files.filter(Boolean)) if (!days.has(file)) days.set(file, day);
  }
  return days;
}

/** The pending changesets: the packages each bumps (and how), the day each was written, and its text. */
export function pendingChangesets(repo) {
  const dir = join(repo, ".changeset");
  if (!existsSync(dir)) return [];
  const added = addedDays(repo);
  return readdirSync(dir)
    .filter((name) => name.endsWith(".md") && name !== "README.md")
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), "utf8");
      const front = /^---\n([\s\S]*?)\n---\n/.exec(text);
      const bumps = [...(front?.[1] ?? "").matchAll(/"([^"]+)":\s*(patch|minor|major)/g)].map(([, pkg, bump]) => ({
        pkg,
        bump,
      }));
      return {
        name,
        bumps,
        added: added.get(`.changeset/${name}`),
        body: text.slice(front?.[0].length ?? 0).trim(),
      };
    });
}

/** Each package's released notes: `<folder>/CHANGELOG.md` of openapi/ and packages/*. */
export function releasedChangelogs(repo) {
  const folders = [
    "openapi",
    ...(existsSync(join(repo, "packages"))
      ? readdirSync(join(repo, "packages")).map((name) => `packages/${name}`)
      : []),
  ];
  return folders
    .filter((folder) => existsSync(join(repo, folder, "CHANGELOG.md")))
    .map((folder) => {
      const text = readFileSync(join(repo, folder, "CHANGELOG.md"), "utf8");
      const name = /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? folder;
      // Its own title dropped, its release headings moved under the package's.
      const body = text
        .replace(/^#\s+.+\n/, "")
        .replace(/^(#{2,4}) /gm, (_, hashes) => `${hashes}# `)
        .trim();
      return { name, body };
    });
}

export function changelogMarkdown(repo) {
  const pending = pendingChangesets(repo);
  const released = releasedChangelogs(repo);
  const lines = [
    "---",
    "title: Changelog",
    "description: What changed in the sideconvo packages: the changes waiting for the next release, and each release's notes.",
    "---",
    "",
    "# Changelog",
    "",
    "What changed in the published packages. **Unreleased** lists the changesets waiting for the next",
    "release, each with the day it was written; the notes of each release follow, as each package's",
    "`CHANGELOG.md` has them, with their dates.",
    "",
    "## Unreleased",
    "",
  ];
  if (!pending.length) lines.push("Nothing waits for a release.", "");
  for (const change of pending) {
    lines.push(
      `### ${change.bumps.map(({ pkg, bump }) => `${pkg} (${bump})`).join(", ")}`,
      "",
      change.added ? `*Written ${change.added}.*` : "*Not committed yet.*",
      "",
      change.body,
      "",
    );
  }
  for (const { name, body } of released) lines.push(`## ${name}`, "", body, "");
  if (!released.length) lines.push("## Released", "", "No release has been cut yet.", "");
  return `${lines.join("\n")}\n`;
}
