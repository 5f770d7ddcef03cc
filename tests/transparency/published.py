"""Test data for the public pages: publications and published responses written through the store, as the
publishing service will, inside one transaction on a real database."""

import hashlib
import io
import json

from docx import Document

from dpia.actor import command_line
from dpia.domain import atrs
from dpia.domain.transparency import slug
from dpia.services import systems
from dpia.services.disclosure import requests as foi
from dpia.store import disclosures, publications
from dpia.store.db import Database, transaction
from dpia.vocab import CATEGORIES, labels

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
WITHHELD = "Operation Nightjar watch list"


def docx_bytes(text: str) -> bytes:
    """A small real Word document."""
    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _file(db: Database, path: str, role: str, title: str, media_type: str, content: bytes, **more) -> dict:
    digest = hashlib.sha256(content).hexdigest()
    disclosures.keep_content(db, digest, content)
    return {
        "path": path,
        "role": role,
        "title": title,
        "media_type": media_type,
        "sha256": digest,
        "size": len(content),
        "kind": "",
        "reference": "",
        **more,
    }


def atrs_record(name: str) -> dict:
    """A public ATRS record in the shape dpia.services.atrs.exports.public_record returns."""
    data: dict = {"standard_version": atrs.STANDARD_VERSION, "id": 1, "date_updated": "2026-03-02"}
    tiers = {"metadata": "metadata", "1": "tier_1", "2": "tier_2"}
    for section in atrs.SECTIONS:
        tier = data.setdefault(tiers[section.tier], {})
        if section.repeats:
            tier[section.key] = [{f.key: f"{f.label} of custody records" for f in section.fields}]
        else:
            tier[section.key] = {f.key: f"{name}: {f.label.lower()}" for f in section.fields}
    return data


def record(name: str, with_atrs: bool = True) -> dict:
    """A realistic public record in the agreed shape."""
    return {
        "fields": [
            {
                "key": "purpose",
                "label": "Purpose",
                "value": f"{name} helps custody officers decide on referrals.",
            },
            {
                "key": "how_it_works",
                "label": "How it works",
                "value": "A random forest model scores each case.",
            },
            {"key": "supplier", "label": "Supplier", "value": "University of Cambridge"},
            {
                "key": "costs",
                "label": "Costs",
                "value": [
                    {
                        "period_start": "2021-04",
                        "period_end": "2022-03",
                        "amount_pence": 1250000,
                        "description": "Licence and support",
                    },
                ],
            },
            {
                "key": "policies",
                "label": "Policies",
                "value": [
                    {
                        "title": "Custody decision policy",
                        "reference": "POL-112",
                        "version_date": "2022-01-10",
                        "url": "https://www.example.police.uk/policies/112",
                    },
                ],
            },
        ],
        "atrs": atrs_record(name) if with_atrs else None,
        "first_used": "2016-05",
    }


def publish_system(
    db: Database,
    name: str,
    category: str = "individual_risk",
    *,
    system_id: int | None = None,
    published_at: str = "2026-03-04T10:00:00Z",
    summary: str = "",
    with_atrs: bool = True,
    body: str = "Risks and measures as released.",
) -> tuple[int, int, str]:
    """Publish (a new version of) a system's record with one assessment, one CSV and its ATRS files.

    Returns (system_id, publication_id, slug)."""
    if system_id is None:
        # A category the vocabulary has since dropped was once a register category.
        known = category if category in labels(CATEGORIES) else "other"
        data = {"name": name, "category": known, "lifecycle": "in_use", "regime": "dpa_part3"}
        system_id = systems.create(db, command_line(), data)
    with transaction(db):
        address = publications.slug_of(db, system_id) or slug(name)
        files = [
            _file(
                db,
                "dpia-2021-004-v2.docx",
                "assessment",
                f"DPIA of {name} (disclosure copy)",
                DOCX,
                docx_bytes(f"{name}. {body}"),
                version_id=None,
                kind="dpia",
                reference="DPIA-2021-004",
                version_number=2,
                conducted="2021-02",
                approved="2021-03-15T09:00:00Z",
            ),
            _file(
                db,
                "uses-by-quarter.csv",
                "monitoring",
                "Uses by quarter",
                "text/csv",
                b"period,count\r\n2021-Q1,7\r\n",
            ),
        ]
        if with_atrs:
            files.append(
                _file(
                    db,
                    "atrs-record.json",
                    "atrs",
                    "ATRS record (JSON)",
                    "application/json",
                    json.dumps(atrs_record(name)).encode(),
                )
            )
        publication_id = publications.insert(
            db,
            {
                "system_id": system_id,
                "number": publications.next_number(db, system_id),
                "slug": address,
                "name": name,
                "category": category,
                "record": record(name, with_atrs),
                "summary": summary,
                "published_at": published_at,
                "published_by": "approver@example.org",
            },
            files,
        )
    return system_id, publication_id, address


def make_request(db: Database, reference: str = "855A/22") -> int:
    """An FOI request to hang published responses on."""
    data = {"reference": reference, "received": {"day": "16", "month": "5", "year": "2022"}, "systems": []}
    return foi.create(db, command_line(), data)


def publish_response(
    db: Database,
    request_id: int,
    reference: str,
    subject: str,
    responded: str = "2026-02-01",
    published_at: str = "2026-02-02T09:00:00Z",
    letter_name: str = "response-letter.docx",
) -> int:
    """Put a released response, with its letter, in the disclosure log."""
    with transaction(db):
        letter = _file(
            db,
            letter_name,
            "letter",
            f"Response letter {reference}",
            DOCX,
            docx_bytes(f"Response to {reference}: {subject}"),
        )
        return publications.insert_response(
            db,
            {
                "request_id": request_id,
                "reference": reference,
                "subject": subject,
                "responded": responded,
                "published_at": published_at,
                "published_by": "foi@example.org",
            },
            [letter],
        )
