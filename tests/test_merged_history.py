"""An earlier period carried onto today's units across the mergers of 01/7/2025.

The figures below are worked out by hand: Ngọc Hồi's eight communes of 2024/2025 become
Bờ Y (Plei Kần + Đắk Xú + Bờ Y), Dục Nông (Đắk Ang + Đắk Dục + Đắk Nông) and Sa Loong
(Đắk Kan + Sa Loong), as NQ 1677/NQ-UBTVQH15 set them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from types import SimpleNamespace

import pytest

from pipeline.aggregate.merged_history import load_history, past_over_mergers, record_units, stored_units
from pipeline.spec.mergers import Merger, MergerMap
from pipeline.spec.periods import Period
from pipeline.spec.units import Level, Unit, UnitRegistry
from pipeline.write.comparison import carried_notes, compared

OLD = {  # code: (name, loan_households, loan_amount, literate, population)
    "23377": ("Thị trấn Plei Kần", 10, 1.5, 90, 100),
    "23380": ("Xã Đắk Ang", 20, 1.0, 18, 20),
    "23383": ("Xã Đắk Dục", 30, 1.0, 27, 30),
    "23386": ("Xã Đắk Nông", 40, 1.0, 36, 40),
    "23389": ("Xã Đắk Xú", 50, 2.5, 45, 50),
    "23392": ("Xã Đắk Kan", 60, None, 50, 60),  # left the amount blank
    "23395": ("Xã Bờ Y", 70, 3.0, 40, 50),
    "23398": ("Xã Sa Loong", 80, 0.0, 70, 80),
}
BECAME = {
    "23377": ("Xã Bờ Y", ["23377", "23389", "23395"]),
    "23383": ("Xã Dục Nông", ["23380", "23383", "23386"]),
    "23392": ("Xã Sa Loong", ["23392", "23398"]),
}


def _mergers(extra: tuple[Merger, ...] = ()) -> MergerMap:
    rows = [
        Merger(old, OLD[old][0], new, name, "full") for new, (name, olds) in BECAME.items() for old in olds
    ]  # fmt: skip
    return MergerMap("test-2025", dt.date(2025, 7, 1), "old", "new", (*rows, *extra))


def _new_registry(*extra: Unit) -> UnitRegistry:
    levels = (Level("province", "Cấp tỉnh"), Level("commune", "Cấp xã", "xã, phường, đặc khu"))
    units = [Unit("51", "Tỉnh Quảng Ngãi", "Quảng Ngãi", "province")]
    units += [Unit(code, name, name[3:], "commune", "51") for code, (name, _) in BECAME.items()]
    return UnitRegistry("new", "51", levels, (*units, *extra))


def _submission(code: str, values: dict[str, object]) -> SimpleNamespace:
    return SimpleNamespace(unit_code=code, values={k: SimpleNamespace(value=v) for k, v in values.items()})


def _record_old(db: sqlite3.Connection, registry: UnitRegistry, period: Period) -> None:
    subs = [
        _submission(
            code,
            {
                "loan_households": households,
                "loan_amount": amount,
                "literacy_l1_literate": literate,
                "literacy_l1_population": population,
                "green_village_model": True,
            },
        )
        for code, (_, households, amount, literate, population) in OLD.items()
    ]
    record_units(db, period, subs, registry)  # type: ignore[arg-type]


@pytest.fixture
def db() -> sqlite3.Connection:
    return sqlite3.connect(":memory:")


def test_old_units_add_up_into_the_new_ones(db, catalog, registry):
    _record_old(db, registry, Period(2024, 1))
    past = past_over_mergers(db, Period(2024, 1), catalog, _new_registry(), "51", _mergers())
    assert past is not None
    # 10 + 50 + 70 = 130, 20 + 30 + 40 = 90, 60 + 80 = 140: 360 households.
    assert past.figures["loan_households"].value == 360
    # Đắk Kan left the amount blank, so Sa Loong's is blank, not 0: 1.5 + 2.5 + 3 + 1 + 1 + 1 = 10.
    assert past.figures["loan_amount"].value == 10.0
    # (90 + 45 + 40 + 18 + 27 + 36 + 50 + 70) / (100 + 50 + 50 + 20 + 30 + 40 + 60 + 80) = 376 / 430.
    assert past.figures["literacy_l1_rate"].value == round(376 / 430 * 100, 1) == 87.4
    assert "green_village_model" not in past.figures  # three "Có" of old communes are not one new commune's
    assert (past.expected, past.accepted, past.complete) == (3, 3, True)
    assert past.carried is not None and past.carried.folded == {
        "23377": ("Thị trấn Plei Kần", "Xã Đắk Xú", "Xã Bờ Y"),
        "23383": ("Xã Đắk Ang", "Xã Đắk Dục", "Xã Đắk Nông"),
        "23392": ("Xã Đắk Kan", "Xã Sa Loong"),
    }


def test_a_commune_formed_from_part_of_an_old_one_is_not_compared(db, catalog, registry):
    _record_old(db, registry, Period(2024, 1))
    split = Unit("23400", "Xã Mới", "Mới", "commune", "51")
    mergers = _mergers((Merger("23398", "Xã Sa Loong", "23400", "Xã Mới", "partial"),))
    past = past_over_mergers(db, Period(2024, 1), catalog, _new_registry(split), "51", mergers)
    assert past is not None and past.carried is not None
    assert past.carried.split == ("23400",)
    assert (past.expected, past.accepted, past.complete) == (4, 3, False)


def test_a_reused_code_is_never_compared_with_its_old_meaning(db, catalog, registry):
    # The ledger holds 23377 under another name for that period: it is not Plei Kần's figure.
    record_units(db, Period(2024, 1), [_submission("23377", {"loan_households": 999})], registry)  # type: ignore[list-item]
    db.execute("UPDATE period_units SET name = 'Xã Bờ Y' WHERE unit = '23377'")
    assert stored_units(db, Period(2024, 1))["23377"][0] == "Xã Bờ Y"
    assert past_over_mergers(db, Period(2024, 1), catalog, _new_registry(), "51", _mergers()) is None


def test_a_missing_old_unit_leaves_its_new_unit_out_and_the_note_says_so(db, catalog, registry):
    _record_old(db, registry, Period(2025, 1))
    db.execute("DELETE FROM period_units WHERE unit = '23386'")  # Đắk Nông did not report then
    history = load_history(db, Period(2026, 1), catalog, _new_registry(), "51", [_mergers()])
    assert history.previous is None  # 2025S2 is after the reform: read as stored, and nothing is
    past = history.year_before
    assert past is not None and past.carried is not None
    assert past.carried.unreported == ("23383",)
    assert past.figures["loan_households"].value == 130 + 140
    assert carried_notes(history, _new_registry()) == [
        "Số liệu cùng kỳ năm 2025 được cộng từ các đơn vị hành chính cũ vào đơn vị mới sau sắp xếp ngày "
        "01/07/2025: xã Bờ Y gồm Thị trấn Plei Kần, Xã Đắk Xú, Xã Bờ Y; xã Sa Loong gồm Xã Đắk Kan, Xã Sa Loong; "
        "không có số liệu kỳ đó của xã Dục Nông vì đơn vị cũ chưa báo cáo."
    ]


def test_the_comparison_sentence_uses_the_carried_figures(db, catalog, registry):
    from pipeline.aggregate.totals import aggregate

    _record_old(db, registry, Period(2025, 1))
    new = _new_registry()
    now = {"23377": {"loan_households": 150.0}, "23383": {"loan_households": 90.0}, "23392": {"loan_households": 140.0}}
    totals = aggregate(now, catalog, new, "51")
    history = load_history(db, Period(2026, 1), catalog, new, "51", [_mergers()])
    (row,) = compared(totals, catalog, new, history, ["loan_households"])
    assert row.changes == ("tăng 20 hộ so với cùng kỳ năm 2025 (360 hộ)",)


def test_periods_on_the_same_side_of_the_reform_are_read_as_stored(db, catalog, registry):
    _record_old(db, registry, Period(2024, 1))
    history = load_history(db, Period(2025, 1), catalog, registry, "611", [_mergers()])
    assert history.year_before is None  # no totals were recorded for 611: nothing is composed
