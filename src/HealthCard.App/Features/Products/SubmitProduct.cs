using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Institutions;
using HealthCard.Domain.Products;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Products;

public sealed record ProductRequest(string? ManufacturerCode, string? Kind, string? Model, string? Capacity, string? TestReportNumber,
    DateOnly? ValidUntil);

public sealed record ProductView(Guid Id, string ManufacturerCode, ProductKind Kind, string Model, string? Capacity, string TestReportNumber,
    DateOnly ValidUntil, ProductStatus Status, DateTimeOffset SubmittedAt)
{
    /// <summary>The triggers allowed from <see cref="Status"/>, each with where it leads: the actions a page may offer.</summary>
    public IReadOnlyList<AllowedTransition<ProductTrigger, ProductStatus>> Allowed => Product.Lifecycle.AllowedFrom(Status);

    internal static ProductView From(Product p) => new(p.Id, p.ManufacturerCode, p.Kind, p.Model, p.Capacity, p.TestReportNumber,
        p.ValidUntil, p.Status, p.SubmittedAt);
}

/// <summary>Product filings are visible where their manufacturer is.</summary>
internal static class ProductQueries
{
    public static NotFound NotFound { get; } = new("product");

    public static IQueryable<Product> VisibleTo(this IQueryable<Product> products, HealthCardDb db, Caller caller)
    {
        var manufacturers = db.Institutions.InRegionOf(caller);
        // Approved products are used nationwide (a Hebei hospital buys terminals made in Shenzhen); filings under review are not.
        return products.Where(p => p.Status == ProductStatus.Approved || manufacturers.Any(m => m.Code == p.ManufacturerCode));
    }

    /// <summary>Filings the caller may review: those of manufacturers in the caller's region, whatever their status.</summary>
    public static IQueryable<Product> ReviewableBy(this IQueryable<Product> products, HealthCardDb db, Caller caller)
    {
        var manufacturers = db.Institutions.InRegionOf(caller);
        return products.Where(p => manufacturers.Any(m => m.Code == p.ManufacturerCode));
    }

    /// <summary>
    /// The product a card, SAM or terminal is made from: it must exist, be of <paramref name="kind"/>, approved and within
    /// its test report's validity. Otherwise a field error on <paramref name="field"/>.
    /// </summary>
    public static async Task<Result<Product>> UsableAsync(HealthCardDb db, Guid? id, ProductKind kind, DateOnly today, string field,
        CancellationToken cancellationToken)
    {
        var product = id is null ? null : await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (product is not null && product.Kind == kind && product.IsUsable(today))
        {
            return product;
        }
        var errors = new FieldErrors();
        errors.Add(field, $"产品未备案通过或已失效（应为已批准、检测报告在有效期内的{KindName(kind)}产品）",
            $"The product is not an approved {EnumNames.Of(kind).Replace('_', ' ')} filing with a valid test report");
        return errors.ToError("product.not_usable");
    }

    private static string KindName(ProductKind kind) => kind switch
    {
        ProductKind.UserCard => "用户卡",
        ProductKind.Sam => "SAM 卡",
        _ => "终端",
    };
}

/// <summary>A manufacturer files a product (产品备案); it starts as <c>submitted</c>.</summary>
public sealed class SubmitProduct(HealthCardDb db, AuditTrail audit, TimeProvider clock)
{
    public Task<Result<ProductView>> ExecuteAsync(Caller caller, ProductRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (caller.Authorize(Capabilities.ProductsSubmit) is { } denied)
        {
            return Task.FromResult<Result<ProductView>>(denied);
        }
        var scope = new AuditScope("product.submit", "product").OnUniqueViolation(HealthCardDb.ProductFilingIndex,
            new Conflict("product.duplicate", new Message("该厂商已有同类型同型号的备案在审或已批准", "The manufacturer already has a live filing of this kind and model")));
        return audit.RunAsync<ProductView>(caller, scope, async ct =>
        {
            var errors = new FieldErrors();
            if (!EnumNames.TryParse<ProductKind>(request.Kind, out var kind))
            {
                errors.Add("kind", "产品类型应为 user_card、sam 或 terminal", "kind must be user_card, sam or terminal");
            }
            Product.Validate(errors, kind, request.Model, request.Capacity, request.TestReportNumber, request.ValidUntil, clock.Today());
            if (errors.Any)
            {
                return errors.ToError("product.invalid");
            }
            var manufacturer = await InstitutionErrors.FindActiveAsync(db, caller, request.ManufacturerCode, "manufacturerCode", ct,
                InstitutionKind.Manufacturer);
            if (!manufacturer.IsSuccess)
            {
                return manufacturer.Error!;
            }
            var (product, submitted) = Product.Submit(new NewProduct(manufacturer.Value.Code, kind, request.Model!, request.Capacity,
                request.TestReportNumber!, request.ValidUntil!.Value), CreateInstitution.Context(caller, clock));
            db.Products.Add(product);
            db.LifecycleEvents.Add(submitted);
            scope.TargetId = product.Id.ToString();
            scope.RegionCode = manufacturer.Value.RegionCode;
            scope.Details = JsonSerializer.Serialize(new { manufacturer = product.ManufacturerCode, kind = EnumNames.Of(kind), product.Model, product.Capacity });
            return ProductView.From(product);
        }, cancellationToken);
    }
}
