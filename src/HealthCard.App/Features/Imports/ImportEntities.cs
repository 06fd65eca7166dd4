using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HealthCard.App.Features.Imports;

public enum ImportStatus
{
    /// <summary>Accepted, waiting for the worker (API uploads).</summary>
    Queued,

    /// <summary>Being processed, or interrupted while being processed: resumable from <see cref="ImportJob.LastLine"/>.</summary>
    Running,

    Completed,

    /// <summary>
    /// The file as a whole could not be imported: unreadable, no usable header, beyond a limit (ADR 018), or stopped too
    /// often without progress. Lines up to <see cref="ImportJob.LastLine"/> (if any) were committed; the rest was not.
    /// Never resumed.
    /// </summary>
    Failed,

    /// <summary>Cancelled by an operator (audited); never resumed. Lines up to the checkpoint were committed.</summary>
    Cancelled,
}

/// <summary>
/// One population import (人口导入): a file, the region it is for, the tag it adds and where it came from. The job is its
/// own checkpoint: <see cref="LastLine"/> and the counters advance in the same transaction as the rows of each chunk, so
/// an interrupted import resumes after the last committed line (ADR 011). (<see cref="Kind"/>, <see cref="FileHash"/>,
/// <see cref="RegionCode"/>, <see cref="Tag"/>, <see cref="Source"/>) is unique: the same file imported the same way is
/// the same job, which is what makes a re-run change nothing.
/// </summary>
public sealed class ImportJob : IRegional
{
    public Guid Id { get; set; }

    /// <summary>What is imported; only <c>residents</c> so far.</summary>
    public string Kind { get; set; } = ImportKinds.Residents;

    public string FileName { get; set; } = "";

    /// <summary>SHA-256 of the file's bytes: the idempotency key, not a security control (ADR 011).</summary>
    public byte[] FileHash { get; set; } = [];

    public ImportFormat Format { get; set; }

    /// <summary><c>utf-8</c> or <c>gbk</c> for CSV files, as detected; null for XLSX.</summary>
    public string? Encoding { get; set; }

    /// <summary>The import's region: every row must lie within it; rows without a region get this one.</summary>
    public string RegionCode { get; set; } = "";

    /// <summary>The population tag every imported or merged resident receives (may be none).</summary>
    public PopulationTags Tag { get; set; }

    /// <summary>Where the list came from (a department, a survey), recorded on every resident it touched.</summary>
    public string Source { get; set; } = "";

    public ImportStatus Status { get; set; }

    /// <summary>True when the upload is kept in <see cref="ImportFileSegment"/>s (API); false when the operator's own
    /// file is read again on a re-run (CLI).</summary>
    public bool FileStored { get; set; }

    /// <summary>The node (audit node name) whose worker runs the job; a node resumes only its own jobs at start-up.</summary>
    public string Node { get; set; } = "";

    public string Actor { get; set; } = "";
    public string ActorRegion { get; set; } = "";
    public string Channel { get; set; } = "";

    /// <summary>The file's line count (CSV) or last row number (XLSX), for the percentage.</summary>
    public int TotalLines { get; set; }

    /// <summary>The checkpoint: every line up to and including this one has been committed.</summary>
    public int LastLine { get; set; }

    /// <summary>
    /// Runs started since the checkpoint last moved. A run that crashes the process leaves it counted; after
    /// <see cref="ImportErrors.MaxAttempts"/> the job is failed instead of resumed (ADR 018).
    /// </summary>
    public int Attempts { get; set; }

    /// <summary>New residents created.</summary>
    public int Accepted { get; set; }

    /// <summary>Rows matching an existing resident exactly; the tag and source were added to that resident.</summary>
    public int Merged { get; set; }

    public int Rejected { get; set; }
    public int BlankLines { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    public bool IsActive => Status is ImportStatus.Queued or ImportStatus.Running;

    public int Percent => Status == ImportStatus.Completed ? 100
        : TotalLines == 0 ? 0 : (int)Math.Min(99, (long)LastLine * 100 / TotalLines);
}

public enum ImportFormat
{
    Csv,
    Xlsx,
}

public static class ImportKinds
{
    public const string Residents = "residents";
}

/// <summary>A row that did not land: its line, a code, every reason (zh + en) and its original content, encrypted.</summary>
public sealed class ImportRejection
{
    public Guid JobId { get; set; }
    public int Line { get; set; }

    /// <summary><c>resident.invalid</c>, <c>import.duplicate</c> or <c>import.conflict</c>.</summary>
    public string Code { get; set; } = "";

    /// <summary>JSON: [{ field, zh, en }, …].</summary>
    public string Reasons { get; set; } = "";

    /// <summary>The line as it was in the file. It holds personal data, so it is stored like the registry's (SM4-GCM).</summary>
    public byte[] ContentCipher { get; set; } = [];
}

/// <summary>That an import created or merged into a resident: which job, which source, which tags, when.</summary>
public sealed class ResidentSource
{
    public Guid ResidentId { get; set; }
    public Guid JobId { get; set; }
    public int Line { get; set; }
    public string Source { get; set; } = "";
    public PopulationTags Tags { get; set; }

    /// <summary>True when the resident existed and only the tags and this source were added.</summary>
    public bool Merged { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>A piece of an uploaded file, encrypted, kept until its job completes so that a restarted worker can resume.</summary>
public sealed class ImportFileSegment
{
    public Guid JobId { get; set; }
    public int Index { get; set; }
    public byte[] Cipher { get; set; } = [];
}

internal sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public const string IdentityIndex = "UX_ImportJobs_Identity";

    public void Configure(EntityTypeBuilder<ImportJob> builder)
    {
        builder.ToTable("ImportJobs");
        builder.Property(j => j.Kind).HasMaxLength(16);
        builder.Property(j => j.FileName).HasMaxLength(200);
        builder.Property(j => j.FileHash).HasMaxLength(32);
        builder.Property(j => j.Format).HasConversion(HealthCardDb.SnakeCase<ImportFormat>()).HasMaxLength(8);
        builder.Property(j => j.Encoding).HasMaxLength(8);
        builder.Property(j => j.RegionCode).HasMaxLength(6);
        builder.Property(j => j.Source).HasMaxLength(100);
        builder.Property(j => j.Status).HasConversion(HealthCardDb.SnakeCase<ImportStatus>()).HasMaxLength(16);
        builder.Property(j => j.Node).HasMaxLength(64);
        builder.Property(j => j.Actor).HasMaxLength(100);
        builder.Property(j => j.ActorRegion).HasMaxLength(6);
        builder.Property(j => j.Channel).HasMaxLength(16);
        builder.Property(j => j.ErrorCode).HasMaxLength(64);
        builder.Property(j => j.ErrorMessage).HasMaxLength(500);
        builder.Ignore(j => j.Percent);
        builder.Ignore(j => j.IsActive);
        // The same file imported the same way is the same job: a re-run finds it instead of importing twice.
        builder.HasIndex(j => new { j.FileHash, j.Kind, j.RegionCode, j.Tag, j.Source }).IsUnique().HasDatabaseName(IdentityIndex);
        builder.HasIndex(j => new { j.Node, j.Status });
    }
}

internal sealed class ImportRejectionConfiguration : IEntityTypeConfiguration<ImportRejection>
{
    public void Configure(EntityTypeBuilder<ImportRejection> builder)
    {
        builder.ToTable("ImportRejections");
        builder.HasKey(r => new { r.JobId, r.Line });
        builder.Property(r => r.Code).HasMaxLength(32);
        builder.HasOne<ImportJob>().WithMany().HasForeignKey(r => r.JobId);
    }
}

internal sealed class ResidentSourceConfiguration : IEntityTypeConfiguration<ResidentSource>
{
    public void Configure(EntityTypeBuilder<ResidentSource> builder)
    {
        builder.ToTable("ResidentSources");
        // One record per resident and job: a job touches a resident once (the in-file dedupe sees to that).
        builder.HasKey(s => new { s.ResidentId, s.JobId });
        builder.Property(s => s.Source).HasMaxLength(100);
        builder.HasIndex(s => s.JobId);
        builder.HasOne<ResidentRecord>().WithMany().HasForeignKey(s => s.ResidentId);
        builder.HasOne<ImportJob>().WithMany().HasForeignKey(s => s.JobId);
    }
}

internal sealed class ImportFileSegmentConfiguration : IEntityTypeConfiguration<ImportFileSegment>
{
    public void Configure(EntityTypeBuilder<ImportFileSegment> builder)
    {
        builder.ToTable("ImportFileSegments");
        // No foreign key: segments are written before their job row, so that the audited job insert stays short.
        builder.HasKey(s => new { s.JobId, s.Index });
    }
}
