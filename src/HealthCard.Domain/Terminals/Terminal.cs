using HealthCard.Domain.Common;

namespace HealthCard.Domain.Terminals;

public enum TerminalStatus
{
    Active,
    Frozen,
    ReportedLost,
    Cancelled,
}

public enum TerminalTrigger
{
    Freeze,
    Unfreeze,
    ReportLoss,
    Cancel,
}

/// <summary>A card reader device (终端) registered by serial and product to an institution. At most one active SAM sits in it.</summary>
public sealed class Terminal : IRegional
{
    public static readonly TransitionTable<TerminalStatus, TerminalTrigger> Lifecycle = new("terminal",
        (TerminalStatus.Active, TerminalTrigger.Freeze, TerminalStatus.Frozen),
        (TerminalStatus.Active, TerminalTrigger.ReportLoss, TerminalStatus.ReportedLost),
        (TerminalStatus.Active, TerminalTrigger.Cancel, TerminalStatus.Cancelled),
        (TerminalStatus.Frozen, TerminalTrigger.Unfreeze, TerminalStatus.Active),
        (TerminalStatus.Frozen, TerminalTrigger.ReportLoss, TerminalStatus.ReportedLost),
        (TerminalStatus.Frozen, TerminalTrigger.Cancel, TerminalStatus.Cancelled),
        (TerminalStatus.ReportedLost, TerminalTrigger.Cancel, TerminalStatus.Cancelled));

    private Terminal()
    {
    }

    public string Serial { get; private set; } = "";
    public Guid ProductId { get; private set; }
    public string InstitutionCode { get; private set; } = "";
    public string RegionCode { get; private set; } = "";
    public TerminalStatus Status { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }
    public int Version { get; private set; }

    public static (Terminal Terminal, LifecycleEvent Registered) Register(string serial, Guid productId, string institutionCode,
        string regionCode, TransitionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var terminal = new Terminal
        {
            Serial = serial,
            ProductId = productId,
            InstitutionCode = institutionCode,
            RegionCode = regionCode,
            Status = TerminalStatus.Active,
            RegisteredAt = context.At,
        };
        return (terminal, Lifecycle.Record(serial, "register", null, terminal.Status, context));
    }

    public Result<LifecycleEvent> Apply(TerminalTrigger trigger, TransitionContext context) =>
        Lifecycle.Apply(Serial, Status, trigger, context, to => Status = to);

    /// <summary>Device serials: 4–32 digits, capital letters and hyphens, as printed on the device.</summary>
    public static bool IsSerial(string? serial) =>
        serial is { Length: >= 4 and <= 32 } && serial.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c) || c == '-');
}
