import GRDB

/// The store's schema, as GRDB migrations. Each migration is a frozen string literal: once shipped it is
/// never edited; a change is a new migration.
///
/// Conventions: instants are `INTEGER` epoch milliseconds (UTC); every imported row records the import run
/// that last wrote it (`import_run_id`); every imported entity has a deterministic `key`
/// (`<source>:<entity>:<key>`), which is what makes re-imports upserts.
public enum Schema {
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3-days-off") { db in
            try db.execute(sql: v3DaysOff)
        }
        migrator.registerMigration("v3-work-item-kind") { db in
            try db.execute(sql: v3WorkItemKind)
        }
        migrator.registerMigration("v4-calendar") { db in
            try db.execute(sql: v4Calendar)
        }
        migrator.registerMigration("v5-people-overrides") { db in
            try db.execute(sql: v5PeopleOverrides)
        }
        return migrator
    }

    /// Makes a message unique in its channel: the conflict target of a re-import's upsert. A load into an
    /// empty `message` table drops it (`dropMessageKey`) and inserts without it (the importer refuses repeated
    /// ids, so the rows are unique); the next import of messages creates it again before it upserts.
    static let createMessageKey = "CREATE UNIQUE INDEX IF NOT EXISTS message_key ON message(channel_id, message_id)"

    static let dropMessageKey = "DROP INDEX IF EXISTS message_key"

    static let v1 = """
    CREATE TABLE setting (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    );
    CREATE TABLE import_run (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        file_name TEXT NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        rows_read INTEGER NOT NULL DEFAULT 0,
        rows_inserted INTEGER NOT NULL DEFAULT 0,
        rows_updated INTEGER NOT NULL DEFAULT 0,
        rows_skipped INTEGER NOT NULL DEFAULT 0,
        warning_count INTEGER NOT NULL DEFAULT 0,
        warnings TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE team (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
    );
    CREATE TABLE person (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        directory_id TEXT,
        display_id TEXT NOT NULL,
        name TEXT,
        email TEXT,
        team TEXT NOT NULL DEFAULT 'unassigned',
        timezone TEXT,
        work_start TEXT,
        work_end TEXT,
        workdays TEXT,
        is_bot INTEGER NOT NULL DEFAULT 0,
        from_directory INTEGER NOT NULL DEFAULT 0,
        import_run_id INTEGER
    );
    CREATE TABLE identity (
        id INTEGER PRIMARY KEY,
        reference TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        external_id TEXT NOT NULL,
        person_id INTEGER NOT NULL REFERENCES person(id),
        claimed_by_directory INTEGER NOT NULL DEFAULT 0,
        import_run_id INTEGER
    );
    CREATE INDEX identity_person ON identity(person_id);
    CREATE TABLE channel (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        import_run_id INTEGER
    );
    CREATE TABLE message (
        id INTEGER PRIMARY KEY,
        channel_id INTEGER NOT NULL REFERENCES channel(id),
        message_id TEXT NOT NULL,
        author_id INTEGER NOT NULL REFERENCES identity(id),
        sent_at INTEGER NOT NULL,
        thread_id TEXT,
        mentions TEXT,
        mention_tokens TEXT,
        is_question INTEGER NOT NULL DEFAULT 0,
        length INTEGER NOT NULL DEFAULT 0,
        url_count INTEGER NOT NULL DEFAULT 0,
        is_system INTEGER NOT NULL DEFAULT 0,
        source TEXT NOT NULL DEFAULT 'csv',
        text TEXT,
        import_run_id INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX message_key ON message(channel_id, message_id);
    CREATE TABLE work_item (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        item_id TEXT NOT NULL,
        title TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        status TEXT NOT NULL,
        original_status TEXT,
        resolved_at INTEGER,
        due_at TEXT,
        assignees TEXT,
        reporter_id INTEGER REFERENCES identity(id),
        project TEXT,
        description_length INTEGER NOT NULL DEFAULT 0,
        has_acceptance INTEGER NOT NULL DEFAULT 0,
        has_url INTEGER NOT NULL DEFAULT 0,
        links TEXT,
        updated_at INTEGER,
        description TEXT,
        import_run_id INTEGER NOT NULL
    );
    CREATE TABLE work_item_event (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        work_item_id INTEGER NOT NULL REFERENCES work_item(id),
        at INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        field TEXT NOT NULL,
        from_value TEXT,
        to_value TEXT,
        actor_id INTEGER REFERENCES identity(id),
        import_run_id INTEGER NOT NULL
    );
    CREATE INDEX work_item_event_item ON work_item_event(work_item_id, at, seq);
    CREATE TABLE meeting (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        meeting_id TEXT NOT NULL,
        title TEXT,
        start_at INTEGER NOT NULL,
        end_at INTEGER NOT NULL,
        organizer_id INTEGER REFERENCES identity(id),
        series_id TEXT,
        all_day INTEGER NOT NULL DEFAULT 0,
        cancelled INTEGER NOT NULL DEFAULT 0,
        free INTEGER NOT NULL DEFAULT 0,
        agenda_length INTEGER NOT NULL DEFAULT 0,
        has_notes INTEGER NOT NULL DEFAULT 0,
        notes_url TEXT,
        description TEXT,
        import_run_id INTEGER NOT NULL
    );
    CREATE INDEX meeting_start ON meeting(start_at);
    CREATE TABLE attendance (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meeting(id),
        identity_id INTEGER NOT NULL REFERENCES identity(id),
        response TEXT NOT NULL,
        import_run_id INTEGER NOT NULL,
        UNIQUE (meeting_id, identity_id)
    );
    """

    /// Version 2: the import seam. An import run names its format and the source of its keys, and counts what
    /// it did per entity (`import_run_entity`); people created because a record named them get keys of the
    /// one key form (`ref:person:<reference>`, was `ref:<reference>`). Runs of version 1 get their counts from
    /// their own columns.
    static let v2 = """
    ALTER TABLE import_run ADD COLUMN format_name TEXT NOT NULL DEFAULT '';
    ALTER TABLE import_run ADD COLUMN key_source TEXT NOT NULL DEFAULT 'csv';
    CREATE TABLE import_run_entity (
        import_run_id INTEGER NOT NULL REFERENCES import_run(id),
        entity TEXT NOT NULL,
        inserted INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL DEFAULT 0,
        unchanged INTEGER NOT NULL DEFAULT 0,
        created INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (import_run_id, entity)
    );
    INSERT INTO import_run_entity(import_run_id, entity, inserted, updated, unchanged)
    SELECT id, CASE kind WHEN 'people' THEN 'person' WHEN 'work-items' THEN 'work_item'
            WHEN 'work-item-events' THEN 'work_item_event' WHEN 'meetings' THEN 'meeting'
            WHEN 'attendees' THEN 'attendance' ELSE 'message' END,
        rows_inserted, rows_updated, max(0, rows_read - rows_skipped - rows_inserted - rows_updated)
    FROM import_run WHERE finished_at IS NOT NULL;
    UPDATE import_run SET format_name = 'canonical CSV ' || kind WHERE format_name = '';
    UPDATE person SET key = 'v2-rename:' || substr(key, 5) WHERE from_directory = 0 AND key LIKE 'ref:%';
    UPDATE person SET key = 'ref:person:' || substr(key, 11) WHERE key LIKE 'v2-rename:%';
    """

    /// Days off (metrics v2): a person's holiday calendar, time off and public holidays. Neither time off nor
    /// holidays are keyed: each row records the input (path) it came from, and importing that input again
    /// replaces what it gave.
    static let v3DaysOff = """
    ALTER TABLE person ADD COLUMN holiday_calendar TEXT;
    CREATE TABLE time_off (
        id INTEGER PRIMARY KEY,
        identity_id INTEGER NOT NULL REFERENCES identity(id),
        start_date TEXT NOT NULL,
        end_date TEXT NOT NULL,
        kind TEXT,
        input_path TEXT NOT NULL,
        import_run_id INTEGER NOT NULL
    );
    CREATE INDEX time_off_input ON time_off(input_path);
    CREATE TABLE holiday (
        id INTEGER PRIMARY KEY,
        calendar TEXT NOT NULL,
        date TEXT NOT NULL,
        name TEXT,
        input_path TEXT NOT NULL,
        import_run_id INTEGER NOT NULL
    );
    CREATE INDEX holiday_input ON holiday(input_path);
    """

    /// The tracker importers: a work item keeps what its source calls it (`pr`, `issue`, a Jira issue type,
    /// `card`); NULL for canonical CSV rows and rows imported before.
    static let v3WorkItemKind = """
    ALTER TABLE work_item ADD COLUMN kind TEXT;
    """

    /// Version 4: calendars. The same meeting comes in every attendee's calendar export; each person's own
    /// export is the authority for their own answer (`own_answer` 1). Another person's copy (0) fills an
    /// answer nobody's own calendar gave, and never replaces an own one. Rows of canonical CSV are own answers.
    static let v4Calendar = """
    ALTER TABLE attendance ADD COLUMN own_answer INTEGER NOT NULL DEFAULT 1;
    """

    /// Version 5: changes to the people directory made with `maturity people` (merge, split, set), kept apart
    /// from what imports write and applied again, in `id` order, after every import. `reference` and `others`
    /// (`;`-separated, merges only) are normalised person references; the `set` columns are NULL for "unchanged".
    static let v5PeopleOverrides = """
    CREATE TABLE person_override (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'set')),
        reference TEXT NOT NULL,
        others TEXT NOT NULL DEFAULT '',
        team TEXT,
        timezone TEXT,
        work_start TEXT,
        work_end TEXT,
        workdays TEXT,
        is_bot INTEGER,
        created_at INTEGER NOT NULL
    );
    """
}
