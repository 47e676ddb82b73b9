using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Eucaim.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Jobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "job_images",
                columns: table => new
                {
                    reference = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    digest = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_images", x => x.reference);
                });

            migrationBuilder.CreateTable(
                name: "jobs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_slug = table.Column<string>(type: "character varying(56)", maxLength: 56, nullable: false),
                    name = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    image = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    image_digest = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    command = table.Column<List<string>>(type: "text[]", nullable: false),
                    arguments = table.Column<List<string>>(type: "text[]", nullable: false),
                    environment = table.Column<string>(type: "jsonb", nullable: false),
                    flavor = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    gpu_count = table.Column<int>(type: "integer", nullable: false),
                    max_runtime_minutes = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    exit_code = table.Column<int>(type: "integer", nullable: true),
                    submitted_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    running_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    cancel_requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    cancel_requested_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    stop_reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    backend_handle = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    devices = table.Column<List<int>>(type: "integer[]", nullable: false),
                    log_cursor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    log_sequence = table.Column<long>(type: "bigint", nullable: false),
                    collected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    output_file_count = table.Column<int>(type: "integer", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    datasets = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_jobs", x => x.id);
                    table.CheckConstraint("ck_jobs_runtime", "max_runtime_minutes > 0 AND gpu_count >= 0");
                });

            migrationBuilder.CreateTable(
                name: "export_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_slug = table.Column<string>(type: "character varying(56)", maxLength: 56, nullable: false),
                    files = table.Column<List<string>>(type: "text[]", nullable: false),
                    justification = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    requested_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decided_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decision_note = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_export_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_export_requests_jobs_job_id",
                        column: x => x.job_id,
                        principalTable: "jobs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "job_log_chunks",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    text = table.Column<string>(type: "text", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_log_chunks", x => x.id);
                    table.ForeignKey(
                        name: "fk_job_log_chunks_jobs_job_id",
                        column: x => x.job_id,
                        principalTable: "jobs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "job_images",
                columns: new[] { "reference", "created_at", "created_by", "description", "digest" },
                values: new object[] { "eucaim/sample-job:1.0", new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "platform", "Built-in sample: summarises a granted dataset's DICOM files (instances per modality and series, image sizes).", null });

            migrationBuilder.CreateIndex(
                name: "ix_export_requests_job_id",
                table: "export_requests",
                column: "job_id");

            migrationBuilder.CreateIndex(
                name: "ix_export_requests_status_requested_at",
                table: "export_requests",
                columns: new[] { "status", "requested_at" });

            migrationBuilder.CreateIndex(
                name: "ix_job_log_chunks_job_id_sequence",
                table: "job_log_chunks",
                columns: new[] { "job_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_jobs_status_submitted_at",
                table: "jobs",
                columns: new[] { "status", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_tenant_id_submitted_at",
                table: "jobs",
                columns: new[] { "tenant_id", "submitted_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "export_requests");

            migrationBuilder.DropTable(
                name: "job_images");

            migrationBuilder.DropTable(
                name: "job_log_chunks");

            migrationBuilder.DropTable(
                name: "jobs");
        }
    }
}
