using HealthCard.Domain.Common;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.ApiKeys;
using HealthCard.App.Features.Applications;
using HealthCard.App.Features.Audit;
using HealthCard.App.Features.Blacklists;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Checks;
using HealthCard.App.Features.Demo;
using HealthCard.App.Features.ElectronicCards;
using HealthCard.App.Features.Imports;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Features.Keys;
using HealthCard.App.Features.Portal;
using HealthCard.App.Features.Production;
using HealthCard.App.Features.Products;
using HealthCard.App.Features.Residents;
using HealthCard.App.Features.Sams;
using HealthCard.App.Features.Staff;
using HealthCard.App.Features.Statistics;
using HealthCard.App.Features.Terminals;
using HealthCard.App.Features.Usage;
using HealthCard.App.Network;
using HealthCard.App.Persistence;
using HealthCard.App.Regions;
using HealthCard.App.Security;
using HealthCard.Domain.Residents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace HealthCard.App;

/// <summary>Registers the platform's use cases and infrastructure; every host (web, CLI, tests) calls this.</summary>
public static class HealthCardServices
{
    public static IServiceCollection AddHealthCard(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(HealthCardOptions.Section).Get<HealthCardOptions>() ?? new HealthCardOptions();
        services.Configure<HealthCardOptions>(configuration.GetSection(HealthCardOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddMemoryCache();
        services.AddSingleton<IRegionDirectory>(RegionDirectory.Embedded);
        services.AddSingleton(RegionDirectory.Embedded);

        var database = DatabaseSettings.From(options, configuration.GetConnectionString("HealthCard"));
        services.AddSingleton(database);
        services.AddSingleton(_ => DataKeys.LoadOrCreate(database.KeyFile, options.DataProtection.KeyEncryptionKey));
        services.AddSingleton<PersonalDataProtector>();
        if (database.IsPostgres)
        {
            services.AddDbContextPool<PostgresHealthCardDb>((sp, o) => o.UseNpgsql(database.ConnectionString)
                .AddInterceptors(sp.GetRequiredService<Network.NetworkOutboxInterceptor>()));
            services.AddScoped<HealthCardDb>(sp => sp.GetRequiredService<PostgresHealthCardDb>());
        }
        else
        {
            services.AddDbContextPool<SqliteHealthCardDb>((sp, o) => o.UseSqlite(database.ConnectionString)
                .AddInterceptors(SqlitePragmas.Instance, sp.GetRequiredService<Network.NetworkOutboxInterceptor>()));
            services.AddScoped<HealthCardDb>(sp => sp.GetRequiredService<SqliteHealthCardDb>());
        }

        services.AddSingleton<AuditChainKey>();
        services.AddSingleton(sp => new AuditChainHead(options.NodeId is { Length: > 0 } node ? node : Environment.MachineName,
            sp.GetRequiredService<AuditChainKey>()));
        services.AddScoped<AuditTrail>();
        services.AddScoped<AuditVerifier>();
        services.AddSingleton<AuditChainStatus>();
        services.AddScoped<AuditChainCheck>();
        services.AddSingleton<AttemptThrottle>();
        services.AddScoped<ResidentValidator>();
        services.AddScoped<ResidentMapper>();
        services.AddResidents();
        services.AddCards();
        services.AddInstitutions();
        services.AddProducts();
        services.AddTerminals();
        services.AddSams();
        services.AddUsage();
        services.AddChecks();
        services.AddBlacklists();
        services.AddApplications();
        services.AddElectronicCards();
        services.AddStatistics();
        services.AddApiKeys();
        services.AddAuditQueries();
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<HealthCardDbProbe>();
        services.AddDemo();
        services.AddKeys(configuration);
        services.AddProduction();
        services.AddImports();
        services.AddStaff();
        services.AddPortal(configuration);
        services.AddNetwork(configuration);
        return services;
    }
}

/// <summary>The resolved database choice: provider, connection string and where the data key file lives.</summary>
public sealed record DatabaseSettings(bool IsPostgres, string ConnectionString, string KeyFile)
{
    /// <summary>A new, unopened connection, for the few paths that bypass EF Core for speed.</summary>
    public System.Data.Common.DbConnection CreateConnection() =>
        IsPostgres ? new NpgsqlConnection(ConnectionString) : new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString);

    public static DatabaseSettings From(HealthCardOptions options, string? connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        var provider = options.Database.Provider;
        if (string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("HealthCard:Database:Provider is Postgres, but ConnectionStrings:HealthCard is not set.");
            }
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (builder.MaxAutoPrepare == 0)
            {
                // Auto-prepared statements made point lookups about 1.7x faster on this hardware (design guide §3).
                builder.MaxAutoPrepare = 64;
            }
            return new DatabaseSettings(true, builder.ConnectionString, options.DataProtection.KeyFile ?? "data/healthcard.keys");
        }
        if (!string.Equals(provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Unknown HealthCard:Database:Provider '{provider}'; use Sqlite or Postgres.");
        }
        var sqlite = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString is { Length: > 0 } cs ? cs : $"Data Source={options.Database.SqlitePath}");
        var file = Path.GetFullPath(sqlite.DataSource);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        sqlite.DataSource = file;
        return new DatabaseSettings(false, sqlite.ConnectionString,
            options.DataProtection.KeyFile ?? Path.Combine(Path.GetDirectoryName(file)!, Path.GetFileNameWithoutExtension(file) + ".keys"));
    }
}
