using HealthCard.Domain.Applications;
using HealthCard.Domain.Common;
using HealthCard.Domain.Production;

namespace HealthCard.Domain.Tests.Production;

/// <summary>
/// The application review path and the batch lifecycle of issue 5, written out here independently of the code's tables;
/// every (status, trigger) pair is applied to a real aggregate: listed pairs lead where the issue says and are recorded in
/// the history, all others are refused by name and change nothing.
/// </summary>
public sealed class ApplicationAndBatchLifecycleTests
{
    private static readonly TransitionContext Context = new("reviewer", Channel.Console, new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8)), "意见");

    private static readonly Dictionary<(ApplicationStatus, ApplicationTrigger), ApplicationStatus> ApplicationExpected = new()
    {
        [(ApplicationStatus.Submitted, ApplicationTrigger.Approve)] = ApplicationStatus.CountyReviewed,
        [(ApplicationStatus.Submitted, ApplicationTrigger.Reject)] = ApplicationStatus.Rejected,
        [(ApplicationStatus.CountyReviewed, ApplicationTrigger.Approve)] = ApplicationStatus.Approved,
        [(ApplicationStatus.CountyReviewed, ApplicationTrigger.Reject)] = ApplicationStatus.Rejected,
    };

    private static readonly Dictionary<ApplicationStatus, ApplicationTrigger[]> ApplicationPath = new()
    {
        [ApplicationStatus.Submitted] = [],
        [ApplicationStatus.CountyReviewed] = [ApplicationTrigger.Approve],
        [ApplicationStatus.Approved] = [ApplicationTrigger.Approve, ApplicationTrigger.Approve],
        [ApplicationStatus.Rejected] = [ApplicationTrigger.Reject],
    };

    private static readonly Dictionary<(BatchStatus, BatchTrigger), BatchStatus> BatchExpected = new()
    {
        [(BatchStatus.Created, BatchTrigger.Export)] = BatchStatus.Exported,
        [(BatchStatus.Exported, BatchTrigger.Export)] = BatchStatus.Exported,
        [(BatchStatus.Returned, BatchTrigger.Export)] = BatchStatus.Returned,
        [(BatchStatus.Exported, BatchTrigger.Return)] = BatchStatus.Returned,
        [(BatchStatus.Returned, BatchTrigger.Return)] = BatchStatus.Returned,
    };

    private static readonly Dictionary<BatchStatus, BatchTrigger[]> BatchPath = new()
    {
        [BatchStatus.Created] = [],
        [BatchStatus.Exported] = [BatchTrigger.Export],
        [BatchStatus.Returned] = [BatchTrigger.Export, BatchTrigger.Return],
    };

    public static TheoryData<ApplicationStatus, ApplicationTrigger> ApplicationPairs() => Pairs<ApplicationStatus, ApplicationTrigger>();

    public static TheoryData<BatchStatus, BatchTrigger> BatchPairs() => Pairs<BatchStatus, BatchTrigger>();

    [Theory]
    [MemberData(nameof(ApplicationPairs))]
    public void Application_EveryStatusAndTrigger_FollowsTheReviewPath(ApplicationStatus status, ApplicationTrigger trigger)
    {
        var (application, submitted) = CardApplication.Submit(Guid.NewGuid(), "130102", ApplicationChannel.Paper, null, "窗口", Context, "{}");
        (submitted.SubjectType, submitted.Action, submitted.FromStatus, submitted.ToStatus).ShouldBe(("card_application", "submit", null, "submitted"));
        foreach (var step in ApplicationPath[status])
        {
            application.Apply(step, Context).IsSuccess.ShouldBeTrue();
        }
        application.Status.ShouldBe(status);

        Check(ApplicationExpected, status, trigger, application.Apply(trigger, Context), () => application.Status, "card_application");
    }

    [Theory]
    [MemberData(nameof(BatchPairs))]
    public void Batch_EveryStatusAndTrigger_FollowsExportThenReturn(BatchStatus status, BatchTrigger trigger)
    {
        var id = Guid.NewGuid();
        var (batch, created) = ProductionBatch.Create(id, "PC130102", new NewBatch("130102", "BANK", "ISSUER", BatchSource.Applications, null, null,
            new byte[64], 3), Context, "{}");
        (created.SubjectType, created.SubjectKey, created.Action, created.ToStatus).ShouldBe(("production_batch", id.ToString(), "create", "created"));
        foreach (var step in BatchPath[status])
        {
            batch.Apply(step, Context).IsSuccess.ShouldBeTrue();
        }
        batch.Status.ShouldBe(status);

        Check(BatchExpected, status, trigger, batch.Apply(trigger, Context), () => batch.Status, "production_batch");
    }

    [Fact]
    public void Tables_ListExactlyTheExpectedTransitions()
    {
        CardApplication.Lifecycle.Transitions.ToDictionary(t => (t.From, t.Trigger), t => t.To).ShouldBe(ApplicationExpected, ignoreOrder: true);
        ProductionBatch.Lifecycle.Transitions.ToDictionary(t => (t.From, t.Trigger), t => t.To).ShouldBe(BatchExpected, ignoreOrder: true);
    }

    private static TheoryData<TState, TTrigger> Pairs<TState, TTrigger>() where TState : struct, Enum where TTrigger : struct, Enum
    {
        var data = new TheoryData<TState, TTrigger>();
        foreach (var status in Enum.GetValues<TState>())
        {
            foreach (var trigger in Enum.GetValues<TTrigger>())
            {
                data.Add(status, trigger);
            }
        }
        return data;
    }

    private static void Check<TState, TTrigger>(Dictionary<(TState, TTrigger), TState> expected, TState status, TTrigger trigger,
        Result<LifecycleEvent> result, Func<TState> current, string machine)
        where TState : struct, Enum where TTrigger : struct, Enum
    {
        if (expected.TryGetValue((status, trigger), out var next))
        {
            result.IsSuccess.ShouldBeTrue();
            current().ShouldBe(next);
            (result.Value.SubjectType, result.Value.Action, result.Value.FromStatus, result.Value.ToStatus, result.Value.Reason)
                .ShouldBe((machine, EnumNames.Of(trigger), EnumNames.Of(status), EnumNames.Of(next), "意见"));
        }
        else
        {
            result.Error.ShouldBeOfType<InvalidTransition>().Code.ShouldBe($"{machine}.invalid_transition");
            current().ShouldBe(status);
        }
    }
}
