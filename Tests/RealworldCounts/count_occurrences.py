#!/usr/bin/env python3
"""Independent occurrence counts for the realworld ICS test (Tests/MaturityImportTests/ICSRealworldTests.swift).

Counts the occurrences python `recurring-ical-events` expands from each .ics file, from 1900-01-01 up to and
including --until (the Swift test imports with the same --until), leaving out STATUS:CANCELLED occurrences.
Usage: pip install recurring-ical-events; python3 count_occurrences.py ../../../shared/realworld/ics 2026-12-31
"""
import datetime
import pathlib
import sys

import icalendar
import recurring_ical_events

folder = pathlib.Path(sys.argv[1])
until = datetime.date.fromisoformat(sys.argv[2]) + datetime.timedelta(days=1)
for path in sorted(folder.glob("*.ics")):
    try:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        events = recurring_ical_events.of(calendar).between(datetime.date(1900, 1, 1), until)
        count = sum(1 for e in events if str(e.get("STATUS", "")).upper() != "CANCELLED")
        print(f'"{path.name}": {count},')
    except Exception as error:  # noqa: BLE001 - the reason goes into the output
        print(f'// "{path.name}": error {type(error).__name__}: {error}')
