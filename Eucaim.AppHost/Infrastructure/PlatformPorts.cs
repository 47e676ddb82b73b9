namespace Eucaim.AppHost.Infrastructure;

/// <summary>
/// Fixed local ports, so that the README's curl examples and the issuer URL inside tokens stay the
/// same from one start to the next. Configurable under <c>Eucaim:Ports</c>.
/// </summary>
internal sealed class PlatformPorts
{
    public int Api { get; set; } = 5080;

    public int Workers { get; set; } = 5180;

    public int Web { get; set; } = 5090;

    public int LsLogin { get; set; } = 5100;

    public int Postgres { get; set; } = 5433;

    public int Azurite { get; set; } = 10000;

    public IEnumerable<(string Resource, int Port)> All =>
        [("api", Api), ("workers", Workers), ("web", Web), ("lslogin", LsLogin), ("postgres", Postgres), ("azurite", Azurite)];
}
