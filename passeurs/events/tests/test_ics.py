"""The .ics invitation: RFC 5545 syntax, and the right instant whatever the time zone."""

import datetime
import re
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from passeurs.events import ics

STAMP = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)


def invitation(time_zone="Europe/Paris", start=(2026, 7, 9, 9, 0), **overrides):
    zone = zoneinfo.ZoneInfo(time_zone)
    starts = datetime.datetime(*start, tzinfo=zone)
    return ics.Invitation(
        **{
            "uid": "passeurs-event-7@passeurs.test",
            "summary": "Connexions innovantes : l’autonomie des personnes âgées",
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=8),
            "time_zone": time_zone,
            "description": "Ateliers, le matin ; restitution, l’après-midi.\nVenez nombreux.",
            "location": "Ministère des Solidarités, 14 avenue Duquesne, Paris",
            "url": "https://passeurs.test/evenements/7/",
            "organizer_name": "Passeurs",
            "organizer_email": "ne-pas-repondre@passeurs.test",
            **overrides,
        }
    )


# A small reader: unfold, split properties, and resolve DTSTART with its VTIMEZONE.


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    lines = text[:-2].split("\r\n")
    for line in lines:
        assert "\n" not in line and "\r" not in line
        assert len(line.encode("utf-8")) <= 75
    logical: list[str] = []
    for line in lines:
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def parse(text: str) -> list[tuple[str, dict, str, tuple[str, ...]]]:
    """(name, parameters, value, enclosing components) for each property."""
    properties = []
    stack: list[str] = []
    for line in unfold(text):
        head, _sep, value = line.partition(":")
        name, *params = head.split(";")
        if name == "BEGIN":
            stack.append(value)
            continue
        if name == "END":
            assert stack.pop() == value
            continue
        properties.append((name, dict(p.split("=", 1) for p in params), value, tuple(stack)))
    assert stack == []
    return properties


def offset(text: str) -> datetime.timedelta:
    sign = -1 if text[0] == "-" else 1
    return sign * datetime.timedelta(hours=int(text[1:3]), minutes=int(text[3:5]))


def observances(properties, tzid: str) -> list[tuple[datetime.datetime, datetime.timedelta]]:
    """Each observance of the VTIMEZONE as (its start in UTC, the offset it sets)."""
    blocks: dict[tuple, dict] = {}
    zone_id = None
    order = 0
    for name, _params, value, where in properties:
        if where[-1:] == ("VTIMEZONE",) and name == "TZID":
            zone_id = value
        if len(where) >= 3 and where[-2] == "VTIMEZONE":
            if name == "DTSTART":
                order += 1
            blocks.setdefault((where[-1], order), {})[name] = value
    assert zone_id == tzid
    found = []
    for values in blocks.values():
        local = datetime.datetime.strptime(values["DTSTART"], "%Y%m%dT%H%M%S")
        start = (local - offset(values["TZOFFSETFROM"])).replace(tzinfo=datetime.UTC)
        found.append((start, offset(values["TZOFFSETTO"])))
    return sorted(found)


def utc_of(properties, name: str) -> datetime.datetime:
    """The UTC instant of DTSTART or DTEND, read through the file's own VTIMEZONE."""
    (params, value) = next(
        (p, v) for n, p, v, where in properties if n == name and "VEVENT" in where
    )
    local = datetime.datetime.strptime(value, "%Y%m%dT%H%M%S")
    rules = observances(properties, params["TZID"])
    current = None
    for start, to in rules:
        if start <= (local - to).replace(tzinfo=datetime.UTC):
            current = to
    assert current is not None, "no observance covers the date"
    return (local - current).replace(tzinfo=datetime.UTC)


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("time_zone", "start", "expected"),
    [
        ("Europe/Paris", (2026, 7, 9, 9, 0), utc(2026, 7, 9, 7, 0)),
        ("Europe/Paris", (2027, 1, 14, 9, 0), utc(2027, 1, 14, 8, 0)),
        ("Indian/Mayotte", (2026, 7, 9, 9, 0), utc(2026, 7, 9, 6, 0)),
        ("America/Cayenne", (2026, 12, 3, 9, 0), utc(2026, 12, 3, 12, 0)),
        ("Pacific/Noumea", (2026, 12, 31, 20, 0), utc(2026, 12, 31, 9, 0)),
    ],
)
def test_the_start_is_the_right_instant_in_the_events_zone(time_zone, start, expected):
    properties = parse(ics.calendar(invitation(time_zone, start), stamp=STAMP))

    assert utc_of(properties, "DTSTART") == expected
    assert utc_of(properties, "DTEND") == expected + datetime.timedelta(hours=8)


def test_a_zone_without_summer_time_has_a_single_standard_observance():
    text = ics.calendar(invitation("Indian/Mayotte"), stamp=STAMP)

    assert text.count("BEGIN:STANDARD") == 1
    assert "BEGIN:DAYLIGHT" not in text
    assert "TZOFFSETTO:+0300" in text


def test_paris_has_summer_and_winter_observances_around_the_event():
    text = ics.calendar(invitation(), stamp=STAMP)
    assert "BEGIN:DAYLIGHT" in text and "BEGIN:STANDARD" in text
    assert "DTSTART:20260329T020000" in text  # the last Sunday of March, at 2:00
    assert "DTSTART;TZID=Europe/Paris:20260709T090000" in text


def test_the_calendar_has_the_required_properties():
    properties = parse(ics.calendar(invitation(), stamp=STAMP))
    by_name = {name: (params, value) for name, params, value, _where in properties}

    assert by_name["VERSION"][1] == "2.0"
    assert by_name["METHOD"][1] == "PUBLISH"
    assert by_name["PRODID"][1]
    assert by_name["UID"][1] == "passeurs-event-7@passeurs.test"
    assert by_name["DTSTAMP"][1] == "20260601T120000Z"
    assert by_name["ORGANIZER"] == ({"CN": '"Passeurs"'}, "mailto:ne-pas-repondre@passeurs.test")
    assert by_name["URL"][1] == "https://passeurs.test/evenements/7/"
    assert by_name["STATUS"][1] == "CONFIRMED"


def test_text_is_escaped_and_long_lines_are_folded():
    text = ics.calendar(invitation(), stamp=STAMP)
    properties = parse(text)
    by_name = {name: value for name, _params, value, _where in properties}

    assert by_name["DESCRIPTION"] == (
        "Ateliers\\, le matin \\; restitution\\, l’après-midi.\\nVenez nombreux."
    )
    assert "\r\n " in text  # the long location was folded


def test_a_cancelled_event_says_so():
    assert "STATUS:CANCELLED" in ics.calendar(invitation(cancelled=True), stamp=STAMP)


@given(st.text(min_size=0, max_size=400))
def test_folding_keeps_every_character_and_the_octet_limit(text):
    line = "DESCRIPTION:" + ics.escape_text(text)
    folded = ics.fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert pieces[0] + "".join(piece[1:] for piece in pieces[1:]) == line


@given(st.text(max_size=200))
def test_escaped_text_has_no_bare_separator(text):
    escaped = ics.escape_text(text)
    assert "\n" not in escaped and "\r" not in escaped
    unescaped = re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), escaped)
    assert unescaped == text.replace("\r\n", "\n").replace("\r", "\n")
