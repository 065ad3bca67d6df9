/* Small enhancements; every page reads fine without them.
 * - "copy link" buttons copy the page's permanent address;
 * - the "cite this page" line gets the full address and today's date (date of access). */
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
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fill); else fill();
})();
