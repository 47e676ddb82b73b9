using Microsoft.Extensions.Options;

namespace Eucaim.Api.Identity;

/// <summary>A mistyped entitlement in the role mapping would silently grant nothing: refuse to start.</summary>
internal sealed class RoleMappingOptionsValidator : IValidateOptions<RoleMappingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoleMappingOptions options)
    {
        var failures = new List<string>();
        void Check(string key, string value)
        {
            if (!Entitlement.TryParse(value, out _))
            {
                failures.Add($"{RoleMappingOptions.Section}:{key}: '{value}' is not an AARC-G002 group entitlement (urn:…:group:<group>[:role=<role>]#<authority>).");
            }
        }

        options.Admins.ForEach(v => Check(nameof(options.Admins), v));
        options.AccessCommittee.ForEach(v => Check(nameof(options.AccessCommittee), v));
        options.DataHolderGroups.ForEach(v => Check(nameof(options.DataHolderGroups), v));
        options.TenantGroups.ForEach(v => Check(nameof(options.TenantGroups), v));
        foreach (var rule in options.DataHolders)
        {
            Check(nameof(options.DataHolders), rule.Entitlement);
            if (string.IsNullOrWhiteSpace(rule.Organization))
            {
                failures.Add($"{RoleMappingOptions.Section}:DataHolders: '{rule.Entitlement}' names no Organization.");
            }
        }

        foreach (var rule in options.Tenants)
        {
            Check(nameof(options.Tenants), rule.Entitlement);
            if (string.IsNullOrWhiteSpace(rule.Tenant))
            {
                failures.Add($"{RoleMappingOptions.Section}:Tenants: '{rule.Entitlement}' names no Tenant.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
