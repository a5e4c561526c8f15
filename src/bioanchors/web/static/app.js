// bioanchors dashboard. A thin client over the JSON API in bioanchors/web/api.py:
// every number shown comes from the server; this file only collects inputs,
// keeps the URL in step with them, and draws SVG. No libraries, no network
// beyond the server that served the page.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";  // an XML namespace name, never fetched
const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"];
// Hypothesis curves differ by dash pattern as well as colour (readable in grey and by the colour-blind).
const HYP_DASHES = ["", "7 3", "2 3", "10 3 2 3", "4 4", "12 4", "1 3", "6 2 2 2", "3 6"];
// Overlays use colours that no hypothesis curve uses, always dashed.
const OVERLAY_COLORS = ["#b8860b", "#008b8b", "#c71585", "#4b0082", "#556b2f"];
// Named series lines: a projection (Cotra's curve) and a fit to the data.
const SERIES_STYLE = { projection: { color: "#d62728", width: 2.4 }, fit: { color: "#8a8f99", width: 1.6, dash: "6 4" } };
const BASE_COLOR = "#8a8f99";   // ghost curve of the unedited scenario
const ERROR_DELAY_MS = 450;     // errors are shown once typing pauses, not on every keystroke
const TOML_IN_URL_MAX = 6000;  // an uploaded scenario is shared inside the URL only when small
const EXPORT_PNG_WIDTH = 1520;  // every PNG export [px]
const WIDE = 1200;  // the widest a main chart is drawn [px]; narrower boxes get narrower charts (reflow)

const state = {
  scenario: "cotra2020",  // built-in name, or null when an uploaded file is in use
  toml: null,             // text of the uploaded scenario
  overrides: {},          // dotted path -> value, exactly what Scenario.replace takes
  method: "auto",
  samples: 20000,
  compare: [],
  showHypotheses: true,
  view: null,             // the scenario as /api/scenario describes it (parameters, hypotheses)
  catalogue: null,        // the model's parameter catalogue (/api/catalogue/{model}): explanations, pages, notes
  result: null,           // the last /api/forecast response
  anchors: null,          // the last /api/anchors response (Cotra's classic picture)
  anchorYear: 2036,       // the year the classic picture marks (report p. 136's checkpoint)
  overlays: {},           // name -> forecast JSON of an overlaid built-in scenario
  userOverlays: [],       // [{name, result}] overlaid scenario files of the user (not carried in the URL)
  baseResults: {},        // request key -> forecast JSON of the unedited scenario (ghost curve)
  legendItems: [],        // the main chart's legend, also drawn into its SVG/PNG export
  builtins: [],
  efficiencyDatasets: [],  // the Efficiency tab's menu (the bundled datasets, from its first answer)
  viewLabels: {},         // dotted path -> human label, from the last optional view (sensitivity of any model)
  capabilities: {},
  activeTab: null,
  // The Compare tab's scenarios (issue 14 item 2): Cotra's and the measured inputs, each
  // without and with the no-TAI-by-2025 evidence; the first is the median-shift reference.
  trends: { since: 2018, frontier: "auto" },  // the Trends tab's window and rule (the CLI's defaults)
  // Each other tab's settings, sent as its query (GET views) or with the scenario (POST views): the CLI's options.
  viewParams: { horizon: {}, efficiency: {}, hindcast: { vantage: 2020, window: 8 }, scorecard: {},
                sensitivity: { analysis: "oat", output: "median_year", samples: 256 } },
  compareSet: null,  // the user's ticks in the Compare tab; null until then: defaultCompareSet()
};
// The Compare tab opens on the built-in in view (the median-shift reference) beside Cotra's 2020
// forecast and the measured trends (and given no TAI by 2025), in this order of priority, four at
// most (/api/compare's limit): any model is set beside hers.
const COMPARE_REFERENCES = ["cotra2020", "measured-2025", "measured-2025-given-2025", "cotra2020-given-2025"];
const COMPARE_MAX = 4;
function defaultCompareSet() {
  const known = new Set(state.builtins.map((b) => b.name));
  const inView = state.toml === null && known.has(state.scenario) ? [state.scenario] : [];
  return [...new Set([...inView, ...COMPARE_REFERENCES])].filter((n) => known.has(n)).slice(0, COMPARE_MAX);
}
// P(TAI by year) columns of the Compare table: bioanchors.result.SUMMARY_YEARS, as `bioanchors compare`.
const HEADLINE_YEARS = [2030, 2036, 2040, 2050, 2070, 2100];
let seq = 0;               // forecast request counter: only the latest response is drawn
let inflight = null;       // AbortController of the forecast request in flight
let changeStartedAt = null;  // performance.now() of the input change being answered
let errorTimer = null;     // pending display of an error (shown after typing pauses)

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- API

function scenarioBody(extra = {}) {
  const body = state.toml !== null ? { scenario_toml: state.toml } : { scenario: state.scenario };
  return Object.assign(body, { overrides: state.overrides }, extra);
}

function forecastBody(extra = {}) {
  const b = scenarioBody({ method: state.method });
  if (usesSamples(state.method)) b.samples = state.samples;
  return Object.assign(b, extra);
}

async function api(path, body, opts = {}) {
  const init = body === undefined ? { signal: opts.signal } :
    { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), signal: opts.signal };
  const resp = await fetch(path, init);
  if (!resp.ok) {
    let payload = { detail: `${resp.status} ${resp.statusText}`, errors: [] };
    try { payload = await resp.json(); } catch (e) { /* not JSON */ }
    const err = new Error(payload.detail || resp.statusText);
    err.status = resp.status;
    err.errors = payload.errors || [];
    throw err;
  }
  return opts.raw ? resp : resp.json();
}

// ---------------------------------------------------------------- explanations
// Every explanation, report page and note lives once, in the parameter catalogue
// (bioanchors/data/parameters.toml and data/parameters/<model>.toml), served per model.
const catalogues = {};  // model -> its /api/catalogue response (fetched once per page)

async function catalogueOf(model) {
  if (!catalogues[model]) catalogues[model] = await api(`/api/catalogue/${encodeURIComponent(model)}`);
  return catalogues[model];
}

function note(key) { return (state.catalogue && state.catalogue.notes[key]) || ""; }

// " (report p. 122)" for the report's pages, " (his code)" for another source's; "" without any.
function cite(pages) { return pages ? ` (${/^pp?\. /.test(pages) ? "report " : ""}${pages})` : ""; }

function explained(info) { return info && info.explanation ? info.explanation + cite(info.pages) : ""; }

// ---------------------------------------------------------------- URL <-> state

// The URL carries the scenario and only the changed parameters, e.g.
// /?scenario=cotra2020&spending.doubling_time_years=1.5&compare=cotra2022
// Any query key containing a dot is an override (scenario names have none).
function readURL() {
  const q = new URLSearchParams(location.search);
  if (q.has("scenario")) state.scenario = q.get("scenario");
  if (q.has("toml")) {
    try { state.toml = decodeURIComponent(escape(atob(q.get("toml").replace(/-/g, "+").replace(/_/g, "/")))); state.scenario = null; }
    catch (e) { showErrors({ message: "the shared link's scenario could not be decoded" }); }
  }
  if (q.has("method")) state.method = q.get("method");
  if (q.has("samples")) state.samples = parseInt(q.get("samples"), 10) || state.samples;
  state.compare = q.getAll("compare");
  if (q.get("hypotheses") === "0") state.showHypotheses = false;
  for (const [k, v] of q.entries()) {
    if (k.includes(".")) state.overrides[k] = parseValue(v);
  }
}

function parseValue(v) {
  if (v === "true") return true;
  if (v === "false") return false;
  const x = Number(v);
  return v.trim() !== "" && Number.isFinite(x) ? x : v;  // a bad value goes to the server, which says why
}

function shareURL() {
  const q = new URLSearchParams();
  if (state.toml !== null) {
    if (state.toml.length <= TOML_IN_URL_MAX) {
      q.set("toml", btoa(unescape(encodeURIComponent(state.toml))).replace(/\+/g, "-").replace(/\//g, "_"));
    }
  } else {
    q.set("scenario", state.scenario);
  }
  if (state.method !== "auto") q.set("method", state.method);
  if (usesSamples(state.method)) q.set("samples", String(state.samples));
  for (const name of state.compare) q.append("compare", name);
  if (!state.showHypotheses) q.set("hypotheses", "0");
  for (const [k, v] of Object.entries(state.overrides)) q.set(k, String(v));
  return `${location.origin}${location.pathname}?${q.toString()}`;
}

function syncURL() {
  const url = shareURL();
  history.replaceState(null, "", url);
  $("share-url").value = url;
}

// ---------------------------------------------------------------- inputs panel

// Which views the scenario's model has (/api/scenario "views", asked of the model: no model names here).
function hasView(name) { return Boolean(state.view && (state.view.views || []).includes(name)); }

// What the forecast is of, in the model's own words ("AGI", "training compute for TAI affordable"):
// the result's event_label, else the scenario's (issue 24 item 1).
function eventLabel(r = state.result) {
  return (r && (r.display_event || r.event_label)) || (state.view && state.view.event_label) || "the event";
}

function pBy(label = eventLabel(), year = "year") { return `P(${label} by ${year})`; }

function renderInputs() {
  const form = $("inputs");
  form.textContent = "";
  const params = state.view.parameters;
  $("scenario-description").textContent = state.view.description || "";
  $("scenario-model").textContent = (state.view.model_label ? `Model: ${state.view.model_label}` : "")
    + (state.view.data_vintage ? ` · data vintage ${state.view.data_vintage} (set in the scenario)` : "");
  // Other models forecast something of their own (e.g. a time horizon reaching a threshold): say what.
  $("model-forecasts").textContent = state.view.forecasts ? `The model forecasts ${state.view.forecasts}` : "";
  if (state.view.members && state.view.members.length) form.appendChild(membersTable(state.view.members));
  if (Object.keys(state.view.hypotheses).length) form.appendChild(hypothesisTable(params));
  paramGroups(form, params);
  // Cotra's anchors, after the trends: the first screen keeps the inputs most people change.
  if (hasView("conditioning")) form.appendChild(conditioningEditor());
  if (hasView("anchors")) form.appendChild(anchorsEditor());
  renderTakeoffControls();
  markChanged();
  updateHuman();
}

// An ensemble's members: what each is (scenario, model); each one's weight is an input below.
function membersTable(members) {
  const fs = el("fieldset", { id: "members" }, [el("legend", {}, ["Ensemble members"])]);
  const table = el("table", { class: "hyp-table" }, [el("tr", {}, ["member", "scenario", "model"].map((h) => el("th", { scope: "col" }, [h])))]);
  for (const m of members) {
    table.append(el("tr", { "data-member": String(m.index) }, [el("th", { scope: "row" }, [m.label]), el("td", {}, [m.scenario]), el("td", {}, [m.model])]));
  }
  fs.append(table, el("p", { class: "muted small" }, [note("members")]));
  return fs;
}

// Cotra's hypotheses: one row each, three columns (weight, halving time, cap).
function hypothesisTable(params) {
  const hyp = el("fieldset", {}, [el("legend", {}, ["Hypotheses"])]);
  const table = el("table", { class: "hyp-table" });
  const cols = { weight: "weight", halving_time_years: "halving [yr]", cap_oom: "cap [OOM]" };
  const column = (k) => state.catalogue.parameters[`hypotheses.*.${k}`];
  const part = (name) => state.catalogue.components[name];
  table.appendChild(el("tr", {}, [el("th", { scope: "col" }, ["hypothesis"]), ...Object.entries(cols).map(([k, h]) =>
    el("th", { scope: "col", title: column(k).explanation }, [h]))]));
  for (const [name, label] of Object.entries(state.view.hypotheses)) {
    const info = part(name);
    const tr = el("tr", {}, [el("th", { scope: "row", title: info ? info.text + cite(info.pages) : "" }, [label])]);
    for (const key of ["weight", "halving_time_years", "cap_oom"]) {
      const p = params.find((x) => x.path === `hypotheses.${name}.${key}`);
      tr.appendChild(el("td", {}, [makeInput(p)]));
    }
    table.appendChild(tr);
  }
  hyp.appendChild(table);
  // Uncertain weights, halving times and caps: their ranges, editable (each a dotted override PATH.p95 ...).
  const ranged = params.filter((x) => x.group.startsWith("hypothesis:") && x.dist_fields && x.dist_fields.length);
  if (ranged.length) hyp.appendChild(el("details", { class: "ranges", id: "hyp-ranges" },
    [el("summary", {}, [`Ranges of the uncertain hypothesis inputs (${ranged.length})`]), ...ranged.map(rangeEditor)]));
  const inactive = params.find((x) => x.group.startsWith("hypothesis:") && x.inactive);
  if (inactive) hyp.appendChild(el("p", { class: "inactive-note", id: "inactive-note" },
    [`Halving times are disabled: ${inactive.inactive}.`]));
  hyp.appendChild(helpBox("About weights, halving times and caps",
    Object.entries(cols).map(([k, h]) => `${h}: ${explained(column(k))}`)
      .concat(Object.entries(state.view.hypotheses).filter(([n]) => part(n))
        .map(([n, l]) => `${l}: ${part(n).text}${cite(part(n).pages)}`)), "hyp-help"));
  return hyp;
}

// Every other input, grouped as the server lists it (any model: the catalogue's groups, labels and units).
function paramGroups(form, params) {
  let fs = null, group = null;
  for (const p of params) {
    if (p.group.startsWith("hypothesis:")) continue;
    if (p.group !== group) {
      group = p.group;
      fs = el("fieldset", {}, [el("legend", {}, [group])]);
      form.appendChild(fs);
    }
    const row = el("div", { class: "param" }, [
      el("label", { for: inputId(p.path) }, [p.label, p.unit ? el("span", { class: "unit" }, [` [${p.unit}]`]) : ""]),
      makeInput(p),
    ]);
    row.appendChild(el("span", { class: "human", "data-human": p.path }));
    const alt = altEntry(p);
    if (alt) row.appendChild(alt);
    if (p.distribution) row.appendChild(el("span", { class: "dist" }, [`${p.distribution} (median shown; editing sets a number, or edit its range below)`]));
    if (p.dist_fields && p.dist_fields.length) row.appendChild(rangeEditor(p));
    // Every model's inputs carry their catalogue definition and pages (/api/scenario reads the catalogue).
    const text = explained(p);
    if (text) row.appendChild(helpBox(`About ${p.label}`, [text], `help-${inputId(p.path)}`));
    fs.appendChild(row);
  }
}

// Conditioning on "no EVENT by year V" (as `bioanchors forecast --given-no-tai-by V --realised-log10-flop X
// --realised-algorithmic-oom Y --rebase`): overrides of the scenario's [evidence] section (docs/evidence.md).
// A scenario conditioned in its own file shows its values; unconditioned, the box turns conditioning on.
const EVIDENCE_FIELDS = [
  ["vantage_year", "No event by the end of year", "year", "1",
    "The forecast is conditioned on no arrival by the end of this year: P(by then) = 0, and each hypothesis's weight is " +
    "updated by how likely it made arrival by then, given the compute that was reachable (docs/evidence.md)."],
  ["realised_log10_flop", "Largest run by then (blank: the bundled Epoch data)", "log10 FLOP", "0.1",
    "The largest training run by the vantage year. Blank: the bundled Epoch AI data (the largest published run, one " +
    "year of lag)."],
  ["realised_log10_algorithmic_multiplier", "Algorithmic progress since 2020 (blank: 8-month halving)", "OOM", "0.1",
    "Algorithmic progress from 2020 to the vantage year, in orders of magnitude of effective compute. Blank: a halving " +
    "time of about 8 months (Ho et al. 2024)."],
];

function conditioningEditor() {
  const ev = state.view.evidence;
  const fs = el("fieldset", { id: "conditioning" }, [el("legend", {}, [`Condition on no ${shortEvent()} by a year`])]);
  const key = (f) => `evidence.${f}`;
  const current = (f) => key(f) in state.overrides ? state.overrides[key(f)] : ev ? ev[f] : null;
  const on = el("input", { type: "checkbox", id: "cond-on" });
  on.checked = Boolean(ev) || Object.keys(state.overrides).some((k) => k.startsWith("evidence."));
  on.disabled = Boolean(ev);  // conditioned in the file itself: pick the unconditioned scenario to turn it off
  const inputs = EVIDENCE_FIELDS.map(([f, label, unit, step, about]) => {
    const v = current(f);
    const input = el("input", { type: "number", id: inputId(key(f)), "data-path": key(f), step, "aria-label": `${label} [${unit}]`,
      value: v === null || v === undefined ? (f === "vantage_year" ? "2025" : "") : String(v) });
    input.addEventListener("change", () => setEvidence());
    return el("div", { class: "param" }, [el("label", { for: input.id }, [label, el("span", { class: "unit" }, [` [${unit}]`])]), input,
      helpBox(`About ${label}`, [about], `help-${input.id}`)]);
  });
  const rebase = el("input", { type: "checkbox", id: inputId("evidence.rebase"), "data-path": "evidence.rebase" });
  rebase.checked = Boolean(current("rebase"));
  const setEvidence = () => {
    changeStartedAt = performance.now();
    for (const k of Object.keys(state.overrides)) if (k.startsWith("evidence.")) delete state.overrides[k];
    if (on.checked) {
      EVIDENCE_FIELDS.forEach(([f], i) => {
        const raw = inputs[i].querySelector("input").value.trim();
        const v = raw === "" ? null : Number(raw);
        const base = ev ? ev[f] : null;
        if (v !== null && v !== base) state.overrides[key(f)] = v;
      });
      if (rebase.checked !== Boolean(ev && ev.rebase)) state.overrides["evidence.rebase"] = rebase.checked;
      if (!ev && !("evidence.vantage_year" in state.overrides)) state.overrides["evidence.vantage_year"] = 2025;
    }
    markChanged();
    refresh();
  };
  on.addEventListener("change", setEvidence);
  rebase.addEventListener("change", setEvidence);
  fs.append(el("label", { class: "cond-on" }, [on, ` Condition the forecast on no ${shortEvent()} by the year below` + (ev ? " (set in the scenario's file)" : "")]),
    ...inputs, el("label", { class: "cond-on" }, [rebase, " re-anchor the spending trend at the realised largest run (rebase)"]),
    el("p", { class: "muted small" }, ["As bioanchors forecast --given-no-tai-by YEAR [--realised-log10-flop X] [--realised-algorithmic-oom Y] [--rebase]; docs/evidence.md."]));
  return fs;
}

// The anchors' own inputs (/api/scenario's "anchors"): each hypothesis's requirement (horizon range or
// stated distribution), the shared ingredients of the constructed ones, and p_none. Each is a dotted
// override path like every other input; a distribution is edited through its parameters.
function anchorsEditor() {
  const fs = el("fieldset", { class: "anchors-editor", id: "anchors-editor" }, [el("legend", {}, ["Anchors: the 2020 requirements"])]);
  const list = state.view.anchors || [];
  const groups = [...new Set(list.map((p) => p.group))];
  const title = (g) => g === "ingredients" ? "Ingredients of the constructed hypotheses"
    : g === "p_none" ? "No hypothesis works (p_none)"
    : `${state.view.hypotheses[g.split(":")[1]] || g.split(":")[1]}: requirement`;
  for (const g of groups) {
    const rows = list.filter((p) => p.group === g).map(paramRow);
    // The ingredients are many: folded by default (a native <details>, keyboard-operable).
    if (g === "ingredients") fs.append(el("details", { id: "ingredients" }, [el("summary", {}, [`${title(g)} (${rows.length})`]), ...rows]));
    else fs.append(el("div", { class: "group-title" }, [title(g)]), ...rows);
  }
  return fs;
}

function paramRow(p) {
  // Inside a hypothesis's group the hypothesis's name is the group title: the visible label drops it,
  // the input's accessible name keeps the full label.
  const hyp = p.group.startsWith("requirement:") ? state.view.hypotheses[p.group.split(":")[1]] : null;
  const shown = hyp && p.label.startsWith(`${hyp}: `) ? p.label.slice(hyp.length + 2) : p.label;
  const input = makeInput(p);
  if (shown !== p.label) input.setAttribute("aria-label", p.label + (p.unit ? ` [${p.unit}]` : ""));
  const row = el("div", { class: "param" }, [
    el("label", { for: inputId(p.path) }, [shown, p.unit ? el("span", { class: "unit" }, [` [${p.unit}]`]) : ""]), input]);
  if (p.explanation) row.appendChild(helpBox(`About ${p.label}`, [explained(p)], `help-${inputId(p.path)}`));
  return row;
}

// An uncertain input's distribution, edited through its own numbers (percentiles, or median and spread):
// each a dotted override (PATH.p95, PATH.sd_log10), so the range changes and the input stays uncertain.
function rangeEditor(p) {
  return el("details", { class: "range-editor", "data-range": p.path }, [
    el("summary", {}, [`Range of ${p.label}`]),
    ...p.dist_fields.map((f) => el("div", { class: "param" }, [
      el("label", { for: inputId(f.path) }, [f.label.slice(p.label.length + 2) || f.label, f.unit ? el("span", { class: "unit" }, [` [${f.unit}]`]) : ""]),
      makeInput(f)]))]);
}

// Every editable parameter the page knows: the main inputs, their distributions' numbers and the anchors' inputs.
function allParams() {
  if (!state.view) return [];
  const main = state.view.parameters;
  return [...main, ...main.flatMap((p) => p.dist_fields || []), ...(state.view.anchors || [])];
}

function findParam(path) { return allParams().find((x) => x.path === path); }

// A collapsed definition: "?" opens it (a native <details>, so keyboard and screen readers work).
function helpBox(title, paragraphs, id) {
  return el("details", { class: "help", id }, [el("summary", { "aria-label": title, title }, ["?"]),
    ...paragraphs.map((t) => el("p", {}, [t]))]);
}

// ---------------------------------------------------------------- human units

// Human-readable value beside a log10 or rate input; the number entered stays the model's own unit.
// Units are the parameter catalogue's (bioanchors/data/parameters.toml), as /api/scenario sends them.
function humanValue(path, unit, v) {
  if (typeof v !== "number" || !Number.isFinite(v)) return "";
  if (unit === "log10 USD") return `= ${dollars(10 ** v)}`;
  if (unit === "log10 FLOP/USD") return `= ${sci(10 ** v)} FLOP per $`;
  if (path.endsWith("log10_ceiling_multiplier")) return `= up to ${sci(10 ** v)}x`;
  if (path.endsWith("doubling_time_years") && v > 0) return `= ${(2 ** (1 / v)).toFixed(2)}x per year`;
  if (path.endsWith("gdp_share")) return `= ${(100 * v).toPrecision(3)}% of GDP`;
  if (path.endsWith("gdp_growth_per_year")) return `= ${(100 * v).toPrecision(3)}% per year`;
  // Any model's other log10 quantities and monthly doubling times (e.g. a time horizon's), read the same way.
  if (path.endsWith("doubling_time_months") && v > 0) return `= ${(2 ** (12 / v)).toFixed(2)}x per year`;
  if (unit.startsWith("log10 ") && Math.abs(v) < 300) return `= ${sci(10 ** v)} ${unit.slice(6)}`;
  return "";
}

function sci(x) {
  const e = Math.floor(Math.log10(x));
  const m = x / 10 ** e;
  return e >= -2 && e < 4 ? String(Number(x.toPrecision(3))) : `${m.toFixed(1)}e${e}`;
}

function dollars(x) {
  for (const [d, w] of [[1e12, "trillion"], [1e9, "billion"], [1e6, "million"]]) if (x >= d) return `$${Number((x / d).toPrecision(3))} ${w}`;
  return `$${Number(x.toPrecision(3)).toLocaleString()}`;
}

// Entry in human units for the log10 and doubling-time inputs: "$2.5B", "4e17", "1.5x".
// The value is converted to the model's unit and set in the main input, as if typed there.
const ALT_UNITS = {
  "log10 USD": { label: "or in dollars", hint: "e.g. $2.5B", parse: (t) => log10Of(parseAmount(t.replace(/[$,\s]/g, ""))) },
  "log10 FLOP/USD": { label: "or in FLOP per $", hint: "e.g. 4e17", parse: (t) => log10Of(parseAmount(t.replace(/[,\s]/g, ""))) },
  doubling: { label: "or as growth", hint: "e.g. 1.4x per year", parse: (t) => {
    const x = Number(t.replace(/x.*$/i, "").trim());
    return x > 1 ? 1 / Math.log2(x) : NaN;
  } },
};

function parseAmount(t) {
  const m = /^([0-9.]+(?:e[+-]?[0-9]+)?)(k|m|mn|b|bn|t)?$/i.exec(t);
  if (!m) return NaN;
  const mult = { k: 1e3, m: 1e6, mn: 1e6, b: 1e9, bn: 1e9, t: 1e12 }[(m[2] || "").toLowerCase()] || 1;
  return Number(m[1]) * mult;
}

function log10Of(x) { return x > 0 ? Math.log10(x) : NaN; }

function altEntry(p) {
  const kind = ALT_UNITS[p.unit] ? p.unit : p.path.endsWith("doubling_time_years") ? "doubling" : null;
  if (!kind || p.kind !== "number") return null;
  const spec = ALT_UNITS[kind];
  const input = el("input", { type: "text", class: "alt", "data-alt": p.path, placeholder: spec.hint, "aria-label": `${p.label}, ${spec.label}` });
  input.addEventListener("change", () => {
    const v = spec.parse(input.value.trim());
    if (!Number.isFinite(v)) {
      showErrors({ message: "", errors: [{ field: p.path, message: `'${input.value}' is not understood; ${spec.hint}` }] });
      return;
    }
    const rounded = Number(v.toFixed(4));
    document.querySelector(`#inputs [data-path="${CSS.escape(p.path)}"]`).value = formatInputValue(rounded);
    input.value = "";
    onParamChange(p, rounded);
  });
  return el("label", { class: "alt-entry" }, [spec.label + " ", input]);
}

// Every input that edits a path: the inputs panel's and, for a headline input, the takeoff view's copy.
const EDITORS = "#inputs, #takeoff-controls";

function inputsOf(path) {
  return [...document.querySelectorAll(EDITORS.split(", ").map((e) => `${e} [data-path="${CSS.escape(path)}"]`).join(", "))];
}

function updateHuman() {
  for (const span of document.querySelectorAll("#inputs [data-human], #takeoff-controls [data-human]")) {
    const p = state.view.parameters.find((x) => x.path === span.dataset.human);
    const v = p.path in state.overrides ? state.overrides[p.path] : p.value;
    span.textContent = humanValue(p.path, p.unit, v);
  }
}

function inputId(path) { return "in-" + path.replace(/\./g, "-"); }

function makeInput(p) {
  const current = p.path in state.overrides ? state.overrides[p.path] : p.value;
  let input;
  if (p.kind === "bool") {
    input = el("input", { type: "checkbox", id: inputId(p.path), "data-path": p.path, "aria-label": p.label });
    input.checked = Boolean(current);
    input.addEventListener("change", () => onParamChange(p, input.checked));
  } else {
    // Named by its label and unit (not by a title alone: axe's label-title-only); the label is also the tooltip.
    input = el("input", { type: "number", id: inputId(p.path), "data-path": p.path, step: p.step ?? "any", title: p.label,
      "aria-label": p.label + (p.unit ? ` [${p.unit}]` : "") });
    if (p.min !== null && p.min !== undefined) input.min = p.min;
    input.value = formatInputValue(current);
    if (p.inactive) {
      // The model ignores this input (e.g. replaced by halving_time_years_all) and the server
      // refuses an edit of it, so it is shown disabled with the server's reason.
      input.disabled = true;
      input.title = `${p.label}: inactive, ${p.inactive}`;
      input.setAttribute("aria-label", input.title);
      input.classList.add("inactive");
      return input;
    }
    input.addEventListener("input", () => {
      const x = input.value.trim() === "" ? NaN : Number(input.value);
      if (!Number.isFinite(x)) {
        // Mid-typing ("-", "1e") is not an error yet: say so only if typing pauses here.
        scheduleErrors({ message: `${p.path}: expected a number`, errors: [{ field: p.path, message: "expected a number" }] });
        return;
      }
      onParamChange(p, x);
    });
  }
  return input;
}

function formatInputValue(v) {
  return typeof v === "number" ? String(Number(v.toPrecision(10))) : String(v);
}

function onParamChange(p, value) {
  changeStartedAt = performance.now();
  if (value === p.value) delete state.overrides[p.path]; else state.overrides[p.path] = value;
  // The other copy of the input (inputs panel / takeoff view) shows the same value; the one typed in is left alone.
  for (const twin of inputsOf(p.path)) if (twin !== document.activeElement && twin.type === "number") twin.value = formatInputValue(value);
  markChanged();
  updateHuman();
  refresh();
}

function markChanged() {
  for (const input of document.querySelectorAll("#inputs [data-path], #takeoff-controls [data-path]")) {
    const wrap = input.closest(".param") || input.parentElement;
    wrap.classList.toggle("changed", input.dataset.path in state.overrides);
  }
}

function setInvalid(path, bad) {
  const params = allParams().filter((p) => p.path === path || p.param === path).map((p) => p.path);
  for (const q of params.length ? params : [path]) {
    for (const input of inputsOf(q)) (input.closest(".param") || input.parentElement).classList.toggle("invalid", bad);
  }
}

// ---------------------------------------------------------------- errors

function scheduleErrors(err) {
  clearTimeout(errorTimer);
  errorTimer = setTimeout(() => showErrors(err), ERROR_DELAY_MS);
}

function showErrors(err) {
  clearTimeout(errorTimer);
  const box = $("errors");
  for (const n of document.querySelectorAll("#inputs .invalid, #takeoff-controls .invalid")) n.classList.remove("invalid");
  // While an error is shown the charts are those of the last valid inputs: mark them stale.
  for (const n of document.querySelectorAll(".chart-wrap, #compute-chart, #anchors-chart, #takeoff-charts")) n.classList.toggle("stale", Boolean(err));
  $("stale-note").hidden = !err;
  if (!err) { box.hidden = true; box.textContent = ""; return; }
  const errors = err.errors && err.errors.length ? err.errors : [{ field: null, message: err.message }];
  box.hidden = false;
  // "field: message", unless the message already starts with its field (never "samples: samples: ...").
  box.textContent = errors.map((e) => (e.field && !e.message.startsWith(`${e.field}:`) ? `${e.field}: ` : "") + e.message).join("\n");
  for (const e of errors) if (e.field) setInvalid(e.field, true);
}

// ---------------------------------------------------------------- forecast

async function refresh() {
  const my = ++seq;
  if (inflight) inflight.abort();
  inflight = new AbortController();
  syncURL();
  const stop = jobProgress($("chart-wrap"), "the forecast");  // shown only if it takes over a second
  try {
    const signal = inflight.signal;
    const [result] = await Promise.all([api("/api/forecast", forecastBody(), { signal }), loadBase(signal)]).finally(stop);
    if (my !== seq) return;  // a newer change is being answered
    state.result = result;
    showErrors(null);
    drawAll();
    noteRenderTime(my);
    // The classic picture is asked for once the main chart is drawn, so it never delays it
    // (the server answers one request at a time per core). It exists for Cotra's model only.
    state.anchors = hasView("anchors") ? await api("/api/anchors", scenarioBody(), { signal }) : null;
    if (my !== seq) return;
    drawAnchors();
    if (state.activeTab === "retro" || state.activeTab === "sensitivity") loadView(state.activeTab);
  } catch (err) {
    if (err.name === "AbortError" || my !== seq) return;
    if (changeStartedAt !== null) scheduleErrors(err); else showErrors(err);
  }
}

// The unedited scenario, for the ghost curve and the list of changes: fetched once per scenario and method.
function baseKey() {
  return JSON.stringify(Object.assign(forecastBody(), { overrides: {} }));
}

async function loadBase(signal) {
  if (!Object.keys(state.overrides).length) return;
  const key = baseKey();
  if (state.baseResults[key]) return;
  state.baseResults[key] = await api("/api/forecast", JSON.parse(key), { signal });
}

function baseResult() {
  return Object.keys(state.overrides).length ? state.baseResults[baseKey()] || null : null;
}

// "cotra2020 (edited: 2 changes)", as the HTML report titles an edited scenario.
function displayName() {
  const name = (state.view && state.view.name) || (state.result && state.result.scenario) || "scenario";
  const n = Object.keys(state.overrides).length;
  return n ? `${name} (edited: ${n} change${n === 1 ? "" : "s"})` : name;
}

function noteRenderTime(my) {
  // Measured from the input event to after the browser has had a frame to
  // paint the new chart (rAF + timeout 0 runs after that frame's paint).
  const started = changeStartedAt;
  requestAnimationFrame(() => setTimeout(() => {
    const chart = $("chart");
    chart.dataset.seq = String(my);
    if (started !== null) {
      const ms = performance.now() - started;
      window.__lastRenderMs = ms;
      chart.dataset.renderMs = ms.toFixed(1);
      $("render-time").textContent = `updated in ${ms.toFixed(0)} ms`;
      changeStartedAt = null;
    }
  }, 0));
}

async function loadOverlays() {
  for (const name of state.compare) {
    if (state.overlays[name] || name === state.scenario) continue;
    try { state.overlays[name] = await api("/api/forecast", { scenario: name }); }
    catch (err) { showErrors(err); }
  }
}

// The chart boxes' widths, read once before any drawing writes to the page (reading a width after a
// write forces a layout each time: measured 11 ms a redraw before, under 1 ms after).
function measureCharts() {
  state.widths = { chart: chartWidth($("chart"), WIDE), compute: chartWidth($("compute-chart")), anchors: chartWidth($("anchors-chart")) };
}

function widthOf(box) {
  if (!state.widths) measureCharts();
  return state.widths[box];
}

function drawAll() {
  const r = state.result;
  if (!r) return;
  measureCharts();
  const last = Object.keys(r.p_by_year).at(-1);
  $("headline-label").textContent = `Median year of ${eventLabel(r)}`;
  $("median-year").textContent = r.median_year === null ? `after ${last}` : String(r.median_year);
  const qse = r.quantile_standard_errors || {};
  // The SE is that of the interpolated median date (JSON quantile_dates), not of the whole year above.
  const qd = r.quantile_dates || {};
  $("median-se").textContent = typeof qse["0.5"] === "number"
    ? `median date ${qd["0.5"].toFixed(1)} ${seText(qse["0.5"], "yr")}` : "";
  $("quantiles").textContent = "10%: " + (r.quantiles["0.1"] ?? `> ${last}`) + " · 90%: " + (r.quantiles["0.9"] ?? `> ${last}`)
    + (r.samples ? ` · ${r.method === "monte-carlo" ? "Monte Carlo" : r.method}, ${r.samples.toLocaleString()} samples`
                 : ` · ${r.method}`);
  drawCDF(r);
  drawSummary(r);
  drawChanges();
  drawComputeChart(r);
  drawTakeoff(r);
  drawAnchors();
}

function drawChanges() {
  const paths = Object.keys(state.overrides);
  const box = $("changes");
  box.hidden = !paths.length;
  if (!paths.length) return;
  const rows = paths.map((path) => {
    const p = findParam(path);
    return el("tr", { "data-change": path }, [el("td", {}, [p ? p.label : path]), el("td", {}, [p ? formatInputValue(p.value) : "?"]),
      el("td", {}, [formatInputValue(state.overrides[path])]), el("td", { class: "muted" }, [p && p.unit ? p.unit : ""])]);
  });
  box.replaceChildren(el("caption", {}, [`Changed from ${(state.view && state.view.name) || "the scenario"}`]),
    el("tr", {}, ["parameter", "base", "new", "unit"].map((h) => el("th", { scope: "col" }, [h]))), ...rows);
}

function seriesOf(obj) {
  return Object.entries(obj).map(([y, p]) => [Number(y), p]);
}

// A forecast's parts: Cotra's hypotheses, or any model's components (the JSON names their kind, issue 12).
function componentsOf(r) {
  return r[r.component_kind || "hypotheses"] || {};
}

// ", share 75%": a member's normalised weight (what the mixture uses), when the JSON gives it.
function shareText(h) {
  return typeof h.normalised_weight === "number" ? `, share ${(100 * h.normalised_weight).toFixed(0)}%` : "";
}

function isHypotheses(r) { return (r.component_kind || "hypotheses") === "hypotheses"; }

// "hypothesis", "member" (an ensemble's models) or "component", for labels.
function componentWord(r) {
  const kind = r.component_kind || "hypotheses";
  return kind === "hypotheses" ? "hypothesis" : kind === "models" ? "member" : "component";
}

function drawCDF(r) {
  const lines = [];
  const legend = [];
  if (state.showHypotheses) {
    Object.entries(componentsOf(r)).forEach(([name, h], i) => {
      const color = PALETTE[i % PALETTE.length], dash = HYP_DASHES[i % HYP_DASHES.length];
      lines.push({ points: seriesOf(h.p_by_year), color, width: 1.4, opacity: 0.9, dash, cls: "hyp-line" });
      legend.push({ label: `${h.label} (w ${h.weight.toFixed(2)}${isHypotheses(r) ? ", conditional" : shareText(h)})`, color, dash });
    });
  }
  state.compare.forEach((name, i) => {
    const o = state.overlays[name];
    if (!o || name === r.scenario) return;
    const color = OVERLAY_COLORS[i % OVERLAY_COLORS.length];
    lines.push({ points: seriesOf(o.p_by_year), color, width: 2.2, dash: "9 4", cls: "overlay-line" });
    legend.push({ label: `${name} (median ${o.median_year ?? "later"})`, color, dash: "9 4" });
  });
  state.userOverlays.forEach((u, i) => {
    const color = OVERLAY_COLORS[(state.compare.length + i) % OVERLAY_COLORS.length];
    lines.push({ points: seriesOf(u.result.p_by_year), color, width: 2.2, dash: "3 3 9 3", cls: "overlay-line user-overlay" });
    legend.push({ label: `${u.name} (your file, median ${u.result.median_year ?? "later"})`, color, dash: "3 3 9 3" });
  });
  const base = baseResult();
  if (base) {
    lines.push({ points: seriesOf(base.p_by_year), color: BASE_COLOR, width: 2.6, dash: "2 4", id: "base-line" });
    legend.push({ label: `${base.scenario} before your edits (median ${base.median_year ?? "later"})`, color: BASE_COLOR, dash: "2 4" });
  }
  const bands = [];
  if (r.p_by_year_band) {
    bands.push({ lo: seriesOf(r.p_by_year_band["0.05"]), hi: seriesOf(r.p_by_year_band["0.95"]), id: "total-band" });
    legend.push({ label: `5-95% band across ${isHypotheses(r) ? "trend" : "parameter"} draws`, band: true });
  }
  lines.push({ points: seriesOf(r.p_by_year), color: "#111", width: 2.8, id: "total-line", cls: "total" });
  legend.push({ label: `${displayName()} (total)`, color: "#111", total: true });
  state.legendItems = legend;
  const years = Object.keys(r.p_by_year).map(Number);
  const chart = lineChart({
    title: `${pBy(eventLabel(r))} for ${displayName()}, ${years[0]}-${years.at(-1)}: median ${r.median_year ?? "after " + years.at(-1)}`,
    xmin: years[0], xmax: years.at(-1), ymin: 0, ymax: 1, lines, bands, width: widthOf("chart"),
    ylabel: widthOf("chart") < 600 ? "P(by year)" : pBy(shortEvent(r)), yfmt: (v) => `${Math.round(v * 100)}%`,
    marker: r.median_year !== null ? { x: r.median_year, label: `median ${r.median_year}` } : null,
    hover: { points: seriesOf(r.p_by_year), fmt: (x, y) => `${x}: ${(100 * y).toFixed(1)}%` },
  });
  const box = $("chart");
  box.replaceChildren(chart);
  $("legend").replaceChildren(...legend.map((l) => el("span", {}, [legendSwatch(l), l.label])));
  const parts = Object.keys(componentsOf(r)).length;
  const partsNote = !state.showHypotheses || !parts ? "" : isHypotheses(r) ? note("conditional") : r.component_kind === "models" ? note("memberCurves") : note("componentCurves");
  $("legend-note").textContent = (partsNote ? partsNote + " " : "") + (r.p_by_year_band ? note(isHypotheses(r) ? "band" : "bandAny") : "");
  $("show-components-label").textContent = `per-${componentWord(r)} curves`;
  $("show-hypotheses").parentElement.hidden = !parts;  // a model without components has nothing to show there
}

function legendSwatch(l) {
  const s = svg("svg", { width: 26, height: 10, class: "swatch", "aria-hidden": "true" });
  if (l.band) s.append(svg("rect", l.color ? { x: 0, y: 1, width: 26, height: 8, fill: l.color, "fill-opacity": 0.16 }
    : { x: 0, y: 1, width: 26, height: 8, class: "band" }));
  else if (l.dot) s.append(svg("circle", l.color ? { cx: 13, cy: 5, r: 3.5, fill: l.color } : { cx: 13, cy: 5, r: 3.5, class: "data-point" }));
  else {
    const attrs = { x1: 0, x2: 26, y1: 5, y2: 5, stroke: l.color, "stroke-width": l.total ? 3 : 2 };
    if (l.dash) attrs["stroke-dasharray"] = l.dash;
    if (l.total) attrs.class = "total";
    s.append(svg("line", attrs));
  }
  return s;
}

function drawComputeChart(r) {
  // Cotra's model reports the affordable compute; other models report their own log10 series
  // ("log10_..._by_year" in the JSON, e.g. the Direct Approach's effective compute); an ensemble has none.
  const own = r.affordable_log10_flop ? [] : modelSeries(r);
  $("compute-section").hidden = !r.affordable_log10_flop && !own.length;
  $("compute-heading-text").textContent = r.affordable_log10_flop ? "Affordable training compute" : "The model's own series [log10]";
  $("compute-legend").replaceChildren(...own.map((l) => el("span", {}, [legendSwatch(l), l.label])));
  state.computeLegend = own.length ? own : null;  // drawn into the chart's SVG/PNG export
  if (!r.affordable_log10_flop) return own.length ? drawModelSeries(own) : undefined;
  const pts = seriesOf(r.affordable_log10_flop);
  const ys = pts.map((p) => p[1]);
  const chart = lineChart({
    title: `Affordable training compute for ${displayName()} [log10 FLOP] by year`,
    xmin: pts[0][0], xmax: pts.at(-1)[0], ymin: Math.floor(Math.min(...ys)), ymax: Math.ceil(Math.max(...ys)),
    lines: [{ points: pts, color: "#111", width: 2, cls: "total" }], ylabel: "log10 FLOP affordable", yfmt: (v) => `1e${v}`,
    height: 240, width: widthOf("compute"), hover: { points: pts, fmt: (x, y) => `${x}: 1e${y.toFixed(1)} FLOP` },
  });
  $("compute-chart").replaceChildren(chart);
}

// The event in at most ~40 characters, for an axis label (the title and table carry it in full).
function shortEvent(r) {
  const label = eventLabel(r);
  return label.length <= 40 ? label : label.slice(0, 38).replace(/[ ,]+\S*$/, "") + "…";
}

// The drawing width of a chart box [px]: charts are drawn at the size they are shown (they reflow, never
// scale), so their text stays at its CSS size (12 px) on a phone. A box not laid out yet gets ``max``.
function chartWidth(box, max = 760) {
  if (!box || !box.clientWidth) return max;
  const cs = getComputedStyle(box);
  const w = box.clientWidth - parseFloat(cs.paddingLeft || 0) - parseFloat(cs.paddingRight || 0);
  return Math.max(260, Math.min(max, Math.floor(w)));
}

// A chart drawn once its box is in the page (at the box's width) and again whenever that width changes.
function responsiveChart(draw, attrs = {}) {
  const holder = el("div", Object.assign({ class: "chart", "data-responsive": "1" }, attrs));
  holder._draw = draw;
  return holder;
}

function drawResponsive(root = document) {
  for (const h of root.querySelectorAll("[data-responsive]")) {
    const w = chartWidth(h, Number(h.dataset.max) || 760);
    if (h._drawnAt === w && h.firstChild) continue;
    h._drawnAt = w;
    h.replaceChildren(h._draw(w));
  }
}

// A model's own yearly log10 series from its JSON (diagnostics), each with a colour, dash and human label.
function modelSeries(r) {
  return Object.keys(r).filter((k) => /^log10_.+_by_year$/.test(k) && r[k] && typeof r[k] === "object")
    .map((k, i) => ({ key: k, points: seriesOf(r[k]), color: PALETTE[i % PALETTE.length],
      dash: HYP_DASHES[i % HYP_DASHES.length], label: k.replace(/_by_year$/, "").replace(/^log10_/, "").replace(/_/g, " ")
        .replace(/\bflop\b/g, "FLOP").replace(/\busd\b/g, "USD") + " [log10]" }))
    .filter((l) => l.points.some(([, y]) => Number.isFinite(y)));  // null (undefined) years are gaps in the chart
}

function drawModelSeries(own) {
  const pts = own.flatMap((l) => l.points).filter(([, y]) => Number.isFinite(y)), ys = pts.map((p) => p[1]), xs = pts.map((p) => p[0]);
  const chart = lineChart({
    title: `The model's own series for ${displayName()} [log10] by year: ${own.map((l) => l.label).join(", ")}`,
    xmin: Math.min(...xs), xmax: Math.max(...xs), ymin: Math.floor(Math.min(...ys)), ymax: Math.ceil(Math.max(...ys)),
    lines: own.map((l) => ({ points: l.points, color: l.color, dash: l.dash, width: 2, cls: "model-series" })),
    ylabel: "log10", yfmt: (v) => `1e${v}`, height: 240, width: widthOf("compute"),
  });
  $("compute-chart").replaceChildren(chart);
}

// ---------------------------------------------------------------- takeoff view (simulation models)

// A simulation model's takeoff view (issue 21 item 7, issue 22 item 7): its headline series over time with
// their 5-95% bands where uncertain and the unedited run ghosted, its milestones marked, its takeoff
// metrics, its headline inputs as controls and a switch between its built-in scenarios (presets). Which
// series and inputs are headline is the model's own declaration (/api/scenario "takeoff", read from its
// catalogue's [views.takeoff]): this file names no model.
function takeoffLayout() { return hasView("takeoff") && state.view.takeoff ? state.view.takeoff : null; }

function renderTakeoffControls() {
  const box = $("takeoff-controls");
  const layout = takeoffLayout();
  $("takeoff-section").hidden = !layout;
  if (!layout) { box.replaceChildren(); return; }
  const presets = state.builtins.filter((b) => b.model === state.view.model);
  const sel = el("select", { id: "takeoff-preset" }, presets.map((b) => el("option", { value: b.name, title: b.description }, [b.name])));
  if (state.toml !== null) sel.append(el("option", { value: "__uploaded__" }, [`uploaded: ${state.view.name}`]));
  sel.value = state.toml !== null ? "__uploaded__" : state.scenario;
  sel.addEventListener("change", () => { if (sel.value !== "__uploaded__") pickScenario(sel.value); });
  const controls = layout.controls.map(findParam).filter(Boolean).map((p) => {
    const input = makeInput(p);
    input.id = `tk-${input.id}`;
    return el("div", { class: "param" }, [el("label", { for: input.id }, [p.label, p.unit ? el("span", { class: "unit" }, [` [${p.unit}]`]) : ""]),
      input, el("span", { class: "human", "data-human": p.path })]);
  });
  box.replaceChildren(el("label", { class: "takeoff-preset" }, ["Preset ", sel]),
    el("fieldset", {}, [el("legend", {}, ["Headline inputs (the same as in the inputs panel)"]), ...controls]));
}

// The milestones to mark: each declared event the forecast has, at its year at the central inputs (exact)
// or the year its probability passes 50% (sampled methods: the series are medians across draws too).
function milestonesOf(r, names) {
  const sampled = r.method !== "exact";
  return names.filter((n) => r.events && r.events[n]).map((n, i) => {
    const e = r.events[n];
    const year = sampled ? e.median_year : e.central_year ?? e.median_year;
    return { event: n, index: i + 1, label: e.label, year, x: year };
  });
}

function drawTakeoff(r) {
  const layout = takeoffLayout();
  $("takeoff-section").hidden = !layout || !r.series;
  if (!layout || !r.series) return;
  const base = baseResult();
  const marks = milestonesOf(r, layout.milestones);
  const ghosts = base ? milestonesOf(base, layout.milestones).map((m) => Object.assign(m, { cls: "ghost" })) : [];
  const grid = $("takeoff-charts");
  grid.replaceChildren(...layout.charts.map((c) => takeoffChart(c, r, base, marks, ghosts)));
  drawResponsive(grid);
  drawMilestonesTable(r, base, marks);
  drawMetricsTable(r, base);
  $("takeoff-note").textContent = (r.method === "exact" ? "Milestones at their year with the central inputs" :
    "Lines are medians across parameter draws, shaded 5-95%; milestones at the year their probability passes 50%") +
    (base ? "; the grey dotted lines are the scenario before your edits." : ".");
}

// How a series' unit is drawn: fractions as percent, log10 quantities on a log scale, the rest as they are.
function unitAxis(unit) {
  if (unit === "fraction") return { ymin: 0, ymax: 1, yfmt: (v) => `${Math.round(v * 100)}%`, label: "share [%]", fmt: (v) => `${(100 * v).toFixed(0)}%` };
  if (unit.startsWith("log10 ")) return { yfmt: (v) => sci(10 ** v), label: `${unit.slice(6)} (log scale)`, fmt: (v) => `${sci(10 ** v)} ${unit.slice(6)}` };
  return { yfmt: (v) => String(Math.round(v * 100) / 100), label: unit, fmt: (v) => `${v.toFixed(1)} ${unit}` };
}

function finitePoints(byYear) { return seriesOf(byYear || {}).filter(([, y]) => Number.isFinite(y)); }

function takeoffChart(c, r, base, marks, ghosts) {
  const unit = c.series[0].unit, axis = unitAxis(unit);
  const lines = [], bands = [], legend = [];
  c.series.forEach((s, j) => {
    const data = r.series[s.name];
    if (!data) return;
    const color = PALETTE[j % PALETTE.length], dash = HYP_DASHES[j % HYP_DASHES.length];
    if (data.band && data.band["0.05"]) {
      const lo = finitePoints(data.band["0.05"]), hi = finitePoints(data.band["0.95"]);
      const both = new Set(lo.map(([x]) => x).filter((x) => hi.some(([y]) => y === x)));
      bands.push({ lo: lo.filter(([x]) => both.has(x)), hi: hi.filter(([x]) => both.has(x)), color, id: `takeoff-band-${s.name}` });
      legend.push({ label: `${s.label}: 5-95% across parameter draws`, band: true, color });
    }
    if (base && base.series && base.series[s.name]) {
      lines.push({ points: seriesOf(base.series[s.name].by_year), color: BASE_COLOR, width: 2.2, dash: "2 4", cls: "takeoff-base", id: `takeoff-base-${s.name}` });
    }
    lines.push({ points: seriesOf(data.by_year), color, dash, width: 2.4, cls: "takeoff-line", id: `takeoff-line-${s.name}` });
    legend.push({ label: `${s.label} [${unit}]`, color, dash });
  });
  if (base) legend.push({ label: `${base.scenario} before your edits`, color: BASE_COLOR, dash: "2 4" });
  if (marks.length) legend.push({ label: "milestone (dashed line, labelled)", color: "#555", dash: "3 3" });
  const pts = [...lines.flatMap((l) => l.points), ...bands.flatMap((b) => [...b.lo, ...b.hi])].filter(([, y]) => Number.isFinite(y));
  const xs = takeoffYears(r, [...marks, ...ghosts]), ys = pts.filter(([x]) => x <= xs.at(-1)).map(([, y]) => y);
  const ymin = axis.ymin ?? (ys.length ? Math.floor(Math.min(...ys)) : 0);
  // A declared top of the axis (a horizon that blows up to the model's display clamp): values above it are
  // drawn on the top edge, and the legend says so.
  const top = c.ymax ?? null, ymax = top ?? axis.ymax ?? (ys.length ? Math.ceil(Math.max(...ys)) : 1);
  if (top !== null && ys.some((y) => y > top)) {
    const clip = (p) => [p[0], Number.isFinite(p[1]) ? Math.min(p[1], top) : p[1]];
    for (const l of lines) l.points = l.points.map(clip);
    for (const b of bands) { b.lo = b.lo.map(clip); b.hi = b.hi.map(clip); }
    legend.push({ label: `values above ${axis.fmt(top)} drawn on the top edge`, color: "#555", dash: "1 2" });
  }
  const slug = c.title.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const hoverPts = finitePoints((r.series[c.series[0].name] || {}).by_year).filter(([x]) => x <= xs.at(-1));
  const draw = (w) => lineChart({
    title: `${c.title} for ${displayName()} by year: ${c.series.map((s) => s.label).join(", ")}; milestones: ` +
      (marks.map((m) => `${m.label} ${m.year === null ? "not reached" : m.year}`).join(", ") || "none"),
    xmin: xs[0], xmax: xs.at(-1), ymin, ymax: ymax > ymin ? ymax : ymin + 1, lines, bands, width: w, height: 300,
    ylabel: axis.label, yfmt: axis.yfmt, markers: [...ghosts, ...marks].filter((m) => m.x !== null && m.x !== undefined),
    hover: hoverPts.length ? { points: hoverPts, fmt: (x, y) => `${x}: ${axis.fmt(y)}` } : null,
  });
  const holder = responsiveChart(draw, { "data-takeoff": c.series.map((s) => s.name).join(" "), "data-max": String(WIDE) });
  return el("div", { class: "takeoff-chart" }, [el("strong", {}, [c.title]),
    exportBar(() => holder.querySelector("svg"), () => `${fileBase()}-takeoff-${slug}`, () => legend), holder,
    el("div", { class: "legend", role: "group", "aria-label": `legend of ${c.title}` }, legend.map((l) => el("span", {}, [legendSwatch(l), l.label])))]);
}

// The charts' years: from the forecast's first year to a while after the last milestone (a third of the time
// to it, at least 5 years), so the takeoff is not squeezed into a corner of a window that runs to 2100.
function takeoffYears(r, marks) {
  const years = Object.keys(r.p_by_year).map(Number);
  const reached = marks.map((m) => m.x).filter((x) => Number.isFinite(x));
  if (!reached.length) return years;
  const last = Math.max(...reached), end = Math.ceil(last + Math.max(5, (last - years[0]) / 3));
  return years.filter((y) => y <= end);
}

function yearText(y) { return y === null || y === undefined ? "not reached" : typeof y === "number" ? String(Math.round(y * 10) / 10) : String(y); }

function drawMilestonesTable(r, base, marks) {
  const sampled = r.method !== "exact";
  const cols = ["milestone", sampled ? "median year" : "year (central inputs)", ...(sampled ? ["10%", "90%"] : []), ...(base ? ["before your edits"] : [])];
  const rows = marks.map((m) => {
    const e = r.events[m.event], q = e.quantiles || {};
    const b = base && base.events && base.events[m.event] ? milestonesOf(base, [m.event])[0] : null;
    return el("tr", { "data-event": m.event }, [m.label, yearText(m.year), ...(sampled ? [yearText(q["0.1"]), yearText(q["0.9"])] : []),
      ...(base ? [b ? yearText(b.year) : ""] : [])].map((t) => el("td", {}, [t])));
  });
  $("milestones-table").replaceChildren(el("caption", {}, [`Milestones of ${displayName()}`]),
    el("tr", {}, cols.map((c) => el("th", { scope: "col" }, [c]))), ...rows);
}

function metricText(v) { return v === null || v === undefined ? "not reached" : `${v.toFixed(1)}`; }

function drawMetricsTable(r, base) {
  const metrics = Object.entries(r.metrics || {});
  const banded = metrics.some(([, m]) => m.quantiles);
  const cols = ["metric", r.method === "exact" ? "value" : "median", "unit", ...(banded ? ["5-95%"] : []), ...(base ? ["before your edits"] : [])];
  const rows = metrics.map(([name, m]) => {
    const q = m.quantiles || {};
    const lo = q["0.05"] ?? q["0.1"], hi = q["0.95"] ?? q["0.9"];
    const b = base && base.metrics && base.metrics[name];
    return el("tr", { "data-metric": name }, [m.label, metricText(m.value) + (m.defined_share < 1 ? ` (in ${Math.round(100 * m.defined_share)}% of draws)` : ""), m.unit,
      ...(banded ? [m.quantiles ? `${metricText(lo)} - ${metricText(hi)}` : ""] : []), ...(base ? [b ? metricText(b.value) : ""] : [])].map((t) => el("td", {}, [t])));
  });
  $("metrics-table").replaceChildren(el("caption", {}, [`Takeoff metrics of ${displayName()}`]),
    el("tr", {}, cols.map((c) => el("th", { scope: "col" }, [c]))), ...rows);
}

// ---------------------------------------------------------------- Cotra's classic picture

// Each hypothesis's 2020 requirement CDF over log10 FLOP (its colour and dash as in the main chart)
// against the compute affordable each year. The years are a second axis on top, placed at the compute
// affordable in that year without algorithmic progress; the chosen year is a vertical line there, and a
// dot on each curve marks where that hypothesis stands with its algorithmic progress. Every number is
// the server's (/api/anchors): this only draws.
function drawAnchors() {
  const a = state.anchors;
  const cotra = !state.view || hasView("anchors");
  for (const id of ["anchors-chart", "anchors-legend", "anchors-table", "anchors-notes", "anchors-explain", "anchors-export"]) $(id).hidden = !cotra;
  $("anchors-year-label").hidden = !cotra;
  $("anchors-not-cotra").hidden = cotra;
  $("anchors-not-cotra").textContent = cotra ? "" : note("notCotra");
  $("anchors-explain").textContent = note("anchors");
  if (!a || !cotra) return;
  const slider = $("anchor-year");
  slider.min = a.years[0]; slider.max = a.years.at(-1);
  const year = Math.min(Math.max(state.anchorYear, a.years[0]), a.years.at(-1));
  slider.value = year; $("anchor-year-out").textContent = String(year);
  const k = a.years.indexOf(year);
  const hyps = Object.entries(a.hypotheses);
  const xs = hyps[0][1].cdf.map((p) => p[0]);
  const W = widthOf("anchors"), H = W >= 600 ? 430 : Math.round(Math.max(300, W * 0.9)), L = 56, R = 16, T = 44, B = 40;
  const x0 = xs[0], x1 = xs.at(-1);
  const sx = (x) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
  const sy = (y) => T + (1 - y) * (H - T - B);
  const afford = a.affordable_log10_flop[k];
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", id: "anchors-svg",
    "aria-label": `Cotra's classic picture for ${displayName()}: each hypothesis's 2020 requirement (cumulative probability) ` +
      `against the compute affordable by year; in ${year}, 1e${afford.toFixed(1)} FLOP affordable`
      + hyps.map(([, h]) => `; ${h.label}: ${pct(h.p_by_year[k])} with algorithmic progress`).join("") });
  root.append(svg("title", {}, `2020 requirements against affordable compute, ${displayName()}, ${year}`));
  anchorsAxes(root, a, { W, H, L, R, T, B, x0, x1, sx, sy });
  const legend = [];
  hyps.forEach(([name, h], i) => {
    const color = PALETTE[i % PALETTE.length], dash = HYP_DASHES[i % HYP_DASHES.length];
    const d = h.cdf.map(([x, y], j) => `${j ? "L" : "M"}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join("");
    const attrs = { d, fill: "none", stroke: color, "stroke-width": 2, class: "req-cdf", "data-hypothesis": name };
    if (dash) attrs["stroke-dasharray"] = dash;
    root.append(svg("path", attrs));
    legend.push({ label: `${h.label} (weight ${h.weight}, median 1e${h.quantiles["0.5"].toFixed(1)})`, color, dash });
  });
  // The chosen year: the compute affordable (vertical line) and, per hypothesis, with its progress (dots).
  root.append(svg("line", { id: "afford-line", x1: sx(afford), x2: sx(afford), y1: T, y2: H - B, stroke: "#111", "stroke-width": 1.6, class: "total" }));
  root.append(svg("text", { x: sx(afford) + 4, y: T + 14 }, `${year}: 1e${afford.toFixed(1)} FLOP`));
  hyps.forEach(([name, h], i) => {
    const x = Math.min(h.reach_log10_flop[k], x1);
    root.append(svg("circle", { cx: sx(x), cy: sy(h.p_by_year[k]), r: 5, fill: PALETTE[i % PALETTE.length], stroke: "#fff",
      "stroke-width": 1, class: "reach-dot", "data-hypothesis": name }));
  });
  legend.push({ label: `compute affordable in ${year} (no algorithmic progress)`, color: "#111", total: true });
  legend.push({ label: `${year} with each hypothesis's algorithmic progress`, dot: true, color: "#555" });
  state.anchorsLegend = legend;
  $("anchors-chart").replaceChildren(root);
  $("anchors-legend").replaceChildren(...legend.map((l) => el("span", {}, [legendSwatch(l), l.label])));
  drawAnchorsTable(a, k, year);
  $("anchors-notes").textContent = (a.notes || []).join(" ");
}

// The classic picture's frame: log10 FLOP below, probability at the left, and on top the year each
// amount of compute becomes affordable without algorithmic progress (every decade).
function anchorsAxes(root, a, { W, H, L, R, T, B, x0, x1, sx, sy }) {
  const every = W < 500 ? 10 : 5;  // fewer FLOP ticks on a narrow chart, text kept at 12 px
  for (let x = Math.ceil(x0 / every) * every; x <= x1; x += every) {
    root.append(svg("line", { class: "grid", x1: sx(x), x2: sx(x), y1: T, y2: H - B }));
    root.append(svg("text", { x: sx(x), y: H - B + 16, "text-anchor": "middle", class: "tick-label" }, `1e${x}`));
  }
  for (const y of [0, 0.25, 0.5, 0.75, 1]) {
    root.append(svg("line", { class: "grid", x1: L, x2: W - R, y1: sy(y), y2: sy(y) }));
    root.append(svg("text", { x: L - 6, y: sy(y) + 4, "text-anchor": "end", class: "tick-label" }, `${y * 100}%`));
  }
  root.append(svg("line", { class: "axis", x1: L, x2: W - R, y1: H - B, y2: H - B }));
  root.append(svg("line", { class: "axis", x1: L, x2: W - R, y1: T, y2: T }));
  root.append(svg("line", { class: "axis", x1: L, x2: L, y1: T, y2: H - B }));
  root.append(svg("text", { x: L + (W - L - R) / 2, y: H - 4, "text-anchor": "middle" }, "2020 training compute [FLOP, log scale]"));
  root.append(svg("text", { x: 14, y: T + (H - T - B) / 2, transform: `rotate(-90 14 ${T + (H - T - B) / 2})`, "text-anchor": "middle" },
    "P(requirement ≤ x)"));
  // Second axis: the year each amount becomes affordable (no algorithmic progress), every decade.
  root.append(svg("text", { x: L, y: 12, class: "tick-label" }, W < 500 ? "year affordable (no algorithmic progress):" : "year it becomes affordable (without algorithmic progress):"));
  let lastLabel = -Infinity;  // years crowd where the trends approach their ceilings: keep labels apart
  a.years.forEach((yr, i) => {
    const x = a.affordable_log10_flop[i];
    if ((yr % 10 !== 0 && i !== 0) || x < x0 || x > x1 || sx(x) - lastLabel < 34) return;
    lastLabel = sx(x);
    root.append(svg("line", { class: "axis year-tick", x1: sx(x), x2: sx(x), y1: T - 5, y2: T }));
    root.append(svg("text", { x: sx(x), y: T - 9, "text-anchor": "middle", class: "tick-label year-label" }, String(yr)));
  });
}

function drawAnchorsTable(a, k, year) {
  const head = el("tr", {}, ["hypothesis", "weight (share)", "2020 requirement: median (10-90%)", `progress by ${year} [OOM]`,
    `P(met by ${year}) without progress`, "with progress"].map((c) => el("th", { scope: "col" }, [c])));
  const rows = Object.entries(a.hypotheses).map(([name, h]) => {
    const q = h.quantiles;
    return el("tr", { "data-hypothesis": name }, [h.label, `${h.weight} (${(100 * h.share).toFixed(1)}%)`,
      `1e${q["0.5"].toFixed(1)} (1e${q["0.1"].toFixed(1)} - 1e${q["0.9"].toFixed(1)})`,
      (h.reach_log10_flop[k] - a.affordable_log10_flop[k]).toFixed(2),
      pct(h.p_by_year_without_progress[k]), pct(h.p_by_year[k])].map((c) => el("td", {}, [c])));
  });
  $("anchors-table").replaceChildren(el("caption", {}, [`Each hypothesis in ${year} (central values)`]), head, ...rows);
}

function drawSummary(r) {
  const years = [2030, 2036, 2040, 2050, 2070, 2100].filter((y) => String(y) in r.p_by_year);
  const head = el("tr", {}, [el("th", { scope: "col" }, [pBy(eventLabel(r))]), ...years.map((y) => el("th", { scope: "col" }, [String(y)]))]);
  const se = r.standard_errors || {};
  const seNote = Object.keys(se).length ? ` (± percentage points ${SE_NOTE})` : "";
  const rows = [el("tr", {}, [el("td", {}, [`${displayName()} (total)${seNote}`]),
    ...years.map((y) => el("td", {}, [pct(r.p_by_year[y]) + (typeof se[y] === "number" ? ` ${seText(100 * se[y], "pp", false)}` : "")]))])];
  if (r.p_by_year_band) {
    const b = r.p_by_year_band;
    rows.push(el("tr", { class: "muted" }, [el("td", {}, [`5-95% across ${isHypotheses(r) ? "trend" : "parameter"} draws`]),
      ...years.map((y) => el("td", {}, [`${pct(b["0.05"][y])} - ${pct(b["0.95"][y])}`]))]));
  }
  for (const u of state.userOverlays) {
    rows.push(el("tr", {}, [el("td", {}, [`${u.name} (your file)`]), ...years.map((y) => el("td", {}, [y in u.result.p_by_year ? pct(u.result.p_by_year[y]) : ""]))]));
  }
  const base = baseResult();
  if (base) rows.push(el("tr", { class: "muted" }, [el("td", {}, [`${base.scenario} before your edits`]), ...years.map((y) => el("td", {}, [pct(base.p_by_year[y])]))]));
  for (const name of state.compare) {
    const o = state.overlays[name];
    if (o && name !== r.scenario) rows.push(el("tr", {}, [el("td", {}, [name]), ...years.map((y) => el("td", {}, [y in o.p_by_year ? pct(o.p_by_year[y]) : ""]))]));
  }
  for (const h of Object.values(componentsOf(r))) {
    const what = isHypotheses(r) ? "conditional" : `${componentWord(r)}, weight ${h.weight.toFixed(2)}${shareText(h)}`;
    rows.push(el("tr", { class: "muted" }, [el("td", {}, [`${h.label} (${what})`]), ...years.map((y) => el("td", {}, [y in h.p_by_year ? pct(h.p_by_year[y]) : ""]))]));
  }
  $("summary").replaceChildren(head, ...rows);
}

function pct(p) { return `${(100 * p).toFixed(1)}%`; }

// One standard-error format, the rule of presentation.se_value / se_text in Python (issue 24 item 6):
// two significant digits, positional ("0.0042", never "4.2e-3" or "0.000"), "± 0.06 yr (1 s.e.)".
const SE_NOTE = "(1 s.e.)";
function seValue(x) {
  if (!x) return "0";
  if (x < 1e-6) return "< 0.000001";
  const r = Number(x.toExponential(1));  // rounded first, so 0.0996 is 0.10, not 0.100
  return r.toFixed(Math.max(0, 1 - Math.floor(Math.log10(r))));
}
function seText(x, unit = "", note = true) {
  return `± ${seValue(x)}` + (unit ? ` ${unit}` : "") + (note ? ` ${SE_NOTE}` : "");
}

// ---------------------------------------------------------------- SVG charts

function el(tag, attrs = {}, children = []) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  for (const c of children) n.append(c);
  return n;
}

function svg(tag, attrs = {}, text) {
  const n = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  if (text !== undefined) n.textContent = text;
  return n;
}

function niceStep(span, target) {
  const raw = span / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) || raw;
}

// A line chart: {xmin,xmax,ymin,ymax,lines:[{points,color,width,dash}],log,marker,hover,scatter}
// Drawn at o.width (default 760) px: the SVG is shown at that size, so its 12 px text stays 12 px; a
// narrower chart gets fewer ticks and a lower height instead of smaller text.
function lineChart(o) {
  const W = o.width || 760, L = 56, R = 16, T = 14, B = 36;
  const H = o.height ? Math.round(W >= 600 ? o.height : Math.max(200, o.height * Math.max(W / 760, 0.62)))
    : Math.round(Math.min(400, Math.max(240, W * 0.66)));
  const ylog = Boolean(o.log);
  const ty = (v) => (ylog ? Math.log10(v) : v);
  const y0 = ty(o.ymin), y1 = ty(o.ymax);
  const sx = (x) => L + ((x - o.xmin) / (o.xmax - o.xmin || 1)) * (W - L - R);
  const sy = (y) => T + (1 - (ty(y) - y0) / (y1 - y0 || 1)) * (H - T - B);
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "aria-label": o.title || o.ylabel || "chart" });
  if (o.title) root.append(svg("title", {}, o.title));

  const xstep = niceStep(o.xmax - o.xmin, Math.max(4, Math.min(10, Math.floor(W / 70))));
  for (let x = Math.ceil(o.xmin / xstep) * xstep; x <= o.xmax + 1e-9; x += xstep) {
    root.append(svg("line", { class: "grid", x1: sx(x), x2: sx(x), y1: T, y2: H - B }));
    root.append(svg("text", { x: sx(x), y: H - B + 16, "text-anchor": "middle", class: "tick-label" }, String(Math.round(x * 100) / 100)));
  }
  const yticks = [];
  if (ylog) for (let e = Math.ceil(y0); e <= Math.floor(y1); e += Math.max(1, Math.round((y1 - y0) / 6))) yticks.push(10 ** e);
  else { const s = niceStep(o.ymax - o.ymin, H < 300 ? 4 : 5); for (let y = Math.ceil(o.ymin / s) * s; y <= o.ymax + 1e-9; y += s) yticks.push(y); }
  for (const y of yticks) {
    root.append(svg("line", { class: "grid", x1: L, x2: W - R, y1: sy(y), y2: sy(y) }));
    const label = o.yfmt ? o.yfmt(y) : ylog ? `1e${Math.round(Math.log10(y))}` : String(Math.round(y * 1000) / 1000);
    root.append(svg("text", { x: L - 6, y: sy(y) + 4, "text-anchor": "end", class: "tick-label" }, label));
  }
  root.append(svg("line", { class: "axis", x1: L, x2: W - R, y1: H - B, y2: H - B }));
  root.append(svg("line", { class: "axis", x1: L, x2: L, y1: T, y2: H - B }));
  if (o.ylabel) root.append(svg("text", { x: 14, y: T + (H - T - B) / 2, transform: `rotate(-90 14 ${T + (H - T - B) / 2})`, "text-anchor": "middle" }, o.ylabel));

  for (const s of o.scatter || []) {
    for (const [x, y] of s.points) {
      // Opaque points with a rim in the panel's colour: at least 3:1 against the panel, light and dark.
      const attrs = { cx: sx(x), cy: sy(y), r: 3.5, class: s.cls || "data-point" };
      if (y > 0 || !ylog) root.append(svg("circle", attrs));
    }
  }
  for (const b of o.bands || []) {
    // Polygon: the lower edge left to right, then the upper edge back.
    const pts = [...b.lo, ...[...b.hi].reverse()];
    const d = pts.map(([x, y], i) => `${i ? "L" : "M"}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join("") + "Z";
    // A band in its line's colour (several bands on one chart), else the page's grey band.
    const attrs = b.color ? { d, fill: b.color, "fill-opacity": 0.16, stroke: "none", class: "line-band" } : { d, class: "band" };
    if (b.id) attrs.id = b.id;
    root.append(svg("path", attrs));
  }
  for (const line of o.lines) {
    // Points outside the x range are left out (an overlay of a model with a longer window). An
    // undefined value (null in the JSON) is a gap: the line stops and starts again after it.
    let pen = "M", d = "";
    for (const [x, y] of line.points) {
      if (x < o.xmin || x > o.xmax || (ylog && y <= 0)) continue;
      if (typeof y !== "number" || !Number.isFinite(y)) { pen = "M"; continue; }
      d += `${pen}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`; pen = "L";
    }
    const attrs = { d, fill: "none", stroke: line.color, "stroke-width": line.width || 1.5, "stroke-linejoin": "round" };
    if (line.dash) attrs["stroke-dasharray"] = line.dash;
    if (line.opacity) attrs["stroke-opacity"] = line.opacity;
    if (line.id) attrs.id = line.id;
    if (line.cls) attrs.class = line.cls;
    root.append(svg("path", attrs));
  }
  if (o.zero && o.ymin < 0 && o.ymax > 0) root.append(svg("line", { class: "axis zero-line", x1: L, x2: W - R, y1: sy(0), y2: sy(0) }));
  if (o.marker && o.marker.x >= o.xmin && o.marker.x <= o.xmax) {
    root.append(svg("line", { x1: sx(o.marker.x), x2: sx(o.marker.x), y1: T, y2: H - B, stroke: "#555", "stroke-dasharray": "3 3" }));
    root.append(svg("text", { x: sx(o.marker.x) + 4, y: T + 12 }, o.marker.label));
  }
  if (o.markers) milestoneMarks(root, o.markers.filter((m) => m.x >= o.xmin && m.x <= o.xmax), sx, T, H - B);
  if (o.hover) addHover(root, o, sx, sy, W, H, L, R, T, B);
  return root;
}

// Milestones: a dashed vertical line at each one's year and, where the last label leaves room, its label
// written up the line (11 px, haloed in the panel's colour so it stays legible over the curves). Every
// line carries its full label as a tooltip; the milestones table beside the chart lists them all.
function milestoneMarks(root, markers, sx, top, bottom) {
  let last = -Infinity;
  const fits = Math.max(8, Math.floor((bottom - top - 8) / 6.2));  // characters that fit up the chart
  for (const m of [...markers].sort((a, b) => a.x - b.x)) {
    const x = sx(m.x);
    const line = svg("line", { x1: x, x2: x, y1: top, y2: bottom, class: `milestone${m.cls ? " " + m.cls : ""}`, "data-event": m.event || "" });
    line.append(svg("title", {}, m.label));
    root.append(line);
    if (m.cls || x - last < 13) continue;  // a ghost marker, or no room beside the last label
    last = x;
    const text = m.label.length > fits ? m.label.slice(0, fits - 1) + "…" : m.label;
    root.append(svg("text", { x: x - 3, y: top + 4, transform: `rotate(-90 ${x - 3} ${top + 4})`, "text-anchor": "end",
      class: "milestone-label", "data-event": m.event || "" }, text));
  }
}

function addHover(root, o, sx, sy, W, H, L, R, T, B) {
  const g = svg("g", { class: "tooltip", visibility: "hidden" });
  const vline = svg("line", { y1: T, y2: H - B, stroke: "#999" });
  const dot = svg("circle", { r: 4, fill: "#111", class: "dot" });
  const text = svg("text", { y: T + 28 });
  g.append(vline, dot, text);
  root.append(g);
  const overlay = svg("rect", { x: L, y: T, width: W - L - R, height: H - T - B, fill: "transparent" });
  root.append(overlay);
  const pts = o.hover.points;
  let idx = -1;
  const show = (best) => {
    const px = sx(best[0]);
    vline.setAttribute("x1", px); vline.setAttribute("x2", px);
    dot.setAttribute("cx", px); dot.setAttribute("cy", sy(best[1]));
    text.setAttribute("x", px + (px > W / 2 ? -8 : 8));
    text.setAttribute("text-anchor", px > W / 2 ? "end" : "start");
    text.textContent = o.hover.fmt(best[0], best[1]);
    g.setAttribute("visibility", "visible");
    $("readout").textContent = text.textContent;
  };
  overlay.addEventListener("mousemove", (ev) => {
    const box = root.getBoundingClientRect();
    const x = o.xmin + ((ev.clientX - box.left) * (W / box.width) - L) / (W - L - R) * (o.xmax - o.xmin);
    idx = 0;
    pts.forEach((p, i) => { if (Math.abs(p[0] - x) < Math.abs(pts[idx][0] - x)) idx = i; });
    show(pts[idx]);
  });
  overlay.addEventListener("mouseleave", () => g.setAttribute("visibility", "hidden"));
  // Keyboard: the chart is a tab stop; arrows step a year (PageUp/PageDown ten), Home/End jump to the ends.
  root.setAttribute("tabindex", "0");
  root.addEventListener("keydown", (ev) => {
    const step = { ArrowRight: 1, ArrowLeft: -1, PageUp: 10, PageDown: -10 }[ev.key];
    if (step === undefined && ev.key !== "Home" && ev.key !== "End") return;
    ev.preventDefault();
    idx = ev.key === "Home" ? 0 : ev.key === "End" ? pts.length - 1 : Math.min(pts.length - 1, Math.max(0, (idx < 0 ? 0 : idx) + step));
    show(pts[idx]);
  });
  root.addEventListener("blur", () => g.setAttribute("visibility", "hidden"));
}

// A table of re-runs with a "years earlier" column (the retrospective) as bars measured
// from the baseline: how many years earlier each measured input moves the median.
function shiftChart(t, W = 760) {
  const col = t.columns.indexOf("years earlier");
  if (col < 0) return null;
  const rows = t.rows.map((r) => [String(r[0]), Number(String(r[col]).replace("+", ""))]).filter(([, v]) => Number.isFinite(v));
  if (rows.length < 2) return null;
  // Wide: labels left of the bars. Narrow (a phone): each label on its own lines above its bar.
  const narrow = W < 560;
  const lines = rows.map(([label]) => wrapText(label, narrow ? Math.floor((W - 16) / 7) : 48));
  const L = narrow ? 8 : 330, R = 64, T = 8, lineH = 15, barH = 18;
  const heights = lines.map((ls) => narrow ? ls.length * lineH + barH + 10 : Math.max(24, ls.length * lineH + 10));
  const H = T + heights.reduce((a, b) => a + b, 0) + 30;
  const hi = Math.max(1, ...rows.map(([, v]) => v)), lo = Math.min(0, ...rows.map(([, v]) => v));
  const sx = (x) => L + ((x - lo) / (hi - lo)) * (W - L - R);
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img",
    "aria-label": `${t.title}: years earlier than the baseline median, per measured input` });
  let y = T;
  rows.forEach(([, v], i) => {
    const h = heights[i];
    const text = narrow ? svg("text", { x: L, y: y + 12 })
      : svg("text", { x: L - 8, y: y + h / 2 - ((lines[i].length - 1) * lineH) / 2 + 4, "text-anchor": "end" });
    lines[i].forEach((ln, j) => text.append(svg("tspan", { x: narrow ? L : L - 8, dy: j ? lineH : 0 }, ln)));
    root.append(text);
    const by = narrow ? y + lines[i].length * lineH + 2 : y + 4, bh = narrow ? barH : h - 8;
    root.append(svg("rect", { x: Math.min(sx(0), sx(v)), y: by, width: Math.max(1, Math.abs(sx(v) - sx(0))), height: bh,
      fill: "#2b8a6e", "fill-opacity": 0.85, "data-shift": String(v) }));
    root.append(svg("text", { x: sx(v) + (v >= 0 ? 4 : -4), y: by + bh / 2 + 4, "text-anchor": v >= 0 ? "start" : "end" },
      `${v > 0 ? "+" : ""}${v} yr`));
    y += h;
  });
  root.append(svg("line", { x1: sx(0), x2: sx(0), y1: T, y2: y, class: "axis" }));
  root.append(svg("text", { x: narrow ? L : sx(0), y: H - 8, "text-anchor": narrow ? "start" : "middle", class: "tick-label" },
    narrow ? "0 = baseline median; bars: years earlier" : "baseline median (0 = no change; bars: years earlier)"));
  return root;
}

function wrapText(text, width) {
  const out = [];
  let line = "";
  for (const w of text.split(" ")) {
    if (line && (line + " " + w).length > width) { out.push(line); line = w; } else line = line ? `${line} ${w}` : w;
  }
  return line ? [...out, line] : out;
}

// A dotted parameter path as the inputs panel names it ("FLOP/$ doubling time"); other text unchanged.
function humanLabel(text) {
  const p = findParam(text);
  return p ? p.label : state.viewLabels[text] || text;
}

// Horizontal bars from a base value, one row per input: the tornado (low and high ends) and Sobol indices.
// Wide: labels left of the bars. Narrow (a phone): each label above its bars, so the text stays 12 px.
function barRows(rows, W, { lo, hi, base, title, axisLabel, tick }) {
  const narrow = W < 560;
  const L = narrow ? 8 : Math.min(300, Math.round(W * 0.36)), R = 44, T = 10, barH = 18;
  const labels = rows.map((r) => wrapText(r.label, narrow ? Math.floor((W - 16) / 7) : Math.floor((L - 10) / 6.6)));
  const heights = labels.map((ls) => narrow ? ls.length * 15 + r0(rows) * (barH + 2) + 8 : Math.max(r0(rows) * (barH + 2) + 6, ls.length * 15 + 6));
  const H = T + heights.reduce((a, b) => a + b, 0) + 34;
  const sx = (x) => L + ((x - lo) / (hi - lo)) * (W - L - R);
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "aria-label": title });
  let y = T;
  rows.forEach((r, i) => {
    const text = narrow ? svg("text", { x: L, y: y + 12 }) : svg("text", { x: L - 8, y: y + 14, "text-anchor": "end" });
    labels[i].forEach((ln, j) => text.append(svg("tspan", { x: narrow ? L : L - 8, dy: j ? 15 : 0 }, ln)));
    root.append(text);
    let by = narrow ? y + labels[i].length * 15 + 2 : y + 3;
    for (const b of r.bars) {
      if (b.value === null || b.value === undefined) { by += barH + 2; continue; }
      const x0 = sx(b.from ?? base), x1 = sx(b.value);
      root.append(svg("rect", { x: Math.min(x0, x1), y: by, width: Math.max(1, Math.abs(x1 - x0)), height: barH,
        fill: b.color, "fill-opacity": b.outline ? 0.25 : 0.85, stroke: b.color, "stroke-width": 1.2, class: b.cls || "" }));
      // Each bar is named in text as well as by colour (p5 / p95, S1 / ST): never colour alone.
      const right = x1 >= x0;
      root.append(svg("text", { x: x1 + (right ? 3 : -3), y: by + 13, "text-anchor": right ? "start" : "end", class: "bar-tag" }, b.tag));
      by += barH + 2;
    }
    y += heights[i];
  });
  if (base !== undefined) root.append(svg("line", { x1: sx(base), x2: sx(base), y1: T, y2: y, stroke: "#111", class: "total" }));
  const step = niceStep(hi - lo, Math.max(3, Math.floor((W - L - R) / 80)));
  for (let x = Math.ceil(lo / step) * step; x <= hi + 1e-9; x += step) {
    root.append(svg("text", { x: sx(x), y: y + 16, "text-anchor": "middle", class: "tick-label" }, tick(x)));
  }
  root.append(svg("text", { x: L, y: H - 4, class: "tick-label" }, axisLabel));
  return root;
}

function r0(rows) { return Math.max(...rows.map((r) => r.bars.length)); }

function tornadoChart(data, W = 760) {
  const bars = data.bars.slice(0, 15);
  const base = data.base_median;
  const vals = bars.flatMap((b) => [b.low_median, b.high_median]).filter((v) => v !== null && v !== undefined);
  if (base === null || base === undefined || !vals.length) return el("p", { class: "muted" }, ["No tornado data."]);
  const year = data.output === "median_year" || data.output === undefined;
  const pad = year ? 2 : 0.02;
  const lo = Math.min(base, ...vals) - pad, hi = Math.max(base, ...vals) + pad;
  const out = outputWords(data);
  return barRows(bars.map((b) => ({ label: humanLabel(b.label), bars: [
    { value: b.low_median, color: "#1f77b4", tag: "p5", cls: "bar-low" },
    { value: b.high_median, color: "#d62728", tag: "p95", cls: "bar-high" }] })), W, {
    lo, hi, base, tick: (x) => year ? String(Math.round(x)) : `${Math.round(100 * x)}%`,
    title: `Tornado: ${out} when each input is set to its p5 (blue, tagged p5) or p95 (red, tagged p95); base ${year ? base.toFixed(1) : pct(base)}`,
    axisLabel: `${out}; the vertical line is the base`,
  });
}

function sobolChart(data, W = 760) {
  const rows = data.indices.slice(0, 15);
  const hi = Math.max(0.05, ...rows.flatMap((r) => [r.S1 ?? 0, r.ST ?? 0]));
  return barRows(rows.map((r) => ({ label: humanLabel(r.label), bars: [
    { value: r.ST, from: 0, color: "#7a3e9d", tag: "ST", cls: "bar-st" },
    { value: r.S1, from: 0, color: "#2b8a6e", tag: "S1", outline: true, cls: "bar-s1" }] })), W, {
    lo: Math.min(0, ...rows.map((r) => r.S1 ?? 0)), hi: Math.min(1.05, hi * 1.1), base: 0, tick: (x) => x.toFixed(2),
    title: `Sobol indices of ${outputWords(data)}: total (ST, solid) and first-order (S1, outlined) per input`,
    axisLabel: "share of the output's variance (ST: total, S1: first order)",
  });
}

// "median year of AGI", "P(AGI by 2030)": a sensitivity output in the model's own event.
function outputWords(data) {
  const o = data.output || "median_year";
  return o === "median_year" ? `median year of ${eventLabel()}` : pBy(eventLabel(), o.slice(1));
}

// ---------------------------------------------------------------- optional views

// The views that send the scenario (POST) and the GET views with their query; the rest are data-only GETs.
const SCENARIO_VIEWS = new Set(["retro", "sensitivity"]);

async function loadView(name) {
  state.activeTab = name;
  for (const b of document.querySelectorAll("#tabs button")) {
    const on = b.dataset.view === name;
    b.classList.toggle("active", on);
    b.setAttribute("aria-selected", String(on));
    b.tabIndex = on ? 0 : -1;
  }
  const box = $("view");
  box.dataset.view = name;
  delete box.dataset.loaded;  // set to the view's name once it has drawn (or said why not): tests wait on it
  box.setAttribute("aria-labelledby", `tab-${name}`);
  if (!state.capabilities[name]) {
    box.replaceChildren(el("p", { class: "muted" }, [`The ${name} view is not available in this version.`]));
    box.dataset.loaded = name;
    return;
  }
  if (name === "retro" && state.view && !hasView(name)) {  // a view built on hypotheses: nothing to ask the server
    box.replaceChildren(el("p", { class: "muted", id: "retro-not-cotra" }, [note("retroNotCotra")]));
    box.dataset.loaded = name;
    return;
  }
  box.replaceChildren(el("p", { class: "muted" }, ["Loading…"]));
  if (name === "compare") return loadCompareView();
  const params = state.viewParams[name] || {};
  const controls = () => name === "trends" ? [trendControls(state.lastTrendSettings)] : viewControls(name);
  const stop = jobProgress(box, `the ${tabName(name)} view`);
  try {
    const data = SCENARIO_VIEWS.has(name) ? await api(`/api/${name}`, scenarioBody(name === "sensitivity" ? params : {}))
      : await api(`/api/${name}?${new URLSearchParams(name === "trends" ? state.trends : params)}`);
    stop();
    state.viewLabels = data.labels || {};  // human names of dotted paths the inputs panel does not list
    if (name === "trends") state.lastTrendSettings = data.settings;
    if (data.settings && data.settings.datasets) state.efficiencyDatasets = data.settings.datasets;
    if (state.activeTab === name) {
      box.replaceChildren(...controls(), ...renderView(data, name));
      drawResponsive(box);
      box.dataset.loaded = name;
    }
  } catch (err) {
    stop();
    if (state.activeTab !== name) return;
    if (err.status === 422 && (name !== "retro")) {  // bad settings: keep the controls so they can be fixed
      box.replaceChildren(...controls(), el("p", { class: "muted", role: "alert" }, [err.message]));
      box.dataset.loaded = name;
      return;
    }
    const msg = err.status === 501 ? `Not available in this version. ${err.message}` : err.message;
    box.replaceChildren(el("p", { class: "muted" }, [msg]));
    box.dataset.loaded = name;
  }
}

// "bundled (default)", "2026-12-07T031503Z (pinned)": the data vintage and why it is the one in use.
function vintageText(v) {
  const why = { default: "default: none pinned", pinned: "pinned", given: "chosen here" }[v.chosen] || v.chosen;
  return `${v.name} (${why})`;
}

function tabName(view) {
  const b = document.querySelector(`#tabs [data-view="${view}"]`);
  return b ? b.textContent.toLowerCase() : view;
}

// A job that takes more than a second shows a progress bar and its running time (issue 24 item 5); the
// returned function ends it. The server does not stream progress, so the bar is indeterminate.
function jobProgress(where, what) {
  let shown = null, ticks = 0;
  const timer = setInterval(() => {
    ticks += 1;
    if (!shown) {
      shown = el("div", { class: "job-progress", role: "status" }, [el("progress", { "aria-label": `running ${what}` }), el("span", {})]);
      where.prepend(shown);
    }
    shown.lastChild.textContent = ` Running ${what}: ${ticks} s`;
    if (ticks === 1) $("job-status").textContent = `Running ${what}…`;
  }, 1000);
  return () => { clearInterval(timer); if (shown) shown.remove(); if (ticks) $("job-status").textContent = `Finished ${what}.`; };
}

// The settings of the other tabs, each the option of the CLI command that gives the same numbers.
function viewControls(name) {
  const p = state.viewParams[name];
  const apply = (key, value) => {
    const next = Object.assign({}, p, { [key]: value });
    if (value === "" || value === false) delete next[key];  // the CLI's default
    state.viewParams[name] = next;
    loadView(name);
  };
  const select = (id, label, key, options) => {
    const sel = el("select", { id }, options.map(([v, t]) => el("option", { value: v }, [t])));
    sel.value = String(p[key] ?? options[0][0]);
    sel.addEventListener("change", () => apply(key, sel.value));
    return el("label", {}, [`${label} `, sel]);
  };
  const number = (id, label, key, min, max) => {
    const input = el("input", { type: "number", id, min: String(min), max: String(max), step: "1", value: String(p[key] ?? "") });
    input.addEventListener("change", () => { const v = parseInt(input.value, 10); if (Number.isFinite(v)) apply(key, v); });
    return el("label", {}, [`${label} `, input]);
  };
  const parts = {
    efficiency: () => [select("eff-dataset", "Dataset", "dataset", (state.efficiencyDatasets.length ? state.efficiencyDatasets : ["alexnet"]).map((d) => [d, d])),
      (() => { const cb = el("input", { type: "checkbox", id: "eff-all-points" }); cb.checked = Boolean(p.all_points);
        cb.addEventListener("change", () => apply("all_points", cb.checked)); return el("label", {}, [cb, " all points (not only record-setting)"]); })()],
    horizon: () => [select("horizon-since", "Fit since", "since", [["", "all years"], ...[2019, 2020, 2021, 2022, 2023].map((y) => [String(y), String(y)])])],
    hindcast: () => [number("hindcast-vantage", "Vantage year", "vantage", 2010, 2024), " ", number("hindcast-window", "Fit window [years]", "window", 2, 20)],
    scorecard: () => [select("scorecard-vintage", "Data vintage", "vintage", [["", `in use: ${state.vintage && !state.vintage.error ? vintageText(state.vintage) : "bundled"}`],
      ...((state.vintage && state.vintage.available) || []).map((v) => [v, v])])],
    sensitivity: () => [select("sens-analysis", "Analysis", "analysis", [["oat", "tornado (one at a time)"], ["sobol", "Sobol indices"]]), " ",
      select("sens-output", "Output", "output", [["median_year", "median year"], ["p2030", pBy(shortEvent(), 2030)], ["p2040", pBy(shortEvent(), 2040)], ["p2050", pBy(shortEvent(), 2050)]]),
      ...(p.analysis === "sobol" ? [" ", select("sens-samples", "Sobol N", "samples", [64, 128, 256, 512, 1024].map((n) => [String(n), String(n)]))] : [])],
  }[name];
  return parts ? [el("div", { class: "view-controls" }, parts())] : [];
}

// The Trends tab's fit window and frontier rule (as `bioanchors trends --since Y --frontier F`),
// stated beside the controls so the numbers can be reproduced with the CLI.
function trendControls(settings) {
  const since = el("input", { type: "number", id: "trend-since", min: "1950", max: "2100", step: "1", value: String(state.trends.since) });
  const rule = el("select", { id: "trend-frontier" }, [["auto", "auto (Epoch's flag if present)"], ["epoch-flag", "Epoch's frontier flag"],
    ["top-n", "top 10 by compute"]].map(([v, t]) => el("option", { value: v }, [t])));
  rule.value = state.trends.frontier;
  const apply = () => {
    const y = parseInt(since.value, 10);
    if (!Number.isFinite(y)) return;
    state.trends = { since: y, frontier: rule.value };
    loadView("trends");
  };
  since.addEventListener("change", apply);
  rule.addEventListener("change", apply);
  const used = settings && settings.frontier_used && settings.frontier_used !== settings.frontier ? ` (used: ${settings.frontier_used})` : "";
  const stated = settings ? `Fitted since ${settings.since}, frontier rule: ${settings.frontier}${used}` +
    `; the same as bioanchors trends --since ${settings.since} --frontier ${settings.frontier}` : "";
  return el("div", { class: "trend-controls" }, [
    el("label", {}, ["Fit since ", since]), " ", el("label", {}, ["Frontier ", rule]),
    el("p", { class: "muted small", id: "trend-stated" }, [stated])]);
}

// ---------------------------------------------------------------- Compare tab

// Forecasts of several built-in scenarios side by side: /api/compare returns the same
// {scenario: forecast} object as `bioanchors compare A B ... --format json`.
async function loadCompareView() {
  const box = $("view");
  delete box.dataset.loaded;
  const picks = el("fieldset", { class: "compare-picks" }, [el("legend", {}, ["Scenarios (the first ticked is the reference)"])]);
  if (state.compareSet === null) state.compareSet = defaultCompareSet();
  for (const s of state.builtins) {
    const cb = el("input", { type: "checkbox", value: s.name, "data-compare-view": s.name });
    cb.checked = state.compareSet.includes(s.name);
    cb.addEventListener("change", () => {
      state.compareSet = state.builtins.map((b) => b.name)
        .filter((n) => n === s.name ? cb.checked : state.compareSet.includes(n));
      loadCompareView();
    });
    picks.append(el("label", { title: `${s.description} (model ${s.model})` }, [cb, ` ${s.name}`]), " ");
  }
  const out = el("div", { id: "compare-out" }, [el("p", { class: "muted" }, ["Loading…"])]);
  box.replaceChildren(picks, out);
  const body = { scenarios: state.compareSet, method: state.method };
  if (usesSamples(state.method)) body.samples = state.samples;
  const stop = jobProgress(out, "the comparison");
  try {
    const data = await api("/api/compare", body).finally(stop);
    if (state.activeTab === "compare") { out.replaceChildren(...renderCompareView(data)); drawResponsive(out); box.dataset.loaded = "compare"; }
  } catch (err) {
    if (state.activeTab === "compare") { out.replaceChildren(el("p", { class: "muted", role: "alert" }, [err.message])); box.dataset.loaded = "compare"; }
  }
}

// As bioanchors.cli.compare.median_shift: a median beyond the window (null) is a bound, with ``end`` the
// last year every compared forecast covers.
function medianShift(ref, other, end) {
  if (ref === null && other === null) return "after the window, as";
  if (other === null) return `after ${end}, at least ${end + 1 - ref} years later`;
  if (ref === null) return `at least ${end + 1 - other} years earlier`;
  const d = other - ref;
  return d === 0 ? "the same" : `${Math.abs(d)} year${Math.abs(d) !== 1 ? "s" : ""} ${d < 0 ? "earlier" : "later"}`;
}

function renderCompareView(data) {
  const entries = Object.entries(data);
  const allYears = entries.flatMap(([, r]) => Object.keys(r.p_by_year).map(Number));
  const lines = [], legend = [];
  entries.forEach(([name, r], i) => {
    const color = PALETTE[i % PALETTE.length], dash = HYP_DASHES[i % HYP_DASHES.length];
    lines.push({ points: seriesOf(r.p_by_year), color, width: 2.4, dash, cls: "compare-line" });
    legend.push({ label: `${name}: ${eventLabel(r)} (median ${r.median_year ?? "later"})`, color, dash });
  });
  // Each row is of its own model's event: one label when they agree, else "each scenario's own event".
  const events = [...new Set(entries.map(([, r]) => eventLabel(r)))];
  const what = events.length === 1 ? events[0] : "each scenario's own event";
  const draw = (w) => lineChart({
    title: `${pBy(what)}: ${entries.map(([n, r]) => `${n} (${eventLabel(r)})`).join(", ")}`,
    xmin: Math.min(...allYears), xmax: Math.max(...allYears), ymin: 0, ymax: 1, lines, width: w,
    ylabel: w < 600 || what.length > 40 ? "P(by year)" : pBy(what), yfmt: (v) => `${Math.round(v * 100)}%`,
  });
  const years = HEADLINE_YEARS.filter((y) => entries.every(([, r]) => String(y) in r.p_by_year));
  const [refName, ref] = entries[0];
  const common = Math.min(...entries.map(([, r]) => Math.max(...Object.keys(r.p_by_year).map(Number))));
  const head = el("tr", {}, ["scenario", "model: event", ...years.map(String), "10%", "50%", "90%", `median vs ${refName}`]
    .map((c) => el("th", { scope: "col" }, [c])));
  const rows = entries.map(([name, r]) => {
    const end = Math.max(...Object.keys(r.p_by_year).map(Number));
    const q = (k) => (r.quantiles[k] === null ? `>${end}` : String(r.quantiles[k]));
    const cells = [name + (r.evidence ? " *" : ""), `${r.model || ""}: ${eventLabel(r)}`, ...years.map((y) => r.p_by_year[y].toFixed(2)),
      q("0.1"), q("0.5"), q("0.9"), name === refName ? "reference" : medianShift(ref.median_year, r.median_year, common)];
    return el("tr", { "data-scenario": name }, cells.map((c) => el("td", {}, [c])));
  });
  const notes = entries.filter(([, r]) => r.evidence).map(([n, r]) => el("p", { class: "muted small" },
    [`* ${n}: conditioned on no ${eventLabel(r)} by ${r.evidence.vantage_year} (docs/evidence.md)`]));
  return [responsiveChart(draw, { id: "compare-chart", "data-max": String(WIDE) }),
    el("div", { class: "legend", role: "group", "aria-label": "legend of the compared scenarios" }, legend.map((l) => el("span", {}, [legendSwatch(l), l.label]))),
    el("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": "compared scenarios" },
      [el("table", { class: "summary", id: "compare-table" }, [el("caption", {}, [`${pBy(what)} by the headline years (2 decimals), the years of 10%, 50% and 90%`]), head, ...rows])]), ...notes];
}

function renderView(data, name) {
  const out = [];
  if (data.vintage) out.push(el("p", { class: "muted small", id: "view-vintage" }, [`Data vintage: ${vintageText(data.vintage)}`]));
  if (data.cli) out.push(el("p", { class: "muted small cli-line" }, [`The same numbers: ${data.cli}`]));
  else if (data.settings && data.settings.cli) out.push(el("p", { class: "muted small cli-line" }, [`The same numbers: ${data.settings.cli}`]));
  if (data.bars && data.bars.length) {
    const base = typeof data.base_median !== "number" ? "n/a" : data.output && data.output !== "median_year" ? pct(data.base_median) : data.base_median.toFixed(1);
    out.push(el("h3", {}, [`${outputWords(data)}: base ${base} (blue bars tagged p5: input at its 5th percentile; red tagged p95: at its 95th)`]));
    const holder = responsiveChart((w) => tornadoChart(data, w));
    out.push(exportBar(() => holder.querySelector("svg"), () => `${fileBase()}-${name}-tornado`), holder);
  }
  if (data.indices && data.indices.length) {
    out.push(el("h3", {}, [`Sobol indices of ${outputWords(data)} (N = ${data.samples})`]));
    const holder = responsiveChart((w) => sobolChart(data, w));
    out.push(exportBar(() => holder.querySelector("svg"), () => `${fileBase()}-${name}-sobol`), holder);
  }
  if (data.series && data.series.length) {
    const grid = el("div", { class: "series" });
    for (const s of data.series) {
      // Named extra lines (the retrospective: Cotra's projection solid red, the data's fit dashed grey).
      // A kind without a style of its own (the scorecard's scenarios) takes a palette colour and dash per line.
      const named = (s.lines || []).map((l, j) => Object.assign({ points: l.points, cls: `series-${l.kind}`, name: l.name, band: l.band },
        SERIES_STYLE[l.kind] || { color: PALETTE[j % PALETTE.length], width: 2, dash: HYP_DASHES[j % HYP_DASHES.length] }));
      const lineBands = named.filter((l) => l.band).map((l, j) => ({ lo: l.band.lo, hi: l.band.hi, color: l.color, label: l.band.label,
        id: `band-${s.key || "fit"}-${j}` }));
      const pts = [...s.points, ...(s.line || []), ...named.flatMap((l) => l.points), ...lineBands.flatMap((b) => [...b.lo, ...b.hi])];
      const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]).filter((y) => !s.log || y > 0);
      const ylo = Math.min(...ys, s.zero ? 0 : Infinity), yhi = Math.max(...ys, s.zero ? 0 : -Infinity);
      const draw = (w) => {
        const chart = lineChart({
          xmin: Math.floor(Math.min(...xs)), xmax: Math.ceil(Math.max(...xs)), width: w,
          ymin: s.log ? 10 ** Math.floor(Math.log10(Math.min(...ys))) : ylo - 0.05 * (yhi - ylo || 1),
          ymax: s.log ? 10 ** Math.ceil(Math.log10(Math.max(...ys))) : yhi + 0.05 * (yhi - ylo || 1),
          log: s.log, height: 300, ylabel: s.unit, zero: s.zero,
          bands: [...(s.band ? [{ lo: s.band.lo, hi: s.band.hi, id: `band-${s.key || "fit"}` }] : []), ...lineBands],
          scatter: [{ points: s.points, cls: "data-point" }],
          lines: [...(s.line ? [{ points: s.line, color: "#d62728", width: 2 }] : []), ...named],
        });
        chart.setAttribute("aria-label", `${s.name}${s.label ? ": " + s.label : ""}${s.unit ? " [" + s.unit + "]" : ""}`);
        if (s.key) chart.dataset.series = s.key;
        return chart;
      };
      const holder = responsiveChart(draw, { class: "chart-canvas" });
      const slug = String(s.name).toLowerCase().replace(/[^a-z0-9]+/g, "-");
      const legend = [...(s.points.length ? [{ label: s.points_label || "data", dot: true }] : []), ...named.map((l) => ({ label: l.name, color: l.color, dash: l.dash })),
        ...(s.line ? [{ label: "fit", color: "#d62728" }] : []), ...(s.band ? [{ label: s.band.label, band: true }] : []),
        ...lineBands.map((b) => ({ label: b.label, band: true, color: b.color }))];
      grid.append(el("div", { class: "chart" }, [el("strong", {}, [s.name]), " ", el("span", { class: "muted" }, [s.label || ""]),
        exportBar(() => holder.querySelector("svg"), () => `${name}-${slug}`, () => legend), holder,
        ...(legend.length ? [el("div", { class: "legend", role: "group", "aria-label": `legend of ${s.name}` }, legend.map((l) => el("span", {}, [legendSwatch(l), l.label])))] : []),
        ...(s.basis ? [el("p", { class: "muted small" }, [`Cotra's curve: ${s.basis}`])] : [])]));
    }
    out.push(grid);
  }
  for (const t of data.tables || []) {
    out.push(el("h3", {}, [t.title]));
    if (shiftChart(t)) {
      const holder = responsiveChart((w) => shiftChart(t, w), { class: "chart small-chart" });
      out.push(exportBar(() => holder.querySelector("svg"), () => `${fileBase()}-${name}-years-earlier`), holder);
    }
    const table = el("table");
    table.append(el("tr", {}, t.columns.map((c) => el("th", { scope: "col" }, [String(c)]))));
    for (const row of t.rows) {
      table.append(el("tr", {}, row.map((c, i) => el("td", i === 0 && humanLabel(String(c)) !== String(c) ? { title: String(c) } : {},
        [c === null ? "" : i === 0 ? humanLabel(String(c)) : String(c)]))));
    }
    out.push(el("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t.title }, [table]));
  }
  for (const n of data.notes || []) out.push(el("p", { class: "muted" }, [n]));
  return out.length ? out : [el("p", { class: "muted" }, ["Nothing to show."])];
}

// ---------------------------------------------------------------- downloads

function saveBlob(blob, filename) {
  const a = el("a", { href: URL.createObjectURL(blob), download: filename });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

function baseName() { return (state.view && state.view.name) || "scenario"; }

// File names follow the derived name: cotra2020-edited-forecast.json for an edited scenario.
function fileBase() { return baseName() + (Object.keys(state.overrides).length ? "-edited" : ""); }

// ---------------------------------------------------------------- chart export (SVG and PNG)

// A standalone copy of a chart: colours resolved from the page's CSS (light or dark), no hover layer,
// and for the main chart its legend drawn underneath.
function standaloneSVG(node, legend) {
  const clone = node.cloneNode(true);
  clone.setAttribute("xmlns", SVG_NS);
  for (const n of clone.querySelectorAll(".tooltip, rect[fill=transparent]")) n.remove();
  const cs = getComputedStyle(document.body);
  const v = (name) => cs.getPropertyValue(name).trim();
  const [, , W, H0] = clone.getAttribute("viewBox").split(" ").map(Number);
  let H = H0;
  if (legend && legend.length) {
    legend.forEach((l, i) => {
      const x = 60 + (i % 2) * 350, y = H0 + 16 + Math.floor(i / 2) * 18;
      const sw = legendSwatch(l);
      sw.setAttribute("x", x); sw.setAttribute("y", y - 8);
      clone.append(sw, svg("text", { x: x + 32, y: y + 1 }, l.label));
    });
    H = H0 + 24 + Math.ceil(legend.length / 2) * 18;
  }
  clone.setAttribute("viewBox", `0 0 ${W} ${H}`);
  clone.setAttribute("width", W); clone.setAttribute("height", H);
  const style = svg("style", {}, `text{font:11px system-ui,sans-serif;fill:${v("--fg")}} .grid{stroke:${v("--grid")}} .axis{stroke:${v("--axis")}}`
    + ` .total{stroke:${v("--fg")}} .band{fill:${v("--band")};stroke:none}`);
  clone.prepend(svg("rect", { width: W, height: H, fill: v("--panel") }), style);
  return { text: new XMLSerializer().serializeToString(clone), W, H };
}

function exportSVG(node, name, legend) {
  saveBlob(new Blob([standaloneSVG(node, legend).text], { type: "image/svg+xml" }), `${name}.svg`);
}

function exportPNG(node, name, legend) {
  const { text, W, H } = standaloneSVG(node, legend);
  const img = new Image();
  img.onload = () => {
    // 1520 px wide whatever the width the chart was drawn at (charts reflow to their box).
    const scale = EXPORT_PNG_WIDTH / W, canvas = document.createElement("canvas");
    canvas.width = EXPORT_PNG_WIDTH; canvas.height = Math.round(H * scale);
    const ctx = canvas.getContext("2d");
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, W, H);
    canvas.toBlob((blob) => saveBlob(blob, `${name}.png`), "image/png");
  };
  img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
}

function exportBar(getNode, getName, getLegend = () => null) {
  const mk = (kind, fn) => {
    const b = el("button", { type: "button", class: "export", "data-export": kind }, [kind.toUpperCase()]);
    b.setAttribute("aria-label", `Download this chart as ${kind.toUpperCase()}`);
    b.addEventListener("click", () => { const n = getNode(); if (n) fn(n, getName(), getLegend()); });
    return b;
  };
  return el("span", { class: "export-bar" }, [mk("svg", exportSVG), mk("png", exportPNG)]);
}

async function download(kind) {
  try {
    if (kind === "json") {
      // Exactly the object /api/forecast returned, i.e. what `bioanchors forecast --format json` prints.
      saveBlob(new Blob([JSON.stringify(state.result, null, 2) + "\n"], { type: "application/json" }), `${fileBase()}-forecast.json`);
      return;
    }
    const [path, body, type, name] = {
      csv: ["/api/forecast/csv", forecastBody(), "text/csv", `${fileBase()}-forecast.csv`],
      toml: ["/api/scenario/toml", scenarioBody(), "application/toml", `${fileBase()}.toml`],
      report: ["/api/report", forecastBody({ compare: state.compare }), "text/html", `${fileBase()}-report.html`],
    }[kind];
    const resp = await api(path, body, { raw: true });
    saveBlob(new Blob([await resp.text()], { type }), name);
  } catch (err) {
    showErrors(err);
  }
}

// ---------------------------------------------------------------- scenario loading

async function loadScenario() {
  // The scenario without overrides gives the inputs their base values; the
  // overrides are then shown on top, so "changed" means "differs from the file".
  try {
    state.view = await api("/api/scenario", Object.assign(scenarioBody(), { overrides: {} }));
    state.catalogue = await catalogueOf(state.view.model);
  } catch (err) {
    showErrors(err);
    return false;
  }
  renderInputs();
  renderCompare();
  showSampleLimit();
  return true;
}

// Overlay one of the user's own scenario files (evaluated as the built-in overlays are: default method).
async function addUserOverlay(file) {
  try {
    const toml = await file.text();
    const result = await api("/api/forecast", { scenario_toml: toml });
    state.userOverlays.push({ name: result.scenario || file.name, result });
    renderUserOverlays();
    drawAll();
  } catch (err) {
    showErrors(err);
  }
}

function renderUserOverlays() {
  $("user-overlays").replaceChildren(...state.userOverlays.map((u, i) => {
    const b = el("button", { type: "button", class: "remove", "aria-label": `Remove overlay ${u.name}` }, ["x"]);
    b.addEventListener("click", () => { state.userOverlays.splice(i, 1); renderUserOverlays(); drawAll(); });
    return el("span", { class: "user-overlay" }, [`${u.name} `, b]);
  }));
}

function renderCompare() {
  const box = $("compare");
  box.textContent = "";
  for (const s of state.builtins) {
    if (s.name === state.scenario) continue;
    const cb = el("input", { type: "checkbox", value: s.name, "data-compare": s.name });
    cb.checked = state.compare.includes(s.name);
    cb.addEventListener("change", async () => {
      state.compare = cb.checked ? [...state.compare, s.name] : state.compare.filter((n) => n !== s.name);
      syncURL();
      await loadOverlays();
      drawAll();
    });
    box.append(el("label", { title: `${s.description} (model ${s.model})` }, [cb, ` ${s.name}`]), " ");
  }
}

function renderScenarioSelect() {
  const sel = $("scenario-select");
  sel.textContent = "";
  // Grouped by the model each scenario is for (Cotra's first, as the server lists them).
  const groups = new Map();
  for (const s of state.builtins) {
    const key = s.model_label || s.model || "scenarios";
    if (!groups.has(key)) groups.set(key, el("optgroup", { label: key, "data-model": s.model || "" }));
    groups.get(key).append(el("option", { value: s.name, title: s.description, "data-model": s.model || "" }, [s.name]));
  }
  sel.append(...groups.values());
  if (state.toml !== null) {
    sel.append(el("option", { value: "__uploaded__" }, [`uploaded: ${(state.view && state.view.name) || "file"}`]));
    sel.value = "__uploaded__";
  } else {
    sel.value = state.scenario;
  }
}

// A built-in scenario from the picker or the takeoff view's presets: its own values (edits are dropped).
function pickScenario(name) {
  state.scenario = name;
  state.toml = null;
  state.compare = state.compare.filter((n) => n !== state.scenario);
  switchScenario();
}

async function switchScenario() {
  state.overrides = {};
  showErrors(null);
  if (await loadScenario()) {
    renderScenarioSelect();
    await refresh();
  }
}

// ---------------------------------------------------------------- start

// WAI-ARIA tabs: one tab stop; arrow keys, Home and End move between tabs and open them.
function setUpTabs(caps) {
  const tabs = [...document.querySelectorAll("#tabs button")];
  tabs.forEach((b, i) => {
    b.id = `tab-${b.dataset.view}`;
    b.setAttribute("role", "tab");
    b.setAttribute("aria-controls", "view");
    b.setAttribute("aria-selected", "false");
    b.tabIndex = i === 0 ? 0 : -1;
    if (!caps[b.dataset.view]) { b.classList.add("unavailable"); b.title = "not available in this version"; }
    b.addEventListener("click", () => loadView(b.dataset.view));
    b.addEventListener("keydown", (ev) => {
      const j = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[ev.key];
      if (j === undefined) return;
      ev.preventDefault();
      const next = tabs[(j + tabs.length) % tabs.length];
      next.focus();
      loadView(next.dataset.view);
    });
  });
}

// The most samples this server runs for the scenario's window, in samples (not "cells").
function showSampleLimit() {
  const lim = state.view && ((state.view.sample_limits || {})[state.method] || state.view.sample_limit);
  $("samples-limit").textContent = lim ? `(${lim.text})` : "";
  if (lim) $("samples").max = String(lim.samples);
}

// Every method but auto and exact draws samples (the server lists its methods in /api/health).
function usesSamples(method) { return method !== "auto" && method !== "exact"; }

function addMethods(methods) {
  const select = $("method-select");
  const have = new Set([...select.options].map((o) => o.value));
  for (const m of methods) if (!have.has(m)) select.append(el("option", { value: m }, [m]));
}

async function main() {
  readURL();
  const [builtins, caps, health, vintage] = await Promise.all([api("/api/scenarios"), api("/api/capabilities"), api("/api/health"),
    api("/api/vintage").catch((err) => ({ error: err.message }))]);
  state.vintage = vintage;
  $("data-vintage").textContent = vintage.error ? `data vintage: ${vintage.error}` : `data vintage ${vintageText(vintage)}`;
  state.builtins = builtins;
  caps.compare = true;  // part of the core package, not an optional module
  state.capabilities = caps;
  $("version").textContent = health.version;
  setUpTabs(caps);
  $("chart-export").replaceChildren(exportBar(() => $("chart").querySelector("svg"), () => `${fileBase()}-p-tai`, () => state.legendItems));
  $("anchors-export").replaceChildren(exportBar(() => $("anchors-chart").querySelector("svg"), () => `${fileBase()}-anchors-${state.anchorYear}`, () => state.anchorsLegend));
  $("anchor-year").addEventListener("input", (ev) => { state.anchorYear = Number(ev.target.value); drawAnchors(); });
  $("compute-export").replaceChildren(exportBar(() => $("compute-chart").querySelector("svg"), () => `${fileBase()}-compute`, () => state.computeLegend));
  addMethods(health.methods || []);
  $("method-select").value = state.method;
  $("samples-label").hidden = !usesSamples(state.method);
  $("samples").value = state.samples;
  $("show-hypotheses").checked = state.showHypotheses;

  const ok = await loadScenario();
  renderScenarioSelect();
  await loadOverlays();
  if (ok) await refresh();
  // One analysis tab is open from the start (issue 24 item 3): the first this installation has.
  const first = [...document.querySelectorAll("#tabs button")].find((b) => caps[b.dataset.view]);
  if (first && !state.activeTab) loadView(first.dataset.view);
  // Charts reflow to their box's width (never scaled down): redraw them when the width changes.
  let resizeTimer = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { drawAll(); drawResponsive(); }, 150);
  });

  $("scenario-select").addEventListener("change", (ev) => {
    if (ev.target.value !== "__uploaded__") pickScenario(ev.target.value);
  });
  $("overlay-upload").addEventListener("change", async (ev) => {
    if (ev.target.files[0]) await addUserOverlay(ev.target.files[0]);
    ev.target.value = "";
  });
  $("upload").addEventListener("change", async (ev) => {
    const file = ev.target.files[0];
    if (!file) return;
    state.toml = await file.text();
    state.scenario = null;
    await switchScenario();
    ev.target.value = "";
  });
  $("method-select").addEventListener("change", (ev) => {
    state.method = ev.target.value;
    $("samples-label").hidden = !usesSamples(state.method);
    showSampleLimit();
    changeStartedAt = performance.now();
    refresh();
  });
  $("samples").addEventListener("change", (ev) => {
    state.samples = parseInt(ev.target.value, 10) || 20000;
    changeStartedAt = performance.now();
    refresh();
  });
  $("show-hypotheses").addEventListener("change", (ev) => {
    state.showHypotheses = ev.target.checked;
    syncURL();
    drawAll();
  });
  $("reset").addEventListener("click", () => switchScenario());
  $("share").addEventListener("click", async () => {
    syncURL();
    $("share-url").select();
    try { await navigator.clipboard.writeText($("share-url").value); } catch (e) { /* the field stays selected */ }
  });
  for (const kind of ["json", "csv", "toml", "report"]) $(`dl-${kind}`).addEventListener("click", () => download(kind));
  document.body.dataset.ready = "1";
}

main().catch((err) => showErrors(err));
