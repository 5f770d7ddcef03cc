"""The public transparency pages' read-models: only what live publications and published responses hold.

This module reads through `dpia.store.publications` and the settings alone, never systems, assessments or
withholding tables: what the public sees is exactly what was published (tests/transparency checks it).
"""

import csv
import io
from itertools import groupby
from xml.etree import ElementTree

from dpia import kinds
from dpia.csv_safety import csv_safe
from dpia.domain import atrs
from dpia.domain import transparency as addresses
from dpia.errors import NotFound
from dpia.records import Publication, PublicFile, PublishedResponse
from dpia.services.accounts import settings
from dpia.store import publications
from dpia.store.db import Database
from dpia.vocab import CATEGORIES, labels

ATOM = "http://www.w3.org/2005/Atom"
LOG_COLUMNS = ("Request reference", "Date of response", "Subject", "Files")
_TIERS = {"metadata": "metadata", "1": "tier_1", "2": "tier_2"}


def enabled(db: Database) -> bool:
    """Whether the public pages are served at all."""
    return settings.value(db, "transparency") == "on"


def _open(db: Database) -> None:
    # Off means off: the same not-found page as any unknown address, no hint of what would be there.
    if not enabled(db):
        raise NotFound("Page not found")


def index(db: Database) -> dict:
    """The start page: every live publication, grouped by category in the vocabulary's order."""
    _open(db)
    order = {term.value: n for n, term in enumerate(CATEGORIES)}
    names = labels(CATEGORIES)
    # A category the vocabulary no longer knows is shown under "Other" rather than as a stored code.
    live = publications.all_live(db)
    known = sorted(live, key=lambda p: (order.get(p["category"], order["other"]), p["name"].casefold()))
    groups = []
    for category, items in groupby(known, key=lambda p: p["category"] if p["category"] in order else "other"):
        rows = [
            {
                "name": p["name"],
                "slug": p["slug"],
                "published": p["published_at"][:10],
                "assessments": _count(db, p["id"]),
            }
            for p in items
        ]
        groups.append({"label": names[category], "systems": rows})
    return {"organisation": settings.value(db, "organisation"), "groups": groups}


def _count(db: Database, publication_id: int) -> int:
    return sum(1 for f in publications.files(db, publication_id) if f["role"] == "assessment")


def _live(db: Database, slug: str) -> Publication:
    _open(db)
    found = publications.live_by_slug(db, slug)
    if found is None:
        raise NotFound("Page not found")
    return found


def system(db: Database, slug: str) -> dict:
    """A published system's page: its record, files and the dates of earlier publications."""
    publication = _live(db, slug)
    files = publications.files(db, publication["id"])
    earlier = [
        p["published_at"][:10]
        for p in publications.history(db, publication["system_id"])
        if p["number"] < publication["number"]
    ]
    record = publication["record"] or {}
    return {
        "organisation": settings.value(db, "organisation"),
        "publication": publication,
        "fields": [_field(f) for f in record.get("fields", [])],
        "first_used": record.get("first_used"),
        "has_atrs": bool(record.get("atrs")),
        "assessments": [{**f, "kind_label": _kind(f["kind"])} for f in files if f["role"] == "assessment"],
        "monitoring": [f for f in files if f["role"] == "monitoring"],
        "atrs_files": [f for f in files if f["role"] == "atrs"],
        "earlier": earlier,
    }


def _kind(key: str) -> str:
    found = kinds.latest(key)
    return found.label if found else key.upper()


def _field(field: dict) -> dict:
    """One record field, with the shape the page shows it in: text, costs table or policies table."""
    value, key = field.get("value"), field.get("key", "")
    # By the field, not the value: an empty list of costs is still costs ("None recorded"), not policies.
    shape = key if key in ("costs", "policies") and isinstance(value, list) else "text"
    return {"key": field.get("key", ""), "label": field.get("label", ""), "value": value, "shape": shape}


def atrs_record(db: Database, slug: str) -> dict:
    """A published system's ATRS record as labelled sections; not found when it was not published."""
    publication = _live(db, slug)
    record = (publication["record"] or {}).get("atrs")
    if not record:
        raise NotFound("Page not found")
    sections = []
    for section in atrs.SECTIONS:
        answers = record.get(_TIERS[section.tier], {}).get(section.key)
        if section.repeats:
            cards = [_labelled(section, card) for card in answers or []]
            sections.append({"title": section.title, "tier": section.tier, "cards": cards, "fields": None})
        else:
            sections.append(
                {"title": section.title, "tier": section.tier, "fields": _labelled(section, answers or {})}
            )
    files = [f for f in publications.files(db, publication["id"]) if f["role"] == "atrs"]
    return {
        "publication": publication,
        "standard_version": record.get("standard_version", atrs.STANDARD_VERSION),
        "updated": record.get("date_updated"),
        "tiers": atrs.TIERS,
        "sections": sections,
        "files": files,
    }


def _labelled(section: atrs.Section, answers: dict) -> list[dict]:
    return [
        {"reference": f.reference, "label": f.label, "value": str(answers.get(f.key) or "")}
        for f in section.fields
    ]


def system_file(db: Database, slug: str, name: str) -> tuple[PublicFile, bytes]:
    """A file of a live publication, looked up by its public name (never used as a path)."""
    publication = _live(db, slug)
    return _file(db, publications.files(db, publication["id"]), name)


def _file(db: Database, files: list[PublicFile], name: str) -> tuple[PublicFile, bytes]:
    for file in files:
        if file["path"] == name:
            content = publications.content(db, file["sha256"])
            if content is not None:
                return file, content
    raise NotFound("Page not found")


def disclosure_log(db: Database) -> list[dict]:
    """Live published responses, newest first, each with its files."""
    _open(db)
    return [_response(db, r) for r in publications.live_responses(db)]


def _response(db: Database, found: PublishedResponse) -> dict:
    return {**found, "files": publications.response_files(db, found["id"])}


def _live_response(db: Database, response_id: int) -> PublishedResponse:
    _open(db)
    found = publications.response(db, response_id)
    if found is None or found["withdrawn_at"]:
        raise NotFound("Page not found")
    return found


def response(db: Database, response_id: int) -> dict:
    """One live published response and its files."""
    return _response(db, _live_response(db, response_id))


def response_file(db: Database, response_id: int, name: str) -> tuple[PublicFile, bytes]:
    """A file of a live published response, looked up by its public name."""
    found = _live_response(db, response_id)
    return _file(db, publications.response_files(db, found["id"]), name)


def disclosure_log_csv(db: Database, base: str) -> str:
    """The disclosure log as CSV, one response a row, cells safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(LOG_COLUMNS + ("Address",))
    for item in disclosure_log(db):
        files = "; ".join(f["title"] for f in item["files"])
        address = addresses.address(base, addresses.response_path(item["id"]))
        row = (item["reference"], item["responded"][:10], item["subject"], files, address)
        writer.writerow([csv_safe(value) for value in row])
    return out.getvalue()


def base_address(db: Database, request_root: str) -> str:
    """Where the pages are reached: the public address setting when set, else this request's root."""
    return str(settings.value(db, "public_address") or request_root)


def feed(db: Database, base: str) -> bytes:
    """An Atom 1.0 feed of live publications and published responses, newest first."""
    _open(db)
    authority = _authority(base)
    entries = [
        (
            p["published_at"],
            f"tag:{authority},{p['published_at'][:10]}:publication-{p['id']}",
            f"{p['name']}: record published (version {p['number']})",
            addresses.address(base, addresses.system_path(p["slug"])),
            p["summary"] or f"The public record of {p['name']} was published.",
        )
        for p in publications.all_live(db)
    ]
    entries += [
        (
            r["published_at"],
            f"tag:{authority},{r['published_at'][:10]}:response-{r['id']}",
            f"FOI response {r['reference']}: {r['subject']}",
            addresses.address(base, addresses.response_path(r["id"])),
            f"Response of {r['responded'][:10]} added to the disclosure log.",
        )
        for r in publications.live_responses(db)
    ]
    entries.sort(key=lambda e: e[0], reverse=True)
    return _atom(db, base, authority, entries)


def _authority(base: str) -> str:
    return base.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"


def _atom(db: Database, base: str, authority: str, entries: list[tuple]) -> bytes:
    ElementTree.register_namespace("", ATOM)
    root = ElementTree.Element(f"{{{ATOM}}}feed")
    organisation = str(settings.value(db, "organisation") or "")
    _text(root, "title", f"{organisation or 'Algorithm'} transparency: new publications")
    _text(root, "id", f"tag:{authority},2026:transparency")
    _text(root, "updated", _stamp(entries[0][0]) if entries else "2026-01-01T00:00:00Z")
    ElementTree.SubElement(root, f"{{{ATOM}}}link", rel="self", href=addresses.address(base, "feed.atom"))
    ElementTree.SubElement(root, f"{{{ATOM}}}link", rel="alternate", href=base)
    author = ElementTree.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", organisation or "dpia")
    for when, tag, title, link, summary in entries:
        entry = ElementTree.SubElement(root, f"{{{ATOM}}}entry")
        _text(entry, "id", tag)
        _text(entry, "title", title)
        _text(entry, "updated", _stamp(when))
        ElementTree.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=link)
        _text(entry, "summary", summary)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _text(parent: ElementTree.Element, name: str, text: str) -> None:
    ElementTree.SubElement(parent, f"{{{ATOM}}}{name}").text = text


def _stamp(when: str) -> str:
    """An RFC 3339 time from a stored one: dates get midnight UTC, times without a zone are UTC."""
    if len(when) == 10:
        return f"{when}T00:00:00Z"
    stamp = when.replace(" ", "T")
    return stamp if stamp.endswith("Z") or "+" in stamp[10:] else stamp[:19] + "Z"
