"""Generate a large, realistic peaceops SQLite database for benchmarks.

    python bench/generate.py --events 1000000 --observations 100000 --out /tmp/bench.db

The schema is the real one: the file is created by running the Alembic migrations
(``api.db.migrate.upgrade``) on an empty database. Rows are then bulk-inserted with the
``sqlite3`` module (no ORM): secondary indexes and the triggers are dropped during the
load and rebuilt afterwards, the FTS5 index is rebuilt in one pass, each row's stored
JSON object (migration 0007) is written by one UPDATE a table, and ``ANALYZE`` runs at
the end. The output is deterministic for a given ``--seed``.

The result is servable as is: ``PEACEOPS_DATABASE_URL=sqlite:///PATH peaceops serve``
(the migrations are a no-op and, missions being present, the seed is not loaded).

``--database-url postgresql+psycopg://...`` loads the same rows into a throw-away
PostgreSQL database instead (by COPY; ``generate_postgres.py``).
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import os
import random
import re
import sqlite3
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import accumulate, pairwise
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

T = TypeVar("T")
TODAY = dt.date(2026, 11, 28)  # fixed, so the output does not depend on the clock
FIRST_YEAR = 1948
_D0 = dt.date(1945, 1, 1).toordinal()
_D1 = dt.date(2029, 12, 31).toordinal()
ISO = [dt.date.fromordinal(o).isoformat() for o in range(_D0, _D1 + 1)]


def iso(ordinal: int) -> str:
    return ISO[ordinal - _D0]


def ordinal(year: int, month: int = 1, day: int = 1) -> int:
    return dt.date(year, month, day).toordinal()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


# --- reference data -----------------------------------------------------------------------

# ISO3|name|UN geoscheme continent. Permanent Council members first.
STATES = """
CHN|China|Asia
FRA|France|Europe
RUS|Russian Federation|Europe
GBR|United Kingdom|Europe
USA|United States|Americas
DZA|Algeria|Africa
AGO|Angola|Africa
BEN|Benin|Africa
BWA|Botswana|Africa
BFA|Burkina Faso|Africa
BDI|Burundi|Africa
CPV|Cabo Verde|Africa
CMR|Cameroon|Africa
CAF|Central African Republic|Africa
TCD|Chad|Africa
COM|Comoros|Africa
COG|Congo|Africa
CIV|Cote d'Ivoire|Africa
COD|Democratic Republic of the Congo|Africa
DJI|Djibouti|Africa
EGY|Egypt|Africa
GNQ|Equatorial Guinea|Africa
ERI|Eritrea|Africa
SWZ|Eswatini|Africa
ETH|Ethiopia|Africa
GAB|Gabon|Africa
GMB|Gambia|Africa
GHA|Ghana|Africa
GIN|Guinea|Africa
GNB|Guinea-Bissau|Africa
KEN|Kenya|Africa
LSO|Lesotho|Africa
LBR|Liberia|Africa
LBY|Libya|Africa
MDG|Madagascar|Africa
MWI|Malawi|Africa
MLI|Mali|Africa
MRT|Mauritania|Africa
MUS|Mauritius|Africa
MAR|Morocco|Africa
MOZ|Mozambique|Africa
NAM|Namibia|Africa
NER|Niger|Africa
NGA|Nigeria|Africa
RWA|Rwanda|Africa
STP|Sao Tome and Principe|Africa
SEN|Senegal|Africa
SYC|Seychelles|Africa
SLE|Sierra Leone|Africa
SOM|Somalia|Africa
ZAF|South Africa|Africa
SSD|South Sudan|Africa
SDN|Sudan|Africa
TZA|United Republic of Tanzania|Africa
TGO|Togo|Africa
TUN|Tunisia|Africa
UGA|Uganda|Africa
ZMB|Zambia|Africa
ZWE|Zimbabwe|Africa
ATG|Antigua and Barbuda|Americas
ARG|Argentina|Americas
BHS|Bahamas|Americas
BRB|Barbados|Americas
BLZ|Belize|Americas
BOL|Bolivia|Americas
BRA|Brazil|Americas
CAN|Canada|Americas
CHL|Chile|Americas
COL|Colombia|Americas
CRI|Costa Rica|Americas
CUB|Cuba|Americas
DMA|Dominica|Americas
DOM|Dominican Republic|Americas
ECU|Ecuador|Americas
SLV|El Salvador|Americas
GRD|Grenada|Americas
GTM|Guatemala|Americas
GUY|Guyana|Americas
HTI|Haiti|Americas
HND|Honduras|Americas
JAM|Jamaica|Americas
MEX|Mexico|Americas
NIC|Nicaragua|Americas
PAN|Panama|Americas
PRY|Paraguay|Americas
PER|Peru|Americas
KNA|Saint Kitts and Nevis|Americas
LCA|Saint Lucia|Americas
VCT|Saint Vincent and the Grenadines|Americas
SUR|Suriname|Americas
TTO|Trinidad and Tobago|Americas
URY|Uruguay|Americas
VEN|Venezuela|Americas
AFG|Afghanistan|Asia
ARM|Armenia|Asia
AZE|Azerbaijan|Asia
BHR|Bahrain|Asia
BGD|Bangladesh|Asia
BTN|Bhutan|Asia
BRN|Brunei Darussalam|Asia
KHM|Cambodia|Asia
CYP|Cyprus|Asia
GEO|Georgia|Asia
IND|India|Asia
IDN|Indonesia|Asia
IRN|Iran|Asia
IRQ|Iraq|Asia
ISR|Israel|Asia
JPN|Japan|Asia
JOR|Jordan|Asia
KAZ|Kazakhstan|Asia
KWT|Kuwait|Asia
KGZ|Kyrgyzstan|Asia
LAO|Lao People's Democratic Republic|Asia
LBN|Lebanon|Asia
MYS|Malaysia|Asia
MDV|Maldives|Asia
MNG|Mongolia|Asia
MMR|Myanmar|Asia
NPL|Nepal|Asia
PRK|Democratic People's Republic of Korea|Asia
OMN|Oman|Asia
PAK|Pakistan|Asia
PHL|Philippines|Asia
QAT|Qatar|Asia
KOR|Republic of Korea|Asia
SAU|Saudi Arabia|Asia
SGP|Singapore|Asia
LKA|Sri Lanka|Asia
SYR|Syrian Arab Republic|Asia
TJK|Tajikistan|Asia
THA|Thailand|Asia
TLS|Timor-Leste|Asia
TUR|Turkiye|Asia
TKM|Turkmenistan|Asia
ARE|United Arab Emirates|Asia
UZB|Uzbekistan|Asia
VNM|Viet Nam|Asia
YEM|Yemen|Asia
ALB|Albania|Europe
AUT|Austria|Europe
BLR|Belarus|Europe
BEL|Belgium|Europe
BIH|Bosnia and Herzegovina|Europe
BGR|Bulgaria|Europe
HRV|Croatia|Europe
CZE|Czechia|Europe
DNK|Denmark|Europe
EST|Estonia|Europe
FIN|Finland|Europe
DEU|Germany|Europe
GRC|Greece|Europe
HUN|Hungary|Europe
ISL|Iceland|Europe
IRL|Ireland|Europe
ITA|Italy|Europe
LVA|Latvia|Europe
LTU|Lithuania|Europe
LUX|Luxembourg|Europe
MLT|Malta|Europe
MNE|Montenegro|Europe
NLD|Netherlands|Europe
MKD|North Macedonia|Europe
NOR|Norway|Europe
POL|Poland|Europe
PRT|Portugal|Europe
MDA|Republic of Moldova|Europe
ROU|Romania|Europe
SRB|Serbia|Europe
SVK|Slovakia|Europe
SVN|Slovenia|Europe
ESP|Spain|Europe
SWE|Sweden|Europe
CHE|Switzerland|Europe
UKR|Ukraine|Europe
AUS|Australia|Oceania
FJI|Fiji|Oceania
NZL|New Zealand|Oceania
PNG|Papua New Guinea|Oceania
WSM|Samoa|Oceania
SLB|Solomon Islands|Oceania
TON|Tonga|Oceania
VUT|Vanuatu|Oceania
AND|Andorra|Europe
LIE|Liechtenstein|Europe
MCO|Monaco|Europe
SMR|San Marino|Europe
KIR|Kiribati|Oceania
MHL|Marshall Islands|Oceania
FSM|Micronesia|Oceania
NRU|Nauru|Oceania
PLW|Palau|Oceania
TUV|Tuvalu|Oceania
"""

# name|abbreviation|kind
ORGANIZATIONS = """
United Nations|UN|international_organization
African Union|AU|regional_organization
European Union|EU|regional_organization
Organization of American States|OAS|regional_organization
Caribbean Community|CARICOM|regional_organization
Economic Community of West African States|ECOWAS|regional_organization
North Atlantic Treaty Organization|NATO|regional_organization
Organization for Security and Co-operation in Europe|OSCE|regional_organization
Intergovernmental Authority on Development|IGAD|regional_organization
Southern African Development Community|SADC|regional_organization
Economic Community of Central African States|ECCAS|regional_organization
League of Arab States|LAS|regional_organization
Pacific Islands Forum|PIF|regional_organization
World Bank|WB|international_organization
Multinational coalition partners|MCP|other
"""

REGIONAL_ORGS = {  # where each organization deploys
    "African Union": ("Africa",),
    "European Union": ("Africa", "Europe", "Asia"),
    "Organization of American States": ("Americas",),
    "Caribbean Community": ("Americas",),
    "Economic Community of West African States": ("Africa",),
    "North Atlantic Treaty Organization": ("Europe", "Asia"),
    "Organization for Security and Co-operation in Europe": ("Europe", "Asia"),
    "Intergovernmental Authority on Development": ("Africa",),
    "Southern African Development Community": ("Africa",),
    "Economic Community of Central African States": ("Africa",),
    "League of Arab States": ("Asia", "Africa"),
    "Pacific Islands Forum": ("Oceania",),
}

P5 = ["china", "france", "russian-federation", "united-kingdom", "united-states"]
P3 = ["france", "united-kingdom", "united-states"]

CITIES = (
    "Port-au-Prince Cap-Haitien Gonaives Goma Bunia Beni Bukavu Kisangani Juba Malakal Bor "
    "Wau Bentiu Bamako Gao Timbuktu Kidal Mopti Mogadishu Kismayo Baidoa Beledweyne Bangui "
    "Bria Bambari Kaga-Bandoro Abyei Kadugli El-Fasher Nyala Geneina Monrovia Gbarnga "
    "Freetown Bo Kenema Abidjan Bouake Man Korhogo Dili Baucau Kabul Kandahar Herat "
    "Mazar-i-Sharif Kunduz Pristina Mitrovica Prizren Sarajevo Mostar Tuzla Srebrenica "
    "Nicosia Famagusta Naqoura Tyre Sidon Marjayoun Golan Quneitra Jerusalem Tripoli "
    "Benghazi Misrata Sirte Sabha Baghdad Erbil Basra Mosul Kirkuk Aden Hodeidah Taiz "
    "Sanaa Marib Kinshasa Kananga Kalemie Uvira Bujumbura Gitega Kigali Maputo Pemba "
    "Beira Luanda Huambo Windhoek Asmara Massawa Addis-Ababa Mekelle Gondar Nairobi "
    "Mombasa Garissa Kampala Gulu Khartoum Kassala Port-Sudan Ndjamena Abeche Niamey "
    "Agadez Ouagadougou Djibo Nouakchott Dakar Ziguinchor Conakry Bissau Lome Cotonou "
    "Tegucigalpa Managua Guatemala-City San-Salvador Bogota Medellin Cali Caracas "
    "Phnom-Penh Battambang Siem-Reap Colombo Jaffna Trincomalee Kathmandu Tbilisi "
    "Sukhumi Tskhinvali Yerevan Stepanakert Chisinau Tiraspol Skopje Tetovo Tirana "
    "Honiara Port-Moresby Bougainville Suva Freetown-Port Yaounde Bamenda Maroua"
).split()

PUBLISHERS = [
    ("United Nations", "official", "https://press.un.org/en"),
    ("UN Secretary-General", "official", "https://www.un.org/sg"),
    ("UN Department of Peace Operations", "official", "https://peacekeeping.un.org"),
    ("Security Council Report", "official", "https://www.securitycouncilreport.org"),
    ("African Union Peace and Security Council", "official", "https://www.peaceau.org"),
    ("European External Action Service", "official", "https://www.eeas.europa.eu"),
    ("Ministry of Foreign Affairs", "official", "https://mfa.example.gov"),
    ("Reuters", "press", "https://www.reuters.com"),
    ("Associated Press", "press", "https://apnews.com"),
    ("Agence France-Presse", "press", "https://www.afp.com"),
    ("BBC News", "press", "https://www.bbc.com/news"),
    ("Al Jazeera", "press", "https://www.aljazeera.com"),
    ("The New Humanitarian", "press", "https://www.thenewhumanitarian.org"),
    ("Xinhua", "press", "https://english.news.cn"),
    ("EFE", "press", "https://www.efe.com"),
    ("Le Monde", "press", "https://www.lemonde.fr"),
    ("Daily Nation", "press", "https://nation.africa"),
    ("Radio Okapi", "press", "https://www.radiookapi.net"),
    ("ACLED", "dataset", "https://acleddata.com"),
    ("SIPRI Multilateral Peace Operations Database", "dataset", "https://www.sipri.org"),
    ("IPI Peacekeeping Database", "dataset", "https://www.ipinst.org"),
    ("UN Peacekeeping Open Data", "dataset", "https://psdata.un.org"),
    ("International Crisis Group", "academic", "https://www.crisisgroup.org"),
    ("International Peace Institute", "academic", "https://www.ipinst.org"),
    ("Journal of Peace Research", "academic", "https://journals.sagepub.com/home/jpr"),
    ("International Peacekeeping", "academic", "https://www.tandfonline.com"),
    ("Stimson Center", "academic", "https://www.stimson.org"),
    ("Chatham House", "academic", "https://www.chathamhouse.org"),
]

TOPICS = [
    "the protection of civilians", "security sector reform", "the electoral calendar",
    "disarmament, demobilization and reintegration", "humanitarian access",
    "the ceasefire agreement", "border security", "the rule of law", "police training",
    "the political transition", "the peace agreement", "gang violence", "sexual violence",
    "the return of displaced persons", "mission drawdown", "the mandate renewal",
    "troop rotations", "logistics and supply", "the trust fund", "human rights monitoring",
    "the national dialogue", "mine clearance", "the detention of prisoners",
    "cholera response", "the status-of-forces agreement", "air support", "the budget",
    "the arms embargo", "sanctions", "judicial reform", "local elections",
    "the constitutional referendum", "prison security", "maritime security",
    "the withdrawal timetable", "community violence reduction", "child soldiers",
    "food insecurity", "the buffer zone", "the demarcation line",
]

ADJECTIVES = (
    "fragile renewed heavy sporadic coordinated limited urgent gradual sustained "
    "unprecedented significant modest temporary joint national regional international "
    "armed civilian logistical political financial humanitarian volatile tense calm "
    "violent peaceful contested disputed delayed additional initial final interim"
).split()

# Frequency spread: a Zipf-like draw over this list makes the first words common and the
# last ones rare, so q= searches hit from a few hundred to a few hundred thousand rows.
VOCABULARY = (
    "security forces mission council government police troops patrol ceasefire violence "
    "civilians support operation agreement elections militia checkpoint displacement "
    "humanitarian convoy rebels attack protection reform stabilization monitoring talks "
    "contingent funding deployment withdrawal sanctions observers refugees camp airport "
    "border clashes curfew negotiations transition parliament ministry prisoners hostages "
    "barracks helicopter airlift logistics equipment vehicles ammunition weapons "
    "disarmament demobilization reintegration amnesty tribunal inquiry investigation "
    "accountability corruption smuggling trafficking kidnapping extortion blockade "
    "roadblock evacuation shelter famine drought flooding cholera epidemic vaccination "
    "hospital clinic school market harbour port bridge highway pipeline mining "
    "diamonds gold oil timber cattle pastoralists farmers fishermen students journalists "
    "clergy chiefs elders mediators envoys facilitators guarantors signatories "
    "memorandum communique declaration roadmap framework benchmark timetable drawdown "
    "rotation handover reconfiguration consolidation peacebuilding reconciliation "
    "truth commission reparations exhumation landmines ordnance demining cantonment "
    "quartering registration census referendum ballot tally recount inauguration "
    "coup mutiny insurgency jihadists warlords gangs vigilantes mercenaries "
    "peacekeepers casualties fatalities ambush sniper mortar rocket drone airstrike "
    "bombardment shelling looting arson massacre atrocities abductions detention "
    "torture impunity verdict indictment extradition asylum repatriation resettlement "
    "reconstruction electrification irrigation livelihoods microfinance remittances "
    "cassava sorghum plantain coffee cocoa vanilla cobalt coltan bauxite uranium "
    "monsoon cyclone earthquake landslide locusts ebola measles dysentery malaria "
    "quarantine triage ambulance morgue orphanage chaplain interpreter cartographer "
    "hydrographer quartermaster paymaster armourer farrier veterinarian"
).split()

PLEDGES = ["troops", "police officers", "funding", "aircraft", "equipment", "medical staff"]
STATEMENT_VERBS = ["welcomes", "condemns", "questions", "supports", "criticizes"]
REPORT_VERBS = ["reported", "announced", "confirmed", "described"]
VIOLENCE = ["Clashes", "Attack", "Ambush", "Shelling", "Unrest", "Riots"]

PERSON_TITLES = [
    "Special Representative", "Force Commander", "Police Commissioner", "Deputy Special Representative",
    "Head of Mission", "Chief of Staff", "Special Envoy", "Resident Coordinator",
]

EVENT_KINDS = [  # (kind, weight)
    ("resolution_adopted", 3), ("deployment", 8), ("arrival", 6), ("pledge", 8),
    ("funding", 7), ("negotiation", 8), ("statement", 16), ("meeting", 14),
    ("appointment", 4), ("transition", 3), ("violence", 14), ("withdrawal", 3), ("other", 6),
]
ROLES = [("contributor", 30), ("donor", 15), ("sponsor", 8), ("penholder", 5),
         ("council_member", 12), ("participant", 30)]
STANCES = [("support", 50), ("neutral", 30), ("abstain", 8), ("oppose", 12)]
METRICS = {  # metric: (units, low, high)
    "personnel_planned": (("persons",), 100, 25000),
    "personnel_authorized": (("persons",), 100, 25000),
    "personnel_pledged": (("persons",), 10, 5000),
    "personnel_deployed": (("persons",), 10, 20000),
    "funding_pledged": (("usd", "usd", "cad"), 1e5, 5e8),
    "funding_deposited": (("usd", "usd", "cad"), 1e5, 3e8),
    "funding_spent": (("usd",), 1e5, 3e8),
    "funding_frozen": (("usd",), 1e5, 5e7),
    "cost_estimate": (("usd_per_year",), 1e7, 2e9),
    "equipment_pledged": (("aircraft",), 1, 40),
}


def _cum(weights: list[float]) -> list[float]:
    return list(accumulate(weights))


# --- the model in memory ------------------------------------------------------------------


@dataclass
class Contributor:
    id: str
    name: str
    kind: str
    iso3: str | None
    region: str | None


@dataclass
class Mission:
    id: str
    name: str
    acronym: str
    kind: str
    host: Contributor
    lead: str | None
    authorized_by: str
    chapter_vii: int
    funding_model: str
    status: str
    start: int  # ordinal
    end: int | None
    summary: str
    predecessor: str | None = None
    successor: str | None = None
    mandates: list[tuple[int, str]] = field(default_factory=list)  # (adopted ordinal, id)
    pool: list[str] = field(default_factory=list)  # contributors involved
    locations: list[str] = field(default_factory=list)

    def window(self) -> tuple[int, int]:
        """The days events fall on: the mission's life, up to today."""
        if self.status == "planned":
            return TODAY.toordinal() - 400, TODAY.toordinal()
        lo = self.start
        hi = min(self.end if self.end is not None else TODAY.toordinal(), TODAY.toordinal())
        return lo, max(lo, hi)


class Generator:
    def __init__(self, seed: int, n_missions: int, n_contributors: int, n_sources: int) -> None:
        self.rng = random.Random(seed)
        self.contributors = self._contributors(n_contributors)
        self.by_id = {c.id: c for c in self.contributors}
        self.states = [c for c in self.contributors if c.kind == "state"]
        self.sources = self._sources(n_sources)
        self.council = self._council()
        self.missions = self._missions(n_missions)
        self.mandates, self.resolutions, self.votes = self._mandates()

    # contributors ---------------------------------------------------------------------------

    def _contributors(self, n: int) -> list[Contributor]:
        states = [line.split("|") for line in STATES.strip().splitlines()]
        orgs = [line.split("|") for line in ORGANIZATIONS.strip().splitlines()]
        out = [Contributor(slug(name), name, "state", code, region) for code, name, region in states[:5]]
        out += [Contributor(slug(name), name, kind, None, None) for name, _abbr, kind in orgs]
        out += [Contributor(slug(name), name, "state", code, region) for code, name, region in states[5:]]
        i = 0
        while len(out) < n:  # more than the real list: synthetic states with ISO3-like codes
            i += 1
            a, b = divmod(i, 26)
            code = "X" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[a % 26] + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[b]
            name = f"Federated State {i}"
            out.append(Contributor(slug(name), name, "state", code,
                                   self.rng.choice(["Africa", "Americas", "Asia", "Europe", "Oceania"])))
        return out[:n]

    # sources --------------------------------------------------------------------------------

    def _sources(self, n: int) -> list[tuple[str, str, str, str | None, str, str]]:
        rng = self.rng
        out = []
        lo, hi = ordinal(FIRST_YEAR), TODAY.toordinal()
        for i in range(n):
            publisher, kind, base = PUBLISHERS[min(int(rng.paretovariate(0.9)) - 1, len(PUBLISHERS) - 1)
                                               if rng.random() < 0.5 else rng.randrange(len(PUBLISHERS))]
            # later years are better documented
            day = hi - int((hi - lo) * (rng.random() ** 2.2))
            year = iso(day)[:4]
            country = rng.choice(self.states).name
            topic = rng.choice(TOPICS)
            if kind == "official":
                title = rng.choice([
                    f"Report of the Secretary-General on the situation in {country}",
                    f"Security Council press statement on {country}",
                    f"Letter dated {iso(day)} on {topic} in {country}",
                    f"Communique on {topic} in {country}",
                ])
            elif kind == "press":
                title = rng.choice([
                    f"{country}: talks on {topic} stall",
                    f"Peacekeepers in {country} face questions over {topic}",
                    f"{country} asks partners for help with {topic}",
                    f"Violence flares in {country} as {topic} falters",
                    f"Donors pledge support for {topic} in {country}",
                ])
            elif kind == "dataset":
                title = f"{publisher}: records for {country}, {year}"
            else:
                title = rng.choice([
                    f"{topic.capitalize()} and peace operations in {country}",
                    f"Lessons from {country}: {topic}",
                    f"Assessing the effectiveness of {topic} in {country}",
                ])
            sid = f"{slug(publisher)[:24].strip('-')}-{year}-{i:05d}"
            url = f"{base}/{year}/{sid}" if rng.random() < 0.85 else None
            out.append((sid, title, publisher, url, iso(day), kind))
        return out

    # Security Council membership --------------------------------------------------------------

    def _council(self) -> dict[int, list[str]]:
        rng = self.rng
        electable = [c.id for c in self.states if c.id not in P5]
        seats: dict[int, list[str]] = {}
        sitting: list[tuple[str, int]] = []  # (member, last year)
        for year in range(1946, TODAY.year + 1):
            sitting = [(m, last) for m, last in sitting if last >= year]
            busy = {m for m, _ in sitting}
            while len(sitting) < 10:
                m = rng.choice(electable)
                if m not in busy:
                    busy.add(m)
                    term = 1 if year == 1946 and len(sitting) < 5 else 2
                    sitting.append((m, year + term - 1))
            seats[year] = P5 + [m for m, _ in sitting]
        return seats

    # missions -------------------------------------------------------------------------------

    def _missions(self, n: int) -> list[Mission]:
        rng = self.rng
        by_region: dict[str, list[Contributor]] = {}
        for c in self.states:
            if c.id not in P5:
                by_region.setdefault(c.region or "Africa", []).append(c)
        hosts: list[Contributor] = []
        for region, share in (("Africa", 24), ("Americas", 8), ("Asia", 10), ("Europe", 6), ("Oceania", 2)):
            pool = by_region.get(region, [])
            hosts += rng.sample(pool, min(share, len(pool)))
        host_weights = _cum([1 / (i + 1) ** 0.6 for i in range(len(hosts))])
        orgs = {c.name: c for c in self.contributors if c.kind != "state"}
        regional_orgs = [c for c in self.contributors if c.kind == "regional_organization"]
        un = orgs.get("United Nations")
        kinds = [("un_peacekeeping", 40), ("un_political_mission", 20),
                 ("un_authorized_multinational", 15), ("regional", 15), ("ad_hoc", 10)]
        kind_cw = _cum([w for _, w in kinds])
        today = TODAY.toordinal()
        missions: list[Mission] = []
        names: set[str] = set()
        acronyms: set[str] = set()
        for _ in range(n):
            kind = rng.choices([k for k, _ in kinds], cum_weights=kind_cw)[0]
            lead: str | None
            host = rng.choices(hosts, cum_weights=host_weights)[0]
            r = rng.random()
            if r < 0.04:
                start = today + rng.randint(30, 365)  # planned
            elif r < 0.20:
                start = rng.randint(ordinal(FIRST_YEAR), ordinal(1988, 12, 31))
            else:
                start = rng.randint(ordinal(1989), today - 30)
            years = max(0.25, rng.lognormvariate(1.3, 0.8))  # median ~3.7 years
            end: int | None = start + int(years * 365.25)
            if start > today:
                status, end = "planned", None
            elif end is not None and end >= today:
                status, end = "active", None
            else:
                status = "completed"
            if kind == "un_peacekeeping":
                noun = rng.choice(["Stabilization Mission", "Peacekeeping Force", "Observer Mission",
                                   "Interim Force", "Emergency Force", "Mission", "Operation",
                                   "Integrated Stabilization Mission", "Truce Supervision Mission"])
                name = f"United Nations {noun} in {host.name}"
                lead = un.id if un and rng.random() < 0.7 else rng.choice(self.states).id
                body, funding = "un_security_council", "assessed"
            elif kind == "un_political_mission":
                noun = rng.choice(["Assistance Mission", "Integrated Office", "Political Office",
                                   "Verification Mission", "Support Mission", "Peacebuilding Office"])
                name = f"United Nations {noun} in {host.name}"
                lead = un.id if un else None
                body = "un_security_council" if rng.random() < 0.8 else "un_general_assembly"
                funding = rng.choice(["assessed", "mixed"])
            elif kind == "un_authorized_multinational":
                lead_c = rng.choice(self.states)
                noun = rng.choice(["Interim Force", "Security Support Mission", "Stabilization Force",
                                   "Protection Force", "Intervention Force"])
                name = f"Multinational {noun} in {host.name}"
                lead, body, funding = lead_c.id, "un_security_council", rng.choice(["voluntary", "mixed"])
            elif kind == "regional":
                fitting = [o for o in regional_orgs if host.region in REGIONAL_ORGS.get(o.name, ())]
                org = rng.choice(fitting or regional_orgs) if regional_orgs else None
                noun = rng.choice(["Mission", "Stabilization Mission", "Standby Force",
                                   "Monitoring Mission", "Training Mission", "Police Mission"])
                name = f"{org.name if org else 'Regional'} {noun} in {host.name}"
                lead = org.id if org else None
                body = "regional_organization" if rng.random() < 0.75 else "un_security_council"
                funding = rng.choice(["voluntary", "mixed", "voluntary"])
            else:
                lead_c = rng.choice(self.states)
                noun = rng.choice(["Protection Force", "Assistance Force", "Stabilization Force",
                                   "Security Cooperation Mission"])
                name = f"{lead_c.name}-led {noun} in {host.name}"
                lead, body, funding = lead_c.id, "national_government", "voluntary"
            prefix = name[: -len(f" in {host.name}")]  # every name ends "in <host>"
            acronym = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", prefix)
                              if w.lower() not in {"of", "the", "and", "for"}).upper() + (host.iso3 or "")
            if name in names:
                year = iso(start)[:4]
                name, acronym = f"{name} ({year})", f"{acronym}-{year}"
            base, k = acronym, 2
            while slug(acronym) in acronyms:
                acronym = f"{base}{k}"
                k += 1
            names.add(name)
            acronyms.add(slug(acronym))
            lead_name = self.by_id[lead].name if lead else "its partners"
            summary = (
                f"The {name} ({acronym}) was {rng.choice(['established', 'authorized', 'deployed'])} "
                f"in {iso(start)[:4]} to support {rng.choice(TOPICS)} and {rng.choice(TOPICS)} in "
                f"{host.name}, led by {lead_name}."
            )
            m = Mission(
                id=slug(acronym), name=name, acronym=acronym, kind=kind, host=host, lead=lead,
                authorized_by=body, chapter_vii=int(rng.random() < 0.45), funding_model=funding,
                status=status, start=start, end=end, summary=summary,
            )
            circle = {host.id, *(P5 if rng.random() < 0.5 else rng.sample(P5, 2))}
            if lead:
                circle.add(lead)
            circle.update(c.id for c in rng.sample(self.contributors, rng.randint(8, 25)))
            m.pool = sorted(circle)
            m.locations = rng.sample(CITIES, rng.randint(3, 7))
            missions.append(m)
        # predecessor/successor chains: consecutive missions in the same host country
        by_host: dict[str, list[Mission]] = {}
        for m in missions:
            by_host.setdefault(m.host.id, []).append(m)
        for group in by_host.values():
            group.sort(key=lambda m: (m.start, m.id))
            for a, b in pairwise(group):
                if a.end is not None and a.end <= b.start and rng.random() < 0.7:
                    a.successor, b.predecessor = b.id, a.id
                    if rng.random() < 0.4:
                        a.status = "transformed"
        return missions

    # mandates and votes ---------------------------------------------------------------------

    def _mandates(self) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[str, str, str]]]:
        rng = self.rng
        drafts = []  # (adopted, mission, action, body)
        for m in self.missions:
            k = rng.randint(3, 7)
            lo, hi = m.window() if m.status != "planned" else (m.start - 200, m.start - 10)
            first = max(ordinal(1946, 1, 17), m.start - rng.randint(0, 60))
            dates = sorted({first, *(rng.randint(lo, max(lo, hi)) for _ in range(k - 1))})
            for j, day in enumerate(dates):
                if j == 0:
                    action = "establish"
                elif j == len(dates) - 1 and m.status in ("completed", "transformed"):
                    action = "transform" if m.status == "transformed" else "terminate"
                else:
                    action = rng.choices(["extend", "modify"], weights=[4, 1])[0]
                body = m.authorized_by if rng.random() < 0.9 else "un_security_council"
                drafts.append((day, m, action, body))
        drafts.sort(key=lambda d: (d[0], d[1].id, d[2]))
        mandates, resolutions, votes = [], [], []
        resolution = 100
        counters: dict[str, int] = {}
        for day, m, action, body in drafts:
            year = int(iso(day)[:4])
            if body == "un_security_council":
                resolution += rng.randint(1, 3)
                symbol, mid = f"S/RES/{resolution} ({year})", f"s-res-{resolution}-{year}"
            elif body == "un_general_assembly":
                counters[body] = counters.get(body, 0) + 1
                session = year - 1945
                symbol, mid = f"A/RES/{session}/{counters[body]}", f"a-res-{session}-{counters[body]}"
            elif body == "regional_organization":
                counters[body] = counters.get(body, 0) + 1
                org = slug(m.lead or "ro").upper()[:10]
                symbol = f"{org}/PSC/COMM.{counters[body]} ({year})"
                mid = slug(symbol)
            else:
                counters[body] = counters.get(body, 0) + 1
                symbol, mid = f"Decree {counters[body]}/{year}", f"decree-{counters[body]}-{year}"
            effective = day + rng.choice([0, 0, 1, 15, 30])
            expires = effective + rng.choice([90, 182, 365, 365, 365]) if rng.random() < 0.8 else None
            ceilings: list[int | None] = [None] * 4
            if rng.random() < 0.6:
                mil, pol = rng.randint(0, 20000), rng.randint(0, 3000)
                civ = rng.randint(0, 1500) if rng.random() < 0.5 else None
                ceilings = [mil, pol, civ, mil + pol + (civ or 0)]
            tally: list[int | None] = [None, None, None]
            penholders: list[str] = []
            if body == "un_security_council":
                members = self.council.get(year, self.council[min(self.council)])
                for member in members:
                    r = rng.random()
                    choice = "yes" if r < 0.88 else "abstain" if r < 0.97 else "no" if r < 0.995 else "absent"
                    votes.append((mid, member, choice))
                cast = [v[2] for v in votes[-15:]]
                tally = [cast.count("yes"), cast.count("no"), cast.count("abstain")]
                penholders = sorted(rng.sample(P3, rng.choice([1, 1, 2])))
            meeting = rng.randint(500, 9999) if body == "un_security_council" else None
            if body == "un_security_council":  # the resolution, with the mandate's id
                resolutions.append((
                    mid, symbol, iso(day), meeting, "[]", "voted", *tally, cast.count("absent"),
                    json.dumps(penholders),
                ))
            mandates.append((
                mid, m.id, mid if body == "un_security_council" else None, symbol, body, iso(day), action,
                iso(effective), iso(expires) if expires is not None else None, *ceilings, *tally, meeting,
                json.dumps(penholders),
            ))
            m.mandates.append((day, mid))
        return mandates, resolutions, votes


# --- writing ------------------------------------------------------------------------------


class Timer:
    def __init__(self) -> None:
        self.t0 = time.perf_counter()
        self.rows: list[tuple[str, float]] = []

    @contextmanager
    def __call__(self, label: str) -> Iterator[None]:
        t = time.perf_counter()
        print(f"  {label} ...", end="", flush=True)
        yield
        dt_ = time.perf_counter() - t
        self.rows.append((label, dt_))
        print(f" {dt_:6.1f} s", flush=True)

    @property
    def total(self) -> float:
        return time.perf_counter() - self.t0


STAMP = (f"{TODAY.isoformat()} 00:00:00.000000",) * 2


class Sink:
    """Where the generated rows go, one table's batch at a time inside transactions:
    SQLite's ``executemany`` here (``SqliteSink``), PostgreSQL's COPY in
    ``generate_postgres.py``. What it knows of the schema is found at run time: the tables
    whose records carry the server's bookkeeping timestamps (migration 0003 and later),
    stamped like a seed load at the fixed "today", and the columns later migrations added
    (``"table.column"``), which change what is generated."""

    def __init__(self, stamped: set[str], optional: set[str]) -> None:
        self.stamped, self.optional = stamped, optional

    def begin(self) -> None:
        raise NotImplementedError

    def commit(self) -> None:
        raise NotImplementedError

    def write(self, table: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    def insert(self, table: str, rows: list[tuple[Any, ...]], columns: str) -> None:
        if table in self.stamped:
            columns += ", created_at, updated_at"
            rows = [r + STAMP for r in rows]
        self.write(table, columns, rows)


class SqliteSink(Sink):
    def __init__(self, conn: sqlite3.Connection, stamped: set[str], optional: set[str]) -> None:
        super().__init__(stamped, optional)
        self.conn = conn

    def begin(self) -> None:
        self.conn.execute("BEGIN")

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def write(self, table: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
        marks = ",".join("?" * (columns.count(",") + 1))
        self.conn.executemany(f"INSERT INTO {table}({columns}) VALUES ({marks})", rows)


def write_dataset_version(path: Path) -> None:
    """The ``dataset_state`` row, by the app's own rule (without it the app hashes the
    whole dataset on every read); its timestamp is the fixed "today"."""
    from api.db import create_engine, write_transaction
    from api.research.dataset_version import refresh_dataset_version
    from api.settings import Settings

    engine = create_engine(Settings(database_url=f"sqlite:///{path}"))
    try:
        with write_transaction(engine) as conn:
            version = refresh_dataset_version(conn)
            conn.exec_driver_sql("UPDATE dataset_state SET updated_at = ?", (f"{TODAY.isoformat()}T00:00:00+00:00",))
    finally:
        engine.dispose()
    print(f" {version}", end="")



def migrate(path: Path) -> None:
    from api.db import create_engine
    from api.db.migrate import upgrade
    from api.settings import Settings

    engine = create_engine(Settings(database_url=f"sqlite:///{path}"))
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def write(args: argparse.Namespace) -> None:
    timer = Timer()
    out = Path(args.out).resolve()
    for suffix in ("", "-wal", "-shm", "-journal"):
        p = Path(str(out) + suffix)
        if p.exists():
            if not args.force:
                raise SystemExit(f"{p} exists; pass --force to replace it")
            p.unlink()
    out.parent.mkdir(parents=True, exist_ok=True)
    print(f"generating {out} (seed {args.seed}: {args.events} events, {args.observations} "
          f"observations, {args.missions} missions, {args.contributors} contributors, "
          f"{args.sources} sources)")

    with timer("migrate (alembic upgrade head)"):
        migrate(out)

    conn = sqlite3.connect(out, isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA locking_mode=EXCLUSIVE")
    conn.execute("PRAGMA temp_store=MEMORY")
    conn.execute("PRAGMA cache_size=-1000000")  # 1 GB of page cache: index builds stay in memory
    conn.execute("PRAGMA foreign_keys=OFF")

    stamped: set[str] = set()
    optional: set[str] = set()
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall():
        columns = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
        if {"created_at", "updated_at"} <= columns:
            stamped.add(table)
        if table == "observation" and "increment" in columns:
            optional.add("observation.increment")
    has_state = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='dataset_state'"
    ).fetchone() is not None

    # Secondary indexes and triggers (full text, stored records) off during the load;
    # rebuilt from their own DDL, and what the triggers write written in bulk.
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL ORDER BY name"
    ).fetchall()
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger' ORDER BY name").fetchall()
    has_stored = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='stored_record'"
    ).fetchone() is not None
    # migration 0007: each row's JSON object, and the SQL that writes it
    stored = conn.execute(
        "SELECT table_name, expression FROM stored_record ORDER BY table_name"
    ).fetchall() if has_stored else []
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')

    counts = load_rows(SqliteSink(conn, stamped, optional), args, timer)

    with timer(f"recreate {len(indexes)} indexes"):
        for _, sql in indexes:
            conn.execute(sql)

    with timer(f"stored records of {len(stored)} tables (record_json)"):
        for table, expression in stored:
            conn.execute(f"UPDATE {table} SET record_json = {expression}")

    with timer("recreate triggers, rebuild search_fts"):
        for _, sql in triggers:
            conn.execute(sql)
        conn.execute("INSERT INTO search_fts(search_fts) VALUES('rebuild')")
    if not args.no_optimize:
        with timer("optimize search_fts (merge segments)"):
            conn.execute("INSERT INTO search_fts(search_fts) VALUES('optimize')")

    with timer("ANALYZE"):
        conn.execute("ANALYZE")

    if args.check:
        with timer("PRAGMA foreign_key_check / integrity_check(quick)"):
            bad = conn.execute("PRAGMA foreign_key_check").fetchmany(5)
            if bad:
                raise SystemExit(f"foreign key violations: {bad}")
            ok = conn.execute("PRAGMA quick_check").fetchone()[0]
            if ok != "ok":
                raise SystemExit(f"quick_check: {ok}")

    conn.execute("PRAGMA locking_mode=NORMAL")
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    conn.close()

    if has_state:
        with timer("dataset version (api.research.dataset_version.refresh_dataset_version)"):
            write_dataset_version(out)

    size = out.stat().st_size
    print(f"done in {timer.total:.1f} s: {out} ({size / 2**20:,.0f} MiB, journal_mode={mode})")
    print("  rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))


def load_rows(sink: Sink, args: argparse.Namespace, timer: Timer) -> dict[str, int]:
    """Every generated row, in the order of the tables' dependencies, into ``sink``; the
    same rows for the same arguments whatever the sink."""
    with timer("reference data (contributors, sources, missions, mandates, votes)"):
        gen = Generator(args.seed, args.missions, args.contributors, args.sources)
        rng = gen.rng
        n_src = len(gen.sources)
        source_title = [s[1] for s in gen.sources]
        source_id = [s[0] for s in gen.sources]
        names = {c.id: c.name for c in gen.contributors}
        sink.begin()
        sink.insert("source", [(s[1], s[2], s[3], s[4], s[5], s[0]) for s in gen.sources],
                    "title, publisher, url, published_on, kind, id")
        sink.insert("contributor", [(c.name, c.kind, c.iso3, c.region, c.id) for c in gen.contributors],
                    "name, kind, iso3, region, id")
        official = [s[0] for s in gen.sources if s[5] == "official"] or source_id
        sink.insert("council_seat",
                [(year, member, official[year % len(official)])
                 for year, members in gen.council.items() for member in members],
                "year, member, source")
        sink.insert("mission", [
            (m.name, m.acronym, m.kind, m.host.iso3, m.lead, m.authorized_by, m.chapter_vii,
             m.funding_model, m.status, iso(m.start), iso(m.end) if m.end is not None else None,
             m.predecessor, m.successor, m.summary, m.id)
            for m in gen.missions
        ], "name, acronym, kind, host_country, lead, authorized_by, chapter_vii, funding_model, "
               "status, start_date, end_date, predecessor, successor, summary, id")
        sink.insert("resolution", gen.resolutions,
                "id, symbol, adopted_on, meeting, subjects, modality, votes_for, votes_against, "
                "abstentions, non_voting, penholders")
        sink.insert("mandate", gen.mandates,
                "id, mission, resolution, symbol, body, adopted_on, action, effective_from, expires_on, "
                "ceiling_military, ceiling_police, ceiling_civilian, ceiling_total, votes_for, "
                "votes_against, abstentions, meeting, penholders")
        sink.insert("vote", gen.votes, "resolution, member, vote")

        def cite(record_ids: list[str]) -> tuple[dict[str, list[int]], list[tuple[str, str, int]]]:
            cited: dict[str, list[int]] = {}
            rows = []
            for rid in record_ids:
                picks = [rng.randrange(n_src)]
                if rng.random() < 0.35 and n_src > 1:
                    second = rng.randrange(n_src)
                    if second != picks[0]:
                        picks.append(second)
                cited[rid] = picks
                rows += [(rid, source_id[s], pos) for pos, s in enumerate(picks)]
            return cited, rows

        cited_m, rows = cite([m.id for m in gen.missions])
        sink.insert("mission_source", rows, "record_id, source_id, position")
        cited_r, rows = cite([r[0] for r in gen.resolutions])
        sink.insert("resolution_source", rows, "record_id, source_id, position")
        cited_md, rows = cite([md[0] for md in gen.mandates])
        sink.insert("mandate_source", rows, "record_id, source_id, position")
        cited_c, rows = cite([c.id for c in gen.contributors])
        sink.insert("contributor_source", rows, "record_id, source_id, position")

        # search documents, in api.curation.search_index's order: missions, resolutions, mandates,
        # contributors, events, sources
        def j(*parts: str | None) -> str:
            return " ".join(p for p in parts if p)

        docs = [("missions", m.id, j(m.name, m.acronym),
                 j(m.summary, names.get(m.lead) if m.lead else None,
                   *(source_title[s] for s in cited_m[m.id])))
                for m in gen.missions]
        mission_name = {m.id: m.name for m in gen.missions}
        docs += [("resolutions", r[0], r[1], j(*(source_title[s] for s in cited_r[r[0]])))
                 for r in gen.resolutions]
        docs += [("mandates", md[0], md[3],
                  j(mission_name.get(md[1]), *(source_title[s] for s in cited_md[md[0]])))
                 for md in gen.mandates]
        docs += [("contributors", c.id, j(c.name, c.iso3),
                  j(c.region, *(source_title[s] for s in cited_c[c.id])))
                 for c in gen.contributors]
        sink.insert("search_document", docs, "resource, record_id, title, body")
        sink.commit()

    with timer(f"events ({args.events:,}) with actors, citations and search documents"):
        counts = write_events(sink, gen, args.events, source_id, source_title, names)

    with timer(f"observations ({args.observations:,}) with citations"):
        write_observations(sink, gen, args.observations, source_id)

    with timer("source search documents"):
        sink.begin()
        sink.insert("search_document", [("sources", s[0], s[1], s[2]) for s in gen.sources],
                "resource, record_id, title, body")
        sink.commit()
    return counts

def write_events(sink: Sink, gen: Generator, n: int, source_id: list[str],
                 source_title: list[str], names: dict[str, str]) -> dict[str, int]:
    """Events in date order (as a timeline grows), 50k per transaction."""
    rng = gen.rng
    missions = gen.missions
    n_src = len(source_id)
    # skewed popularity: a Zipf-like weight over a random order of the missions
    order = list(range(len(missions)))
    rng.shuffle(order)
    weights = [0.0] * len(missions)
    for rank, i in enumerate(order):
        weights[i] = 1.0 / (rank + 1) ** 0.9
    mission_cw = _cum(weights)
    kinds = [k for k, _ in EVENT_KINDS]
    kind_slug = {k: k.replace("_", "-") for k in kinds}
    kind_cw = _cum([w for _, w in EVENT_KINDS])
    role_names = [r for r, _ in ROLES]
    role_cw = _cum([w for _, w in ROLES])
    stance_names = [s for s, _ in STANCES]
    stance_cw = _cum([w for _, w in STANCES])
    vocab_cw = _cum([1.0 / (i + 1) ** 1.1 for i in range(len(VOCABULARY))])
    all_contributors = [c.id for c in gen.contributors]
    n_all = len(all_contributors)
    windows = [m.window() for m in missions]
    mandate_days = [[d for d, _ in m.mandates] for m in missions]
    mandate_ids = [[mid for _, mid in m.mandates] for m in missions]
    host_ids = [m.host.id for m in missions]
    lead_ids = [m.lead for m in missions]
    pools = [m.pool for m in missions]
    locations = [m.locations for m in missions]
    acr = [m.acronym for m in missions]
    acr_slug = [slug(m.acronym) for m in missions]
    mission_ids = [m.id for m in missions]
    symbols = {md[0]: md[3] for md in gen.mandates}
    random_ = rng.random
    n_topics, n_adj = len(TOPICS), len(ADJECTIVES)

    def pick(seq: Sequence[T]) -> T:  # rng.choice without its overhead
        return seq[int(random_() * len(seq))]

    # day of month / of year, to move month- and year-precision dates to the first day
    dom = [int(d[8:10]) - 1 for d in ISO]
    doy = [dt.date.fromisoformat(d).timetuple().tm_yday - 1 for d in ISO]

    # pass 1: mission, day and precision of every event; then sort by day
    mis = rng.choices(range(len(missions)), cum_weights=mission_cw, k=n)
    days = [0] * n
    precision = [""] * n
    for i in range(n):
        lo, hi = windows[mis[i]]
        day = lo + int(random_() * (hi - lo + 1))
        r = random_()
        p = "day"  # month/year precision: the date is the period's first day (if in the window)
        if r >= 0.95 and day - doy[day - _D0] >= lo:
            p, day = "year", day - doy[day - _D0]
        elif r >= 0.85 and day - dom[day - _D0] >= lo:
            p, day = "month", day - dom[day - _D0]
        days[i] = day
        precision[i] = p
    timeline = sorted(range(n), key=days.__getitem__)

    counts = {"events": 0, "event_actor": 0, "event_source": 0, "search_document(events)": 0}
    chunk = 50_000
    for c0 in range(0, n, chunk):
        part = timeline[c0: c0 + chunk]
        size = len(part)
        kds = rng.choices(kinds, cum_weights=kind_cw, k=size)
        words = rng.choices(VOCABULARY, cum_weights=vocab_cw, k=size * 4)
        roles = rng.choices(role_names, cum_weights=role_cw, k=size * 3)
        stances = rng.choices(stance_names, cum_weights=stance_cw, k=size * 3)
        events, actors, cites, docs = [], [], [], []
        for i in range(size):
            e = part[i]
            mi = mis[e]
            day = days[e]
            kind = kds[i]
            date = ISO[day - _D0]
            # the mandate in force: the latest adopted on or before that day
            mandate = None
            k = bisect.bisect_right(mandate_days[mi], day)
            if k and (kind == "resolution_adopted" or random_() < 0.4):
                mandate = mandate_ids[mi][k - 1]
            # actors: 0-3, mostly from the mission's own circle
            r = random_()
            n_act = 0 if r < 0.25 else 1 if r < 0.60 else 2 if r < 0.85 else 3
            act: list[str] = []
            act_rows: list[tuple[str, str, str]] = []
            for a in range(n_act):
                c = pick(pools[mi]) if random_() < 0.75 else all_contributors[int(random_() * n_all)]
                if c in act:
                    continue
                act.append(c)
                if c == host_ids[mi]:
                    role = "host"
                elif c == lead_ids[mi] and a == 0:
                    role = "lead_nation"
                else:
                    role = roles[i * 3 + a]
                act_rows.append((c, role, stances[i * 3 + a]))
            who = names[act[0]] if act else names[host_ids[mi]]
            loc = "New York" if kind == "resolution_adopted" and random_() < 0.8 else pick(locations[mi])
            w0, w1, w2, w3 = words[i * 4: i * 4 + 4]
            a_ = acr[mi]
            topic = TOPICS[int(random_() * n_topics)]
            if kind == "resolution_adopted":
                title = f"Security Council adopts resolution on {a_}" if mandate is None else \
                    f"Council adopts {symbols[mandate]} on {a_}"
            elif kind == "deployment":
                title = f"{who} deploys {10 + int(random_() * 90) * 10} personnel to {a_} in {loc}"
            elif kind == "arrival":
                title = f"{who} contingent arrives in {loc} for {a_}"
            elif kind == "pledge":
                title = f"{who} pledges {pick(PLEDGES)} to {a_}"
            elif kind == "funding":
                title = f"{who} transfers {1 + int(random_() * 200)} million to the {a_} trust fund"
            elif kind == "negotiation":
                title = f"Talks on {topic} resume in {loc}"
            elif kind == "statement":
                title = f"{who} {pick(STATEMENT_VERBS)} {topic}"
            elif kind == "meeting":
                title = f"{a_} leadership meets {who} officials on {topic}"
            elif kind == "appointment":
                title = f"New {pick(PERSON_TITLES)} appointed for {a_}"
            elif kind == "transition":
                title = f"{a_} hands over {topic} to national authorities"
            elif kind == "violence":
                title = f"{pick(VIOLENCE)} reported near {loc}"
            elif kind == "withdrawal":
                title = f"{who} withdraws its contingent from {a_}"
            else:
                title = f"{a_}: update on {w0} and {w1}"
            if random_() < 0.9:
                summary = (
                    f"{who} {pick(REPORT_VERBS)} {ADJECTIVES[int(random_() * n_adj)]} {w0} and {w1} "
                    f"in {loc}, citing {TOPICS[int(random_() * n_topics)]}. Officials pointed to {w2} "
                    f"and {w3} as {ADJECTIVES[int(random_() * n_adj)]} concerns for {a_}."
                )
            else:
                summary = None
            eid = f"{date}-{acr_slug[mi]}-{kind_slug[kind]}-{c0 + i + 1:07d}"
            events.append((date, precision[e], kind, title, summary, mission_ids[mi], mandate, loc, eid))
            for c, role, stance in act_rows:
                actors.append((eid, c, role, stance))
            s1 = int(random_() * n_src)
            cites.append((eid, source_id[s1], 0))
            s2 = int(random_() * n_src) if random_() < 0.35 else s1
            # api.curation.search_index reads event_actor through its (event, contributor, role) key:
            # actor names come in contributor-id order
            if act:
                act.sort()
                actor_text = " ".join([names[c] for c in act])
            else:
                actor_text = ""
            if s2 != s1:
                cites.append((eid, source_id[s2], 1))
                src_text = source_title[s1] + " " + source_title[s2]
            else:
                src_text = source_title[s1]
            body = " ".join([p for p in (summary, loc, actor_text, src_text) if p])
            docs.append(("events", eid, title, body, date))  # sort_key: the date (api.curation.search_index)
        sink.begin()
        sink.insert("event", events,
                "date, date_precision, kind, title, summary, mission, mandate, location, id")
        sink.insert("event_actor", actors, "event, contributor, role, stance")
        sink.insert("event_source", cites, "record_id, source_id, position")
        sink.insert("search_document", docs, "resource, record_id, title, body, sort_key")
        sink.commit()
        counts["events"] += len(events)
        counts["event_actor"] += len(actors)
        counts["event_source"] += len(cites)
        counts["search_document(events)"] += len(docs)
    return counts


def write_observations(sink: Sink, gen: Generator, n: int, source_id: list[str]) -> None:
    rng = gen.rng
    missions = gen.missions
    n_src = len(source_id)
    metrics = list(METRICS)
    confidences = ["confirmed", "reported", "disputed"]
    conf_cw = _cum([50, 40, 10])
    all_contributors = [c.id for c in gen.contributors]
    publishers = [p for p, _, _ in PUBLISHERS]
    chunk = 50_000
    done = 0
    seq = 0
    increments = int("observation.increment" in sink.optional)
    while done < n:
        size = min(chunk, n - done)
        done += size
        rows, cites = [], []
        mis = rng.choices(missions, k=size)
        for i in range(size):
            m = mis[i]
            metric = rng.choice(metrics)
            units, low, high = METRICS[metric]
            unit = rng.choice(units)
            value = float(round(low * (high / low) ** rng.random()))
            if unit == "cad":
                value = float(round(value * 1.35))
            lo, hi = m.window()
            day = rng.randint(lo, hi)
            contributor = None
            if metric.startswith("personnel_pledged") or metric in ("funding_pledged", "funding_deposited",
                                                                     "equipment_pledged"):
                contributor = rng.choice(m.pool) if rng.random() < 0.9 else None
            elif rng.random() < 0.4:
                contributor = rng.choice(m.pool) if rng.random() < 0.8 else rng.choice(all_contributors)
            note = None
            if rng.random() < 0.3:
                note = rng.choice([
                    f"Figure reported by {rng.choice(publishers)}.",
                    "Month only; the date is the first of the month.",
                    "Sources disagree; kept side by side with the other reports.",
                    "Rounded in the source.",
                ])
            seq += 1
            oid = f"{m.id}-{metric.replace('_', '-')}-{iso(day)}-{seq:06d}"
            row: tuple[Any, ...] = (m.id, contributor, metric, value, unit, iso(day),
                   rng.choices(confidences, cum_weights=conf_cw)[0], note, oid)
            if increments:  # a tranche adding to the earlier figure (deposits, deployments)
                row += (int(metric in ("funding_deposited", "personnel_deployed") and rng.random() < 0.2),)
            rows.append(row)
            picks = [rng.randrange(n_src)]
            if rng.random() < 0.35:
                s2 = rng.randrange(n_src)
                if s2 != picks[0]:
                    picks.append(s2)
            cites += [(oid, source_id[s], pos) for pos, s in enumerate(picks)]
        sink.begin()
        sink.insert("observation", rows,
                "mission, contributor, metric, value, unit, as_of, confidence, note, id"
                + (", increment" if increments else ""))
        sink.insert("observation_source", cites, "record_id, source_id, position")
        sink.commit()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--observations", type=int, default=100_000)
    p.add_argument("--missions", type=int, default=200)
    p.add_argument("--contributors", type=int, default=200)
    p.add_argument("--sources", type=int, default=2000)
    p.add_argument("--seed", type=int, default=1)
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", help="the SQLite file to write")
    where.add_argument("--database-url", help="a throw-away PostgreSQL database to load instead "
                       "(postgresql+psycopg://postgres@127.0.0.1/peaceops_bench; generate_postgres.py)")
    p.add_argument("--force", action="store_true", help="replace --out if it exists (drop the database "
                   "and create it again if it holds data)")
    p.add_argument("--check", action="store_true", help="run foreign_key_check and quick_check at the end")
    p.add_argument("--no-optimize", action="store_true", help="skip merging the FTS5 segments")
    args = p.parse_args(argv)
    if args.contributors < 20 or args.missions < 1 or args.sources < 1:
        p.error("need at least 20 contributors, 1 mission and 1 source")
    os.environ.pop("PEACEOPS_DATABASE_URL", None)
    if args.database_url:
        from generate_postgres import write_postgres

        write_postgres(args)
    else:
        write(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
