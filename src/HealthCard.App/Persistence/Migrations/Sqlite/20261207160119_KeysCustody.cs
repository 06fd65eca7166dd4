using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HealthCard.App.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KeysCustody : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RegionCode",
                table: "KeyCeremonies",
                type: "TEXT",
                maxLength: 6,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<byte[]>(
                name: "ShareCheckValues",
                table: "KeyCeremonies",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IssuedBy",
                table: "KeyApplications",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "KeyTransportCeremonies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Threshold = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    KeyVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    CheckValue = table.Column<string>(type: "TEXT", maxLength: 6, nullable: true),
                    StartedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyTransportCeremonies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "KeyTransportComponents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Custodian = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CheckValue = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Wrapped = table.Column<byte[]>(type: "BLOB", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    CeremonyId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyTransportComponents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KeyTransportComponents_KeyTransportCeremonies_CeremonyId",
                        column: x => x.CeremonyId,
                        principalTable: "KeyTransportCeremonies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "UX_KeyTransportCeremonies_OneOpen",
                table: "KeyTransportCeremonies",
                column: "RegionCode",
                unique: true,
                filter: "\"Status\" = 'open'");

            migrationBuilder.CreateIndex(
                name: "UX_KeyTransportComponents_Custodian",
                table: "KeyTransportComponents",
                columns: new[] { "CeremonyId", "Custodian" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "KeyTransportComponents");

            migrationBuilder.DropTable(
                name: "KeyTransportCeremonies");

            migrationBuilder.DropColumn(
                name: "RegionCode",
                table: "KeyCeremonies");

            migrationBuilder.DropColumn(
                name: "ShareCheckValues",
                table: "KeyCeremonies");

            migrationBuilder.DropColumn(
                name: "IssuedBy",
                table: "KeyApplications");
        }
    }
}
