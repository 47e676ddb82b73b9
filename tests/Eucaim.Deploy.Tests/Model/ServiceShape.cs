namespace Eucaim.Deploy.Tests.Model;

/// <summary>
/// One platform service (<c>api</c>, <c>workers</c>, <c>migrations</c>, <c>web</c>) as the AppHost's manifest or
/// the rendered deploy tree describes it: which image runs it, with which arguments, and the
/// environment variable names it receives (connection strings are <c>ConnectionStrings__name</c>).
/// </summary>
internal sealed record ServiceShape(
    string Name,
    string Image,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, Origin> Variables)
{
    public const string ConnectionPrefix = "ConnectionStrings__";

    public static bool IsConnection(string variable) => variable.StartsWith(ConnectionPrefix, StringComparison.Ordinal);

    /// <summary>How a message names a variable: "connection string 'blobs'" or "setting 'Authentication__LsLogin__Audience'".</summary>
    public static string Describe(string variable) => IsConnection(variable)
        ? $"connection string '{variable[ConnectionPrefix.Length..]}'"
        : $"setting '{variable}'";
}

/// <summary>
/// Where a variable's value comes from: an AppHost resource (<c>eucaim-service</c>) or a literal, or
/// in the deploy tree a Secret or ConfigMap key. <see cref="SharedBy"/> lists every service that
/// receives the same source wholesale (<c>envFrom</c> of one ConfigMap); a variable set on one
/// service alone has only that service.
/// </summary>
internal sealed record Origin(string Source, IReadOnlySet<string> SharedBy);
