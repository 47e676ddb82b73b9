using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Eucaim.Core.Contracts;
using Eucaim.Core.Federation;
using Microsoft.Extensions.Options;

namespace Eucaim.Workers.Federation;

/// <summary>Checks <see cref="FederationNodeOptions"/> on start, each refusal naming its key; the key files are read and parsed.</summary>
internal sealed partial class FederationNodeOptionsValidation : IValidateOptions<FederationNodeOptions>
{
    public ValidateOptionsResult Validate(string? name, FederationNodeOptions options)
    {
        var errors = Errors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static IEnumerable<string> Errors(FederationNodeOptions o)
    {
        const string s = FederationNodeOptions.Section;
        if (!o.IsNode)
        {
            yield break;
        }

        if (!Slug().IsMatch(o.Id!) || o.Id == FederationMessage.HubId)
        {
            yield return $"{s}:Id '{o.Id}' must be a slug (lower-case letters, digits, inner hyphens, at most 63) other than '{FederationMessage.HubId}'.";
        }

        if (!Uri.TryCreate(o.HubUrl, UriKind.Absolute, out var hub) || hub.Scheme is not ("http" or "https"))
        {
            yield return $"{s}:HubUrl '{o.HubUrl}' must be an absolute http or https URL.";
        }

        if (KeyProblem(o.SigningKeyFile, isPrivate: true) is { } signing)
        {
            yield return $"{s}:SigningKeyFile {signing}";
        }

        if (KeyProblem(o.HubPublicKeyFile, isPrivate: false) is { } hubKey)
        {
            yield return $"{s}:HubPublicKeyFile {hubKey}";
        }

        if (o.PollWait < TimeSpan.FromSeconds(1) || o.PollWait > TimeSpan.FromSeconds(60))
        {
            yield return $"{s}:PollWait {o.PollWait} must be between 00:00:01 and 00:01:00 (the hub holds a poll at most a minute).";
        }

        if (!(o.Privacy.Epsilon > 0) || double.IsInfinity(o.Privacy.Epsilon))
        {
            yield return $"{s}:Privacy:Epsilon {o.Privacy.Epsilon} must be a positive number.";
        }

        if (o.Privacy.MaxNoise < 0)
        {
            yield return $"{s}:Privacy:MaxNoise {o.Privacy.MaxNoise} must be 0 or more.";
        }

        if (o.Privacy.SmallCellThreshold < 1)
        {
            yield return $"{s}:Privacy:SmallCellThreshold {o.Privacy.SmallCellThreshold} must be 1 or more.";
        }

        if (o.Runs.MaxRuntime < TimeSpan.FromMinutes(1) || o.Runs.MaxRuntime > TimeSpan.FromDays(7))
        {
            yield return $"{s}:Runs:MaxRuntime {o.Runs.MaxRuntime} must be between 00:01:00 and 7.00:00:00.";
        }

        if (o.Runs.AllowedImages.Any(string.IsNullOrWhiteSpace) || o.Runs.ApprovalImages.Any(string.IsNullOrWhiteSpace)
            || o.Runs.AllowedOrganisations.Any(string.IsNullOrWhiteSpace))
        {
            yield return $"{s}:Runs:AllowedImages, ApprovalImages and AllowedOrganisations must not have empty entries.";
        }

        if (o.Runs.AllowedImages.Intersect(o.Runs.ApprovalImages, StringComparer.Ordinal).FirstOrDefault() is { } both)
        {
            yield return $"{s}:Runs: image '{both}' is both pre-approved (AllowedImages) and to be approved per run (ApprovalImages); list it in one.";
        }

        if (o.DevSeed is { } seed && (seed.Nodes < 1 || seed.Node < 1 || seed.Node > seed.Nodes))
        {
            yield return $"{s}:DevSeed:Node {seed.Node} must be between 1 and {s}:DevSeed:Nodes ({seed.Nodes}), which must be 1 or more.";
        }
    }

    private static string? KeyProblem(string? file, bool isPrivate)
    {
        if (string.IsNullOrWhiteSpace(file))
        {
            return "is required in node mode.";
        }

        string pem;
        try
        {
            pem = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"'{file}' cannot be read: {ex.Message}";
        }

        if (isPrivate)
        {
            try
            {
                using var key = FederationKey.PrivateFromPem(pem, $"'{file}'");
                // A public key imports without complaint, yet cannot sign.
                key.ExportParameters(includePrivateParameters: true);
                return null;
            }
            catch (InvalidOperationException ex)
            {
                return ex.Message;
            }
            catch (CryptographicException)
            {
                return $"'{file}' holds no private key: give the node's own private key (the hub holds its public key).";
            }
        }

        using var hub = FederationKey.PublicFromPem(pem, out var problem);
        return problem is null ? null : $"'{file}': {problem}";
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();
}
