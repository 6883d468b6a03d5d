"""A contact's status, and which statuses count as open or closed."""

ACTIVE, ENGAGED, MEETING, NURTURE = "active", "engaged", "meeting", "nurture"
PAUSED = "paused"
WON, LOST, ARCHIVED = "won", "lost", "archived"

STATUSES = (ACTIVE, ENGAGED, MEETING, NURTURE, PAUSED, WON, LOST, ARCHIVED)
# Every contact in one of these has exactly one pending item with a due date; the
# store enforces it (see storage/schema.py).
WITH_NEXT_STEP = (ACTIVE, ENGAGED, MEETING, NURTURE, PAUSED)
# Open opportunities: what the pipeline-breadth warning and `forecast` count (not nurture:
# staying in touch is not an opportunity in play).
OPEN = (ACTIVE, ENGAGED, MEETING, PAUSED)
CLOSED = (WON, LOST, ARCHIVED)
