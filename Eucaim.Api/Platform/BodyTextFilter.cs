using System.Collections;
using System.Reflection;
using System.Text.Json;
using Eucaim.Core.Platform;

namespace Eucaim.Api.Platform;

/// <summary>
/// The <see cref="TextInput"/> policy on bound JSON bodies: every string of a <c>…Request</c>
/// argument (properties, list elements, dictionary keys and values, raw JSON elements) is checked
/// for control characters other than tab and line breaks before the handler runs, and a refusal
/// is a 400 naming the field by its JSON path (<c>description</c>, <c>environment.KEY</c>,
/// <c>datasets[0].datasetId</c>). It runs as an endpoint filter rather than a JSON converter so that
/// the OpenAPI document keeps the schemas of the bodies. Lengths and single-line rules are each
/// field's own, in the use cases.
/// </summary>
internal static class BodyTextFilter
{
    private const int MaxDepth = 8;

    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var bodies = context.MethodInfo.GetParameters()
            .Where(p => p.ParameterType.Name.EndsWith("Request", StringComparison.Ordinal)
                && p.ParameterType.Namespace?.StartsWith("Eucaim.", StringComparison.Ordinal) == true)
            .Select(p => p.Position)
            .ToArray();
        if (bodies.Length == 0)
        {
            return next;
        }

        return async invocation =>
        {
            var errors = new Dictionary<string, string[]>();
            foreach (var position in bodies)
            {
                Check(invocation.Arguments[position], "", errors, 0);
            }

            return errors.Count == 0
                ? await next(invocation)
                : TypedResults.ValidationProblem(errors, title: "The request is not valid.",
                    extensions: new Dictionary<string, object?> { ["field"] = errors.Keys.Order(StringComparer.Ordinal).First() });
        };
    }

    internal static void Check(object? value, string path, Dictionary<string, string[]> errors, int depth)
    {
        if (value is null || depth > MaxDepth)
        {
            return;
        }

        switch (value)
        {
            case string text:
                if (TextInput.ForbiddenCharacter(text, freeForm: true) is not null)
                {
                    TextInput.Validate(errors, Field(path), text, int.MaxValue, freeForm: true);
                }

                return;
            case JsonElement element:
                CheckJson(element, path, errors, depth);
                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = entry.Key as string ?? entry.Key.ToString() ?? "";
                    if (TextInput.ForbiddenCharacter(key) is not null)
                    {
                        TextInput.Validate(errors, Field(path), key, int.MaxValue);
                        continue;
                    }

                    Check(entry.Value, Join(path, key), errors, depth + 1);
                }

                return;
            case IEnumerable list:
                var i = 0;
                foreach (var item in list)
                {
                    Check(item, $"{path}[{i++}]", errors, depth + 1);
                }

                return;
        }

        var type = value.GetType();
        if (type.Namespace?.StartsWith("Eucaim.", StringComparison.Ordinal) != true || type.IsEnum)
        {
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.CanRead)
            {
                Check(property.GetValue(value), Join(path, JsonNamingPolicy.CamelCase.ConvertName(property.Name)), errors, depth + 1);
            }
        }
    }

    private static void CheckJson(JsonElement element, string path, Dictionary<string, string[]> errors, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                Check(element.GetString(), path, errors, depth);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    CheckJson(item, $"{path}[{i++}]", errors, depth + 1);
                }

                break;
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    Check(member.Name, Field(path), errors, depth);
                    CheckJson(member.Value, Join(path, member.Name), errors, depth + 1);
                }

                break;
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Field(string path) => path.Length == 0 ? "body" : path;
}
