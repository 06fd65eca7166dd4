using System.Globalization;
using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Security;
using HealthCard.Domain.Residents;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace HealthCard.App.Features.Imports;

/// <summary>A chunk of lines, ready to commit: valid rows not seen before in the file, and the rejections found so far.</summary>
internal sealed record ImportChunk(int LastLine, IReadOnlyList<ProcessedRow> Candidates, IReadOnlyList<PendingRejection> Rejections, int BlankLines);

internal sealed record PendingRejection(int Line, string Content, string Code, IReadOnlyList<RejectionReason> Reasons);

internal readonly record struct ChunkResult(int Accepted, int Merged, int Rejected);

/// <summary>How a staged row met the living resident of its identity.</summary>
internal enum MatchKind
{
    /// <summary>Same name and birth date, within the importer's region: the tags and a source record are added.</summary>
    Merged,

    /// <summary>Another name or birth date, within the importer's region: reported for review, never overwritten.</summary>
    Conflict,

    /// <summary>In a region the importer cannot see: refused, saying only that it exists (no name, birth date or region).</summary>
    Elsewhere,
}

internal readonly record struct Match(int Line, Guid ResidentId, string ResidentRegion, MatchKind Kind);

/// <summary>Another runner advanced the job's checkpoint: this one stops, its chunk rolled back.</summary>
internal sealed class ImportCheckpointMovedException(Guid jobId)
    : InvalidOperationException($"Import {jobId} was advanced by another runner; this one stops.");

/// <summary>
/// Commits one chunk in ONE transaction: the new residents, the merges (tags OR-ed in), the source records, the
/// rejections (conflicts found here included), one audit entry per merged resident and per refusal of a resident in
/// another region (ADR 018), and the job's checkpoint and counters. The checkpoint update names the line the chunk
/// started from and requires the job to be active, so two runners on one job cannot both commit the same lines
/// (ADR 011) and a cancelled job stops at its next chunk. Merges stay within the importer's region (the job's
/// <see cref="ImportJob.ActorRegion"/>): a resident elsewhere is neither changed nor described.
/// PostgreSQL: binary COPY into a temporary staging table, then set-based statements through the blind index.
/// SQLite: prepared statements, one row at a time, inside the chunk's transaction (SQLite has one writer anyway).
/// One writer per running job, on its own connection. The node's audit gate is taken before the transaction begins
/// (the order every audited write uses, so no deadlock), and the chain's head advances only after the commit.
/// </summary>
internal abstract class ImportChunkWriter(ImportJob job, PersonalDataProtector protector, AuditChainHead head) : IAsyncDisposable
{
    protected ImportJob Job { get; } = job;

    /// <summary>
    /// In a network, each resident written (new or merged) also queues an outbox row in the chunk's transaction, as the
    /// interceptor does for EF Core writes (ADR 027); and a read-only copy is never merged into (it counts as elsewhere).
    /// </summary>
    protected bool QueueForNetwork { get; private set; }

    protected AuditChainHead Head { get; } = head;

    /// <summary>Who the chunk's audit entries name: the job's importer.</summary>
    protected Caller Importer { get; } = new(job.Actor, job.ActorRegion, new HashSet<string>(),
        Domain.Common.EnumNames.TryParse<Domain.Common.Channel>(job.Channel, out var channel) ? channel : Domain.Common.Channel.System);

    public static async Task<ImportChunkWriter> OpenAsync(DatabaseSettings database, PersonalDataProtector protector, AuditChainHead head,
        ImportJob job, bool queueForNetwork, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ImportChunkWriter writer = database.IsPostgres
            ? await PostgresWriter.OpenAsync(database.ConnectionString, protector, head, job, cancellationToken)
            : SqliteWriter.Open(database.ConnectionString, protector, head, job);
        return queueForNetwork ? writer.Queueing() : writer;
    }

    private ImportChunkWriter Queueing()
    {
        QueueForNetwork = true;
        return this;
    }

    /// <summary>Commits <paramref name="chunk"/>; <paramref name="committedLine"/> is the checkpoint it continues from.</summary>
    public async Task<ChunkResult> WriteAsync(ImportChunk chunk, int committedLine, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await Head.Gate.WaitAsync(cancellationToken);
        try
        {
            return await WriteLockedAsync(chunk, committedLine, now, cancellationToken);
        }
        catch
        {
            Head.Forget();
            throw;
        }
        finally
        {
            Head.Gate.Release();
        }
    }

    protected abstract Task<ChunkResult> WriteLockedAsync(ImportChunk chunk, int committedLine, DateTimeOffset now, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>Whether a resident's region lies within the importer's.</summary>
    protected bool Visible(string regionCode) => regionCode.StartsWith(Job.ActorRegion, StringComparison.Ordinal);

    /// <summary>
    /// The chunk's audit records: one per resident merged into (who, which job and line, which tags) and one per refused
    /// row whose resident lives in another region (entered under that region, so that its auditors see the attempt).
    /// </summary>
    protected IEnumerable<AuditRecord> AuditRecords(IEnumerable<Match> matches, IReadOnlyDictionary<int, ProcessedRow> rows) =>
        matches.Where(m => m.Kind != MatchKind.Conflict).OrderBy(m => m.Line).Select(m => new AuditRecord(
            "import.merge", "resident", m.ResidentId.ToString(), m.ResidentRegion,
            m.Kind == MatchKind.Merged ? "success" : ImportErrors.RowElsewhere,
            JsonSerializer.Serialize(new
            {
                job = Job.Id,
                line = m.Line,
                tags = m.Kind == MatchKind.Merged ? PopulationTagNames.ToNames(rows[m.Line].Record!.Tags) : null,
                importRegion = Job.RegionCode,
            }, ApiJson.Options)));

    protected static PendingRejection Elsewhere(ProcessedRow row) =>
        new(row.Source.Line, row.Source.Content, ImportErrors.RowElsewhere, [ImportErrors.ExistsElsewhere]);

    protected byte[] ProtectContent(PendingRejection rejection) =>
        protector.Protect(rejection.Content, RejectionContext(Job.Id, rejection.Line));

    internal static string RejectionContext(Guid jobId, int line) => $"import/{jobId:N}/line/{line}";

    protected static string ReasonsJson(PendingRejection rejection) => JsonSerializer.Serialize(rejection.Reasons, ApiJson.Options);

    /// <summary>Conflicts as rejections: the line's original content and the one reason.</summary>
    protected static PendingRejection Conflict(ProcessedRow row) =>
        new(row.Source.Line, row.Source.Content, ImportErrors.RowConflict, [ImportErrors.ConflictWithRegistry]);

    private sealed class PostgresWriter : ImportChunkWriter
    {
        private readonly NpgsqlConnection _connection;

        private PostgresWriter(NpgsqlConnection connection, PersonalDataProtector protector, AuditChainHead head, ImportJob job)
            : base(job, protector, head) =>
            _connection = connection;

        public static async Task<PostgresWriter> OpenAsync(string connectionString, PersonalDataProtector protector, AuditChainHead head,
            ImportJob job, CancellationToken cancellationToken)
        {
            var connection = new NpgsqlConnection(connectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
                // Per connection, emptied at each commit; not logged, not visible to anyone else.
                await using var create = new NpgsqlCommand("""
                    CREATE TEMP TABLE IF NOT EXISTS import_staging (
                        "Line" integer NOT NULL, "Id" uuid NOT NULL, "IdType" varchar(2) NOT NULL, "IdNumberIndex" bytea NOT NULL,
                        "IdNumberCipher" bytea NOT NULL, "Name" varchar(30) NOT NULL, "Gender" varchar(1) NOT NULL,
                        "Ethnicity" varchar(2) NOT NULL, "BirthDate" date NOT NULL, "RegionCode" varchar(6) NOT NULL,
                        "Education" varchar(2), "MaritalStatus" varchar(2), "Occupation" varchar(3), "PaymentMethods" text[] NOT NULL,
                        "Tags" integer NOT NULL, "DetailsCipher" bytea NOT NULL
                    ) ON COMMIT DELETE ROWS
                    """, connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
                return new PostgresWriter(connection, protector, head, job);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        protected override async Task<ChunkResult> WriteLockedAsync(ImportChunk chunk, int committedLine, DateTimeOffset now,
            CancellationToken cancellationToken)
        {
            await using var transaction = await _connection.BeginTransactionAsync(cancellationToken);
            var rejections = new List<PendingRejection>(chunk.Rejections);
            int accepted = 0, merged = 0;
            List<AuditEntry> entries = [];
            if (chunk.Candidates.Count > 0)
            {
                await StageAsync(chunk.Candidates, cancellationToken);
                var acceptedLines = await InsertNewAsync(now, cancellationToken);
                var matches = await MergeExistingAsync(now, cancellationToken);
                accepted = acceptedLines.Count;
                merged = matches.Values.Count(m => m.Kind == MatchKind.Merged);
                foreach (var row in chunk.Candidates)
                {
                    var line = row.Source.Line;
                    if (acceptedLines.Contains(line))
                    {
                        continue;
                    }
                    // Not inserted and not matched: the living resident it collided with died or changed in between.
                    // Rare; it is reported for review rather than lost.
                    var kind = matches.TryGetValue(line, out var match) ? match.Kind : MatchKind.Conflict;
                    if (kind != MatchKind.Merged)
                    {
                        rejections.Add(kind == MatchKind.Elsewhere ? Elsewhere(row) : Conflict(row));
                    }
                }
                var rows = chunk.Candidates.ToDictionary(r => r.Source.Line);
                entries = Head.Link(Head.Committed ?? await ReadHeadAsync(cancellationToken), Importer, now, AuditRecords(matches.Values, rows));
                await InsertAuditAsync(entries, cancellationToken);
            }
            await InsertRejectionsAsync(rejections, cancellationToken);
            await CheckpointAsync(chunk, committedLine, accepted, merged, rejections.Count, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (entries.Count > 0)
            {
                Head.Advance(entries[^1]);
            }
            return new ChunkResult(accepted, merged, rejections.Count);
        }

        private async Task<(long Sequence, byte[] Hash)> ReadHeadAsync(CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand(HeadSql, _connection);
            command.Parameters.Add(new NpgsqlParameter<string>("node", NpgsqlDbType.Varchar) { TypedValue = Head.Node });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), (byte[])reader[1]) : (0, AuditEntry.Genesis);
        }

        /// <summary>The chunk's audit entries, by binary COPY like the rows they record.</summary>
        private async Task InsertAuditAsync(List<AuditEntry> entries, CancellationToken cancellationToken)
        {
            if (entries.Count == 0)
            {
                return;
            }
            await using var copy = await _connection.BeginBinaryImportAsync("""
                COPY "AuditEntries" ("Node", "Sequence", "OccurredAt", "Actor", "Channel", "Action", "TargetType", "TargetId",
                    "RegionCode", "Outcome", "Details", "PreviousHash", "Hash")
                FROM STDIN (FORMAT BINARY)
                """, cancellationToken);
            foreach (var e in entries)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(e.Node, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(e.Sequence, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(e.OccurredAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(e.Actor, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(e.Channel, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(e.Action, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(e.TargetType, NpgsqlDbType.Varchar, cancellationToken);
                await WriteNullableAsync(copy, e.TargetId, cancellationToken);
                await WriteNullableAsync(copy, e.RegionCode, cancellationToken);
                await copy.WriteAsync(e.Outcome, NpgsqlDbType.Varchar, cancellationToken);
                if (e.Details is null)
                {
                    await copy.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await copy.WriteAsync(e.Details, NpgsqlDbType.Text, cancellationToken);
                }
                await copy.WriteAsync(e.PreviousHash, NpgsqlDbType.Bytea, cancellationToken);
                await copy.WriteAsync(e.Hash, NpgsqlDbType.Bytea, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }

        private async Task StageAsync(IReadOnlyList<ProcessedRow> rows, CancellationToken cancellationToken)
        {
            await using (var copy = await _connection.BeginBinaryImportAsync("""
                COPY import_staging ("Line", "Id", "IdType", "IdNumberIndex", "IdNumberCipher", "Name", "Gender", "Ethnicity",
                    "BirthDate", "RegionCode", "Education", "MaritalStatus", "Occupation", "PaymentMethods", "Tags", "DetailsCipher")
                FROM STDIN (FORMAT BINARY)
                """, cancellationToken))
            {
                foreach (var row in rows)
                {
                    var r = row.Record!;
                    await copy.StartRowAsync(cancellationToken);
                    await copy.WriteAsync(row.Source.Line, NpgsqlDbType.Integer, cancellationToken);
                    await copy.WriteAsync(r.Id, NpgsqlDbType.Uuid, cancellationToken);
                    await copy.WriteAsync(r.IdType, NpgsqlDbType.Varchar, cancellationToken);
                    await copy.WriteAsync(r.IdNumberIndex, NpgsqlDbType.Bytea, cancellationToken);
                    await copy.WriteAsync(r.IdNumberCipher, NpgsqlDbType.Bytea, cancellationToken);
                    await copy.WriteAsync(r.Name, NpgsqlDbType.Varchar, cancellationToken);
                    await copy.WriteAsync(r.Gender, NpgsqlDbType.Varchar, cancellationToken);
                    await copy.WriteAsync(r.Ethnicity, NpgsqlDbType.Varchar, cancellationToken);
                    await copy.WriteAsync(r.BirthDate, NpgsqlDbType.Date, cancellationToken);
                    await copy.WriteAsync(r.RegionCode, NpgsqlDbType.Varchar, cancellationToken);
                    await WriteNullableAsync(copy, r.Education, cancellationToken);
                    await WriteNullableAsync(copy, r.MaritalStatus, cancellationToken);
                    await WriteNullableAsync(copy, r.Occupation, cancellationToken);
                    await copy.WriteAsync(r.PaymentMethods, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync((int)r.Tags, NpgsqlDbType.Integer, cancellationToken);
                    await copy.WriteAsync(r.DetailsCipher, NpgsqlDbType.Bytea, cancellationToken);
                }
                await copy.CompleteAsync(cancellationToken);
            }
        }

        private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken) =>
            value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, NpgsqlDbType.Varchar, cancellationToken);

        /// <summary>
        /// Inserts the staged residents no living resident has claimed, with their source records, and removes them from
        /// the staging table (what is left is for <see cref="MergeExistingAsync"/>); returns their lines.
        /// </summary>
        private async Task<HashSet<int>> InsertNewAsync(DateTimeOffset now, CancellationToken cancellationToken)
        {
            // ON CONFLICT DO NOTHING probes the living-identity index once per row, and lets a resident registered
            // through the API at the same moment win: that row is then matched (merged or conflict) instead of failing
            // the chunk.
            await using var command = new NpgsqlCommand("""
                WITH inserted AS (
                    INSERT INTO "Residents" ("Id", "IdType", "IdNumberIndex", "IdNumberCipher", "Name", "Gender", "Ethnicity",
                        "BirthDate", "RegionCode", "Education", "MaritalStatus", "Occupation", "PaymentMethods", "Tags",
                        "DetailsCipher", "HealthCipher", "DeathDate", "Version", "CreatedAt", "UpdatedAt")
                    SELECT s."Id", s."IdType", s."IdNumberIndex", s."IdNumberCipher", s."Name", s."Gender", s."Ethnicity",
                        s."BirthDate", s."RegionCode", s."Education", s."MaritalStatus", s."Occupation", s."PaymentMethods", s."Tags",
                        s."DetailsCipher", NULL, NULL, 1, @now, @now
                    FROM import_staging s
                    ON CONFLICT DO NOTHING
                    RETURNING "Id"
                ), sourced AS (
                    INSERT INTO "ResidentSources" ("ResidentId", "JobId", "Line", "Source", "Tags", "Merged", "At")
                    SELECT s."Id", @job, s."Line", @source, s."Tags", FALSE, @now
                    FROM import_staging s JOIN inserted i ON i."Id" = s."Id"
                    RETURNING "Line"
                ), settled AS (
                    DELETE FROM import_staging s USING inserted i WHERE s."Id" = i."Id"
                ), queued AS (
                    INSERT INTO "NetworkOutbox" ("Kind", "RecordKey", "CreatedAt")
                    SELECT 'resident', '["' || i."Id"::text || '"]', @now FROM inserted i WHERE @network
                )
                SELECT "Line" FROM sourced
                """, _connection);
            AddJobParameters(command, now);
            command.Parameters.Add(new NpgsqlParameter<bool>("network", NpgsqlDbType.Boolean) { TypedValue = QueueForNetwork });
            var lines = new HashSet<int>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                lines.Add(reader.GetInt32(0));
            }
            return lines;
        }

        /// <summary>
        /// Matches the staged rows that were not inserted (the only ones left in staging) with the living resident of the
        /// same identity. Within the importer's region and with the same name and birth date: the tags are OR-ed in (the
        /// version moves, so a concurrent edit fails cleanly) and a source record is written. Within the region but
        /// another name or birth date: a conflict, nothing is touched. Outside the region: refused as existing elsewhere,
        /// whatever its name and birth date (so the answer tells nothing about them). Returns line → match.
        /// </summary>
        private async Task<Dictionary<int, Match>> MergeExistingAsync(DateTimeOffset now, CancellationToken cancellationToken)
        {
            // One index probe per staged row, never a scan of the registry: with its random blind indexes, a hash or
            // merge join would read all of it for every chunk (the import slowed down as the registry grew). Only for
            // this lookup: the statistics trigger of the UPDATE below joins its transition tables, and without hash
            // joins that join is quadratic (10,000 merges in one chunk ran for minutes).
            await SetJoinsAsync(enabled: false, cancellationToken);
            var matches = new Dictionary<int, Match>();
            var tags = new Dictionary<int, int>();
            await using (var select = new NpgsqlCommand("""
                SELECT s."Line", r."Id", r."RegionCode", starts_with(r."RegionCode", @scope) AND r."CopyOwner" IS NULL,
                    r."Name" = s."Name" AND r."BirthDate" = s."BirthDate", s."Tags"
                FROM import_staging s
                JOIN "Residents" r ON r."IdNumberIndex" = s."IdNumberIndex" AND r."IdType" = s."IdType" AND r."DeathDate" IS NULL
                """, _connection))
            {
                select.Parameters.Add(new NpgsqlParameter<string>("scope", NpgsqlDbType.Text) { TypedValue = Job.ActorRegion });
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var line = reader.GetInt32(0);
                    var kind = !reader.GetBoolean(3) ? MatchKind.Elsewhere : reader.GetBoolean(4) ? MatchKind.Merged : MatchKind.Conflict;
                    matches[line] = new Match(line, reader.GetGuid(1), reader.GetString(2), kind);
                    tags[line] = reader.GetInt32(5);
                }
            }
            await SetJoinsAsync(enabled: true, cancellationToken);
            var merged = matches.Values.Where(m => m.Kind == MatchKind.Merged).ToList();
            if (merged.Count == 0)
            {
                return matches;
            }
            // The tags are OR-ed in (the version moves, so a concurrent edit fails cleanly), each resident found by its
            // key; and the source records.
            await using var update = new NpgsqlCommand("""
                UPDATE "Residents" r SET "Tags" = r."Tags" | m.tags, "Version" = r."Version" + 1, "UpdatedAt" = @now
                FROM unnest(@ids, @tags) AS m(id, tags)
                WHERE r."Id" = m.id AND (r."Tags" | m.tags) <> r."Tags";
                INSERT INTO "ResidentSources" ("ResidentId", "JobId", "Line", "Source", "Tags", "Merged", "At")
                SELECT m.id, @job, m.line, @source, m.tags, TRUE, @now FROM unnest(@ids, @lines, @tags) AS m(id, line, tags);
                INSERT INTO "NetworkOutbox" ("Kind", "RecordKey", "CreatedAt")
                SELECT 'resident', '["' || m.id::text || '"]', @now FROM unnest(@ids) AS m(id) WHERE @network;
                """, _connection);
            AddJobParameters(update, now);
            update.Parameters.Add(new NpgsqlParameter<bool>("network", NpgsqlDbType.Boolean) { TypedValue = QueueForNetwork });
            update.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = merged.Select(m => m.ResidentId).ToArray() });
            update.Parameters.Add(new NpgsqlParameter("lines", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = merged.Select(m => m.Line).ToArray() });
            update.Parameters.Add(new NpgsqlParameter("tags", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = merged.Select(m => tags[m.Line]).ToArray() });
            await update.ExecuteNonQueryAsync(cancellationToken);
            return matches;
        }

        private async Task SetJoinsAsync(bool enabled, CancellationToken cancellationToken)
        {
            var value = enabled ? "DEFAULT" : "off";
            await using var command = new NpgsqlCommand($"SET LOCAL enable_hashjoin TO {value}; SET LOCAL enable_mergejoin TO {value}", _connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        private void AddJobParameters(NpgsqlCommand command, DateTimeOffset now)
        {
            command.Parameters.Add(new NpgsqlParameter<DateTime>("now", NpgsqlDbType.TimestampTz) { TypedValue = now.UtcDateTime });
            command.Parameters.Add(new NpgsqlParameter<Guid>("job", NpgsqlDbType.Uuid) { TypedValue = Job.Id });
            command.Parameters.Add(new NpgsqlParameter<string>("source", NpgsqlDbType.Varchar) { TypedValue = Job.Source });
        }

        private async Task InsertRejectionsAsync(List<PendingRejection> rejections, CancellationToken cancellationToken)
        {
            if (rejections.Count == 0)
            {
                return;
            }
            await using var command = new NpgsqlCommand("""
                INSERT INTO "ImportRejections" ("JobId", "Line", "Code", "Reasons", "ContentCipher")
                SELECT @job, * FROM unnest(@line, @code, @reasons, @content)
                """, _connection);
            command.Parameters.Add(new NpgsqlParameter<Guid>("job", NpgsqlDbType.Uuid) { TypedValue = Job.Id });
            command.Parameters.Add(new NpgsqlParameter("line", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = rejections.Select(r => r.Line).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("code", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = rejections.Select(r => r.Code).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("reasons", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rejections.Select(ReasonsJson).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("content", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = rejections.Select(ProtectContent).ToArray() });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        private async Task CheckpointAsync(ImportChunk chunk, int committedLine, int accepted, int merged, int rejected, DateTimeOffset now,
            CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand(CheckpointSql, _connection);
            command.Parameters.Add(new NpgsqlParameter<Guid>("id", NpgsqlDbType.Uuid) { TypedValue = Job.Id });
            command.Parameters.Add(new NpgsqlParameter<int>("expected", NpgsqlDbType.Integer) { TypedValue = committedLine });
            command.Parameters.Add(new NpgsqlParameter<int>("last", NpgsqlDbType.Integer) { TypedValue = chunk.LastLine });
            command.Parameters.Add(new NpgsqlParameter<int>("accepted", NpgsqlDbType.Integer) { TypedValue = accepted });
            command.Parameters.Add(new NpgsqlParameter<int>("merged", NpgsqlDbType.Integer) { TypedValue = merged });
            command.Parameters.Add(new NpgsqlParameter<int>("rejected", NpgsqlDbType.Integer) { TypedValue = rejected });
            command.Parameters.Add(new NpgsqlParameter<int>("blank", NpgsqlDbType.Integer) { TypedValue = chunk.BlankLines });
            command.Parameters.Add(new NpgsqlParameter<DateTime>("now", NpgsqlDbType.TimestampTz) { TypedValue = now.UtcDateTime });
            if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new ImportCheckpointMovedException(Job.Id);
            }
        }

        public override async ValueTask DisposeAsync() => await _connection.DisposeAsync();
    }

    /// <summary>
    /// The job's checkpoint moves only from the line this runner last committed, and only while the job is active (see
    /// the class comment); progress clears the count of attempts.
    /// </summary>
    private const string CheckpointSql = """
        UPDATE "ImportJobs" SET "LastLine" = @last, "Accepted" = "Accepted" + @accepted, "Merged" = "Merged" + @merged,
            "Rejected" = "Rejected" + @rejected, "BlankLines" = "BlankLines" + @blank, "Status" = 'running', "UpdatedAt" = @now,
            "Attempts" = 0
        WHERE "Id" = @id AND "LastLine" = @expected AND "Status" IN ('queued', 'running')
        """;

    /// <summary>The node's last audit entry, when the cached head is unknown (read under the gate).</summary>
    private const string HeadSql = """
        SELECT "Sequence", "Hash" FROM "AuditEntries" WHERE "Node" = @node ORDER BY "Sequence" DESC LIMIT 1
        """;

    /// <summary>
    /// SQLite: every statement prepared once on the job's connection, then run per row inside the chunk's transaction.
    /// Values are written the way EF Core maps them (upper-case GUID text, yyyy-MM-dd dates, UTC ticks, JSON lists).
    /// </summary>
    private sealed class SqliteWriter : ImportChunkWriter
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _find;
        private readonly SqliteCommand _insert;
        private readonly SqliteCommand _merge;
        private readonly SqliteCommand _source;
        private readonly SqliteCommand _reject;
        private readonly SqliteCommand _checkpoint;
        private readonly SqliteCommand _head;
        private readonly SqliteCommand _audit;
        private readonly SqliteCommand _outbox;

        private SqliteWriter(SqliteConnection connection, PersonalDataProtector protector, AuditChainHead head, ImportJob job)
            : base(job, protector, head)
        {
            _connection = connection;
            _find = Prepare("""
                SELECT "Id", "Name", "BirthDate", "RegionCode", "CopyOwner" FROM "Residents"
                WHERE "IdNumberIndex" = @index AND "IdType" = @type AND "DeathDate" IS NULL
                """, "@index", "@type");
            _outbox = Prepare("""
                INSERT INTO "NetworkOutbox" ("Kind", "RecordKey", "CreatedAt") VALUES ('resident', @key, @now)
                """, "@key", "@now");
            _insert = Prepare("""
                INSERT INTO "Residents" ("Id", "IdType", "IdNumberIndex", "IdNumberCipher", "Name", "Gender", "Ethnicity",
                    "BirthDate", "RegionCode", "Education", "MaritalStatus", "Occupation", "PaymentMethods", "Tags",
                    "DetailsCipher", "HealthCipher", "DeathDate", "Version", "CreatedAt", "UpdatedAt")
                VALUES (@id, @type, @index, @cipher, @name, @gender, @ethnicity, @birth, @region, @education, @marital,
                    @occupation, @payments, @tags, @details, NULL, NULL, 1, @now, @now)
                """, "@id", "@type", "@index", "@cipher", "@name", "@gender", "@ethnicity", "@birth", "@region", "@education",
                "@marital", "@occupation", "@payments", "@tags", "@details", "@now");
            _merge = Prepare("""
                UPDATE "Residents" SET "Tags" = "Tags" | @tags, "Version" = "Version" + 1, "UpdatedAt" = @now
                WHERE "Id" = @id AND ("Tags" | @tags) <> "Tags"
                """, "@tags", "@now", "@id");
            _source = Prepare("""
                INSERT INTO "ResidentSources" ("ResidentId", "JobId", "Line", "Source", "Tags", "Merged", "At")
                VALUES (@resident, @job, @line, @source, @tags, @merged, @now)
                """, "@resident", "@job", "@line", "@source", "@tags", "@merged", "@now");
            _reject = Prepare("""
                INSERT INTO "ImportRejections" ("JobId", "Line", "Code", "Reasons", "ContentCipher")
                VALUES (@job, @line, @code, @reasons, @content)
                """, "@job", "@line", "@code", "@reasons", "@content");
            _checkpoint = Prepare(CheckpointSql, "@last", "@accepted", "@merged", "@rejected", "@blank", "@now", "@id", "@expected");
            _head = Prepare(HeadSql, "@node");
            _audit = Prepare("""
                INSERT INTO "AuditEntries" ("Node", "Sequence", "OccurredAt", "Actor", "Channel", "Action", "TargetType", "TargetId",
                    "RegionCode", "Outcome", "Details", "PreviousHash", "Hash")
                VALUES (@node, @sequence, @at, @actor, @channel, @action, @type, @target, @region, @outcome, @details, @previous, @hash)
                """, "@node", "@sequence", "@at", "@actor", "@channel", "@action", "@type", "@target", "@region", "@outcome", "@details",
                "@previous", "@hash");
        }

        private IEnumerable<SqliteCommand> Commands => [_find, _insert, _merge, _source, _reject, _checkpoint, _head, _audit, _outbox];

        private SqliteCommand Prepare(string sql, params string[] parameters)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
            command.Prepare();
            return command;
        }

        public static SqliteWriter Open(string connectionString, PersonalDataProtector protector, AuditChainHead head, ImportJob job)
        {
            var connection = new SqliteConnection(connectionString);
            try
            {
                connection.Open();
                using (var pragmas = connection.CreateCommand())
                {
                    pragmas.CommandText = Persistence.SqlitePragmas.Statement;
                    pragmas.ExecuteNonQuery();
                }
                return new SqliteWriter(connection, protector, head, job);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        // SQLite's API is synchronous; the chunk runs on the writer's own task, so nothing waits on this thread.
        protected override Task<ChunkResult> WriteLockedAsync(ImportChunk chunk, int committedLine, DateTimeOffset now,
            CancellationToken cancellationToken)
        {
            using var transaction = _connection.BeginTransaction();
            foreach (var command in Commands)
            {
                command.Transaction = transaction;
            }
            var matches = new List<Match>();
            var jobId = Guid(Job.Id);
            var ticks = now.UtcTicks;
            var rejections = new List<PendingRejection>(chunk.Rejections);
            int accepted = 0, merged = 0;
            foreach (var row in chunk.Candidates)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var r = row.Record!;
                var existing = Find(r.IdNumberIndex, r.IdType);
                if (existing is null)
                {
                    Insert(r, ticks);
                    Source(r.Id, jobId, row, merged: false, ticks);
                    Queue(r.Id, ticks);
                    accepted++;
                }
                else if (!Visible(existing.Value.RegionCode) || existing.Value.IsCopy)
                {
                    matches.Add(new Match(row.Source.Line, existing.Value.Id, existing.Value.RegionCode, MatchKind.Elsewhere));
                    rejections.Add(Elsewhere(row));
                }
                else if (existing.Value.Name == r.Name && existing.Value.BirthDate == r.BirthDate)
                {
                    Set(_merge, ("@tags", (int)r.Tags), ("@now", ticks), ("@id", Guid(existing.Value.Id)));
                    _merge.ExecuteNonQuery();
                    Source(existing.Value.Id, jobId, row, merged: true, ticks);
                    Queue(existing.Value.Id, ticks);
                    matches.Add(new Match(row.Source.Line, existing.Value.Id, existing.Value.RegionCode, MatchKind.Merged));
                    merged++;
                }
                else
                {
                    rejections.Add(Conflict(row));
                }
            }
            List<AuditEntry> entries = matches.Count == 0 ? [] : Head.Link(Head.Committed ?? ReadHead(), Importer, now,
                AuditRecords(matches, chunk.Candidates.ToDictionary(c => c.Source.Line)));
            foreach (var e in entries)
            {
                Set(_audit, ("@node", e.Node), ("@sequence", e.Sequence), ("@at", e.OccurredAt.UtcTicks), ("@actor", e.Actor),
                    ("@channel", e.Channel), ("@action", e.Action), ("@type", e.TargetType), ("@target", e.TargetId), ("@region", e.RegionCode),
                    ("@outcome", e.Outcome), ("@details", e.Details), ("@previous", e.PreviousHash), ("@hash", e.Hash));
                _audit.ExecuteNonQuery();
            }
            foreach (var rejection in rejections)
            {
                Set(_reject, ("@job", jobId), ("@line", rejection.Line), ("@code", rejection.Code), ("@reasons", ReasonsJson(rejection)),
                    ("@content", ProtectContent(rejection)));
                _reject.ExecuteNonQuery();
            }
            Set(_checkpoint, ("@last", chunk.LastLine), ("@accepted", accepted), ("@merged", merged), ("@rejected", rejections.Count),
                ("@blank", chunk.BlankLines), ("@now", ticks), ("@id", jobId), ("@expected", committedLine));
            if (_checkpoint.ExecuteNonQuery() != 1)
            {
                throw new ImportCheckpointMovedException(Job.Id);
            }
            transaction.Commit();
            if (entries.Count > 0)
            {
                Head.Advance(entries[^1]);
            }
            return Task.FromResult(new ChunkResult(accepted, merged, rejections.Count));
        }

        private void Queue(Guid residentId, long ticks)
        {
            if (QueueForNetwork)
            {
                Set(_outbox, ("@key", App.Network.NetworkOutboxInterceptor.KeyOf(residentId)), ("@now", ticks));
                _outbox.ExecuteNonQuery();
            }
        }

        private (long Sequence, byte[] Hash) ReadHead()
        {
            Set(_head, ("@node", Head.Node));
            using var reader = _head.ExecuteReader();
            return reader.Read() ? (reader.GetInt64(0), (byte[])reader[1]) : (0, AuditEntry.Genesis);
        }

        private (Guid Id, string Name, DateOnly BirthDate, string RegionCode, bool IsCopy)? Find(byte[] index, string idType)
        {
            Set(_find, ("@index", index), ("@type", idType));
            using var reader = _find.ExecuteReader();
            return reader.Read()
                ? (System.Guid.Parse(reader.GetString(0)), reader.GetString(1),
                    DateOnly.ParseExact(reader.GetString(2), "yyyy-MM-dd", CultureInfo.InvariantCulture), reader.GetString(3), !reader.IsDBNull(4))
                : null;
        }

        private void Insert(Persistence.ResidentRecord r, long ticks)
        {
            Set(_insert, ("@id", Guid(r.Id)), ("@type", r.IdType), ("@index", r.IdNumberIndex), ("@cipher", r.IdNumberCipher),
                ("@name", r.Name), ("@gender", r.Gender), ("@ethnicity", r.Ethnicity),
                ("@birth", r.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("@region", r.RegionCode),
                ("@education", r.Education), ("@marital", r.MaritalStatus), ("@occupation", r.Occupation),
                ("@payments", JsonSerializer.Serialize(r.PaymentMethods)), ("@tags", (int)r.Tags), ("@details", r.DetailsCipher),
                ("@now", ticks));
            _insert.ExecuteNonQuery();
        }

        private void Source(Guid residentId, string jobId, ProcessedRow row, bool merged, long ticks)
        {
            Set(_source, ("@resident", Guid(residentId)), ("@job", jobId), ("@line", row.Source.Line), ("@source", Job.Source),
                ("@tags", (int)row.Record!.Tags), ("@merged", merged), ("@now", ticks));
            _source.ExecuteNonQuery();
        }

        private static string Guid(Guid id) => id.ToString().ToUpperInvariant();

        private static void Set(SqliteCommand command, params (string Name, object? Value)[] values)
        {
            foreach (var (name, value) in values)
            {
                command.Parameters[name].Value = value ?? DBNull.Value;
            }
        }

        public override ValueTask DisposeAsync()
        {
            foreach (var command in Commands)
            {
                command.Dispose();
            }
            _connection.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
