using System.CommandLine;
using System.Text.Json.Nodes;

namespace Eucaim.Cli.Platform;

/// <summary>
/// Options that set fields of a request body, by the field's dotted path in the API's JSON
/// (<c>quota.gpus</c>). Only the options given change the body, so they apply over a <c>--file</c>
/// or, for an update, over what the platform has now.
/// </summary>
internal sealed class BodyFlags
{
    private readonly List<Option> _options = [];
    private readonly List<Action<ParseResult, JsonObject>> _setters = [];

    public BodyFlags Int(string name, string path, string description)
    {
        var option = new Option<int>(name) { Description = description, HelpName = "n" };
        return Add(option, (parse, body) => Set(body, path, JsonValue.Create(parse.GetValue(option))));
    }

    /// <summary>Text; an empty value sets null (removes an optional field such as a group or a description).</summary>
    public BodyFlags Text(string name, string path, string description)
    {
        var option = new Option<string>(name) { Description = description };
        return Add(option, (parse, body) => Set(body, path, parse.GetValue(option) is { Length: > 0 } text ? JsonValue.Create(text) : null));
    }

    /// <summary>A list given by repeating the option; it replaces the whole list (one empty value: an empty list).</summary>
    public BodyFlags List(string name, string path, string description)
    {
        var option = Repeatable(name, description);
        return Add(option, (parse, body) => Set(body, path, Array((parse.GetValue(option) ?? []).Where(v => v.Length > 0))));
    }

    /// <summary>Adds and removes single items of a list, keeping the rest (updates: no need to repeat the whole list).</summary>
    public BodyFlags ListEdit(string addName, string removeName, string path, string item)
    {
        var add = Repeatable(addName, $"Add {item} (repeat for more).");
        var remove = Repeatable(removeName, $"Remove {item} (repeat for more).");
        _options.Add(add);
        _setters.Add((parse, body) =>
        {
            var added = parse.GetValue(add) ?? [];
            var removed = parse.GetValue(remove) ?? [];
            if (added.Length == 0 && removed.Length == 0)
            {
                return;
            }

            var current = Get(body, path) is JsonArray array ? array.Select(v => v?.ToString() ?? "") : [];
            var wanted = current.Concat(added).Distinct(StringComparer.Ordinal).Except(removed, StringComparer.Ordinal);
            Set(body, path, Array(wanted));
        });
        _options.Add(remove);
        return this;
    }

    public void AddTo(Command command)
    {
        foreach (var option in _options)
        {
            command.Options.Add(option);
        }
    }

    public bool AnyGiven(ParseResult parse) => _options.Any(o => parse.GetResult(o) is { Implicit: false });

    public void Apply(ParseResult parse, JsonObject body)
    {
        foreach (var setter in _setters)
        {
            setter(parse, body);
        }
    }

    private static Option<string[]> Repeatable(string name, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private BodyFlags Add(Option option, Action<ParseResult, JsonObject> set)
    {
        _options.Add(option);
        _setters.Add((parse, body) =>
        {
            if (parse.GetResult(option) is { Implicit: false })
            {
                set(parse, body);
            }
        });
        return this;
    }

    private static JsonArray Array(IEnumerable<string> values) => [.. values.Select(v => (JsonNode?)JsonValue.Create(v))];

    private static JsonNode? Get(JsonObject body, string path)
    {
        JsonNode? node = body;
        foreach (var name in path.Split('.'))
        {
            node = node is JsonObject json ? json[name] : null;
        }

        return node;
    }

    private static void Set(JsonObject body, string path, JsonNode? value)
    {
        var names = path.Split('.');
        var parent = body;
        foreach (var name in names[..^1])
        {
            if (parent[name] is not JsonObject child)
            {
                child = [];
                parent[name] = child;
            }

            parent = child;
        }

        parent[names[^1]] = value;
    }
}
