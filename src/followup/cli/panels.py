"""The headings `followup --help` groups its commands under."""

EVERY_DAY = "Every day"
CONTACTS = "Contacts"
WORK = "Work the cadence"
REPORTS = "Reports"
DATA = "Data in and out"
MAINTENANCE = "Maintenance"
