using System.Net;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using Npgsql;

namespace GeoMonitor.Api.Tests.BadInput;

/// <summary>
/// The API as a real process (the built GeoMonitor.Api.dll) on its own database, restarted if a case kills it, so that
/// "the process stays up" is observed from outside; with a key per role.
/// </summary>
public sealed class ApiProcessFixture() : ApiFixture(new ApiHostOptions { Hosting = Hosting.Process, LoadGeodata = false }), IAsyncLifetime
{
    /// <summary>A key per role.</summary>
    public Dictionary<Role, string> Keys { get; } = [];

    // DisposeAsync stays the base class's (interface re-implementation maps it there).
    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        foreach (var role in new[] { Role.Reader, Role.Reporter, Role.Reviewer, Role.Admin })
            Keys[role] = await new ApiKeys(Db).CreateAsync("deep-" + role.ToString().ToLowerInvariant(), role);
    }
}

/// <summary>
/// The corpus's 10,000-level nesting cases (JSON arrays and objects, GraphQL selections, literals, fragments and
/// variables) and NULs in the path, sent to a real API process: each is refused cleanly and the process is still up afterwards. A case that
/// kills the process fails here, and the process is restarted for the next case.
/// </summary>
public sealed class DeepNestingTests(ApiProcessFixture api) : IClassFixture<ApiProcessFixture>
{
    public static IEnumerable<object[]> Cases() => BadInputCorpus.Names().Where(n => CaseRunner.RunsOutOfProcess(BadInputCorpus.Cases[(string)n[0]]));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Is_refused_and_the_process_stays_up(string name)
    {
        if (!await api.AliveAsync()) await api.RestartApiAsync();
        using var client = api.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(1);
        try
        {
            await CaseRunner.RunAsync(BadInputCorpus.Cases[name], client, api.Keys, "no-truce", api.Db);
        }
        catch (HttpRequestException e)
        {
            Assert.Fail($"the request failed ({e.Message}); the process {(await api.AliveAsync() ? "is up" : "died")}:\n"
                + string.Join("\n", api.ProcessOutput.TakeLast(8)));
        }
        Assert.True(await api.AliveAsync(), "the API process died:\n" + string.Join("\n", api.ProcessOutput.TakeLast(8)));
    }
}
