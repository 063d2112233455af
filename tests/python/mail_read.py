"""Reads mail messages with Python's own `email` package and their calendars with `icalendar`,
code Hallway does not share, so the mail tests check what a mail client would see.

Input on stdin: a JSON list of messages as text. Output: a JSON list with, per message, its
headers (decoded), plain-text and HTML bodies, and attachments; calendar parts (inline or
attached) also come parsed: METHOD and each event's UID, SEQUENCE, STATUS, SUMMARY, start.
"""

import json
import sys
from email import policy
from email.parser import Parser

from icalendar import Calendar


def calendar(text):
    cal = Calendar.from_ical(text)
    return {
        "METHOD": str(cal.get("METHOD", "")),
        "events": [
            {
                "UID": str(e.get("UID")),
                "SEQUENCE": int(e.get("SEQUENCE", 0)),
                "STATUS": str(e.get("STATUS", "")),
                "SUMMARY": str(e.get("SUMMARY", "")),
                "start": int(e.decoded("DTSTART").timestamp()),
            }
            for e in cal.walk("VEVENT")
        ],
    }


def read(text):
    message = Parser(policy=policy.default).parsestr(text)
    out = {
        "headers": {key: str(value) for key, value in message.items()},
        "text": None,
        "html": None,
        "parts": [],
    }
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        content = part.get_content()
        if isinstance(content, bytes):
            content = content.decode("utf-8")
        if kind.startswith("text/") and kind != "text/calendar":
            content = content.replace("\r\n", "\n")
        item = {
            "type": kind,
            "method": part.get_param("method"),
            "filename": part.get_filename(),
            "attachment": part.get_content_disposition() == "attachment",
        }
        if kind in ("text/calendar", "application/ics"):
            item["calendar"] = calendar(content)
        elif kind == "text/plain" and out["text"] is None:
            out["text"] = content
        elif kind == "text/html" and out["html"] is None:
            out["html"] = content
        out["parts"].append(item)
    return out


json.dump([read(text) for text in json.load(sys.stdin)], sys.stdout, ensure_ascii=False)
