"""The declaration of the data set, read first by every stage.

In: ``data/catalog.yaml`` (indicators, disaggregations, rates, rules, strategy targets,
appendix and summary layout) and ``data/units/*.yaml`` (the reporting units). Out: the
frozen :class:`~pipeline.spec.catalog.Catalog` and
:class:`~pipeline.spec.units.UnitRegistry`, plus the small value types every stage shares:
periods, expressions over indicator codes and the Vietnamese number conventions.
Nothing here reads a commune's file.
"""
