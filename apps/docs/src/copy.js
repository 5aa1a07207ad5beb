// A copy button on each code block of the guides and the landing page. Without this script (or
// without a clipboard), the blocks are as they were: the page works without it.
import { copyButton } from "./copy-button.js";

for (const pre of document.querySelectorAll("body.site pre")) {
  const code = pre.querySelector("code");
  if (code) pre.append(copyButton(() => (code.textContent ?? "").replace(/\n$/, "")));
}
