using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Eucaim.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class GpuPods : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_tenants_quota",
                table: "tenants");

            migrationBuilder.DropCheckConstraint(
                name: "ck_flavors_resources",
                table: "flavors");

            migrationBuilder.AddColumn<int>(
                name: "quota_scratch_gib",
                table: "tenants",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Existing tenants keep admitting what they did: every concurrent job with a default-sized scratch (TenantQuota.DefaultScratchGib).
            migrationBuilder.Sql("UPDATE tenants SET quota_scratch_gib = LEAST(quota_concurrent_jobs::bigint * 20, 1048576)::integer;");

            migrationBuilder.AddColumn<int>(
                name: "ephemeral_storage_gib",
                table: "flavors",
                type: "integer",
                nullable: false,
                defaultValue: 20);

            migrationBuilder.AddColumn<string>(
                name: "runtime_class_name",
                table: "flavors",
                type: "character varying(253)",
                maxLength: 253,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "shared_memory_mib",
                table: "flavors",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddCheckConstraint(
                name: "ck_tenants_quota",
                table: "tenants",
                sql: "quota_gpus >= 0 AND quota_cpu_cores >= 0 AND quota_memory_gib >= 0 AND quota_storage_gib >= 0 AND quota_scratch_gib >= 0 AND quota_concurrent_jobs >= 0 AND quota_max_job_runtime_minutes >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_flavors_resources",
                table: "flavors",
                sql: "cpu_millicores > 0 AND memory_mib > 0 AND gpu_count >= 0 AND max_runtime_minutes > 0 AND (gpu_count = 0 OR gpu_type IS NOT NULL) AND ephemeral_storage_gib > 0 AND shared_memory_mib >= 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_tenants_quota",
                table: "tenants");

            migrationBuilder.DropCheckConstraint(
                name: "ck_flavors_resources",
                table: "flavors");

            migrationBuilder.DropColumn(
                name: "quota_scratch_gib",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "ephemeral_storage_gib",
                table: "flavors");

            migrationBuilder.DropColumn(
                name: "runtime_class_name",
                table: "flavors");

            migrationBuilder.DropColumn(
                name: "shared_memory_mib",
                table: "flavors");

            migrationBuilder.AddCheckConstraint(
                name: "ck_tenants_quota",
                table: "tenants",
                sql: "quota_gpus >= 0 AND quota_cpu_cores >= 0 AND quota_memory_gib >= 0 AND quota_storage_gib >= 0 AND quota_concurrent_jobs >= 0 AND quota_max_job_runtime_minutes >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_flavors_resources",
                table: "flavors",
                sql: "cpu_millicores > 0 AND memory_mib > 0 AND gpu_count >= 0 AND max_runtime_minutes > 0 AND (gpu_count = 0 OR gpu_type IS NOT NULL)");
        }
    }
}
