using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HealthCard.App.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ImportsAttempts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "ImportJobs",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "ImportJobs");
        }
    }
}
