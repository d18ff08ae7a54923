"""The inbox: every file accounted for, duplicates and resubmissions resolved."""

from __future__ import annotations

import os

import pytest

from pipeline.aggregate.completeness import Status
from pipeline.errors import UsageError
from pipeline.read.inbox import drop_copies, infer_period, read_inbox
from pipeline.spec.periods import Period


def test_every_file_gets_an_outcome_or_a_submission(tmp_path, make_submission, catalog, registry):
    inbox = tmp_path / "inbox"
    make_submission("23380", folder=inbox)
    (inbox / "ghi_chu.txt").write_text("xin gửi báo cáo", encoding="utf-8")
    (inbox / "~$23380.xlsx").write_bytes(b"lock")
    (inbox / "hong.xlsx").write_bytes(b"not a workbook")
    intake = read_inbox(inbox, catalog, registry)
    assert [s.name for s in intake.submissions] == ["23380.xlsx"]
    outcomes = {o.file: (o.status, o.reason) for o in intake.outcomes}
    assert outcomes["~$23380.xlsx"][0] is Status.IGNORED
    assert outcomes["ghi_chu.txt"] == (
        Status.REJECTED,
        "Tệp ghi_chu.txt là văn bản, không phải bảng tính.",
    )
    [refusal] = [i for i in intake.issues if i.file == "ghi_chu.txt"]
    assert (
        refusal.fix == "Gửi lại biểu mẫu dạng bảng tính (.xlsx, .xls hoặc .ods)."
        and len(refusal.file_sha256 or "") == 64
    )
    assert outcomes["hong.xlsx"][0] is Status.REJECTED
    assert {i.file for i in intake.issues} == {"ghi_chu.txt", "hong.xlsx"}


def test_files_in_subfolders_are_named_by_their_inbox_path(tmp_path, make_submission, catalog, registry):
    inbox = tmp_path / "inbox"
    make_submission("23380", folder=inbox / "thu_dien_tu")
    [sub] = read_inbox(inbox, catalog, registry).submissions
    assert sub.name == "thu_dien_tu/23380.xlsx"


def test_unit_found_by_name_alias_when_code_blank(tmp_path, make_submission, catalog, registry):
    inbox = tmp_path / "inbox"
    make_submission("23380", folder=inbox, meta={"unit_code": "", "unit_name": "Đăk Ang"})
    [sub] = read_inbox(inbox, catalog, registry).submissions
    assert sub.unit_code == "23380"


def test_missing_inbox_is_a_usage_error(tmp_path, catalog, registry):
    with pytest.raises(UsageError, match="Không tìm thấy thư mục báo cáo gửi về"):
        read_inbox(tmp_path / "khong_co", catalog, registry)


def test_identical_copy_is_superseded_not_counted_twice(tmp_path, make_submission, catalog, registry, period):
    inbox = tmp_path / "inbox"
    first = make_submission("23380", folder=inbox, name="a.xlsx")
    second = inbox / "b.xlsx"
    second.write_bytes(first.read_bytes())
    os.utime(second, (first.stat().st_mtime + 60, first.stat().st_mtime + 60))
    subs = read_inbox(inbox, catalog, registry).submissions
    kept, copies = drop_copies(subs, lambda s: (s.path.stat().st_mtime, s.name))
    assert [s.name for s in kept] == ["a.xlsx"]  # the first received: when the unit really reported
    assert [(o.file, o.status, o.reason) for o in copies] == [
        ("b.xlsx", Status.SUPERSEDED, "Trùng lặp: giống hệt tệp a.xlsx.")
    ]


def test_period_inferred_from_most_files(tmp_path, make_submission, catalog, registry):
    inbox = tmp_path / "inbox"
    make_submission("23377", folder=inbox)
    make_submission("23380", folder=inbox)
    make_submission("23383", folder=inbox, meta={"period": "2019S2"})
    assert infer_period(read_inbox(inbox, catalog, registry).submissions) == Period(2020, 1)


def test_period_tie_is_a_usage_error(tmp_path, make_submission, catalog, registry):
    inbox = tmp_path / "inbox"
    make_submission("23377", folder=inbox)
    make_submission("23383", folder=inbox, meta={"period": "2019S2"})
    with pytest.raises(UsageError) as info:
        infer_period(read_inbox(inbox, catalog, registry).submissions)
    assert str(info.value) == "Các tệp gửi về thuộc nhiều kỳ (2019S2, 2020S1). Hãy ghi rõ --period."


def test_a_process_pool_reads_the_same_as_one_process(tmp_path, sample_inbox, catalog, registry, monkeypatch):
    import pipeline.read.inbox as intake_module

    inbox = tmp_path / "inbox"
    for k in range(3):
        for path in sample_inbox.iterdir():
            (inbox / str(k)).mkdir(parents=True, exist_ok=True)
            (inbox / str(k) / path.name).write_bytes(path.read_bytes())
    (inbox / "hong.xlsx").write_bytes(b"PK\x03\x04 broken")
    monkeypatch.setattr(intake_module, "PARALLEL_THRESHOLD", 4)
    pooled = read_inbox(inbox, catalog, registry, workers=2)
    single = read_inbox(inbox, catalog, registry, workers=1)
    assert [(s.name, s.sha256, {k: v.value for k, v in s.values.items()}) for s in pooled.submissions] == [
        (s.name, s.sha256, {k: v.value for k, v in s.values.items()}) for s in single.submissions
    ]
    assert len(pooled.submissions) == 27
    assert pooled.outcomes == single.outcomes and pooled.issues == single.issues


def test_while_reading_is_called_once_with_the_pool_running_and_never_without_one(
    tmp_path, sample_inbox, catalog, registry, monkeypatch
):
    import multiprocessing

    import pipeline.read.inbox as intake_module

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in sample_inbox.iterdir():
        (inbox / path.name).write_bytes(path.read_bytes())
    workers_then: list[int] = []

    def note() -> None:
        workers_then.append(len(multiprocessing.active_children()))

    read_inbox(inbox, catalog, registry, workers=2, while_reading=note)
    assert workers_then == []  # 9 files: read here, nothing to wait for
    monkeypatch.setattr(intake_module, "PARALLEL_THRESHOLD", 4)
    read_inbox(inbox, catalog, registry, workers=2, while_reading=note)
    assert workers_then == [2]  # once, the two workers already forked


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("bao_cao.pdf", b"%PDF-1.7\n...", "tệp PDF"),
        ("anh_chup.jpg", b"\xff\xd8\xff\xe0 JFIF", "ảnh"),
        ("trang.html", b"<!DOCTYPE html><html><body><table>", "trang web (HTML)"),
        ("so_lieu.csv", "Mã;Giá trị\nrice_kg;300\n".encode(), "văn bản"),
    ],
)
def test_a_file_not_named_as_a_spreadsheet_is_refused_by_what_it_is(tmp_path, catalog, registry, name, content, kind):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / name).write_bytes(content)
    [refusal] = read_inbox(inbox, catalog, registry).issues
    assert (refusal.rule, refusal.message) == ("not_a_spreadsheet", f"Tệp {name} là {kind}, không phải bảng tính.")


def test_a_word_document_is_named_as_such(tmp_path, catalog, registry):
    import zipfile

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with zipfile.ZipFile(inbox / "cong_van.docx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    (inbox / "nen.zip").write_bytes(b"PK\x03\x04 cut short")
    reasons = {o.file: o.reason for o in read_inbox(inbox, catalog, registry).outcomes}
    assert reasons == {
        "cong_van.docx": "Tệp cong_van.docx là tài liệu Word, không phải bảng tính.",
        "nen.zip": "Tệp nen.zip là tệp nén ZIP, không phải bảng tính.",
    }


def test_a_lock_file_is_ignored_with_its_reason(tmp_path, catalog, registry):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / ".~lock.23380.xlsx#").write_bytes(b"lock")
    [outcome] = read_inbox(inbox, catalog, registry).outcomes
    assert (outcome.status, outcome.reason) == (Status.IGNORED, "Tệp tạm hoặc tệp ẩn của Excel/LibreOffice.")
