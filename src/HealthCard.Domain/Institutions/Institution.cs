using HealthCard.Domain.Common;

namespace HealthCard.Domain.Institutions;

/// <summary>What an institution is to the platform.</summary>
public enum InstitutionKind
{
    /// <summary>A medical or public-health institution whose terminals read and write cards.</summary>
    Medical,

    /// <summary>An issuing bank (the card's financial application).</summary>
    Bank,

    /// <summary>A card, SAM or terminal manufacturer that files products.</summary>
    Manufacturer,

    /// <summary>A personalization centre (个人化中心) that writes card data and keys.</summary>
    PersonalizationCentre,
}

public enum InstitutionStatus
{
    Active,
    Suspended,
}

public enum InstitutionTrigger
{
    Suspend,
    Reactivate,
}

/// <summary>
/// An institution registered with the platform. The code is its organisation code (统一社会信用代码 or the older 组织机构代码),
/// which never changes; everything else can be edited, and every edit is kept in its history.
/// </summary>
public sealed class Institution : IRegional
{
    public static readonly TransitionTable<InstitutionStatus, InstitutionTrigger> Lifecycle = new("institution",
        (InstitutionStatus.Active, InstitutionTrigger.Suspend, InstitutionStatus.Suspended),
        (InstitutionStatus.Suspended, InstitutionTrigger.Reactivate, InstitutionStatus.Active));

    private Institution()
    {
    }

    public string Code { get; private set; } = "";
    public InstitutionKind Kind { get; private set; }
    public string RegionCode { get; private set; } = "";
    public InstitutionStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>Hospital grade code (<see cref="InstitutionCodes.Levels"/>), medical institutions only.</summary>
    public string? Level { get; private set; }

    /// <summary>Medical institution type (<see cref="InstitutionCodes.Types"/>), medical institutions only.</summary>
    public string? Type { get; private set; }

    public string? ContactName { get; private set; }
    public string? ContactPhone { get; private set; }

    public bool IsActive => Status == InstitutionStatus.Active;

    public static (Institution Institution, LifecycleEvent Created) Create(string code, InstitutionKind kind, string regionCode,
        InstitutionDetails details, TransitionContext context)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(context);
        var institution = new Institution
        {
            Code = code,
            Kind = kind,
            RegionCode = regionCode,
            Status = InstitutionStatus.Active,
            CreatedAt = context.At,
            UpdatedAt = context.At,
        };
        institution.Set(details);
        return (institution, Lifecycle.Record(code, "create", null, institution.Status, context));
    }

    /// <summary>Replaces the editable details; the event's details name each changed field with its old and new value.</summary>
    public LifecycleEvent Edit(InstitutionDetails details, TransitionContext context, Func<object, string> serialize)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(serialize);
        var before = Details;
        Set(details);
        UpdatedAt = context.At;
        var changes = new Dictionary<string, object?>(StringComparer.Ordinal);
        Compare(changes, "name", before.Name, details.Name);
        Compare(changes, "level", before.Level, details.Level);
        Compare(changes, "type", before.Type, details.Type);
        Compare(changes, "contactName", before.ContactName, details.ContactName);
        Compare(changes, "contactPhone", before.ContactPhone, details.ContactPhone);
        return Lifecycle.Record(Code, "edit", Status, Status, context, serialize(changes));
    }

    public Result<LifecycleEvent> Apply(InstitutionTrigger trigger, TransitionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Lifecycle.Apply(Code, Status, trigger, context, to =>
        {
            Status = to;
            UpdatedAt = context.At;
        });
    }

    public InstitutionDetails Details => new(Name, Level, Type, ContactName, ContactPhone);

    private void Set(InstitutionDetails details)
    {
        Name = details.Name;
        Level = details.Level;
        Type = details.Type;
        ContactName = details.ContactName;
        ContactPhone = details.ContactPhone;
    }

    private static void Compare(Dictionary<string, object?> changes, string field, string? before, string? after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            changes[field] = new { from = before, to = after };
        }
    }
}

/// <summary>An institution's editable details.</summary>
public sealed record InstitutionDetails(string Name, string? Level, string? Type, string? ContactName, string? ContactPhone);
