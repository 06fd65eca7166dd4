using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HealthCard.App.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NationalNetwork : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CopyOwner",
                table: "Terminals",
                type: "character varying(6)",
                maxLength: 6,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Limit",
                table: "SerialCounters",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CopyOwner",
                table: "Sams",
                type: "character varying(6)",
                maxLength: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CopyOwner",
                table: "Residents",
                type: "character varying(6)",
                maxLength: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CopyOwner",
                table: "Products",
                type: "character varying(6)",
                maxLength: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CopyOwner",
                table: "ProductionBatches",
                type: "character varying(6)",
                maxLength: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CopyOwner",
                table: "Institutions",
                type: "character varying(6)",
                maxLength: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CopyOwner",
                table: "Cards",
                type: "character varying(6)",
                maxLength: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CopyOwner",
                table: "CardApplications",
                type: "character varying(6)",
                maxLength: 6,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AuditAnchors",
                columns: table => new
                {
                    OwnerRegion = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    Node = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditAnchors", x => new { x.OwnerRegion, x.Node, x.Sequence });
                });

            migrationBuilder.CreateTable(
                name: "IdentityClaims",
                columns: table => new
                {
                    IdNumberIndex = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    IdType = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    OwnerRegion = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    ResidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdentityClaims", x => x.IdNumberIndex);
                });

            migrationBuilder.CreateTable(
                name: "NetworkCards",
                columns: table => new
                {
                    CardId = table.Column<Guid>(type: "uuid", nullable: false),
                    IdNumberIndex = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    Serial = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OwnerRegion = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    IssueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NetworkCards", x => x.CardId);
                });

            migrationBuilder.CreateTable(
                name: "NetworkOutbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RecordKey = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NetworkOutbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NetworkRefusals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NetworkRefusals", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_NetworkCards_IdNumberIndex",
                table: "NetworkCards",
                column: "IdNumberIndex");

            migrationBuilder.CreateIndex(
                name: "IX_NetworkCards_Serial",
                table: "NetworkCards",
                column: "Serial");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditAnchors");

            migrationBuilder.DropTable(
                name: "IdentityClaims");

            migrationBuilder.DropTable(
                name: "NetworkCards");

            migrationBuilder.DropTable(
                name: "NetworkOutbox");

            migrationBuilder.DropTable(
                name: "NetworkRefusals");

            migrationBuilder.DropColumn(
                name: "CopyOwner",
                table: "Terminals");

            migrationBuilder.DropColumn(
                name: "Limit",
                table: "SerialCounters");

            migrationBuilder.DropColumn(
                name: "CopyOwner",
                table: "Sams");

            migrationBuilder.DropColumn(
                name: "CopyOwner",
                table: "Residents");

            migrationBuilder.DropColumn(
                name: "CopyOwner",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "CopyOwner",
                table: "ProductionBatches");

            migrationBuilder.DropColumn(
                name: "CopyOwner",
                table: "Institutions");

            migrationBuilder.DropColumn(
                name: "CopyOwner",
                table: "Cards");

            migrationBuilder.DropColumn(
                name: "CopyOwner",
                table: "CardApplications");
        }
    }
}
