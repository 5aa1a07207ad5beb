// What a reader sees of a page's layout, measured in the browser: each function runs in the page
// (page.evaluate) and returns plain data; the tests turn it into problems a reader would notice.
import type { Page } from "playwright-core";

export interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
  width: number;
}

export interface Geometry {
  viewport: { width: number; height: number };
  /** The document is wider than the window: a horizontal scrollbar. */
  scrollWidth: number;
  /** The site's navigation bar, and whether what is drawn at its first link is the bar itself. */
  nav: Box | null;
  navOnTop: boolean;
  /** The heading asked for: its box, its column (parent) and the words that break across lines. */
  heading: Box | null;
  column: Box | null;
  brokenWords: string[];
}

/** Measures the page; `headingText` names the h1/h2 to look at (exact text). */
export async function measure(page: Page, headingText: string): Promise<Geometry> {
  return page.evaluate((text) => {
    const box = (element: Element | null | undefined) => {
      if (!element) return null;
      const { top, bottom, left, right, width } = element.getBoundingClientRect();
      return { top, bottom, left, right, width };
    };
    const nav = document.querySelector(".site-nav");
    const first = nav?.querySelector("a");
    const at = first?.getBoundingClientRect();
    const drawn = at ? document.elementFromPoint(at.left + at.width / 2, at.top + at.height / 2) : null;
    const heading = [...document.querySelectorAll("h1, h2")].find(
      (element) => element.textContent?.trim() === text && element.getClientRects().length > 0,
    );
    // A word broken inside itself is drawn in two line boxes: two client rects for its range. A
    // hyphen is a place to break (side-|conversation), so the parts between hyphens are the words.
    const brokenWords: string[] = [];
    const walker = heading ? document.createTreeWalker(heading, NodeFilter.SHOW_TEXT) : null;
    for (let node = walker?.nextNode(); node; node = walker?.nextNode()) {
      for (const match of (node.textContent ?? "").matchAll(/[^\s\u002d\u2010\u2011]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index ?? 0);
        range.setEnd(node, (match.index ?? 0) + match[0].length);
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        if (lines.size > 1) brokenWords.push(match[0]);
      }
    }
    return {
      viewport: { width: window.innerWidth, height: window.innerHeight },
      scrollWidth: document.documentElement.scrollWidth,
      nav: box(nav),
      navOnTop: Boolean(drawn && nav?.contains(drawn)),
      heading: box(heading),
      column: box(heading?.parentElement),
      brokenWords,
    };
  }, headingText);
}

/**
 * What a reader would notice, one sentence each: no navigation bar in view, a horizontal
 * scrollbar, a heading broken inside a word, a heading out of view, a column narrower than
 * `minColumn` (Redoc's own layout at the same size).
 */
export function problems(g: Geometry, { minColumn }: { minColumn?: number } = {}): string[] {
  const found: string[] = [];
  if (!g.nav || g.nav.top < 0 || g.nav.bottom > g.viewport.height || g.nav.bottom - g.nav.top < 10)
    found.push(`the navigation bar is not in view (${JSON.stringify(g.nav)})`);
  else if (!g.navOnTop) found.push("the navigation bar is covered by something drawn over it");
  if (g.scrollWidth > g.viewport.width)
    found.push(`the page is ${g.scrollWidth} px wide in a ${g.viewport.width} px window: a horizontal scrollbar`);
  if (!g.heading) found.push("the heading is not on the page");
  else if (g.heading.top < (g.nav?.bottom ?? 0) - 1 || g.heading.top > g.viewport.height)
    found.push(`the heading is out of view or under the navigation bar (top ${Math.round(g.heading.top)} px)`);
  if (g.brokenWords.length) found.push(`the heading breaks inside ${g.brokenWords.map((w) => `"${w}"`).join(", ")}`);
  if (minColumn !== undefined && (g.column?.width ?? 0) < minColumn - 2)
    found.push(
      `the main column is ${Math.round(g.column?.width ?? 0)} px, narrower than Redoc's own ${Math.round(minColumn)} px`,
    );
  return found;
}
