"""Davidson's compute-centric takeoff model (FTM), reproduced and vectorised (issue 21).

One module per component: ``automation`` (task requirements, FLOP gap, runtime trade-off),
``production`` (CES with optimal allocation), ``rnd`` (semi-endogenous R&D), ``investment``
(fractions, wake-up), ``simulate`` (the time loop over parameter sets), ``metrics`` (events,
takeoff metrics, series), ``config`` (the scenario schema), ``model`` (the registered model).
"""

from . import model as _model  # noqa: F401  (registers "ftm")
