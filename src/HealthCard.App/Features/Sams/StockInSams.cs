using System.Globalization;
using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Features.Keys;
using HealthCard.App.Features.Products;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Products;
using HealthCard.Domain.SecurityModules;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Sams;

public sealed record StockInRequest(Guid? ProductId, int? Type, IReadOnlyList<string>? Serials, string? FirstSerial = null,
    string? LastSerial = null, Guid? PlanId = null, string? RegionCode = null);

public sealed record StockInResult(int Count, string RegionCode, int KeyVersion, IReadOnlyList<string> Serials);

public sealed record StockOutRequest(IReadOnlyList<string>? Serials, string? ToInstitutionCode = null, string? ToRegionCode = null,
    string? HandedOverBy = null, string? ReceivedBy = null);

public sealed record HandoverView(string Number, string FromRegionCode, string ToRegionCode, string? ToInstitutionCode, string? ToInstitutionName,
    string HandedOverBy, string? ReceivedBy, IReadOnlyList<string> Serials, DateTimeOffset At)
{
    internal static HandoverView From(Handover h, string? institutionName) => new(h.Number, h.FromRegionCode, h.ToRegionCode, h.ToInstitutionCode,
        institutionName, h.HandedOverBy, h.ReceivedBy, h.Serials, h.At);
}

/// <summary>
/// Stock-in (入库): SAMs of an approved SAM product arrive by serial list or numeric range into a tier's stock. Each is
/// personalized for its type with its province's keys by the key service; the image is kept sealed. All or nothing.
/// </summary>
public sealed class StockInSams(HealthCardDb db, AuditTrail audit, ISamKeyLoader keys, IRegionDirectory regions, TimeProvider clock)
{
    public Task<Result<StockInResult>> ExecuteAsync(Caller caller, StockInRequest request, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.SamsWrite) is { } denied)
        {
            return Task.FromResult<Result<StockInResult>>(denied);
        }
        ArgumentNullException.ThrowIfNull(request);
        var scope = new AuditScope("sam.stock_in", "sam").OnUniqueViolation(HealthCardDb.SamSerialIndex,
            new Conflict("sam.duplicate_serial", new Message("有 SAM 卡号已入库", "A SAM with one of these serials is already stocked in")));
        return audit.RunAsync<StockInResult>(caller, scope, async ct =>
        {
            var errors = new FieldErrors();
            if (request.Type is not (>= Sam.MinType and <= Sam.MaxType))
            {
                errors.Add("type", "SAM 卡类型应为 1–5", "type is a SAM type 1–5");
            }
            var serials = SamErrors.Serials(errors, request.Serials ?? Range(errors, request.FirstSerial, request.LastSerial));
            var region = RegionPrefix.Parse(request.RegionCode ?? caller.RegionScope, regions, errors, "regionCode")?.Value ?? "";
            if (region.Length > 0 && !caller.Covers(region))
            {
                RegionPrefix.Outside(errors, "regionCode");
            }
            if (errors.Any)
            {
                return errors.ToError("sam.invalid");
            }
            var product = await ProductQueries.UsableAsync(db, request.ProductId, ProductKind.Sam, clock.Today(), "productId", ct);
            if (!product.IsSuccess)
            {
                return product.Error!;
            }
            if (request.PlanId is { } planId && !await db.SamPlans.AnyAsync(p => p.Id == planId && region.StartsWith(p.RegionCode), ct))
            {
                return new NotFound("sam_plan");
            }
            var context = CreateInstitution.Context(caller, clock);
            var keyVersion = 0;
            foreach (var serial in serials!)
            {
                var loaded = await keys.LoadAsync(serial, request.Type!.Value, region[..2], ct);
                if (!loaded.IsSuccess)
                {
                    return loaded.Error!;
                }
                keyVersion = loaded.Value.KeyVersion;
                var (sam, stockedIn) = Sam.StockIn(serial, request.Type.Value, product.Value.Id, region, request.PlanId, loaded.Value.SealedImage,
                    keyVersion, context);
                db.Sams.Add(sam);
                db.LifecycleEvents.Add(stockedIn);
            }
            scope.TargetId = serials.Count == 1 ? serials[0] : $"{serials[0]}..{serials[^1]}";
            scope.RegionCode = region;
            scope.Details = JsonSerializer.Serialize(new { count = serials.Count, type = request.Type, productId = product.Value.Id, keyVersion, planId = request.PlanId });
            return new StockInResult(serials.Count, region, keyVersion, serials);
        }, cancellationToken);
    }

    /// <summary>Expands a numeric serial range (same length, first ≤ last, at most the batch size).</summary>
    private static IReadOnlyList<string>? Range(FieldErrors errors, string? first, string? last)
    {
        if (first is null && last is null)
        {
            return null;
        }
        if (first is not { Length: 10 } || last is not { Length: 10 } || !long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var a)
            || !long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var b) || b < a || b - a >= SamErrors.MaxBatch)
        {
            errors.Add("firstSerial", $"号段应为两个 10 位数字卡号，起号不大于止号，最多 {SamErrors.MaxBatch} 个",
                $"A range is two 10-digit serials, first ≤ last, at most {SamErrors.MaxBatch} SAMs");
            return [];
        }
        return [.. Enumerable.Range(0, (int)(b - a + 1)).Select(i => (a + i).ToString("D10", CultureInfo.InvariantCulture))];
    }
}
