using System.Text.Json;
using Eucaim.Core.Catalogue;

namespace Eucaim.Api.Catalogue;

/// <summary>Reads a dataset's JSON body (register, edit) into what the use cases check.</summary>
internal static class DatasetSubmissions
{
    /// <summary>ASP.NET Core's title for a validation problem without one.</summary>
    /// <summary>The longest organization key (its column).</summary>
    private const int MaxOrganizationKeyLength = 100;

    private const string DefaultValidationTitle = "One or more validation errors occurred.";

    public static async Task<DatasetSubmission> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return DatasetSubmission.Refused(CatalogueProblems.NotJson);
        }

        var (body, bodyErrors) = await JsonBody.ReadAsync(request, cancellationToken);
        if (body is not { } json)
        {
            return DatasetSubmission.Refused(CatalogueProblems.Invalid(bodyErrors ?? [], DefaultValidationTitle));
        }

        var (metadata, bindingErrors) = JsonBody.Bind<DatasetMetadata>(json);
        var (organization, organizationErrors) = JsonBody.BindText(json, "organization", MaxOrganizationKeyLength);
        if (organizationErrors is not null)
        {
            bindingErrors = bindingErrors is null ? organizationErrors : new(bindingErrors.Concat(organizationErrors));
        }

        return new DatasetSubmission(null, organization?.Trim(), metadata, bindingErrors);
    }
}
