// Deadlines, as an enhancement: the visitor's own time next to every moment, a live countdown to the
// next deadline, and dates marked passed (and submission buttons removed) as soon as they pass.
// Without this script the page still shows every date in its own zone and in UTC, as of the build.
(function () {
  "use strict";
  const format = new Intl.DateTimeFormat(undefined, {
    weekday: "short", day: "numeric", month: "short", year: "numeric",
    hour: "2-digit", minute: "2-digit", timeZoneName: "short",
  });
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  const yourTime = "Your time" + (zone ? " (" + zone + ")" : "") + ": ";

  for (const time of document.querySelectorAll("time[data-local]")) {
    const when = new Date(time.getAttribute("datetime"));
    if (isNaN(when.getTime())) continue;
    const local = document.createElement("span");
    local.className = "cs-local";
    local.textContent = yourTime + format.format(when);
    (time.closest(".cs-when") || time.parentNode).appendChild(local);
  }

  const countdown = document.querySelector("[data-countdown]");
  let deadlines = [];
  try {
    deadlines = countdown ? JSON.parse(countdown.dataset.deadlines || "[]") : [];
  } catch (error) {
    deadlines = [];
  }
  let target = countdown ? countdown.dataset.target || "" : "";

  function remaining(ms) {
    const total = Math.max(0, Math.ceil(ms / 1000));
    const days = Math.floor(total / 86400);
    const pad = (n) => String(n).padStart(2, "0");
    const clock = pad(Math.floor((total % 86400) / 3600)) + " h " + pad(Math.floor((total % 3600) / 60)) +
      " min " + pad(total % 60) + " s";
    return (days ? days + (days === 1 ? " day " : " days ") : "") + clock;
  }

  function markPassed(now) {
    for (const row of document.querySelectorAll("[data-ends]")) {
      if (!row.classList.contains("is-passed") && Date.parse(row.dataset.ends) <= now) {
        row.classList.add("is-passed");
        const status = row.querySelector(".cs-status");
        if (status) status.textContent = "Passed";
      }
    }
    for (const box of document.querySelectorAll("[data-closes]")) {
      if (Date.parse(box.dataset.closes) <= now) {
        box.removeAttribute("data-closes");
        box.classList.replace("is-open", "is-closed");
        const state = box.querySelector(".cs-state");
        if (state) state.textContent = "Submissions are closed.";
        const badge = box.querySelector(".cs-badge");
        if (badge) badge.textContent = "Closed";
        const submit = box.querySelector(".cs-submit");
        if (submit) submit.parentNode.remove();
      }
    }
  }

  function updateCountdown(now) {
    if (!countdown) return;
    const next = deadlines.find((d) => Date.parse(d.at) > now);
    if (!next) {
      countdown.textContent = "No upcoming deadlines.";
      target = "";
      return;
    }
    if (next.at !== target) {
      // The deadline the page was built with has passed: move on to the next one.
      target = next.at;
      countdown.textContent = "";
      const text = document.createElement("span");
      text.className = "cs-next-text";
      text.textContent = "Next deadline: " + next.label + ", " + format.format(new Date(next.at));
      const left = document.createElement("span");
      left.className = "cs-remaining";
      countdown.append(text, left);
    }
    const left = countdown.querySelector(".cs-remaining");
    if (left) left.textContent = " (in " + remaining(Date.parse(next.at) - now) + ")";
  }

  function tick() {
    const now = Date.now();
    markPassed(now);
    updateCountdown(now);
  }
  tick();
  setInterval(tick, 1000);
})();
