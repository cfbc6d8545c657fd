"""iCalendar invitations (RFC 5545), built from plain values: no Django import.

The event's times are written in its own time zone (DTSTART;TZID=…) with a VTIMEZONE that
describes that zone around the event, computed from the system's tz database, so that a
calendar shows 9:00 in Mayotte as 9:00 in Mayotte and 8:00 in Paris.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

CRLF = "\r\n"
LINE_OCTETS = 75
PRODID = "-//Passeurs//Evenements//FR"


@dataclass(frozen=True)
class Invitation:
    uid: str
    summary: str
    starts_at: datetime.datetime  # aware
    ends_at: datetime.datetime  # aware
    time_zone: str
    description: str = ""
    location: str = ""
    url: str = ""
    organizer_name: str = ""
    organizer_email: str = ""
    sequence: int = 0
    cancelled: bool = False


def escape_text(value: str) -> str:
    """TEXT values: backslash, semicolon, comma and new lines are escaped (RFC 5545 3.3.11)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, never inside a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= LINE_OCTETS:
        return line
    parts: list[str] = []
    current = ""
    size = 0
    limit = LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
            limit = LINE_OCTETS - 1  # the leading space of a continuation line counts
        current += char
        size += width
    parts.append(current)
    return (CRLF + " ").join(parts)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(moment: datetime.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _offset(delta: datetime.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{minutes:02d}"


def _state(zone: zoneinfo.ZoneInfo, moment: datetime.datetime):
    local = moment.astimezone(zone)
    return local.utcoffset(), local.dst(), local.tzname()


def _key(state) -> tuple:
    """What a change is about: the offset from UTC or the zone's name."""
    return state[0], state[2]


def transitions(
    zone: zoneinfo.ZoneInfo, start: datetime.datetime, end: datetime.datetime
) -> list[tuple[datetime.datetime, tuple, tuple]]:
    """The zone's changes of offset between two UTC instants: (instant, before, after).

    Scans day by day, then bisects to the second: zones change at most a few times a year.
    """
    found = []
    step = datetime.timedelta(days=1)
    cursor = start
    before = _state(zone, cursor)
    while cursor < end:
        following = cursor + step
        after = _state(zone, following)
        if _key(after) != _key(before):
            low, high = cursor, following
            while high - low > datetime.timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _key(_state(zone, middle)) == _key(before):
                    low = middle
                else:
                    high = middle
            instant = high.replace(microsecond=0)
            found.append((instant, before, _state(zone, instant)))
        before = after
        cursor = following
    return found


def vtimezone(time_zone: str, first_year: int, last_year: int) -> list[str]:
    """A VTIMEZONE covering the years first_year..last_year.

    Each change of offset from the year before first_year on is one observance (DAYLIGHT if
    summer time applies after it, else STANDARD); a zone with no change (Indian/Mayotte) has
    a single STANDARD observance.
    """
    zone = zoneinfo.ZoneInfo(time_zone)
    start = datetime.datetime(first_year - 1, 1, 1, tzinfo=datetime.UTC)
    end = datetime.datetime(last_year + 1, 1, 1, tzinfo=datetime.UTC)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{time_zone}"]
    changes = transitions(zone, start, end)
    if not changes:
        offset, _dst, name = _state(zone, start)
        lines += [
            "BEGIN:STANDARD",
            "DTSTART:19700101T000000",
            f"TZOFFSETFROM:{_offset(offset)}",
            f"TZOFFSETTO:{_offset(offset)}",
            f"TZNAME:{escape_text(name or time_zone)}",
            "END:STANDARD",
        ]
    for instant, before, after in changes:
        kind = "DAYLIGHT" if after[1] else "STANDARD"
        # The onset in the wall-clock time in force before the change (RFC 5545 3.6.5).
        onset = (instant + before[0]).replace(tzinfo=None)
        lines += [
            f"BEGIN:{kind}",
            f"DTSTART:{_local(onset)}",
            f"TZOFFSETFROM:{_offset(before[0])}",
            f"TZOFFSETTO:{_offset(after[0])}",
            f"TZNAME:{escape_text(after[2] or time_zone)}",
            f"END:{kind}",
        ]
    lines.append("END:VTIMEZONE")
    return lines


def calendar(invitation: Invitation, *, stamp: datetime.datetime, method: str = "PUBLISH") -> str:
    """The whole .ics file: one VEVENT in its time zone, CRLF line endings, folded lines."""
    zone = zoneinfo.ZoneInfo(invitation.time_zone)
    starts = invitation.starts_at.astimezone(zone)
    ends = invitation.ends_at.astimezone(zone)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        *vtimezone(invitation.time_zone, starts.year, ends.year),
        "BEGIN:VEVENT",
        f"UID:{invitation.uid}",
        f"DTSTAMP:{_utc(stamp)}",
        f"SEQUENCE:{invitation.sequence}",
        f"DTSTART;TZID={invitation.time_zone}:{_local(starts)}",
        f"DTEND;TZID={invitation.time_zone}:{_local(ends)}",
        f"SUMMARY:{escape_text(invitation.summary)}",
        f"STATUS:{'CANCELLED' if invitation.cancelled else 'CONFIRMED'}",
    ]
    if invitation.description:
        lines.append(f"DESCRIPTION:{escape_text(invitation.description)}")
    if invitation.location:
        lines.append(f"LOCATION:{escape_text(invitation.location)}")
    if invitation.url:
        lines.append(f"URL:{invitation.url}")
    if invitation.organizer_email:
        name = invitation.organizer_name.replace('"', "").replace("\n", " ")
        parameter = f';CN="{name}"' if name else ""
        lines.append(f"ORGANIZER{parameter}:mailto:{invitation.organizer_email}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return CRLF.join(fold(line) for line in lines) + CRLF
