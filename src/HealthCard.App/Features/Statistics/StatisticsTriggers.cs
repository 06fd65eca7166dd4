namespace HealthCard.App.Features.Statistics;

/// <summary>
/// The triggers that keep <see cref="StatisticCounter"/> in step with residents, cards and card events, and the backfill
/// for rows that existed before them (docs/adr/013-statistics-counters.md). They live in the database, not in the use
/// cases, so that every path counts: EF saves, bulk imports through COPY, and hand-run SQL alike.
/// <para>
/// The invariant: each card is counted once under its current status with its holder's current tags. A status change
/// moves it between statuses; a tag change of the holder moves all the holder's cards between tag sets.
/// </para>
/// </summary>
public static class StatisticsTriggers
{
    private const string Insert = """INSERT INTO "StatisticCounters" ("RegionCode", "Metric", "Status", "Month", "Mode", "Issuer", "Tags", "Count")""";

    /// <summary>
    /// PostgreSQL: statement-level triggers with transition tables, so a COPY of 100,000 residents writes one counter
    /// row per (region, tags) rather than one per resident.
    /// </summary>
    public static string Postgres { get; } = $"""
        CREATE FUNCTION hc_count_residents_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {Insert}
            SELECT "RegionCode", 'resident', '', '', '', '', "Tags", count(*) FROM new_rows WHERE "DeathDate" IS NULL
            GROUP BY "RegionCode", "Tags";
            RETURN NULL;
        END $$;
        CREATE TRIGGER hc_count_residents_inserted AFTER INSERT ON "Residents"
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hc_count_residents_inserted();

        CREATE FUNCTION hc_count_residents_updated() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {Insert}
            SELECT region, 'resident', '', '', '', '', tags, sum(delta) FROM (
                SELECT o."RegionCode" AS region, o."Tags" AS tags, -1 AS delta
                FROM old_rows o JOIN new_rows n ON n."Id" = o."Id" WHERE o."DeathDate" IS NULL
                UNION ALL
                SELECT n."RegionCode", n."Tags", 1
                FROM old_rows o JOIN new_rows n ON n."Id" = o."Id" WHERE n."DeathDate" IS NULL) moved
            GROUP BY region, tags HAVING sum(delta) <> 0;
            {Insert}
            SELECT c."RegionCode", 'card', c."Status", '', c."Mode", c."IssuerCode", t.tags, sum(t.delta)
            FROM old_rows o JOIN new_rows n ON n."Id" = o."Id" AND n."Tags" <> o."Tags"
            JOIN "Cards" c ON c."ResidentId" = n."Id"
            CROSS JOIN LATERAL (VALUES (o."Tags", -1), (n."Tags", 1)) AS t(tags, delta)
            GROUP BY c."RegionCode", c."Status", c."Mode", c."IssuerCode", t.tags HAVING sum(t.delta) <> 0;
            RETURN NULL;
        END $$;
        CREATE TRIGGER hc_count_residents_updated AFTER UPDATE ON "Residents"
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hc_count_residents_updated();

        CREATE FUNCTION hc_count_cards_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {Insert}
            SELECT c."RegionCode", 'card', c."Status", '', c."Mode", c."IssuerCode", r."Tags", count(*)
            FROM new_rows c JOIN "Residents" r ON r."Id" = c."ResidentId"
            GROUP BY c."RegionCode", c."Status", c."Mode", c."IssuerCode", r."Tags";
            RETURN NULL;
        END $$;
        CREATE TRIGGER hc_count_cards_inserted AFTER INSERT ON "Cards"
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hc_count_cards_inserted();

        CREATE FUNCTION hc_count_cards_updated() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {Insert}
            SELECT n."RegionCode", 'card', s.status, '', n."Mode", n."IssuerCode", r."Tags", sum(s.delta)
            FROM old_rows o JOIN new_rows n ON n."Id" = o."Id" AND n."Status" <> o."Status"
            JOIN "Residents" r ON r."Id" = n."ResidentId"
            CROSS JOIN LATERAL (VALUES (o."Status", -1), (n."Status", 1)) AS s(status, delta)
            GROUP BY n."RegionCode", s.status, n."Mode", n."IssuerCode", r."Tags" HAVING sum(s.delta) <> 0;
            RETURN NULL;
        END $$;
        CREATE TRIGGER hc_count_cards_updated AFTER UPDATE ON "Cards"
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hc_count_cards_updated();

        CREATE FUNCTION hc_count_card_events_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {Insert}
            SELECT c."RegionCode", 'event', e."Action", to_char(e."OccurredAt" AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'),
                c."Mode", c."IssuerCode", r."Tags", count(*)
            FROM new_rows e JOIN "Cards" c ON c."Id" = e."CardId" JOIN "Residents" r ON r."Id" = c."ResidentId"
            GROUP BY 1, 3, 4, 5, 6, 7;
            RETURN NULL;
        END $$;
        CREATE TRIGGER hc_count_card_events_inserted AFTER INSERT ON "CardEvents"
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hc_count_card_events_inserted();

        {Backfill("""to_char(e."OccurredAt" AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')""")}
        """;

    /// <summary>SQLite has row-level triggers only. Timestamps there are UTC ticks (see SqliteHealthCardDb); China time is UTC+8.</summary>
    public static string Sqlite { get; } = $"""
        CREATE TRIGGER hc_count_residents_inserted AFTER INSERT ON "Residents" WHEN NEW."DeathDate" IS NULL
        BEGIN
            {Insert} VALUES (NEW."RegionCode", 'resident', '', '', '', '', NEW."Tags", 1);
        END;

        CREATE TRIGGER hc_count_residents_updated AFTER UPDATE ON "Residents"
        WHEN OLD."RegionCode" <> NEW."RegionCode" OR OLD."Tags" <> NEW."Tags" OR (OLD."DeathDate" IS NULL) <> (NEW."DeathDate" IS NULL)
        BEGIN
            {Insert} SELECT OLD."RegionCode", 'resident', '', '', '', '', OLD."Tags", -1 WHERE OLD."DeathDate" IS NULL;
            {Insert} SELECT NEW."RegionCode", 'resident', '', '', '', '', NEW."Tags", 1 WHERE NEW."DeathDate" IS NULL;
            {Insert} SELECT c."RegionCode", 'card', c."Status", '', c."Mode", c."IssuerCode", OLD."Tags", -1
                FROM "Cards" c WHERE c."ResidentId" = NEW."Id" AND OLD."Tags" <> NEW."Tags";
            {Insert} SELECT c."RegionCode", 'card', c."Status", '', c."Mode", c."IssuerCode", NEW."Tags", 1
                FROM "Cards" c WHERE c."ResidentId" = NEW."Id" AND OLD."Tags" <> NEW."Tags";
        END;

        CREATE TRIGGER hc_count_cards_inserted AFTER INSERT ON "Cards"
        BEGIN
            {Insert} SELECT NEW."RegionCode", 'card', NEW."Status", '', NEW."Mode", NEW."IssuerCode", r."Tags", 1
                FROM "Residents" r WHERE r."Id" = NEW."ResidentId";
        END;

        CREATE TRIGGER hc_count_cards_updated AFTER UPDATE OF "Status" ON "Cards" WHEN OLD."Status" <> NEW."Status"
        BEGIN
            {Insert} SELECT NEW."RegionCode", 'card', OLD."Status", '', NEW."Mode", NEW."IssuerCode", r."Tags", -1
                FROM "Residents" r WHERE r."Id" = NEW."ResidentId";
            {Insert} SELECT NEW."RegionCode", 'card', NEW."Status", '', NEW."Mode", NEW."IssuerCode", r."Tags", 1
                FROM "Residents" r WHERE r."Id" = NEW."ResidentId";
        END;

        CREATE TRIGGER hc_count_card_events_inserted AFTER INSERT ON "CardEvents"
        BEGIN
            {Insert} SELECT c."RegionCode", 'event', NEW."Action", {SqliteMonth("NEW.\"OccurredAt\"")}, c."Mode", c."IssuerCode", r."Tags", 1
                FROM "Cards" c JOIN "Residents" r ON r."Id" = c."ResidentId" WHERE c."Id" = NEW."CardId";
        END;

        {Backfill(SqliteMonth("e.\"OccurredAt\""))}
        """;

    /// <summary>Removes the triggers (the migration's Down).</summary>
    public static string Drop(bool postgres) => postgres
        ? """
          DROP TRIGGER IF EXISTS hc_count_residents_inserted ON "Residents"; DROP FUNCTION IF EXISTS hc_count_residents_inserted();
          DROP TRIGGER IF EXISTS hc_count_residents_updated ON "Residents"; DROP FUNCTION IF EXISTS hc_count_residents_updated();
          DROP TRIGGER IF EXISTS hc_count_cards_inserted ON "Cards"; DROP FUNCTION IF EXISTS hc_count_cards_inserted();
          DROP TRIGGER IF EXISTS hc_count_cards_updated ON "Cards"; DROP FUNCTION IF EXISTS hc_count_cards_updated();
          DROP TRIGGER IF EXISTS hc_count_card_events_inserted ON "CardEvents"; DROP FUNCTION IF EXISTS hc_count_card_events_inserted();
          """
        : """
          DROP TRIGGER IF EXISTS hc_count_residents_inserted; DROP TRIGGER IF EXISTS hc_count_residents_updated;
          DROP TRIGGER IF EXISTS hc_count_cards_inserted; DROP TRIGGER IF EXISTS hc_count_cards_updated;
          DROP TRIGGER IF EXISTS hc_count_card_events_inserted;
          """;

    private static string SqliteMonth(string ticks) => $"strftime('%Y-%m', ({ticks} - 621355968000000000) / 10000000 + 28800, 'unixepoch')";

    /// <summary>Counts what existed before the triggers, and gives old cards their holder's region.</summary>
    private static string Backfill(string eventMonth) => $"""
        UPDATE "Cards" SET "RegionCode" = (SELECT r."RegionCode" FROM "Residents" r WHERE r."Id" = "Cards"."ResidentId") WHERE "RegionCode" = '';
        {Insert}
        SELECT "RegionCode", 'resident', '', '', '', '', "Tags", count(*) FROM "Residents" WHERE "DeathDate" IS NULL GROUP BY "RegionCode", "Tags";
        {Insert}
        SELECT c."RegionCode", 'card', c."Status", '', c."Mode", c."IssuerCode", r."Tags", count(*)
        FROM "Cards" c JOIN "Residents" r ON r."Id" = c."ResidentId" GROUP BY c."RegionCode", c."Status", c."Mode", c."IssuerCode", r."Tags";
        {Insert}
        SELECT c."RegionCode", 'event', e."Action", {eventMonth}, c."Mode", c."IssuerCode", r."Tags", count(*)
        FROM "CardEvents" e JOIN "Cards" c ON c."Id" = e."CardId" JOIN "Residents" r ON r."Id" = c."ResidentId"
        GROUP BY c."RegionCode", e."Action", {eventMonth}, c."Mode", c."IssuerCode", r."Tags";
        """;
}
