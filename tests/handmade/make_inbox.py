"""Make the hand-made inbox in ``tests/handmade/inbox/`` (period 2020S1).

Each form starts as the real per-unit template (``build_template``, what
``baocao templates`` writes) and is then typed into cell by cell, the way a commune
officer fills the yellow cells: uneven figures, optional cells left blank, a few numbers
typed as text in the Vietnamese style. One form is then opened and saved again by
LibreOffice. Only the workbooks come from here: the expected totals and issues in
``expected_*.csv`` are worked out by hand in ``README.md``, not by this script.

    .venv/bin/python tests/handmade/make_inbox.py      # needs ``soffice`` on the PATH

The workbooks are committed; run this again only to remake them (their bytes change,
their values do not).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import openpyxl

from pipeline.forms.template import build_template
from pipeline.spec.catalog_file import load_catalog
from pipeline.spec.periods import Period
from pipeline.spec.units import load_registry

HERE = Path(__file__).resolve().parent
INBOX = HERE / "inbox"
PERIOD = Period.parse("2020S1")

# What each officer typed: sheet -> cell -> value. Column E is "Tổng số"; F "Trong đó: Nữ" and
# G "Trong đó: DTTS" where a sheet has them; the rows are the template's (README.md lists them).
# A cell not listed is left blank. Strings are what was typed as text.

PLEI_KAN = {  # 23377 Thị trấn Plei Kần: complete and consistent
    "1_BoMay": {"E9": 1, "F9": 1, "E10": 2, "F10": 1, "E11": 2, "E12": 4_500_000, "E13": 1.5},
    "2_KinhTe": {
        "E9": 23, "G9": 9, "E10": 1137.5, "E11": 486, "E12": 4, "G12": 3, "E13": 12_000_000,
        "E14": 318, "E15": 410, "E16": 27, "E17": 35, "E18": 64, "E19": 1, "E20": 50,
        "E21": 6, "E22": 5, "E23": 14, "F23": 6, "E24": 3, "E25": "Có",
    },
    "3_GiaoDuc": {
        "E9": 2893, "F9": 1420, "E10": 2941, "F10": 1452, "E11": 1688, "F11": 822, "E12": 1745, "F12": 851,
        "E13": 98.4,
    },
    "4_YTe": {"E9": 21, "E10": 19, "E11": 37, "E12": 30, "E13": 26, "E15": 412, "E16": 405},
    "5_ChinhTri": {"E9": 15, "F9": 4, "E10": 25, "F10": 8, "E11": "Có", "E12": 6},
    "6_GiaDinh": {"E9": 1, "E10": 1, "F10": 1, "E11": 1, "E12": 1, "E13": 1, "E16": 0},
    "7_TreEm": {
        "E9": 1875, "F9": 902, "G9": 1034, "E10": 12, "F10": 5, "G10": 9, "E11": 12, "E12": 20,
        "E13": 0, "E14": 0, "E16": 3.2, "E17": 150,
    },
}  # fmt: skip

DAK_ANG = {  # 23380 Xã Đắk Ang: numbers typed as text, one rule warning, no official at all
    "1_BoMay": {"E9": 0, "E10": 0, "E12": 0},
    "2_KinhTe": {
        "E9": 4, "G9": 4, "E10": 236, "E11": 95.4, "E12": 2, "G12": 2, "E13": 5_000_000,
        "E14": "1.250", "E15": "187,5", "E16": 60, "E17": 12, "E18": 41, "E19": 6, "E20": 120,
        "E23": 5, "F23": 3, "E24": 1, "E25": "Không",
    },
    "3_GiaoDuc": {
        "E9": 1346, "F9": 655, "E10": 1375, "F10": 671, "E11": 1298, "F11": 630, "E12": 1330, "F12": 648,
        "E13": "97,9",
    },
    "4_YTe": {"E9": 9, "E10": 11},
    "5_ChinhTri": {"E9": 13, "F9": 3, "E10": 20, "F10": 5, "E11": "Không"},
    "6_GiaDinh": {"E9": 0},
    "7_TreEm": {"E9": 806, "E17": 60},
}  # fmt: skip

DAK_DUC_FIRST = {  # 23383 Xã Đắk Dục, first file: a draft with typos, replaced by the file below
    "1_BoMay": {"E9": 1, "F9": 0, "E10": 1, "F10": 1, "E11": 1, "E12": 2_000_000},
    "2_KinhTe": {
        "E9": 71, "G9": 15, "E10": 4250, "E11": 210.6, "E12": 3, "G12": 3, "E13": 9_500_000,
        "E14": 407, "E15": 265, "E16": 44, "E17": 18, "E19": 0, "E20": 0, "E24": 2, "E25": "Có",
    },
    "3_GiaoDuc": {"E9": 1602, "F9": 781, "E10": 1648, "F10": 806, "E11": 1517, "E12": 1566},
    "6_GiaDinh": {"E9": 0},
}  # fmt: skip

DAK_DUC_RESENT = {  # 23383 Xã Đắk Dục, sent again corrected (then saved by LibreOffice)
    "1_BoMay": {"E9": 1, "F9": 0, "E10": 1, "F10": 1, "E11": 1, "E12": 2_000_000, "E13": 0.8},
    "2_KinhTe": {
        "E9": 17, "G9": 15, "E10": 425, "E11": 210.6, "E12": 3, "G12": 3, "E13": 9_500_000,
        "E14": 407, "E15": 265, "E16": 44, "E17": 18, "E18": 58, "E19": 0, "E20": 0,
        "E21": 9, "E22": 7, "E24": 2, "E25": "Có",
    },
    "3_GiaoDuc": {
        "E9": 1602, "F9": 781, "E10": 1648, "F10": 806, "E11": 1517, "F11": 739, "E12": 1566, "F12": 765,
        "E14": 96.9,
    },
    "4_YTe": {"E9": 14, "E10": 12, "E11": 25, "E12": 19, "E13": 15},
    "5_ChinhTri": {"E9": 13, "F9": 2, "E10": 18, "F10": 4, "E12": 2},
    "6_GiaDinh": {"E9": 0, "E10": 0},
    "7_TreEm": {"E9": 1290, "F9": 628, "G9": 1175, "E10": 7, "E11": 6, "E17": 95},
}  # fmt: skip

DAK_NONG = {  # 23386 Xã Đắk Nông: "Số tiền cho vay" left blank, women literate > all literate
    "1_BoMay": {"E9": 1, "E10": 1, "E12": 0},
    "2_KinhTe": {
        "E9": 11, "E11": 150, "E12": 1, "G12": 1, "E13": 3_000_000, "E14": 220, "E15": 130,
        "E16": 25, "E17": 9, "E18": 30, "E19": 0, "E20": 0, "E24": 1, "E25": "Có",
    },
    "3_GiaoDuc": {
        "E9": 1390, "F9": 1420, "E10": 1432, "F10": 730, "E11": 1204, "F11": 590, "E12": 1251, "F12": 612,
    },
    "6_GiaDinh": {"E9": 0},
}  # fmt: skip

# file name in the inbox -> (unit code, what was typed, re-saved by LibreOffice)
FORMS: dict[str, tuple[str, dict[str, dict[str, Any]], bool]] = {
    "BaoCao_PleiKan_6thang2020.xlsx": ("23377", PLEI_KAN, False),
    "DakAng_bao_cao_6_thang.xlsx": ("23380", DAK_ANG, False),
    "DakDuc_baocao_2020S1.xlsx": ("23383", DAK_DUC_FIRST, False),
    "DakDuc_2020S1_ban_sua.xlsx": ("23383", DAK_DUC_RESENT, True),
    "DakNong_2020S1.xlsx": ("23386", DAK_NONG, False),
}


def type_into(template: Path, typed: dict[str, dict[str, Any]], dest: Path) -> None:
    """Type values into the form's input cells; typing into a locked cell is a mistake here."""
    wb = openpyxl.load_workbook(template)
    for sheet, cells in typed.items():
        ws = wb[sheet]
        for ref, value in cells.items():
            if ws[ref].protection.locked:
                raise SystemExit(f"{sheet}!{ref} is not an input cell of the form")
            ws[ref] = value
    wb.save(dest)
    wb.close()


def resave_with_libreoffice(path: Path, work: Path) -> None:
    """Open and save the file again in LibreOffice (headless), keeping its name."""
    out = work / "libreoffice"
    out.mkdir()
    profile = (work / "lo_profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    shutil.move(out / path.name, path)


def main() -> int:
    catalog, registry = load_catalog(), load_registry()
    INBOX.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, (unit_code, typed, libreoffice) in FORMS.items():
            template = work / f"template_{unit_code}.xlsx"
            build_template(template, catalog, registry[unit_code], PERIOD)
            dest = work / name
            type_into(template, typed, dest)
            if libreoffice:
                resave_with_libreoffice(dest, work)
            shutil.copyfile(dest, INBOX / name)
            print(f"{INBOX / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
