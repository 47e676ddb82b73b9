using Eucaim.Core.Federation;
using Microsoft.Extensions.Options;

namespace Eucaim.Api.Federation;

/// <summary>Stops the start with every problem of <see cref="FederationHubOptions"/>, each naming its key.</summary>
internal sealed class FederationHubOptionsValidator : IValidateOptions<FederationHubOptions>
{
    public ValidateOptionsResult Validate(string? name, FederationHubOptions options)
    {
        var problems = options.Validate().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
