using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HealthCard.App.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RegistryAndKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ProductId",
                table: "Cards",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Handovers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    FromRegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    ToRegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    ToInstitutionCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    HandedOverBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ReceivedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Serials = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Handovers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Institutions",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 70, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    Type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ContactName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ContactPhone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Institutions", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "KeyApplications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ProvinceCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    IssuerCode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ApplicantInstitution = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ApplicantPerson = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ReviewNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ReviewedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ReviewedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyApplications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "KeyCeremonies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Threshold = table.Column<int>(type: "INTEGER", nullable: false),
                    Custodians = table.Column<int>(type: "INTEGER", nullable: false),
                    KekCheckValue = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Verifier = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyCeremonies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "KeyRotations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FromVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    ToVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyRotations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Keys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Usage = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Algorithm = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: true),
                    CheckValue = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    PublicKey = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Certificate = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Wrapped = table.Column<byte[]>(type: "BLOB", nullable: false),
                    ParentVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RotatedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LifecycleEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SubjectType = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SubjectKey = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    FromStatus = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    ToStatus = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Details = table.Column<string>(type: "TEXT", nullable: true),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LifecycleEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SamPlans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Counts = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SamPlans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UsageEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CardNumberIndex = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    CardSerial = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    InstitutionCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    TerminalSerial = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    SamSerial = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ResultCode = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ClientEventId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageEvents", x => new { x.Id, x.OccurredAt });
                });

            migrationBuilder.CreateTable(
                name: "Products",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ManufacturerCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Capacity = table.Column<string>(type: "TEXT", maxLength: 4, nullable: true),
                    TestReportNumber = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Products", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Products_Institutions_ManufacturerCode",
                        column: x => x.ManufacturerCode,
                        principalTable: "Institutions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "KeyDelegations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LetterNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Delegator = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                name: "SamApplications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstitutionCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SamApplications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SamApplications_Institutions_InstitutionCode",
                        column: x => x.InstitutionCode,
                        principalTable: "Institutions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SamApplications_SamPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "SamPlans",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "Terminals",
                columns: table => new
                {
                    Serial = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstitutionCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RegisteredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Terminals", x => x.Serial);
                    table.ForeignKey(
                        name: "FK_Terminals_Institutions_InstitutionCode",
                        column: x => x.InstitutionCode,
                        principalTable: "Institutions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Terminals_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "KeyDelegationCollectors",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    IdNumberMasked = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    IdNumberIndex = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    DelegationId = table.Column<Guid>(type: "TEXT", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DelegationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProvinceCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    HandedOverBy = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ReceivedBy = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ReceiverIdMasked = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
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
                name: "Sams",
                columns: table => new
                {
                    Serial = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    InstitutionCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    TerminalSerial = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Location = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ResponsiblePerson = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ReplacedBySerial = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    SealedImage = table.Column<byte[]>(type: "BLOB", nullable: false),
                    KeyVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: true),
                    StockedInAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sams", x => x.Serial);
                    table.ForeignKey(
                        name: "FK_Sams_Institutions_InstitutionCode",
                        column: x => x.InstitutionCode,
                        principalTable: "Institutions",
                        principalColumn: "Code");
                    table.ForeignKey(
                        name: "FK_Sams_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Sams_Terminals_TerminalSerial",
                        column: x => x.TerminalSerial,
                        principalTable: "Terminals",
                        principalColumn: "Serial");
                });

            migrationBuilder.CreateTable(
                name: "KeyHandoverKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CheckValue = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    HandoverId = table.Column<Guid>(type: "TEXT", nullable: false)
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
                name: "IX_Cards_ProductId",
                table: "Cards",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_Handovers_ToRegionCode_At",
                table: "Handovers",
                columns: new[] { "ToRegionCode", "At" });

            migrationBuilder.CreateIndex(
                name: "UX_Handovers_Number",
                table: "Handovers",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Institutions_RegionCode_Kind",
                table: "Institutions",
                columns: new[] { "RegionCode", "Kind" });

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

            migrationBuilder.CreateIndex(
                name: "IX_LifecycleEvents_SubjectType_SubjectKey_Id",
                table: "LifecycleEvents",
                columns: new[] { "SubjectType", "SubjectKey", "Id" });

            migrationBuilder.CreateIndex(
                name: "UX_Products_Filing",
                table: "Products",
                columns: new[] { "ManufacturerCode", "Kind", "Model" },
                unique: true,
                filter: "\"Status\" IN ('submitted', 'approved')");

            migrationBuilder.CreateIndex(
                name: "IX_SamApplications_InstitutionCode",
                table: "SamApplications",
                column: "InstitutionCode");

            migrationBuilder.CreateIndex(
                name: "IX_SamApplications_PlanId",
                table: "SamApplications",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_SamApplications_RegionCode_Status",
                table: "SamApplications",
                columns: new[] { "RegionCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "UX_SamPlans_Number",
                table: "SamPlans",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Sams_InstitutionCode",
                table: "Sams",
                column: "InstitutionCode");

            migrationBuilder.CreateIndex(
                name: "IX_Sams_ProductId",
                table: "Sams",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_Sams_RegionCode_Status_Type",
                table: "Sams",
                columns: new[] { "RegionCode", "Status", "Type" });

            migrationBuilder.CreateIndex(
                name: "UX_Sams_OneActivePerTerminal",
                table: "Sams",
                column: "TerminalSerial",
                unique: true,
                filter: "\"TerminalSerial\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Terminals_InstitutionCode_Status",
                table: "Terminals",
                columns: new[] { "InstitutionCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Terminals_ProductId",
                table: "Terminals",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_UsageEvents_CardNumberIndex_OccurredAt",
                table: "UsageEvents",
                columns: new[] { "CardNumberIndex", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_UsageEvents_InstitutionCode_OccurredAt",
                table: "UsageEvents",
                columns: new[] { "InstitutionCode", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "UX_UsageEvents_ClientEvent",
                table: "UsageEvents",
                columns: new[] { "Source", "ClientEventId", "OccurredAt" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Cards_Products_ProductId",
                table: "Cards",
                column: "ProductId",
                principalTable: "Products",
                principalColumn: "Id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Cards_Products_ProductId",
                table: "Cards");

            migrationBuilder.DropTable(
                name: "Handovers");

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
                name: "LifecycleEvents");

            migrationBuilder.DropTable(
                name: "SamApplications");

            migrationBuilder.DropTable(
                name: "Sams");

            migrationBuilder.DropTable(
                name: "UsageEvents");

            migrationBuilder.DropTable(
                name: "KeyHandovers");

            migrationBuilder.DropTable(
                name: "SamPlans");

            migrationBuilder.DropTable(
                name: "Terminals");

            migrationBuilder.DropTable(
                name: "KeyDelegations");

            migrationBuilder.DropTable(
                name: "Products");

            migrationBuilder.DropTable(
                name: "KeyApplications");

            migrationBuilder.DropTable(
                name: "Institutions");

            migrationBuilder.DropIndex(
                name: "IX_Cards_ProductId",
                table: "Cards");

            migrationBuilder.DropColumn(
                name: "ProductId",
                table: "Cards");
        }
    }
}
