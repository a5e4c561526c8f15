// One-paragraph definitions of the dashboard's inputs, with the page of Cotra's
// 2020 report they come from (page numbers are those of docs/model.md, which
// cites the same pages). The API gives labels and units but no descriptions,
// so they live here; app.js shows them beside each input.
"use strict";

const EXPLAIN = {
  params: {
    "flop_per_dollar.log10_flop_per_usd": {
      text: "Training FLOP that one dollar buys in the reference year (best guess ~4e17 FLOP/$ in 2025, about 4x the 2020 price-performance at the utilisation of a large run). Together with spend it gives the largest affordable training run.",
      page: "pp. 122-123",
    },
    "flop_per_dollar.doubling_time_years": {
      text: "Years for FLOP per dollar to double while far below its ceiling. Cotra took ~2.5 years, slower than Moore's law, from price-performance since ~2008.",
      page: "pp. 122-123",
    },
    "flop_per_dollar.log10_ceiling_flop_per_usd": {
      text: "The most FLOP per dollar hardware can ever deliver: the logistic curve of price-performance flattens towards it (best guess ~1e24).",
      page: "p. 123",
    },
    "spending.log10_usd": {
      text: "Dollars spent on the single largest training run in the reference year (best guess $1B in 2025, up from ~$1M in 2020).",
      page: "p. 124",
    },
    "spending.doubling_time_years": {
      text: "Years for the largest run's budget to double after the reference year (best guess 2 years, reaching ~$100B by 2040).",
      page: "p. 124",
    },
    "spending.ceiling_gdp_share": {
      text: "The most that can be spent on one run, as a share of the largest country's GDP (best guess 1%, between the Manhattan and Apollo projects).",
      page: "p. 125",
    },
    "spending.gdp_growth_per_year": {
      text: "Growth of that country's GDP per year, which lets the spending ceiling rise (best guess 3%/yr).",
      page: "p. 125",
    },
    "run_length.enabled": {
      text: "Whether the longest training run grows over time, adding compute beyond spend x FLOP/$. Not in the 2020 report (it assumed a fixed run length); added by bioanchors from Epoch AI's measurements.",
      page: "not in the report",
    },
    "run_length.growth_per_year": {
      text: "How many times longer the largest run gets each year (Epoch AI measures ~1.2x/yr since 2010). Only used when run-length growth is on.",
      page: "not in the report",
    },
    "run_length.log10_ceiling_multiplier": {
      text: "The largest factor (log10) by which run length may grow before it stops.",
      page: "not in the report",
    },
    "algorithmic_progress.halving_time_scale": {
      text: "Multiplies every hypothesis's halving time at once: 0.5 means progress twice as fast, 2 half as fast. A bioanchors convenience; Cotra varied halving times by +-1 year per hypothesis instead.",
      page: "pp. 131-132 (her variations)",
    },
    "algorithmic_progress.halving_time_years_all": {
      text: "One halving time for every hypothesis, replacing their own (a bioanchors option, e.g. Ho et al. 2024's measured ~8 months in measured-2025). While it is set the hypotheses' halving times are shown disabled: the model ignores them and the server refuses an edit of them.",
      page: "pp. 125-128 (Cotra's per-hypothesis halving times it replaces)",
    },
  },
  hypothesisColumns: {
    weight: {
      text: "The probability that this anchor is the right way to estimate the 2020 training compute of a transformative model. Weights are normalised to sum to 1; the 'none of them' probability (p_none) is applied on top.",
      page: "pp. 14-15, 131",
    },
    halving_time_years: {
      text: "Algorithmic progress: the years it first takes to halve the training compute this hypothesis needs (Cotra shaded Hernandez & Brown's ~16 months up to 2-3.5 years).",
      page: "pp. 125-128",
    },
    cap_oom: {
      text: "Cap on algorithmic progress: the most orders of magnitude (OOM) by which this hypothesis's requirement can ever fall below its 2020 value; the halving slows along a logistic curve as it nears the cap (2 OOM = 100x at most).",
      page: "pp. 127-128",
    },
  },
  hypotheses: {
    lifetime: { text: "Training a transformative model takes about as much compute as a human brain does from birth to adulthood (~1e9 s of brain FLOP/s), median ~1e28 FLOP.", page: "pp. 105-107" },
    short_horizon: { text: "A neural network with a brain-sized parameter count, trained on tasks whose effective horizon is 1 to 1,000 subjective seconds; median ~1e31 FLOP.", page: "pp. 68-71, 97-100" },
    genome: { text: "The model needs about as many parameters as the genome has bytes (~7.5e8), with a long horizon; median ~3e33 FLOP.", page: "pp. 101-104" },
    medium_horizon: { text: "A brain-sized neural network on tasks with an effective horizon of 1,000 to 1,000,000 subjective seconds; median ~3e34 FLOP.", page: "pp. 68-71, 97-100" },
    long_horizon: { text: "A brain-sized neural network on tasks with an effective horizon of 1e6 to 1e9 subjective seconds; median ~1e38 FLOP.", page: "pp. 68-71, 97-100" },
    evolution: { text: "As much compute as evolution spent on nervous systems from the earliest neurons to humans; median ~1e41 FLOP.", page: "pp. 108-110" },
  },
  anchors: "Each curve is one hypothesis's 2020 training computation requirements distribution: the probability that training a transformative model with 2020 algorithms would take at most x FLOP (after the update against values below 1e27 FLOP, pp. 13-14). The years on the top axis mark the compute the largest run can afford then (FLOP per dollar x spend, p. 4). Algorithmic progress instead lowers each hypothesis's requirements, by its own halving time up to its cap (pp. 4, 127-128): the dots show where each hypothesis stands in the chosen year once that progress is counted, i.e. P(requirement met by then) if that hypothesis is the right one. Edit the requirements in the Anchors inputs on the left.",
  conditional: "Hypothesis curves are conditional: each shows P(TAI by year) if that hypothesis is the right one, before weighting and before p_none. The total is (1 - p_none) x the weighted sum of them (docs/model.md, report p. 131).",
  band: "The shaded band is the 5-95% range of P(TAI by year) across draws of the uncertain trend parameters; the thick line is the forecast itself. ± is the standard error of the estimate (from the finite number of draws).",
};
