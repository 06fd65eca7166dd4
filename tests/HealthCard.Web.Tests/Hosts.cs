using HealthCard.TestKit;

namespace HealthCard.Web.Tests;

/// <summary>Every integration test runs on both databases; PostgreSQL cases skip (visibly) when no server is configured.</summary>
public static class Hosts
{
    public static TheoryData<TestDatabase> Databases => new(TestDatabase.Sqlite, TestDatabase.Postgres);

    public static Task<HealthCardHost> StartAsync(TestDatabase database, TimeProvider? clock = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        Assert.SkipWhen(database == TestDatabase.Postgres && TestDatabases.PostgresServer is null,
            $"PostgreSQL tests need {TestDatabases.Variable} (set by .ci/run).");
        return HealthCardHost.StartAsync(database, clock, services);
    }
}
