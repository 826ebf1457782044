#!/usr/bin/env python3
"""Peer for the ICS benchmark: python recurring-ical-events expands the same files up to the same day.

Usage: python3 ics_expand.py UNTIL FILE...   (prints the occurrences and the seconds taken)
"""
import datetime
import sys
import time

import icalendar
import recurring_ical_events

until = datetime.date.fromisoformat(sys.argv[1]) + datetime.timedelta(days=1)
started = time.perf_counter()
total = 0
for path in sys.argv[2:]:
    with open(path, "rb") as handle:
        calendar = icalendar.Calendar.from_ical(handle.read())
    total += sum(1 for _ in recurring_ical_events.of(calendar).between(datetime.date(1900, 1, 1), until))
print(f"recurring-ical-events: {total} occurrences in {time.perf_counter() - started:.2f} s")
