namespace Eucaim.Core.Audit;

/// <summary>
/// Hand-written SQL for the restricted database role the services (Api, Workers) connect as.
/// Migrations run as the owner; the service role may read and write the platform's tables but not
/// change the schema, not rewrite the migration history, and not update or delete audit rows
/// (<see cref="AuditSql"/>). Default privileges make every table and sequence that a later migration
/// creates usable by the service role without another grant. The role is created without a login;
/// the migration runner gives it its password (<c>ALTER ROLE … LOGIN PASSWORD</c>) from configuration.
/// </summary>
public static class ServiceRoleSql
{
    public const string Role = "eucaim_service";

    public const string Up = $"""
        DO $do$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{Role}') THEN
                BEGIN
                    CREATE ROLE {Role} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN
                    -- Roles belong to the server, migration locks to one database: the migration of another
                    -- database on the same server (a federated node's) created it in the same instant.
                    NULL;
                END;
            END IF;
            EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO {Role}', current_database());
        END
        $do$;

        -- Before PostgreSQL 15 every role may create objects in `public`: only the owner should.
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
        GRANT USAGE ON SCHEMA public TO {Role};

        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {Role};
        GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {Role};
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {Role};
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {Role};

        -- The health check and EF read the migration history; only migrations write it.
        REVOKE INSERT, UPDATE, DELETE ON "__EFMigrationsHistory" FROM {Role};
        """;

    public const string Down = $"""
        ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM {Role};
        ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT, UPDATE ON SEQUENCES FROM {Role};
        REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {Role};
        REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {Role};
        REVOKE USAGE ON SCHEMA public FROM {Role};
        DO $do$
        BEGIN
            EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM {Role}', current_database());
        END
        $do$;
        """;

    /// <summary>The statement the migration runner uses to let the role log in with the configured password.</summary>
    public const string EnableLoginSql = "SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', @role::text, @password::text)";
}
