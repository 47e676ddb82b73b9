namespace Eucaim.Core.Audit;

/// <summary>
/// Hand-written SQL that makes <c>audit_entries</c> append-only in PostgreSQL itself: the service
/// role loses UPDATE, DELETE and TRUNCATE, and a trigger refuses them for every role but the
/// table's owner and superusers (who must be able to repair, and whose edits verification catches).
/// </summary>
public static class AuditSql
{
    public const string Up = $"""
        REVOKE UPDATE, DELETE, TRUNCATE ON {AuditChain.Table} FROM {ServiceRoleSql.Role};
        GRANT SELECT, INSERT ON {AuditChain.Table} TO {ServiceRoleSql.Role};

        CREATE FUNCTION audit_entries_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $fn$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND rolsuper)
               AND NOT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
                RAISE EXCEPTION 'audit_entries is append-only: % refused for role %', TG_OP, current_user
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            ELSIF TG_OP = 'UPDATE' THEN
                RETURN NEW;
            END IF;
            RETURN NULL;
        END
        $fn$;

        CREATE TRIGGER audit_entries_no_update_or_delete
            BEFORE UPDATE OR DELETE ON {AuditChain.Table}
            FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();

        CREATE TRIGGER audit_entries_no_truncate
            BEFORE TRUNCATE ON {AuditChain.Table}
            FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
        """;

    public const string Down = $"""
        DROP TRIGGER IF EXISTS audit_entries_no_truncate ON {AuditChain.Table};
        DROP TRIGGER IF EXISTS audit_entries_no_update_or_delete ON {AuditChain.Table};
        DROP FUNCTION IF EXISTS audit_entries_append_only();
        """;
}
