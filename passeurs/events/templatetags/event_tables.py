"""Template helpers of the seating and outputs templates (the public section of the event page
calls its selector here, since the page that includes it does not pass the outputs)."""

from django import template

from passeurs.events import output_selectors
from passeurs.events.seating import CATEGORY_BADGES

register = template.Library()


@register.filter
def category_badge(category: str) -> str:
    """The DSFR badge colour of a participant category."""
    return CATEGORY_BADGES.get(category, "")


@register.simple_tag
def public_event_outputs(event):
    """The public outputs of an ended event (three queries), or none before its end."""
    return output_selectors.public_outputs(event=event)
