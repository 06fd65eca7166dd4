using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Features.Keys;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Production;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Production;

/// <summary>A production file ready to send: its name, its bytes and how many cards it holds.</summary>
public sealed record ProductionExport(string FileName, byte[] Content, int Count, string RecipientKeyFingerprint);

/// <summary>
/// Exports a batch's production file (<see cref="ProductionFile"/>): the card data set of every card still pending,
/// signed by the platform and encrypted to the batch's recipient. Re-export is allowed and audited like the first.
/// </summary>
public sealed class ExportProductionBatch(HealthCardDb db, AuditTrail audit, ResidentMapper mapper, IPlatformSigner signer, TimeProvider clock)
{
    public Task<Result<ProductionExport>> ExecuteAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.ProductionExport) is { } denied)
        {
            return Task.FromResult<Result<ProductionExport>>(denied);
        }
        var scope = new AuditScope("production_batch.export", "production_batch") { TargetId = id.ToString(), OnConcurrencyConflict = ProductionErrors.VersionConflict };
        return audit.RunAsync<ProductionExport>(caller, scope, async ct =>
        {
            var batch = await ProductionErrors.FindAsync(db, caller, id, scope, ct);
            if (batch is null)
            {
                return ProductionErrors.NotFound;
            }
            var pending = await db.ProductionBatchItems.Where(i => i.BatchId == id && i.Status == BatchItemStatus.Pending)
                .Join(db.Cards, i => i.CardId, c => c.Id, (i, c) => c)
                .Join(db.Residents, c => c.ResidentId, r => r.Id, (c, r) => new { Card = c, Resident = r })
                .OrderBy(x => x.Card.Serial)
                .ToListAsync(ct);
            var now = clock.GetUtcNow();
            var exported = ProductionErrors.Apply(db, batch, BatchTrigger.Export, CreateInstitution.Context(caller, clock),
                new { count = pending.Count, export = batch.ExportCount + 1 });
            if (!exported.IsSuccess)
            {
                return exported.Error!;
            }
            if (pending.Count == 0)
            {
                return new Conflict("production_batch.nothing_to_export", new Message("该批次已没有待制作的卡", "No card of the batch is still waiting for production"));
            }
            var cards = pending.Select(x =>
            {
                var profile = mapper.ToProfile(x.Resident);
                return new ProductionCard(x.Card.Serial, CardDataSet.CardNumber(profile), x.Card.IssuerCode, x.Card.CityCode, x.Card.IssueDate,
                    x.Card.ExpiryDate, CardDataSet.From(profile));
            }).ToList();
            var file = await ProductionFile.WriteAsync(new ProductionManifest(batch.Number, cards), batch.RegionCode, batch.BankCode, batch.IssuerCode,
                batch.RecipientPublicKey, signer, now, ct);
            if (!file.IsSuccess)
            {
                return file.Error!;
            }
            batch.CountExport();
            var fingerprint = ProductionFile.Fingerprint(batch.RecipientPublicKey);
            scope.Details = JsonSerializer.Serialize(new { count = cards.Count, export = batch.ExportCount, recipientKey = fingerprint });
            return new ProductionExport($"{batch.Number}-{batch.ExportCount}.hcpf.json", file.Value, cards.Count, fingerprint);
        }, cancellationToken);
    }
}
