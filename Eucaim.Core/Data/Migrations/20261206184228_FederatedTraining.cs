using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Eucaim.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class FederatedTraining : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "federation_trainings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_slug = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    submitted_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    organisation = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    image = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    flavor = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    datasets = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    arguments = table.Column<List<string>>(type: "text[]", nullable: false),
                    weight_count = table.Column<int>(type: "integer", nullable: false),
                    metrics = table.Column<List<string>>(type: "text[]", nullable: false),
                    rounds = table.Column<int>(type: "integer", nullable: false),
                    quorum = table.Column<int>(type: "integer", nullable: false),
                    round_minutes = table.Column<int>(type: "integer", nullable: false),
                    round = table.Column<int>(type: "integer", nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    plan = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_federation_trainings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "federation_training_rounds",
                columns: table => new
                {
                    training_id = table.Column<Guid>(type: "uuid", nullable: false),
                    round = table.Column<int>(type: "integer", nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    start_weights = table.Column<string>(type: "jsonb", nullable: false),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closes_by = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    aggregator_job_id = table.Column<Guid>(type: "uuid", nullable: true),
                    metrics = table.Column<string>(type: "jsonb", nullable: true),
                    samples = table.Column<int>(type: "integer", nullable: true),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_federation_training_rounds", x => new { x.training_id, x.round });
                    table.ForeignKey(
                        name: "fk_federation_training_rounds_federation_trainings_training_id",
                        column: x => x.training_id,
                        principalTable: "federation_trainings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "federation_training_contributions",
                columns: table => new
                {
                    training_id = table.Column<Guid>(type: "uuid", nullable: false),
                    round = table.Column<int>(type: "integer", nullable: false),
                    node_id = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    request = table.Column<string>(type: "jsonb", nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    weights = table.Column<string>(type: "jsonb", nullable: true),
                    samples = table.Column<int>(type: "integer", nullable: true),
                    metrics = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_federation_training_contributions", x => new { x.training_id, x.round, x.node_id });
                    table.ForeignKey(
                        name: "fk_federation_training_contributions_federation_nodes_node_id",
                        column: x => x.node_id,
                        principalTable: "federation_nodes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_federation_training_contributions_federation_training_round",
                        columns: x => new { x.training_id, x.round },
                        principalTable: "federation_training_rounds",
                        principalColumns: new[] { "training_id", "round" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "job_images",
                columns: new[] { "reference", "created_at", "created_by", "description", "digest" },
                values: new object[,]
                {
                    { "eucaim/fedavg:1.0", new DateTimeOffset(new DateTime(2026, 12, 6, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "platform", "The platform's FedAvg aggregator: averages a training round's contributions weighted by sample count, in the training's tenant; writes round-N/global-weights.json and round-N/metrics.json.", null },
                    { "eucaim/federated-training:1.0", new DateTimeOffset(new DateTime(2026, 12, 6, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "platform", "Built-in federated training sample: a logistic model of Patient's Sex from an image feature and the age, trained at each node from the global weights; only the weights, the sample count and declared metrics leave the node.", null }
                });

            migrationBuilder.CreateIndex(
                name: "ix_federation_training_contributions_node_id",
                table: "federation_training_contributions",
                column: "node_id");

            migrationBuilder.CreateIndex(
                name: "ix_federation_trainings_state",
                table: "federation_trainings",
                column: "state",
                filter: "state = 'training'");

            migrationBuilder.CreateIndex(
                name: "ix_federation_trainings_tenant_id_submitted_at",
                table: "federation_trainings",
                columns: new[] { "tenant_id", "submitted_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "federation_training_contributions");

            migrationBuilder.DropTable(
                name: "federation_training_rounds");

            migrationBuilder.DropTable(
                name: "federation_trainings");

            migrationBuilder.DeleteData(
                table: "job_images",
                keyColumn: "reference",
                keyValue: "eucaim/fedavg:1.0");

            migrationBuilder.DeleteData(
                table: "job_images",
                keyColumn: "reference",
                keyValue: "eucaim/federated-training:1.0");
        }
    }
}
