"""Write a SYNTHETIC file in the format of the UN Digital Library's "Security Council
Voting Data" CSV, to measure ``peaceops import FILE --format undl-sc-votes``.

    python bench/undl_votes.py --out /tmp/undl/synthetic_sc_voting.csv [--resolutions 2800] [--seed 1]

NOT UN DATA. Every row is generated: each description says "SYNTHETIC", and the record
numbers (``undl_id``, ``undl_link``) are 9,000,000 and up, a range the Library does not
use. The real file is the Library's, under its terms of use (non-commercial, with
attribution); it is not copied here.

What makes it realistic: the real columns in the real order (``modality`` between
``total_ms`` and ``undl_link``), resolutions 1 to N from 1946 on, 11 members a
resolution through 1965 and 15 since (about 41,000 rows for 2,800 resolutions), the
USSR as ``SUN`` through 1991, resolutions in shuffled runs (the real file is not in
date order), mostly unanimous votes with some abstentions, a few against, a few
non-voting members and some adoptions without a vote (all ``X``). It agrees with the
bundled seed where the seed states something: the dates, meetings, tallies and votes
of the seed's resolutions, and the seed's Council membership for its years, so an
import into a seeded database links and fills those resolutions rather than reporting
them.

Measuring the import (a seeded database; the second run finds nothing to change)::

    python bench/undl_votes.py --out /tmp/undl/synthetic_sc_voting.csv
    export PEACEOPS_DATABASE_URL=sqlite:////tmp/undl/bench.db   # or postgresql+psycopg://...
    peaceops db upgrade && peaceops seed
    /usr/bin/time -v peaceops import /tmp/undl/synthetic_sc_voting.csv --format undl-sc-votes
    /usr/bin/time -v peaceops import /tmp/undl/synthetic_sc_voting.csv --format undl-sc-votes

Measured on 2026-12-04 (2 cores shared with other jobs; 41,140 rows, 2,800 resolutions:
2,658 created, 142 of the seed's filled, 40,545 votes): wall time 4.3 s on SQLite and
8.1 s on a local PostgreSQL 15 when the machine was quiet (15.0 s and 22.8 s under a
load average of 5: 6.3 s and 7.8 s of CPU); the second run 4.2 s and 6.8 s. Peak RSS
93 MB (SQLite) and 103 MB (PostgreSQL), against 74 MB and 83 MB for a 30-row file: the
rows are not kept, only about 4 KB per resolution until it is written.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "bench"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from generate import STATES  # noqa: E402  (bench/generate.py: ISO3|name|continent)

from api.curation.records import ResolutionIn  # noqa: E402
from api.curation.seed import read_seed  # noqa: E402

HEADER = (
    "undl_id,ms_code,ms_name,permanent_member,ms_vote,date,resolution,draft,meeting,description,"
    "agenda,subjects,vote_note,total_yes,total_no,total_abstentions,total_non_voting,total_ms,"
    "modality,undl_link"
).split(",")
AGENDA = [
    "The situation in the Middle East.",
    "The question concerning Haiti.",
    "The situation in Somalia.",
    "The situation concerning the Democratic Republic of the Congo.",
    "The situation in Cyprus.",
    "Reports of the Secretary-General on the Sudan and South Sudan.",
    "The situation in Afghanistan.",
    "Threats to international peace and security caused by terrorist acts.",
    "Non-proliferation.",
    "The situation in Libya.",
]
SUBJECTS = [
    "PEACEKEEPING OPERATIONS",
    "MANDATES",
    "SANCTIONS",
    "TERRORISM",
    "HUMAN RIGHTS",
    "ARMS EMBARGO",
    "POLITICAL CONDITIONS",
    "INTERNATIONAL SECURITY",
    "HUMANITARIAN ASSISTANCE",
]
FIRST = dt.date(1946, 1, 25)


def _number(symbol: str) -> int:
    found = re.match(r"S/RES/(\d+)", symbol)
    assert found is not None
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--resolutions", type=int, default=2800)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    names = {
        code: name.upper()
        for code, name, _region in (line.split("|") for line in STATES.strip().splitlines())
    }
    names["SUN"] = "USSR"
    data = read_seed(ROOT / "seed")
    iso3 = {c.id: c.iso3 for c in data.contributors if c.iso3}
    names.update({c.iso3: c.name.upper() for c in data.contributors if c.iso3})
    seed_council = {y.year: [iso3[m] for m in y.members] for y in data.council}
    anchors = {_number(r.symbol): r for r in data.resolutions}

    # Dates: the seed's resolutions, and straight lines between them.
    points = sorted([(1, FIRST), *((n, r.adopted_on) for n, r in anchors.items())])
    if points[-1][0] < args.resolutions:
        points.append((args.resolutions, dt.date(2025, 12, 20)))

    def date_of(n: int) -> dt.date:
        for (a, da), (b, db) in itertools.pairwise(points):
            if a <= n <= b:
                share = (n - a) / (b - a) if b > a else 0
                return dt.date.fromordinal(da.toordinal() + round(share * (db.toordinal() - da.toordinal())))
        return points[-1][1]

    councils: dict[int, list[str]] = {}
    elected: list[tuple[str, int]] = []  # (code, last year)
    pool = [code for code in names if code not in ("CHN", "FRA", "RUS", "GBR", "USA", "SUN")]
    for year in range(1946, 2027):
        p5 = ["CHN", "FRA", "SUN" if year <= 1991 else "RUS", "GBR", "USA"]
        if year in seed_council:
            councils[year] = seed_council[year]
            continue
        size = 6 if year < 1966 else 10
        sitting = [(c, last) for c, last in elected if last >= year]
        if year == 1966:
            sitting = []
        taken = {c for c, _ in elected}
        while len(sitting) < size:
            code = rng.choice([c for c in pool if c not in taken])
            taken.add(code)
            sitting.append((code, year + 1))
        elected = sitting
        councils[year] = p5 + [c for c, _ in sitting]

    rows: list[list[list[str]]] = []
    for n in range(1, args.resolutions + 1):
        seed = anchors.get(n)
        day = seed.adopted_on if seed is not None else date_of(n)
        members = councils[day.year]
        votes, modality = _votes(rng, members, seed, iso3)
        meeting = seed.meeting if seed is not None and seed.meeting else 20 + round(n * 3.58)
        agenda = "" if day.year < 1960 and rng.random() < 0.5 else rng.choice(AGENDA)
        subjects = "" if day.year < 1985 else "|".join(rng.sample(SUBJECTS, rng.randint(1, 3)))
        undl_id = 9_000_000 + n
        totals = [sum(1 for v in votes.values() if v == code) for code in "YNAX"]
        block = []
        for code in sorted(members, key=lambda c: names[c]):
            block.append(
                [
                    str(undl_id),
                    code,
                    names[code],
                    str(code in ("CHN", "FRA", "RUS", "SUN", "GBR", "USA")),
                    votes[code],
                    day.isoformat(),
                    f"S/RES/{n}({day.year})",
                    f"S/{day.year}/{100 + n % 800}" if day.year >= 1998 else "",
                    f"S/PV.{meeting}",
                    f"SYNTHETIC resolution {n} ({day.year}) [generated test data, not UN data]",
                    agenda,
                    subjects,
                    "Adopted without vote" if modality == "Without Vote" else "",
                    *map(str, totals),
                    str(len(members)),
                    modality,
                    f"https://digitallibrary.un.org/record/{undl_id}",
                ]
            )
        rows.append(block)
    # Runs of resolutions in a shuffled order, as the real file has them.
    runs = [rows[i : i + 40] for i in range(0, len(rows), 40)]
    rng.shuffle(runs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        count = 0
        for run in runs:
            for block in run:
                writer.writerows(block)
                count += len(block)
    print(f"wrote {args.out}: {count} rows, {len(rows)} resolutions (SYNTHETIC, not UN data)")


def _votes(
    rng: random.Random, members: list[str], r: ResolutionIn | None, iso3: dict[str, str]
) -> tuple[dict[str, str], str]:
    """Each member's vote code, and the modality; the seed's where it has them."""
    letter = {"yes": "Y", "no": "N", "abstain": "A", "absent": "X"}
    if r is not None and r.votes is not None:
        return {iso3[m]: letter[v.value] for m, v in r.votes.by_member().items()}, "Vote"
    votes = dict.fromkeys(members, "Y")
    elected = members[5:]
    if r is not None and r.votes_for is not None:
        counts = [("N", r.votes_against or 0), ("A", r.abstentions or 0)]
        left = len(members) - r.votes_for - sum(n for _c, n in counts)
        counts.append(("X", max(left, 0)))
        chosen = rng.sample(members, sum(n for _c, n in counts))
        for code, n in counts:
            for member in chosen[:n]:
                votes[member] = code
            chosen = chosen[n:]
        return votes, "Vote"
    draw = rng.random()
    if len(members) == 11 and draw < 0.05:
        return dict.fromkeys(members, "X"), "Without Vote"
    if draw < 0.88:
        return votes, "Vote"
    if draw < 0.97:
        for member in rng.sample(members, rng.randint(1, 3)):
            votes[member] = "A"
    elif draw < 0.99:
        against = rng.choice(elected)
        votes[against] = "N"
        votes[rng.choice([m for m in members if m != against])] = "A"
    else:
        votes[rng.choice(members)] = "X"
    return votes, "Vote"


if __name__ == "__main__":
    main()
