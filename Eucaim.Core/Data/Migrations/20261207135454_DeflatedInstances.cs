using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Eucaim.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class DeflatedInstances : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "deflated_size",
                table: "dicom_instances",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_dicom_instances_deflated",
                table: "dicom_instances",
                sql: "deflated_size IS NULL OR (pack IS NOT NULL AND deflated_size > 0)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_dicom_instances_deflated",
                table: "dicom_instances");

            migrationBuilder.DropColumn(
                name: "deflated_size",
                table: "dicom_instances");
        }
    }
}
