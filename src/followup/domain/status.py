"""A contact's status, and which statuses count as open or closed."""

ACTIVE, ENGAGED, MEETING, NURTURE = "active", "engaged", "meeting", "nurture"
WON, LOST, ARCHIVED = "won", "lost", "archived"

STATUSES = (ACTIVE, ENGAGED, MEETING, NURTURE, WON, LOST, ARCHIVED)
# Open opportunities: what the pipeline-breadth warning counts.
OPEN = (ACTIVE, ENGAGED, MEETING)
CLOSED = (WON, LOST, ARCHIVED)
