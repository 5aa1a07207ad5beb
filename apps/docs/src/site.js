// The site's one small script, on every page (the reference included, where it runs before Redoc's
// bundle): the search box, the light/dark switch of the guides, and the reference's "Try it"
// links. Each part is optional: without this script the pages read and link the same.
(() => {
  const root = new URL(".", document.currentScript?.src ?? location.href);
  const html = document.documentElement;

  // Light or dark: the reader's choice is kept where Redoc's own toggle keeps it
  // (localStorage "redoc.colorMode"), so the guides and the reference follow the same choice.
  // The guides get a switch in the bar; the reference has Redoc's.
  const dark = () =>
    html.classList.contains("dark") ||
    (!html.classList.contains("light") && matchMedia("(prefers-color-scheme: dark)").matches);
  const nav = document.querySelector(".site-nav");
  if (nav && document.body.classList.contains("site")) {
    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "theme-toggle";
    const label = () => {
      toggle.textContent = dark() ? "Light" : "Dark";
      toggle.setAttribute("aria-label", dark() ? "Switch to light mode" : "Switch to dark mode");
    };
    toggle.addEventListener("click", () => {
      const next = dark() ? "light" : "dark";
      html.classList.remove("light", "dark");
      html.classList.add(next);
      try {
        localStorage.setItem("redoc.colorMode", next);
      } catch {}
      label();
    });
    label();
    nav.append(toggle);
  }

  // Search: Pagefind's index of the guides, the landing page and every operation of the reference
  // (built by the docs build into pagefind/). Its script and index load on the first focus, so a
  // page pays nothing until the reader searches.
  const form = document.querySelector(".site-search");
  const input = form?.querySelector("input");
  if (form && input) {
    form.hidden = false;
    const panel = document.createElement("div");
    panel.className = "site-search-results";
    panel.hidden = true;
    panel.setAttribute("role", "region");
    panel.setAttribute("aria-label", "Search results");
    document.body.append(panel);
    let pagefind;
    const load = () => {
      pagefind ??= import(new URL("pagefind/pagefind.js", root).href).then(async (module) => {
        await module.options({ baseUrl: root.pathname });
        module.init();
        return module;
      });
      return pagefind;
    };
    const text = (tag, className, content) => {
      const element = document.createElement(tag);
      if (className) element.className = className;
      element.textContent = content;
      return element;
    };
    // Pagefind's excerpts are text with <mark> around the words found; only <mark> is kept.
    const excerpt = (html) => {
      const p = document.createElement("p");
      for (const [index, part] of html.split(/<\/?mark>/).entries()) {
        // A <template> keeps the spaces at either end (an HTML document's parser drops a leading one).
        const template = document.createElement("template");
        template.innerHTML = part;
        const decoded = template.content.textContent ?? "";
        p.append(index % 2 ? text("mark", "", decoded) : document.createTextNode(decoded));
      }
      return p;
    };
    let asked = 0;
    const search = async () => {
      const query = input.value.trim();
      const ask = ++asked;
      if (!query) {
        panel.hidden = true;
        return;
      }
      const found = await (await load()).debouncedSearch(query, {}, 150);
      if (ask !== asked || found === null) return;
      const results = await Promise.all(found.results.slice(0, 8).map((result) => result.data()));
      if (ask !== asked) return;
      panel.replaceChildren();
      if (!results.length) panel.append(text("p", "none", `Nothing found for “${query}”.`));
      for (const result of results) {
        const item = document.createElement("a");
        // A guide's result leads to its best section; an operation's to its route in the reference.
        const best = result.sub_results?.find((sub) => sub.title !== result.meta?.title) ?? result;
        item.href = best.url;
        item.append(
          text("strong", "", result.meta?.title ?? result.url),
          ...(best !== result ? [text("span", "section", ` › ${best.title}`)] : []),
          text("span", "kind", result.meta?.kind ? ` · ${result.meta.kind}` : ""),
          excerpt(best.excerpt ?? result.excerpt),
        );
        panel.append(item);
      }
      panel.hidden = false;
    };
    input.addEventListener("focus", () => void load().catch(() => {}), { once: true });
    input.addEventListener("input", () => {
      search().catch((error) => {
        panel.replaceChildren(text("p", "none", `Search could not load: ${error.message}`));
        panel.hidden = false;
      });
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      panel.querySelector("a")?.click();
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        input.value = "";
        panel.hidden = true;
      }
    });
    document.addEventListener("click", (event) => {
      if (!form.contains(event.target) && !panel.contains(event.target)) panel.hidden = true;
      if (panel.contains(event.target) && event.target.closest("a")) panel.hidden = true;
    });
  }

  // The reference: each operation's "Try it" link opens the console over the page for that
  // operation, loading the console's script on the first click. Elsewhere the link opens console.html.
  if (!document.body.classList.contains("site")) {
    let loading;
    document.addEventListener("click", (event) => {
      const link = event.target instanceof Element ? event.target.closest('a[href^="console.html#"]') : null;
      if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      const operationId = link.getAttribute("href").slice("console.html#".length);
      loading ??= new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = new URL("console.js", root).href;
        script.onload = resolve;
        script.onerror = () => reject(new Error("console.js did not load"));
        document.head.append(script);
      });
      loading
        .then(() => window.sideconvoConsole.open(operationId))
        .catch(() => {
          location.href = link.href;
        });
    });
  }
})();
