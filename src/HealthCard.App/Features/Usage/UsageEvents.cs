using System.Globalization;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Common;
using HealthCard.Domain.Institutions;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Usage;

public sealed record UsageEventRequest(string? ClientEventId, string? CardNumber, string? CardSerial, string? InstitutionCode,
    string? TerminalSerial, string? SamSerial, DateTimeOffset? OccurredAt, string? Kind);

public sealed record UsageBatchRequest(IReadOnlyList<UsageEventRequest>? Events);

/// <summary>One rejected event of a batch: its position and every reason.</summary>
public sealed record RejectedEvent(int Index, string? ClientEventId, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>What became of a batch: new events, events already recorded (a resend) and rejected ones.</summary>
public sealed record UsageBatchResult(int Accepted, int Duplicates, IReadOnlyList<RejectedEvent> Rejected);

public sealed record UsageEventView(DateTimeOffset OccurredAt, string Kind, string CardSerial, string? InstitutionCode, string? TerminalSerial,
    string? SamSerial, string ResultCode, string Source);

/// <summary>
/// Takes batches of up to <see cref="MaxBatch"/> card-use events from institution systems. Each event is checked on its
/// own; good ones land, bad ones are reported by position with reasons, and an event already recorded (same sender,
/// client event id and time) is counted as a duplicate, never twice. The institution must lie in the sender's region.
/// </summary>
public sealed class IngestUsageEvents(HealthCardDb db, UsageWriter writer, PersonalDataProtector protector, TimeProvider clock)
{
    public const int MaxBatch = 1000;

    /// <summary>How far from now an event's time may be: late uploads from offline terminals, small clock skew ahead.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(366);
    public static readonly TimeSpan MaxAhead = TimeSpan.FromMinutes(10);

    public async Task<Result<UsageBatchResult>> ExecuteAsync(Caller caller, UsageBatchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Events is not { Count: > 0 and <= MaxBatch } events)
        {
            var errors = new FieldErrors();
            errors.Add("events", $"每批 1–{MaxBatch} 条事件", $"A batch holds 1–{MaxBatch} events");
            return errors.ToError("usage.invalid");
        }
        var codes = events.Select(e => e.InstitutionCode).Where(c => c is not null).Distinct().ToList();
        var institutions = await db.Institutions.AsNoTracking().InRegionOf(caller).Where(i => codes.Contains(i.Code))
            .Select(i => i.Code).ToListAsync(cancellationToken);
        var known = institutions.ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var accepted = new List<UsageEvent>(events.Count);
        var rejected = new List<RejectedEvent>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var errors = Validate(e, known, now);
            if (errors.Count > 0)
            {
                rejected.Add(new RejectedEvent(i, e?.ClientEventId, errors));
                continue;
            }
            accepted.Add(new UsageEvent
            {
                Id = Guid.CreateVersion7(e!.OccurredAt!.Value),
                OccurredAt = e.OccurredAt.Value.ToUniversalTime(),
                CardNumberIndex = protector.IdNumberIndex(e.CardNumber!),
                CardSerial = e.CardSerial!,
                InstitutionCode = e.InstitutionCode,
                TerminalSerial = e.TerminalSerial,
                SamSerial = e.SamSerial,
                Kind = e.Kind!,
                ResultCode = "0000",
                Source = caller.Actor,
                ClientEventId = e.ClientEventId,
                RecordedAt = now,
            });
        }
        // Resent events within one batch count once, like resends across batches.
        var distinct = accepted.DistinctBy(e => (e.ClientEventId, e.OccurredAt)).ToList();
        var inserted = await writer.AppendAsync(distinct, cancellationToken);
        return new UsageBatchResult(inserted, accepted.Count - inserted, rejected);
    }

    private static Dictionary<string, string[]> Validate(UsageEventRequest? e, HashSet<string> institutions, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (e is null)
        {
            errors["event"] = ["事件为空", "The event is null"];
            return errors;
        }
        if (e.ClientEventId is not { Length: > 0 and <= 64 })
        {
            errors["clientEventId"] = ["客户端事件号不能为空，最多 64 个字符", "clientEventId is required, at most 64 characters"];
        }
        if (e.CardNumber is not { Length: > 0 and <= 18 })
        {
            errors["cardNumber"] = ["卡号不能为空，最多 18 个字符", "cardNumber is required, at most 18 characters"];
        }
        if (e.CardSerial is not { Length: 10 } || !e.CardSerial.All(char.IsAsciiDigit))
        {
            errors["cardSerial"] = ["卡序列号应为 10 位数字", "cardSerial is 10 digits"];
        }
        if (e.InstitutionCode is null || !institutions.Contains(e.InstitutionCode))
        {
            errors["institutionCode"] = ["机构代码未登记或不在本人管辖范围内", "institutionCode is not a registered institution in your region"];
        }
        if (e.TerminalSerial is { Length: > 32 } || e.SamSerial is { Length: > 10 })
        {
            errors["terminalSerial"] = ["终端号最多 32 个字符，SAM 卡号最多 10 个字符", "terminalSerial is at most 32 characters, samSerial at most 10"];
        }
        if (e.OccurredAt is not { } at || at > now + IngestUsageEvents.MaxAhead || at < now - IngestUsageEvents.MaxAge)
        {
            errors["occurredAt"] = ["发生时间不能为空，且应在过去一年内", "occurredAt is required and within the past year"];
        }
        if (!UsageKinds.All.Contains(e.Kind))
        {
            errors["kind"] = [$"事件类型应为 {string.Join("、", UsageKinds.All)} 之一", $"kind is one of {string.Join(", ", UsageKinds.All)}"];
        }
        return errors;
    }
}

/// <summary>Card uses by card (its holder in the caller's region) or by institution (in the caller's region), newest first.</summary>
public sealed class GetUsage(HealthCardDb db, PersonalDataProtector protector)
{
    public async Task<Result<Paged<UsageEventView>>> ByCardAsync(Caller caller, string cardNumber, DateTimeOffset? from, DateTimeOffset? to,
        PageRequest page, CancellationToken cancellationToken)
    {
        var index = protector.IdNumberIndex(cardNumber);
        if (!await db.Residents.VisibleTo(caller).AnyAsync(r => r.IdNumberIndex == index, cancellationToken))
        {
            return new NotFound("card");
        }
        return await ReadAsync(db.UsageEvents.Where(e => e.CardNumberIndex == index), from, to, page, cancellationToken);
    }

    public async Task<Result<Paged<UsageEventView>>> ByInstitutionAsync(Caller caller, string code, DateTimeOffset? from, DateTimeOffset? to,
        PageRequest page, CancellationToken cancellationToken)
    {
        if (!await db.Institutions.InRegionOf(caller).AnyAsync(i => i.Code == code, cancellationToken))
        {
            return new NotFound("institution");
        }
        return await ReadAsync(db.UsageEvents.Where(e => e.InstitutionCode == code), from, to, page, cancellationToken);
    }

    private static Task<Paged<UsageEventView>> ReadAsync(IQueryable<UsageEvent> events, DateTimeOffset? from, DateTimeOffset? to, PageRequest page,
        CancellationToken cancellationToken)
    {
        if (from is { } start)
        {
            events = events.Where(e => e.OccurredAt >= start);
        }
        if (to is { } end)
        {
            events = events.Where(e => e.OccurredAt < end);
        }
        var views = events.AsNoTracking().OrderByDescending(e => e.OccurredAt)
            .Select(e => new UsageEventView(e.OccurredAt, e.Kind, e.CardSerial, e.InstitutionCode, e.TerminalSerial, e.SamSerial, e.ResultCode, e.Source));
        return Paged<UsageEventView>.ReadAsync(views, page, v => v, cancellationToken);
    }
}
