using System.Buffers.Binary;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;

namespace HealthCard.App.Features.Imports;

/// <summary>One reason a row was rejected, in Chinese and English, naming the field (as in the API).</summary>
public sealed record RejectionReason(string Field, string Zh, string En);

/// <summary>The identity the registry keeps unique among living residents: (document type, blind index of the number).</summary>
internal readonly record struct IdentityKey(UInt128 Index, string IdType)
{
    /// <summary>The first 128 bits of the HMAC-SM3 blind index: collision-free in practice, half the memory.</summary>
    public static IdentityKey Of(string idType, byte[] blindIndex) =>
        new(BinaryPrimitives.ReadUInt128BigEndian(blindIndex), idType);
}

/// <summary>A row after the parallel stage: either a resident ready to store (encrypted) or a rejection.</summary>
internal sealed class ProcessedRow
{
    public required SourceRow Source { get; init; }
    public ResidentRecord? Record { get; init; }
    public IdentityKey Key { get; init; }
    public IReadOnlyList<RejectionReason>? Reasons { get; init; }
    public string? RejectionCode { get; init; }
}

/// <summary>
/// Turns rows into residents: the import's columns → <see cref="ResidentDraft"/> → <see cref="ResidentValidator"/> (the
/// registry's rules, nothing else) → region check → <see cref="ResidentMapper"/> (encryption bound to a new row id).
/// Thread-safe: the runner calls it for many rows in parallel.
/// </summary>
internal sealed class ImportRowProcessor(ResidentValidator validator, ResidentMapper mapper, PersonalDataProtector protector,
    ColumnMap columns, ImportJob job, DateOnly today, DateTimeOffset now)
{
    /// <param name="encrypt">False when replaying committed lines on resume: only the identity is needed then.</param>
    public ProcessedRow Process(SourceRow row, bool encrypt)
    {
        var draft = ImportColumns.ToDraft(columns, row.Cells, job.RegionCode, job.Tag);
        var validated = validator.Validate(draft, today);
        var outside = draft.RegionCode is { } region && !region.StartsWith(job.RegionCode, StringComparison.Ordinal);
        if (!validated.IsSuccess || outside)
        {
            var reasons = validated.Error is ValidationFailed invalid
                ? invalid.Fields.SelectMany(f => f.Value.Select(m => new RejectionReason(f.Key, m.Zh, m.En))).ToList()
                : [];
            if (outside)
            {
                reasons.Add(ImportErrors.OutsideRegion(job.RegionCode));
            }
            return new ProcessedRow { Source = row, Reasons = reasons, RejectionCode = ImportErrors.RowInvalid };
        }
        var profile = validated.Value.Profile;
        if (!encrypt)
        {
            return new ProcessedRow { Source = row, Key = IdentityKey.Of(profile.IdType, protector.IdNumberIndex(profile.IdNumber)) };
        }
        var record = mapper.ToNewRecord(Guid.CreateVersion7(now), profile, now);
        return new ProcessedRow { Source = row, Record = record, Key = IdentityKey.Of(record.IdType, record.IdNumberIndex) };
    }
}
