using System;
using HealthCard.App.Features.Statistics;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HealthCard.App.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Issuance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DistributionAt",
                table: "Cards",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DistributionStaff",
                table: "Cards",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DistributionUnit",
                table: "Cards",
                type: "TEXT",
                maxLength: 70,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegionCode",
                table: "Cards",
                type: "TEXT",
                maxLength: 6,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Unit",
                table: "CardEvents",
                type: "TEXT",
                maxLength: 70,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CardApplications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ResidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    BankCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    Operator = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CardApplications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CardApplications_Institutions_BankCode",
                        column: x => x.BankCode,
                        principalTable: "Institutions",
                        principalColumn: "Code");
                    table.ForeignKey(
                        name: "FK_CardApplications_Residents_ResidentId",
                        column: x => x.ResidentId,
                        principalTable: "Residents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CoveragePlans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Tag = table.Column<int>(type: "INTEGER", nullable: false),
                    TargetCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CoveragePlans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ImportFileSegments",
                columns: table => new
                {
                    JobId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Index = table.Column<int>(type: "INTEGER", nullable: false),
                    Cipher = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportFileSegments", x => new { x.JobId, x.Index });
                });

            migrationBuilder.CreateTable(
                name: "ImportJobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FileHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Encoding = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Tag = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    FileStored = table.Column<bool>(type: "INTEGER", nullable: false),
                    Node = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ActorRegion = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TotalLines = table.Column<int>(type: "INTEGER", nullable: false),
                    LastLine = table.Column<int>(type: "INTEGER", nullable: false),
                    Accepted = table.Column<int>(type: "INTEGER", nullable: false),
                    Merged = table.Column<int>(type: "INTEGER", nullable: false),
                    Rejected = table.Column<int>(type: "INTEGER", nullable: false),
                    BlankLines = table.Column<int>(type: "INTEGER", nullable: false),
                    ErrorCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ErrorMessage = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportJobs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProductionBatches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    BankCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    IssuerCode = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Tag = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RecipientPublicKey = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    ExportCount = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProductionBatches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProductionBatches_Institutions_BankCode",
                        column: x => x.BankCode,
                        principalTable: "Institutions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StatisticCounters",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Month = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Mode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Issuer = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    Tags = table.Column<int>(type: "INTEGER", nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatisticCounters", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ApplicationAttachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Size = table.Column<int>(type: "INTEGER", nullable: false),
                    Cipher = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApplicationAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApplicationAttachments_CardApplications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "CardApplications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImportRejections",
                columns: table => new
                {
                    JobId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Line = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Reasons = table.Column<string>(type: "TEXT", nullable: false),
                    ContentCipher = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportRejections", x => new { x.JobId, x.Line });
                    table.ForeignKey(
                        name: "FK_ImportRejections_ImportJobs_JobId",
                        column: x => x.JobId,
                        principalTable: "ImportJobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ResidentSources",
                columns: table => new
                {
                    ResidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JobId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Line = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Tags = table.Column<int>(type: "INTEGER", nullable: false),
                    Merged = table.Column<bool>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResidentSources", x => new { x.ResidentId, x.JobId });
                    table.ForeignKey(
                        name: "FK_ResidentSources_ImportJobs_JobId",
                        column: x => x.JobId,
                        principalTable: "ImportJobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ResidentSources_Residents_ResidentId",
                        column: x => x.ResidentId,
                        principalTable: "Residents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProductionBatchItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    BatchId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ResidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Serial = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProductionBatchItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProductionBatchItems_CardApplications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "CardApplications",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_ProductionBatchItems_Cards_CardId",
                        column: x => x.CardId,
                        principalTable: "Cards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ProductionBatchItems_ProductionBatches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "ProductionBatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApplicationAttachments_ApplicationId_Kind",
                table: "ApplicationAttachments",
                columns: new[] { "ApplicationId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CardApplications_BankCode",
                table: "CardApplications",
                column: "BankCode");

            migrationBuilder.CreateIndex(
                name: "IX_CardApplications_Status_RegionCode",
                table: "CardApplications",
                columns: new[] { "Status", "RegionCode" });

            migrationBuilder.CreateIndex(
                name: "UX_CardApplications_OnePendingPerResident",
                table: "CardApplications",
                column: "ResidentId",
                unique: true,
                filter: "\"Status\" IN ('submitted', 'county_reviewed')");

            migrationBuilder.CreateIndex(
                name: "IX_CoveragePlans_RegionCode",
                table: "CoveragePlans",
                column: "RegionCode");

            migrationBuilder.CreateIndex(
                name: "IX_ImportJobs_Node_Status",
                table: "ImportJobs",
                columns: new[] { "Node", "Status" });

            migrationBuilder.CreateIndex(
                name: "UX_ImportJobs_Identity",
                table: "ImportJobs",
                columns: new[] { "FileHash", "Kind", "RegionCode", "Tag", "Source" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProductionBatches_BankCode",
                table: "ProductionBatches",
                column: "BankCode");

            migrationBuilder.CreateIndex(
                name: "IX_ProductionBatches_RegionCode_CreatedAt",
                table: "ProductionBatches",
                columns: new[] { "RegionCode", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "UX_ProductionBatches_Number",
                table: "ProductionBatches",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProductionBatchItems_BatchId_Serial",
                table: "ProductionBatchItems",
                columns: new[] { "BatchId", "Serial" });

            migrationBuilder.CreateIndex(
                name: "IX_ProductionBatchItems_CardId",
                table: "ProductionBatchItems",
                column: "CardId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "UX_ProductionBatchItems_OneLivePerApplication",
                table: "ProductionBatchItems",
                column: "ApplicationId",
                unique: true,
                filter: "\"Status\" <> 'failed' AND \"ApplicationId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ResidentSources_JobId",
                table: "ResidentSources",
                column: "JobId");

            migrationBuilder.CreateIndex(
                name: "IX_StatisticCounters_RegionCode_Metric",
                table: "StatisticCounters",
                columns: new[] { "RegionCode", "Metric" });

            // Counters are kept by triggers (docs/adr/013-statistics-counters.md); created after the tables they count.
            migrationBuilder.Sql(StatisticsTriggers.Sqlite);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(StatisticsTriggers.Drop(postgres: false));

            migrationBuilder.DropTable(
                name: "ApplicationAttachments");

            migrationBuilder.DropTable(
                name: "CoveragePlans");

            migrationBuilder.DropTable(
                name: "ImportFileSegments");

            migrationBuilder.DropTable(
                name: "ImportRejections");

            migrationBuilder.DropTable(
                name: "ProductionBatchItems");

            migrationBuilder.DropTable(
                name: "ResidentSources");

            migrationBuilder.DropTable(
                name: "StatisticCounters");

            migrationBuilder.DropTable(
                name: "CardApplications");

            migrationBuilder.DropTable(
                name: "ProductionBatches");

            migrationBuilder.DropTable(
                name: "ImportJobs");

            migrationBuilder.DropColumn(
                name: "DistributionAt",
                table: "Cards");

            migrationBuilder.DropColumn(
                name: "DistributionStaff",
                table: "Cards");

            migrationBuilder.DropColumn(
                name: "DistributionUnit",
                table: "Cards");

            migrationBuilder.DropColumn(
                name: "RegionCode",
                table: "Cards");

            migrationBuilder.DropColumn(
                name: "Unit",
                table: "CardEvents");
        }
    }
}
