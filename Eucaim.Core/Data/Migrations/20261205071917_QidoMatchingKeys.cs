using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Eucaim.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class QidoMatchingKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "index_revision",
                table: "dicom_studies",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "referring_physician_name",
                table: "dicom_studies",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "index_revision",
                table: "dicom_series",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "performed_procedure_step_start_date",
                table: "dicom_series",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "performed_procedure_step_start_time",
                table: "dicom_series",
                type: "time without time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_dicom_studies_index_revision",
                table: "dicom_studies",
                column: "index_revision");

            migrationBuilder.CreateIndex(
                name: "ix_dicom_series_index_revision",
                table: "dicom_series",
                column: "index_revision");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_dicom_studies_index_revision",
                table: "dicom_studies");

            migrationBuilder.DropIndex(
                name: "ix_dicom_series_index_revision",
                table: "dicom_series");

            migrationBuilder.DropColumn(
                name: "index_revision",
                table: "dicom_studies");

            migrationBuilder.DropColumn(
                name: "referring_physician_name",
                table: "dicom_studies");

            migrationBuilder.DropColumn(
                name: "index_revision",
                table: "dicom_series");

            migrationBuilder.DropColumn(
                name: "performed_procedure_step_start_date",
                table: "dicom_series");

            migrationBuilder.DropColumn(
                name: "performed_procedure_step_start_time",
                table: "dicom_series");
        }
    }
}
