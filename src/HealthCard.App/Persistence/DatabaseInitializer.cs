using HealthCard.App.Common;
using HealthCard.App.Features.ApiKeys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthCard.App.Persistence;

/// <summary>Start-up work: apply migrations, turn on WAL for SQLite, and create the bootstrap admin key if configured.</summary>
public sealed class DatabaseInitializer(HealthCardDb db, CreateApiKey createApiKey, IOptions<HealthCardOptions> options,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        var bootstrap = options.Value.Bootstrap;
        if (bootstrap.AdminApiKey is { Length: > 0 } secret
            && !await db.ApiKeys.AnyAsync(k => k.Name == bootstrap.AdminApiKeyName, cancellationToken))
        {
            var created = await createApiKey.ExecuteAsync(Caller.System, bootstrap.AdminApiKeyName, "", Scope.All, secret, cancellationToken);
            if (created.IsSuccess)
            {
                logger.LogInformation("Created the bootstrap admin API key '{Name}' (national, every scope).", bootstrap.AdminApiKeyName);
            }
            else if (created.Error!.Code != "apikey.duplicate") // a node starting at the same moment may have created it first
            {
                throw new InvalidOperationException($"The bootstrap admin key could not be created: {created.Error.Message}");
            }
        }
    }
}
