"""The command line's own words in Vietnamese: the help pages, the usage line and usage errors.

The offices that run ``baocao`` read Vietnamese, and a help page titled "Options" or an error
saying "No such option" is one they cannot act on. typer 0.29 carries its own copy of click
whose titles, usage line and error messages are English literals (the copy dropped click's
gettext calls), so no translation catalogue can reach them. Every command is therefore built
from the two classes below (typer's ``cls=``), with typer's plain help (``rich_markup_mode=None``):
they write the help themselves through click's help formatter, and they turn click's usage errors
into Vietnamese where they are raised, while the command's context is at hand. A usage error
still exits with code 2. Only wording lives here; what an option means stays with its command.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

import typer
from typer._click.core import Command, Context, Parameter
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer._click.formatting import HelpFormatter
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

OPTIONS_METAVAR = "[TÙY CHỌN]"
COMMAND_METAVAR = "LỆNH [ĐỐI SỐ]..."
HELP_TEXT = "Hiện hướng dẫn này rồi thoát."
_ANY_VALUE = "GIÁ_TRỊ"  # for an option declared without a metavar; every option of baocao names its own


class VietnameseUsageError(UsageError):
    """A usage error worded in Vietnamese: the message, the usage line and where help is; exit 2."""

    def show(self, file: IO[Any] | None = None) -> None:
        lines = [f"Lỗi: {self.format_message()}"]
        if self.ctx is not None:
            lines.append(self.ctx.get_usage())
            if self.ctx.command.get_help_option(self.ctx) is not None:
                lines.append(f"Gõ '{self.ctx.command_path} {self.ctx.help_option_names[0]}' để xem hướng dẫn.")
        typer.echo("\n".join(lines), file=file, err=file is None)


def _hint(error: BadParameter) -> str:
    if error.param_hint is not None:
        hints = [error.param_hint] if isinstance(error.param_hint, str) else list(error.param_hint)
        return " / ".join(f"'{h}'" for h in hints)
    return error.param.get_error_hint() if error.param is not None else ""


def _typed(error: BadParameter) -> str | None:
    """The value the user typed, when typer's type check refused it (pydantic keeps it)."""
    errors = getattr(error.__cause__, "errors", None)
    found = errors()[0].get("input") if callable(errors) and errors() else None
    return None if found is None else str(found)


def _bad_value(error: BadParameter) -> str:
    annotation = getattr(getattr(error.param, "type_descriptor", None), "annotation", None)
    typed, hint = _typed(error), _hint(error)
    value = f"'{typed}' " if typed is not None else ""
    if annotation is int:
        return f"Giá trị {value}của {hint} không phải là số nguyên."
    if annotation is float:
        return f"Giá trị {value}của {hint} không phải là một số, ví dụ 30."
    return f"Giá trị {value}của {hint} không hợp lệ."


def translate(error: UsageError) -> str:
    """The Vietnamese message for one of click's usage errors."""
    if isinstance(error, NoSuchOption):
        guesses = f" Có phải ý bạn là {', '.join(sorted(error.possibilities))}?" if error.possibilities else ""
        return f"Không có tùy chọn {error.option_name}.{guesses}"
    if isinstance(error, MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param is not None else "option")
        hint = _hint(error)
        return f"Thiếu {'đối số' if kind == 'argument' else 'tùy chọn'}{f' {hint}' if hint else ''}."
    if isinstance(error, BadParameter):
        return _bad_value(error)
    if isinstance(error, BadOptionUsage):
        if "does not take a value" in error.message:
            return f"Tùy chọn {error.option_name} không nhận giá trị."
        return f"Tùy chọn {error.option_name} cần một giá trị."
    return f"Lệnh được gọi không đúng cách ({error.message})."


@contextmanager
def _in_vietnamese(ctx: Context) -> Iterator[None]:
    try:
        yield
    except (VietnameseUsageError, NoArgsIsHelpError):
        raise
    except UsageError as error:
        raise VietnameseUsageError(translate(error), error.ctx or ctx) from error


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _extras(param: TyperOption | TyperArgument, ctx: Context) -> str:
    """The "[bắt buộc]" or "[mặc định: …]" after an option's help (click writes them in English)."""
    if param.required:
        return "[bắt buộc]"
    if isinstance(param.show_default, str):
        return f"[mặc định: {param.show_default}]"
    default = param.get_default(ctx, call=False)
    if not param.show_default or default is None or callable(default):
        return ""
    if isinstance(param, TyperOption) and param.is_flag:
        if not param.secondary_opts:
            return ""
        return f"[mặc định: {(param.opts if default else param.secondary_opts)[0]}]"
    return f"[mặc định: {_shown(default)}]"


def _names(param: TyperOption | TyperArgument) -> str:
    """How a parameter is typed: ``-i, --inbox THƯ_MỤC``, ``--strict``, ``--data-docs / --no-data-docs``."""
    if isinstance(param, TyperArgument):
        return param.metavar or param.name.upper()

    def joined(opts: Sequence[str]) -> str:
        return ", ".join(sorted(opts, key=lambda opt: len(opt) - len(opt.lstrip("-"))))

    names = joined(param.opts) + (f" / {joined(param.secondary_opts)}" if param.secondary_opts else "")
    return names if param.is_flag else f"{names} {param.metavar or _ANY_VALUE}"


def _write_params(params: list[Parameter], ctx: Context, formatter: HelpFormatter) -> None:
    sections: dict[str, list[tuple[str, str]]] = {"Đối số": [], "Tùy chọn": []}
    for param in params:
        if not isinstance(param, TyperOption | TyperArgument) or param.hidden:
            continue
        text = " ".join(part for part in (param.help or "", _extras(param, ctx)) if part)
        sections["Đối số" if isinstance(param, TyperArgument) else "Tùy chọn"].append((_names(param), text))
    for title, rows in sections.items():
        if rows:
            with formatter.section(title):
                formatter.write_dl(rows)


class _Vietnamese(Command):
    """What both classes change: the usage line, the help option's text and usage errors."""

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix="Cách dùng: ")

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        """Parse as click does, but refuse an extra argument and any usage error in Vietnamese."""
        allowed, ctx.allow_extra_args = ctx.allow_extra_args, True
        try:
            with _in_vietnamese(ctx):
                rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            raise VietnameseUsageError(f"Thừa đối số: {' '.join(rest)}.", ctx)
        return rest


class VietnameseCommand(_Vietnamese, TyperCommand):
    """One ``baocao`` command, with its help and usage errors in Vietnamese."""

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        _write_params(self.get_params(ctx), ctx, formatter)


class VietnameseGroup(_Vietnamese, TyperGroup):
    """The ``baocao`` command itself: its commands listed, an unknown one refused, in Vietnamese."""

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        _write_params(self.get_params(ctx), ctx, formatter)
        rows = [(name, cmd.get_short_help_str(limit=1000)) for name, cmd in self._visible(ctx)]
        if rows:  # each command's whole first paragraph, wrapped: a cut-off "ghi báo..." says nothing
            with formatter.section("Lệnh"):
                formatter.write_dl(rows)

    def _visible(self, ctx: Context) -> Iterator[tuple[str, Command]]:
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                yield name, command

    def resolve_command(self, ctx: Context, args: list[str]) -> tuple[str | None, Command | None, list[str]]:
        name = args[0]
        if self.get_command(ctx, name) is None and not name.startswith("-") and not ctx.resilient_parsing:
            guesses = difflib.get_close_matches(name, list(self.commands))
            guess = f" Có phải ý bạn là {', '.join(guesses)}?" if guesses else ""
            raise VietnameseUsageError(f"Không có lệnh '{name}'.{guess}", ctx)
        return super().resolve_command(ctx, args)
