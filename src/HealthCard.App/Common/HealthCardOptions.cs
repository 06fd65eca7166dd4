namespace HealthCard.App.Common;

/// <summary>The <c>HealthCard</c> configuration section.</summary>
public sealed class HealthCardOptions
{
    public const string Section = "HealthCard";

    public DatabaseOptions Database { get; set; } = new();

    /// <summary>This node's name in the audit chain (each node keeps its own sequence). Defaults to the machine name.</summary>
    public string? NodeId { get; set; }

    public BootstrapOptions Bootstrap { get; set; } = new();

    public DataProtectionOptions DataProtection { get; set; } = new();

    public DemoOptions Demo { get; set; } = new();

    public AuditOptions Audit { get; set; } = new();

    /// <summary>How long a newly made card is valid, in years (D, see <see cref="Domain.Cards.CardRules.DefaultValidityYears"/>).</summary>
    public int CardValidityYears { get; set; } = Domain.Cards.CardRules.DefaultValidityYears;
}

public sealed class DatabaseOptions
{
    /// <summary><c>Sqlite</c> (the embedded default) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>The SQLite file, used when no <c>ConnectionStrings:HealthCard</c> is given.</summary>
    public string SqlitePath { get; set; } = "data/healthcard.db";
}

public sealed class BootstrapOptions
{
    /// <summary>When set, a national key named <see cref="AdminApiKeyName"/> with every scope is created with this secret.</summary>
    public string? AdminApiKey { get; set; }

    public string AdminApiKeyName { get; set; } = "bootstrap-admin";
}

public sealed class DataProtectionOptions
{
    /// <summary>The file that holds the data keys; defaults to <c>healthcard.keys</c> beside the SQLite file.</summary>
    public string? KeyFile { get; set; }

    /// <summary>Optional key-encryption key (32 hex characters). When set, the data keys are stored wrapped under it.</summary>
    public string? KeyEncryptionKey { get; set; }
}

public sealed class DemoOptions
{
    /// <summary>Seeds the demo city, residents and cards into an empty database, and prints a demo API key.</summary>
    public bool Enabled { get; set; }
}

public sealed class AuditOptions
{
    /// <summary>How often the node verifies the audit chains from their last checkpoints and signs new checkpoints.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(15);
}
