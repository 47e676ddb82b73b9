using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;

#nullable disable

namespace Eucaim.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Catalogue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "organizations",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_organizations", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "datasets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    organization_key = table.Column<string>(type: "character varying(100)", nullable: false),
                    seed_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    latest_version = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    invalidated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    invalidated_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    invalidation_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_datasets", x => x.id);
                    table.ForeignKey(
                        name: "fk_datasets_organizations_organization_key",
                        column: x => x.organization_key,
                        principalTable: "organizations",
                        principalColumn: "key",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "catalogue_entries",
                columns: table => new
                {
                    dataset_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version_number = table.Column<int>(type: "integer", nullable: false),
                    organization_key = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    intended_purpose = table.Column<string>(type: "text", nullable: true),
                    description = table.Column<string>(type: "text", nullable: false),
                    cancer_type = table.Column<string>(type: "text", nullable: false),
                    cancer_type_key = table.Column<string>(type: "text", nullable: false),
                    modalities = table.Column<List<string>>(type: "text[]", nullable: false),
                    body_parts = table.Column<List<string>>(type: "text[]", nullable: false),
                    body_part_keys = table.Column<List<string>>(type: "text[]", nullable: false),
                    tier = table.Column<string>(type: "text", nullable: false),
                    sharing_mode = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    sex_group = table.Column<string>(type: "text", nullable: false),
                    subjects = table.Column<int>(type: "integer", nullable: true),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: false, computedColumnSql: "setweight(to_tsvector('english', name), 'A') || setweight(to_tsvector('english', coalesce(intended_purpose, '')), 'B') || setweight(to_tsvector('english', description), 'C')", stored: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_catalogue_entries", x => x.dataset_id);
                    table.ForeignKey(
                        name: "fk_catalogue_entries_datasets_dataset_id",
                        column: x => x.dataset_id,
                        principalTable: "datasets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("Npgsql:StorageParameter:toast_tuple_target", 128);

            migrationBuilder.CreateTable(
                name: "dataset_versions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    dataset_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    description = table.Column<string>(type: "text", nullable: false),
                    intended_purpose = table.Column<string>(type: "text", nullable: true),
                    cancer_type = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    cancer_type_key = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    modalities = table.Column<List<string>>(type: "text[]", nullable: false),
                    modality_text = table.Column<string>(type: "text", nullable: true),
                    body_parts = table.Column<List<string>>(type: "text[]", nullable: false),
                    body_part_keys = table.Column<List<string>>(type: "text[]", nullable: false),
                    age_range = table.Column<string>(type: "text", nullable: true),
                    sex = table.Column<string>(type: "text", nullable: false),
                    sex_group = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    subjects = table.Column<int>(type: "integer", nullable: true),
                    subjects_text = table.Column<string>(type: "text", nullable: true),
                    subjects_note = table.Column<string>(type: "text", nullable: true),
                    studies = table.Column<int>(type: "integer", nullable: true),
                    studies_text = table.Column<string>(type: "text", nullable: true),
                    studies_note = table.Column<string>(type: "text", nullable: true),
                    size_gb = table.Column<decimal>(type: "numeric(14,3)", precision: 14, scale: 3, nullable: true),
                    size_text = table.Column<string>(type: "text", nullable: true),
                    size_note = table.Column<string>(type: "text", nullable: true),
                    deidentification = table.Column<string>(type: "text", nullable: true),
                    terms_of_use = table.Column<string>(type: "text", nullable: true),
                    collection_methods = table.Column<List<string>>(type: "text[]", nullable: false),
                    dataset_types = table.Column<List<string>>(type: "text[]", nullable: false),
                    tier = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    sharing_mode = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    federated_node = table.Column<string>(type: "text", nullable: true),
                    tools_used = table.Column<List<string>>(type: "text[]", nullable: false),
                    vendor = table.Column<string>(type: "text", nullable: true),
                    notes = table.Column<List<string>>(type: "text[]", nullable: false),
                    use_case_id = table.Column<string>(type: "text", nullable: true),
                    call_round = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    published_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dataset_versions", x => x.id);
                    table.UniqueConstraint("ak_dataset_versions_dataset_id_number", x => new { x.dataset_id, x.number });
                    table.CheckConstraint("ck_dataset_versions_counts", "(subjects IS NULL OR subjects >= 0) AND (studies IS NULL OR studies >= 0) AND (size_gb IS NULL OR size_gb >= 0)");
                    table.CheckConstraint("ck_dataset_versions_published", "(status = 'published') = (published_at IS NOT NULL)");
                    table.ForeignKey(
                        name: "fk_dataset_versions_datasets_dataset_id",
                        column: x => x.dataset_id,
                        principalTable: "datasets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_catalogue_entries_search_vector",
                table: "catalogue_entries",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_dataset_versions_one_draft",
                table: "dataset_versions",
                column: "dataset_id",
                unique: true,
                filter: "status = 'draft'");

            migrationBuilder.CreateIndex(
                name: "ix_datasets_organization_key",
                table: "datasets",
                column: "organization_key");

            migrationBuilder.CreateIndex(
                name: "ix_datasets_seed_key",
                table: "datasets",
                column: "seed_key",
                unique: true);

            // Every API instance keeps an in-memory search index of catalogue_entries and checks this
            // revision on each search; the trigger bumps it inside the transaction that changes the
            // listing, so no instance can miss a change. The key signs page tokens for all instances.
            // The search vector is stored out of line (with the table's low TOAST target) so that the
            // heap rows a full-text match visits stay narrow.
            migrationBuilder.Sql("""
                ALTER TABLE catalogue_entries ALTER COLUMN search_vector SET STORAGE EXTERNAL;
                CREATE TABLE catalogue_state (
                    id integer PRIMARY KEY CHECK (id = 1),
                    revision bigint NOT NULL,
                    page_token_key bytea NOT NULL);
                INSERT INTO catalogue_state (id, revision, page_token_key)
                VALUES (1, 0, decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
                CREATE FUNCTION catalogue_entries_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE catalogue_state SET revision = revision + 1 WHERE id = 1;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER catalogue_entries_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON catalogue_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION catalogue_entries_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER catalogue_entries_changed ON catalogue_entries;
                DROP FUNCTION catalogue_entries_changed();
                DROP TABLE catalogue_state;
                """);

            migrationBuilder.DropTable(
                name: "catalogue_entries");

            migrationBuilder.DropTable(
                name: "dataset_versions");

            migrationBuilder.DropTable(
                name: "datasets");

            migrationBuilder.DropTable(
                name: "organizations");
        }
    }
}
