"""The ``baocao`` command: options in, one library call, a message and an exit code out.

Exit codes: 0 when outputs were written (rejected submissions are reported, not fatal);
1 with ``--strict`` when any submission was rejected; 2 for a usage or configuration
error. The library never prints; everything the user reads is worded in this folder,
one module per command, and typer's own words (help titles, usage line, usage errors)
are put into Vietnamese by :mod:`pipeline.cli.vietnamese`.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import sys
from typing import Annotated, NoReturn

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


def main() -> NoReturn:
    """``baocao`` and ``python -m pipeline``: the same command, named ``baocao`` in its help and errors."""
    try:
        app(prog_name=PROG)
    except SystemExit as done:
        leave(done.code)
    leave(0)


def leave(code: object) -> NoReturn:
    """End the process with ``code`` once everything is written, without tearing the
    interpreter down.

    A run loads some 2,600 modules (Great Expectations brings most of them), and freeing
    them one by one at exit took 0.5 s of a 4 s sample run, after the last output was
    written. Every file, ledger and process pool is closed by then (each is held in a
    ``with``), so the exit handlers and the log are finished, the streams flushed, and
    the process leaves at once.
    """
    if code is not None and not isinstance(code, int):  # sys.exit("message"): printed, then 1
        print(code, file=sys.stderr)
        code = 1
    try:
        atexit._run_exitfuncs()  # what the libraries registered (temporary folders among them)
        logging.shutdown()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # a closed pipe or stream: nothing more to say there
                stream.flush()
        os._exit(code or 0)
