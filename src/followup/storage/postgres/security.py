"""Who may see and change what in a team's database: PostgreSQL's row-level security.

Each seller connects as a role of their own, a member of ``followup_seller``; their
contacts are the ones whose ``owner`` is that role's name. A seller reads and
changes only their own contacts and what hangs off them (touches, answers,
follow-ups, reminders) and their own undo journal, and adds contacts only for
themselves. Handing one over
(``assign``) is ``followup_assign(contact, seller)``, which runs as the database's
owner and moves only a contact of the caller's: PostgreSQL checks an updated row
against the policy that lets a seller see it, so no plain UPDATE can give one away.
A member of ``followup_manager`` reads everyone's and changes nothing. Events,
accounts and the rest are the team's.

Checks the database does for itself (a unique email, the one pending step) still
see every row: a seller cannot add someone a colleague has, though they cannot
see that colleague's contact either. The role that owns the tables is bypassed by
the policies, as PostgreSQL's table owners are: it must be nobody's seller role.
"""

from followup.domain import status
from followup.domain.accounts import ACCOUNT_PAUSE

SELLER_ROLE = "followup_seller"
MANAGER_ROLE = "followup_manager"
ASSIGN = "followup_assign"  # followup_assign(contact id, seller): whether it was handed over
HOLDER = "followup_holder"  # followup_holder(email): whose contact has it, if anyone's
DIRECTORY = "followup_directory"  # every contact's id, name, company, email and owner
WITH_EMAIL = "followup_with_email"  # (email, id) of the contacts with one of these emails
IN_USE = "followup_in_use"  # followup_in_use('event' or 'account', id): any contact's
HOLD_COLLEAGUES = "followup_hold_colleagues"  # (account, now): colleagues' wait for it
# The statuses of a contact who is their account's one conversation.
CONVERSING = ", ".join(
    f"'{name}'" for name in (status.ENGAGED, status.MEETING, status.WON, status.LOST)
)
# What hangs off a contact by its contact_id: visible with the contact, and only then.
BELONGING = ("touch", "answer", "followup", "reminder")
# A row of one of them is the seller's when the contact it belongs to is: the subquery
# on contact sees only what the seller may see.
THEIRS = "EXISTS (SELECT 1 FROM contact c WHERE c.id = contact_id)"
JOURNALED = "EXISTS (SELECT 1 FROM undo_operation o WHERE o.id = operation_id)"


def statements() -> list[str]:
    """The roles (made once per server), their grants and the policies of one database."""
    roles = [
        f"DO $$ BEGIN CREATE ROLE {role} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        for role in (SELLER_ROLE, MANAGER_ROLE)
    ]
    grants = [
        f"GRANT USAGE ON SCHEMA public TO {SELLER_ROLE}, {MANAGER_ROLE}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {SELLER_ROLE}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {SELLER_ROLE}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {MANAGER_ROLE}",
    ]
    contact = [
        "ALTER TABLE contact ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY seller_reads ON contact FOR SELECT TO {SELLER_ROLE} "
        "USING (owner = current_user)",
        f"CREATE POLICY seller_adds ON contact FOR INSERT TO {SELLER_ROLE} "
        "WITH CHECK (owner = current_user)",
        f"CREATE POLICY seller_changes ON contact FOR UPDATE TO {SELLER_ROLE} "
        "USING (owner = current_user) WITH CHECK (owner = current_user)",
        f"CREATE POLICY seller_deletes ON contact FOR DELETE TO {SELLER_ROLE} "
        "USING (owner = current_user)",
        f"CREATE POLICY manager_reads ON contact FOR SELECT TO {MANAGER_ROLE} USING (true)",
    ]
    belonging = [
        statement
        for table in BELONGING
        for statement in (
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"CREATE POLICY seller_owns ON {table} TO {SELLER_ROLE} "
            f"USING ({THEIRS}) WITH CHECK ({THEIRS})",
            f"CREATE POLICY manager_reads ON {table} FOR SELECT TO {MANAGER_ROLE} USING (true)",
        )
    ]
    # A seller's undo journal and days away are theirs (database.py and journal.py add
    # whose each row is).
    journal = [
        "ALTER TABLE away ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY seller_owns ON away TO {SELLER_ROLE} "
        "USING (seller = current_user) WITH CHECK (seller = current_user)",
        "ALTER TABLE undo_operation ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY seller_owns ON undo_operation TO {SELLER_ROLE} "
        "USING (seller = current_user) WITH CHECK (seller = current_user)",
        "ALTER TABLE undo_step ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY seller_owns ON undo_step TO {SELLER_ROLE} USING ({JOURNALED}) "
        f"WITH CHECK ({JOURNALED})",
    ]
    handing_over = [
        *_owners_function(
            f"{ASSIGN}(handed integer, seller text)",
            "boolean LANGUAGE plpgsql",
            "BEGIN "
            "IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = seller) "
            f"OR NOT pg_has_role(seller, '{SELLER_ROLE}', 'MEMBER') THEN "
            "RAISE EXCEPTION 'OWNER % is no seller of this team (a role in followup_seller)', "
            "seller USING ERRCODE = 'check_violation'; END IF; "
            "UPDATE public.contact SET owner = seller "
            "WHERE id = handed AND owner = session_user; RETURN FOUND; END",
        ),
        # Which colleague has an email, and nothing else of their contact: adding the
        # same person twice is refused naming the colleague to ask.
        *_owners_function(
            f"{HOLDER}(address text)",
            "text LANGUAGE sql STABLE",
            "SELECT owner FROM public.contact WHERE email = address "
            "AND owner IS DISTINCT FROM session_user LIMIT 1",
        ),
        # Who is whose, and nothing else of them: an import finds a colleague's contact
        # in the file, and adds them a second time for nobody.
        *_owners_function(
            f"{DIRECTORY}()",
            "TABLE (id integer, name text, company text, email text, owner text) "
            "LANGUAGE sql STABLE",
            "SELECT id, name, company, email, owner FROM public.contact",
        ),
        *_owners_function(
            f"{WITH_EMAIL}(addresses json)",
            "TABLE (email text, id integer) LANGUAGE sql STABLE",
            "SELECT c.email, c.id FROM public.contact c "
            "WHERE c.email IN (SELECT value FROM json_array_elements_text(addresses))",
        ),
        # Whether an event or account is used by anyone's contact (undo may remove one
        # an operation added only while nobody else's contact is there).
        *_owners_function(
            f"{IN_USE}(kind text, row_id integer)",
            "boolean LANGUAGE sql STABLE",
            "SELECT EXISTS (SELECT 1 FROM public.contact c WHERE c.owner IS DISTINCT FROM "
            "session_user AND ((kind = 'event' AND c.event_id = row_id) "
            "OR (kind = 'account' AND c.account_id = row_id)))",
        ),
        # A seller's contact who became their account's one conversation makes the silent
        # contacts of colleagues there wait too (as `move_to` pauses one: services/
        # standing.py), unjournaled: their owners decide what becomes of them, and an
        # undo of the seller's could not reach them. Only for a seller with such a contact.
        *_owners_function(
            f"{HOLD_COLLEAGUES}(held integer, stamp timestamp)",
            "integer LANGUAGE plpgsql",
            "DECLARE journaled text := current_setting('followup.operation', true); "
            "waiting integer; BEGIN "
            "IF NOT EXISTS (SELECT 1 FROM public.contact WHERE account_id = held "
            f"AND owner = session_user AND status IN ({CONVERSING})) "
            "THEN RETURN 0; END IF; "
            "PERFORM set_config('followup.operation', '', true); "
            f"UPDATE public.contact SET status = '{status.PAUSED}', "
            f"pause_reason = '{ACCOUNT_PAUSE}', "
            "paused_until = NULL, closed_on = NULL, close_reason = NULL, updated_at = stamp "
            f"WHERE account_id = held AND status = '{status.ACTIVE}' "
            "AND owner IS DISTINCT FROM session_user; "
            "GET DIAGNOSTICS waiting = ROW_COUNT; "
            "PERFORM set_config('followup.operation', coalesce(journaled, ''), true); "
            "RETURN waiting; END",
        ),
    ]
    return [*roles, *grants, *contact, *belonging, *journal, *handing_over]


def _owners_function(signature: str, returns: str, body: str) -> list[str]:
    """A function that runs as the tables' owner (so the policies do not bind it), for
    sellers alone to call: what it does is all a seller gets of what it reads."""
    name, _, parameters = signature.partition("(")
    types = ", ".join(
        parameter.split()[-1] for parameter in parameters.rstrip(")").split(",") if parameter
    )
    return [
        f"CREATE FUNCTION {signature} RETURNS {returns} SECURITY DEFINER "
        f"SET search_path = pg_catalog, public AS $$ {body} $$",
        f"REVOKE ALL ON FUNCTION {name}({types}) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {name}({types}) TO {SELLER_ROLE}",
    ]
