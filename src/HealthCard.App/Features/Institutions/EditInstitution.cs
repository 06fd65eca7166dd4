using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Institutions;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Institutions;

/// <summary>Edits an institution's details (name, level, type, contact); the code, kind and region never change.</summary>
public sealed class EditInstitution(HealthCardDb db, AuditTrail audit, IRegionDirectory regions, TimeProvider clock)
{
    public Task<Result<InstitutionView>> ExecuteAsync(Caller caller, string code, InstitutionRequest request,
        CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.InstitutionsWrite) is { } denied)
        {
            return Task.FromResult<Result<InstitutionView>>(denied);
        }
        ArgumentNullException.ThrowIfNull(request);
        var scope = new AuditScope("institution.edit", "institution") { TargetId = code, OnConcurrencyConflict = InstitutionErrors.VersionConflict };
        return audit.RunAsync<InstitutionView>(caller, scope, async ct =>
        {
            var institution = await db.Institutions.InRegionOf(caller).FirstOrDefaultAsync(i => i.Code == code, ct);
            if (institution is null)
            {
                return InstitutionErrors.NotFound;
            }
            scope.RegionCode = institution.RegionCode;
            var errors = new FieldErrors();
            var details = new InstitutionDetails(request.Name ?? "", request.Level, request.Type, request.ContactName, request.ContactPhone);
            InstitutionCodes.Validate(errors, code: null, institution.Kind, details);
            if (errors.Any)
            {
                return errors.ToError("institution.invalid");
            }
            if (request.Version is { } expected && expected != institution.Version)
            {
                return InstitutionErrors.VersionConflict;
            }
            var edited = institution.Edit(details, CreateInstitution.Context(caller, clock), changes => JsonSerializer.Serialize(changes));
            db.Entry(institution).Property(i => i.Version).CurrentValue = institution.Version + 1;
            db.LifecycleEvents.Add(edited);
            scope.Details = edited.Details;
            return InstitutionView.From(institution, regions);
        }, cancellationToken);
    }
}
