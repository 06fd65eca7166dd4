using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HealthCard.App.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ApiKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SecretHash = table.Column<byte[]>(type: "bytea", nullable: false),
                    RegionScope = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    Scopes = table.Column<List<string>>(type: "text[]", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Node = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    OccurredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TargetType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TargetId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    RegionCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: true),
                    Outcome = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Details = table.Column<string>(type: "text", nullable: true),
                    PreviousHash = table.Column<byte[]>(type: "bytea", nullable: false),
                    Hash = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Residents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    IdType = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    IdNumberIndex = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    IdNumberCipher = table.Column<byte[]>(type: "bytea", nullable: false),
                    Name = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Gender = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false),
                    Ethnicity = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    Education = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    MaritalStatus = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    Occupation = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    PaymentMethods = table.Column<List<string>>(type: "text[]", nullable: false),
                    Tags = table.Column<int>(type: "integer", nullable: false),
                    DetailsCipher = table.Column<byte[]>(type: "bytea", nullable: false),
                    HealthCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    DeathDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Residents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SerialCounters",
                columns: table => new
                {
                    Province = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Next = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SerialCounters", x => x.Province);
                });

            migrationBuilder.CreateTable(
                name: "Cards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ResidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Serial = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    ChipSerial = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    IssuerCode = table.Column<string>(type: "character varying(22)", maxLength: 22, nullable: false),
                    CityCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    IssueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    ExpiryDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Mode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ReplacesCardId = table.Column<Guid>(type: "uuid", nullable: true),
                    ProductionUnit = table.Column<string>(type: "character varying(70)", maxLength: 70, nullable: true),
                    ProductionStaff = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ProductionAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    IssuanceUnit = table.Column<string>(type: "character varying(70)", maxLength: 70, nullable: true),
                    IssuanceStaff = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    IssuanceAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    BankCardNumberCipher = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Cards", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Cards_Residents_ResidentId",
                        column: x => x.ResidentId,
                        principalTable: "Residents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ResidentRevisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ResidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    ChangedFields = table.Column<List<string>>(type: "text[]", nullable: false),
                    PreviousCipher = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResidentRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ResidentRevisions_Residents_ResidentId",
                        column: x => x.ResidentId,
                        principalTable: "Residents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CardEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CardId = table.Column<Guid>(type: "uuid", nullable: false),
                    Action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    FromStatus = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    ToStatus = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false),
                    Operator = table.Column<string>(type: "text", nullable: true),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    OccurredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CardEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CardEvents_Cards_CardId",
                        column: x => x.CardId,
                        principalTable: "Cards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApiKeys_SecretHash",
                table: "ApiKeys",
                column: "SecretHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "UX_ApiKeys_Name",
                table: "ApiKeys",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_OccurredAt",
                table: "AuditEntries",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "UX_AuditEntries_NodeSequence",
                table: "AuditEntries",
                columns: new[] { "Node", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CardEvents_CardId_Id",
                table: "CardEvents",
                columns: new[] { "CardId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Cards_ResidentId_IssueDate",
                table: "Cards",
                columns: new[] { "ResidentId", "IssueDate" });

            migrationBuilder.CreateIndex(
                name: "UX_Cards_ChipSerial",
                table: "Cards",
                column: "ChipSerial",
                unique: true,
                filter: "\"ChipSerial\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "UX_Cards_OneCurrentPerResident",
                table: "Cards",
                column: "ResidentId",
                unique: true,
                filter: "\"Status\" NOT IN ('replaced', 'cancelled')");

            migrationBuilder.CreateIndex(
                name: "UX_Cards_Serial",
                table: "Cards",
                column: "Serial",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ResidentRevisions_ResidentId_Version",
                table: "ResidentRevisions",
                columns: new[] { "ResidentId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Residents_IdNumberIndex",
                table: "Residents",
                column: "IdNumberIndex");

            migrationBuilder.CreateIndex(
                name: "IX_Residents_RegionCode",
                table: "Residents",
                column: "RegionCode");

            migrationBuilder.CreateIndex(
                name: "UX_Residents_LivingIdentity",
                table: "Residents",
                columns: new[] { "IdNumberIndex", "IdType" },
                unique: true,
                filter: "\"DeathDate\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApiKeys");

            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "CardEvents");

            migrationBuilder.DropTable(
                name: "ResidentRevisions");

            migrationBuilder.DropTable(
                name: "SerialCounters");

            migrationBuilder.DropTable(
                name: "Cards");

            migrationBuilder.DropTable(
                name: "Residents");
        }
    }
}
