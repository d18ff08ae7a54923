"""One run: declare → intake → read → validate → aggregate → write, in that order only.

Each stage is a folder of the package; this module only hands each stage's result to the
next. Outputs are written to a staging folder and published whole, so a failed or
interrupted run leaves the previous outputs intact.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.aggregate.completeness import Completeness, expected_units, judge
from pipeline.aggregate.history import record_totals
from pipeline.aggregate.merged_history import load_history, record_units
from pipeline.aggregate.totals import Totals, aggregate_submissions
from pipeline.errors import machine_error
from pipeline.intake.arrivals import arrivals
from pipeline.intake.issued_forms import issued_key
from pipeline.intake.kept_store import CHECKED, READ, keep, kept_in, peek
from pipeline.intake.ledger import Ledger, open_ledger
from pipeline.intake.outcomes import Status
from pipeline.issues.issue import Issue
from pipeline.progress import Laps, NoProgress, Progress
from pipeline.read.declared import check_declared
from pipeline.read.inbox import Intake, drop_copies, identify_units, infer_period, read_inbox
from pipeline.settings import Settings
from pipeline.spec.catalog import Catalog
from pipeline.spec.catalog_file import load_catalog
from pipeline.spec.declaration import load_units
from pipeline.spec.fingerprint import check_fingerprint, read_fingerprint
from pipeline.spec.numbers import written_in
from pipeline.spec.periods import Period
from pipeline.spec.registries import mergers_between
from pipeline.spec.report_scopes import check_scopes
from pipeline.spec.report_settings import load_report_settings
from pipeline.spec.units import UnitRegistry
from pipeline.validate.admission import admit
from pipeline.validate.form_keys import check_keys
from pipeline.validate.gx import GxValidator, import_ahead, import_done
from pipeline.validate.period_checks import check_period
from pipeline.validate.waivers import Waiver, WaiverOutcome, load_waivers
from pipeline.write.outputs import OutputOptions, PeriodResult, write_outputs
from pipeline.write.pdf import soffice
from pipeline.write.publish import staging_folder
from pipeline.write.records import provenance
from pipeline.write.report_docx import check_report_template
from pipeline.write.revisions import Revision, publish_revision
from pipeline.write.wording import in_language

__all__ = ["Reused", "RunResult", "Settings", "run"]


@dataclass(frozen=True)
class Reused:
    """How many of the files read, and of the forms checked, an earlier run's results served."""

    read: int
    files: int
    checked: int
    forms: int


@dataclass(frozen=True)
class RunResult:
    period: Period
    output_dir: Path
    totals: Totals
    completeness: Completeness
    issues: tuple[Issue, ...]
    waivers: WaiverOutcome
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds spent reading, validating, aggregating and writing."""
    revision: Revision | None = None
    """Once the period is approved: the revision written (or that nothing changed since the approval)."""
    reused: Reused | None = None
    """What was taken from earlier runs instead of being read and checked again."""

    @property
    def rejected_files(self) -> int:
        return sum(1 for o in self.completeness.outcomes if o.status is Status.REJECTED)


def run(
    settings: Settings, validator_factory: Callable[[], GxValidator] = GxValidator, progress: Progress | None = None
) -> RunResult:
    """Aggregate one period's inbox and write every output. Raises only for usage,
    configuration and machine faults: a commune's mistake is an issue, not an exception."""
    started, progress, laps = dt.datetime.now(), progress or NoProgress(), Laps()
    catalog = load_catalog(settings.catalog_path)
    # With --period the registry is known (and a wrong --units or --root refused) before reading.
    known = load_units(settings.units_path, settings.root, settings.period) if settings.period else None
    waivers = load_waivers(settings.waivers_path)
    options = OutputOptions(
        load_report_settings(settings.report_path), settings.report_template, settings.pdf, settings.lang
    )
    check_scopes(options.report, catalog)  # a reports: key naming no scope of the catalog stops before reading
    check_report_template(options.report_template)  # a bad template or a missing LibreOffice stops before reading
    if options.pdf:
        soffice()
    with laps("read"):
        read_print = read_fingerprint(settings.catalog_path)
        kept = peek(settings.ledger, {READ: read_print})  # what earlier runs read of the same bytes
        intake = read_inbox(Path(settings.inbox), catalog, progress=progress, kept=kept, while_reading=import_ahead)
    period = settings.period or infer_period(intake.submissions)
    registry = known or load_units(settings.units_path, settings.root, period)
    intake = identify_units(intake, registry)
    final = Path(settings.output) / period.code
    check_declared(intake, period, Path(settings.inbox), final)
    prints = {READ: read_print, CHECKED: check_fingerprint(read_print, registry, period)}
    run_ = _Run(settings, catalog, registry, waivers, intake, period, started, laps, progress, options, prints)
    try:
        with staging_folder(final) as staging, open_ledger(settings.ledger, wait=settings.ledger_wait) as ledger:
            result = run_.period_outputs(ledger, staging, validator_factory)
            placed = publish_revision(ledger, staging, final, period, catalog, registry)
    except OSError as exc:
        raise machine_error(exc, final) from None
    finally:
        progress.stop()
    return dataclasses.replace(result, output_dir=placed.output_dir, revision=placed.revision)


def _dated(validator: GxValidator, moment: dt.datetime | None) -> GxValidator:
    """The Data Docs show the inputs' time as the run time, never the clock (byte-identical re-runs)."""
    if moment is None:
        return validator
    dated = copy.copy(validator)  # the caller's validator may serve other runs (tests share one)
    dated.docs_time = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment
    return dated


@dataclass(frozen=True)
class _Run:
    settings: Settings
    catalog: Catalog
    registry: UnitRegistry
    waivers: list[Waiver]
    intake: Intake
    period: Period
    started: dt.datetime
    laps: Laps
    progress: Progress
    options: OutputOptions
    fingerprints: dict[str, str]

    def period_outputs(self, ledger: Ledger, staging: Path, validator: Callable[[], GxValidator]) -> RunResult:
        settings, catalog, registry, period = self.settings, self.catalog, self.registry, self.period
        intake = self.intake
        self.progress.start("Kiểm tra số liệu (Great Expectations)")
        with self.laps("validate"):
            arrived = arrivals(ledger, intake.files(), intake.received)
            moment = max((a.at for a in arrived.values()), default=None)  # the time outputs record: the inputs'
            candidates, copies = drop_copies(intake.submissions, lambda s: (arrived[s.name].at, s.name))
            keyed = check_keys(candidates, registry, lambda unit, code: issued_key(ledger, unit, code))
            admission = admit(keyed.admitted, catalog, registry, arrived)
            candidates, refusals = list(admission.admitted), [*intake.issues, *keyed.issues, *admission.issues]
            docs = staging / "validation" / "data_docs" if settings.data_docs else None
            kept = kept_in(ledger.connection, {CHECKED: self.fingerprints[CHECKED]})
            checked = check_period(
                candidates, refusals, catalog=catalog, registry=registry, period=period,
                validator=lambda: _dated(validator(), moment), arrivals=arrived, deadline=settings.deadline,
                history=ledger.history(period), waivers=self.waivers, docs_dir=docs, kept=kept,
            )  # fmt: skip
            import_done()  # before any later pool forks this process: no import half done in the children
        with self.laps("aggregate"):
            choice, expected = checked.choice, expected_units(catalog, registry)
            earlier = [*intake.outcomes, *copies, *keyed.held, *admission.held, *choice.set_aside]
            verdict = judge(earlier, choice.active, checked.issues, expected, arrived, settings.deadline)
            totals, subtotals, inner = aggregate_submissions(verdict.accepted, catalog, registry)
            mergers = mergers_between(period.year_before.last_day, period.last_day)
            history = load_history(ledger.connection, period, catalog, registry, totals.root, mergers)
        self.progress.start("Ghi phụ lục và báo cáo")
        with self.laps("write"):
            record = provenance(settings, period, checked.waivers, moment)
            shown = [*choice.active, *(s for s in candidates if s.name in choice.notes)]
            found = PeriodResult(period, catalog, registry, totals, subtotals, verdict.completeness,
                                 checked.issues, shown, verdict.accepted, record, choice.notes,
                                 tuple(filter(None, [admission.note])), history, moment, inner)  # fmt: skip
            with in_language(self.options.lang), written_in(self.options.lang):  # words and figures of the outputs
                write_outputs(staging, found, self.progress, self.options)
            ledger.record(period, verdict.completeness.outcomes, intake.submissions, self.started)
            record_totals(ledger.connection, period, totals, verdict.completeness, self.started)
            record_units(ledger.connection, period, verdict.accepted, registry)
            keep(ledger.connection, self.fingerprints, [*intake.fresh, *checked.fresh])
        files, forms = intake.reused + len(intake.fresh), len(candidates)
        laps, reused = dict(self.laps), Reused(intake.reused, files, forms - len(checked.fresh), forms)
        return RunResult(period, staging, totals, verdict.completeness, checked.issues, checked.waivers, laps,
                         reused=reused)  # fmt: skip
