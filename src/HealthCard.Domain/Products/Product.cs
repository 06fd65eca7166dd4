using HealthCard.Domain.Common;

namespace HealthCard.Domain.Products;

public enum ProductKind
{
    UserCard,
    Sam,
    Terminal,
}

public enum ProductStatus
{
    Submitted,
    Approved,
    Rejected,
    Revoked,
}

public enum ProductTrigger
{
    Approve,
    Reject,
    Revoke,
}

/// <summary>
/// A product filing (产品备案): a manufacturer's user card, SAM or terminal model, with its test report. Only an approved
/// filing whose test report is still valid may be used for cards, SAMs and terminals.
/// </summary>
public sealed class Product
{
    public static readonly TransitionTable<ProductStatus, ProductTrigger> Lifecycle = new("product",
        (ProductStatus.Submitted, ProductTrigger.Approve, ProductStatus.Approved),
        (ProductStatus.Submitted, ProductTrigger.Reject, ProductStatus.Rejected),
        (ProductStatus.Approved, ProductTrigger.Revoke, ProductStatus.Revoked));

    /// <summary>The user card chip capacities the standard's file system fits in (standard §4).</summary>
    public static readonly IReadOnlyList<string> Capacities = ["16K", "32K", "80K"];

    private Product()
    {
    }

    public Guid Id { get; private set; }
    public string ManufacturerCode { get; private set; } = "";
    public ProductKind Kind { get; private set; }
    public string Model { get; private set; } = "";

    /// <summary>Chip capacity of a user card (16K/32K/80K); null for SAMs and terminals.</summary>
    public string? Capacity { get; private set; }

    public string TestReportNumber { get; private set; } = "";
    public DateOnly ValidUntil { get; private set; }
    public ProductStatus Status { get; private set; }
    public DateTimeOffset SubmittedAt { get; private set; }
    public int Version { get; private set; }

    public bool IsUsable(DateOnly today) => Status == ProductStatus.Approved && ValidUntil >= today;

    public static (Product Product, LifecycleEvent Submitted) Submit(NewProduct spec, TransitionContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(context);
        var product = new Product
        {
            Id = Guid.CreateVersion7(context.At),
            ManufacturerCode = spec.ManufacturerCode,
            Kind = spec.Kind,
            Model = spec.Model,
            Capacity = spec.Capacity,
            TestReportNumber = spec.TestReportNumber,
            ValidUntil = spec.ValidUntil,
            Status = ProductStatus.Submitted,
            SubmittedAt = context.At,
        };
        return (product, Lifecycle.Record(product.Id.ToString(), "submit", null, product.Status, context));
    }

    public Result<LifecycleEvent> Apply(ProductTrigger trigger, TransitionContext context) =>
        Lifecycle.Apply(Id.ToString(), Status, trigger, context, to => Status = to);

    /// <summary>Checks a filing's fields; the manufacturer's existence is the caller's to check.</summary>
    public static void Validate(FieldErrors errors, ProductKind kind, string? model, string? capacity, string? testReportNumber,
        DateOnly? validUntil, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(model) || model.Length > 60)
        {
            errors.Add("model", "型号不能为空，最多 60 个字符", "The model is required, at most 60 characters");
        }
        if (kind == ProductKind.UserCard && !Capacities.Contains(capacity))
        {
            errors.Add("capacity", "用户卡须注明芯片容量 16K、32K 或 80K", "A user card states its chip capacity: 16K, 32K or 80K");
        }
        else if (kind != ProductKind.UserCard && capacity is not null)
        {
            errors.Add("capacity", "只有用户卡有芯片容量", "Only user cards have a chip capacity");
        }
        if (string.IsNullOrWhiteSpace(testReportNumber) || testReportNumber.Length > 40)
        {
            errors.Add("testReportNumber", "检测报告编号不能为空，最多 40 个字符", "The test report number is required, at most 40 characters");
        }
        if (validUntil is not { } until || until < today)
        {
            errors.Add("validUntil", "检测报告有效期不能为空，且不能早于今天", "The test report's validity is required and not in the past");
        }
    }
}

/// <summary>What a manufacturer files.</summary>
public sealed record NewProduct(string ManufacturerCode, ProductKind Kind, string Model, string? Capacity, string TestReportNumber, DateOnly ValidUntil);
