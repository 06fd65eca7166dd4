using HealthCard.App.Features.Applications;
using HealthCard.App.Features.Production;
using HealthCard.Domain.Common;

namespace HealthCard.App.Tests.Production;

/// <summary>
/// The application review path and the batch lifecycle of issue 5, written out here independently of the code's tables;
/// every (status, trigger) pair is tried: listed pairs lead where the issue says, all others are refused by name.
/// </summary>
public sealed class ProductionLifecycleTests
{
    private static readonly Dictionary<(ApplicationStatus, ApplicationTrigger), ApplicationStatus> ApplicationExpected = new()
    {
        [(ApplicationStatus.Submitted, ApplicationTrigger.Approve)] = ApplicationStatus.CountyReviewed,
        [(ApplicationStatus.Submitted, ApplicationTrigger.Reject)] = ApplicationStatus.Rejected,
        [(ApplicationStatus.CountyReviewed, ApplicationTrigger.Approve)] = ApplicationStatus.Approved,
        [(ApplicationStatus.CountyReviewed, ApplicationTrigger.Reject)] = ApplicationStatus.Rejected,
    };

    private static readonly Dictionary<(BatchStatus, BatchTrigger), BatchStatus> BatchExpected = new()
    {
        [(BatchStatus.Created, BatchTrigger.Export)] = BatchStatus.Exported,
        [(BatchStatus.Exported, BatchTrigger.Export)] = BatchStatus.Exported,
        [(BatchStatus.Returned, BatchTrigger.Export)] = BatchStatus.Returned,
        [(BatchStatus.Exported, BatchTrigger.Return)] = BatchStatus.Returned,
        [(BatchStatus.Returned, BatchTrigger.Return)] = BatchStatus.Returned,
    };

    [Fact]
    public void ApplicationTable_EveryPair_FollowsTheReviewPath() =>
        Walk(ApplicationLifecycle.Table, ApplicationExpected, "card_application.invalid_transition");

    [Fact]
    public void BatchTable_EveryPair_FollowsExportThenReturn() =>
        Walk(BatchLifecycle.Table, BatchExpected, "production_batch.invalid_transition");

    [Fact]
    public void ReviewLevels_CountyFirst_ThenCityOrAbove()
    {
        var county = new App.Common.Caller("changan", "130102", new HashSet<string>(), Domain.Common.Channel.Api);
        var city = county with { RegionScope = "1301" };
        var province = county with { RegionScope = "13" };
        var otherCounty = county with { RegionScope = "130104" };

        ApplicationReviewLevels.Next(ApplicationStatus.Submitted).ShouldBe(ApplicationReviewLevels.County);
        ApplicationReviewLevels.Next(ApplicationStatus.CountyReviewed).ShouldBe(ApplicationReviewLevels.City);
        ApplicationReviewLevels.Next(ApplicationStatus.Approved).ShouldBeNull();
        ApplicationReviewLevels.Reviews(county, ApplicationReviewLevels.County, "130102").ShouldBeTrue();
        ApplicationReviewLevels.Reviews(otherCounty, ApplicationReviewLevels.County, "130102").ShouldBeFalse();
        ApplicationReviewLevels.Reviews(city, ApplicationReviewLevels.County, "130102").ShouldBeFalse();
        ApplicationReviewLevels.Reviews(county, ApplicationReviewLevels.City, "130102").ShouldBeFalse();
        ApplicationReviewLevels.Reviews(city, ApplicationReviewLevels.City, "130102").ShouldBeTrue();
        ApplicationReviewLevels.Reviews(province, ApplicationReviewLevels.City, "130102").ShouldBeTrue();
        ApplicationReviewLevels.Reviews(city with { RegionScope = "1302" }, ApplicationReviewLevels.City, "130102").ShouldBeFalse();
    }

    private static void Walk<TState, TTrigger>(TransitionTable<TState, TTrigger> table, Dictionary<(TState, TTrigger), TState> expected, string refusal)
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        foreach (var state in Enum.GetValues<TState>())
        {
            foreach (var trigger in Enum.GetValues<TTrigger>())
            {
                var next = table.Next(state, trigger);
                if (expected.TryGetValue((state, trigger), out var to))
                {
                    next.Value.ShouldBe(to, $"{state} --{trigger}-->");
                }
                else
                {
                    next.Error.ShouldBeOfType<InvalidTransition>().Code.ShouldBe(refusal, $"{state} --{trigger}--> must be refused");
                }
            }
        }
        table.Transitions.Count().ShouldBe(expected.Count);
    }
}
