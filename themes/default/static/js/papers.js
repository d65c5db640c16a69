// The all-papers filter: text, topic, track and award. Without JavaScript the form stays hidden
// and the page is the full list.
(function () {
  const form = document.querySelector("form.paper-filter");
  if (!form) return;
  const papers = Array.from(document.querySelectorAll("li.paper[data-text]"));
  const groups = Array.from(document.querySelectorAll("section.paper-group"));
  const status = form.querySelector(".filter-status");
  const field = (name) => form.elements.namedItem(name);

  function apply() {
    const words = (field("words") ? field("words").value : "").toLowerCase().split(/\s+/).filter(Boolean);
    const topic = field("topic") ? field("topic").value : "";
    const group = field("group") ? field("group").value : "";
    const award = field("award") ? field("award").checked : false;
    let shown = 0;
    for (const paper of papers) {
      const text = paper.dataset.text;
      const ok = words.every((w) => text.includes(w))
        && (!topic || paper.dataset.topics.split("|").includes(topic))
        && (!group || paper.closest("section.paper-group").id === group)
        && (!award || paper.dataset.award === "yes");
      paper.hidden = !ok;
      if (ok) shown += 1;
    }
    for (const section of groups) {
      section.hidden = !section.querySelector("li.paper:not([hidden])");
    }
    status.textContent = shown === papers.length ? "" : `Showing ${shown} of ${papers.length} papers`;
  }

  form.addEventListener("input", apply);
  form.addEventListener("submit", (event) => { event.preventDefault(); apply(); });
  form.hidden = false;
  apply();
})();

// "Copy BibTeX" on a paper page: the citation itself is always visible; the button only adds copying.
for (const button of document.querySelectorAll("button[data-copy]")) {
  const source = document.getElementById(button.dataset.copy);
  const status = button.parentElement.querySelector(".copy-status");
  if (!source || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(source.textContent);
      if (status) status.textContent = "Copied";
    } catch (error) {
      if (status) status.textContent = "Select the text above to copy it";
    }
  });
}

// "Download .bib" on a paper page: the file is made here from the BibTeX the page shows, so the site needs no file
// per paper; without JavaScript the button stays hidden and the text above is there to copy.
for (const button of document.querySelectorAll("button[data-download]")) {
  const source = document.getElementById(button.dataset.download);
  if (!source || !window.Blob || !window.URL || !URL.createObjectURL) continue;
  button.hidden = false;
  button.addEventListener("click", () => {
    const address = URL.createObjectURL(new Blob([source.textContent], { type: "application/x-bibtex" }));
    const link = document.createElement("a");
    link.href = address;
    link.download = button.dataset.filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(address), 1000);
  });
}
