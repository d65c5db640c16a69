// Pages opened from disk (file://) cannot resolve folder links to their index.html: add it.
if (location.protocol === "file:") {
  for (const link of document.querySelectorAll("a[href]")) {
    const href = link.getAttribute("href");
    if (!/^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith("#")) {
      const [path, hash] = href.split("#");
      if (path === "" ) continue;
      if (path.endsWith("/")) link.setAttribute("href", path + "index.html" + (hash !== undefined ? "#" + hash : ""));
    }
  }
}
