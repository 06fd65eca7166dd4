using HealthCard.App.Features.Statistics;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Persistence;

/// <summary>The statistics counters and rollout plans of issue 5.</summary>
public abstract partial class HealthCardDb
{
    public DbSet<StatisticCounter> StatisticCounters => Set<StatisticCounter>();
    public DbSet<CoveragePlan> CoveragePlans => Set<CoveragePlan>();
}
