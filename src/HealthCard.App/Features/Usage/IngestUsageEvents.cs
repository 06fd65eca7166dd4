using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Usage;

public sealed record UsageEventRequest(string? ClientEventId, string? CardNumber, string? CardSerial, string? InstitutionCode,
    string? TerminalSerial, string? SamSerial, DateTimeOffset? OccurredAt, string? Kind);

public sealed record UsageBatchRequest(IReadOnlyList<UsageEventRequest>? Events);

/// <summary>One rejected event of a batch: its position and every reason.</summary>
public sealed record RejectedEvent(int Index, string? ClientEventId, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>What became of a batch: new events, events already recorded (a resend) and rejected ones.</summary>
public sealed record UsageBatchResult(int Accepted, int Duplicates, IReadOnlyList<RejectedEvent> Rejected);

/// <summary>
/// Takes batches of up to <see cref="MaxBatch"/> card-use events from institution systems. Each event is checked on its
/// own; good ones land, bad ones are reported by position with reasons, and an event already recorded (same sender,
/// client event id and time) is counted as a duplicate, never twice. The sender is an institution client
/// (<see cref="Checks.InstitutionClients"/>): every event is its own institution's (an event naming another is refused) and
/// names one of its institution's terminals, and the card number and serial must be one card. A card may be from anywhere
/// (cards are used nationwide), but the event is always attributed to the sender's institution and terminal.
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
        if (Checks.InstitutionClients.Require(caller, Capabilities.ChecksWrite) is { } denied)
        {
            return denied;
        }
        if (request.Events is not { Count: > 0 and <= MaxBatch } events)
        {
            var errors = new FieldErrors();
            errors.Add("events", $"每批 1–{MaxBatch} 条事件", $"A batch holds 1–{MaxBatch} events");
            return errors.ToError("usage.invalid");
        }
        var institution = caller.InstitutionCode!;
        // The sender's institution must still be registered in its region: a key outliving its institution's move is refused.
        var registered = await db.Institutions.AsNoTracking().InRegionOf(caller).AnyAsync(i => i.Code == institution, cancellationToken);
        var serials = events.Select(e => e?.TerminalSerial).Where(t => t is { Length: > 0 and <= 32 }).Distinct().ToList();
        var terminals = (await db.Terminals.AsNoTracking().Where(t => serials.Contains(t.Serial) && t.InstitutionCode == institution)
            .Select(t => t.Serial).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var cardSerials = events.Select(e => e?.CardSerial).Where(c => c is { Length: 10 }).Distinct().ToList();
        var cards = (await db.Cards.AsNoTracking().Where(c => cardSerials.Contains(c.Serial))
            .Join(db.Residents, c => c.ResidentId, r => r.Id, (c, r) => new { c.Serial, r.IdNumberIndex })
            .ToListAsync(cancellationToken)).ToDictionary(c => c.Serial, c => c.IdNumberIndex, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var accepted = new List<UsageEvent>(events.Count);
        var rejected = new List<RejectedEvent>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var errors = Validate(e, institution, registered, terminals, now);
            var index = e?.CardNumber is { Length: > 0 and <= 18 } number ? protector.IdNumberIndex(number) : null;
            if (e is not null && !errors.ContainsKey("cardSerial") && index is not null
                && (!cards.TryGetValue(e.CardSerial!, out var holder) || !holder.AsSpan().SequenceEqual(index)))
            {
                errors["cardSerial"] = ["卡号与卡序列号不是同一张卡", "cardNumber and cardSerial do not name one card"];
            }
            if (errors.Count > 0)
            {
                rejected.Add(new RejectedEvent(i, e?.ClientEventId, errors));
                continue;
            }
            accepted.Add(new UsageEvent
            {
                Id = Guid.CreateVersion7(e!.OccurredAt!.Value),
                OccurredAt = e.OccurredAt.Value.ToUniversalTime(),
                CardNumberIndex = index!,
                CardSerial = e.CardSerial!,
                InstitutionCode = institution,
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

    private static Dictionary<string, string[]> Validate(UsageEventRequest? e, string institution, bool registered, HashSet<string> terminals,
        DateTimeOffset now)
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
        if (!registered || (e.InstitutionCode is not null && e.InstitutionCode != institution))
        {
            errors["institutionCode"] = ["只能上报本密钥所属机构的用卡记录", "Events are recorded for the key's own institution only"];
        }
        if (e.TerminalSerial is null || !terminals.Contains(e.TerminalSerial))
        {
            errors["terminalSerial"] = ["终端号应为本机构已登记的终端", "terminalSerial is a registered terminal of the key's institution"];
        }
        if (e.SamSerial is { Length: > 10 })
        {
            errors["samSerial"] = ["SAM 卡号最多 10 个字符", "samSerial is at most 10 characters"];
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
