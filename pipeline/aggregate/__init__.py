"""Who counts and what they add up to: pure functions, no I/O.

In: the submissions and their issues. Out: each file's verdict and the period's
:class:`~pipeline.aggregate.completeness.Completeness` (expected, accepted, rejected,
missing units), and the :class:`~pipeline.aggregate.totals.Totals` of the accepted ones
(sums, rates recomputed from summed parts, coverage, yes/no counts, subtotals).
"""
