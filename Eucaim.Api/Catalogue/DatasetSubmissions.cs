using System.Text.Json;
using Eucaim.Core.Catalogue;

namespace Eucaim.Api.Catalogue;

/// <summary>Reads a dataset's JSON body (register, edit) into what the use cases check.</summary>
internal static class DatasetSubmissions
{
    /// <summary>ASP.NET Core's title for a validation problem without one.</summary>
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
        var organization = json.TryGetProperty("organization", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString()?.Trim() : null;
        return new DatasetSubmission(null, organization, metadata, bindingErrors);
    }
}
