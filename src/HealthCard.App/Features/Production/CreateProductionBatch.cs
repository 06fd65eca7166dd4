using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Applications;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Products;
using HealthCard.App.Features.Sams;
using HealthCard.App.Persistence;
using HealthCard.Crypto.Sm2;
using HealthCard.Domain.Applications;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.Domain.Production;
using HealthCard.Domain.Products;
using HealthCard.Domain.Residents;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Production;

/// <summary>
/// What a batch is made of. <see cref="RecipientPublicKey"/> is the bank's or factory's SM2 public key (128 hex, x‖y):
/// the production file can be opened only with its private key.
/// </summary>
public sealed record ProductionBatchRequest(string? Region, string? BankCode, string? IssuerCode, string? Source, string? Tag, int? Limit,
    string? RecipientPublicKey, Guid? ProductId = null, string? Operator = null);

public sealed record BatchItemView(string Serial, Guid ResidentId, Guid? ApplicationId, BatchItemStatus Status, CardStatus CardStatus,
    string? FailureReason);

public sealed record ProductionBatchView(Guid Id, string Number, string RegionCode, string BankCode, string IssuerCode, BatchSource Source,
    string? Tag, BatchStatus Status, int Count, int ExportCount, string RecipientKeyFingerprint, string CreatedBy, DateTimeOffset CreatedAt,
    int Version, IReadOnlyList<BatchItemView>? Items)
{
    /// <summary>The triggers allowed from <see cref="Status"/>, each with where it leads: the actions a page may offer.</summary>
    public IReadOnlyList<AllowedTransition<BatchTrigger, BatchStatus>> Allowed => ProductionBatch.Lifecycle.AllowedFrom(Status);

    internal static ProductionBatchView From(ProductionBatch b, IReadOnlyList<BatchItemView>? items) => new(b.Id, b.Number, b.RegionCode,
        b.BankCode, b.IssuerCode, b.Source, b.Tag, b.Status, b.Count, b.ExportCount, ProductionFile.Fingerprint(b.RecipientPublicKey),
        b.CreatedBy, b.CreatedAt, b.Version, items);
}

/// <summary>
/// Creates a production batch: picks the eligible residents of a region (approved applications not in a live batch item,
/// or a tagged population without a current card), makes each a pending batch card exactly as every card is made
/// (<see cref="IssueCard"/>'s MakeAsync: serial, validity, city code) and records the items. The queue is derived, not
/// stored (ADR 012); the "one current card" and "one live item per application" indexes settle races.
/// </summary>
public sealed class CreateProductionBatch(HealthCardDb db, AuditTrail audit, IssueCard issue, IRegionDirectory regions, TimeProvider clock)
{
    public const int MaxCards = 1000;

    public Task<Result<ProductionBatchView>> ExecuteAsync(Caller caller, ProductionBatchRequest request, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.ProductionWrite) is { } denied)
        {
            return Task.FromResult<Result<ProductionBatchView>>(denied);
        }
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var raced = new Conflict("production_batch.raced", new Message("有居民刚被另一批次或发卡占用，请重试", "A resident was taken by another batch or issuance meanwhile; retry"));
        var scope = new AuditScope("production_batch.create", "production_batch") { RegionCode = request.Region }
            .OnUniqueViolation(HealthCardDb.OneCurrentCardIndex, raced)
            .OnUniqueViolation(ProductionBatchItemConfiguration.OneLivePerApplicationIndex, raced)
            .OnUniqueViolation(ProductionBatchConfiguration.NumberIndex, SamErrors.NumberTaken);
        return audit.RunAsync<ProductionBatchView>(caller, scope, async ct =>
        {
            var errors = new FieldErrors();
            var region = RegionPrefix.Parse(request.Region, regions, errors, "region")?.Value ?? "";
            if (region.Length > 0 && !caller.Covers(region))
            {
                RegionPrefix.Outside(errors, "region");
            }
            if (!CardRules.IsValidIssuerCode(request.IssuerCode))
            {
                errors.Add("issuerCode", "发卡机构代码应为 1–22 位数字", "The issuer code has 1–22 digits");
            }
            if (!EnumNames.TryParse<BatchSource>(request.Source, out var source))
            {
                errors.Add("source", "来源应为 applications 或 population", "source must be applications or population");
            }
            var tag = PopulationTags.None;
            if (source == BatchSource.Population && (request.Tag is null || !PopulationTagNames.TryParse(request.Tag, out tag)))
            {
                errors.Add("tag", $"按人群制卡须指定人群标签：{string.Join("、", PopulationTagNames.All)}", $"A population batch names a tag: {string.Join(", ", PopulationTagNames.All)}");
            }
            if (request.Limit is not (>= 1 and <= MaxCards))
            {
                errors.Add("limit", $"每批 1–{MaxCards} 张", $"limit is 1–{MaxCards} cards");
            }
            if (request.Operator is { Length: > 100 })
            {
                errors.Add("operator", "经办人最多 100 个字符", "operator has at most 100 characters");
            }
            var recipientKey = RecipientKey(errors, request.RecipientPublicKey);
            if (errors.Any)
            {
                return errors.ToError("production_batch.invalid");
            }
            var bank = await ApplicationErrors.BankAsync(db, caller, request.BankCode, "bankCode", ct);
            if (!bank.IsSuccess)
            {
                return bank.Error!;
            }
            if (request.ProductId is not null)
            {
                var product = await ProductQueries.UsableAsync(db, request.ProductId, ProductKind.UserCard, clock.Today(), "productId", ct);
                if (!product.IsSuccess)
                {
                    return product.Error!;
                }
            }
            var picked = source == BatchSource.Applications
                ? await ApprovedApplicationsAsync(caller, region, bank.Value.Code, request.Limit!.Value, ct)
                : await PopulationAsync(caller, region, tag, request.Limit!.Value, ct);
            if (picked.Count == 0)
            {
                return new Conflict("production_batch.nothing_to_produce", new Message("没有符合条件、待制卡的居民", "No eligible resident is waiting for a card"));
            }
            var now = clock.GetUtcNow();
            var id = Guid.CreateVersion7(now);
            var number = SamErrors.Number("PC" + region, now, id);
            var (batch, created) = ProductionBatch.Create(id, number, new NewBatch(region, bank.Value.Code, request.IssuerCode!, source,
                    source == BatchSource.Population ? request.Tag : null, request.ProductId, recipientKey!, picked.Count),
                new TransitionContext(caller.Actor, caller.Channel, now), JsonSerializer.Serialize(new { number, count = picked.Count }));
            db.ProductionBatches.Add(batch);
            db.LifecycleEvents.Add(created);
            var items = new List<BatchItemView>();
            foreach (var (holder, applicationId) in picked)
            {
                var card = await issue.MakeAsync(caller, holder, IssuanceMode.Batch, batch.IssuerCode, chipSerial: null, request.Operator,
                    replaces: null, batch.ProductId, ct);
                db.ProductionBatchItems.Add(new ProductionBatchItem
                {
                    Id = Guid.CreateVersion7(now),
                    BatchId = batch.Id,
                    CardId = card.Id,
                    ResidentId = holder.Id,
                    ApplicationId = applicationId,
                    Serial = card.Serial,
                    Status = BatchItemStatus.Pending,
                });
                items.Add(new BatchItemView(card.Serial, holder.Id, applicationId, BatchItemStatus.Pending, card.Status, null));
            }
            scope.TargetId = batch.Number;
            scope.Details = JsonSerializer.Serialize(new
            {
                source = EnumNames.Of(source), tag = batch.Tag, bank = batch.BankCode, count = batch.Count,
                recipientKey = ProductionFile.Fingerprint(recipientKey),
            });
            return ProductionBatchView.From(batch, items);
        }, cancellationToken);
    }

    private static byte[]? RecipientKey(FieldErrors errors, string? hex)
    {
        try
        {
            return Sm2PublicKey.Import(Convert.FromHexString(hex ?? "")).Encoded;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            errors.Add("recipientPublicKey", "接收方 SM2 公钥应为 128 位十六进制（x‖y）且在曲线上", "recipientPublicKey is an SM2 public key: 128 hex characters (x‖y) on the curve");
            return null;
        }
    }

    /// <summary>Current cards: neither replaced nor cancelled.</summary>
    private IQueryable<Card> CurrentCards => db.Cards.Where(c => c.Status != CardStatus.Replaced && c.Status != CardStatus.Cancelled);

    /// <summary>
    /// Approved applications of the region for this bank (or that named none), oldest first, whose resident is alive, holds no
    /// current card and is not in a live batch item (a failed item puts the application back in the queue).
    /// </summary>
    private async Task<List<(ResidentRecord Holder, Guid? ApplicationId)>> ApprovedApplicationsAsync(Caller caller, string region, string bank, int limit,
        CancellationToken cancellationToken)
    {
        var live = db.ProductionBatchItems.Where(i => i.Status != BatchItemStatus.Failed);
        var current = CurrentCards;
        var rows = await db.CardApplications.InRegionOf(caller)
            .Where(a => a.Status == ApplicationStatus.Approved && a.RegionCode.StartsWith(region) && (a.BankCode == null || a.BankCode == bank)
                && !live.Any(i => i.ApplicationId == a.Id) && !current.Any(c => c.ResidentId == a.ResidentId))
            .Join(db.Residents.Where(r => r.DeathDate == null), a => a.ResidentId, r => r.Id, (a, r) => new { a.Id, a.SubmittedAt, Resident = r })
            .OrderBy(x => x.SubmittedAt).ThenBy(x => x.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
        // Two approved applications of one resident make one card.
        return rows.DistinctBy(x => x.Resident.Id).Select(x => (x.Resident, (Guid?)x.Id)).ToList();
    }

    private async Task<List<(ResidentRecord Holder, Guid? ApplicationId)>> PopulationAsync(Caller caller, string region, PopulationTags tag, int limit,
        CancellationToken cancellationToken)
    {
        var current = CurrentCards;
        var residents = await db.Residents.VisibleTo(caller)
            .Where(r => r.RegionCode.StartsWith(region) && r.DeathDate == null && (r.Tags & tag) == tag && !current.Any(c => c.ResidentId == r.Id))
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return residents.Select(r => (r, (Guid?)null)).ToList();
    }
}
