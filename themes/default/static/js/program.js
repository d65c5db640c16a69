// The program page, enhanced: times in the visitor's zone, the session under way, and a personal schedule kept in
// this browser (my-schedule.js), exported as an .ics file or shared as a link that carries the starred ids in its
// #fragment (never sent to any server). Without JavaScript the page shows the whole program in conference time.
// The controls are shown by the stylesheet before this runs (html.js): nothing here moves the page.
(() => {
  const program = document.querySelector("[data-program]");
  if (!program || !window.confsiteSchedule) return;
  const host = program.dataset.uidHost;
  const mine = window.confsiteSchedule;
  const store = {
    get(key, fallback) {
      try { return JSON.parse(localStorage.getItem(key)) ?? fallback; } catch { return fallback; }
    },
    set(key, value) {
      try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* private mode: keep it in memory */ }
    },
  };
  const prefix = "confsite:" + host + ":";

  // Times: conference time as built, or the visitor's own zone.
  const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  program.querySelector("[data-local-zone]").textContent = localZone.replace(/_/g, " ");
  const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const dayAndClock = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const localDate = (date) => date.toLocaleDateString("en-CA");  // YYYY-MM-DD in the visitor's zone
  const times = [...program.querySelectorAll("time[data-utc]")];
  for (const time of times) time.dataset.conference = time.textContent;
  function showZone(zone) {
    for (const time of times) {
      if (zone === "local") {
        const instant = new Date(time.dataset.utc);
        const sameDay = localDate(instant) === time.getAttribute("datetime").slice(0, 10);
        time.textContent = (sameDay ? clock : dayAndClock).format(instant);
      } else {
        time.textContent = time.dataset.conference;
      }
    }
    program.dataset.zone = zone;
    store.set(prefix + "zone", zone);
  }
  for (const radio of program.querySelectorAll("input[name=program-zone]")) {
    radio.addEventListener("change", () => showZone(radio.value));
  }
  if (store.get(prefix + "zone", "conference") === "local") {
    program.querySelector("input[value=local]").checked = true;
    showZone("local");
  }

  // The session under way, marked now and every minute (the badge sits on the session's border: nothing moves).
  const sessions = [...program.querySelectorAll("[data-session]")];
  function markNow() {
    const now = Date.now();
    for (const session of sessions) {
      const live = Date.parse(session.dataset.start) <= now && now < Date.parse(session.dataset.end);
      session.classList.toggle("is-now", live);
      if (live) session.setAttribute("aria-current", "time"); else session.removeAttribute("aria-current");
      let badge = session.querySelector(".now-badge");
      if (live && !badge) {
        badge = document.createElement("strong");
        badge.className = "now-badge";
        badge.textContent = "Now";
        session.querySelector(".session-time").append(badge);
      } else if (!live && badge) {
        badge.remove();
      }
    }
  }
  markNow();
  setInterval(markNow, 60000);

  // My schedule: starred sessions and talks.
  let starred = mine.load(host);
  let onlyStarred = false;
  const onlyButton = program.querySelector("[data-only-starred]");
  const status = program.querySelector("[data-share-status]");
  const shareLink = program.querySelector("[data-share-link]");
  const items = new Map([...program.querySelectorAll("[data-star-id]")].map((item) => [item.dataset.starId, item]));
  const shareUrl = () => location.href.split("#")[0] + "#share=" + [...starred].filter((id) => items.has(id)).sort().join(",");
  function render() {
    for (const button of program.querySelectorAll("button[data-star]")) {
      const on = starred.has(button.dataset.star);
      button.setAttribute("aria-pressed", String(on));
      button.querySelector("[aria-hidden]").textContent = on ? "★" : "☆";
      const title = button.closest("[data-star-id]").dataset.title;
      button.querySelector(".visually-hidden").textContent =
        (on ? "Remove “" : "Add “") + title + (on ? "” from my schedule" : "” to my schedule");
    }
    for (const session of sessions) {
      const talks = [...session.querySelectorAll("[data-talk]")];
      const sessionOn = starred.has(session.dataset.starId);
      session.hidden = onlyStarred && !sessionOn && !talks.some((talk) => starred.has(talk.dataset.starId));
      for (const talk of talks) talk.hidden = onlyStarred && !sessionOn && !starred.has(talk.dataset.starId);
    }
    for (const heading of program.querySelectorAll(".slot-time")) {  // a time with no session left to show
      let next = heading.nextElementSibling;
      let any = false;
      for (; next && next.matches("[data-session]"); next = next.nextElementSibling) any ||= !next.hidden;
      heading.hidden = onlyStarred && !any;
    }
    for (const day of program.querySelectorAll("[data-day]")) {
      day.hidden = onlyStarred && !day.querySelector("[data-session]:not([hidden])");
    }
    onlyButton.setAttribute("aria-pressed", String(onlyStarred));
    shareLink.href = shareUrl();
  }
  function save() {
    mine.save(host, starred);
    render();
  }
  program.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-star]");
    if (!button) return;
    const id = button.dataset.star;
    if (starred.has(id)) starred.delete(id); else starred.add(id);
    save();
  });
  onlyButton.addEventListener("click", () => {
    onlyStarred = !onlyStarred;
    render();
    status.textContent = onlyStarred && starred.size === 0
      ? "Nothing starred yet: use the ☆ buttons to build your schedule." : "";
  });
  window.addEventListener("storage", () => { starred = mine.load(host); render(); });  // a paper page's star
  render();

  // Sharing: the link itself (to copy, or to open), or the phone's share sheet, else the clipboard.
  async function copy(text) {
    try { await navigator.clipboard.writeText(text); return true; } catch { return false; }
  }
  const count = (n) => `${n} ${n === 1 ? "item" : "items"}`;
  shareLink.addEventListener("click", async (event) => {
    event.preventDefault();
    if (starred.size === 0) { status.textContent = "Nothing starred yet: star ☆ sessions or talks first."; return; }
    const url = shareUrl();
    if (navigator.share) {
      try { await navigator.share({ title: document.title, url }); return; } catch { /* dismissed: copy instead */ }
    }
    status.textContent = await copy(url) ? `Link to your schedule (${count(starred.size)}) copied.`
      : "Copy this link: " + url;
  });
  program.querySelector("[data-copy-share]").addEventListener("click", async () => {
    const url = shareUrl();
    status.textContent = await copy(url) ? `Link to your schedule (${count(starred.size)}) copied.` : "Copy this link: " + url;
  });

  // A shared schedule opened here: show its items, offer to add them to this browser's list.
  const dialog = program.querySelector("[data-shared-dialog]");
  let offered = [];
  function offerShared() {
    const match = location.hash.match(/^#share=([a-z0-9_,.-]*)$/i);
    if (!match) return;
    const ids = [...new Set(match[1].split(",").filter(Boolean))];
    offered = ids.filter((id) => items.has(id));
    const list = dialog.querySelector("[data-shared-list]");
    list.replaceChildren(...offered.map((id) => {
      const item = items.get(id);
      const session = item.closest("[data-session]");
      const entry = document.createElement("li");
      const when = [...session.querySelectorAll(".session-time time")].map((time) => time.textContent).join("–");
      const day = session.closest("[data-day]").querySelector("h2").textContent;
      entry.textContent = item.dataset.title;
      const detail = document.createElement("span");
      detail.className = "talk-people";
      detail.textContent = ` · ${day.split(",").slice(0, 2).join(",")}, ${when}` +
        (item === session ? "" : ` · ${session.dataset.title}`);
      entry.append(detail);
      return entry;
    }));
    const known = offered.filter((id) => starred.has(id)).length;
    const missing = ids.length - offered.length;
    dialog.querySelector("[data-shared-summary]").textContent =
      `${count(offered.length)} of the program` + (known ? `, ${known} already in your schedule` : "") +
      (missing ? ` (${count(missing)} no longer in the program)` : "") + ".";
    dialog.querySelector("[data-shared-add]").hidden = offered.length === known;
    if (!dialog.open) dialog.showModal();
  }
  function dropShare() {
    history.replaceState(null, "", location.href.split("#")[0]);
  }
  dialog.querySelector("[data-shared-add]").addEventListener("click", () => {
    const before = starred.size;
    for (const id of offered) starred.add(id);
    save();
    dialog.close();
    dropShare();
    status.textContent = `${count(starred.size - before)} added to your schedule.`;
  });
  dialog.querySelector("[data-shared-close]").addEventListener("click", () => { dialog.close(); dropShare(); });
  dialog.addEventListener("cancel", dropShare);
  window.addEventListener("hashchange", offerShared);
  offerShared();

  // Export: the starred items as an RFC 5545 calendar, made here in the browser.
  const escapeText = (text) => text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
  const basic = (iso) => iso.replace(/[-:]/g, "").replace(/\.\d+/, "");
  function fold(line) {
    const bytes = new TextEncoder();
    const parts = [];
    let current = "";
    for (const char of line) {
      if (bytes.encode(current + char).length > (parts.length ? 74 : 75)) { parts.push(current); current = ""; }
      current += char;
    }
    parts.push(current);
    return parts.join("\r\n ");
  }
  program.querySelector("[data-export]").addEventListener("click", () => {
    const stamp = basic(new Date().toISOString());
    const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//confsite//my schedule//EN", "CALSCALE:GREGORIAN"];
    for (const [id, item] of items) {
      if (!starred.has(id)) continue;
      const session = item.closest("[data-session]");
      lines.push("BEGIN:VEVENT", `UID:${id}@${host}`, `DTSTAMP:${stamp}`,
        `DTSTART:${basic(session.dataset.start)}`, `DTEND:${basic(session.dataset.end)}`,
        `SUMMARY:${escapeText(item.dataset.title)}`);
      if (session.dataset.location) lines.push(`LOCATION:${escapeText(session.dataset.location)}`);
      lines.push("END:VEVENT");
    }
    lines.push("END:VCALENDAR");
    const blob = new Blob([lines.map(fold).join("\r\n") + "\r\n"], { type: "text/calendar" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "my-schedule.ics";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  });
})();
