// The program page, enhanced: times in the visitor's zone, the session under way, and a personal
// schedule kept in this browser (localStorage) that can be exported as an .ics file. Without
// JavaScript the page shows the whole program in conference time.
(() => {
  const program = document.querySelector("[data-program]");
  if (!program) return;
  const store = {
    get(key, fallback) {
      try { return JSON.parse(localStorage.getItem(key)) ?? fallback; } catch { return fallback; }
    },
    set(key, value) {
      try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* private mode: keep it in memory */ }
    },
  };
  const prefix = "confsite:" + program.dataset.uidHost + ":";
  const tools = program.querySelector("[data-program-tools]");
  tools.hidden = false;

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
  const savedZone = store.get(prefix + "zone", "conference");
  if (savedZone === "local") {
    program.querySelector("input[value=local]").checked = true;
    showZone("local");
  }

  // The session under way, marked now and every minute.
  const sessions = [...program.querySelectorAll("[data-session]")];
  function markNow() {
    const now = Date.now();
    for (const session of sessions) {
      const live = Date.parse(session.dataset.start) <= now && now < Date.parse(session.dataset.end);
      session.classList.toggle("is-now", live);
      let badge = session.querySelector(".now-badge");
      if (live && !badge) {
        badge = document.createElement("strong");
        badge.className = "now-badge";
        badge.textContent = "Now";
        session.querySelector(".session-time").append(" ", badge);
      } else if (!live && badge) {
        badge.remove();
      }
    }
  }
  markNow();
  setInterval(markNow, 60000);

  // My schedule: starred sessions and talks.
  let starred = new Set(store.get(prefix + "starred", []));
  let onlyStarred = false;
  const onlyButton = program.querySelector("[data-only-starred]");
  const emptyNote = program.querySelector("[data-empty-note]");
  function render() {
    for (const button of program.querySelectorAll("button[data-star]")) {
      const on = starred.has(button.dataset.star);
      button.hidden = false;
      button.setAttribute("aria-pressed", String(on));
      button.querySelector("[aria-hidden]").textContent = on ? "★" : "☆";
      const label = button.querySelector(".visually-hidden");
      const title = button.closest("[data-star-id]").dataset.title;
      label.textContent = (on ? "Remove “" : "Add “") + title + (on ? "” from my schedule" : "” to my schedule");
    }
    for (const session of sessions) {
      const talks = [...session.querySelectorAll("[data-talk]")];
      const sessionOn = starred.has(session.dataset.starId);
      const anyTalk = talks.some((talk) => starred.has(talk.dataset.starId));
      session.hidden = onlyStarred && !sessionOn && !anyTalk;
      for (const talk of talks) talk.hidden = onlyStarred && !sessionOn && !starred.has(talk.dataset.starId);
    }
    for (const day of program.querySelectorAll("[data-day]")) {
      day.hidden = onlyStarred && !day.querySelector("[data-session]:not([hidden])");
    }
    onlyButton.setAttribute("aria-pressed", String(onlyStarred));
    emptyNote.hidden = !(onlyStarred && starred.size === 0);
  }
  program.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-star]");
    if (!button) return;
    const id = button.dataset.star;
    if (starred.has(id)) starred.delete(id); else starred.add(id);
    store.set(prefix + "starred", [...starred].sort());
    render();
  });
  onlyButton.addEventListener("click", () => { onlyStarred = !onlyStarred; render(); });
  render();

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
    for (const item of program.querySelectorAll("[data-star-id]")) {
      if (!starred.has(item.dataset.starId)) continue;
      const session = item.closest("[data-session]");
      lines.push("BEGIN:VEVENT", `UID:${item.dataset.starId}@${program.dataset.uidHost}`, `DTSTAMP:${stamp}`,
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
