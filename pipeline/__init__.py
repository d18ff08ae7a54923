"""baocao: six-monthly child-protection and gender-equality reports, from commune
Excel forms to validated district totals, appendix workbooks and a summary."""

from pipeline.errors import ConfigError, PipelineError, UsageError, WorkbookError
from pipeline.spec.periods import Period

__all__ = ["ConfigError", "Period", "PipelineError", "UsageError", "WorkbookError"]
__version__ = "0.1.0"
