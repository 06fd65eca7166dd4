using HealthCard.App.Common;
using HealthCard.App.Features.Residents;
using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Portal;

/// <summary>
/// The personal and health data the registry holds about the signed-in resident (their PIPL right of access), through
/// the registry's own <see cref="GetResident"/> and <see cref="ResidentView"/>. Only ever the caller's own record: the
/// resident id comes from the session, never from input. Numbers, phones and addresses are masked as for staff without
/// <c>pii:read</c> (a portal page is often read on a phone in public); <paramref name="showInFull"/> shows them in full,
/// for the resident's own record only, when the page asks for it explicitly.
/// </summary>
public sealed class GetMyRecord(GetResident residents)
{
    public Task<Result<ResidentView>> ExecuteAsync(Caller caller, bool showInFull, CancellationToken cancellationToken)
    {
        var residentId = PortalLookup.ResidentOf(caller);
        // National region: the id is the caller's own, so the region adds nothing and must not hide a resident who moved.
        var viewer = caller with
        {
            RegionScope = "",
            Scopes = showInFull ? new HashSet<string>([Scope.PiiRead], StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal),
        };
        return residents.ExecuteAsync(viewer, residentId, cancellationToken);
    }
}
