"""The schema, built and changed only here. Never edit a migration once applied."""

import json
import re

from sqlite_utils.migrations import Migrations

from dpia.domain import register as register_rules
from dpia.store import systems as system_store
from dpia.store.db import Database

migrations = Migrations("dpia")


@migrations(name="0001_register")
def register(db: Database) -> None:
    """Systems with aliases, costs, policies and their change history."""
    db.executescript(
        """
        CREATE TABLE systems (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE,
            category TEXT NOT NULL,
            lifecycle TEXT NOT NULL,
            first_used TEXT,
            retired TEXT,
            owner TEXT NOT NULL DEFAULT '',
            senior_owner TEXT NOT NULL DEFAULT '',
            supplier TEXT NOT NULL DEFAULT '',
            regime TEXT NOT NULL,
            how_it_works TEXT NOT NULL DEFAULT '',
            data_used TEXT NOT NULL DEFAULT '',
            how_outputs_made TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            marking TEXT NOT NULL DEFAULT 'OFFICIAL',
            version INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE system_aliases (
            id INTEGER PRIMARY KEY,
            system_id INTEGER NOT NULL REFERENCES systems(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            alias TEXT NOT NULL
        );
        CREATE INDEX system_aliases_system ON system_aliases(system_id);
        CREATE TABLE system_costs (
            id INTEGER PRIMARY KEY,
            system_id INTEGER NOT NULL REFERENCES systems(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            period_start TEXT NOT NULL,
            period_end TEXT,
            amount_pence INTEGER NOT NULL CHECK (amount_pence >= 0),
            description TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX system_costs_system ON system_costs(system_id);
        CREATE TABLE system_policies (
            id INTEGER PRIMARY KEY,
            system_id INTEGER NOT NULL REFERENCES systems(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            title TEXT NOT NULL,
            reference TEXT NOT NULL DEFAULT '',
            version_date TEXT,
            url TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX system_policies_system ON system_policies(system_id);
        CREATE TABLE system_history (
            id INTEGER PRIMARY KEY,
            system_id INTEGER NOT NULL REFERENCES systems(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            changed_at TEXT NOT NULL,
            changed_by TEXT NOT NULL,
            action TEXT NOT NULL,
            changes TEXT NOT NULL
        );
        CREATE INDEX system_history_system ON system_history(system_id, id);
        """
    )


@migrations(name="0002_accounts_and_audit")
def accounts_and_audit(db: Database) -> None:
    """Users, roles, sign-in attempts, settings, and the append-only audit trail."""
    db.executescript(
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL DEFAULT '',
            password_hash TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0,
            session_epoch INTEGER NOT NULL DEFAULT 1,
            failed_count INTEGER NOT NULL DEFAULT 0,
            last_failed_at TEXT,
            locked_until TEXT,
            last_sign_in_at TEXT,
            created_at TEXT NOT NULL,
            password_changed_at TEXT NOT NULL
        );
        CREATE TABLE user_roles (
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            PRIMARY KEY (user_id, role)
        );
        CREATE TABLE sign_in_failures (
            id INTEGER PRIMARY KEY,
            address TEXT NOT NULL,
            email TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX sign_in_failures_address ON sign_in_failures(address, at);
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            address TEXT NOT NULL,
            action TEXT NOT NULL,
            object_type TEXT NOT NULL DEFAULT '',
            object_id TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '',
            details TEXT NOT NULL DEFAULT '{}',
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE INDEX audit_log_action ON audit_log(action);
        CREATE INDEX audit_log_object ON audit_log(object_type, object_id);
        -- The trail is append-only: nothing in the product can change or remove an entry.
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        """
    )


@migrations(name="0003_assessments")
def assessments(db: Database) -> None:
    """Assessments of systems, their versions, and every save of every version."""
    db.executescript(
        """
        CREATE TABLE assessments (
            id INTEGER PRIMARY KEY,
            system_id INTEGER NOT NULL REFERENCES systems(id),
            kind TEXT NOT NULL,
            reference TEXT NOT NULL,
            reference_key TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX assessments_system ON assessments(system_id, kind);
        CREATE TABLE assessment_versions (
            id INTEGER PRIMARY KEY,
            assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            definition_version INTEGER NOT NULL,
            status TEXT NOT NULL
                CHECK (status IN ('draft', 'in_review', 'approved', 'superseded', 'withdrawn')),
            title TEXT NOT NULL,
            owner TEXT NOT NULL DEFAULT '',
            marking TEXT NOT NULL DEFAULT 'OFFICIAL',
            started TEXT,
            conducted TEXT,
            approved TEXT,
            review_due TEXT,
            answers TEXT NOT NULL DEFAULT '{}',
            revision INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL,
            UNIQUE (assessment_id, number)
        );
        CREATE INDEX assessment_versions_review ON assessment_versions(status, review_due);
        CREATE TABLE assessment_saves (
            id INTEGER PRIMARY KEY,
            version_id INTEGER NOT NULL REFERENCES assessment_versions(id) ON DELETE CASCADE,
            revision INTEGER NOT NULL,
            at TEXT NOT NULL,
            by TEXT NOT NULL,
            action TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            snapshot TEXT NOT NULL,
            changes TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX assessment_saves_version ON assessment_saves(version_id, id);
        -- Approved content never changes: only its status may move on (superseded, withdrawn).
        CREATE TRIGGER approved_content_is_frozen BEFORE UPDATE ON assessment_versions
        WHEN OLD.status IN ('approved', 'superseded', 'withdrawn') AND (
            NEW.answers IS NOT OLD.answers OR NEW.title IS NOT OLD.title OR NEW.owner IS NOT OLD.owner
            OR NEW.marking IS NOT OLD.marking OR NEW.started IS NOT OLD.started
            OR NEW.conducted IS NOT OLD.conducted OR NEW.approved IS NOT OLD.approved
            OR NEW.review_due IS NOT OLD.review_due OR NEW.definition_version IS NOT OLD.definition_version)
        BEGIN SELECT RAISE(ABORT, 'approved assessment content never changes'); END;
        CREATE TRIGGER assessment_saves_no_update BEFORE UPDATE ON assessment_saves
        BEGIN SELECT RAISE(ABORT, 'saves are kept as they were'); END;
        """
    )


@migrations(name="0004_search_outbox")
def search_outbox(db: Database) -> None:
    """Changes waiting to reach the search index, written in the same transaction as the change."""
    db.executescript(
        """
        -- AUTOINCREMENT: ids never go back, so an indexer deletes exactly the rows it applied.
        CREATE TABLE search_outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            entity TEXT NOT NULL CHECK (entity IN ('system', 'assessment')),
            entity_id INTEGER NOT NULL,
            queued_at TEXT NOT NULL
        );
        """
    )


@migrations(name="0005_monitoring")
def monitoring(db: Database) -> None:
    """Monitoring datasets: aggregate counts per system, never rows about people."""
    db.executescript(
        """
        CREATE TABLE monitoring_datasets (
            id INTEGER PRIMARY KEY,
            system_id INTEGER NOT NULL REFERENCES systems(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            measure TEXT NOT NULL,
            granularity TEXT NOT NULL CHECK (granularity IN ('month', 'quarter')),
            breakdown TEXT NOT NULL,
            source TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT '',
            synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
            file_sha256 TEXT NOT NULL,
            uploaded_by TEXT NOT NULL,
            uploaded_at TEXT NOT NULL
        );
        CREATE INDEX monitoring_datasets_system ON monitoring_datasets(system_id);
        CREATE TABLE monitoring_counts (
            dataset_id INTEGER NOT NULL REFERENCES monitoring_datasets(id) ON DELETE CASCADE,
            period TEXT NOT NULL,
            group_code TEXT NOT NULL,
            count INTEGER NOT NULL CHECK (count >= 0),
            PRIMARY KEY (dataset_id, period, group_code)
        ) WITHOUT ROWID;
        CREATE TABLE monitoring_populations (
            dataset_id INTEGER NOT NULL REFERENCES monitoring_datasets(id) ON DELETE CASCADE,
            group_code TEXT NOT NULL,
            population INTEGER NOT NULL CHECK (population > 0),
            PRIMARY KEY (dataset_id, group_code)
        ) WITHOUT ROWID;
        """
    )


@migrations(name="0006_disclosure")
def disclosure(db: Database) -> None:
    """Withholding marks, FOI requests, the disclosure log with the files disclosed, and bank holidays."""
    db.executescript(
        """
        -- A part of an assessment version, or of a system's register entry, withheld on disclosure.
        CREATE TABLE withholding_marks (
            id INTEGER PRIMARY KEY,
            version_id INTEGER REFERENCES assessment_versions(id) ON DELETE CASCADE,
            system_id INTEGER REFERENCES systems(id) ON DELETE CASCADE,
            target TEXT NOT NULL,
            label TEXT NOT NULL,
            passage TEXT,
            exemption TEXT NOT NULL,
            subsection TEXT NOT NULL DEFAULT '',
            other TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            copied_from INTEGER REFERENCES withholding_marks(id) ON DELETE SET NULL,
            CHECK ((version_id IS NULL) != (system_id IS NULL)),
            CHECK (exemption != 'other' OR other != ''),
            CHECK (reason != '')
        );
        CREATE INDEX withholding_marks_version ON withholding_marks(version_id);
        CREATE INDEX withholding_marks_system ON withholding_marks(system_id);
        CREATE TABLE foi_requests (
            id INTEGER PRIMARY KEY,
            reference TEXT NOT NULL,
            reference_key TEXT NOT NULL UNIQUE,
            subject TEXT NOT NULL DEFAULT '',
            received TEXT NOT NULL,
            due TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('open', 'responded', 'closed')),
            responded TEXT,
            notes TEXT NOT NULL DEFAULT '',
            revision INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL
        );
        CREATE TABLE foi_request_systems (
            request_id INTEGER NOT NULL REFERENCES foi_requests(id) ON DELETE CASCADE,
            system_id INTEGER NOT NULL REFERENCES systems(id),
            PRIMARY KEY (request_id, system_id)
        );
        CREATE INDEX foi_request_systems_system ON foi_request_systems(system_id);
        -- The disclosure log: every file released, what it held, and its SHA-256. Append-only.
        CREATE TABLE disclosures (
            id INTEGER PRIMARY KEY,
            request_id INTEGER REFERENCES foi_requests(id),
            what TEXT NOT NULL CHECK (what IN ('assessment', 'register', 'pack')),
            filename TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            disclosed_at TEXT NOT NULL,
            disclosed_by TEXT NOT NULL
        );
        CREATE INDEX disclosures_request ON disclosures(request_id);
        -- Versions are referenced by id without a foreign key: the log outlives a discarded draft.
        CREATE TABLE disclosure_files (
            id INTEGER PRIMARY KEY,
            disclosure_id INTEGER NOT NULL REFERENCES disclosures(id),
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            role TEXT NOT NULL,
            system_id INTEGER,
            version_id INTEGER,
            reference TEXT NOT NULL DEFAULT '',
            version_number INTEGER,
            marks TEXT NOT NULL DEFAULT '',
            reused_from INTEGER REFERENCES disclosure_files(id)
        );
        CREATE INDEX disclosure_files_disclosure ON disclosure_files(disclosure_id);
        CREATE INDEX disclosure_files_version ON disclosure_files(version_id);
        CREATE INDEX disclosure_files_system ON disclosure_files(system_id);
        -- The bytes of disclosed assessment documents, so a later request can reuse exactly what was sent.
        CREATE TABLE disclosed_content (
            sha256 TEXT PRIMARY KEY,
            content BLOB NOT NULL
        );
        CREATE TRIGGER disclosures_no_update BEFORE UPDATE ON disclosures
        BEGIN SELECT RAISE(ABORT, 'the disclosure log is append-only'); END;
        CREATE TRIGGER disclosures_no_delete BEFORE DELETE ON disclosures
        BEGIN SELECT RAISE(ABORT, 'the disclosure log is append-only'); END;
        CREATE TRIGGER disclosure_files_no_update BEFORE UPDATE ON disclosure_files
        BEGIN SELECT RAISE(ABORT, 'the disclosure log is append-only'); END;
        CREATE TRIGGER disclosure_files_no_delete BEFORE DELETE ON disclosure_files
        BEGIN SELECT RAISE(ABORT, 'the disclosure log is append-only'); END;
        -- Bank holidays imported from a gov.uk file, on top of the list shipped in dpia/data.
        CREATE TABLE bank_holidays (
            day TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            imported_at TEXT NOT NULL
        );
        """
    )


@migrations(name="0007_imports")
def imports(db: Database) -> None:
    """Evidence attachments, imports waiting for review, and imported text not yet placed."""
    db.executescript(
        """
        ALTER TABLE assessment_versions ADD COLUMN unplaced TEXT NOT NULL DEFAULT '[]';
        CREATE TABLE attachments (
            id INTEGER PRIMARY KEY,
            version_id INTEGER NOT NULL REFERENCES assessment_versions(id) ON DELETE CASCADE,
            stored_name TEXT NOT NULL UNIQUE,
            filename TEXT NOT NULL,
            file_type TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size INTEGER NOT NULL CHECK (size >= 0),
            sha256 TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            uploaded_at TEXT NOT NULL,
            uploaded_by TEXT NOT NULL
        );
        CREATE INDEX attachments_version ON attachments(version_id, id);
        CREATE TABLE staged_imports (
            id INTEGER PRIMARY KEY,
            token TEXT NOT NULL UNIQUE,
            system_id INTEGER NOT NULL REFERENCES systems(id) ON DELETE CASCADE,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            filename TEXT NOT NULL,
            stored_name TEXT NOT NULL UNIQUE,
            file_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            plan TEXT NOT NULL
        );
        CREATE INDEX staged_imports_expiry ON staged_imports(expires_at);
        -- Approved content never changes: that includes its imported text not yet placed.
        CREATE TRIGGER approved_unplaced_is_frozen BEFORE UPDATE OF unplaced ON assessment_versions
        WHEN OLD.status IN ('approved', 'superseded', 'withdrawn') AND NEW.unplaced IS NOT OLD.unplaced
        BEGIN SELECT RAISE(ABORT, 'approved assessment content never changes'); END;
        """
    )


@migrations(name="0008_api_tokens")
def api_tokens(db: Database) -> None:
    """Per-user API tokens, kept only as hashes."""
    db.executescript(
        """
        CREATE TABLE api_tokens (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            prefix TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            last_used_at TEXT,
            revoked_at TEXT
        );
        CREATE INDEX api_tokens_user ON api_tokens(user_id);
        """
    )


@migrations(name="0009_foi_events")
def foi_events(db: Database) -> None:
    """The dated history of each FOI request: clarification, extension, response, closure, internal review."""
    db.executescript(
        """
        CREATE TABLE foi_events (
            id INTEGER PRIMARY KEY,
            request_id INTEGER NOT NULL REFERENCES foi_requests(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('clarification_sought', 'clarification_received', 'extended',
                'responded', 'closed', 'review_requested', 'review_closed')),
            day TEXT NOT NULL,
            outcome TEXT NOT NULL DEFAULT '',
            new_due TEXT,
            reason TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL,
            recorded_by TEXT NOT NULL
        );
        CREATE INDEX foi_events_request ON foi_events(request_id, day, id);
        """
    )


@migrations(name="0010_foi_questions")
def foi_questions(db: Database) -> None:
    """An FOI request's questions as the requester numbered them, each with its scope and what answers it."""
    db.executescript(
        """
        CREATE TABLE foi_questions (
            id INTEGER PRIMARY KEY,
            request_id INTEGER NOT NULL REFERENCES foi_requests(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            number TEXT NOT NULL,
            number_key TEXT NOT NULL,
            text TEXT NOT NULL,
            scope TEXT NOT NULL CHECK (scope IN ('none', 'categories', 'systems')),
            categories TEXT NOT NULL DEFAULT '',
            fact TEXT NOT NULL,
            confirmed INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
            answer TEXT NOT NULL DEFAULT '',
            revision INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL,
            UNIQUE (request_id, number_key)
        );
        CREATE INDEX foi_questions_request ON foi_questions(request_id, position);
        CREATE TABLE foi_question_systems (
            question_id INTEGER NOT NULL REFERENCES foi_questions(id) ON DELETE CASCADE,
            system_id INTEGER NOT NULL REFERENCES systems(id),
            PRIMARY KEY (question_id, system_id)
        );
        """
    )


@migrations(name="0011_register_as_at")
def register_as_at(db: Database) -> None:
    """A snapshot of the record in each system history row, and the day an FOI request is answered as at.

    Rows written before this migration held only text differences: the newest row of each system gets the
    record as it is now, and older ones the record found by walking those differences back. Costs and
    policies cannot be read back from text, so where they changed, earlier rows list them as unknown.
    """
    db.executescript(
        """
        ALTER TABLE system_history ADD COLUMN snapshot TEXT;
        -- Fields of the snapshot whose value at that save is not known (JSON list of field keys).
        ALTER TABLE system_history ADD COLUMN unknown TEXT NOT NULL DEFAULT '[]';
        -- The day the answer is drawn from the register as it stood; NULL means the day received.
        ALTER TABLE foi_requests ADD COLUMN as_at TEXT;
        """
    )
    for found in db.execute("SELECT id FROM systems").fetchall():
        _backfill_history(db, found[0])


def _backfill_history(db: Database, system_id: int) -> None:
    """Snapshots for one system's history rows, newest first, from its current record."""
    current = system_store.get(db, system_id)
    record, unknown = register_rules.record_of(current), set()  # type: ignore[arg-type]
    history = db.execute(
        "SELECT id, changes FROM system_history WHERE system_id = ? ORDER BY id DESC", [system_id]
    ).fetchall()
    for row_id, changes in history:
        db.execute(
            "UPDATE system_history SET snapshot = ?, unknown = ? WHERE id = ?",
            [json.dumps(record, ensure_ascii=False), json.dumps(sorted(unknown)), row_id],
        )
        record, unknown = register_rules.unwind(record, json.loads(changes), unknown)


@migrations(name="0012_foi_response")
def foi_response(db: Database) -> None:
    """What a response says per question, systems neither confirmed nor denied, reasons and stock wording.

    A question's disposition says how it is answered: from the register (held or not held follows from what
    the register holds), or as not held, neither confirmed nor denied, exempt in full, accessible by other
    means (s21) or over the cost limit (s12). A reason for an exemption is written per request; stock wording
    is kept per exemption by administrators, each save a new version.
    """
    db.executescript(
        """
        ALTER TABLE foi_questions ADD COLUMN disposition TEXT NOT NULL DEFAULT 'answer'
            CHECK (disposition IN ('answer', 'not_held', 'ncnd', 'exempt', 's21', 's12'));
        ALTER TABLE foi_questions ADD COLUMN exemption TEXT NOT NULL DEFAULT '';
        ALTER TABLE foi_questions ADD COLUMN subsection TEXT NOT NULL DEFAULT '';
        ALTER TABLE foi_questions ADD COLUMN other TEXT NOT NULL DEFAULT '';
        -- s21: where it is published; s12: the estimate; not held: the searches made.
        ALTER TABLE foi_questions ADD COLUMN detail TEXT NOT NULL DEFAULT '';
        CREATE TABLE foi_ncnd (
            request_id INTEGER NOT NULL REFERENCES foi_requests(id) ON DELETE CASCADE,
            system_id INTEGER NOT NULL REFERENCES systems(id),
            exemption TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            PRIMARY KEY (request_id, system_id)
        );
        CREATE TABLE foi_reasons (
            id INTEGER PRIMARY KEY,
            request_id INTEGER NOT NULL REFERENCES foi_requests(id) ON DELETE CASCADE,
            -- The exemption's key (s31, s43 ...) or "other:" and its name folded to lower case.
            reason_key TEXT NOT NULL,
            exemption TEXT NOT NULL,
            other TEXT NOT NULL DEFAULT '',
            qualified INTEGER NOT NULL DEFAULT 0 CHECK (qualified IN (0, 1)),
            why TEXT NOT NULL DEFAULT '',
            harm TEXT NOT NULL DEFAULT '',
            favour TEXT NOT NULL DEFAULT '',
            against TEXT NOT NULL DEFAULT '',
            balance TEXT NOT NULL DEFAULT '',
            -- Where the officer started from: stock wording's version, or an earlier request's reason.
            started_from TEXT NOT NULL DEFAULT '',
            revision INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL,
            UNIQUE (request_id, reason_key)
        );
        CREATE INDEX foi_reasons_key ON foi_reasons(reason_key, updated_at);
        CREATE TABLE exemption_wording (
            id INTEGER PRIMARY KEY,
            exemption TEXT NOT NULL,
            version INTEGER NOT NULL,
            why TEXT NOT NULL DEFAULT '',
            harm TEXT NOT NULL DEFAULT '',
            favour TEXT NOT NULL DEFAULT '',
            against TEXT NOT NULL DEFAULT '',
            balance TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            UNIQUE (exemption, version)
        );
        """
    )


@migrations(name="0013_withholding_requests")
def withholding_requests(db: Database) -> None:
    """A withholding mark records the FOI request it was decided for; other requests decide for themselves.

    A mark applies without asking only to the request it was decided for (none: a disclosure made without a
    request). Any other request that would release the same material confirms or drops it, recorded here.
    """
    db.executescript(
        """
        ALTER TABLE withholding_marks ADD COLUMN request_id INTEGER
            REFERENCES foi_requests(id) ON DELETE SET NULL;
        CREATE INDEX withholding_marks_request ON withholding_marks(request_id);
        CREATE TABLE withholding_decisions (
            request_id INTEGER NOT NULL REFERENCES foi_requests(id) ON DELETE CASCADE,
            mark_id INTEGER NOT NULL REFERENCES withholding_marks(id) ON DELETE CASCADE,
            decision TEXT NOT NULL CHECK (decision IN ('apply', 'drop')),
            note TEXT NOT NULL DEFAULT '',
            decided_at TEXT NOT NULL,
            decided_by TEXT NOT NULL,
            PRIMARY KEY (request_id, mark_id)
        );
        """
    )


@migrations(name="0014_monitoring_releases")
def monitoring_releases(db: Database) -> None:
    """What each monitoring file released: the published counts and which figures were withheld.

    Later releases of the same system are checked against these, so that no figure withheld in one can be
    worked out with another. A withheld figure is kept without its count: it was not released, and the log
    outlives the dataset. Files of a response pack point at their line in the disclosure log; a dataset
    released on its own has none.
    """
    db.executescript(
        """
        CREATE TABLE monitoring_releases (
            id INTEGER PRIMARY KEY,
            disclosure_file_id INTEGER REFERENCES disclosure_files(id),
            -- No foreign keys to systems or datasets: the record outlives them, as the log does.
            system_id INTEGER NOT NULL,
            dataset_id INTEGER,
            measure TEXT NOT NULL,
            breakdown TEXT NOT NULL,
            file TEXT NOT NULL,
            released_at TEXT NOT NULL,
            released_by TEXT NOT NULL
        );
        CREATE INDEX monitoring_releases_system ON monitoring_releases(system_id, measure);
        -- One figure of a released table: a group (or 'total') over some months ("2021-01 2021-02").
        CREATE TABLE monitoring_released_counts (
            release_id INTEGER NOT NULL REFERENCES monitoring_releases(id),
            group_code TEXT NOT NULL,
            months TEXT NOT NULL,
            count INTEGER CHECK (count >= 0),
            suppressed INTEGER NOT NULL CHECK (suppressed IN (0, 1)),
            CHECK ((suppressed = 1) = (count IS NULL))
        );
        CREATE INDEX monitoring_released_counts_release ON monitoring_released_counts(release_id);
        CREATE TRIGGER monitoring_releases_no_update BEFORE UPDATE ON monitoring_releases
        BEGIN SELECT RAISE(ABORT, 'released figures are append-only'); END;
        CREATE TRIGGER monitoring_releases_no_delete BEFORE DELETE ON monitoring_releases
        BEGIN SELECT RAISE(ABORT, 'released figures are append-only'); END;
        CREATE TRIGGER monitoring_released_counts_no_update BEFORE UPDATE ON monitoring_released_counts
        BEGIN SELECT RAISE(ABORT, 'released figures are append-only'); END;
        CREATE TRIGGER monitoring_released_counts_no_delete BEFORE DELETE ON monitoring_released_counts
        BEGIN SELECT RAISE(ABORT, 'released figures are append-only'); END;
        """
    )


@migrations(name="0015_sessions")
def sessions(db: Database) -> None:
    """Sessions kept on the server, so signing out, a password change or a reset ends them for certain.

    The cookie carries a random secret; only its SHA-256 is stored, as for API tokens.
    """
    db.executescript(
        """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            started_at TEXT NOT NULL,
            address TEXT NOT NULL
        );
        CREATE INDEX sessions_user ON sessions(user_id);
        """
    )


@migrations(name="0016_sign_in_attempts")
def sign_in_attempts(db: Database) -> None:
    """Which failures named a real account, where each account last signed in, and fast counts per address.

    The address lock counts only failures on real accounts; an account's own last sign-in address is never
    locked out for it. Anonymous failures are audited at a bounded rate per address, counted from the trail.
    """
    db.executescript(
        """
        ALTER TABLE sign_in_failures ADD COLUMN user_id INTEGER;
        CREATE INDEX sign_in_failures_email ON sign_in_failures(email, at);
        ALTER TABLE users ADD COLUMN last_sign_in_address TEXT;
        CREATE INDEX audit_log_address ON audit_log(address, at);
        """
    )


@migrations(name="0017_audit_anchor")
def audit_anchor(db: Database) -> None:
    """Where the admin page last verified the audit chain, so each view only checks entries after it."""
    db.executescript(
        """
        CREATE TABLE audit_verified (
            slot INTEGER PRIMARY KEY CHECK (slot = 1),
            entry_id INTEGER NOT NULL,
            hash TEXT NOT NULL,
            entries INTEGER NOT NULL,
            verified_at TEXT NOT NULL
        );
        """
    )


@migrations(name="0019_remind17_reminders_sent")
def reminders_sent(db: Database) -> None:
    """Review reminders and weekly digests already sent, so a scheduled `dpia remind` never repeats one.

    `key` names what was sent: a stage of one version's review due date, or one week's digest.
    """
    db.executescript(
        """
        CREATE TABLE reminders_sent (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('review', 'digest')),
            version_id INTEGER REFERENCES assessment_versions(id) ON DELETE SET NULL,
            review_due TEXT,
            stage TEXT NOT NULL,
            recipients TEXT NOT NULL,
            sent_at TEXT NOT NULL
        );
        """
    )


@migrations(name="0020_scope18_scope_by_category")
def scope_by_category(db: Database) -> None:
    """How each system came into an FOI request's scope, and the systems taken out of a category chosen.

    `via` is the category whose systems were added together ('' when added one by one); an exception is a
    system the officer took out of a category, so adding that category again leaves it out.
    """
    db.executescript(
        """
        ALTER TABLE foi_request_systems ADD COLUMN via TEXT NOT NULL DEFAULT '';
        CREATE TABLE foi_scope_exceptions (
            request_id INTEGER NOT NULL REFERENCES foi_requests(id) ON DELETE CASCADE,
            system_id INTEGER NOT NULL REFERENCES systems(id) ON DELETE CASCADE,
            category TEXT NOT NULL,
            PRIMARY KEY (request_id, system_id)
        );
        """
    )


@migrations(name="0021_workers20_rate_limits")
def rate_limits(db: Database) -> None:
    """API calls counted per token and minute (since the epoch), so every server process shares one limit.

    `key_hash` is a SHA-256 of the key (for a token, of the token itself): no secret is stored.
    """
    db.executescript(
        """
        CREATE TABLE rate_limits (
            key_hash TEXT NOT NULL,
            minute INTEGER NOT NULL,
            calls INTEGER NOT NULL,
            PRIMARY KEY (key_hash, minute)
        ) WITHOUT ROWID;
        """
    )


@migrations(name="0022_atrs19_records")
def atrs_records(db: Database) -> None:
    """A system's answers to the Algorithmic Transparency Recording Standard template, one record a system.

    `answers` is a JSON object by the keys dpia/domain/atrs.py declares; `datasets` a JSON list of dataset
    cards. `revision` goes up with every save, so two people editing at once cannot overwrite each other.
    """
    db.executescript(
        """
        CREATE TABLE atrs_records (
            system_id INTEGER PRIMARY KEY REFERENCES systems(id) ON DELETE CASCADE,
            answers TEXT NOT NULL DEFAULT '{}',
            datasets TEXT NOT NULL DEFAULT '[]',
            revision INTEGER NOT NULL DEFAULT 0,
            updated_by TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL DEFAULT ''
        );
        """
    )


@migrations(name="0023_publish19_publications")
def publications(db: Database) -> None:
    """What has been published on the public transparency pages, version by version, never deleted.

    A publication is one version of a system's public record: the register fields chosen, as released,
    in `record` (JSON), and its files. A published response is a released FOI response put in the public
    disclosure log. Withdrawing either sets `withdrawn_at`; the row stays, so the history is kept. Files
    belong to exactly one of the two, and their bytes are kept once, by hash, in `disclosed_content`.
    `slug` is the system's public address, kept from its first publication so links stay good.
    """
    db.executescript(
        """
        CREATE TABLE publications (
            id INTEGER PRIMARY KEY,
            system_id INTEGER NOT NULL REFERENCES systems(id),
            number INTEGER NOT NULL,
            slug TEXT NOT NULL,
            name TEXT NOT NULL,
            category TEXT NOT NULL,
            record TEXT NOT NULL DEFAULT '{}',
            summary TEXT NOT NULL DEFAULT '',
            published_at TEXT NOT NULL,
            published_by TEXT NOT NULL,
            disclosure_id INTEGER REFERENCES disclosures(id),
            withdrawn_at TEXT,
            withdrawn_by TEXT NOT NULL DEFAULT '',
            withdrawn_reason TEXT NOT NULL DEFAULT '',
            UNIQUE (system_id, number)
        );
        CREATE INDEX publications_slug ON publications(slug);
        CREATE TABLE published_responses (
            id INTEGER PRIMARY KEY,
            request_id INTEGER NOT NULL REFERENCES foi_requests(id),
            disclosure_id INTEGER REFERENCES disclosures(id),
            reference TEXT NOT NULL,
            subject TEXT NOT NULL,
            responded TEXT NOT NULL,
            published_at TEXT NOT NULL,
            published_by TEXT NOT NULL,
            withdrawn_at TEXT,
            withdrawn_by TEXT NOT NULL DEFAULT '',
            withdrawn_reason TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX published_responses_request ON published_responses(request_id);
        CREATE TABLE public_files (
            id INTEGER PRIMARY KEY,
            publication_id INTEGER REFERENCES publications(id),
            response_id INTEGER REFERENCES published_responses(id),
            position INTEGER NOT NULL,
            path TEXT NOT NULL,
            role TEXT NOT NULL,
            title TEXT NOT NULL,
            media_type TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            version_id INTEGER,
            kind TEXT NOT NULL DEFAULT '',
            reference TEXT NOT NULL DEFAULT '',
            version_number INTEGER,
            conducted TEXT,
            approved TEXT,
            CHECK ((publication_id IS NULL) <> (response_id IS NULL))
        );
        CREATE UNIQUE INDEX public_files_publication ON public_files(publication_id, path)
            WHERE publication_id IS NOT NULL;
        CREATE UNIQUE INDEX public_files_response ON public_files(response_id, path)
            WHERE response_id IS NOT NULL;
        CREATE INDEX public_files_version ON public_files(version_id);
        """
    )


@migrations(name="0024_publish19_disclosure_publication")
def disclosure_publication(db: Database) -> None:
    """The disclosure log records publications of systems' public records: `what` may be 'publication'.

    Widening a CHECK changes no stored row, so the table's declaration is edited in place, as SQLite
    documents for such changes, rather than rebuilt under the log's triggers and the tables referring to it.
    Whatever values other migrations have added are kept.
    """
    found = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'disclosures'"
    ).fetchone()
    match = re.search(r"CHECK \(what IN \(([^)]*)\)\)", found[0])
    if match is None or "'publication'" in match.group(1):
        return
    widened = found[0].replace(match.group(0), f"CHECK (what IN ({match.group(1)}, 'publication'))")
    version = db.execute("PRAGMA schema_version").fetchone()[0]
    db.execute("PRAGMA writable_schema = ON")
    try:
        db.execute(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'disclosures'", [widened]
        )
        db.execute(f"PRAGMA schema_version = {version + 1}")
    finally:
        db.execute("PRAGMA writable_schema = OFF")


def apply(db: Database) -> list[str]:
    """Apply pending migrations; return the names applied now."""
    pending = [m.name for m in migrations.pending(db)]
    migrations.apply(db)
    return pending


def applied(db: Database) -> list[str]:
    """Names of applied migrations, oldest first."""
    return [m.name for m in migrations.applied(db)]


def schema_version(db: Database) -> str:
    """The newest applied migration, shown to admins and by `dpia init`."""
    names = applied(db)
    return names[-1] if names else "none"


def pending(db: Database) -> list[str]:
    """Names of migrations not yet applied."""
    return [m.name for m in migrations.pending(db)]
