"""The ``baocao`` command: options in, one library call, a message and an exit code out.

Exit codes: 0 when outputs were written (rejected submissions are reported, not fatal);
1 with ``--strict`` when any submission was rejected; 2 for a usage or configuration
error. The library never prints; everything the user reads is worded in this folder,
one module per command, and typer's own words (help titles, usage line, usage errors)
are put into Vietnamese by :mod:`pipeline.cli.vietnamese`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from pipeline import __version__
from pipeline.cli import aggregate, approve, expectations, intake, report_template, samples, templates
from pipeline.cli.vietnamese import COMMAND_METAVAR, OPTIONS_METAVAR, VietnameseCommand, VietnameseGroup

PROG = "baocao"

app = typer.Typer(
    name=PROG,
    help="baocao: tổng hợp báo cáo 6 tháng về bảo vệ, chăm sóc trẻ em và bình đẳng giới từ biểu mẫu Excel.",
    cls=VietnameseGroup,
    options_metavar=OPTIONS_METAVAR,
    subcommand_metavar=COMMAND_METAVAR,
    rich_markup_mode=None,
    no_args_is_help=True,
    add_completion=False,
)
for name, command in (
    ("aggregate", aggregate.aggregate),
    ("templates", templates.templates),
    ("samples", samples.samples),
    ("expectations", expectations.expectations),
    ("intake", intake.intake),
    ("approve", approve.approve),
    ("report-template", report_template.report_template),
):
    app.command(name, cls=VietnameseCommand, options_metavar=OPTIONS_METAVAR)(command)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"{PROG} {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", help="In phiên bản của baocao rồi thoát.", callback=_print_version, is_eager=True),
    ] = False,
) -> None:
    """The options of ``baocao`` itself, before any command (only ``--version``)."""


def main() -> None:
    """``baocao`` and ``python -m pipeline``: the same command, named ``baocao`` in its help and errors."""
    app(prog_name=PROG)
