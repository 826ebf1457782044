#!/usr/bin/env python3
"""Writes the ICS benchmark's input: PEOPLE calendar files, each with SERIES weekly series (in Europe/Berlin,
crossing DST changes, each with 3 attendees, an EXDATE and a moved occurrence) from 2025-01-06, open-ended.
Up to 2026-12-31 each series has 104 occurrences: 10 files x 100 series x 104 = 104,000 occurrences.

Usage: python3 make_ics.py OUT_DIR [PEOPLE] [SERIES]
"""
import pathlib
import sys

out = pathlib.Path(sys.argv[1])
people = int(sys.argv[2]) if len(sys.argv) > 2 else 10
series = int(sys.argv[3]) if len(sys.argv) > 3 else 100
out.mkdir(parents=True, exist_ok=True)
for p in range(people):
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN", f"X-WR-CALNAME:person{p}@bench.example",
             "X-WR-TIMEZONE:Europe/Berlin"]
    for s in range(series):
        hour = 8 + s % 9
        day = 6 + s % 5
        uid = f"p{p}-s{s}@bench.example"
        lines += ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTART;TZID=Europe/Berlin:202501{day:02d}T{hour:02d}0000",
                  f"DTEND;TZID=Europe/Berlin:202501{day:02d}T{hour:02d}3000", "RRULE:FREQ=WEEKLY",
                  f"EXDATE;TZID=Europe/Berlin:202502{day + 7:02d}T{hour:02d}0000",
                  f"SUMMARY:Series {s} of person {p}", f"ORGANIZER:mailto:person{p}@bench.example",
                  f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:person{p}@bench.example",
                  f"ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:person{(p + 1) % people}@bench.example",
                  f"ATTENDEE;PARTSTAT=TENTATIVE:mailto:person{(p + 2) % people}@bench.example",
                  "DESCRIPTION:Agenda: review the open questions of the week and agree the next steps", "END:VEVENT",
                  "BEGIN:VEVENT", f"UID:{uid}", f"RECURRENCE-ID;TZID=Europe/Berlin:202503{day + 7:02d}T{hour:02d}0000",
                  f"DTSTART;TZID=Europe/Berlin:202503{day + 7:02d}T{hour:02d}3000",
                  f"DTEND;TZID=Europe/Berlin:202503{day + 7:02d}T{hour + 1:02d}0000", f"SUMMARY:Series {s} (moved)",
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    (out / f"person{p}.ics").write_text("\r\n".join(lines) + "\r\n")
