"""The source files of the bundled national registries, each pinned by commit and SHA-256.

The registries under ``data/units/`` are generated, not typed: a GSO list changes a few
hundred names a year, and a hand edit of ten thousand lines cannot be reviewed. What can
be reviewed is this table: which repository, which commit, which file, and the checksum
of its bytes. The builder refuses a file whose checksum differs, so a rebuild either
reproduces the committed data byte for byte or says which input changed.

The checksums are of the files as GitHub serves them raw
(``https://raw.githubusercontent.com/<repository>/<commit>/<path>``): the git blobs,
with no line-ending conversion (neither repository has a ``.gitattributes``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DVHCVN = "daohoangson/dvhcvn"
"""The GSO lists as published every few months, 01/06/2020 … 01/03/2025 (GPL-3.0)."""
MAPPING = "dvhcvn/20250701"
"""The 34 provinces and 3,321 communes of 01/7/2025 and which old communes formed each (MIT)."""
MAPPING_COMMIT = "dd94887ce32324380bc5bb0a76fe39867dafc73b"

LICENCES = {DVHCVN: "GPL-3.0", MAPPING: "MIT"}
MIT_COPYRIGHT = "Copyright (c) 2025 dvhcvn"
"""The copyright line of dvhcvn/20250701's LICENSE, which the MIT licence asks copies to keep."""


class BuildError(Exception):
    """A source file is missing, differs from its pin, or disagrees with another: nothing is written."""

    exit_code = 2


@dataclass(frozen=True)
class Pin:
    """One source file: where it comes from and the checksum its bytes must have.

    ``snapshot`` is the date a list of units was in force (its ``data/date.txt``), for the
    files that are such a list.
    """

    file: str
    """The file's name in the sources folder."""
    repository: str
    commit: str
    path: str
    sha256: str
    snapshot: dt.date | None = None

    @property
    def url(self) -> str:
        return f"https://raw.githubusercontent.com/{self.repository}/{self.commit}/{self.path}"


def _list(day: str, commit: str, sha256: str) -> Pin:
    """A snapshot of daohoangson/dvhcvn's ``data/dvhcvn.json``, saved under its commit."""
    return Pin(f"dvhcvn-{commit}.json", DVHCVN, commit, "data/dvhcvn.json", sha256, dt.date.fromisoformat(day))


def _mapping(path: str, sha256: str) -> Pin:
    return Pin(path.rsplit("/", 1)[-1], MAPPING, MAPPING_COMMIT, path, sha256)


# fmt: off
PINS: tuple[Pin, ...] = (
    # The lists of 01/06/2020 … 01/03/2025: tags v20210201 … v20250301, and the untagged
    # commits of 01/06/2020, 01/11/2020 and 01/09/2024; for 01/01/2025 the corrected v20250101b.
    _list("2020-06-01", "e806feb71c5c87fdde6c2aea012dbb2ee6328ba7",
          "b80ce14ceb955fa5338b03add81cb64ed200b778d8f533478d1196ae5d79a3e4"),
    _list("2020-11-01", "82a1fa4b98d92d0a38645725074b9937f50a1936",
          "e76c1cbd24558bf707672d2367360b8768b923d444f627e93e970204a3a9d667"),
    _list("2021-02-01", "ca30e0ceb2b929fa714f286a3e13e3e3984bb8c6",
          "8b93b50c0be31373803bf04f3573f5b282ae190b0c9de1fd1c2e079d1e3ff4df"),
    _list("2021-07-01", "21756a68e4b228208593ef9eb9e7cd028e65c241",
          "ea1637540f29e0e5cb6a0e56b394db4d7d3dcfc18dcd3f66965cfb480410d5da"),
    _list("2021-11-01", "8c9bf729baf2e3e1561bd1dc76ef3bff279bebc1",
          "b1e23765ea25a12362d4b17f52e1ac3b952dcf496816bf6442b8ab529a4d9d52"),
    _list("2022-04-10", "ef2504e24250959cc66604c8b847d6a0972ae3c7",
          "0bb2db96a0689ac49d55364f532fb666456806b0f3f97d641f9fef539685336f"),
    _list("2022-10-01", "71996c5e53594f28d5bbd995e5aa983366ad1386",
          "1ba53ec8c5176f0a97d727ac82dc42f603413ac0655a1593e646662239ad4a42"),
    _list("2023-04-10", "9ce1ab57a41bb056d6d3e77cbc9e2c561ff18ec5",
          "51eb4536378b887c9af23636f0b840ae75684de6b3381e46e5d6ba4630868055"),
    _list("2024-02-01", "ed528e718ca50b0e469f18a6d6352a4b2f1102b2",
          "077ab993fa1598b2b1e22bce3aabf470d201a7da37ba2d40b24126fa829c741a"),
    _list("2024-05-01", "e503f1375e06e9ad375fd3696d01df07ce7e4f69",
          "ef33a265cc166aaa16794042c02422ecc4aa922f04802c1f839065da9d14c58f"),
    _list("2024-09-01", "f3d30bdd6f7eb69ad35d3ab4e6f138bd0a6cb8ef",
          "aa95d609abca852e2c137a080bed5b16c96fe7c908d6f40cbcbeb9aae1f5fe0d"),
    _list("2024-11-01", "4426bca1996252d6556e968eb33c9546563eecb0",
          "03913cd717f259a6023185db91be06479196c83ec9a8e440596972f5307c4742"),
    _list("2025-01-01", "87d3e0cce1f245216bbf00b0e5f2a07c99aa8aad",
          "43fa37c0d02dcd55d816403345bc31e549798eecc2ea46c41faee17872b749a6"),
    _list("2025-03-01", "eaddcea82fc336d59e908989f04178c336a9db10",
          "7f6f179385df4fea26f2fd9625bbc4b1a315c944765a7fe4a82095928fe3f63f"),
    # The reform of 01/7/2025: the merger map both ways, and the GSO's new code lists.
    _mapping("mapping/merges.json",
             "7d4f8cb5ed4be203589faeb9978957e5dc8bb982bc42680b9c2f044ce0e8795a"),
    _mapping("mapping/splits.json",
             "335cc8907764e63e31f8603f9b46287d21f3916b00695fdcfe9371907aad5aa2"),
    _mapping("input/docs/915_CTK-CSCL.csv",
             "233cee5b0cb876014eb18b4d857523f80ed5c68d9f769cde6e8f8bb399ff999b"),
    _mapping("input/docs/1027_CTK-CSCL.md",
             "4184bd23622fd2befa98907fad6c07864535b3e7f13f5bbbb0ecd16afcb4c0dc"),
)
# fmt: on


def snapshots(pins: Iterable[Pin]) -> list[Pin]:
    """The unit lists among ``pins``, oldest first."""
    return sorted((p for p in pins if p.snapshot is not None), key=lambda p: p.snapshot or dt.date.min)


def pinned(pins: Iterable[Pin], file: str) -> Pin:
    for pin in pins:
        if pin.file == file:
            return pin
    raise BuildError(f"no source file '{file}' is pinned")


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verify(sources: Path, pins: Iterable[Pin]) -> None:
    """Refuse, naming every file at fault, unless each pinned file is there with its checksum."""
    problems = []
    for pin in pins:
        path = sources / pin.file
        if not path.is_file():
            problems.append(f"{path}: missing (get it from {pin.url}, or rerun with --download)")
        elif (actual := sha256_of(path)) != pin.sha256:
            problems.append(
                f"{path}: SHA-256 {actual} differs from the pinned {pin.sha256} "
                f"({pin.repository} {pin.commit[:12]} {pin.path}); the file is not the pinned source"
            )
    if problems:
        raise BuildError("\n".join(problems))


def download(sources: Path, pins: Iterable[Pin], *, timeout: float = 60.0) -> list[Path]:
    """Fetch each pinned file that is not already in ``sources`` with its checksum; the fetched files.

    Bytes whose checksum differs are not saved, so a half-finished or altered download
    never sits in the folder looking like a source.
    """
    sources.mkdir(parents=True, exist_ok=True)
    fetched = []
    for pin in pins:
        path = sources / pin.file
        if path.is_file() and sha256_of(path) == pin.sha256:
            continue
        try:
            with urllib.request.urlopen(pin.url, timeout=timeout) as response:  # a fixed https URL
                data = response.read()
        except (urllib.error.URLError, OSError) as exc:
            raise BuildError(f"could not download {pin.url}: {getattr(exc, 'reason', exc)}") from None
        actual = hashlib.sha256(data).hexdigest()
        if actual != pin.sha256:
            raise BuildError(f"{pin.url}: SHA-256 {actual} differs from the pinned {pin.sha256}; not saved")
        partial = path.with_name(path.name + ".part")
        partial.write_bytes(data)
        partial.replace(path)
        fetched.append(path)
    return fetched
