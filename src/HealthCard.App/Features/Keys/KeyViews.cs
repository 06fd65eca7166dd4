using HealthCard.Domain.Common;
using HealthCard.Domain.Keys;

namespace HealthCard.App.Features.Keys;

// The views several key use cases answer. A view that only one use case answers is written beside that use case.

/// <summary>A key version as the API and CLI show it: metadata, check value and public parts. Never material.</summary>
public sealed record KeyView(string KeyId, int Version, string Usage, string Algorithm, string Status, string? RegionCode, string CheckValue,
    string? PublicKey, string? Certificate, int? ParentVersion, string Origin, DateTimeOffset CreatedAt, DateTimeOffset? RotatedAt)
{
    public static KeyView Of(KeyRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new KeyView(record.KeyId, record.Version, EnumNames.Of(record.Usage), EnumNames.Of(record.Algorithm), EnumNames.Of(record.Status),
            record.RegionCode, record.CheckValue, record.PublicKey is null ? null : Convert.ToHexString(record.PublicKey),
            record.Certificate is null ? null : Convert.ToHexString(record.Certificate), record.ParentVersion, record.Origin, record.CreatedAt,
            record.RotatedAt);
    }
}

/// <summary>
/// A province's key application as shown; <c>Actions</c> are the steps its state allows, in the names of
/// <see cref="KeyApplicationTrigger"/> (<c>approve</c>, <c>reject</c>, <c>delegate</c>, <c>issue</c>), as
/// <see cref="KeyApplicationLifecycle"/> says. The console offers exactly these.
/// </summary>
public sealed record KeyApplicationView(Guid Id, string Number, string ProvinceCode, string IssuerCode, string ApplicantInstitution,
    string ApplicantPerson, string Reason, string Status, string? ReviewNote, string? ReviewedBy, DateTimeOffset? ReviewedAt,
    DateTimeOffset? IssuedAt, DateTimeOffset CreatedAt, string CreatedBy, string? IssuedBy, IReadOnlyList<string> Actions)
{
    internal static KeyApplicationView Of(KeyApplication a) => new(a.Id, a.Number, a.ProvinceCode, a.IssuerCode, a.ApplicantInstitution,
        a.ApplicantPerson, a.Reason, EnumNames.Of(a.Status), a.ReviewNote, a.ReviewedBy, a.ReviewedAt, a.IssuedAt, a.CreatedAt, a.CreatedBy, a.IssuedBy,
        [.. KeyApplicationLifecycle.Allowed(a.Status).Select(EnumNames.Of)]);
}

public sealed record CollectorView(string Name, string IdNumber);

/// <summary>A delegation letter (委派书) as shown: collectors' ID numbers masked.</summary>
public sealed record DelegationView(Guid Id, Guid ApplicationId, string LetterNumber, string Delegator, DateOnly ValidUntil,
    IReadOnlyList<CollectorView> Collectors, DateTimeOffset CreatedAt)
{
    internal static DelegationView Of(KeyDelegation d) => new(d.Id, d.ApplicationId, d.LetterNumber, d.Delegator, d.ValidUntil,
        d.Collectors.Select(c => new CollectorView(c.Name, c.IdNumberMasked)).ToList(), d.CreatedAt);
}

public sealed record HandedKeyView(string KeyId, int Version, string CheckValue);

/// <summary>A handover record (交接单) as shown: the keys by id, version and check value; the receiver's ID number masked.</summary>
public sealed record HandoverView(Guid Id, string Number, Guid ApplicationId, Guid DelegationId, string ProvinceCode, string HandedOverBy,
    string ReceivedBy, string ReceiverIdNumber, IReadOnlyList<HandedKeyView> Keys, DateTimeOffset At)
{
    internal static HandoverView Of(KeyHandover h) => new(h.Id, h.Number, h.ApplicationId, h.DelegationId, h.ProvinceCode, h.HandedOverBy,
        h.ReceivedBy, h.ReceiverIdMasked, h.Keys.Select(k => new HandedKeyView(k.KeyId, k.Version, k.CheckValue)).ToList(), h.At);
}
