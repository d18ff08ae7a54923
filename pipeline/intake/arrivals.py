"""When the office received each file, by a clock the sender cannot set.

Which file of a unit is newest and whether it was late are decided by this time. The
sender's ``Date`` header is kept for information only: any mail program lets its user
write any date there, so a back-dated correction could otherwise push out a later one,
and a late report pass as on time. In order of trust:

1. the mail server's arrival time (IMAP INTERNALDATE), for files fetched with
   ``baocao intake --imap``;
2. the time ``baocao intake`` took the file out of a message (.eml folder or mbox);
3. for a file put into the inbox by hand, the earlier of the ledger's first sight of it
   and the file's own modification time. A file's time can be set by whoever copied it,
   so it only ever moves a receipt earlier than the first run that saw the file, never
   later: a future-dated file cannot make itself the newest.

Ties (two files first seen by the same run) are broken by the file time, then the name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

from pipeline.intake.ledger import Ledger
from pipeline.intake.outcomes import Arrival, Clock


def _local(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


def arrivals(
    ledger: Ledger,
    files: Iterable[tuple[str | None, str | None]],
    file_times: Mapping[str, dt.datetime],
    *,
    now: dt.datetime | None = None,
) -> dict[str, Arrival]:
    """The arrival of every (inbox path, SHA-256); each file is noted in the ledger on the way."""
    seen_now = (now or dt.datetime.now()).replace(microsecond=0)
    found: dict[str, Arrival] = {}
    for name, sha in files:
        if name is None or sha is None:
            continue
        receipt = ledger.receive(sha, Path(name).name, seen_at=seen_now)
        file_time = file_times.get(name)
        order = file_time.timestamp() if file_time else 0.0
        if receipt.received_at:
            at, clock = _local(receipt.received_at), Clock.IMAP
        elif receipt.message_id is not None:
            at, clock = _local(receipt.first_seen), Clock.INTAKE
        else:
            first = _local(receipt.first_seen)
            at, clock = (file_time, Clock.FILE) if file_time and file_time < first else (first, Clock.LEDGER)
        found[name] = Arrival(at, clock, receipt.sender, receipt.sent_at, order)
    return found
