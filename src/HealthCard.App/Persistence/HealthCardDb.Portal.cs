using HealthCard.App.Features.Portal;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Persistence;

/// <summary>The resident portal's tables (ADR 015): accounts and replacement requests.</summary>
public abstract partial class HealthCardDb
{
    public DbSet<PortalAccount> PortalAccounts => Set<PortalAccount>();
    public DbSet<ReplacementRequest> ReplacementRequests => Set<ReplacementRequest>();
}
