using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Eucaim.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class FederatedNodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "federation_nodes",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    organisation = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    public_key = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    datasets = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    registered_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_federation_nodes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "federation_queries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    asked_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    asked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    answer_by = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sex = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: true),
                    age_min = table.Column<int>(type: "integer", nullable: true),
                    age_max = table.Column<int>(type: "integer", nullable: true),
                    cancer_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    modality = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    body_part = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    manufacturer = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    tier = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    datasets = table.Column<List<Guid>>(type: "uuid[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_federation_queries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "federation_query_nodes",
                columns: table => new
                {
                    query_id = table.Column<Guid>(type: "uuid", nullable: false),
                    node_id = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    message = table.Column<string>(type: "text", nullable: false),
                    datasets = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    answer_by = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    answer = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_federation_query_nodes", x => new { x.query_id, x.node_id });
                    table.ForeignKey(
                        name: "fk_federation_query_nodes_federation_nodes_node_id",
                        column: x => x.node_id,
                        principalTable: "federation_nodes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_federation_query_nodes_federation_queries_query_id",
                        column: x => x.query_id,
                        principalTable: "federation_queries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_federation_queries_asked_at",
                table: "federation_queries",
                column: "asked_at");

            migrationBuilder.CreateIndex(
                name: "ix_federation_query_nodes_message_id",
                table: "federation_query_nodes",
                column: "message_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_federation_query_nodes_node_id_answer_by",
                table: "federation_query_nodes",
                columns: new[] { "node_id", "answer_by" },
                filter: "answered_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "federation_query_nodes");

            migrationBuilder.DropTable(
                name: "federation_nodes");

            migrationBuilder.DropTable(
                name: "federation_queries");
        }
    }
}
