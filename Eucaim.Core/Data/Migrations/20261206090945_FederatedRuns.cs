using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Eucaim.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class FederatedRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "federation_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_slug = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    submitted_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    image = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    flavor = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    datasets = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    metrics = table.Column<List<string>>(type: "text[]", nullable: false),
                    counts = table.Column<List<string>>(type: "text[]", nullable: false),
                    arguments = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_federation_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "federation_run_nodes",
                columns: table => new
                {
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    node_id = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    request = table.Column<string>(type: "jsonb", nullable: false),
                    datasets = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    result = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_federation_run_nodes", x => new { x.run_id, x.node_id });
                    table.ForeignKey(
                        name: "fk_federation_run_nodes_federation_nodes_node_id",
                        column: x => x.node_id,
                        principalTable: "federation_nodes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_federation_run_nodes_federation_runs_run_id",
                        column: x => x.run_id,
                        principalTable: "federation_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "job_images",
                columns: new[] { "reference", "created_at", "created_by", "description", "digest" },
                values: new object[] { "eucaim/federated-validation:1.0", new DateTimeOffset(new DateTime(2026, 12, 6, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "platform", "Built-in federated validation sample: predicts Patient's Sex from DICOM header features with a fixed rule and reports accuracy, AUC, F1, sensitivity and specificity against the PatientSex tags.", null });

            migrationBuilder.CreateIndex(
                name: "ix_federation_run_nodes_node_id",
                table: "federation_run_nodes",
                column: "node_id",
                filter: "state = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_federation_runs_tenant_id_submitted_at",
                table: "federation_runs",
                columns: new[] { "tenant_id", "submitted_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "federation_run_nodes");

            migrationBuilder.DropTable(
                name: "federation_runs");

            migrationBuilder.DeleteData(
                table: "job_images",
                keyColumn: "reference",
                keyValue: "eucaim/federated-validation:1.0");
        }
    }
}
