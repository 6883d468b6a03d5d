#!/bin/sh
# A two-week-old pipeline from two trade shows, built with ordinary followup
# commands in a throwaway database (the second show's badge scans imported from
# examples/badge-scans.csv), then this morning's `followup today`, one account and the
# funnel.
# Run from anywhere: sh examples/demo.sh
set -eu

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
export FOLLOWUP_DB="$work/demo.db"
export FOLLOWUP_CONFIG="$here/config.toml"

# Run one setup command as if it were that day; show its error only if it fails.
at() {
  day=$1; shift
  FOLLOWUP_NOW="$day" followup "$@" >/dev/null 2>"$work/last-error" || { cat "$work/last-error" >&2; exit 1; }
}

at 2026-02-24 event add "SaaStr Annual 2026" --date 2026-02-25 --place "San Mateo"
at 2026-02-25 add "Maria Gonzalez" --company "Northwind Logistics" --title "VP Operations" \
  --email maria@northwind.example --event "SaaStr Annual 2026" \
  --discussed "route planning eats two planners' week" --promised "send the TMS benchmark" \
  --problem "late deliveries cost them a key retail account" --decider "yes, with the CFO"
at 2026-02-25 add "Kenji Watanabe" --company "Hikari Foods" --title "Head of Supply Chain" \
  --email kenji@hikari.example --event "SaaStr Annual 2026" \
  --promised "intro to our Osaka customer" --problem "cold-chain visibility"
at 2026-02-25 add "Priya Raman" --company "Ledgerline" --title "Finance Ops Lead" \
  --email priya@ledgerline.example --event "SaaStr Annual 2026" \
  --problem "month-end close takes 9 days" --decider "no: CFO Tom Becker decides"
at 2026-02-25 add "Tom Becker" --company "Ledgerline Inc." --title "CFO" --event "SaaStr Annual 2026" \
  --tag cfo --decides-for Priya
at 2026-03-09 add "Sam Okafor" --company "Brightpath Schools" --cadence partner-intro \
  --note "introduced by Dana at Acme"

# The first touches went out the day after the show.
for who in Maria Kenji Priya Tom; do at 2026-02-26 log "$who"; done
# Priya answered and booked a meeting (Tom, at her account, waits for what you decide
# about him); Kenji got a second email with a fresh angle; Maria's second touch went
# out two days late.
at 2026-03-02 reply Priya --note "Interested; wants numbers for the CFO"
at 2026-03-03 meeting Priya --on 2026-03-12
at 2026-03-03 log Kenji -a value="Case: Osaka customer cut spoilage 18%" \
  -a problem="cold-chain visibility" -a decider="yes"
at 2026-03-05 log Maria -a value="TMS benchmark run on their own lane data" \
  -a problem="late deliveries" -a decider="yes, with the CFO"

# A week later, the badge scans from a second show come in (one person scanned twice).
at 2026-03-06 import "$here/badge-scans.csv" --event "Logistics World 2026"

echo "== followup today, on Tue 2026-03-10 ==" >&2
FOLLOWUP_NOW=2026-03-10 followup today
echo >&2
echo "== followup account show Ledgerline, on Tue 2026-03-10 ==" >&2
FOLLOWUP_NOW=2026-03-10 followup account show Ledgerline
echo >&2
echo "== followup report, on Tue 2026-03-10 ==" >&2
FOLLOWUP_NOW=2026-03-10 followup report
