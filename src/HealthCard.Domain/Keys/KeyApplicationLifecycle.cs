using HealthCard.Domain.Common;

namespace HealthCard.Domain.Keys;

/// <summary>The states of a province's key application (申领), ADR 009 and 016.</summary>
public enum KeyApplicationStatus
{
    Submitted,
    Approved,
    Rejected,
    Issued,
}

/// <summary>The steps of the key ceremony that act on an application.</summary>
public enum KeyApplicationTrigger
{
    /// <summary>The national tier approves (审核通过).</summary>
    Approve,

    /// <summary>The national tier rejects, with a note.</summary>
    Reject,

    /// <summary>The province writes a delegation letter (委派书) naming its collectors; the state does not change.</summary>
    Delegate,

    /// <summary>The national tier issues the province's keys to a delegated collector (交接单).</summary>
    Issue,
}

/// <summary>
/// The key application's state machine, in one table: apply → approve | reject; delegate (before or after the review) →
/// issue. The use cases apply it and answer the steps it allows from each state; the console offers exactly those.
/// </summary>
public static class KeyApplicationLifecycle
{
    public const string Machine = "key_application";

    public static TransitionTable<KeyApplicationStatus, KeyApplicationTrigger> Table { get; } = new(Machine,
        (KeyApplicationStatus.Submitted, KeyApplicationTrigger.Approve, KeyApplicationStatus.Approved),
        (KeyApplicationStatus.Submitted, KeyApplicationTrigger.Reject, KeyApplicationStatus.Rejected),
        // The delegation letter may be written while the application waits for its review.
        (KeyApplicationStatus.Submitted, KeyApplicationTrigger.Delegate, KeyApplicationStatus.Submitted),
        (KeyApplicationStatus.Approved, KeyApplicationTrigger.Delegate, KeyApplicationStatus.Approved),
        (KeyApplicationStatus.Approved, KeyApplicationTrigger.Issue, KeyApplicationStatus.Issued));

    /// <summary>The triggers the table allows from <paramref name="status"/>, in the triggers' declared order.</summary>
    public static IReadOnlyList<KeyApplicationTrigger> Allowed(KeyApplicationStatus status) =>
        [.. Enum.GetValues<KeyApplicationTrigger>().Where(trigger => Table.TryNext(status, trigger, out _))];
}
