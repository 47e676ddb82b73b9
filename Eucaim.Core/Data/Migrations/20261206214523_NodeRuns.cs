using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Eucaim.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class NodeRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "node_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    request = table.Column<string>(type: "jsonb", nullable: false),
                    image = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    datasets = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    requester_subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    requester_tenant = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    requester_organisation = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decided_by = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    result = table.Column<string>(type: "jsonb", nullable: true),
                    result_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    released_by = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    released_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reported_state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_node_runs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_node_runs_received_at",
                table: "node_runs",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_node_runs_state",
                table: "node_runs",
                column: "state",
                filter: "reported_state IS DISTINCT FROM state");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "node_runs");
        }
    }
}
