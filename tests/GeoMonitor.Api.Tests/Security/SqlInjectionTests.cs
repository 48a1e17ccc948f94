using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.BadInput;

namespace GeoMonitor.Api.Tests.Security;

/// <summary>
/// SQL injection attempts in every query parameter and route parameter of every GET endpoint, enumerated from the
/// running host; an endpoint's query parameters are the ones it names itself when sent an unknown one (QueryReader's
/// "Known parameters" list), plus a fixed list for the few that take free parameters. Each attempt gets a 4xx or a
/// normal (empty or unfiltered-by-the-payload) answer, never a 500, no SQL or stack trace in the body, no delay from
/// pg_sleep, and every table is unchanged.
/// </summary>
public sealed partial class SqlInjectionTests(BadInputFixture api) : IClassFixture<BadInputFixture>
{
    private static readonly string[] Payloads =
    [
        "' OR '1'='1",
        "1' OR 1=1 --",
        "x'); DELETE FROM incidents; --",
        "1; DROP TABLE incidents; --",
        "' UNION SELECT key_hash, null FROM api_keys --",
        "'; SELECT pg_sleep(3); --",
        "1) OR (1=1",
        "\\'; TRUNCATE incident_revisions; --",
        "$1",
        "blue-line' AND 1=CAST((SELECT key_hash FROM api_keys LIMIT 1) AS int) --",
    ];

    /// <summary>Parameters of endpoints that do not list them (GraphQL's GET form).</summary>
    private static readonly Dictionary<string, string[]> Extra = new() { ["/graphql"] = ["query", "operationName", "variables"] };

    [Fact]
    public void Every_get_endpoint_is_covered()
    {
        var routes = EndpointCatalog.Reads(api.Services).Select(e => e.Route).ToList();
        Assert.True(routes.Count >= 20, $"{routes.Count} GET endpoints");
        Assert.Contains("/api/incidents", routes);
        Assert.Contains("/ogc/collections/{collectionId}/items", routes);
    }

    [Fact]
    public async Task Injection_attempts_in_every_parameter_of_every_get_endpoint_never_reach_sql()
    {
        var failures = new List<string>();
        foreach (var e in EndpointCatalog.Reads(api.Services))
        {
            try { await AttackAsync(e.Route); }
            catch (Xunit.Sdk.XunitException x) { failures.Add($"{e.Route}: {x.Message}"); }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task AttackAsync(string route)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", api.Keys[Role.Admin]);
        var basePath = EndpointCatalog.Fill(route, p => p switch
        {
            "z" or "x" or "y" => "0",
            "layer" => "incidents",
            "collectionId" => "incidents",
            "featureId" or "id" => "1",
            "slug" when route.StartsWith("/api/truces", StringComparison.Ordinal) => api.Truce,
            _ => "blue-line",
        });

        var parameters = await ParametersAsync(client, basePath, route);
        var before = await DatabaseChecksum.ComputeAsync(api.Db);
        var tried = 0;
        foreach (var payload in Payloads)
        {
            var escaped = Uri.EscapeDataString(payload);
            foreach (var p in parameters)
                await CheckAsync(client, $"{basePath}{(basePath.Contains('?') ? '&' : '?')}{p}={escaped}", p, payload);
            foreach (var p in EndpointCatalog.RouteParameters(route))
                await CheckAsync(client, EndpointCatalog.Fill(route, q => q == p ? escaped : q switch
                {
                    "z" or "x" or "y" => "0", "layer" or "collectionId" => "incidents", "featureId" or "id" => "1", _ => "blue-line",
                }), p, payload);
            tried += parameters.Count + EndpointCatalog.RouteParameters(route).Count();
        }
        Assert.Empty(DatabaseChecksum.Changed(before, await DatabaseChecksum.ComputeAsync(api.Db)));
        Assert.Equal(3L, await api.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename IN ('incidents', 'incident_revisions', 'api_keys')"));
        Assert.True(tried > 0);
    }

    private static async Task CheckAsync(HttpClient client, string path, string parameter, string payload)
    {
        var sw = Stopwatch.StartNew();
        var res = await client.GetAsync(path);
        var body = await res.Content.ReadAsStringAsync();
        var shown = $"{path} ({parameter} = {payload}): {(int)res.StatusCode} {(body.Length > 300 ? body[..300] : body)}";
        Assert.True((int)res.StatusCode < 500, shown);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2.5) || !payload.Contains("pg_sleep"), "pg_sleep ran? " + shown);
        // The payload itself may be echoed in a problem's detail; only server-side traces count as leaks.
        var leak = ResponseChecks.FindLeak(body.Replace(payload, "").Replace(JsonEncodedText.Encode(payload).ToString(), ""));
        Assert.True(leak is null, $"leak {leak}: {shown}");
    }

    private static async Task<List<string>> ParametersAsync(HttpClient client, string basePath, string route)
    {
        var names = new List<string>();
        if (Extra.TryGetValue(route, out var extra)) names.AddRange(extra);
        var probe = await client.GetAsync(basePath + (basePath.Contains('?') ? "&" : "?") + "gm_probe=1");
        var text = await probe.Content.ReadAsStringAsync();
        if (KnownParameters().Match(text) is { Success: true } m)
            names.AddRange(m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        // Endpoints that ignore unknown parameters still get one attempt, under a name no endpoint knows.
        if (names.Count == 0) names.Add("q");
        return names.Distinct().ToList();
    }

    [GeneratedRegex(@"Known parameters: ([^""]*?)\.?""")]
    private static partial Regex KnownParameters();
}
