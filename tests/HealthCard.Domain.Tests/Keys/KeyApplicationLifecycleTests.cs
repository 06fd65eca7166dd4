using HealthCard.Domain.Common;
using HealthCard.Domain.Keys;

namespace HealthCard.Domain.Tests.Keys;

/// <summary>
/// The key application's state machine (ADR 009, 016, 021), written out here independently of the code's table: every
/// (status, trigger) pair leads where the key ceremony says, or is refused with <c>key_application.invalid_transition</c>;
/// the steps a status allows are exactly its listed pairs.
/// </summary>
public sealed class KeyApplicationLifecycleTests
{
    private static readonly Dictionary<(KeyApplicationStatus, KeyApplicationTrigger), KeyApplicationStatus> Expected = new()
    {
        [(KeyApplicationStatus.Submitted, KeyApplicationTrigger.Approve)] = KeyApplicationStatus.Approved,
        [(KeyApplicationStatus.Submitted, KeyApplicationTrigger.Reject)] = KeyApplicationStatus.Rejected,
        [(KeyApplicationStatus.Submitted, KeyApplicationTrigger.Delegate)] = KeyApplicationStatus.Submitted,
        [(KeyApplicationStatus.Approved, KeyApplicationTrigger.Delegate)] = KeyApplicationStatus.Approved,
        [(KeyApplicationStatus.Approved, KeyApplicationTrigger.Issue)] = KeyApplicationStatus.Issued,
    };

    public static TheoryData<KeyApplicationStatus, KeyApplicationTrigger> Pairs()
    {
        var pairs = new TheoryData<KeyApplicationStatus, KeyApplicationTrigger>();
        foreach (var status in Enum.GetValues<KeyApplicationStatus>())
        {
            foreach (var trigger in Enum.GetValues<KeyApplicationTrigger>())
            {
                pairs.Add(status, trigger);
            }
        }
        return pairs;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void EveryStatusAndTrigger_FollowsTheTable(KeyApplicationStatus status, KeyApplicationTrigger trigger)
    {
        var next = KeyApplicationLifecycle.Table.Next(status, trigger);
        if (Expected.TryGetValue((status, trigger), out var to))
        {
            next.IsSuccess.ShouldBeTrue();
            next.Value.ShouldBe(to);
            KeyApplicationLifecycle.Allowed(status).ShouldContain(trigger);
        }
        else
        {
            var refused = next.Error.ShouldBeOfType<InvalidTransition>();
            refused.Code.ShouldBe("key_application.invalid_transition");
            refused.Machine.ShouldBe(KeyApplicationLifecycle.Machine);
            KeyApplicationLifecycle.Allowed(status).ShouldNotContain(trigger);
        }
    }

    [Fact]
    public void Table_HoldsExactlyTheCeremonysSteps()
    {
        KeyApplicationLifecycle.Table.Transitions.ToDictionary(t => (t.From, t.Trigger), t => t.To).ShouldBe(Expected, ignoreOrder: true);
        KeyApplicationLifecycle.Allowed(KeyApplicationStatus.Submitted)
            .ShouldBe([KeyApplicationTrigger.Approve, KeyApplicationTrigger.Reject, KeyApplicationTrigger.Delegate]);
        KeyApplicationLifecycle.Allowed(KeyApplicationStatus.Approved).ShouldBe([KeyApplicationTrigger.Delegate, KeyApplicationTrigger.Issue]);
        KeyApplicationLifecycle.Allowed(KeyApplicationStatus.Rejected).ShouldBeEmpty();
        KeyApplicationLifecycle.Allowed(KeyApplicationStatus.Issued).ShouldBeEmpty();
    }
}
