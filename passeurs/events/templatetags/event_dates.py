"""How the event pages name an event's time zone: the place, not the IANA code."""

import zoneinfo

from django import template
from django.utils import timezone

from passeurs.events.forms.registrations import TIME_ZONES

register = template.Library()


@register.filter
def time_zone_name(event) -> str:
    """ "Mayotte", "France métropolitaine, Corse": the place of the form's choice, or the code
    of a zone the form does not offer."""
    labels = dict(TIME_ZONES)
    if event.time_zone not in labels:
        return event.time_zone
    return str(labels[event.time_zone]).removesuffix(f" ({event.time_zone})")


@register.filter
def utc_offset(event) -> str:
    """ "UTC+3", "UTC−3", "UTC+5:30": the zone's offset when the event starts (summer time
    included)."""
    moment = timezone.localtime(event.starts_at, zoneinfo.ZoneInfo(event.time_zone))
    minutes = int(moment.utcoffset().total_seconds() // 60)
    if not minutes:
        return "UTC"
    sign = "+" if minutes > 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


@register.filter
def has_ended(event) -> bool:
    return timezone.now() >= event.ends_at
