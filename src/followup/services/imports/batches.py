"""A file's entries checked, then matched and written a batch at a time, in file order.

Memory holds one batch of rows (a thousand, or fewer when they are long) and
the people they can match, never the file: what came before is in the store,
written by the batches before in the import's transaction, and findable
through the engine's tables of match keys (``storage/sqlite/importing.py``).
"""

from collections.abc import Iterator
from typing import Any

from followup.domain.matching import Decision, keys_of, match
from followup.domain.status import ACTIVE
from followup.errors import InvalidValue
from followup.formats.importers.checks import checked
from followup.formats.importers.entries import Entry, Source, Unusable
from followup.services.imports.saving import Enrolment, save_batch
from followup.storage import ImportSession, Storage

BATCH_ROWS = 1000
BATCH_BYTES = 4 * 1024 * 1024  # of the file: a batch of long rows ends sooner

Outcome = Decision | Unusable
Checked = tuple[str, dict[str, Any]]  # where a row is, and its values as a contact's columns


class Batches:
    """Matches and writes a file's rows in ``session``; ``starting`` counts who starts a cadence.

    A new contact starts one unless the file gives them a status of their own
    (our export's). With ``stop_at_bad``, a bad entry ends the matching: the
    import will be refused, so the entries after it are only checked, to be listed.
    """

    def __init__(
        self,
        storage: Storage,
        session: ImportSession,
        enrolment: Enrolment,
        date_order: str | None,
        event: str | None,
        stop_at_bad: bool,
    ):
        self.storage = storage
        self.session = session
        self.enrolment = enrolment
        self.date_order = date_order
        self.event = event
        self.stop_at_bad = stop_at_bad
        self.starting = 0
        self.refused = False

    def outcomes(self, source: Source) -> Iterator[list[Outcome]]:
        """What becomes of the entries of ``source``, a batch at a time, in file order.

        Once refused, what comes is only the bad entries, as they are found.
        """
        batch: list[Unusable | Checked] = []
        text = source.text
        start = text.bytes_read
        for entry in source.entries:
            checked_entry = self._checked(entry)
            if isinstance(checked_entry, Unusable) and checked_entry.bad and self.stop_at_bad:
                self.refused = True
            if self.refused:
                if isinstance(checked_entry, Unusable) and checked_entry.bad:
                    yield [checked_entry]
                continue
            batch.append(checked_entry)
            if len(batch) >= BATCH_ROWS or text.bytes_read - start >= BATCH_BYTES:
                yield self._matched(batch)
                batch, start = [], text.bytes_read
        if batch and not self.refused:
            yield self._matched(batch)

    def _checked(self, entry: Entry) -> Unusable | Checked:
        """Where the entry is and its values as a contact's columns, or why it brings in nobody."""
        if isinstance(entry, Unusable):
            return entry
        try:
            values = checked(entry, self.enrolment.today, self.date_order)
        except InvalidValue as error:
            return Unusable(entry.where, str(error), name=entry.values["name"])
        if self.event:
            values["event"] = self.event
        return entry.where, values

    def _matched(self, batch: list[Unusable | Checked]) -> list[Outcome]:
        """The batch's outcomes in order: its rows matched, then written with what they taught."""
        rows = [entry for entry in batch if not isinstance(entry, Unusable)]
        keys = [keys_of(values) for _, values in rows]
        known = self.session.known_for(keys)
        decisions = match(rows, keys, known, self.session.new_id)
        save_batch(self.storage, self.session, known, self.enrolment)
        self.starting += sum(
            1 for person in known.new.values() if person["status"] in (None, ACTIVE)
        )
        matched = iter(decisions)
        return [entry if isinstance(entry, Unusable) else next(matched) for entry in batch]
