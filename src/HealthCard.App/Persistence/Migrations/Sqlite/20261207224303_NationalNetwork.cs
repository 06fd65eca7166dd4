using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HealthCard.App.Persistence.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 6,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Limit",
                table: "SerialCounters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CopyOwner",
                table: "Sams",
                type: "TEXT",
                maxLength: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CopyOwner",
                table: "Residents",
                type: "TEXT",
                maxLength: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CopyOwner",
                table: "Products",
                type: "TEXT",
                maxLength: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CopyOwner",
                table: "ProductionBatches",
                type: "TEXT",
                maxLength: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CopyOwner",
                table: "Institutions",
                type: "TEXT",
                maxLength: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CopyOwner",
                table: "Cards",
                type: "TEXT",
                maxLength: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CopyOwner",
                table: "CardApplications",
                type: "TEXT",
                maxLength: 6,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AuditAnchors",
                columns: table => new
                {
                    OwnerRegion = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Node = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditAnchors", x => new { x.OwnerRegion, x.Node, x.Sequence });
                });

            migrationBuilder.CreateTable(
                name: "IdentityClaims",
                columns: table => new
                {
                    IdNumberIndex = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    IdType = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    OwnerRegion = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    ResidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClaimedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdentityClaims", x => x.IdNumberIndex);
                });

            migrationBuilder.CreateTable(
                name: "NetworkCards",
                columns: table => new
                {
                    CardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IdNumberIndex = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    Serial = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OwnerRegion = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    IssueDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NetworkCards", x => x.CardId);
                });

            migrationBuilder.CreateTable(
                name: "NetworkOutbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RecordKey = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NetworkOutbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NetworkRefusals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
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
