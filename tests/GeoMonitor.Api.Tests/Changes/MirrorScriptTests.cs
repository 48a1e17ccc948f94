using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Tests.Infrastructure;
using GeoMonitor.Api.Tests.Verification;
using static GeoMonitor.Api.Tests.Uploads.UploadWorld;

namespace GeoMonitor.Api.Tests.Changes;

/// <summary>
/// The mirror script docs/api.md gives newsrooms (docs/examples/mirror.sh, bash + curl + jq), run as they would run it
/// against the API on a socket: a first run copies the public incidents and the layers, a second run after a publication,
/// a published incident sent back and rejected, a new zone and a deleted truce brings the folder to exactly what the API
/// serves, and a third changes nothing.
/// </summary>
public sealed class MirrorScriptTests
{
    private static readonly string Root = GeoMonitorPaths.RepositoryRoot()!;
    private static readonly string Script = Path.Combine(Root, "docs", "examples", "mirror.sh");

    [Fact]
    public void The_script_in_the_docs_is_the_script_tested()
    {
        var doc = File.ReadAllText(Path.Combine(Root, "docs", "api.md"));
        Assert.Contains(File.ReadAllText(Script).Trim(), doc);
    }

    private static async Task<(int Code, string Output)> RunAsync(string baseUrl, string folder)
    {
        var psi = new ProcessStartInfo("bash", [Script, baseUrl, folder]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (p.ExitCode, await stdout + await stderr);
    }

    // Waits until the feed of a key that reads every state has served every revision and layer version written so far (another test's
    // transaction on the shared cluster can hold the horizon), so that the script's run after it sees them too.
    private static async Task SettledAsync(ApiFixture api)
    {
        var all = await api.ScalarAsync<long>("""
            SELECT (SELECT count(*) FROM incident_revisions) + (SELECT count(*) FROM incident_rederivations)
                 + (SELECT count(*) FROM line_versions) + (SELECT count(*) FROM zone_versions)
                 + (SELECT count(*) FROM corridor_versions) + (SELECT count(*) FROM truce_versions) + (SELECT count(*) FROM claim_versions)
            """);
        var everything = await api.CreateClientAsAsync(Role.Reviewer);
        var feed = new FeedClient(() => everything);
        var clock = Stopwatch.StartNew();
        while (feed.Served.Count < all && clock.Elapsed < TimeSpan.FromSeconds(60))
            if (!(await feed.PageAsync(1000)).More) await Task.Delay(30);
        Assert.Equal(all, feed.Served.Count);
    }

    private static async Task AssertMirrorsAsync(ApiFixture api, string folder)
    {
        var client = api.CreateClient();
        var served = JsonDocument.Parse(await client.GetStringAsync("/api/incidents?limit=10000")).RootElement.GetProperty("features")
            .EnumerateArray().ToDictionary(f => f.GetProperty("id").GetInt64().ToString(), f => f.GetRawText());
        var files = Directory.GetFiles(Path.Combine(folder, "incidents"), "*.geojson").ToDictionary(f => Path.GetFileNameWithoutExtension(f), File.ReadAllText);
        Assert.Equal(served.Keys.Order(), files.Keys.Order());
        foreach (var (id, feature) in served) Assert.True(JsonNode.DeepEquals(JsonNode.Parse(feature), JsonNode.Parse(files[id])), $"incident {id} differs:\n{feature}\n{files[id]}");
        foreach (var (kind, path) in new[] { ("zone", "zones"), ("line", "lines"), ("truce", "truces") })
        {
            var current = kind == "truce"
                ? JsonDocument.Parse(await client.GetStringAsync("/api/truces")).RootElement.GetProperty("truces").EnumerateArray().Select(t => t.GetProperty("slug").GetString()!).ToList()
                : JsonDocument.Parse(await client.GetStringAsync($"/api/{path}")).RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToList();
            var mirrored = Directory.GetFiles(Path.Combine(folder, "layers"), kind + "-*.geojson").Select(f => Path.GetFileNameWithoutExtension(f)[(kind.Length + 1)..]).ToList();
            Assert.Equal(current.Order(), mirrored.Order());
            foreach (var slug in current)
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(await client.GetStringAsync($"/api/{path}/{slug}")),
                    JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "layers", $"{kind}-{slug}.geojson")))), $"{kind} {slug} differs");
        }
    }

    [Fact]
    public async Task A_newsroom_mirror_follows_the_feed_with_deletions()
    {
        await using var api = await ApiFixture.StartAsync(new ApiHostOptions { LoadGeodata = false, Hosting = Hosting.Socket });
        await SeedAsync(api);
        var reporter = await api.CreateClientAsAsync(Role.Reporter);
        var path = await LifecyclePath.CreateAsync(api);
        var admin = await api.CreateClientAsAsync(Role.Admin);
        async Task<long> Upload(string ext)
        {
            var res = await reporter.PostAsync("/api/incidents", Json(Report(ext)));
            Assert.Equal(HttpStatusCode.Created, res.StatusCode);
            return (await BodyAsync(res)).GetProperty("id").GetInt64();
        }
        var a = await Upload("mirror-a");
        var b = await Upload("mirror-b");
        var c = await Upload("mirror-c");
        await path.PublishAsync(a);
        await path.PublishAsync(c);

        var folder = Path.Combine(Path.GetTempPath(), "gm-mirror-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await SettledAsync(api);
            var (code, output) = await RunAsync(api.BaseUrl, folder);
            Assert.True(code == 0, output);
            await AssertMirrorsAsync(api, folder);
            Assert.False(File.Exists(Path.Combine(folder, "incidents", $"{b}.geojson")));

            // Changes since: c sent back to its team by its reporter and then rejected (it leaves the public record: a
            // tombstone), b published, a zone redrawn and another added, a truce deleted.
            await path.SendBackAsync(reporter, c);
            await path.ConcludeAsync(c, "rejected");
            await path.PublishAsync(b);
            Assert.True((await admin.PutAsync("/api/zones/mirror-zone", Json(new JsonObject
            {
                ["name"] = "Mirror zone", ["kind"] = "other", ["source"] = "mirror test",
                ["geometry"] = JsonNode.Parse("""{"type":"Polygon","coordinates":[[[35.3,33.3],[35.4,33.3],[35.4,33.4],[35.3,33.4],[35.3,33.3]]]}"""),
            }))).IsSuccessStatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/truces/test-truce")).StatusCode);
            await SettledAsync(api);
            (code, output) = await RunAsync(api.BaseUrl, folder);
            Assert.True(code == 0, output);
            await AssertMirrorsAsync(api, folder);
            Assert.False(File.Exists(Path.Combine(folder, "incidents", $"{c}.geojson")));
            Assert.False(File.Exists(Path.Combine(folder, "layers", "truce-test-truce.geojson")));

            var token = await File.ReadAllTextAsync(Path.Combine(folder, "next-token"));
            (code, output) = await RunAsync(api.BaseUrl, folder);
            Assert.True(code == 0, output);
            Assert.Equal(token, await File.ReadAllTextAsync(Path.Combine(folder, "next-token")));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
