-- deploy/citus/distribute.sql: the national node's schema on Citus (docs/adr/029-citus-national-tier.md).
--
-- Run it against the NATIONAL node's database only, after the EF Core migrations have run (the node's first start, or
-- any hcard command with the node's settings) and before the node takes traffic:
--
--     psql "host=… dbname=healthcard_national user=…" -v ON_ERROR_STOP=1 -f deploy/citus/distribute.sql
--
-- The script is one transaction, and idempotent: a second run finds every step done and changes nothing. It uses no
-- psql meta-command, so a client library can also send it as one command text.
--
-- Part 1 reshapes keys and indexes the way Citus requires: every primary key and unique index of a distributed table
-- holds its distribution column, and foreign keys between distributed tables join co-located rows. It is plain
-- PostgreSQL, so the reshaped schema runs, and can be tested, without Citus.
-- Part 2 distributes the tables. It runs only where the citus extension is installed in this database (CREATE
-- EXTENSION citus on the coordinator, workers added with citus_add_node, citus.shard_count chosen beforehand); on plain
-- PostgreSQL it says so and does nothing.
--
-- The choices (what is distributed by what, what is a reference table, what stays on the coordinator, which
-- constraints change) are explained in ADR 029. Later migrations that touch a constraint named here must be checked
-- against this script.

BEGIN;

-- ---------------------------------------------------------------------------------------------------------------------
-- Part 1: reshape (plain PostgreSQL)
-- ---------------------------------------------------------------------------------------------------------------------
DO $part1$
DECLARE
    r record;
    current_columns text[];
BEGIN
    IF to_regclass('"IdentityClaims"') IS NULL OR to_regclass('"NetworkCards"') IS NULL
       OR to_regclass('"AuditAnchors"') IS NULL THEN
        RAISE EXCEPTION 'The network tables (IdentityClaims, NetworkCards, AuditAnchors) do not exist: run the migrations first (start the national node once).';
    END IF;

    -- 1. Foreign keys. Those pointing at a primary key that step 2 widens become composite, carrying the resident id
    --    (added back in step 5); the two whose child table has no resident id are removed (def NULL): card events and
    --    application attachments are distributed by their parent's id, not co-located with it (ADR 029).
    --    A key already in its final shape is left alone.
    CREATE TEMP TABLE hc_wanted_fk (tbl text, con text, def text) ON COMMIT DROP;
    INSERT INTO hc_wanted_fk VALUES
        ('CardEvents',             'FK_CardEvents_Cards_CardId',                               NULL),
        ('ApplicationAttachments', 'FK_ApplicationAttachments_CardApplications_ApplicationId', NULL),
        ('ReplacementRequests',    'FK_ReplacementRequests_Cards_CardId',
            'FOREIGN KEY ("ResidentId", "CardId") REFERENCES "Cards"("ResidentId", "Id") ON DELETE CASCADE'),
        ('ProductionBatchItems',   'FK_ProductionBatchItems_Cards_CardId',
            'FOREIGN KEY ("ResidentId", "CardId") REFERENCES "Cards"("ResidentId", "Id") ON DELETE CASCADE'),
        ('ProductionBatchItems',   'FK_ProductionBatchItems_CardApplications_ApplicationId',
            'FOREIGN KEY ("ResidentId", "ApplicationId") REFERENCES "CardApplications"("ResidentId", "Id")');

    FOR r IN
        SELECT w.tbl, w.con FROM hc_wanted_fk w
        JOIN pg_constraint c ON c.conrelid = to_regclass(quote_ident(w.tbl)) AND c.conname = w.con
        WHERE w.def IS NULL OR pg_get_constraintdef(c.oid) <> w.def
    LOOP
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', r.tbl, r.con);
    END LOOP;

    -- 2. Primary keys that must hold the distribution column. The row's own id stays in the key, so a row is still
    --    found by its id; an upsert (ON CONFLICT) names both columns.
    FOR r IN
        SELECT * FROM (VALUES
            ('Cards',                  'PK_Cards',                  'PRIMARY KEY ("ResidentId", "Id")'),
            ('CardApplications',       'PK_CardApplications',       'PRIMARY KEY ("ResidentId", "Id")'),
            ('ResidentRevisions',      'PK_ResidentRevisions',      'PRIMARY KEY ("ResidentId", "Id")'),
            ('ReplacementRequests',    'PK_ReplacementRequests',    'PRIMARY KEY ("ResidentId", "Id")'),
            ('ProductionBatchItems',   'PK_ProductionBatchItems',   'PRIMARY KEY ("ResidentId", "Id")'),
            ('CardEvents',             'PK_CardEvents',             'PRIMARY KEY ("CardId", "Id")'),
            ('ApplicationAttachments', 'PK_ApplicationAttachments', 'PRIMARY KEY ("ApplicationId", "Id")'),
            ('LifecycleEvents',        'PK_LifecycleEvents',        'PRIMARY KEY ("SubjectKey", "Id")'),
            -- UsageEvents is partitioned by month: its key also holds the partition column.
            ('UsageEvents',            'PK_UsageEvents',            'PRIMARY KEY ("CardNumberIndex", "Id", "OccurredAt")')
        ) AS t(tbl, con, def)
        WHERE NOT EXISTS (
            SELECT 1 FROM pg_constraint c
            WHERE c.conrelid = to_regclass(quote_ident(t.tbl)) AND c.conname = t.con AND pg_get_constraintdef(c.oid) = t.def)
    LOOP
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT IF EXISTS %I', r.tbl, r.con);
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I %s', r.tbl, r.con, r.def);
    END LOOP;

    -- 3. Unique indexes. Those the application maps to an error keep their name and gain the resident id (equivalent:
    --    a card, an application or a replacement request belongs to one resident). Three cannot hold a distribution
    --    column and are dropped (cols NULL):
    --    - UX_Residents_LivingIdentity: one living resident per document is enforced nationally by IdentityClaims,
    --      keyed by the blind index (ADR 028);
    --    - UX_Cards_Serial: enforced by CardSerials, keyed by the serial (step 4);
    --    - UX_Cards_ChipSerial: enforced by each owner node for its own cards only (ADR 029, consequences).
    FOR r IN
        SELECT * FROM (VALUES
            ('Residents',            'UX_Residents_LivingIdentity',                   NULL::text[], NULL),
            ('Cards',                'UX_Cards_Serial',                               NULL::text[], NULL),
            ('Cards',                'UX_Cards_ChipSerial',                           NULL::text[], NULL),
            ('ProductionBatchItems', 'IX_ProductionBatchItems_CardId',                ARRAY['ResidentId', 'CardId'], NULL),
            ('ProductionBatchItems', 'UX_ProductionBatchItems_OneLivePerApplication', ARRAY['ResidentId', 'ApplicationId'],
                '"Status" <> ''failed'' AND "ApplicationId" IS NOT NULL'),
            ('ReplacementRequests',  'UX_ReplacementRequests_Card',                   ARRAY['ResidentId', 'CardId'], NULL),
            -- A resent card use has the same card number, so de-duplication is unchanged.
            ('UsageEvents',          'UX_UsageEvents_ClientEvent',
                ARRAY['CardNumberIndex', 'Source', 'ClientEventId', 'OccurredAt'], NULL)
        ) AS t(tbl, idx, cols, predicate)
    LOOP
        SELECT array_agg(a.attname::text ORDER BY k.n) INTO current_columns
        FROM pg_index i
        CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        WHERE i.indexrelid = to_regclass(quote_ident(r.idx));

        IF current_columns IS NOT DISTINCT FROM r.cols THEN
            CONTINUE;
        END IF;
        EXECUTE format('DROP INDEX IF EXISTS %I', r.idx);
        IF r.cols IS NOT NULL THEN
            EXECUTE format('CREATE UNIQUE INDEX %I ON %I (%s)%s', r.idx, r.tbl,
                (SELECT string_agg(quote_ident(c), ', ') FROM unnest(r.cols) AS c),
                CASE WHEN r.predicate IS NULL THEN '' ELSE ' WHERE ' || r.predicate END);
        END IF;
    END LOOP;

    -- 4. CardSerials: the nationwide uniqueness of 发卡序列号, keyed (and later distributed) by the serial, as
    --    IdentityClaims is by the blind index. Filled here from the cards present; from then on the national node
    --    writes the serial's row in the same transaction as the card (its own, or a copy it applies).
    IF to_regclass('"CardSerials"') IS NULL THEN
        CREATE TABLE "CardSerials" (
            "Serial"     character varying(10) NOT NULL,
            "ResidentId" uuid NOT NULL,
            "CardId"     uuid NOT NULL,
            CONSTRAINT "PK_CardSerials" PRIMARY KEY ("Serial")
        );
        INSERT INTO "CardSerials" ("Serial", "ResidentId", "CardId")
        SELECT "Serial", "ResidentId", "Id" FROM "Cards"
        ON CONFLICT ("Serial") DO NOTHING;
        IF EXISTS (SELECT 1 FROM "Cards" c JOIN "CardSerials" s ON s."Serial" = c."Serial" WHERE s."CardId" <> c."Id") THEN
            RAISE EXCEPTION 'Two cards hold one serial; see SELECT "Serial" FROM "Cards" GROUP BY "Serial" HAVING count(*) > 1.';
        END IF;
    END IF;

    -- 5. The composite foreign keys of step 1.
    FOR r IN
        SELECT w.tbl, w.con, w.def FROM hc_wanted_fk w
        WHERE w.def IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                          WHERE c.conrelid = to_regclass(quote_ident(w.tbl)) AND c.conname = w.con)
    LOOP
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I %s', r.tbl, r.con, r.def);
    END LOOP;
END
$part1$;

-- ---------------------------------------------------------------------------------------------------------------------
-- Part 2: distribute (Citus only)
-- ---------------------------------------------------------------------------------------------------------------------
DO $part2$
DECLARE
    r record;
    -- Replicated to every worker: small, read by nearly every query, joined with person data, and free of the
    -- distribution column's constraints (ADR 029). Listed parents first.
    reference_tables constant text[] := ARRAY[
        'Institutions', 'Products', 'Terminals', 'Sams', 'ProductionBatches', 'SamPlans', 'SamApplications', 'ImportJobs'];
    distributed_tables text[];
    saved_tbl text[] := '{}';
    saved_con text[] := '{}';
    saved_def text[] := '{}';
    t text;
    i int;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'The citus extension is not installed in this database: keys reshaped (part 1), nothing distributed (part 2).';
        RETURN;
    END IF;

    -- Foreign keys to reference tables are created in this same transaction, after parallel shard work: Citus needs
    -- sequential execution for that. Cross-shard joins (cards with their events, cards by serial) need repartitioning.
    PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
    PERFORM set_config('citus.enable_repartition_joins', 'on', true);
    EXECUTE format('ALTER DATABASE %I SET citus.enable_repartition_joins TO on', current_database());

    -- Hash-distributed tables, with their distribution column and co-location group, parents before children.
    CREATE TEMP TABLE hc_distribution (n int, tbl text, col text, colocate_with text) ON COMMIT DROP;
    INSERT INTO hc_distribution VALUES
        -- Person data, by the stable person id: one resident and everything of theirs on one shard.
        ( 1, 'Residents',              'Id',              'none'),
        ( 2, 'ResidentRevisions',      'ResidentId',      'Residents'),
        ( 3, 'Cards',                  'ResidentId',      'Residents'),
        ( 4, 'CardApplications',       'ResidentId',      'Residents'),
        ( 5, 'ProductionBatchItems',   'ResidentId',      'Residents'),
        ( 6, 'ReplacementRequests',    'ResidentId',      'Residents'),
        ( 7, 'PortalAccounts',         'ResidentId',      'Residents'),
        ( 8, 'ResidentSources',        'ResidentId',      'Residents'),
        -- Children without the resident id, by their parent's id.
        ( 9, 'CardEvents',             'CardId',          'none'),
        (10, 'NetworkCards',           'CardId',          'CardEvents'),
        (11, 'ApplicationAttachments', 'ApplicationId',   'none'),
        -- By the blind index of the ID (card) number: the claims, and every card use (partitioned by month).
        (12, 'IdentityClaims',         'IdNumberIndex',   'none'),
        (13, 'UsageEvents',            'CardNumberIndex', 'IdentityClaims'),
        -- By their own natural key.
        (14, 'CardSerials',            'Serial',          'none'),
        (15, 'LifecycleEvents',        'SubjectKey',      'none'),
        (16, 'ImportRejections',       'JobId',           'none'),
        (17, 'AuditAnchors',           'Node',            'none');
    SELECT array_agg(tbl ORDER BY n) INTO distributed_tables FROM hc_distribution;

    -- 1. The statistics triggers (ADR 013) are statement-level triggers with transition tables; Citus refuses
    --    statement-level triggers on distributed tables. The national tier's counters are not kept by them (ADR 029).
    IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = '"Residents"'::regclass) THEN
        DROP TRIGGER IF EXISTS hc_count_residents_inserted ON "Residents";
        DROP TRIGGER IF EXISTS hc_count_residents_updated ON "Residents";
        DROP TRIGGER IF EXISTS hc_count_cards_inserted ON "Cards";
        DROP TRIGGER IF EXISTS hc_count_cards_updated ON "Cards";
        DROP TRIGGER IF EXISTS hc_count_card_events_inserted ON "CardEvents";
    END IF;

    -- 2. Foreign keys among the tables about to become Citus tables, on a table not yet one: kept aside and dropped, so
    --    that each table can be distributed on its own, then added back in step 5 (Citus then checks each is legal).
    FOR r IN
        SELECT c.conrelid::regclass::text AS tbl, c.conname AS con, pg_get_constraintdef(c.oid) AS def
        FROM pg_constraint c
        WHERE c.contype = 'f'
          AND (c.conrelid  IN (SELECT to_regclass(quote_ident(x))::oid FROM unnest(reference_tables || distributed_tables) AS x)
            OR c.confrelid IN (SELECT to_regclass(quote_ident(x))::oid FROM unnest(reference_tables || distributed_tables) AS x))
          AND c.conrelid NOT IN (SELECT logicalrelid::oid FROM pg_dist_partition)
          AND c.conparentid = 0   -- on a partitioned table, the parent's constraint only
    LOOP
        saved_tbl := saved_tbl || r.tbl;
        saved_con := saved_con || r.con::text;
        saved_def := saved_def || r.def;
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.con);
    END LOOP;

    -- 3. Reference tables.
    FOREACH t IN ARRAY reference_tables LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = to_regclass(quote_ident(t))) THEN
            PERFORM create_reference_table(quote_ident(t)::regclass);
        END IF;
    END LOOP;

    -- 4. Distributed tables. The distribution column is taken literally; the co-location table is a name to parse.
    FOR r IN SELECT * FROM hc_distribution ORDER BY n LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = to_regclass(quote_ident(r.tbl))) THEN
            PERFORM create_distributed_table(quote_ident(r.tbl)::regclass, r.col,
                colocate_with => CASE WHEN r.colocate_with = 'none' THEN 'none' ELSE quote_ident(r.colocate_with) END);
        END IF;
    END LOOP;

    -- 5. The foreign keys of step 2, back. Legal now: distributed to reference, reference to reference, or between
    --    co-located distributed tables on their distribution column.
    FOR i IN 1 .. coalesce(array_length(saved_tbl, 1), 0) LOOP
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', saved_tbl[i], saved_con[i], saved_def[i]);
    END LOOP;

    -- Everything else stays a plain table on the coordinator: the node's own audit chain and checkpoints, keys and key
    -- ceremonies, staff and API keys, sign-in counters, the cookie key ring, serial counters, statistics counters and
    -- coverage plans, SAM handovers, import jobs' file segments, and the network's outbox and refusals. They are small,
    -- or written only by this node for itself.
END
$part2$;

COMMIT;
