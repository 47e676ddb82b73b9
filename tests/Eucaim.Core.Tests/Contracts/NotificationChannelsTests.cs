using System.Reflection;
using Eucaim.Core.Contracts;

namespace Eucaim.Core.Tests.Contracts;

public sealed class NotificationChannelsTests
{
    private static readonly string[] Channels = typeof(NotificationChannels)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (string)f.GetValue(null)!)
        .ToArray();

    [Fact]
    public void Every_channel_is_heard_by_an_unquoted_listen()
    {
        // LISTEN takes an identifier that PostgreSQL folds to lower case, while pg_notify takes the
        // name as written: a channel with an upper-case letter, or longer than 63 bytes, would never
        // reach its listeners.
        Assert.Equal(9, Channels.Length);
        Assert.All(Channels, c => Assert.Matches("^[a-z_][a-z0-9_]{0,62}$", c));
    }

    [Fact]
    public void No_two_announcements_share_a_channel() => Assert.Equal(Channels.Length, Channels.Distinct(StringComparer.Ordinal).Count());
}
