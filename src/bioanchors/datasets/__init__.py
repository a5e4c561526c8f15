"""Data that stays current (issue 25): pull, pin and diff vintages of Epoch AI's and METR's exports.

``pull`` downloads into the user cache (:mod:`bioanchors.vintages` holds the store), ``read``
gives the analyses a vintage's tables, ``diff`` compares two vintages, and ``chip_sales`` and
``data_centres`` read the datasets that have no loader in ``trends``. docs/data.md.
"""
