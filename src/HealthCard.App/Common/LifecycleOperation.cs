using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;

namespace HealthCard.App.Common;

/// <summary>
/// The shape every status operation on an institution, product filing, SAM or terminal shares: find the record in the
/// caller's region, apply one trigger of its transition table, bump its version (optimistic concurrency) and append the
/// history event, all inside the operation's audit scope.
/// </summary>
internal static class LifecycleOperation
{
    public static Task<Result<TView>> RunAsync<TRecord, TView>(HealthCardDb db, AuditTrail audit, Caller caller, AuditScope scope,
        Func<CancellationToken, Task<TRecord?>> find, Error notFound, Func<TRecord, string?> regionOf,
        Func<TRecord, Result<LifecycleEvent>> apply, Func<TRecord, CancellationToken, Task<TView>> view, CancellationToken cancellationToken)
        where TRecord : class
    {
        ArgumentNullException.ThrowIfNull(scope);
        return audit.RunAsync<TView>(caller, scope, async ct =>
        {
            var record = await find(ct);
            if (record is null)
            {
                return notFound;
            }
            scope.RegionCode = regionOf(record);
            var applied = apply(record);
            if (!applied.IsSuccess)
            {
                return applied.Error!;
            }
            db.Entry(record).Property<int>("Version").CurrentValue++;
            db.LifecycleEvents.Add(applied.Value);
            scope.Details = JsonSerializer.Serialize(new { from = applied.Value.FromStatus, to = applied.Value.ToStatus });
            return await view(record, ct);
        }, cancellationToken);
    }
}
