using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HealthCard.App.Persistence.Migrations.Sqlite
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SecretHash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    RegionScope = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Scopes = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Node = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TargetType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TargetId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Details = table.Column<string>(type: "TEXT", nullable: true),
                    PreviousHash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Hash = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Residents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    IdType = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    IdNumberIndex = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    IdNumberCipher = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Gender = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    Ethnicity = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Education = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    MaritalStatus = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    Occupation = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    PaymentMethods = table.Column<string>(type: "TEXT", nullable: false),
                    Tags = table.Column<int>(type: "INTEGER", nullable: false),
                    DetailsCipher = table.Column<byte[]>(type: "BLOB", nullable: false),
                    HealthCipher = table.Column<byte[]>(type: "BLOB", nullable: true),
                    DeathDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Residents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SerialCounters",
                columns: table => new
                {
                    Province = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Next = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SerialCounters", x => x.Province);
                });

            migrationBuilder.CreateTable(
                name: "Cards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ResidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Serial = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    ChipSerial = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    IssuerCode = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    CityCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    IssueDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ExpiryDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Mode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ReplacesCardId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ProductionUnit = table.Column<string>(type: "TEXT", maxLength: 70, nullable: true),
                    ProductionStaff = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ProductionAt = table.Column<long>(type: "INTEGER", nullable: true),
                    IssuanceUnit = table.Column<string>(type: "TEXT", maxLength: 70, nullable: true),
                    IssuanceStaff = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    IssuanceAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    BankCardNumberCipher = table.Column<byte[]>(type: "BLOB", nullable: true)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ResidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    ChangedFields = table.Column<string>(type: "TEXT", nullable: false),
                    PreviousCipher = table.Column<byte[]>(type: "BLOB", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    FromStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    ToStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", nullable: false),
                    Operator = table.Column<string>(type: "TEXT", nullable: true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false)
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
