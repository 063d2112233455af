"""Reads iCalendar text with Python's `icalendar`, a parser Hallway does not share code with.

Input on stdin: a JSON list of calendars as text. Output on stdout: a JSON list with, per
calendar, its properties and events (text values unescaped and unfolded by the parser, times
as Unix seconds, and, when --zone is given, the start and end as a clock in that zone shows
them). The feed tests compare this with what Hallway meant to say.
"""

import argparse
import json
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar


def instant(value):
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ValueError(f"not an absolute time: {value!r}")
    return int(value.timestamp())


def local(value, zone):
    moment = value.astimezone(zone)
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return {
        "clock": f"{moment:%a} {moment.day} {moment:%b %Y}, {moment:%H:%M}",
        "offset": f"UTC{sign}{minutes // 60:02}:{minutes % 60:02}",
        "abbreviation": moment.tzname(),
    }


def read(text, zone):
    calendar = Calendar.from_ical(text)
    out = {
        "errors": [str(e) for c in calendar.walk() for e in getattr(c, "errors", [])],
        "properties": {key: str(calendar[key]) for key in calendar.keys()},
        "events": [],
    }
    for event in calendar.walk("VEVENT"):
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND")
        item = {key: str(event[key]) for key in
                ("UID", "SUMMARY", "DESCRIPTION", "LOCATION", "URL", "STATUS") if key in event}
        item["SEQUENCE"] = int(event.get("SEQUENCE", 0))
        if "ORGANIZER" in event:
            item["ORGANIZER_CN"] = event["ORGANIZER"].params.get("CN")
        item["start"] = instant(start)
        item["end"] = instant(end)
        if zone is not None:
            item["local_start"] = local(start, zone)
            item["local_end"] = local(end, zone)
        out["events"].append(item)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--zone")
    args = parser.parse_args()
    zone = ZoneInfo(args.zone) if args.zone else None
    calendars = json.load(sys.stdin)
    json.dump([read(text, zone) for text in calendars], sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
