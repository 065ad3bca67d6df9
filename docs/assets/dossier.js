/* Small enhancements; every page reads fine without them.
 * - "copy link" buttons copy the page's permanent address;
 * - the "cite this page" line gets the full address and today's date (date of access);
 * - wide tables are labelled cell by cell so that a phone can show them one row per block;
 * - a relations graph wider than a phone's screen starts scrolled to its middle;
 * - a figure wider than the screen says that it scrolls sideways. */
(() => {
  "use strict";
  const MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"];
  const here = () => window.location.href.split("#")[0];
  document.addEventListener("click", async (ev) => {
    const button = ev.target.closest(".dossier-copy");
    if (!button) return;
    try {
      await navigator.clipboard.writeText(here());
      button.dataset.done = "1";
      const label = button.textContent;
      button.textContent = "نُسخ ✓";
      setTimeout(() => { button.textContent = label; }, 1500);
    } catch (err) {
      window.prompt("انسخ الرابط:", here());
    }
  });
  const fill = () => {
    for (const span of document.querySelectorAll(".dossier-cite-url")) span.textContent = here();
    const now = new Date();       // written as the dossier writes days: «23 نوفمبر 2026», not ISO digits
    const today = `${now.getDate()} ${MONTHS[now.getMonth()]} ${now.getFullYear()}`;
    for (const span of document.querySelectorAll(".dossier-cite-date")) span.textContent = `، تاريخ الاطلاع ${today}`;
  };
  /* A phone shows a table of four columns or more one row per block, each cell under its column's
     heading (dossier.css); the heading is copied onto the cell here, Markdown tables cannot. */
  const cards = () => {
    for (const table of document.querySelectorAll(".md-typeset table")) {
      const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
      if (heads.length < 4 || heads.some((h) => !h)) continue;
      // a table of events or sources (its second column links them) leads each block with the
      // event's headline or the article's title
      const second = table.querySelector("tbody tr > td:nth-child(2)");
      const titled = second && [...second.querySelectorAll("a")]        // resolved: «x/» on sources/
        .some((a) => /\/(events|sources)\/[^/]+\/$/.test(new URL(a.href).pathname));
      table.dataset.cards = titled ? "titled" : "";
      for (const row of table.querySelectorAll("tbody tr")) {
        [...row.children].forEach((td, i) => { td.dataset.label = heads[i] || ""; });
      }
    }
  };
  /* On a phone the relations graph keeps readable names and scrolls sideways (dossier.css). A box
     scrolled right to left starts at its right edge: the actor in the middle of the graph and all
     left of it were out of view, with nothing to say so. It starts at the middle, a part of the
     graph cut off on each side. */
  const centre = () => {
    for (const svg of document.querySelectorAll(".dossier-figure > svg.dossier-graph")) {
      const box = svg.parentElement;
      const extra = box.scrollWidth - box.clientWidth;
      if (extra > 0) box.scrollLeft = (getComputedStyle(box).direction === "rtl" ? -extra : extra) / 2;
    }
  };
  /* A figure wider than the screen (the timeline and the graph on a phone) scrolls sideways, and
     nothing said so: a reader saw a picture cut at both edges. A line above it says it, while (and
     only while) the figure is wider than its box; turning the phone can change that. Screen
     readers skip it: they read the figure's marks as links, not by sight. */
  const hints = () => {
    for (const svg of document.querySelectorAll(".dossier-figure > svg.dossier-graph, .dossier-figure > svg.dossier-timeline")) {
      const box = svg.parentElement;
      const hint = document.createElement("p");
      hint.className = "dossier-scroll-hint";
      hint.setAttribute("aria-hidden", "true");
      hint.textContent = "⟷ الشكل أعرض من الشاشة: اسحبه جانباً لرؤية بقيته";
      box.before(hint);
      const update = () => { hint.hidden = box.scrollWidth - box.clientWidth < 2; };
      update();
      if (window.ResizeObserver) new ResizeObserver(update).observe(box);
    }
  };
  const ready = () => { fill(); cards(); centre(); hints(); };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready); else ready();
})();
