// Progressive enhancement only: every page works without this file.

// Pages opened from disk (file://) cannot resolve folder links to their index.html: add it.
if (location.protocol === "file:") {
  for (const link of document.querySelectorAll("a[href]")) {
    const href = link.getAttribute("href");
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("#")) continue;
    const [path, hash] = href.split("#");
    if (path !== "" && path.endsWith("/")) link.setAttribute("href", path + "index.html" + (hash !== undefined ? "#" + hash : ""));
  }
  for (const form of document.querySelectorAll("form[action$='/']")) form.setAttribute("action", form.getAttribute("action") + "index.html");
}

// The light/dark toggle. The choice is remembered in localStorage; an inline script in <head> applies it
// before the first paint. Without a remembered choice the system's preference applies.
(() => {
  const button = document.querySelector(".theme-toggle");
  if (!button) return;
  const root = document.documentElement;
  const systemDark = window.matchMedia("(prefers-color-scheme: dark)");
  const isDark = () => (root.getAttribute("data-theme") || (systemDark.matches ? "dark" : "light")) === "dark";
  const show = () => button.setAttribute("aria-pressed", String(isDark()));
  button.addEventListener("click", () => {
    const next = isDark() ? "light" : "dark";
    root.setAttribute("data-theme", next);
    try { localStorage.setItem("confsite-theme", next); } catch (e) { /* private mode: the choice lasts this page */ }
    show();
  });
  systemDark.addEventListener("change", show);
  show();
  button.hidden = false;
})();
