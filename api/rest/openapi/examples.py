"""One example record per resource, from the Haiti dataset, for the OpenAPI contract."""

from __future__ import annotations

from typing import Any

from api.query.resources import RESOURCES
from api.research.citation import LICENSES, dataset_citation
from api.research.rules import CONTRIBUTION_RULES, FIGURE_RULES, SERIES_RULES
from api.research.shapes import wire

__all__ = [
    "CONTRIBUTIONS_EXAMPLE",
    "CREATED_IDS",
    "CREATE_EXAMPLES",
    "EXAMPLES",
    "EXAMPLE_IDS",
    "EXAMPLE_VERSION",
    "META_EXAMPLE",
    "PATCH_EXAMPLES",
    "SERIES_EXAMPLE",
    "SNAPSHOT_EXAMPLE",
]

EXAMPLE_VERSION = "10ac27543797b759e74e19785bab2ba7"

_SOURCE = {
    "id": "un-press-sc-15432",
    "title": "Security Council authorizes Multinational Security Support mission for Haiti",
    "publisher": "United Nations",
    "url": "https://press.un.org/en/2023/sc15432.doc.htm",
    "symbol": "SC/15432",
    "published_on": "2023-10-02",
    "published_precision": "day",
    "kind": "official",
    "note": None,
}

EXAMPLES: dict[str, dict[str, Any]] = {
    "missions": {
        "id": "mss-haiti",
        "name": "Multinational Security Support mission",
        "acronym": "MSS",
        "kind": "un_authorized_multinational",
        "host_country": "HTI",
        "lead": "kenya",
        "authorized_by": "un_security_council",
        "chapter_vii": True,
        "funding_model": "voluntary",
        "status": "transformed",
        "start_date": "2024-06-25",
        "end_date": "2025-09-30",
        "predecessor": None,
        "successor": "gang-suppression-force",
        "summary": "Kenya-led mission supporting the Haitian National Police against armed gangs.",
    },
    "resolutions": {
        "id": "s-res-2699-2023",
        "symbol": "S/RES/2699 (2023)",
        "adopted_on": "2023-10-02",
        "meeting": 9430,
        "draft": None,
        "agenda": "The question concerning Haiti",
        "subjects": [],
        "modality": "voted",
        "votes_for": 13,
        "votes_against": 0,
        "abstentions": 2,
        "non_voting": 0,
        "penholders": ["united-states", "ecuador"],
        "undl_record": None,
    },
    "mandates": {
        "id": "s-res-2699-2023",
        "mission": "mss-haiti",
        "resolution": "s-res-2699-2023",
        "symbol": "S/RES/2699 (2023)",
        "body": "un_security_council",
        "adopted_on": "2023-10-02",
        "action": "establish",
        "effective_from": "2023-10-02",
        "expires_on": "2024-10-02",
        "ceiling_military": None,
        "ceiling_police": None,
        "ceiling_civilian": None,
        "ceiling_total": None,
        "votes_for": 13,
        "votes_against": 0,
        "abstentions": 2,
        "meeting": 9430,
        "penholders": ["united-states", "ecuador"],
    },
    "contributors": {"id": "kenya", "name": "Kenya", "kind": "state", "iso3": "KEN", "region": "Africa"},
    "observations": {
        "id": "mss-planned-2024-09-29-article",
        "mission": "mss-haiti",
        "contributor": None,
        "metric": "personnel_planned",
        "value": 2500,
        "unit": "persons",
        "as_of": "2024-09-29",
        "confidence": "reported",
        "note": None,
        "increment": False,
    },
    "events": {
        "id": "2024-06-25-first-kenyan-contingent-arrives",
        "date": "2024-06-25",
        "date_precision": "day",
        "kind": "arrival",
        "title": "First Kenyan contingent arrives in Port-au-Prince",
        "summary": None,
        "mission": "mss-haiti",
        "mandate": None,
        "location": "Port-au-Prince, Haiti",
    },
    "sources": _SOURCE,
    "votes": {"resolution": "s-res-2699-2023", "member": "china", "vote": "abstain"},
}

EXAMPLE_IDS = {name: example.get("id") for name, example in EXAMPLES.items()}

# -- the write operations ------------------------------------------------------------
# Each create example is a body the server accepts on the seeded dataset: the read
# example without its server-set and copied fields, or, where that record's identity is
# unique (a resolution's symbol) or a second one would be odd, another real record.
# CREATED_IDS are the ids the server gives them, which the delete examples name: the
# seeded records are all still cited, so deleting the record just created is what can
# succeed. PATCH_EXAMPLES change one writable field of the read example.
_CITES = ["un-press-sc-15432"]

CREATE_EXAMPLES: dict[str, dict[str, Any]] = {
    "missions": {**{k: v for k, v in EXAMPLES["missions"].items() if k != "id"}, "sources": _CITES},
    "resolutions": {
        "symbol": "S/RES/2719 (2023)",
        "adopted_on": "2023-12-21",
        "meeting": None,
        "draft": None,
        "agenda": "Peace and security in Africa",
        "subjects": [],
        "modality": "voted",
        "votes_for": 15,
        "votes_against": 0,
        "abstentions": 0,
        "non_voting": 0,
        "penholders": [],
        "undl_record": None,
        "sources": _CITES,
    },
    "mandates": {
        k: v
        for k, v in {**EXAMPLES["mandates"], "sources": _CITES}.items()
        if k not in ("id", "votes_for", "votes_against", "abstentions", "meeting", "penholders")
    },
    "contributors": {
        "name": "Suriname",
        "kind": "state",
        "iso3": "SUR",
        "region": "Americas",
        "sources": _CITES,
    },
    "observations": {**{k: v for k, v in EXAMPLES["observations"].items() if k != "id"}, "sources": _CITES},
    "events": {**{k: v for k, v in EXAMPLES["events"].items() if k != "id"}, "sources": _CITES},
    "sources": {k: v for k, v in _SOURCE.items() if k != "id"},
}

CREATED_IDS = {
    "missions": "mss",
    "resolutions": "s-res-2719-2023",
    "mandates": "s-res-2699-2023-2",
    "contributors": "suriname",
    "observations": "mss-haiti-personnel-planned-all-2024-09-29",
    "events": "2024-06-25-first-kenyan-contingent-arrives-in-port-au-prince",
    "sources": "united-nations-2023-10-02-security-council-authorizes-multinational-security-support-mission",
}

PATCH_EXAMPLES: dict[str, dict[str, Any]] = {
    "missions": {"summary": "Kenya-led mission supporting the Haitian National Police against armed gangs."},
    "resolutions": {"agenda": "The question concerning Haiti"},
    "mandates": {"expires_on": "2024-10-02"},
    "contributors": {"region": "Africa"},
    "observations": {"note": "Up to 2,500 security personnel planned; reported in late September 2024."},
    "events": {"location": "Port-au-Prince, Haiti"},
    "sources": {"note": "The Council's press release on the adoption of resolution 2699 (2023)."},
}

# -- the research operations --------------------------------------------------------

_FIGURE_EXAMPLE = {
    "metric": "personnel_deployed",
    "value": 430,
    "low": 430,
    "high": 430,
    "unit": "persons",
    "as_of": "2024-11-01",
    "agreed": True,
    "basis": "mission",
    "reports": [],
}

SNAPSHOT_EXAMPLE = {
    "mission": "mss-haiti",
    "as_of": "2024-11-15",
    "status": "active",
    "mandate": None,
    "mandate_note": None,
    "days_to_expiry": 321,
    "figures": [_FIGURE_EXAMPLE],
    "rules": FIGURE_RULES,
    "dataset_version": EXAMPLE_VERSION,
}


META_EXAMPLE = {
    "dataset_version": EXAMPLE_VERSION,
    "counts": {name: 1 for name in RESOURCES},
    "licenses": LICENSES,
    "citation": wire(
        dataset_citation(EXAMPLE_VERSION, year=2026, url="https://peaceops.example.org/v1/meta")
    ),
}


_GAP_EXAMPLE = {"value": 2000, "low": 2000, "high": 2000, "unit": "persons"}
CONTRIBUTIONS_EXAMPLE = {
    "mission": "mss-haiti",
    "as_of": "2025-06-01",
    "contributors": [
        {
            "contributor": "benin",
            "personnel": [
                {
                    "unit": "persons",
                    "delivered_metric": "personnel_deployed",
                    "pledged": {
                        **_FIGURE_EXAMPLE,
                        "metric": "personnel_pledged",
                        **_GAP_EXAMPLE,
                        "basis": None,
                    },
                    "delivered": None,
                    "gap": _GAP_EXAMPLE,
                    "note": "no personnel_deployed report: counted as none delivered",
                }
            ],
            "funding": [],
        }
    ],
    "funding": {
        "cost_estimate": None,
        "pledged": None,
        "deposited": None,
        "gap_pledged": None,
        "gap_deposited": None,
        "note": "The cost estimate is per year; the gaps compare it with the US dollars pledged and "
        "deposited to date.",
    },
    "rules": CONTRIBUTION_RULES,
    "dataset_version": EXAMPLE_VERSION,
}


SERIES_EXAMPLE: dict[str, Any] = {
    "mission": "mss-haiti",
    "metric": "personnel_deployed",
    "contributor": None,
    "as_of": None,
    "points": [
        {
            "date": "2024-06-25",
            "value": None,
            "unit": "persons",
            "level": {"value": None, "low": 200, "high": 400, "unit": "persons"},
            "basis": "contributors",
            "confidence": "disputed",
            "increment": False,
            "note": "No mission-wide report yet: the sum of the contributors' own figures (kenya 200 "
            "to 400).",
            "observation": None,
            "observations": ["mss-deployed-ken-2024-06-25-alterpresse", "mss-deployed-ken-2024-06-25-ap"],
            "sources": [],
        },
        {
            "date": "2024-11-01",
            "value": 430,
            "unit": "persons",
            "level": {"value": 430, "low": 430, "high": 430, "unit": "persons"},
            "basis": "mission",
            "confidence": "reported",
            "increment": False,
            "note": "About 430; November 2024 (month only).",
            "observation": "mss-deployed-2024-11-haitichronicle",
            "observations": ["mss-deployed-2024-11-haitichronicle"],
            "sources": [],
        },
    ],
    "reference_lines": [
        {
            "kind": "personnel_planned",
            "value": 2500,
            "low": 2500,
            "high": 2500,
            "unit": "persons",
            "valid_from": "2024-07-03",
            "valid_to": None,
            "mandate": None,
            "observation": "mss-planned-2024-07-03-ap",
            "mandates": [],
            "observations": ["mss-planned-2024-07-03-ap", "mss-planned-2024-09-29-article"],
            "sources": [],
        }
    ],
    "rules": SERIES_RULES,
    "dataset_version": EXAMPLE_VERSION,
}
