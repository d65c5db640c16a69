"""The conference itself as a schema.org Event, for the JSON-LD of the home page."""
from __future__ import annotations

from confsite import dates
from confsite.schema import SiteConfig

STATUS = {"scheduled": "EventScheduled", "cancelled": "EventCancelled", "postponed": "EventPostponed",
          "rescheduled": "EventRescheduled", "moved-online": "EventMovedOnline"}


def event_json_ld(config: SiteConfig) -> dict | None:
    """The conference as a schema.org Event: start and end with the zone's offset, location and status."""
    if config.dates is None:
        return None
    zone = dates.site_zone(config.timezone)
    start, end = dates.day_span(config.dates.start, config.dates.end, zone)
    event = {"@context": "https://schema.org", "@type": "Event", "name": config.edition or config.name,
             "startDate": dates.iso_with_offset(start), "endDate": dates.iso_with_offset(end),
             "eventStatus": "https://schema.org/" + STATUS[config.status]}
    if config.full_name:
        event["alternateName"] = config.full_name
    if config.description:
        event["description"] = config.description
    if "://" in config.base_url:
        event["url"] = config.base_url
    venue = config.venue
    if venue is not None and (venue.name or venue.city or venue.address):
        address = {"@type": "PostalAddress"}
        for key, value in (("streetAddress", venue.address), ("addressLocality", venue.city),
                           ("addressCountry", venue.country)):
            if value:
                address[key] = value
        place = {"@type": "Place", "name": venue.name or venue.city or venue.address, "address": address}
        if venue.url:
            place["url"] = venue.url
        event["location"] = place
    return event
