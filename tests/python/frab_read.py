"""Reads a frab schedule XML with Python's own ElementTree (code Hallway does not share), the
way conference apps (Giggity, ConfClerk) walk it: conference, days, rooms, events.

Input on stdin: a JSON list of XML documents. Output: a JSON list with, per document, the
conference fields and a flat list of events with their day, room, start, duration, title,
track, persons and url.
"""

import json
import sys
import xml.etree.ElementTree as ET


def read(text):
    root = ET.fromstring(text.encode("utf-8"))
    conference = root.find("conference")
    out = {
        "version": root.findtext("version"),
        "title": conference.findtext("title"),
        "time_zone_name": conference.findtext("time_zone_name"),
        "days": len(root.findall("day")),
        "events": [],
    }
    for day in root.findall("day"):
        for room in day.findall("room"):
            for event in room.findall("event"):
                out["events"].append({
                    "day": day.get("date"),
                    "room": room.get("name"),
                    "guid": event.get("guid"),
                    "id": event.get("id"),
                    "date": event.findtext("date"),
                    "start": event.findtext("start"),
                    "duration": event.findtext("duration"),
                    "title": event.findtext("title"),
                    "track": event.findtext("track"),
                    "url": event.findtext("url"),
                    "abstract": event.findtext("abstract"),
                    "persons": [p.text for p in event.find("persons").findall("person")],
                })
    return out


json.dump([read(text) for text in json.load(sys.stdin)], sys.stdout, ensure_ascii=False)
