using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;

namespace HealthCard.Domain.Tests.Cards;

public sealed class CardLifecycleTests
{
    /// <summary>
    /// The lifecycle as issue #2 states it, written out independently of <see cref="Card.Lifecycle"/>: for each
    /// status, the allowed triggers and where they lead. Every pair not listed must be refused.
    /// </summary>
    private static readonly Dictionary<(CardStatus, CardTrigger), CardStatus> Expected = new()
    {
        [(CardStatus.Pending, CardTrigger.Activate)] = CardStatus.Active,
        [(CardStatus.Pending, CardTrigger.Cancel)] = CardStatus.Cancelled,
        // Issue 5: batch cards are produced by the factory, distributed to an issuing point, then activated.
        [(CardStatus.Pending, CardTrigger.Produce)] = CardStatus.Produced,
        [(CardStatus.Produced, CardTrigger.Distribute)] = CardStatus.Distributed,
        [(CardStatus.Produced, CardTrigger.Cancel)] = CardStatus.Cancelled,
        [(CardStatus.Distributed, CardTrigger.Activate)] = CardStatus.Active,
        [(CardStatus.Distributed, CardTrigger.Cancel)] = CardStatus.Cancelled,
        [(CardStatus.Active, CardTrigger.Freeze)] = CardStatus.Frozen,
        [(CardStatus.Active, CardTrigger.ReportLoss)] = CardStatus.ReportedLost,
        [(CardStatus.Active, CardTrigger.Replace)] = CardStatus.Replaced,
        [(CardStatus.Active, CardTrigger.Cancel)] = CardStatus.Cancelled,
        [(CardStatus.Frozen, CardTrigger.Unfreeze)] = CardStatus.Active,
        [(CardStatus.Frozen, CardTrigger.ReportLoss)] = CardStatus.ReportedLost,
        [(CardStatus.Frozen, CardTrigger.Replace)] = CardStatus.Replaced,
        [(CardStatus.Frozen, CardTrigger.Cancel)] = CardStatus.Cancelled,
        [(CardStatus.ReportedLost, CardTrigger.CancelLoss)] = CardStatus.Active,
        [(CardStatus.ReportedLost, CardTrigger.Replace)] = CardStatus.Replaced,
        [(CardStatus.ReportedLost, CardTrigger.Cancel)] = CardStatus.Cancelled,
    };

    /// <summary>How to bring a new card into each status through allowed transitions only.</summary>
    private static readonly Dictionary<CardStatus, CardTrigger[]> PathTo = new()
    {
        [CardStatus.Pending] = [],
        [CardStatus.Produced] = [CardTrigger.Produce],
        [CardStatus.Distributed] = [CardTrigger.Produce, CardTrigger.Distribute],
        [CardStatus.Active] = [CardTrigger.Activate],
        [CardStatus.Frozen] = [CardTrigger.Activate, CardTrigger.Freeze],
        [CardStatus.ReportedLost] = [CardTrigger.Activate, CardTrigger.ReportLoss],
        [CardStatus.Replaced] = [CardTrigger.Activate, CardTrigger.Replace],
        [CardStatus.Cancelled] = [CardTrigger.Cancel],
    };

    public static TheoryData<CardStatus, CardTrigger> EveryPair()
    {
        var data = new TheoryData<CardStatus, CardTrigger>();
        foreach (var status in Enum.GetValues<CardStatus>())
        {
            foreach (var trigger in Enum.GetValues<CardTrigger>())
            {
                data.Add(status, trigger);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Apply_EveryStatusAndTrigger_FollowsTheTable(CardStatus status, CardTrigger trigger)
    {
        var card = CardIn(status);
        var eventsBefore = card.Events.Count;

        var result = card.Apply(trigger, Context("窗口操作"));

        if (Expected.TryGetValue((status, trigger), out var next))
        {
            result.IsSuccess.ShouldBeTrue();
            card.Status.ShouldBe(next);
            card.Events.Count.ShouldBe(eventsBefore + 1);
            var recorded = card.Events[^1];
            recorded.FromStatus.ShouldBe(status);
            recorded.ToStatus.ShouldBe(next);
            recorded.Action.ShouldBe(EnumNames.Of(trigger));
            recorded.Actor.ShouldBe("operator-1");
            recorded.Reason.ShouldBe("窗口操作");
            recorded.Channel.ShouldBe(Channel.Console);
        }
        else
        {
            var refused = result.Error.ShouldBeOfType<InvalidTransition>();
            refused.Code.ShouldBe("card.invalid_transition");
            refused.From.ShouldBe(EnumNames.Of(status));
            refused.Trigger.ShouldBe(EnumNames.Of(trigger));
            card.Status.ShouldBe(status);
            card.Events.Count.ShouldBe(eventsBefore);
        }
    }

    [Fact]
    public void FinalStatuses_AreReplacedAndCancelled_AndAllowNothing()
    {
        Enum.GetValues<CardStatus>().Where(Card.Lifecycle.IsFinal).ShouldBe([CardStatus.Replaced, CardStatus.Cancelled]);
        Card.Lifecycle.Transitions.ShouldNotContain(t => Card.Lifecycle.IsFinal(t.From));
    }

    [Fact]
    public void TheTableListsExactlyTheExpectedTransitions()
    {
        Card.Lifecycle.Transitions.Select(t => ((t.From, t.Trigger), t.To)).ToDictionary(p => p.Item1, p => p.To).ShouldBe(Expected, ignoreOrder: true);
    }

    [Fact]
    public void Activate_RecordsTheIssuance()
    {
        var card = CardIn(CardStatus.Pending);

        card.Apply(CardTrigger.Activate, Context(null) with { Operator = "张医生", Unit = "13010000001" });

        card.Issuance.ShouldBe(new Handling("13010000001", "张医生", At));
    }

    [Fact]
    public void BatchPath_RecordsProductionDistributionAndIssuance_WithTheirUnitsInTheEvents()
    {
        var card = CardIn(CardStatus.Pending);

        card.Produce("a1b2c3d4e5f60718", Context(null) with { Operator = "制卡员", Unit = "BANK-01" }).IsSuccess.ShouldBeTrue();
        card.Apply(CardTrigger.Distribute, Context(null) with { Operator = "发放员", Unit = "长安区卫生院" }).IsSuccess.ShouldBeTrue();
        card.Apply(CardTrigger.Activate, Context(null) with { Operator = "张医生", Unit = "13010000001" }).IsSuccess.ShouldBeTrue();

        card.ChipSerial.ShouldBe("A1B2C3D4E5F60718");
        card.Production.ShouldBe(new Handling("BANK-01", "制卡员", At));
        card.Distribution.ShouldBe(new Handling("长安区卫生院", "发放员", At));
        card.Issuance.ShouldBe(new Handling("13010000001", "张医生", At));
        card.Events.Skip(1).Select(e => (e.Action, e.Unit)).ShouldBe([("produce", "BANK-01"), ("distribute", "长安区卫生院"), ("activate", "13010000001")]);
    }

    [Fact]
    public void Produce_OnAnActiveCard_IsRefusedAndKeepsTheChipSerial()
    {
        var card = CardIn(CardStatus.Active);

        card.Produce("A1B2C3D4E5F60718", Context(null)).Error.ShouldBeOfType<InvalidTransition>();

        card.ChipSerial.ShouldBeNull();
    }

    private static readonly DateTimeOffset At = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static TransitionContext Context(string? reason) => new("operator-1", Channel.Console, At, reason);

    private static Card CardIn(CardStatus status)
    {
        var card = Card.Create(new NewCard(Guid.NewGuid(), "1300000001", null, "13010000001", "130100", "130102", new DateOnly(2026, 11, 1),
            new DateOnly(2036, 11, 1), IssuanceMode.Hospital, null, null), Context(null));
        foreach (var step in PathTo[status])
        {
            card.Apply(step, Context(null)).IsSuccess.ShouldBeTrue();
        }
        card.Status.ShouldBe(status);
        return card;
    }
}
