using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Eucaim.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class FederationSeenMessages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "federation_seen_messages",
                columns: table => new
                {
                    sender = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    forget_after = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_federation_seen_messages", x => new { x.sender, x.message_id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_federation_seen_messages_forget_after",
                table: "federation_seen_messages",
                column: "forget_after");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "federation_seen_messages");
        }
    }
}
