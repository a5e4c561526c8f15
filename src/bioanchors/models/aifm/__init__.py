"""The AI Futures Model (Dec 2025; aifuturesmodel.com), reproduced (docs/models/aifm.md).

One module per component, each a plain vectorised function over parameter sets:
:mod:`.compute` (input series), :mod:`.software` (Jones form), :mod:`.horizon` (time horizon,
doubling difficulty, blow-up, AC requirement), :mod:`.automation` (automation fraction, optimal-CES
coding labour), :mod:`.experiment` (experiment-throughput CES), :mod:`.taste` (research taste);
:mod:`.simulate` runs them over time; :mod:`.config` is the scenario schema and :mod:`.model` the
registered model ``aifm``.
"""

from . import model  # noqa: F401  (registers 'aifm')
