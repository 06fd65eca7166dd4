using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Products;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Products;

/// <summary>
/// Approves, rejects or revokes a filing. Revocation stops new cards, SAMs and terminals from using it at once, and
/// cards of the product are refused nationwide, so review belongs to the tier that files products
/// (<see cref="Capabilities.ProductsReview"/>: a province for its own manufacturers, or the national tier), never to a
/// city or district (issue 14, finding 11). Whoever submitted a filing may not approve or reject it
/// (<see cref="Authorization.SamePerson"/>). The audit entry carries the manufacturer's region.
/// </summary>
public sealed class ReviewProduct(HealthCardDb db, AuditTrail audit, TimeProvider clock)
{
    public Task<Result<ProductView>> ExecuteAsync(Caller caller, Guid id, ProductTrigger trigger, string? comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.ProductsReview) is { } denied)
        {
            return Task.FromResult<Result<ProductView>>(denied);
        }
        var scope = new AuditScope("product." + EnumNames.Of(trigger), "product")
        {
            TargetId = id.ToString(),
            OnConcurrencyConflict = new Conflict("product.version_conflict", new Message("该备案刚被他人审核，请刷新后重试", "The filing was reviewed meanwhile; reload and retry")),
        };
        return audit.RunAsync<ProductView>(caller, scope, async ct =>
        {
            var found = await db.Products.ReviewableBy(db, caller).Where(p => p.Id == id)
                .Select(p => new { Product = p, Region = db.Institutions.Where(m => m.Code == p.ManufacturerCode).Select(m => m.RegionCode).First() })
                .FirstOrDefaultAsync(ct);
            if (found is null)
            {
                return ProductQueries.NotFound;
            }
            var product = found.Product;
            scope.RegionCode = found.Region;
            if (trigger is ProductTrigger.Approve or ProductTrigger.Reject)
            {
                var key = id.ToString();
                var submitter = await db.LifecycleEvents.AsNoTracking().Where(e => e.SubjectType == "product" && e.SubjectKey == key && e.Action == "submit")
                    .Select(e => e.Actor).FirstOrDefaultAsync(ct);
                if (submitter == caller.Actor)
                {
                    return Authorization.SamePerson("产品备案审核", "Reviewing a product filing");
                }
            }
            var applied = product.Apply(trigger, CreateInstitution.Context(caller, clock, comment));
            if (!applied.IsSuccess)
            {
                return applied.Error!;
            }
            db.Entry(product).Property<int>("Version").CurrentValue++;
            db.LifecycleEvents.Add(applied.Value);
            scope.Details = JsonSerializer.Serialize(new { from = applied.Value.FromStatus, to = applied.Value.ToStatus, manufacturer = product.ManufacturerCode });
            return ProductView.From(product);
        }, cancellationToken);
    }
}
