"""Every output a person or a program reads, written into a staging folder.

In: the totals, completeness, issues and sources of one run. Out: the appendix workbook,
summary, values and issues files, the issue workbook and validation report, feedback
workbooks for the communes, manifest and provenance; the staging folder is published
into place atomically only when complete. Nothing a commune typed is written as active
content (formula, link or script).
"""
