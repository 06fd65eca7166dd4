using HealthCard.App.Features.Keys;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Persistence;

/// <summary>The key service's tables (issue #4, ADR 009); mapped in <c>Features/Keys/KeyConfigurations.cs</c>.</summary>
public abstract partial class HealthCardDb
{
    public const string KeyVersionIndex = "UX_Keys_KeyIdVersion";
    public const string ActiveKeyIndex = "UX_Keys_OneActive";
    public const string KeyCeremonyNameIndex = "UX_KeyCeremonies_Name";
    public const string KeyApplicationNumberIndex = "UX_KeyApplications_Number";
    public const string KeyDelegationLetterIndex = "UX_KeyDelegations_LetterNumber";
    public const string KeyHandoverNumberIndex = "UX_KeyHandovers_Number";
    public const string OpenTransportCeremonyIndex = "UX_KeyTransportCeremonies_OneOpen";
    public const string TransportComponentCustodianIndex = "UX_KeyTransportComponents_Custodian";

    public DbSet<KeyRecord> Keys => Set<KeyRecord>();
    public DbSet<KeyRotation> KeyRotations => Set<KeyRotation>();
    public DbSet<KeyCeremonyRecord> KeyCeremonies => Set<KeyCeremonyRecord>();
    public DbSet<KeyApplication> KeyApplications => Set<KeyApplication>();
    public DbSet<KeyDelegation> KeyDelegations => Set<KeyDelegation>();
    public DbSet<KeyHandover> KeyHandovers => Set<KeyHandover>();
    public DbSet<TransportKeyCeremony> TransportKeyCeremonies => Set<TransportKeyCeremony>();
}
