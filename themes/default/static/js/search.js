// The search page: queries the pagefind index built with the site. The index is loaded relatively
// (data-root is the way from this page to the site's root), so search works under any sub-path.
(() => {
  const results = document.querySelector("[data-search-results]");
  const status = document.querySelector("[data-search-status]");
  const input = document.getElementById("search-query");
  if (!results || !input) return;
  const root = new URL(results.dataset.root, document.baseURI);
  let pagefind = null;
  let latest = 0;

  const load = async () => {
    if (!pagefind) {
      pagefind = await import(new URL("pagefind/pagefind.js", root).href);
      await pagefind.options({ baseUrl: "/" });
    }
    return pagefind;
  };
  const link = (url) => new URL(url.replace(/^\//, ""), root).href;
  const element = (tag, attrs = {}, text = "") => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
    if (text) node.textContent = text;
    return node;
  };

  const render = (items) => {
    results.replaceChildren();
    for (const item of items) {
      const li = element("li");
      const heading = element("h2");
      heading.append(element("a", { href: link(item.url) }, item.meta.title || item.url));
      const excerpt = element("p");
      excerpt.innerHTML = item.excerpt; // pagefind escapes the page text; only <mark> is added
      li.append(heading, element("p", { class: "result-url" }, item.url), excerpt);
      const subs = (item.sub_results || []).filter((sub) => sub.url !== item.url && sub.title !== item.meta.title).slice(0, 3);
      if (subs.length) {
        const list = element("ul");
        for (const sub of subs) {
          const subItem = element("li");
          subItem.append(element("a", { href: link(sub.url) }, sub.title));
          list.append(subItem);
        }
        li.append(list);
      }
      results.append(li);
    }
  };

  const search = async (query) => {
    const ticket = ++latest;
    query = query.trim();
    document.body.classList.toggle("searching", query !== "");
    if (!query) { results.replaceChildren(); status.textContent = ""; return; }
    status.textContent = "Searching…";
    try {
      const found = await (await load()).search(query);
      const items = await Promise.all(found.results.slice(0, 20).map((result) => result.data()));
      if (ticket !== latest) return;
      render(items);
      const count = found.results.length;
      status.textContent = count === 0 ? `No results for “${query}”.`
        : `${count} result${count === 1 ? "" : "s"} for “${query}”${count > 20 ? " (the first 20 are shown)" : ""}.`;
    } catch (error) {
      if (ticket !== latest) return;
      document.body.classList.remove("searching");
      status.textContent = "Search could not be loaded. It works when the site is served over HTTP; every page is listed below.";
    }
  };

  const initial = new URLSearchParams(location.search).get("q") || "";
  input.value = initial;
  if (initial) search(initial);
  let timer = null;
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => search(input.value), 200); });
  input.form.addEventListener("submit", (event) => {
    event.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    search(input.value);
  });
})();
