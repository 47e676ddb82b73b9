using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Eucaim.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class BlobSweep : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "blob_sweeps",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    container = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    prefix = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    passes = table.Column<int>(type: "integer", nullable: false),
                    blobs_deleted = table.Column<long>(type: "bigint", nullable: false),
                    last_pass_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_blob_sweeps", x => x.id);
                    table.CheckConstraint("ck_blob_sweeps_prefix", "length(prefix) > 0");
                });

            migrationBuilder.CreateIndex(
                name: "ix_blob_sweeps_due_at",
                table: "blob_sweeps",
                column: "due_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "blob_sweeps");
        }
    }
}
