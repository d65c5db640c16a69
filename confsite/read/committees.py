"""data/committees.yaml: committees, their members, roles and affiliations."""
from __future__ import annotations

from pathlib import Path

from confsite.errors import SiteError, warning
from confsite.read.images import missing_image
from confsite.read.data_file import read_data_file
from confsite.read.yaml_data import line_of, position_of
from confsite.schema import CommitteesFile

COMMITTEES_FILE = "data/committees.yaml"


def read_committees(site_dir: Path) -> tuple[CommitteesFile | None, list[SiteError]]:
    """Read and check the committees file; a site without one has no committees page."""
    committees, data, errors = read_data_file(site_dir, COMMITTEES_FILE, CommitteesFile, "committees")
    if committees is None:
        return None, errors
    photos = [missing_image(site_dir, COMMITTEES_FILE, data["committees"][c]["members"][m], "photo", member.photo)
              for c, committee in enumerate(committees.committees) for m, member in enumerate(committee.members)]
    return committees, check_people(committees, data) + [error for error in photos if error]


def check_people(committees: CommitteesFile, data) -> list[SiteError]:
    """Committees to people: an id names one person; a name twice in a committee or an empty committee is suspicious."""
    problems, ids, anchors = [], {}, {}
    raw_committees = data["committees"]
    for c_index, committee in enumerate(committees.committees):
        raw = raw_committees[c_index]
        if committee.id:
            if committee.id in anchors:
                problems.append(warning(COMMITTEES_FILE, line_of(raw, "id"),
                                        f"two committees have the id '{committee.id}' (the other at line {anchors[committee.id]})",
                                        "give each committee its own id, or links to #" + committee.id + " reach only the first",
                                        position_of(raw, "id", of_value=True)[1]))
            anchors.setdefault(committee.id, line_of(raw, "id"))
        if not committee.members:
            problems.append(warning(COMMITTEES_FILE, line_of(raw, "members"), f"the committee '{committee.name}' has no members",
                                    "add its members, or remove the committee until they are known"))
        seen: dict[str, int] = {}
        for m_index, member in enumerate(committee.members):
            line, column = position_of(raw["members"], m_index)
            if member.name in seen and member.id is None:
                problems.append(warning(COMMITTEES_FILE, line, f"'{member.name}' is listed twice in '{committee.name}' "
                                        f"(also at line {seen[member.name]})",
                                        "remove one; if they are two people of the same name, give each an 'id:'", column))
            seen.setdefault(member.name, line)
            if member.id is not None:
                first = ids.setdefault(member.id, (member.name, line))
                if first[0] != member.name:
                    problems.append(SiteError(COMMITTEES_FILE, line_of(raw["members"][m_index], "id"),
                                              f"the id '{member.id}' is given to '{member.name}' and to '{first[0]}' (line {first[1]})",
                                              "an id names one person: give each person their own id",
                                              position_of(raw["members"][m_index], "id", of_value=True)[1]))
    return problems
