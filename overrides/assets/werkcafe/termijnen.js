/* Werkcafé deadline calculator. The same rules as werkcafe/deadlines (Python), which the
   browser test compares with this file on random dates. No dependencies, nothing is sent:
   periods, texts and links come from the form's data-wc-calc attribute (built from
   data/waarden.yml), the .ics file is made here. Dates are whole day numbers in UTC. */
(function () {
  "use strict";
  var DAY = 86400000;

  function ymd(y, m, d) { return Math.round(Date.UTC(y, m - 1, d) / DAY); }
  function parts(n) {
    var t = new Date(n * DAY);
    return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
  }
  function weekday(n) { return (new Date(n * DAY).getUTCDay() + 6) % 7; } // 0 = Monday
  function pad(x) { return (x < 10 ? "0" : "") + x; }
  function iso(n) { var p = parts(n); return p[0] + "-" + pad(p[1]) + "-" + pad(p[2]); }
  function fromIso(s) { var p = s.split("-"); return ymd(+p[0], +p[1], +p[2]); }

  // Gregorian Easter Sunday (anonymous Gregorian algorithm), as calendar.easter_sunday.
  function easter(y) {
    var a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4,
      f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3),
      h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4,
      l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451),
      x = h + l - 7 * m + 114;
    return ymd(y, Math.floor(x / 31), (x % 31) + 1);
  }

  var cache = {};
  // Algemene termijnenwet art. 3 lid 1 and Good Friday (lid 2).
  function holidays(y) {
    if (cache[y]) { return cache[y]; }
    var e = easter(y), king = ymd(y, 4, 27), days = {};
    if (weekday(king) === 6) { king -= 1; }
    [ymd(y, 1, 1), e - 2, e + 1, king, ymd(y, 5, 5), e + 39, e + 50, ymd(y, 12, 25),
      ymd(y, 12, 26)].forEach(function (n) { days[n] = true; });
    cache[y] = days;
    return days;
  }
  function isRest(n) { return weekday(n) >= 5 || holidays(parts(n)[0])[n] === true; }
  function extend(n) { while (isRest(n)) { n += 1; } return n; }

  // Last day of a period starting the day after n: {weken: 6}, {dagen: 3} or {maanden: 1}.
  function after(period, n) {
    if (period.dagen) { return n + period.dagen; }
    if (period.weken) { return n + 7 * period.weken; }
    var p = parts(n), index = p[1] - 1 + period.maanden,
      y = p[0] + Math.floor(index / 12), m = (index % 12) + 1,
      last = parts(ymd(y, m + 1, 1) - 1)[2];
    return ymd(y, m, Math.min(p[2], last));
  }

  // The same kinds as rules.compute; `kinds` and `periods` come from the page.
  function compute(config, kind, start) {
    var spec = config.kinds[kind], p = spec.periods.map(function (key) {
      return config.periods[key];
    }), r = { last_day: null, counted: null, arrive_by: null, remind_from: null,
      remind_until: null };
    if (kind === "bezwaar" || kind === "bezwaar-ziektewet" || kind === "beroep") {
      r.counted = after(p[0], start);
      r.last_day = extend(r.counted);
      r.arrive_by = after(p[1], r.last_day);
    } else if (kind.indexOf("ingebrekestelling") === 0) {
      var begin = start, decision = p[0], reminder = p[1];
      if (spec.start === "brief") { begin = extend(after(p[0], start)); decision = p[1]; reminder = p[2]; }
      r.counted = after(decision, begin);
      r.last_day = extend(r.counted);
      r.remind_from = r.last_day + 1;
      r.remind_until = extend(after(reminder, r.remind_from));
    } else if (kind === "wia") {
      r.counted = r.last_day = start + 7 * p[0].weken - 1;
    } else if (kind === "ww") {
      r.counted = r.last_day = after(p[0], start);
    } else {
      throw new Error("unknown kind " + kind);
    }
    return r;
  }

  // "16-11-2026", "16/11/2026", "16.11.2026", "2026-11-16" or "16 november 2026".
  function parse(config, text) {
    var t = (text || "").trim().toLowerCase(), y, m, d, match;
    if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t))) {
      y = +match[1]; m = +match[2]; d = +match[3];
    } else if ((match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(t))) {
      d = +match[1]; m = +match[2]; y = +match[3];
    } else if ((match = /^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$/.exec(t))) {
      d = +match[1]; y = +match[3];
      m = config.months.map(function (s) { return s.toLowerCase(); }).indexOf(match[2]) + 1;
      if (m === 0) {
        m = config.months.map(function (s) { return s.slice(0, 3).toLowerCase(); })
          .indexOf(match[2].slice(0, 3)) + 1;
      }
    } else {
      return null;
    }
    if (m < 1 || m > 12 || d < 1) { return null; }
    var n = ymd(y, m, d), back = parts(n);
    return back[1] === m && back[2] === d ? n : null; // 31-02 does not exist
  }

  function longDate(config, n) {
    var p = parts(n), t = config.text;
    return t.long_date.replace("{weekday}", config.weekdays[weekday(n)])
      .replace("{day}", p[2]).replace("{month}", config.months[p[1] - 1]).replace("{year}", p[0]);
  }
  function shortDate(n) { var p = parts(n); return pad(p[2]) + "-" + pad(p[1]) + "-" + p[0]; }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      return values[key] !== undefined ? values[key] : "";
    });
  }
  function localToday() { var t = new Date(); return ymd(t.getFullYear(), t.getMonth() + 1, t.getDate()); }

  function icsFile(config, kind, r) {
    var label = config.kinds[kind].label, stamp = new Date().toISOString()
      .replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
    function day(n) { return iso(n).replace(/-/g, ""); }
    function esc(s) { return s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n"); }
    var summary = esc(fill(config.text.ics_summary, { label: label }));
    return ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Werkcafe//Termijnen//NL",
      "CALSCALE:GREGORIAN", "BEGIN:VEVENT",
      "UID:" + kind + "-" + day(r.last_day) + "@werkcafe", "DTSTAMP:" + stamp,
      "DTSTART;VALUE=DATE:" + day(r.last_day), "DTEND;VALUE=DATE:" + day(r.last_day + 1),
      "SUMMARY:" + summary, "DESCRIPTION:" + esc(config.text.ics_description),
      "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + summary, "TRIGGER:-P7D",
      "END:VALARM", "END:VEVENT", "END:VCALENDAR", ""].join("\r\n");
  }

  function para(parent, text, className) {
    var p = document.createElement("p");
    p.textContent = text;
    if (className) { p.className = className; }
    parent.appendChild(p);
    return p;
  }

  function setUp(form) {
    var config = JSON.parse(form.getAttribute("data-wc-calc")),
      kindSelect = form.querySelector("select"), input = form.querySelector("input"),
      label = form.querySelector(".wc-calc-date-label"),
      out = form.querySelector(".wc-calc-result"), ics = form.querySelector(".wc-calc-ics"),
      current = null, t = config.text;

    function updateLabel() {
      label.textContent = t["start_" + config.kinds[kindSelect.value].start];
    }
    function show() {
      out.textContent = "";
      current = null;
      ics.hidden = true;
      document.documentElement.classList.remove("wc-calc-printable");
      var start = parse(config, input.value), kind = kindSelect.value;
      if (!input.value.trim()) { para(out, t.empty, "wc-calc-error"); return; }
      if (start === null) { para(out, t.invalid, "wc-calc-error"); input.setAttribute("aria-invalid", "true"); return; }
      input.removeAttribute("aria-invalid");
      var year = parts(start)[0];
      if (year < config.first_year || year > config.last_year - 2) {
        para(out, fill(t.out_of_range, { first: config.first_year, last: config.last_year - 2 }), "wc-calc-error");
        return;
      }
      var r = compute(config, kind, start), today = localToday(), left = r.last_day - today,
        values = { date: longDate(config, r.last_day), short: shortDate(r.last_day),
          days: left, ago: -left, arrive: longDate(config, r.arrive_by || r.last_day),
          from: longDate(config, r.remind_from || r.last_day),
          until: longDate(config, r.remind_until || r.last_day),
          start: longDate(config, start) };
      if (start > today) { para(out, fill(t.future, values), "wc-calc-note"); }
      var head = para(out, fill(t["result_" + (kind.indexOf("ingebrekestelling") === 0 ? "decision" : "deadline")], values), "wc-calc-date");
      head.setAttribute("data-iso", iso(r.last_day));
      if (r.last_day !== r.counted) { para(out, fill(t.moved, { counted: longDate(config, r.counted) }), "wc-calc-note"); }
      if (kind.indexOf("ingebrekestelling") === 0) {
        para(out, left < 0 ? t.decision_passed : fill(t.decision_wait, values));
      } else if (left > 1) { para(out, fill(t.days_left, values)); }
      else if (left === 1) { para(out, t.tomorrow); }
      else if (left === 0) { para(out, t.today, "wc-calc-error"); }
      else { para(out, fill(t.passed, values), "wc-calc-error"); para(out, t["late_" + config.kinds[kind].start]); }
      if (r.arrive_by !== null) { para(out, fill(t.post, values)); }
      if (r.remind_from !== null) { para(out, fill(t.reminder, values)); }
      var todo = document.createElement("p"), link = document.createElement("a");
      link.href = config.kinds[kind].todo;
      link.textContent = t.todo;
      todo.appendChild(link);
      out.appendChild(todo);
      current = { kind: kind, result: r };
      ics.hidden = left < 0 || kind.indexOf("ingebrekestelling") === 0;
      document.documentElement.classList.add("wc-calc-printable");
      var anchor = config.kinds[kind].todo.split("#")[1], todos = document.querySelectorAll(".wc-calc-todo");
      for (var j = 0; j < todos.length; j++) { todos[j].classList.toggle("wc-calc-current", todos[j].id === anchor); }
    }

    kindSelect.addEventListener("change", function () { updateLabel(); if (input.value.trim()) { show(); } });
    form.addEventListener("submit", function (event) { event.preventDefault(); show(); });
    ics.addEventListener("click", function () {
      if (!current) { return; }
      var blob = new Blob([icsFile(config, current.kind, current.result)], { type: "text/calendar" }),
        a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = "termijn-" + iso(current.result.last_day) + ".ics";
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    });
    updateLabel();
    form.hidden = false;
    return config;
  }

  var forms = document.querySelectorAll("form[data-wc-calc]"), first = null;
  for (var i = 0; i < forms.length; i++) {
    var config = setUp(forms[i]);
    first = first || config;
  }
  // For the browser test that compares this file with the Python reference.
  window.werkcafeTermijnen = {
    compute: function (kind, startIso) {
      var r = compute(first, kind, fromIso(startIso)), out = {};
      Object.keys(r).forEach(function (k) { out[k] = r[k] === null ? null : iso(r[k]); });
      return out;
    },
    parse: function (text) { var n = parse(first, text); return n === null ? null : iso(n); },
    after: function (period, startIso) { return iso(after(period, fromIso(startIso))); },
    isRest: function (dayIso) { return isRest(fromIso(dayIso)); }
  };
}());
