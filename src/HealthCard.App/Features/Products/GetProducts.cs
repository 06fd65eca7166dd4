using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Products;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Products;

public sealed class GetProducts(HealthCardDb db)
{
    public async Task<Result<ProductView>> OneAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.InstitutionsRead) is { } denied)
        {
            return denied;
        }
        var product = await db.Products.AsNoTracking().VisibleTo(db, caller).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return product is null ? ProductQueries.NotFound : ProductView.From(product);
    }

    public async Task<Result<IReadOnlyList<LifecycleEventView>>> HistoryAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.InstitutionsRead) is { } denied)
        {
            return denied;
        }
        return await db.Products.VisibleTo(db, caller).AnyAsync(p => p.Id == id, cancellationToken)
            ? Result<IReadOnlyList<LifecycleEventView>>.Success(await LifecycleEventView.HistoryAsync(db, "product", id.ToString(), cancellationToken))
            : ProductQueries.NotFound;
    }

    public async Task<Result<Paged<ProductView>>> ListAsync(Caller caller, string? kind, string? status, string? manufacturerCode, PageRequest page,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.InstitutionsRead) is { } denied)
        {
            return denied;
        }
        var query = db.Products.AsNoTracking().VisibleTo(db, caller);
        if (EnumNames.TryParse<ProductKind>(kind, out var k))
        {
            query = query.Where(p => p.Kind == k);
        }
        if (EnumNames.TryParse<ProductStatus>(status, out var s))
        {
            query = query.Where(p => p.Status == s);
        }
        if (manufacturerCode is { Length: > 0 })
        {
            query = query.Where(p => p.ManufacturerCode == manufacturerCode);
        }
        return await Paged<ProductView>.ReadAsync(query.OrderByDescending(p => p.SubmittedAt), page, ProductView.From, cancellationToken);
    }
}
