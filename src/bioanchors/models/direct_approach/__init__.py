"""Barnett & Besiroglu (Epoch, 2023), "The Direct Approach" (docs/models/direct-approach.md).

:mod:`.core` holds the model's vectorised functions; :mod:`.hardware` Epoch's GPU projection
(Hobbhahn's fits); :mod:`.model` its scenario schema and the registered model ``direct-approach``.
"""

from . import core, model  # noqa: F401  (model registers 'direct-approach')
