"""Reading the YAML settings files and wording their refusals in Vietnamese.

The catalog, the units registry and the waivers file are all declared by pydantic models
that refuse unknown keys, so a misspelt ``requird: true`` stops the run instead of
silently meaning "not required". Whoever edits these files reads Vietnamese and fixes
them in a text editor, so every refusal names the file, the place inside it
(``sections[1].indicators[0]``, zero-based like the YAML lists) and what is wrong, one
problem a line, as a compiler would. Only the first few problems are shown: past five,
the rest are usually consequences of the same mistake.

A path that does not exist or is a folder is a usage error (exit 2, the option named),
not a configuration error: the file itself is fine, the command pointed elsewhere.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any, NamedTuple, TypeVar

import yaml
from pydantic import AfterValidator, BaseModel, StringConstraints, ValidationError
from pydantic_core import ErrorDetails

from pipeline.errors import ConfigError, UsageError

MAX_SHOWN = 5
"""Problems listed in one refusal; the rest are counted."""

Model = TypeVar("Model", bound=BaseModel)
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it (ten times faster on the catalog:
6 ms instead of 60 at every start), the same safe constructor either way. A file it refuses
is parsed again by PyYAML's own loader, whose messages and positions the refusal words."""


class Problem(NamedTuple):
    """One thing wrong in a settings file: where (``rules[2].left``; empty for the whole file) and what."""

    where: str
    message: str


def read_yaml(path: Path | str, what: str, *, option: str, loader: Any = SAFE_LOADER) -> Any:
    """The parsed content of ``path``; ``what`` names the file in Vietnamese (``tệp danh mục đơn vị``).

    ``option`` is the command-line option that names such a file, quoted when the path is
    missing or a folder so the user knows which argument to correct.
    """
    path = Path(path)
    if path.is_dir():
        raise UsageError(f"{path} là một thư mục, không phải {what} ({option}).")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"Không tìm thấy {what} ({option}): {path}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path.name}: {what} phải là văn bản mã UTF-8.", file=str(path)) from None
    except OSError as exc:
        raise ConfigError(f"{path.name}: không đọc được {what} ({exc.strerror}).", file=str(path)) from exc
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise ConfigError(_yaml_message(path, _as_pyyaml_words_it(text, loader, exc)), file=str(path)) from exc


def _as_pyyaml_words_it(text: str, loader: Any, exc: yaml.YAMLError) -> yaml.YAMLError:
    """The error PyYAML's own loader finds in ``text``, whose problems and positions the
    refusals word; ``exc`` itself when it came from that loader already."""
    if loader is not SAFE_LOADER or SAFE_LOADER is yaml.SafeLoader:
        return exc
    try:
        yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as pure:
        return pure
    return exc


# PyYAML's commonest complaints, reworded; others are quoted as PyYAML words them.
_YAML_PROBLEMS = {
    "found unexpected end of stream": "tệp hết khi còn ngoặc hoặc dấu nháy chưa đóng",
    "did not find expected ',' or '}'": "thiếu dấu ',' hoặc '}'",
    "did not find expected ',' or ']'": "thiếu dấu ',' hoặc ']'",
    "did not find expected key": "thụt lề không đúng hoặc thiếu khóa",
    "did not find expected node content": "thiếu giá trị",
    "did not find expected '-' indicator": "thụt lề không đúng trong danh sách",
    "could not find expected ':'": "thiếu dấu ':'",
    "mapping values are not allowed here": "không được có dấu ':' ở đây (giá trị chứa ':' cần đặt trong dấu nháy)",
    "found character '\\t' that cannot start any token": "không được thụt lề bằng phím Tab",
    "found a tab character that violates indentation": "không được thụt lề bằng phím Tab",
    "found a tab character where an indentation space is expected": "không được thụt lề bằng phím Tab",
    "found character that cannot start any token": "có ký tự không được đứng đầu một giá trị",
}
_EXPECTED = re.compile(r"^expected (.+), but (?:got|found) (.+)$")


def _yaml_message(path: Path, exc: yaml.YAMLError) -> str:
    problem = str(getattr(exc, "problem", None) or exc).strip()
    explained = _YAML_PROBLEMS.get(problem, problem)
    if match := _EXPECTED.match(problem):
        explained = f"cần {match.group(1).replace(' or ', ' hoặc ')} nhưng gặp {match.group(2)}"
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = f"dòng {mark.line + 1}, cột {mark.column + 1}: " if mark is not None else ""
    return f"{path.name}: {where}sai cú pháp YAML: {explained}"


class Problems(list[Problem]):
    """What the checks after the schema found (dangling references, duplicates), in file order."""

    def __init__(self) -> None:
        super().__init__()
        self._first: dict[tuple[str, str], str] = {}

    def add(self, where: str, message: str) -> None:
        self.append(Problem(where, message))

    def claim(self, what: str, name: str, where: str) -> None:
        """Note ``name`` declared at ``where``; a second declaration is refused naming the first."""
        if (what, name) in self._first:
            self.add(where, f"{what} '{name}' bị trùng với {self._first[what, name]}")
        self._first.setdefault((what, name), where)

    def choice(self, where: str, value: str, choices: type[enum.StrEnum]) -> None:
        """Refuse ``value`` unless it is one of ``choices``, worded as the schema words it."""
        if value not in set(choices):
            self.add(where, f"giá trị '{value}' không hợp lệ, chỉ nhận: {', '.join(c.value for c in choices)}")


def validate(model: type[Model], data: Any, path: Path | str) -> Model:
    """``model.model_validate(data)``, every refusal reworded as one :class:`ConfigError`."""
    if data is None:  # what YAML reads from an empty file (or one of comments only)
        raise refusal(path, [Problem("", "tệp trống")])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise refusal(path, [describe(error) for error in exc.errors(include_url=False)]) from exc


def refusal(path: Path | str | None, found: Sequence[Problem]) -> ConfigError:
    """One error for all ``found`` problems: a line each, up to :data:`MAX_SHOWN`, then a count.

    The file is named by its file name, which is what the user sees in the editor's tab;
    the full path stays in ``file=`` and the first problem's place in ``key=``. Without a
    path (settings built in code) the lines start at the place.
    """
    name = f"{Path(path).name}: " if path is not None else ""
    lines = [f"{name}{p.where}: {p.message}" if p.where else f"{name}{p.message}" for p in found]
    shown = lines[:MAX_SHOWN]
    if len(lines) > MAX_SHOWN:
        shown.append(f"{name}còn {len(lines) - MAX_SHOWN} lỗi khác.")
    file = str(path) if path is not None else None
    return ConfigError("\n".join(shown), file=file, key=(found[0].where or None) if found else None)


def location(loc: Iterable[int | str]) -> str:
    """``("sections", 1, "indicators", 0)`` as ``sections[1].indicators[0]``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


_TYPES = {
    "string_type": "phải là văn bản",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_type": "phải là số",
    "float_parsing": "phải là số",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "list_type": "phải là danh sách",
    "tuple_type": "phải là danh sách",
    "dict_type": "phải là bảng các trường (khóa: giá trị)",
    "model_type": "phải là bảng các trường (khóa: giá trị)",
    "model_attributes_type": "phải là bảng các trường (khóa: giá trị)",
    "string_too_short": "không được để trống",
    "too_short": "không được để trống",
}
_DATES = {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"}


def describe(error: ErrorDetails) -> Problem:
    """One pydantic error as a :class:`Problem`.

    An unknown or missing key is reported at the entry that holds it, with the key
    named (``sections[1].indicators[0]: không có trường 'requird'``); any other
    problem at the value itself.
    """
    kind, loc = error["type"], tuple(error["loc"])
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return Problem(location(loc[:-1]), f"không có trường '{loc[-1]}'")
    if kind == "invalid_key":  # a number as a key (``1: x``): no field has such a name
        return Problem(location(loc[:-1]), f"không có trường '{error['input']}'")
    if kind == "missing":
        return Problem(location(loc[:-1]), f"thiếu trường '{loc[-1]}'")
    where = location(loc)
    if kind in ("enum", "literal_error"):
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return Problem(where, f"giá trị '{error['input']}' không hợp lệ, chỉ nhận: {', '.join(choices)}")
    if kind in _DATES:
        return Problem(
            where, f"ngày '{error['input']}' không hợp lệ, hãy ghi theo dạng NĂM-THÁNG-NGÀY, ví dụ 2025-06-30"
        )
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return Problem(where, str(ctx["error"]))
    if kind in _TYPES:
        return Problem(where, _TYPES[kind])
    bounds = {"greater_than": "lớn hơn", "greater_than_equal": "từ", "less_than": "nhỏ hơn", "less_than_equal": "tới"}
    if kind in bounds:
        limit = next(iter(v for k, v in ctx.items() if k in ("gt", "ge", "lt", "le")), "")
        shown = f"{limit:g}" if isinstance(limit, int | float) else str(limit)
        return Problem(where, f"phải là số {bounds[kind]} {shown}")
    if kind == "finite_number":
        return Problem(where, "phải là một số hữu hạn")
    return Problem(where, f"giá trị không hợp lệ ({error['msg']})")


def not_blank(text: str) -> str:
    """For ``AfterValidator``: a required text that is only spaces counts as missing."""
    if not text.strip():
        raise ValueError("không được để trống")
    return text


Text = Annotated[str, AfterValidator(not_blank)]
"""A required text, kept as written (labels, names, expressions)."""
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A required code or name of a choice, spaces around it dropped (checked in pydantic's core: fast)."""
