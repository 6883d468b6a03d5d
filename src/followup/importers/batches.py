"""A file's entries checked, then matched and staged a batch at a time, in file order.

Memory holds one batch of rows (a thousand, or fewer when they are long) and
the people they can match, never the file: what came before is in the store,
written by the batches before in the import's transaction, and findable
through its TEMP tables of match keys (see ``store/importing.py``).
"""

from collections.abc import Iterator

from followup.core.fields import CONTROL_CHARACTER
from followup.core.matching import Decision, keys_of, match
from followup.core.status import ACTIVE
from followup.errors import InvalidValue
from followup.importers.checks import checked
from followup.importers.entries import Entry, Row, Source, Unusable
from followup.importers.saving import Enrolment, save_batch
from followup.store.importing import ImportSession

BATCH_ROWS = 1000
BATCH_BYTES = 4 * 1024 * 1024  # of the file: a batch of long rows ends sooner

Outcome = Decision | Unusable


class Batches:
    """Matches and writes a file's rows in ``session``; ``starting`` counts who starts a cadence.

    A new contact starts one unless the file gives them a status of their own
    (our export's). With ``stop_at_bad``, a bad entry ends the matching: the
    import will be refused, so the entries after it are only checked, to be listed.
    """

    def __init__(
        self,
        session: ImportSession,
        enrolment: Enrolment,
        date_order: str | None,
        event: str | None,
        stop_at_bad: bool,
    ):
        self.session = session
        self.enrolment = enrolment
        self.date_order = date_order
        self.event = event
        self.stop_at_bad = stop_at_bad
        self.starting = 0
        self.refused = False

    def outcomes(self, source: Source) -> Iterator[Outcome]:
        """What becomes of each entry of ``source``, in file order."""
        batch: list[Unusable | Row] = []
        start = source.bytes_read()
        for entry in source.entries:
            checked_entry = self._checked(entry)
            bad = (
                checked_entry if isinstance(checked_entry, Unusable) and checked_entry.bad else None
            )
            self.refused = self.refused or (bad is not None and self.stop_at_bad)
            if self.refused:
                if bad is not None:
                    yield bad
                continue
            batch.append(checked_entry)
            if len(batch) >= BATCH_ROWS or source.bytes_read() - start >= BATCH_BYTES:
                yield from self._matched(batch)
                batch, start = [], source.bytes_read()
        if not self.refused:
            yield from self._matched(batch)

    def _checked(self, entry: Entry) -> Unusable | Row:
        """The entry with its values as a contact's columns, or why it brings in nobody."""
        if isinstance(entry, Unusable):
            return entry
        try:
            values = checked(entry, self.enrolment.today, self.date_order)
        except InvalidValue as error:
            return Unusable(entry.where, str(error), name=_printable(entry.values["name"]))
        if self.event:
            values["event"] = self.event
        return Row(entry.where, values)

    def _matched(self, batch: list[Unusable | Row]) -> list[Outcome]:
        """The batch's outcomes in order: its rows matched, then written with what they taught."""
        rows = [(entry.where, entry.values) for entry in batch if isinstance(entry, Row)]
        keys = [keys_of(values) for _, values in rows]
        known = self.session.known_for(keys)
        decisions = match(rows, keys, known, self.session.new_id)
        save_batch(self.session.store, self.session, known, self.enrolment)
        self.starting += sum(
            1 for person in known.new.values() if person["status"] in (None, ACTIVE)
        )
        matched = iter(decisions)
        return [entry if isinstance(entry, Unusable) else next(matched) for entry in batch]


def _printable(text: str) -> str:
    """A name from a file as a message can show it: one line, control characters escaped."""
    return CONTROL_CHARACTER.sub(lambda found: repr(found[0])[1:-1], text)
