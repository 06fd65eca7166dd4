using System;
using HealthCard.App.Features.Statistics;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HealthCard.App.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Statistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RegionCode",
                table: "Cards",
                type: "character varying(6)",
                maxLength: 6,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "CoveragePlans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    Tag = table.Column<int>(type: "integer", nullable: false),
                    TargetCount = table.Column<int>(type: "integer", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CoveragePlans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StatisticCounters",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RegionCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    Metric = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Month = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    Mode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Issuer = table.Column<string>(type: "character varying(22)", maxLength: 22, nullable: false),
                    Tags = table.Column<int>(type: "integer", nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatisticCounters", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CoveragePlans_RegionCode",
                table: "CoveragePlans",
                column: "RegionCode");

            migrationBuilder.CreateIndex(
                name: "IX_StatisticCounters_RegionCode_Metric",
                table: "StatisticCounters",
                columns: new[] { "RegionCode", "Metric" });

            // Counters are kept by triggers (docs/adr/013-statistics-counters.md); created after the tables they count.
            migrationBuilder.Sql(StatisticsTriggers.Postgres);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(StatisticsTriggers.Drop(postgres: true));

            migrationBuilder.DropTable(
                name: "CoveragePlans");

            migrationBuilder.DropTable(
                name: "StatisticCounters");

            migrationBuilder.DropColumn(
                name: "RegionCode",
                table: "Cards");
        }
    }
}
