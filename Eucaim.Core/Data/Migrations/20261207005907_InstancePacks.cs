using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Eucaim.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class InstancePacks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "pack",
                table: "dicom_instances",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "pack_offset",
                table: "dicom_instances",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_dicom_instances_pack",
                table: "dicom_instances",
                sql: "(pack IS NULL) = (pack_offset IS NULL) AND (pack_offset IS NULL OR pack_offset >= 0)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_dicom_instances_pack",
                table: "dicom_instances");

            migrationBuilder.DropColumn(
                name: "pack",
                table: "dicom_instances");

            migrationBuilder.DropColumn(
                name: "pack_offset",
                table: "dicom_instances");
        }
    }
}
