using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Applications;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Applications;

/// <summary>Applications in the caller's region, one with its attachments' descriptions, an attachment itself, and the history.</summary>
public sealed class GetApplications(HealthCardDb db, PersonalDataProtector protector, IRegionDirectory regions)
{
    public Task<Result<Paged<CardApplicationView>>> ListAsync(Caller caller, string? status, string? regionCode, PageRequest page,
        CancellationToken cancellationToken) =>
        ListAsync(caller, status, channel: null, regionCode, page, cancellationToken);

    /// <summary>A page of applications, oldest first, filtered by status, channel (API names) and region prefix.</summary>
    public async Task<Result<Paged<CardApplicationView>>> ListAsync(Caller caller, string? status, string? channel, string? regionCode,
        PageRequest page, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.ApplicationsRead) is { } denied)
        {
            return denied;
        }
        var query = db.CardApplications.AsNoTracking().InRegionOf(caller);
        if (EnumNames.TryParse<ApplicationStatus>(status, out var s))
        {
            query = query.Where(a => a.Status == s);
        }
        if (EnumNames.TryParse<ApplicationChannel>(channel, out var c))
        {
            query = query.Where(a => a.Channel == c);
        }
        if (!string.IsNullOrWhiteSpace(regionCode))
        {
            var errors = new FieldErrors();
            if (RegionPrefix.Parse(regionCode, regions, errors, "region") is not { } prefix)
            {
                return errors.ToError("card_application.invalid");
            }
            var within = prefix.Value;
            query = query.Where(a => a.RegionCode.StartsWith(within));
        }
        return await Paged<CardApplicationView>.ReadAsync(query.OrderBy(a => a.SubmittedAt).ThenBy(a => a.Id), page,
            a => CardApplicationView.From(a), cancellationToken);
    }

    public async Task<Result<CardApplicationView>> OneAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.ApplicationsRead) is { } denied)
        {
            return denied;
        }
        var application = await db.CardApplications.AsNoTracking().InRegionOf(caller).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (application is null)
        {
            return ApplicationErrors.NotFound;
        }
        var attachments = await db.ApplicationAttachments.Where(a => a.ApplicationId == id).OrderBy(a => a.Kind)
            .Select(a => new AttachmentView(a.Kind, a.ContentType, a.Size)).ToListAsync(cancellationToken);
        return CardApplicationView.From(application, attachments);
    }

    /// <summary>The decrypted attachment (for <c>pii:read</c> callers): content type and bytes.</summary>
    public async Task<Result<(string ContentType, byte[] Bytes)>> AttachmentAsync(Caller caller, Guid id, string kind, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.ApplicationsAttachments) is { } denied)
        {
            return denied;
        }
        var visible = db.CardApplications.InRegionOf(caller).Where(a => a.Id == id);
        var attachment = await db.ApplicationAttachments.AsNoTracking()
            .FirstOrDefaultAsync(a => a.ApplicationId == id && a.Kind == kind && visible.Any(), cancellationToken);
        if (attachment is null)
        {
            return new NotFound("attachment");
        }
        return (attachment.ContentType, protector.UnprotectBytes(attachment.Cipher, SubmitApplication.AttachmentContext(id, kind)));
    }

    public async Task<Result<IReadOnlyList<LifecycleEventView>>> HistoryAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.ApplicationsRead) is { } denied)
        {
            return denied;
        }
        if (!await db.CardApplications.InRegionOf(caller).AnyAsync(a => a.Id == id, cancellationToken))
        {
            return ApplicationErrors.NotFound;
        }
        return Result<IReadOnlyList<LifecycleEventView>>.Success(
            await LifecycleEventView.HistoryAsync(db, CardApplication.Lifecycle.Machine, id.ToString(), cancellationToken));
    }
}
