using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Eucaim.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Ingest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "dataset_ingest_policies",
                columns: table => new
                {
                    dataset_id = table.Column<Guid>(type: "uuid", nullable: false),
                    mode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    retain_uids = table.Column<bool>(type: "boolean", nullable: false),
                    date_shift_range_days = table.Column<int>(type: "integer", nullable: true),
                    site_secret = table.Column<byte[]>(type: "bytea", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dataset_ingest_policies", x => x.dataset_id);
                    table.ForeignKey(
                        name: "fk_dataset_ingest_policies_datasets_dataset_id",
                        column: x => x.dataset_id,
                        principalTable: "datasets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "dicom_instances",
                columns: table => new
                {
                    dataset_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version_number = table.Column<int>(type: "integer", nullable: false),
                    sop_instance_uid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    series_instance_uid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    study_instance_uid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    sop_class_uid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    instance_number = table.Column<int>(type: "integer", nullable: true),
                    transfer_syntax_uid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    rows = table.Column<int>(type: "integer", nullable: true),
                    columns = table.Column<int>(type: "integer", nullable: true),
                    number_of_frames = table.Column<int>(type: "integer", nullable: true),
                    image_position_patient = table.Column<double[]>(type: "double precision[]", nullable: true),
                    image_orientation_patient = table.Column<double[]>(type: "double precision[]", nullable: true),
                    path = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    ingest_file_id = table.Column<Guid>(type: "uuid", nullable: true),
                    ingest_job_id = table.Column<Guid>(type: "uuid", nullable: true),
                    stored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dicom_instances", x => new { x.dataset_id, x.version_number, x.sop_instance_uid });
                    table.ForeignKey(
                        name: "fk_dicom_instances_datasets_dataset_id",
                        column: x => x.dataset_id,
                        principalTable: "datasets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "dicom_patients",
                columns: table => new
                {
                    dataset_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version_number = table.Column<int>(type: "integer", nullable: false),
                    patient_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    patient_name = table.Column<string>(type: "text", nullable: true),
                    birth_date = table.Column<DateOnly>(type: "date", nullable: true),
                    sex = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dicom_patients", x => new { x.dataset_id, x.version_number, x.patient_id });
                    table.ForeignKey(
                        name: "fk_dicom_patients_datasets_dataset_id",
                        column: x => x.dataset_id,
                        principalTable: "datasets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "dicom_series",
                columns: table => new
                {
                    dataset_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version_number = table.Column<int>(type: "integer", nullable: false),
                    series_instance_uid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    study_instance_uid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    modality = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    series_number = table.Column<int>(type: "integer", nullable: true),
                    series_description = table.Column<string>(type: "text", nullable: true),
                    body_part_examined = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dicom_series", x => new { x.dataset_id, x.version_number, x.series_instance_uid });
                    table.ForeignKey(
                        name: "fk_dicom_series_datasets_dataset_id",
                        column: x => x.dataset_id,
                        principalTable: "datasets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "dicom_studies",
                columns: table => new
                {
                    dataset_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version_number = table.Column<int>(type: "integer", nullable: false),
                    study_instance_uid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    patient_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    study_date = table.Column<DateOnly>(type: "date", nullable: true),
                    study_time = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    study_description = table.Column<string>(type: "text", nullable: true),
                    study_id = table.Column<string>(type: "text", nullable: true),
                    accession_number = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dicom_studies", x => new { x.dataset_id, x.version_number, x.study_instance_uid });
                    table.ForeignKey(
                        name: "fk_dicom_studies_datasets_dataset_id",
                        column: x => x.dataset_id,
                        principalTable: "datasets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ingest_jobs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    dataset_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    version_number = table.Column<int>(type: "integer", nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    is_session = table.Column<bool>(type: "boolean", nullable: false),
                    files_total = table.Column<int>(type: "integer", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    leased_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    lease_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    report = table.Column<string>(type: "jsonb", nullable: true),
                    failure_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    queued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ingest_jobs", x => x.id);
                    table.ForeignKey(
                        name: "fk_ingest_jobs_datasets_dataset_id",
                        column: x => x.dataset_id,
                        principalTable: "datasets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ingest_files",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    upload_id = table.Column<Guid>(type: "uuid", nullable: false),
                    entry_name = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    display_name = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    sop_instance_uid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    size = table.Column<long>(type: "bigint", nullable: true),
                    findings = table.Column<string>(type: "jsonb", nullable: true),
                    done_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ingest_files", x => x.id);
                    table.ForeignKey(
                        name: "fk_ingest_files_ingest_jobs_job_id",
                        column: x => x.job_id,
                        principalTable: "ingest_jobs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "uploads",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    ingest_id = table.Column<Guid>(type: "uuid", nullable: false),
                    dataset_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    length = table.Column<long>(type: "bigint", nullable: false),
                    upload_offset = table.Column<long>(type: "bigint", nullable: false),
                    block_offsets = table.Column<List<long>>(type: "bigint[]", nullable: false),
                    file_name = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    metadata = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    declared_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    failure_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    idempotency_key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    created_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_uploads", x => x.id);
                    table.CheckConstraint("ck_uploads_offset", "upload_offset >= 0 AND upload_offset <= length");
                    table.ForeignKey(
                        name: "fk_uploads_datasets_dataset_id",
                        column: x => x.dataset_id,
                        principalTable: "datasets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_uploads_ingest_jobs_ingest_id",
                        column: x => x.ingest_id,
                        principalTable: "ingest_jobs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_dicom_instances_dataset_id_version_number_study_instance_ui",
                table: "dicom_instances",
                columns: new[] { "dataset_id", "version_number", "study_instance_uid", "series_instance_uid" });

            migrationBuilder.CreateIndex(
                name: "ix_dicom_instances_ingest_job_id",
                table: "dicom_instances",
                column: "ingest_job_id");

            migrationBuilder.CreateIndex(
                name: "ix_dicom_series_dataset_id_version_number_study_instance_uid",
                table: "dicom_series",
                columns: new[] { "dataset_id", "version_number", "study_instance_uid" });

            migrationBuilder.CreateIndex(
                name: "ix_ingest_files_job_id_state",
                table: "ingest_files",
                columns: new[] { "job_id", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_ingest_files_job_id_upload_id_entry_name",
                table: "ingest_files",
                columns: new[] { "job_id", "upload_id", "entry_name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ingest_jobs_dataset_id_version_number",
                table: "ingest_jobs",
                columns: new[] { "dataset_id", "version_number" });

            migrationBuilder.CreateIndex(
                name: "ix_ingest_jobs_state_queued_at",
                table: "ingest_jobs",
                columns: new[] { "state", "queued_at" });

            migrationBuilder.CreateIndex(
                name: "ix_uploads_created_by_idempotency_key",
                table: "uploads",
                columns: new[] { "created_by", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_uploads_dataset_id",
                table: "uploads",
                column: "dataset_id");

            migrationBuilder.CreateIndex(
                name: "ix_uploads_expires_at",
                table: "uploads",
                column: "expires_at",
                filter: "state = 'Receiving'");

            migrationBuilder.CreateIndex(
                name: "ix_uploads_ingest_id",
                table: "uploads",
                column: "ingest_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dataset_ingest_policies");

            migrationBuilder.DropTable(
                name: "dicom_instances");

            migrationBuilder.DropTable(
                name: "dicom_patients");

            migrationBuilder.DropTable(
                name: "dicom_series");

            migrationBuilder.DropTable(
                name: "dicom_studies");

            migrationBuilder.DropTable(
                name: "ingest_files");

            migrationBuilder.DropTable(
                name: "uploads");

            migrationBuilder.DropTable(
                name: "ingest_jobs");
        }
    }
}
