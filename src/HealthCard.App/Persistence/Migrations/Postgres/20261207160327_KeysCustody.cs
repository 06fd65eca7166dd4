using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HealthCard.App.Persistence.Migrations.Postgres
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
                type: "character varying(6)",
                maxLength: 6,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<byte[]>(
                name: "ShareCheckValues",
                table: "KeyCeremonies",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IssuedBy",
                table: "KeyApplications",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "KeyTransportCeremonies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    Threshold = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    KeyVersion = table.Column<int>(type: "integer", nullable: true),
                    CheckValue = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: true),
                    StartedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClosedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyTransportCeremonies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "KeyTransportComponents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Custodian = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CheckValue = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    Wrapped = table.Column<byte[]>(type: "bytea", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CeremonyId = table.Column<Guid>(type: "uuid", nullable: false)
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
