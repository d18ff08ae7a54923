"""Progress reporting: the library reports steps; it never prints by itself."""

from __future__ import annotations

from pipeline.run import Settings, run


class Recorder:
    def __init__(self):
        self.events = []

    def start(self, label, total=None):
        self.events.append(("start", label, total))

    def advance(self, amount=1):
        self.events.append(("advance", amount))

    def stop(self):
        self.events.append(("stop",))


def test_a_run_reports_its_steps(tmp_path, sample_inbox, validator, capsys):
    recorder = Recorder()
    run(Settings(inbox=sample_inbox, output=tmp_path, data_docs=False), lambda: validator, recorder)
    starts = [e[1:] for e in recorder.events if e[0] == "start"]
    assert starts == [
        ("Đọc các tệp báo cáo", 9),
        ("Kiểm tra số liệu (Great Expectations)", None),
        ("Ghi phụ lục và báo cáo", None),
        ("Ghi tệp phản hồi cho các xã", 0),
    ]
    assert sum(e[1] for e in recorder.events if e[0] == "advance") == 9
    assert recorder.events[-1] == ("stop",)
    assert capsys.readouterr() == ("", "")
