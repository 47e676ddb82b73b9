using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Eucaim.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Tenants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "flavors",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(56)", maxLength: 56, nullable: false),
                    description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    cpu_millicores = table.Column<int>(type: "integer", nullable: false),
                    memory_mib = table.Column<int>(type: "integer", nullable: false),
                    gpu_count = table.Column<int>(type: "integer", nullable: false),
                    gpu_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    node_selector = table.Column<List<string>>(type: "text[]", nullable: false),
                    tolerations = table.Column<List<string>>(type: "text[]", nullable: false),
                    max_runtime_minutes = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_flavors", x => x.name);
                    table.CheckConstraint("ck_flavors_resources", "cpu_millicores > 0 AND memory_mib > 0 AND gpu_count >= 0 AND max_runtime_minutes > 0 AND (gpu_count = 0 OR gpu_type IS NOT NULL)");
                });

            migrationBuilder.CreateTable(
                name: "tenant_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_slug = table.Column<string>(type: "character varying(56)", maxLength: 56, nullable: false),
                    actor = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    action = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    detail = table.Column<string>(type: "jsonb", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenant_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tenants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    slug = table.Column<string>(type: "character varying(56)", maxLength: 56, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ls_login_group = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    allowed_flavors = table.Column<List<string>>(type: "text[]", nullable: false),
                    generation = table.Column<long>(type: "bigint", nullable: false),
                    observed_generation = table.Column<long>(type: "bigint", nullable: false),
                    next_reconcile_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    failed_attempts = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    quota_concurrent_jobs = table.Column<int>(type: "integer", nullable: false),
                    quota_cpu_cores = table.Column<int>(type: "integer", nullable: false),
                    quota_gpus = table.Column<int>(type: "integer", nullable: false),
                    quota_max_job_runtime_minutes = table.Column<int>(type: "integer", nullable: false),
                    quota_memory_gib = table.Column<int>(type: "integer", nullable: false),
                    quota_storage_gib = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenants", x => x.id);
                    table.CheckConstraint("ck_tenants_quota", "quota_gpus >= 0 AND quota_cpu_cores >= 0 AND quota_memory_gib >= 0 AND quota_storage_gib >= 0 AND quota_concurrent_jobs >= 0 AND quota_max_job_runtime_minutes >= 0");
                });

            migrationBuilder.CreateTable(
                name: "tenant_conditions",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    status = table.Column<bool>(type: "boolean", nullable: false),
                    reason = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    last_transition_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenant_conditions", x => new { x.tenant_id, x.type });
                    table.ForeignKey(
                        name: "fk_tenant_conditions_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tenant_members",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    subject = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    added_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenant_members", x => new { x.tenant_id, x.subject });
                    table.ForeignKey(
                        name: "fk_tenant_members_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_tenant_events_tenant_id_id",
                table: "tenant_events",
                columns: new[] { "tenant_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_tenant_members_subject",
                table: "tenant_members",
                column: "subject");

            migrationBuilder.CreateIndex(
                name: "ix_tenants_next_reconcile_at",
                table: "tenants",
                column: "next_reconcile_at");

            migrationBuilder.CreateIndex(
                name: "ix_tenants_slug",
                table: "tenants",
                column: "slug",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "flavors");

            migrationBuilder.DropTable(
                name: "tenant_conditions");

            migrationBuilder.DropTable(
                name: "tenant_events");

            migrationBuilder.DropTable(
                name: "tenant_members");

            migrationBuilder.DropTable(
                name: "tenants");
        }
    }
}
