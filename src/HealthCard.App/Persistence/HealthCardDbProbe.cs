namespace HealthCard.App.Persistence;

/// <summary>Answers whether the database is reachable, for health checks (the web project does not reference EF Core).</summary>
public sealed class HealthCardDbProbe(HealthCardDb db)
{
    public Task<bool> CanConnectAsync(CancellationToken cancellationToken) => db.Database.CanConnectAsync(cancellationToken);
}
