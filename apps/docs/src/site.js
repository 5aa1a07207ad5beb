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
  // On a narrow screen the links fold behind a Menu button (a disclosure: aria-expanded, Escape
  // closes it and gives the focus back); site.css shows the button and the fold under 900 px only.
  const links = nav?.querySelector(".site-links");
  if (nav && links) {
    const menu = document.createElement("button");
    menu.type = "button";
    menu.className = "menu-toggle";
    menu.textContent = "Menu";
    menu.setAttribute("aria-expanded", "false");
    menu.setAttribute("aria-controls", links.id);
    const fold = (open) => {
      nav.classList.toggle("open", open);
      menu.setAttribute("aria-expanded", String(open));
    };
    menu.addEventListener("click", () => fold(!nav.classList.contains("open")));
    nav.addEventListener("keydown", (event) => {
      const inLinks = links.contains(document.activeElement);
      if (event.key !== "Escape" || !nav.classList.contains("open") || !(inLinks || document.activeElement === menu))
        return;
      fold(false);
      if (inLinks) menu.focus();
    });
    document.addEventListener("click", (event) => {
      if (!menu.contains(event.target) && (!links.contains(event.target) || event.target.closest("a"))) fold(false);
    });
    links.before(menu);
    nav.classList.add("menu-ready");
  }
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
    // The WAI-ARIA combobox pattern: the box owns a listbox of results; arrows move the active
    // option while focus stays in the box, Enter opens it, Escape closes the list (and then clears
    // the box); a polite status says how many were found.
    const panel = document.createElement("div");
    panel.className = "site-search-results";
    panel.hidden = true;
    const list = document.createElement("div");
    list.id = "site-search-listbox";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Search results");
    const status = document.createElement("p");
    status.className = "site-search-status";
    status.setAttribute("role", "status");
    panel.append(list);
    // Inside the search landmark (the panel is placed over the page by site.css, wherever it sits).
    form.append(panel, status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    const show = (open) => {
      panel.hidden = !open;
      input.setAttribute("aria-expanded", String(open));
      if (!open) activate(-1);
    };
    const options = () => [...list.querySelectorAll('[role="option"]')];
    let active = -1;
    const activate = (index) => {
      const all = options();
      active = all.length ? Math.max(-1, Math.min(index, all.length - 1)) : -1;
      for (const [i, option] of all.entries()) option.setAttribute("aria-selected", String(i === active));
      const chosen = all[active];
      if (chosen) {
        input.setAttribute("aria-activedescendant", chosen.id);
        chosen.scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    };
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
      const p = document.createElement("span");
      p.className = "excerpt";
      for (const [index, part] of html.split(/<\/?mark>/).entries()) {
        // A <template> keeps the spaces at either end (an HTML document's parser drops a leading one).
        const template = document.createElement("template");
        template.innerHTML = part;
        const decoded = template.content.textContent ?? "";
        p.append(index % 2 ? text("mark", "", decoded) : document.createTextNode(decoded));
      }
      return p;
    };
    // Pagefind also answers a word it does not know with pages that hold a shorter word it does
    // ("sidecarxyz" finds "side"): a result is kept only if each word asked is in it, as a word or
    // the start of one (allowing a plural or tense ending). A field's or parameter's own record
    // comes first when its name is what was asked.
    const words = (query) =>
      query
        .toLowerCase()
        .split(/[^\p{L}\p{N}_]+/u)
        .filter(Boolean);
    const holds = (content, word) => {
      const stem = word.replace(/(?:es|s|ed|ing)$/, "");
      return [word, stem.length >= 3 ? stem : word].some((w) =>
        new RegExp(`(^|[^\\p{L}\\p{N}])${w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "u").test(content),
      );
    };
    const kept = (query, results) => {
      const asked = words(query);
      const matching = results.filter((result) => {
        const content = `${result.meta?.title ?? ""} ${result.content ?? ""}`.toLowerCase();
        return asked.every((word) => holds(content, word));
      });
      const exact = (result) => (result.meta?.title ?? "").toLowerCase() === query.trim().toLowerCase();
      return [...matching.filter(exact), ...matching.filter((result) => !exact(result))];
    };
    /** The panel's one line of its own ("Nothing found…", "Search could not load…"), or none. */
    const say = (message) => {
      panel.querySelector(".none")?.remove();
      if (message) panel.append(text("p", "none", message));
    };
    let asked = 0;
    const search = async () => {
      const query = input.value.trim();
      const ask = ++asked;
      if (!query) {
        show(false);
        status.textContent = "";
        return;
      }
      const found = await (await load()).debouncedSearch(query, {}, 150);
      if (ask !== asked || found === null) return;
      const ranked = await Promise.all(found.results.slice(0, 24).map((result) => result.data()));
      if (ask !== asked) return;
      const results = kept(query, ranked).slice(0, 8);
      list.replaceChildren();
      say(results.length ? "" : `Nothing found for “${query}”.`);
      for (const [index, result] of results.entries()) {
        const item = document.createElement("a");
        item.id = `site-search-option-${index}`;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.tabIndex = -1;
        // A guide's result leads to its best section; an operation's to its route in the reference.
        const best = result.sub_results?.find((sub) => sub.title !== result.meta?.title) ?? result;
        item.href = best.url;
        item.append(
          text("strong", "", result.meta?.title ?? result.url),
          ...(best !== result ? [text("span", "section", ` › ${best.title}`)] : []),
          text("span", "kind", result.meta?.kind ? ` · ${result.meta.kind}` : ""),
          excerpt(best.excerpt ?? result.excerpt),
        );
        list.append(item);
      }
      status.textContent = results.length
        ? `${results.length} result${results.length === 1 ? "" : "s"}, arrow keys to choose, Enter to open`
        : `Nothing found for “${query}”`;
      show(true);
      activate(-1);
    };
    input.addEventListener("focus", () => void load().catch(() => {}), { once: true });
    input.addEventListener("input", () => {
      search().catch((error) => {
        list.replaceChildren();
        say(`Search could not load: ${error.message}`);
        show(true);
      });
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      (options()[Math.max(active, 0)] ?? null)?.click();
    });
    input.addEventListener("keydown", (event) => {
      const count = options().length;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!count) return;
        event.preventDefault();
        if (panel.hidden) show(true);
        const step = event.key === "ArrowDown" ? 1 : -1;
        // From the box, Down goes to the first and Up to the last; past either end, back round.
        activate(active === -1 ? (step === 1 ? 0 : count - 1) : (active + step + count) % count);
      } else if ((event.key === "Home" || event.key === "End") && active !== -1) {
        event.preventDefault();
        activate(event.key === "Home" ? 0 : count - 1);
      } else if (event.key === "Escape") {
        // The first closes the list (keeping the words: a search box would clear them itself).
        if (!panel.hidden) {
          event.preventDefault();
          show(false);
        } else input.value = "";
      }
    });
    document.addEventListener("click", (event) => {
      if (!form.contains(event.target) && !panel.contains(event.target)) show(false);
      if (panel.contains(event.target) && event.target.closest("a")) show(false);
    });
  }

  // The reference: each operation's "Try it" link opens the console over the page for that
  // operation, loading the console's script on the first click. Elsewhere the link opens console.html.
  if (!document.body.classList.contains("site")) {
    // Redoc's sidebar is no landmark of its own: named as the reference's navigation, so that
    // every part of the page sits in one (kept through Redoc's re-renders).
    const landmark = () => {
      const menu = document.querySelector("#redoc .menu-content");
      if (menu && menu.getAttribute("role") !== "navigation") {
        menu.setAttribute("role", "navigation");
        menu.setAttribute("aria-label", "API reference");
      }
    };
    new MutationObserver(landmark).observe(document.documentElement, { childList: true, subtree: true });
    // The tab names what is on the screen: "Create a side conversation · <the API's title>".
    const titles = (() => {
      try {
        return JSON.parse(document.getElementById("sc-routes")?.textContent ?? "{}");
      } catch {
        return {};
      }
    })();
    const base = titles["/"] || document.title;
    const name = () => {
      const route = decodeURIComponent(location.hash.slice(1));
      const title = route && route !== "/" ? titles[route] : "";
      document.title = title ? `${title} · ${base}` : base;
    };
    addEventListener("hashchange", name);
    addEventListener("popstate", name);
    // Redoc moves between routes with the History API, which fires no hashchange.
    for (const method of ["pushState", "replaceState"]) {
      const original = history[method];
      history[method] = function (...args) {
        const result = original.apply(this, args);
        name();
        return result;
      };
    }
    name();
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
