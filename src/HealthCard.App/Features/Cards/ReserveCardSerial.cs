using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Cards;

/// <summary><paramref name="RegionCode"/>: the holder's county; <paramref name="Serial"/>: a serial already assigned, or null to take the next one.</summary>
public sealed record CardSerialRequest(string? RegionCode, string? Serial = null);

/// <summary>A card's serial (发卡序列号) and validity, as the registry makes them.</summary>
public sealed record CardTerms(string Serial, DateOnly IssueDate, DateOnly ExpiryDate);

/// <summary>
/// The serial and validity of a card personalized outside the registry's issuance (<c>hcard card personalize</c>): the
/// next serial of the holder's province from <see cref="SerialAllocator"/> (audited, so that no card issued later takes
/// it), or a given serial checked with <see cref="CardRules.IsValidSerial"/>; and the configured validity
/// (<see cref="CardValidity"/>), exactly as <see cref="IssueCard"/> makes them.
/// </summary>
public sealed class ReserveCardSerial(AuditTrail audit, SerialAllocator serials, CardValidity validity)
{
    public Task<Result<CardTerms>> ExecuteAsync(Caller caller, CardSerialRequest request, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.CardsWrite) is { } denied)
        {
            return Task.FromResult<Result<CardTerms>>(denied);
        }
        ArgumentNullException.ThrowIfNull(request);
        var (issueDate, expiryDate) = validity.FromToday();
        var errors = new FieldErrors();
        if (request.Serial is not null)
        {
            if (!CardRules.IsValidSerial(request.Serial))
            {
                errors.Add("serial", "发卡序列号应为 2 位省级代码加 8 位顺序号（不全为 0）", "A card serial is a 2-digit province code and an 8-digit sequence (not all zeros)");
                return Task.FromResult<Result<CardTerms>>(errors.ToError(CardErrors.Invalid));
            }
            return Task.FromResult<Result<CardTerms>>(new CardTerms(request.Serial, issueDate, expiryDate));
        }
        if (request.RegionCode is not { Length: 6 } region || !region.All(char.IsAsciiDigit))
        {
            errors.Add("regionCode", "地区应为 6 位行政区划代码", "regionCode is a 6-digit GB/T 2260 code");
            return Task.FromResult<Result<CardTerms>>(errors.ToError(CardErrors.Invalid));
        }
        if (!caller.Covers(region))
        {
            return Task.FromResult<Result<CardTerms>>(CardErrors.RegionNotFound);
        }
        var scope = new AuditScope("card.serial_reserve", "card")
        {
            RegionCode = region,
            OnConcurrencyConflict = CardErrors.SerialConflict,
        };
        return audit.RunAsync<CardTerms>(caller, scope, async ct =>
        {
            var serial = await serials.NextAsync(region, ct);
            scope.TargetId = serial;
            scope.Details = JsonSerializer.Serialize(new { purpose = "personalization" });
            return new CardTerms(serial, issueDate, expiryDate);
        }, cancellationToken);
    }
}
