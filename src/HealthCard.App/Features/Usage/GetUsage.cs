using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Usage;

/// <summary>One card use as the console and the API list it.</summary>
public sealed record UsageEventView(DateTimeOffset OccurredAt, string Kind, string CardSerial, string? InstitutionCode, string? TerminalSerial,
    string? SamSerial, string ResultCode, string Source);

/// <summary>Card uses by card (its holder in the caller's region) or by institution (in the caller's region), newest first.</summary>
public sealed class GetUsage(HealthCardDb db, PersonalDataProtector protector)
{
    public async Task<Result<Paged<UsageEventView>>> ByCardAsync(Caller caller, string cardNumber, DateTimeOffset? from, DateTimeOffset? to,
        PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.CardsRead) is { } denied)
        {
            return denied;
        }
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
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.CardsRead) is { } denied)
        {
            return denied;
        }
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
