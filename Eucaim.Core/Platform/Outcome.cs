using System.Diagnostics.CodeAnalysis;

namespace Eucaim.Core.Platform;

/// <summary>
/// What a use case returns: its value, or the <see cref="Platform.Problem"/> that refused it. A use
/// case returns a problem instead of throwing for every refusal a user can cause; exceptions stay
/// for faults (database down, bugs).
/// </summary>
public readonly struct Outcome<T>
{
    private Outcome(T? value, Problem? problem)
    {
        Value = value;
        Problem = problem;
    }

    public T? Value { get; }

    public Problem? Problem { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Problem is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Problem problem) => new(default, problem ?? throw new ArgumentNullException(nameof(problem)));

    public Outcome<TOther> Map<TOther>(Func<T, TOther> map) => Succeeded ? map(Value) : Problem;

    public override string ToString() => Succeeded ? $"Succeeded: {Value}" : $"{Problem.Kind}: {Problem.Detail}";
}

/// <summary>The value of a use case that succeeds with nothing to return.</summary>
public readonly record struct Done
{
    public static Done Value => default;
}
