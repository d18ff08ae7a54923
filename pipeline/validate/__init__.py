"""Checks derived from the catalog, run once over all submissions together.

In: the period's submissions, the catalog, the units registry and the ledger's history.
Out: :class:`~pipeline.issues.Issue` rows, each located to a cell with a stable code,
a Vietnamese message and a fix; waivers applied. Great Expectations is touched only in
:mod:`pipeline.validate.gx`.
"""
