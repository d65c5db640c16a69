// My schedule: the sessions and talks a visitor starred, kept in this browser (localStorage) for this site only.
// The program page (program.js) and the star buttons of paper pages read and write the same list.
window.confsiteSchedule = (() => {
  const memory = new Map();  // when localStorage is refused (private mode), the list lasts as long as the page
  const key = (host) => "confsite:" + host + ":starred";
  return {
    load(host) {
      try {
        const stored = JSON.parse(localStorage.getItem(key(host)));
        if (Array.isArray(stored)) return new Set(stored.filter((id) => typeof id === "string"));
      } catch { /* unreadable: start empty */ }
      return new Set(memory.get(host) || []);
    },
    save(host, starred) {
      const list = [...starred].sort();
      memory.set(host, list);
      try { localStorage.setItem(key(host), JSON.stringify(list)); } catch { /* kept in memory */ }
    },
  };
})();

// The star button of a paper's page: the talk that presents the paper, in or out of my schedule.
(() => {
  for (const button of document.querySelectorAll("button[data-paper-star]")) {
    const host = button.dataset.uidHost;
    const id = button.dataset.paperStar;
    const show = () => {
      const on = window.confsiteSchedule.load(host).has(id);
      button.setAttribute("aria-pressed", String(on));
      button.querySelector(".star-glyph").textContent = on ? "★" : "☆";
    };
    button.addEventListener("click", () => {
      const starred = window.confsiteSchedule.load(host);
      if (starred.has(id)) starred.delete(id); else starred.add(id);
      window.confsiteSchedule.save(host, starred);
      show();
    });
    window.addEventListener("storage", show);  // starred on the program in another tab
    show();
  }
})();
