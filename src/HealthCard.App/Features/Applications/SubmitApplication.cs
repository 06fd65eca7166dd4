using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Features.Residents;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Applications;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Applications;

/// <summary>A file sent with an application: <c>photo</c> or <c>id_scan</c>, the bytes in base64.</summary>
public sealed record AttachmentRequest(string? Kind, string? Data);

public sealed record ApplicationRequest(Guid? ResidentId, string? Channel, string? BankCode = null, string? Operator = null,
    IReadOnlyList<AttachmentRequest>? Attachments = null);

public sealed record AttachmentView(string Kind, string ContentType, int Size);

/// <summary>An application as callers see it. <see cref="Attachments"/> is null in lists.</summary>
public sealed record CardApplicationView(Guid Id, Guid ResidentId, string RegionCode, ApplicationChannel Channel, ApplicationStatus Status,
    string? BankCode, string? NextReviewLevel, string? Operator, string SubmittedBy, DateTimeOffset SubmittedAt, int Version,
    IReadOnlyList<AttachmentView>? Attachments)
{
    /// <summary>The triggers allowed from <see cref="Status"/>, each with where it leads: the actions a page may offer.</summary>
    public IReadOnlyList<AllowedTransition<ApplicationTrigger, ApplicationStatus>> Allowed => CardApplication.Lifecycle.AllowedFrom(Status);

    internal static CardApplicationView From(CardApplication a, IReadOnlyList<AttachmentView>? attachments = null) => new(a.Id, a.ResidentId,
        a.RegionCode, a.Channel, a.Status, a.BankCode, ApplicationReviewLevels.Next(a.Status), a.Operator, a.SubmittedBy, a.SubmittedAt,
        a.Version, attachments);
}

/// <summary>
/// A resident applies for a card (申领) through one of four channels. The resident must be registered, alive, in the
/// caller's region and without a current card. Online applications carry the photo and an ID scan, JPEG or PNG by their
/// bytes, each at most <see cref="MaxAttachmentBytes"/>; they are stored encrypted.
/// </summary>
public sealed class SubmitApplication(HealthCardDb db, AuditTrail audit, PersonalDataProtector protector, TimeProvider clock)
{
    public const int MaxAttachmentBytes = 2 * 1024 * 1024;
    public const string Photo = "photo";
    public const string IdScan = "id_scan";

    public Task<Result<CardApplicationView>> ExecuteAsync(Caller caller, ApplicationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (caller.Authorize(Capabilities.ApplicationsWrite) is { } denied)
        {
            return Task.FromResult<Result<CardApplicationView>>(denied);
        }
        var scope = new AuditScope("card_application.submit", "card_application")
            .OnUniqueViolation(CardApplicationConfiguration.OnePendingPerResidentIndex, ApplicationErrors.AlreadyPending);
        return audit.RunAsync<CardApplicationView>(caller, scope, async ct =>
        {
            var errors = new FieldErrors();
            if (!EnumNames.TryParse<ApplicationChannel>(request.Channel, out var channel))
            {
                errors.Add("channel", "申领渠道应为 paper、online、hospital 或 bank", "channel must be paper, online, hospital or bank");
            }
            if (request.ResidentId is null)
            {
                errors.Add("residentId", "须指定居民", "residentId is required");
            }
            if (channel == ApplicationChannel.Bank && request.BankCode is null)
            {
                errors.Add("bankCode", "银行网点申领须注明发卡银行", "An application at a bank branch names the bank");
            }
            if (request.Operator is { Length: > 100 })
            {
                errors.Add("operator", "经办人最多 100 个字符", "operator has at most 100 characters");
            }
            var files = Attachments(errors, channel, request.Attachments);
            if (errors.Any)
            {
                return errors.ToError("card_application.invalid");
            }
            string? bankCode = null;
            if (request.BankCode is not null)
            {
                var bank = await ApplicationErrors.BankAsync(db, caller, request.BankCode, "bankCode", ct);
                if (!bank.IsSuccess)
                {
                    return bank.Error!;
                }
                bankCode = bank.Value.Code;
            }
            var found = await LivingResident.FindAsync(db, caller, request.ResidentId!.Value, scope, ct);
            if (!found.IsSuccess)
            {
                return found.Error!;
            }
            var resident = found.Value;
            if (await db.Cards.AnyAsync(c => c.ResidentId == resident.Id && c.Status != CardStatus.Replaced && c.Status != CardStatus.Cancelled, ct))
            {
                return CardErrors.AlreadyIssued;
            }
            var context = CreateInstitution.Context(caller, clock);
            var (application, submitted) = CardApplication.Submit(resident.Id, resident.RegionCode, channel, bankCode, request.Operator, context,
                JsonSerializer.Serialize(new { channel = EnumNames.Of(channel), bank = bankCode, attachments = files.Select(f => f.Kind) }));
            db.CardApplications.Add(application);
            db.LifecycleEvents.Add(submitted);
            var now = context.At;
            var views = new List<AttachmentView>();
            foreach (var (kind, bytes, contentType) in files)
            {
                var id = Guid.CreateVersion7(now);
                db.ApplicationAttachments.Add(new ApplicationAttachment
                {
                    Id = id,
                    ApplicationId = application.Id,
                    Kind = kind,
                    ContentType = contentType,
                    Size = bytes.Length,
                    Cipher = protector.ProtectBytes(bytes, AttachmentContext(application.Id, kind)),
                });
                views.Add(new AttachmentView(kind, contentType, bytes.Length));
            }
            scope.TargetId = application.Id.ToString();
            scope.Details = JsonSerializer.Serialize(new { residentId = resident.Id, channel = EnumNames.Of(channel), bank = bankCode });
            return CardApplicationView.From(application, views);
        }, cancellationToken);
    }

    /// <summary>The associated data that binds an attachment's ciphertext to its application and kind.</summary>
    internal static string AttachmentContext(Guid applicationId, string kind) => $"card_application/{applicationId:N}/{kind}";

    /// <summary>JPEG (FF D8 FF) or PNG (the 8-byte signature) by the file's first bytes; null for anything else.</summary>
    public static string? SniffImage(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : null;

    private static List<(string Kind, byte[] Bytes, string ContentType)> Attachments(FieldErrors errors, ApplicationChannel channel,
        IReadOnlyList<AttachmentRequest>? attachments)
    {
        var files = new List<(string, byte[], string)>();
        foreach (var attachment in attachments ?? [])
        {
            if (attachment.Kind is not (Photo or IdScan) || files.Any(f => f.Item1 == attachment.Kind))
            {
                errors.Add("attachments", "附件类型应为 photo 或 id_scan，各一份", "An attachment is a photo or an id_scan, one of each");
                continue;
            }
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(attachment.Data ?? "");
            }
            catch (FormatException)
            {
                errors.Add("attachments", $"附件 {attachment.Kind} 不是有效的 base64", $"The {attachment.Kind} is not valid base64");
                continue;
            }
            if (bytes.Length is 0 or > MaxAttachmentBytes)
            {
                errors.Add("attachments", $"附件 {attachment.Kind} 应为 1 字节至 2 MB", $"The {attachment.Kind} is 1 byte to 2 MB");
            }
            else if (SniffImage(bytes) is { } contentType)
            {
                files.Add((attachment.Kind, bytes, contentType));
            }
            else
            {
                errors.Add("attachments", $"附件 {attachment.Kind} 应为 JPEG 或 PNG 图片", $"The {attachment.Kind} must be a JPEG or PNG image");
            }
        }
        if (channel == ApplicationChannel.Online && !(files.Any(f => f.Item1 == Photo) && files.Any(f => f.Item1 == IdScan)))
        {
            errors.Add("attachments", "网上申领须附照片和身份证件扫描件", "An online application attaches the photo and the ID scan");
        }
        return files;
    }
}
