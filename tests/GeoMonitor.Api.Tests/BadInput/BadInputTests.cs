using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.BadInput;

/// <summary>The API with the geodata loaded and one key per role, for the bad-input corpus.</summary>
public sealed class BadInputFixture : ApiFixture, IAsyncLifetime
{
    /// <summary>A key per role (none for anonymous).</summary>
    public Dictionary<Role, string> Keys { get; } = [];

    /// <summary>A truce slug that exists, for the paths that need one.</summary>
    public string Truce { get; private set; } = "";

    // DisposeAsync stays the base class's (interface re-implementation maps it there).
    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        foreach (var role in new[] { Role.Reader, Role.Reporter, Role.Reviewer, Role.Admin })
            Keys[role] = await new ApiKeys(Db).CreateAsync("corpus-" + role.ToString().ToLowerInvariant(), role);
        Truce = await ScalarAsync<string>("SELECT slug FROM truces ORDER BY slug LIMIT 1");
    }
}

/// <summary>
/// Every case of the corpus (≥ 300 malformed requests across REST parameters, JSON, GeoJSON, CSV, GraphQL and the
/// transport) is refused with a 4xx problem+json or a GraphQL error, leaks no internals, leaves every table of the
/// database exactly as it was, and the API still answers /health afterwards. The 10,000-deep nesting cases (and NULs in the path) run in
/// <see cref="DeepNestingTests"/> against a separate API process, where a crash is a failed case rather than the end of
/// the test run.
/// </summary>
public sealed class BadInputTests(BadInputFixture api) : IClassFixture<BadInputFixture>
{
    public static IEnumerable<object[]> Cases() => BadInputCorpus.Names().Where(n => !CaseRunner.RunsOutOfProcess(BadInputCorpus.Cases[(string)n[0]]));

    [Fact]
    public void The_corpus_has_at_least_300_cases_across_every_family()
    {
        var names = BadInputCorpus.Cases.Keys.ToList();
        Assert.True(names.Count >= 300, $"{names.Count} cases");
        foreach (var family in new[] { "rest/", "ogc/", "tiles/", "json/", "geojson/", "csv/", "graphql/", "transport/", "file/" })
            Assert.Contains(names, n => n.StartsWith(family, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Is_refused_cleanly_and_changes_nothing(string name)
    {
        var client = api.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(2);
        await CaseRunner.RunAsync(BadInputCorpus.Cases[name], client, api.Keys, api.Truce, api.Db);
        Assert.True((await client.GetAsync("/health")).IsSuccessStatusCode, "the API stopped answering /health");
    }
}
