using HealthCard.App;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HealthCard.Cli.Commands;

/// <summary>
/// The services the commands run on: the same App registration as the web host, configured the same way
/// (appsettings.json beside the tool, then <c>HealthCard__…</c> environment variables).
/// </summary>
internal static class CliHost
{
    public static async Task<ServiceProvider> StartAsync(CancellationToken cancellationToken)
    {
        var configuration = Configuration();
        var services = new ServiceCollection()
            .AddLogging(l => l.AddConsole().SetMinimumLevel(LogLevel.Warning))
            .AddHealthCard(configuration)
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
        return services;
    }

    /// <summary>The configuration the commands run on, for the few that must not open the database (installing the network's keys).</summary>
    public static IConfiguration Configuration() =>
        new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            // The CLI is its own audit node, so that it never races the web host for the next sequence number.
            .AddInMemoryCollection(new Dictionary<string, string?> { ["HealthCard:NodeId"] = Environment.MachineName + "-cli" })
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();

    /// <summary>The operator at the terminal, as the audit log names them.</summary>
    public static Caller Operator => Caller.CommandLine("cli:" + Environment.UserName);
}
