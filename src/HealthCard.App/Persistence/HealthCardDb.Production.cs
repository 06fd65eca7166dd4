using HealthCard.App.Features.Applications;
using HealthCard.Domain.Applications;
using HealthCard.Domain.Production;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Persistence;

/// <summary>Card applications and production batches: the tables of issue 5's production flow (ADR 012).</summary>
public abstract partial class HealthCardDb
{
    public DbSet<CardApplication> CardApplications => Set<CardApplication>();
    public DbSet<ApplicationAttachment> ApplicationAttachments => Set<ApplicationAttachment>();
    public DbSet<ProductionBatch> ProductionBatches => Set<ProductionBatch>();
    public DbSet<ProductionBatchItem> ProductionBatchItems => Set<ProductionBatchItem>();
}
