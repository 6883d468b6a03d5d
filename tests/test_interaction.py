"""The seam to a person: nobody to ask means the non-interactive contract holds."""

from datetime import date, datetime

from followup.domain.contact import Contact
from followup.domain.valuecheck import DEFAULT_QUESTIONS
from followup.interaction import Counted, NoInteraction, ValueCheck

ANN = Contact(
    id=1,
    name="Ann Lee",
    met_on=date(2026, 2, 27),
    status="active",
    created_at=datetime(2026, 2, 27),
    updated_at=datetime(2026, 2, 27),
)


def test_nobody_to_ask_gives_back_the_answers_given_and_confirms_nothing() -> None:
    nobody = NoInteraction()
    check = ValueCheck(ANN, DEFAULT_QUESTIONS, {"value": "a case"}, {"problem": "churn"}, ())
    assert nobody.value_check(check) == {"value": "a case"}
    assert nobody.lessons("lost", None, "call sooner", ("demo", None)) == (None, "call sooner")
    assert nobody.confirm("Delete Ann?") is False
    nobody.notice("Upgraded the database")  # to nobody: nothing to see, nothing raised
    assert nobody.interactive is False


def test_counted_items_pass_through_counted_and_reported() -> None:
    advanced: list[int] = []
    rows = Counted(iter([("a",), ("b",)]), advanced.append)
    assert list(rows) == [("a",), ("b",)]
    assert rows.count == 2
    assert advanced == [1, 1]
