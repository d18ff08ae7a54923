"""Arithmetic over indicator codes, as written in the catalog's rules.

``staff_dedicated + staff_concurrent``, ``literacy_l1_literate / literacy_l1_population * 100``,
``abs(a - b)``: numbers, codes (``new_jobs.female`` included), ``+ - * /``, unary minus,
parentheses and ``abs``, ``min``, ``max``. Parsed once with Python's own parser and
evaluated column-wise over a frame of all submissions; nothing is ever ``eval``-ed.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_FUNCTIONS = {"abs", "min", "max"}


class ExpressionError(ValueError):
    """The text is not an expression this module accepts."""


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def _check(node: ast.expr) -> list[str]:
    """Validate the tree and return the codes it uses, in order of appearance."""
    name = _dotted(node)
    if name is not None:
        return [name]
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
        return []
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return _check(node.left) + _check(node.right)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return _check(node.operand)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCTIONS
        and node.args
        and not node.keywords
    ):
        return [code for arg in node.args for code in _check(arg)]
    raise ExpressionError(ast.unparse(node))


@dataclass(frozen=True)
class Expression:
    """A parsed expression; ``codes`` are the value keys it reads."""

    text: str
    tree: ast.expr
    codes: tuple[str, ...]

    def evaluate(self, frame: pd.DataFrame) -> pd.Series:
        """One value per row; division by zero gives NaN (the rule is then skipped)."""
        result = _evaluate(self.tree, frame)
        if not isinstance(result, pd.Series):
            result = pd.Series(float(result), index=frame.index)
        return result.astype("float64").replace([np.inf, -np.inf], np.nan)


def _evaluate(node: ast.expr, frame: pd.DataFrame) -> Any:
    name = _dotted(node)
    if name is not None:
        return frame[name].astype("float64")
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.BinOp):
        with np.errstate(divide="ignore", invalid="ignore"):
            return _BINARY[type(node.op)](_evaluate(node.left, frame), _evaluate(node.right, frame))
    if isinstance(node, ast.UnaryOp):
        value = _evaluate(node.operand, frame)
        return -value if isinstance(node.op, ast.USub) else value
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    args = [_evaluate(a, frame) for a in node.args]
    if node.func.id == "abs":
        return abs(args[0])
    stacked = pd.concat([a if isinstance(a, pd.Series) else pd.Series(a, index=frame.index) for a in args], axis=1)
    return stacked.min(axis=1, skipna=False) if node.func.id == "min" else stacked.max(axis=1, skipna=False)


def parse(text: str) -> Expression:
    """Parse ``text``; raise :class:`ExpressionError` naming the part not understood."""
    try:
        tree = ast.parse(str(text).strip(), mode="eval").body
    except SyntaxError as exc:
        raise ExpressionError(str(text)) from exc
    return Expression(str(text).strip(), tree, tuple(dict.fromkeys(_check(tree))))
