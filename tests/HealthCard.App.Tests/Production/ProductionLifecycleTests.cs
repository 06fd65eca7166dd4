using HealthCard.App.Features.Applications;
using HealthCard.Domain.Applications;

namespace HealthCard.App.Tests.Production;

/// <summary>
/// Who reviews an application at each step of its path. The path itself (every status and trigger) is walked in the
/// Domain's ApplicationAndBatchLifecycleTests.
/// </summary>
public sealed class ProductionLifecycleTests
{
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
}
