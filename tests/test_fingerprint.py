"""A fingerprint changes with everything a kept result depends on, and only with that."""

from __future__ import annotations

import dataclasses
import shutil

import pipeline
from pipeline.spec import fingerprint
from pipeline.spec.catalog import DEFAULT_CATALOG_PATH
from pipeline.spec.periods import Period


def test_the_program_is_fingerprinted_by_its_source(tmp_path, monkeypatch):
    copy = tmp_path / "pipeline"
    shutil.copytree(fingerprint._PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "data"))
    monkeypatch.setattr(fingerprint, "_PACKAGE", copy)
    fingerprint.program_fingerprint.cache_clear()
    try:
        first = fingerprint.program_fingerprint()
        fingerprint.program_fingerprint.cache_clear()
        assert fingerprint.program_fingerprint() == first  # the same text, the same program
        module = copy / "read" / "workbook.py"
        module.write_text(module.read_text(encoding="utf-8") + "\n# một dòng\n", encoding="utf-8")
        fingerprint.program_fingerprint.cache_clear()
        edited = fingerprint.program_fingerprint()
        monkeypatch.setattr(pipeline, "__version__", "9.9.9")
        fingerprint.program_fingerprint.cache_clear()
        assert len({first, edited, fingerprint.program_fingerprint()}) == 3
    finally:
        fingerprint.program_fingerprint.cache_clear()


def test_the_catalog_is_fingerprinted_by_its_bytes(tmp_path):
    copy = tmp_path / "catalog.yaml"
    shutil.copy(DEFAULT_CATALOG_PATH, copy)
    assert fingerprint.read_fingerprint(copy) == fingerprint.read_fingerprint(None)
    copy.write_bytes(copy.read_bytes() + b"\n")
    assert fingerprint.read_fingerprint(copy) != fingerprint.read_fingerprint(None)


def test_checks_depend_on_the_registry_and_the_period(registry):
    read = fingerprint.read_fingerprint(None)
    first = fingerprint.check_fingerprint(read, registry, Period(2020, 1))
    assert fingerprint.check_fingerprint(read, registry, Period(2020, 1)) == first
    assert fingerprint.check_fingerprint(read, registry, Period(2020, 2)) != first
    assert fingerprint.check_fingerprint(read + "x", registry, Period(2020, 1)) != first
    renamed = [dataclasses.replace(u, name=u.name + " mới") if u.code == "23380" else u for u in registry.units]
    other = dataclasses.replace(registry, units=tuple(renamed))
    assert fingerprint.check_fingerprint(read, other, Period(2020, 1)) != first
