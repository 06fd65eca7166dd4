using HealthCard.Domain.Common;

namespace HealthCard.Domain.Applications;

/// <summary>Where a card application (申领) is in its review. Submitted and county-reviewed applications are pending.</summary>
public enum ApplicationStatus
{
    Submitted,
    CountyReviewed,
    Approved,
    Rejected,
}

public enum ApplicationTrigger
{
    Approve,
    Reject,
}

/// <summary>How the application reached the platform.</summary>
public enum ApplicationChannel
{
    /// <summary>A paper form, entered by an operator.</summary>
    Paper,

    /// <summary>Online or mobile, with the photo and an ID scan attached.</summary>
    Online,

    /// <summary>At a hospital's desk.</summary>
    Hospital,

    /// <summary>At a bank branch (the bank is then the application's bank).</summary>
    Bank,
}

/// <summary>
/// A resident's application for a card (申领). Approved applications are the production queue: a batch picks those not
/// yet in a live batch item (docs/adr/012-applications-and-production.md). <see cref="RegionCode"/> is the resident's county.
/// </summary>
public sealed class CardApplication : IRegional
{
    /// <summary>
    /// The review path: the county approves first (→ county_reviewed), then the city (→ approved); either may reject with
    /// a reason. Who may act at each step is the use case's (<c>ApplicationReviewLevels</c>).
    /// </summary>
    public static readonly TransitionTable<ApplicationStatus, ApplicationTrigger> Lifecycle = new("card_application",
        (ApplicationStatus.Submitted, ApplicationTrigger.Approve, ApplicationStatus.CountyReviewed),
        (ApplicationStatus.Submitted, ApplicationTrigger.Reject, ApplicationStatus.Rejected),
        (ApplicationStatus.CountyReviewed, ApplicationTrigger.Approve, ApplicationStatus.Approved),
        (ApplicationStatus.CountyReviewed, ApplicationTrigger.Reject, ApplicationStatus.Rejected));

    private CardApplication()
    {
    }

    public Guid Id { get; private set; }
    public Guid ResidentId { get; private set; }
    public string RegionCode { get; private set; } = "";
    public ApplicationChannel Channel { get; private set; }
    public ApplicationStatus Status { get; private set; }

    /// <summary>The bank the resident chose (an institution code), or null: then the batch's bank makes the card.</summary>
    public string? BankCode { get; private set; }

    /// <summary>The operator who entered or took the application (paper form, hospital desk, bank counter).</summary>
    public string? Operator { get; private set; }

    public string SubmittedBy { get; private set; } = "";
    public DateTimeOffset SubmittedAt { get; private set; }
    public int Version { get; private set; }

    /// <summary>A new application, submitted, with its first history event.</summary>
    public static (CardApplication Application, LifecycleEvent Submitted) Submit(Guid residentId, string regionCode, ApplicationChannel channel,
        string? bankCode, string? staff, TransitionContext context, string? details)
    {
        ArgumentNullException.ThrowIfNull(context);
        var application = new CardApplication
        {
            Id = Guid.CreateVersion7(context.At),
            ResidentId = residentId,
            RegionCode = regionCode,
            Channel = channel,
            Status = ApplicationStatus.Submitted,
            BankCode = bankCode,
            Operator = staff,
            SubmittedBy = context.Actor,
            SubmittedAt = context.At,
        };
        return (application, Lifecycle.Record(application.Id.ToString(), "submit", null, application.Status, context, details));
    }

    /// <summary>A review step: one trigger of <see cref="Lifecycle"/>, recorded in the application's history.</summary>
    public Result<LifecycleEvent> Apply(ApplicationTrigger trigger, TransitionContext context, string? details = null) =>
        Lifecycle.Apply(Id.ToString(), Status, trigger, context, to => Status = to, details);
}
