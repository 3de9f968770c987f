"""Every enumeration of the data model, documented once.

The string value of each member is what REST and the seed files use; GraphQL exposes the
same members as upper-case enum values (``Metric.PERSONNEL_DEPLOYED``).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "ActorRole",
    "Body",
    "Confidence",
    "ContributorKind",
    "DatePrecision",
    "EventKind",
    "FundingModel",
    "KeyScope",
    "MandateAction",
    "Metric",
    "MissionKind",
    "MissionStatus",
    "ResolutionModality",
    "RevisionAction",
    "SourceKind",
    "Stance",
    "Unit",
    "VoteChoice",
]


class SourceKind(StrEnum):
    """What kind of document a source is."""

    official = "official"  # UN documents, government releases
    press = "press"  # news reporting
    dataset = "dataset"  # a published dataset or database record
    academic = "academic"  # peer-reviewed or think-tank research


class ContributorKind(StrEnum):
    """A state, or an organization that acts like one in this data."""

    state = "state"
    international_organization = "international_organization"  # the UN and its agencies
    regional_organization = "regional_organization"  # CARICOM, the OAS, the EU
    other = "other"


class MissionKind(StrEnum):
    un_peacekeeping = "un_peacekeeping"
    un_political_mission = "un_political_mission"
    un_authorized_multinational = "un_authorized_multinational"
    regional = "regional"
    ad_hoc = "ad_hoc"


class FundingModel(StrEnum):
    assessed = "assessed"  # UN assessed contributions
    voluntary = "voluntary"  # trust funds and bilateral support
    mixed = "mixed"


class MissionStatus(StrEnum):
    planned = "planned"
    active = "active"
    completed = "completed"  # ended; a successor may carry on its work
    transformed = "transformed"  # ended by being turned into its successor (MSS into GSF)


class Body(StrEnum):
    """Who adopts an instrument or authorizes a mission."""

    un_security_council = "un_security_council"
    un_general_assembly = "un_general_assembly"
    regional_organization = "regional_organization"
    national_government = "national_government"


class MandateAction(StrEnum):
    establish = "establish"
    extend = "extend"
    modify = "modify"
    transform = "transform"
    terminate = "terminate"


class VoteChoice(StrEnum):
    yes = "yes"
    no = "no"
    abstain = "abstain"
    absent = "absent"  # present in the Council but not voting, or absent


class ResolutionModality(StrEnum):
    """How the Council adopted a resolution (the Digital Library's ``modality``)."""

    voted = "voted"  # a recorded vote
    without_vote = "without_vote"  # adopted without a vote (by consensus)


class Metric(StrEnum):
    """What an observation measures. Personnel metrics count people; money metrics
    count currency; ``cost_estimate`` is usually per year (see the unit)."""

    personnel_planned = "personnel_planned"
    personnel_authorized = "personnel_authorized"
    personnel_pledged = "personnel_pledged"
    personnel_deployed = "personnel_deployed"
    funding_pledged = "funding_pledged"
    funding_deposited = "funding_deposited"
    funding_spent = "funding_spent"
    funding_frozen = "funding_frozen"
    cost_estimate = "cost_estimate"
    equipment_pledged = "equipment_pledged"


class Unit(StrEnum):
    persons = "persons"
    usd = "usd"
    cad = "cad"
    usd_per_year = "usd_per_year"
    aircraft = "aircraft"


class Confidence(StrEnum):
    """How far a figure can be trusted: ``confirmed`` by an official or primary source,
    ``reported`` by the press only, ``disputed`` where sources conflict or nothing
    confirms it."""

    confirmed = "confirmed"
    reported = "reported"
    disputed = "disputed"


class DatePrecision(StrEnum):
    """How much of an event's date is known; the date is the first day of the period."""

    day = "day"
    month = "month"
    year = "year"


class EventKind(StrEnum):
    resolution_adopted = "resolution_adopted"
    deployment = "deployment"
    arrival = "arrival"
    pledge = "pledge"
    funding = "funding"
    negotiation = "negotiation"
    statement = "statement"
    meeting = "meeting"
    appointment = "appointment"
    transition = "transition"
    violence = "violence"
    withdrawal = "withdrawal"
    other = "other"


class ActorRole(StrEnum):
    lead_nation = "lead_nation"
    penholder = "penholder"
    sponsor = "sponsor"
    contributor = "contributor"
    donor = "donor"
    host = "host"
    council_member = "council_member"
    participant = "participant"


class Stance(StrEnum):
    support = "support"
    oppose = "oppose"
    abstain = "abstain"
    neutral = "neutral"


class KeyScope(StrEnum):
    """What an API key may do: ``read`` (reads are public anyway; a named key gets its own
    rate budget) or ``curate`` (create, update and delete records)."""

    read = "read"
    curate = "curate"


class RevisionAction(StrEnum):
    create = "create"
    update = "update"
    delete = "delete"
