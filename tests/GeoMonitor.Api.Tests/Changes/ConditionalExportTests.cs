using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using GeoMonitor.Api.Tests.Verification;
using static GeoMonitor.Api.Tests.Uploads.UploadWorld;

namespace GeoMonitor.Api.Tests.Changes;

/// <summary>The API on the hand-placed layers of <c>UploadWorld</c>, for the revalidation of incident exports.</summary>
public sealed class ConditionalExportFixture() : ApiFixture(new ApiHostOptions { LoadGeodata = false });

/// <summary>
/// The incident list, its CSV and GeoJSONSeq exports and OGC items revalidate (docs/api.md, "Conditional requests"): a weak
/// ETag and, once settled, Last-Modified; 304 without a body on If-None-Match or If-Modified-Since; a write, a lifecycle
/// step, a layer redraw or a filed pre-notification makes the next revalidation a 200 with a new ETag; callers who see
/// different incidents never share an ETag.
/// </summary>
public sealed class ConditionalExportTests(ConditionalExportFixture api) : IClassFixture<ConditionalExportFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await SeedAsync(api);
        // One published incident, so that every answer holds something.
        if (await api.ScalarAsync<long>("SELECT count(*) FROM incidents WHERE external_id = 'cond-seed'") == 0)
            await PublishedAsync("cond-seed");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    // The exports of one question (inside test-box, during test-truce), in every format and on OGC API.
    public static TheoryData<string, string?> Exports() => new()
    {
        { "/api/incidents?zone=test-box&truce=test-truce", null },
        { "/api/incidents?zone=test-box&truce=test-truce&format=csv", null },
        { "/api/incidents?zone=test-box&truce=test-truce&format=geojsonseq", null },
        { "/api/incidents?zone=test-box&truce=test-truce", "text/csv" },
        { "/ogc/collections/incidents/items?zone=test-box&truce=test-truce", null },
        { "/ogc/collections/zones/items", null },
    };

    private async Task<long> PublishedAsync(string ext)
    {
        var reporter = await api.CreateClientAsAsync(Role.Reporter);
        var res = await reporter.PostAsync("/api/incidents", Json(Report(ext)));
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        var id = (await BodyAsync(res)).GetProperty("id").GetInt64();
        await (await LifecyclePath.CreateAsync(api)).PublishAsync(id);
        return id;
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string? accept, Action<HttpRequestHeaders>? conditions = null)
    {
        var req = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null) req.Headers.Accept.ParseAdd(accept);
        conditions?.Invoke(req.Headers);
        return await client.SendAsync(req);
    }

    // The ETag of an answer once it revalidates: right after a write the horizon of the feed (the oldest transaction still
    // running anywhere on the server, another test's perhaps) may pass it once more, which makes a new ETag (a 200, never a
    // stale 304). Asks until an answer's ETag is answered 304.
    private static async Task<EntityTagHeaderValue> RevalidatingETagAsync(HttpClient client, string url, string? accept)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var res = await GetAsync(client, url, accept);
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            var etag = res.Headers.ETag!;
            var again = await GetAsync(client, url, accept, h => h.IfNoneMatch.Add(etag));
            if (again.StatusCode == HttpStatusCode.NotModified)
            {
                Assert.Empty(await again.Content.ReadAsByteArrayAsync());
                Assert.Equal(etag, again.Headers.ETag);
                return etag;
            }
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{url}: no two answers in a row shared an ETag");
            await Task.Delay(100);
        }
    }

    [Theory]
    [MemberData(nameof(Exports))]
    public async Task An_export_revalidates_and_a_publication_makes_it_a_200_with_a_new_ETag(string url, string? accept)
    {
        var client = api.CreateClient();
        var etag = await RevalidatingETagAsync(client, url, accept);
        Assert.True(etag.IsWeak);
        var first = await GetAsync(client, url, accept);
        Assert.True(first.Headers.CacheControl is { Public: true, NoCache: true }, first.Headers.CacheControl?.ToString());
        Assert.Contains("Authorization", first.Headers.Vary);

        // A new incident inside the zone, during the truce, published: the next revalidation is a 200 with it, and a new ETag.
        var id = await PublishedAsync("cond-" + Guid.NewGuid().ToString("N")[..8]);
        var after = await GetAsync(client, url, accept, h => h.IfNoneMatch.Add(etag));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(etag, after.Headers.ETag);
        if (url.Contains("incidents", StringComparison.Ordinal)) Assert.Contains(id.ToString(System.Globalization.CultureInfo.InvariantCulture), await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_lifecycle_step_a_layer_redraw_and_a_pre_notification_each_make_a_new_ETag()
    {
        var client = api.CreateClient();
        const string url = "/api/incidents?zone=test-box&format=csv";
        var etag = await RevalidatingETagAsync(client, url, null);

        // A lifecycle step of an incident the anonymous reader cannot see yet still moves the record: a new ETag (the
        // validator does not read the answer; it follows the feed).
        var reporter = await api.CreateClientAsAsync(Role.Reporter);
        var res = await reporter.PostAsync("/api/incidents", Json(Report()));
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, url, null, h => h.IfNoneMatch.Add(etag))).StatusCode);

        // A redraw of the zone re-derives the stored zones of the incidents it moves.
        etag = await RevalidatingETagAsync(client, url, null);
        var admin = await api.CreateClientAsAsync(Role.Admin);
        Assert.True((await admin.PutAsync("/api/zones/cond-redrawn", Json(new JsonObject
        {
            ["name"] = "Redrawn", ["kind"] = "other", ["source"] = "conditional test",
            ["geometry"] = JsonNode.Parse("""{"type":"Polygon","coordinates":[[[35.3,33.3],[35.4,33.3],[35.4,33.4],[35.3,33.4],[35.3,33.3]]]}"""),
        }))).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, url, null, h => h.IfNoneMatch.Add(etag))).StatusCode);

        // preNotified= reads the notifications, which are not in the feed: a filing changes the ETag of such a question.
        const string notified = "/api/incidents?zone=test-box&preNotified=true&format=csv";
        var notifiedTag = await RevalidatingETagAsync(client, notified, null);
        var filer = await api.CreateClientAsAsync(Role.Reporter, null, "cond-forces");
        var filed = await filer.PostAsync("/api/notifications", Json(new JsonObject
        {
            ["kind"] = "strike", ["start"] = "2024-12-01T09:00:00Z", ["end"] = "2024-12-01T11:00:00Z",
            ["area"] = JsonNode.Parse("""{"type":"Polygon","coordinates":[[[35.49,33.11],[35.51,33.11],[35.51,33.13],[35.49,33.13],[35.49,33.11]]]}"""),
        }));
        Assert.True(filed.StatusCode == HttpStatusCode.Created, await filed.Content.ReadAsStringAsync());
        var afterFiling = await GetAsync(client, notified, null, h => h.IfNoneMatch.Add(notifiedTag));
        Assert.Equal(HttpStatusCode.OK, afterFiling.StatusCode);
        Assert.Contains("cond-seed", await afterFiling.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Callers_who_see_different_incidents_never_share_an_ETag()
    {
        // A report held for verification: its reporter's organisation reads it, another organisation and anonymous callers
        // do not, a reviewer reads everything.
        var reporter = await api.CreateClientAsAsync(Role.Reporter, null, "cond-desk");
        Assert.Equal(HttpStatusCode.Created, (await reporter.PostAsync("/api/incidents", Json(Report()))).StatusCode);
        const string url = "/api/incidents?zone=test-box&format=geojsonseq";
        var callers = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = api.CreateClient(),
            ["reader of the reporter's organisation"] = await api.CreateClientAsAsync(Role.Reader, null, "cond-desk"),
            ["reader of another organisation"] = await api.CreateClientAsAsync(Role.Reader, null, "cond-other"),
            ["reviewer"] = await api.CreateClientAsAsync(Role.Reviewer),
        };
        var tags = new Dictionary<string, EntityTagHeaderValue>();
        foreach (var (who, client) in callers) tags[who] = await RevalidatingETagAsync(client, url, null);
        Assert.Equal(tags.Count, tags.Values.Select(t => t.Tag).Distinct().Count());

        // One caller's ETag is no validator for another: the answer is served whole.
        var anonymous = tags["anonymous"];
        foreach (var who in callers.Keys.Where(k => k != "anonymous"))
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(callers[who], url, null, h => h.IfNoneMatch.Add(anonymous))).StatusCode);
        var keyed = await GetAsync(callers["reviewer"], url, null);
        Assert.True(keyed.Headers.CacheControl is { Private: true, NoCache: true }, keyed.Headers.CacheControl?.ToString());
        // Another format of the same question is another representation.
        Assert.NotEqual(anonymous, (await GetAsync(callers["anonymous"], "/api/incidents?zone=test-box&format=csv", null)).Headers.ETag);
    }

    [Fact]
    public async Task Last_Modified_is_honoured_and_a_write_fails_it()
    {
        var client = api.CreateClient();
        const string url = "/api/incidents?truce=test-truce&format=csv";
        // Last-Modified is sent once the answer's ETag has stood for two seconds (HTTP dates have whole seconds).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        HttpResponseMessage settled;
        while (true)
        {
            settled = await GetAsync(client, url, null);
            if (settled.Content.Headers.LastModified is not null) break;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "Last-Modified never sent");
            await Task.Delay(250);
        }
        var lastModified = settled.Content.Headers.LastModified!.Value;
        Assert.True(lastModified <= DateTimeOffset.UtcNow);

        // If-Modified-Since at or after it: 304 (asked until the ETag it was sent with still stands: see RevalidatingETagAsync).
        clock.Restart();
        while ((await GetAsync(client, url, null, h => h.IfModifiedSince = lastModified)).StatusCode != HttpStatusCode.NotModified)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "If-Modified-Since never answered 304");
            var again = await GetAsync(client, url, null);
            if (again.Content.Headers.LastModified is { } newer) lastModified = newer;
            await Task.Delay(250);
        }
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, url, null, h => h.IfModifiedSince = lastModified.AddSeconds(-1))).StatusCode);
        // If-None-Match decides when both are sent.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, url, null, h =>
        {
            h.IfNoneMatch.Add(new EntityTagHeaderValue("\"other\"", true));
            h.IfModifiedSince = lastModified;
        })).StatusCode);

        // A publication: the answer changed, so If-Modified-Since the old date is a 200, and the new date, once sent, is later.
        await PublishedAsync("cond-lm-" + Guid.NewGuid().ToString("N")[..8]);
        var after = await GetAsync(client, url, null, h => h.IfModifiedSince = lastModified);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        if (after.Content.Headers.LastModified is { } sent) Assert.True(sent > lastModified);
    }
}
