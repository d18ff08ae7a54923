"""The ``baocao`` command: options in, one library call, a message and an exit code out.

Exit codes: 0 when outputs were written (rejected submissions are reported, not fatal);
1 with ``--strict`` when any submission was rejected; 2 for a usage or configuration
error. The library never prints; everything the user reads is worded in this folder,
one module per command.
"""

from __future__ import annotations

import typer

from pipeline.cli import aggregate, approve, expectations, intake, report_template, samples, templates

app = typer.Typer(
    help="baocao: tổng hợp báo cáo 6 tháng về bảo vệ, chăm sóc trẻ em và bình đẳng giới từ biểu mẫu Excel.",
    no_args_is_help=True,
    add_completion=False,
)
app.command("aggregate")(aggregate.aggregate)
app.command("templates")(templates.templates)
app.command("samples")(samples.samples)
app.command("expectations")(expectations.expectations)
app.command("intake")(intake.intake)
app.command("approve")(approve.approve)
app.command("report-template")(report_template.report_template)


def main() -> None:
    app()
