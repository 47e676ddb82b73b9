using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Eucaim.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class AirlockScreening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "findings",
                table: "export_requests",
                type: "jsonb",
                nullable: true);

            // Requests made before screening existed have no findings: an empty list, not a missing one.
            migrationBuilder.Sql("UPDATE export_requests SET findings = '[]'::jsonb WHERE findings IS NULL;");

            migrationBuilder.AddColumn<string>(
                name: "override_justification",
                table: "export_requests",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "small_cell_threshold",
                table: "dataset_access_policies",
                type: "integer",
                nullable: false,
                defaultValue: 5);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "findings",
                table: "export_requests");

            migrationBuilder.DropColumn(
                name: "override_justification",
                table: "export_requests");

            migrationBuilder.DropColumn(
                name: "small_cell_threshold",
                table: "dataset_access_policies");
        }
    }
}
