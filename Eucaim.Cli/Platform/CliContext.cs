using System.CommandLine;
using System.Reflection;
using Eucaim.Cli.Api;
using Eucaim.Cli.Config;
using Eucaim.Cli.SignIn;

namespace Eucaim.Cli.Platform;

/// <summary>What every command's action works with: output, configuration folder, target platform, HTTP.</summary>
internal sealed class CliContext : IDisposable
{
    private static readonly string Version = typeof(CliContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    private readonly ParseResult _parse;
    private readonly GlobalOptions _options;
    private PlatformTarget? _target;
    private HttpClient? _http;

    public CliContext(CliHost host, ParseResult parse, GlobalOptions options)
    {
        Host = host;
        _parse = parse;
        _options = options;
        Output = new Output(host, parse.GetValue(options.Json));
        Folder = ConfigFolder.Of(host);
        Profiles = new ProfileStore(Folder);
        Tokens = new TokenCache(Folder);
    }

    public CliHost Host { get; }

    public Output Output { get; }

    public ConfigFolder Folder { get; }

    public ProfileStore Profiles { get; }

    public TokenCache Tokens { get; }

    public PlatformTarget Target => _target ??= PlatformTarget.Resolve(
        _parse.GetValue(_options.Platform), _parse.GetValue(_options.Profile), Host, Profiles);

    public HttpClient Http => _http ??= CreateHttp();

    public PlatformApi Api => new(Http, Target.Url);

    public Session Session => new(Host, Http, Tokens, Target.Url);

    public void Dispose() => _http?.Dispose();

    private static HttpClient CreateHttp()
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(100) };
        http.DefaultRequestHeaders.UserAgent.ParseAdd($"eucaim-cli/{Version}");
        return http;
    }
}
