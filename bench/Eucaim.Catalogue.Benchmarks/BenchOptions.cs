using Npgsql;

namespace Eucaim.Catalogue.Benchmarks;

/// <summary>Command line of the bench; see Program.cs for the usage line.</summary>
internal sealed record BenchOptions(string ServerConnection, string Database, int Datasets, int Iterations, bool Reuse)
{
    public const string Usage =
        "usage: dotnet run -c Release --project bench/Eucaim.Catalogue.Benchmarks -- " +
        "(--dev | --connection \"Host=…;Port=…;Username=…;Password=…\") [--database eucaim_bench] [--datasets 100000] [--iterations 500] [--reuse]";

    public static BenchOptions? Parse(string[] args, out string? error)
    {
        string? connection = Environment.GetEnvironmentVariable("EUCAIM_BENCH_CONNECTION");
        var database = "eucaim_bench";
        var datasets = 100_000;
        var iterations = 500;
        var reuse = false;
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--connection":
                        connection = Next();
                        break;
                    case "--dev":
                        connection = DevStackConnection();
                        break;
                    case "--database":
                        database = Next();
                        break;
                    case "--datasets":
                        datasets = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case "--iterations":
                        iterations = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case "--reuse":
                        reuse = true;
                        break;
                    default:
                        throw new ArgumentException($"unknown argument {args[i]}");
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or IOException)
            {
                error = ex.Message;
                return null;
            }
        }

        if (connection is null)
        {
            error = "no PostgreSQL server given: pass --dev (the running dev stack) or --connection";
            return null;
        }

        return new BenchOptions(connection, database, datasets, iterations, reuse);
    }

    public string ConnectionTo(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnection) { Database = database, CommandTimeout = 600 }.ConnectionString;

    /// <summary>The AppHost's PostgreSQL: 127.0.0.1:5433, user postgres, password in .local/secrets.</summary>
    private static string DevStackConnection()
    {
        var directory = new DirectoryInfo(Environment.CurrentDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Eucaim.sln")))
        {
            directory = directory.Parent;
        }

        var secret = Path.Combine(directory?.FullName ?? ".", ".local", "secrets", "postgres-password");
        if (!File.Exists(secret))
        {
            throw new IOException($"{secret} not found: start the dev stack once (./dev up) or pass --connection");
        }

        return $"Host=127.0.0.1;Port=5433;Username=postgres;Password={File.ReadAllText(secret).Trim()};Database=postgres";
    }
}
