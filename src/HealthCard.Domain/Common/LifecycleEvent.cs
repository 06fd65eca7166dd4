namespace HealthCard.Domain.Common;

/// <summary>
/// One entry in the history of an institution, a product filing, a SAM or a terminal: what happened, from which status
/// to which, who did it and why. Card applications and production batches keep theirs here too; cards keep their own
/// richer history (CardEvent, with the handling unit and operator).
/// </summary>
public sealed class LifecycleEvent
{
    private LifecycleEvent()
    {
    }

    public long Id { get; private set; }

    /// <summary>The machine's name (<see cref="TransitionTable{TState,TTrigger}.Machine"/>): <c>institution</c>, <c>product</c>, <c>sam</c>, <c>terminal</c>, <c>card_application</c> or <c>production_batch</c>.</summary>
    public string SubjectType { get; private set; } = "";

    /// <summary>The subject's natural key: institution code, product id, SAM serial or terminal serial.</summary>
    public string SubjectKey { get; private set; } = "";

    /// <summary>The trigger or operation, snake_case (<c>create</c>, <c>edit</c>, <c>freeze</c>, …).</summary>
    public string Action { get; private set; } = "";

    public string? FromStatus { get; private set; }
    public string ToStatus { get; private set; } = "";
    public string Actor { get; private set; } = "";
    public Channel Channel { get; private set; }
    public string? Reason { get; private set; }

    /// <summary>Facts of the change as JSON (changed fields, the terminal bound, the handover number). No personal data.</summary>
    public string? Details { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public static LifecycleEvent Record(string subjectType, string subjectKey, string action, string? from, string to,
        TransitionContext context, string? details = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new LifecycleEvent
        {
            SubjectType = subjectType,
            SubjectKey = subjectKey,
            Action = action,
            FromStatus = from,
            ToStatus = to,
            Actor = context.Actor,
            Channel = context.Channel,
            Reason = context.Reason,
            Details = details,
            OccurredAt = context.At,
        };
    }
}
