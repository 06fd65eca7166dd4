using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HealthCard.App.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class KeyService : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "KeyApplications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ProvinceCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    IssuerCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ApplicantInstitution = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ApplicantPerson = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ReviewNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ReviewedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyApplications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "KeyCeremonies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Threshold = table.Column<int>(type: "integer", nullable: false),
                    Custodians = table.Column<int>(type: "integer", nullable: false),
                    KekCheckValue = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    Verifier = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyCeremonies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "KeyRotations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    KeyId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FromVersion = table.Column<int>(type: "integer", nullable: false),
                    ToVersion = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyRotations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Keys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    KeyId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Usage = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Algorithm = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: true),
                    CheckValue = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    PublicKey = table.Column<byte[]>(type: "bytea", nullable: true),
                    Certificate = table.Column<byte[]>(type: "bytea", nullable: true),
                    Wrapped = table.Column<byte[]>(type: "bytea", nullable: false),
                    ParentVersion = table.Column<int>(type: "integer", nullable: true),
                    Origin = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RotatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "KeyDelegations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    LetterNumber = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Delegator = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyDelegations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KeyDelegations_KeyApplications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "KeyApplications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "KeyDelegationCollectors",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    IdNumberMasked = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    IdNumberIndex = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    DelegationId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyDelegationCollectors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KeyDelegationCollectors_KeyDelegations_DelegationId",
                        column: x => x.DelegationId,
                        principalTable: "KeyDelegations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "KeyHandovers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    DelegationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProvinceCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    HandedOverBy = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    ReceivedBy = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    ReceiverIdMasked = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    Actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyHandovers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KeyHandovers_KeyApplications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "KeyApplications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_KeyHandovers_KeyDelegations_DelegationId",
                        column: x => x.DelegationId,
                        principalTable: "KeyDelegations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "KeyHandoverKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    KeyId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CheckValue = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    HandoverId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyHandoverKeys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KeyHandoverKeys_KeyHandovers_HandoverId",
                        column: x => x.HandoverId,
                        principalTable: "KeyHandovers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_KeyApplications_ProvinceCode",
                table: "KeyApplications",
                column: "ProvinceCode");

            migrationBuilder.CreateIndex(
                name: "UX_KeyApplications_Number",
                table: "KeyApplications",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "UX_KeyCeremonies_Name",
                table: "KeyCeremonies",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_KeyDelegationCollectors_DelegationId",
                table: "KeyDelegationCollectors",
                column: "DelegationId");

            migrationBuilder.CreateIndex(
                name: "IX_KeyDelegations_ApplicationId",
                table: "KeyDelegations",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "UX_KeyDelegations_LetterNumber",
                table: "KeyDelegations",
                column: "LetterNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_KeyHandoverKeys_HandoverId",
                table: "KeyHandoverKeys",
                column: "HandoverId");

            migrationBuilder.CreateIndex(
                name: "IX_KeyHandovers_ApplicationId",
                table: "KeyHandovers",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_KeyHandovers_DelegationId",
                table: "KeyHandovers",
                column: "DelegationId");

            migrationBuilder.CreateIndex(
                name: "IX_KeyHandovers_ProvinceCode",
                table: "KeyHandovers",
                column: "ProvinceCode");

            migrationBuilder.CreateIndex(
                name: "UX_KeyHandovers_Number",
                table: "KeyHandovers",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_KeyRotations_KeyId_ToVersion",
                table: "KeyRotations",
                columns: new[] { "KeyId", "ToVersion" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Keys_Usage_RegionCode",
                table: "Keys",
                columns: new[] { "Usage", "RegionCode" });

            migrationBuilder.CreateIndex(
                name: "UX_Keys_KeyIdVersion",
                table: "Keys",
                columns: new[] { "KeyId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "UX_Keys_OneActive",
                table: "Keys",
                column: "KeyId",
                unique: true,
                filter: "\"Status\" = 'active'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "KeyCeremonies");

            migrationBuilder.DropTable(
                name: "KeyDelegationCollectors");

            migrationBuilder.DropTable(
                name: "KeyHandoverKeys");

            migrationBuilder.DropTable(
                name: "KeyRotations");

            migrationBuilder.DropTable(
                name: "Keys");

            migrationBuilder.DropTable(
                name: "KeyHandovers");

            migrationBuilder.DropTable(
                name: "KeyDelegations");

            migrationBuilder.DropTable(
                name: "KeyApplications");
        }
    }
}
