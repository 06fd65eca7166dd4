using HealthCard.App.Audit;
using HealthCard.App.Features.Staff;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Persistence;

/// <summary>
/// The platform's database. Two provider-specific subclasses (<see cref="SqliteHealthCardDb"/>,
/// <see cref="PostgresHealthCardDb"/>) exist only so that each keeps its own migration set; the model is this one.
/// Console accounts live here too (Identity's user store, without its role tables: an account has one role, ADR 014).
/// </summary>
public abstract partial class HealthCardDb(DbContextOptions options) : IdentityUserContext<StaffUser, Guid>(options)
{
    // Index names are used to recognise which rule a unique violation broke (see UniqueViolation).
    public const string LivingIdentityIndex = "UX_Residents_LivingIdentity";
    public const string OneCurrentCardIndex = "UX_Cards_OneCurrentPerResident";
    public const string SerialIndex = "UX_Cards_Serial";
    public const string ChipSerialIndex = "UX_Cards_ChipSerial";
    public const string ApiKeyNameIndex = "UX_ApiKeys_Name";
    public const string AuditSequenceIndex = "UX_AuditEntries_NodeSequence";

    public DbSet<ResidentRecord> Residents => Set<ResidentRecord>();
    public DbSet<ResidentRevision> ResidentRevisions => Set<ResidentRevision>();
    public DbSet<Card> Cards => Set<Card>();
    public DbSet<CardEvent> CardEvents => Set<CardEvent>();
    public DbSet<SerialCounter> SerialCounters => Set<SerialCounter>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditCheckpoint> AuditCheckpoints => Set<AuditCheckpoint>();
    public DbSet<Security.AttemptCounter> AttemptCounters => Set<Security.AttemptCounter>();
    public DbSet<Security.DataProtectionKey> DataProtectionKeys => Set<Security.DataProtectionKey>();

    // The national network (issue 16, ADR 026–028).
    public DbSet<Network.OutboxMessage> NetworkOutbox => Set<Network.OutboxMessage>();
    public DbSet<Network.NetworkCard> NetworkCards => Set<Network.NetworkCard>();
    public DbSet<Network.IdentityClaim> IdentityClaims => Set<Network.IdentityClaim>();
    public DbSet<Network.AuditAnchor> AuditAnchors => Set<Network.AuditAnchor>();
    public DbSet<Network.NetworkRefusal> NetworkRefusals => Set<Network.NetworkRefusal>();

    /// <summary>The column that holds a card's encrypted bank card number. A shadow property keeps ciphertext out of the domain type.</summary>
    public const string BankCardNumberCipher = "BankCardNumberCipher";

    /// <summary>Console accounts (Identity's <c>Users</c>, under a name that says whose).</summary>
    public DbSet<StaffUser> StaffUsers => Users;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        StaffTables(builder);
        var residents = builder.Entity<ResidentRecord>();
        residents.ToTable("Residents");
        residents.Property(r => r.IdType).HasMaxLength(2);
        residents.Property(r => r.IdNumberIndex).HasMaxLength(32);
        residents.Property(r => r.Name).HasMaxLength(30);
        residents.Property(r => r.Gender).HasMaxLength(1);
        residents.Property(r => r.Ethnicity).HasMaxLength(2);
        residents.Property(r => r.RegionCode).HasMaxLength(6);
        residents.Property(r => r.Education).HasMaxLength(2);
        residents.Property(r => r.MaritalStatus).HasMaxLength(2);
        residents.Property(r => r.Occupation).HasMaxLength(3);
        residents.Property(r => r.Version).IsConcurrencyToken();
        // One living resident per (ID type, number). The filter is portable SQL (SQLite and PostgreSQL). The blind
        // index leads, so that lookups by number alone use the same index; every extra index costs each registration.
        residents.HasIndex(r => new { r.IdNumberIndex, r.IdType }).IsUnique().HasFilter("\"DeathDate\" IS NULL").HasDatabaseName(LivingIdentityIndex);
        residents.HasIndex(r => r.IdNumberIndex);
        residents.HasIndex(r => r.RegionCode);
        residents.HasIndex(r => r.Name); // the console's search by name (exact match)

        var revisions = builder.Entity<ResidentRevision>();
        revisions.ToTable("ResidentRevisions");
        revisions.HasIndex(r => new { r.ResidentId, r.Version }).IsUnique();
        revisions.HasOne<ResidentRecord>().WithMany().HasForeignKey(r => r.ResidentId);

        var cards = builder.Entity<Card>();
        cards.ToTable("Cards");
        cards.Property(c => c.Serial).HasMaxLength(10);
        cards.Property(c => c.ChipSerial).HasMaxLength(32);
        cards.Property(c => c.IssuerCode).HasMaxLength(22);
        cards.Property(c => c.CityCode).HasMaxLength(6);
        cards.Property(c => c.RegionCode).HasMaxLength(6);
        cards.Property(c => c.Mode).HasConversion(SnakeCase<IssuanceMode>()).HasMaxLength(16);
        cards.Property(c => c.Status).HasConversion(SnakeCase<CardStatus>()).HasMaxLength(16);
        cards.Property(c => c.Version).IsConcurrencyToken();
        cards.Property<byte[]?>(BankCardNumberCipher);
        cards.OwnsOne(c => c.Production, h => Handling(h, "Production"));
        cards.OwnsOne(c => c.Distribution, h => Handling(h, "Distribution"));
        cards.OwnsOne(c => c.Issuance, h => Handling(h, "Issuance"));
        cards.HasIndex(c => c.Serial).IsUnique().HasDatabaseName(SerialIndex);
        cards.HasIndex(c => c.ChipSerial).IsUnique().HasFilter("\"ChipSerial\" IS NOT NULL").HasDatabaseName(ChipSerialIndex);
        // At most one non-final card per resident: replaced and cancelled cards fall out of the index.
        cards.HasIndex(c => c.ResidentId).IsUnique().HasFilter("\"Status\" NOT IN ('replaced', 'cancelled')").HasDatabaseName(OneCurrentCardIndex);
        cards.HasIndex(c => new { c.ResidentId, c.IssueDate });
        cards.HasOne<ResidentRecord>().WithMany().HasForeignKey(c => c.ResidentId);
        cards.HasOne<Domain.Products.Product>().WithMany().HasForeignKey(c => c.ProductId);
        cards.HasMany(c => c.Events).WithOne().HasForeignKey(e => e.CardId);
        cards.Navigation(c => c.Events).UsePropertyAccessMode(PropertyAccessMode.Field);

        var events = builder.Entity<CardEvent>();
        events.ToTable("CardEvents");
        events.Property(e => e.Action).HasMaxLength(32);
        events.Property(e => e.Unit).HasMaxLength(70);
        events.Property(e => e.FromStatus).HasConversion(SnakeCase<CardStatus>()).HasMaxLength(16);
        events.Property(e => e.ToStatus).HasConversion(SnakeCase<CardStatus>()).HasMaxLength(16);
        events.Property(e => e.Channel).HasConversion(SnakeCase<Channel>()).HasMaxLength(16);
        events.HasIndex(e => new { e.CardId, e.Id });

        builder.Entity<SerialCounter>().ToTable("SerialCounters").HasKey(s => s.Province);
        builder.Entity<SerialCounter>().Property(s => s.Province).HasMaxLength(2);
        builder.Entity<SerialCounter>().Property(s => s.Next).IsConcurrencyToken();

        var keys = builder.Entity<ApiKey>();
        keys.ToTable("ApiKeys");
        keys.Property(k => k.Name).HasMaxLength(100);
        keys.Property(k => k.RegionScope).HasMaxLength(6);
        keys.Property(k => k.InstitutionCode).HasMaxLength(18);
        keys.HasIndex(k => k.Name).IsUnique().HasDatabaseName(ApiKeyNameIndex);
        keys.HasIndex(k => k.SecretHash).IsUnique();

        var audit = builder.Entity<AuditEntry>();
        audit.ToTable("AuditEntries");
        audit.Property(a => a.Node).HasMaxLength(64);
        audit.Property(a => a.Actor).HasMaxLength(100);
        audit.Property(a => a.Channel).HasMaxLength(16);
        audit.Property(a => a.Action).HasMaxLength(64);
        audit.Property(a => a.TargetType).HasMaxLength(32);
        audit.Property(a => a.TargetId).HasMaxLength(64);
        audit.Property(a => a.RegionCode).HasMaxLength(6);
        audit.Property(a => a.Outcome).HasMaxLength(64);
        audit.HasIndex(a => new { a.Node, a.Sequence }).IsUnique().HasDatabaseName(AuditSequenceIndex);
        audit.HasIndex(a => a.OccurredAt);

        // Each feature area maps its own tables in an IEntityTypeConfiguration beside its entities.
        builder.ApplyConfigurationsFromAssembly(typeof(HealthCardDb).Assembly);
        // Rows received from other nodes are read-only copies, marked with their owner (ADR 026).
        Network.ReplicatedKinds.MapCopyOwner(builder);
    }

    /// <summary>Identity's tables, named for what they hold.</summary>
    private static void StaffTables(ModelBuilder modelBuilder)
    {
        var users = modelBuilder.Entity<StaffUser>();
        users.ToTable("StaffUsers");
        users.Property(u => u.DisplayName).HasMaxLength(30);
        users.Property(u => u.Role).HasMaxLength(32);
        users.Property(u => u.RegionScope).HasMaxLength(6);
        users.HasIndex(u => u.RegionScope);
        modelBuilder.Entity<Microsoft.AspNetCore.Identity.IdentityUserClaim<Guid>>().ToTable("StaffUserClaims");
        modelBuilder.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<Guid>>().ToTable("StaffUserLogins");
        modelBuilder.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<Guid>>().ToTable("StaffUserTokens");
    }

    private static void Handling<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.OwnedNavigationBuilder<T, Handling> h, string prefix)
        where T : class
    {
        h.Property(x => x.Unit).HasColumnName(prefix + "Unit").HasMaxLength(70);
        h.Property(x => x.Staff).HasColumnName(prefix + "Staff").HasMaxLength(100);
        h.Property(x => x.At).HasColumnName(prefix + "At");
    }

    /// <summary>Enums as their snake_case API names, so that the database reads like the API. Every area's mapping uses it.</summary>
    internal static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<TEnum, string> SnakeCase<TEnum>()
        where TEnum : struct, Enum =>
        new(v => EnumNames.Of(v), v => Parse<TEnum>(v));

    private static TEnum Parse<TEnum>(string name) where TEnum : struct, Enum =>
        EnumNames.TryParse<TEnum>(name, out var value) ? value : throw new InvalidOperationException($"Unknown {typeof(TEnum).Name} '{name}' in the database.");
}

/// <summary>
/// The embedded default. SQLite cannot compare DateTimeOffset text, so timestamps are stored as UTC ticks: sortable,
/// range queries translate, and no precision is lost (EF's own binary converter drops below 0.1 ms, which would break
/// the audit hashes). Every timestamp the platform writes is UTC.
/// </summary>
public sealed class SqliteHealthCardDb(DbContextOptions<SqliteHealthCardDb> options) : HealthCardDb(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    private sealed class UtcTicksConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
}

/// <summary>The production database.</summary>
public sealed class PostgresHealthCardDb(DbContextOptions<PostgresHealthCardDb> options) : HealthCardDb(options);
