using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Applications;
using HealthCard.Domain.Institutions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HealthCard.App.Features.Applications;

/// <summary>A file sent with an online application: the photo or the ID scan, encrypted like every other personal datum.</summary>
public sealed class ApplicationAttachment
{
    public Guid Id { get; set; }
    public Guid ApplicationId { get; set; }

    /// <summary><c>photo</c> or <c>id_scan</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Sniffed from the bytes, never taken from the client: <c>image/jpeg</c> or <c>image/png</c>.</summary>
    public string ContentType { get; set; } = "";

    public int Size { get; set; }
    public byte[] Cipher { get; set; } = [];
}

/// <summary>
/// Who reviews: a submitted application is reviewed by its county (a key whose region is the resident's 6-digit county),
/// a county-reviewed one by its city or any tier above (a region of at most 4 digits covering the county). Unlike SAM
/// applications (<c>SamReviewLevels</c>), the second step accepts higher tiers, because a province may review for a city.
/// </summary>
public static class ApplicationReviewLevels
{
    public const string County = "county";
    public const string City = "city";

    public static string? Next(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Submitted => County,
        ApplicationStatus.CountyReviewed => City,
        _ => null,
    };

    public static bool Reviews(Caller caller, string level, string regionCode)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Covers(regionCode) && (level == County ? caller.RegionScope.Length == 6 : caller.RegionScope.Length <= 4);
    }
}

internal sealed class CardApplicationConfiguration : IEntityTypeConfiguration<CardApplication>
{
    public const string OnePendingPerResidentIndex = "UX_CardApplications_OnePendingPerResident";

    public void Configure(EntityTypeBuilder<CardApplication> builder)
    {
        builder.ToTable("CardApplications");
        builder.Property(a => a.RegionCode).HasMaxLength(6);
        builder.Property(a => a.Channel).HasConversion(HealthCardDb.SnakeCase<ApplicationChannel>()).HasMaxLength(16);
        builder.Property(a => a.Status).HasConversion(HealthCardDb.SnakeCase<ApplicationStatus>()).HasMaxLength(20);
        builder.Property(a => a.BankCode).HasMaxLength(18);
        builder.Property(a => a.Operator).HasMaxLength(100);
        builder.Property(a => a.SubmittedBy).HasMaxLength(100);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasOne<ResidentRecord>().WithMany().HasForeignKey(a => a.ResidentId);
        builder.HasOne<Institution>().WithMany().HasForeignKey(a => a.BankCode);
        // At most one application under review per resident; a decided one (approved, rejected) lets the resident apply again.
        builder.HasIndex(a => a.ResidentId).IsUnique().HasFilter("\"Status\" IN ('submitted', 'county_reviewed')")
            .HasDatabaseName(OnePendingPerResidentIndex);
        // The statistics count pending applications by region prefix; batches read approved ones by region.
        builder.HasIndex(a => new { a.Status, a.RegionCode });
    }
}

internal sealed class ApplicationAttachmentConfiguration : IEntityTypeConfiguration<ApplicationAttachment>
{
    public void Configure(EntityTypeBuilder<ApplicationAttachment> builder)
    {
        builder.ToTable("ApplicationAttachments");
        builder.Property(a => a.Kind).HasMaxLength(16);
        builder.Property(a => a.ContentType).HasMaxLength(32);
        builder.HasOne<CardApplication>().WithMany().HasForeignKey(a => a.ApplicationId);
        builder.HasIndex(a => new { a.ApplicationId, a.Kind }).IsUnique();
    }
}
