using HealthCard.Domain.Common;

namespace HealthCard.Domain.SecurityModules;

/// <summary>The SAM lifecycle states of the management measures (standard §7).</summary>
public enum SamStatus
{
    /// <summary>In a tier's stock (入库), not yet handed to an institution.</summary>
    InStock,

    /// <summary>Handed over to an institution (出库), not yet in a terminal.</summary>
    Allocated,

    /// <summary>In use in a terminal, with a location and a responsible person (使用明细).</summary>
    Active,

    Frozen,

    /// <summary>PIN tries exhausted; unlocked by the platform after checks.</summary>
    Locked,

    ReportedLost,

    /// <summary>A lost SAM that was found again; it must be re-bound before use.</summary>
    Recovered,

    /// <summary>Broken or worn out and destroyed (报废). Final.</summary>
    Scrapped,

    /// <summary>Withdrawn for good (注销). Final.</summary>
    Cancelled,
}

public enum SamTrigger
{
    /// <summary>Hand over to a lower tier's stock: the SAM stays in stock, its owner changes.</summary>
    Transfer,

    /// <summary>Hand over to an institution (出库).</summary>
    Allocate,

    /// <summary>Bind to a terminal and start using.</summary>
    Activate,

    /// <summary>Move an active SAM to another terminal.</summary>
    Rebind,
    Freeze,
    Unfreeze,
    Lock,
    Unlock,
    ReportLoss,
    Recover,

    /// <summary>Withdraw a lost or broken SAM because another takes its place.</summary>
    Replace,
    Scrap,
    Cancel,
}

/// <summary>A SAM security module (安全存取模块): its type (1–5), owner, terminal binding and lifecycle.</summary>
public sealed class Sam : IRegional
{
    public static readonly TransitionTable<SamStatus, SamTrigger> Lifecycle = new("sam",
        (SamStatus.InStock, SamTrigger.Transfer, SamStatus.InStock),
        (SamStatus.InStock, SamTrigger.Allocate, SamStatus.Allocated),
        (SamStatus.InStock, SamTrigger.Scrap, SamStatus.Scrapped),
        (SamStatus.InStock, SamTrigger.Cancel, SamStatus.Cancelled),

        (SamStatus.Allocated, SamTrigger.Activate, SamStatus.Active),
        (SamStatus.Allocated, SamTrigger.ReportLoss, SamStatus.ReportedLost),
        (SamStatus.Allocated, SamTrigger.Scrap, SamStatus.Scrapped),
        (SamStatus.Allocated, SamTrigger.Cancel, SamStatus.Cancelled),

        (SamStatus.Active, SamTrigger.Rebind, SamStatus.Active),
        (SamStatus.Active, SamTrigger.Freeze, SamStatus.Frozen),
        (SamStatus.Active, SamTrigger.Lock, SamStatus.Locked),
        (SamStatus.Active, SamTrigger.ReportLoss, SamStatus.ReportedLost),
        (SamStatus.Active, SamTrigger.Replace, SamStatus.Scrapped),
        (SamStatus.Active, SamTrigger.Scrap, SamStatus.Scrapped),
        (SamStatus.Active, SamTrigger.Cancel, SamStatus.Cancelled),

        (SamStatus.Frozen, SamTrigger.Unfreeze, SamStatus.Active),
        (SamStatus.Frozen, SamTrigger.ReportLoss, SamStatus.ReportedLost),
        (SamStatus.Frozen, SamTrigger.Replace, SamStatus.Scrapped),
        (SamStatus.Frozen, SamTrigger.Scrap, SamStatus.Scrapped),
        (SamStatus.Frozen, SamTrigger.Cancel, SamStatus.Cancelled),

        (SamStatus.Locked, SamTrigger.Unlock, SamStatus.Active),
        (SamStatus.Locked, SamTrigger.ReportLoss, SamStatus.ReportedLost),
        (SamStatus.Locked, SamTrigger.Replace, SamStatus.Scrapped),
        (SamStatus.Locked, SamTrigger.Scrap, SamStatus.Scrapped),
        (SamStatus.Locked, SamTrigger.Cancel, SamStatus.Cancelled),

        // A lost SAM is replaced (it is cancelled: it may be in a stranger's hands) or found again.
        (SamStatus.ReportedLost, SamTrigger.Recover, SamStatus.Recovered),
        (SamStatus.ReportedLost, SamTrigger.Replace, SamStatus.Cancelled),
        (SamStatus.ReportedLost, SamTrigger.Cancel, SamStatus.Cancelled),

        (SamStatus.Recovered, SamTrigger.Activate, SamStatus.Active),
        (SamStatus.Recovered, SamTrigger.Scrap, SamStatus.Scrapped),
        (SamStatus.Recovered, SamTrigger.Cancel, SamStatus.Cancelled));

    public const int MinType = 1;
    public const int MaxType = 5;

    private Sam()
    {
    }

    /// <summary>The 10-character SAM serial of MF/0015 (standard §7).</summary>
    public string Serial { get; private set; } = "";

    /// <summary>The key-card type 1–5 (standard §7): which keys it holds.</summary>
    public int Type { get; private set; }

    public Guid ProductId { get; private set; }
    public SamStatus Status { get; private set; }

    /// <summary>The owner's region: the tier whose stock holds it, or the region of the institution it was handed to.</summary>
    public string RegionCode { get; private set; } = "";

    public string? InstitutionCode { get; private set; }
    public string? TerminalSerial { get; private set; }
    public string? Location { get; private set; }
    public string? ResponsiblePerson { get; private set; }

    /// <summary>The SAM that took this one's place, when it was replaced.</summary>
    public string? ReplacedBySerial { get; private set; }

    /// <summary>The personalized SAM image, sealed under the key service's key-encryption key. Never clear.</summary>
    public byte[] SealedImage { get; private set; } = [];

    /// <summary>The version of the provincial keys loaded into the SAM.</summary>
    public int KeyVersion { get; private set; }

    public Guid? PlanId { get; private set; }
    public DateTimeOffset StockedInAt { get; private set; }
    public int Version { get; private set; }

    public static (Sam Sam, LifecycleEvent StockedIn) StockIn(string serial, int type, Guid productId, string regionCode, Guid? planId,
        byte[] sealedImage, int keyVersion, TransitionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sam = new Sam
        {
            Serial = serial,
            Type = type,
            ProductId = productId,
            Status = SamStatus.InStock,
            RegionCode = regionCode,
            PlanId = planId,
            SealedImage = sealedImage,
            KeyVersion = keyVersion,
            StockedInAt = context.At,
        };
        return (sam, Lifecycle.Record(serial, "stock_in", null, sam.Status, context));
    }

    /// <summary>Applies a trigger that changes nothing but the status (freeze, lock, report loss, recover, scrap, cancel, …).</summary>
    public Result<LifecycleEvent> Apply(SamTrigger trigger, TransitionContext context, string? details = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var recorded = Lifecycle.Apply(Serial, Status, trigger, context, to => Status = to, details);
        if (recorded.IsSuccess && Status is SamStatus.Scrapped or SamStatus.Cancelled)
        {
            // A withdrawn SAM no longer occupies its terminal: another may be bound there. A lost one keeps its place
            // until it is found again (and re-bound) or replaced, so that its replacement takes over the same binding.
            TerminalSerial = null;
        }
        return recorded;
    }

    /// <summary>Moves a SAM in stock to another tier's stock.</summary>
    public Result<LifecycleEvent> Transfer(string regionCode, TransitionContext context, string details)
    {
        var applied = Apply(SamTrigger.Transfer, context, details);
        if (applied.IsSuccess)
        {
            RegionCode = regionCode;
        }
        return applied;
    }

    /// <summary>Hands the SAM to an institution (出库).</summary>
    public Result<LifecycleEvent> Allocate(string institutionCode, string regionCode, TransitionContext context, string details)
    {
        var applied = Apply(SamTrigger.Allocate, context, details);
        if (applied.IsSuccess)
        {
            InstitutionCode = institutionCode;
            RegionCode = regionCode;
        }
        return applied;
    }

    /// <summary>Binds the SAM to a terminal of its institution: activation, or a re-bind of an active SAM.</summary>
    public Result<LifecycleEvent> Bind(SamBinding binding, TransitionContext context, string details)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var applied = Apply(Status == SamStatus.Active ? SamTrigger.Rebind : SamTrigger.Activate, context, details);
        if (applied.IsSuccess)
        {
            TerminalSerial = binding.TerminalSerial;
            Location = binding.Location;
            ResponsiblePerson = binding.ResponsiblePerson;
        }
        return applied;
    }

    /// <summary>Where the SAM is used now, or null when it is not bound to a terminal.</summary>
    public SamBinding? Binding => TerminalSerial is { } terminal ? new SamBinding(terminal, Location, ResponsiblePerson) : null;

    /// <summary>Withdraws this SAM in favour of <paramref name="replacement"/> (which the caller binds where this one was).</summary>
    public Result<LifecycleEvent> ReplaceWith(string replacement, TransitionContext context, string details)
    {
        var applied = Apply(SamTrigger.Replace, context, details);
        if (applied.IsSuccess)
        {
            ReplacedBySerial = replacement;
        }
        return applied;
    }

    /// <summary>SAM serials are 10 digits or capital letters (MF/0015 holds 10 bytes).</summary>
    public static bool IsSerial(string? serial) => serial is { Length: 10 } && serial.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c));
}

/// <summary>Where a SAM is used: its terminal, location and responsible person (使用明细).</summary>
public sealed record SamBinding(string TerminalSerial, string? Location, string? ResponsiblePerson);
