using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using static GeoMonitor.Api.Tests.Uploads.UploadWorld;

namespace GeoMonitor.Api.Tests.Layers;

/// <summary>The API on an empty schema, for revalidation.</summary>
public sealed class ConditionalFixture() : ApiFixture(new ApiHostOptions { LoadGeodata = false });

/// <summary>
/// Layer reads revalidate — every kind, each by slug, their versions, the disputes and each claim and its versions: ETag
/// (the body's hash) and Last-Modified (the last record time of what the read covers, sent once it is two seconds old),
/// 304 on If-None-Match or, without it, on If-Modified-Since; and a change — an edit, or the deletion of one layer of a
/// list — makes both fail again. (Incident exports: Changes/ConditionalExportTests.)
/// </summary>
public sealed class ConditionalRequestTests(ConditionalFixture api) : IClassFixture<ConditionalFixture>
{
    private static JsonObject Box(double s) => new()
    {
        ["name"] = "Conditional", ["kind"] = "other", ["source"] = "conditional test",
        ["geometry"] = JsonNode.Parse(FormattableString.Invariant($"{{\"type\":\"Polygon\",\"coordinates\":[[[35.2,{s}],[35.3,{s}],[35.3,{s + 0.1}],[35.2,{s + 0.1}],[35.2,{s}]]]}}")),
    };

    private async Task<HttpResponseMessage> GetAsync(string url, Action<HttpRequestHeaders>? headers = null)
    {
        var req = new HttpRequestMessage(HttpMethod.Get, url);
        headers?.Invoke(req.Headers);
        return await api.CreateClient().SendAsync(req);
    }

    // Last-Modified is held back while the last change is under two seconds old (a same-second change would share its date).
    private async Task<HttpResponseMessage> SettledAsync(string url)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var res = await GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            if (res.Content.Headers.LastModified is not null || clock.Elapsed > TimeSpan.FromSeconds(10)) return res;
            await Task.Delay(250);
        }
    }

    [Theory]
    [InlineData("/api/zones/cond-zone")]
    [InlineData("/api/zones")]
    [InlineData("/api/zones/cond-zone/versions")]
    [InlineData("/api/truces")]
    [InlineData("/api/lines")]
    [InlineData("/api/disputes")]
    [InlineData("/api/lines/cond-line")]
    [InlineData("/api/lines/cond-line/versions")]
    [InlineData("/api/corridors")]
    [InlineData("/api/corridors/cond-corridor")]
    [InlineData("/api/corridors/cond-corridor/versions")]
    [InlineData("/api/truces/cond-truce")]
    [InlineData("/api/truces/cond-truce/versions")]
    [InlineData("/api/disputes/cond-dispute")]
    [InlineData("/api/disputes/cond-dispute/claims/unifil")]
    [InlineData("/api/disputes/cond-dispute/claims/unifil/versions")]
    public async Task A_layer_read_revalidates_by_ETag_and_by_Last_Modified(string url)
    {
        var admin = await api.CreateClientAsAsync(Role.Admin);
        Assert.True((await admin.PutAsync("/api/zones/cond-zone", Json(Box(33.3)))).IsSuccessStatusCode);
        Assert.True((await admin.PutAsync("/api/lines/cond-line", Json(new JsonObject
        {
            ["name"] = "Conditional line", ["kind"] = "other", ["source"] = "conditional test",
            ["geometry"] = JsonNode.Parse("""{"type":"LineString","coordinates":[[35.1,33.2],[35.4,33.2]]}"""),
        }))).IsSuccessStatusCode);
        Assert.True((await admin.PutAsync("/api/truces/cond-truce", Json(new JsonObject
        {
            ["name"] = "Conditional truce", ["start"] = "2025-05-01T00:00:00Z", ["end"] = "2025-05-02T00:00:00Z", ["source"] = "conditional test",
        }))).IsSuccessStatusCode);
        Assert.True((await admin.PutAsync("/api/corridors/cond-corridor", Json(new JsonObject
        {
            ["name"] = "Conditional corridor", ["widthM"] = 500, ["source"] = "conditional test",
            ["geometry"] = JsonNode.Parse("""{"type":"LineString","coordinates":[[35.1,33.25],[35.4,33.25]]}"""),
        }))).IsSuccessStatusCode);
        Assert.True((await admin.PutAsync("/api/disputes/cond-dispute", Json(new JsonObject
        {
            ["name"] = "Conditional dispute", ["line"] = "cond-line", ["source"] = "conditional test",
        }))).IsSuccessStatusCode);
        Assert.True((await admin.PutAsync("/api/disputes/cond-dispute/claims/unifil", Json(new JsonObject
        {
            ["geometry"] = JsonNode.Parse("""{"type":"Point","coordinates":[35.25,33.2]}"""), ["source"] = "conditional test",
        }))).IsSuccessStatusCode);
        var first = await SettledAsync(url);
        var etag = first.Headers.ETag!;
        var lastModified = first.Content.Headers.LastModified!.Value;

        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(url, h => h.IfNoneMatch.Add(etag))).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(url, h => h.IfModifiedSince = lastModified)).StatusCode);
        var stale = await GetAsync(url, h => h.IfModifiedSince = lastModified.AddSeconds(-1));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        // If-None-Match decides when both are sent (RFC 9110 §13.2.2).
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(url, h => { h.IfNoneMatch.Add(new EntityTagHeaderValue("\"other\"")); h.IfModifiedSince = lastModified; })).StatusCode);
    }

    [Fact]
    public async Task An_edit_or_a_deletion_fails_both_validators()
    {
        var admin = await api.CreateClientAsAsync(Role.Admin);
        Assert.True((await admin.PutAsync("/api/zones/cond-a", Json(Box(33.5)))).IsSuccessStatusCode);
        Assert.True((await admin.PutAsync("/api/zones/cond-b", Json(Box(33.7)))).IsSuccessStatusCode);
        var first = await SettledAsync("/api/zones");
        var etag = first.Headers.ETag!;
        var lastModified = first.Content.Headers.LastModified!.Value;

        // Deleting a zone leaves the others' times as they were: Last-Modified still moves (a deletion is a version).
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/zones/cond-a")).StatusCode);
        var afterDelete = await SettledAsync("/api/zones");
        Assert.True(afterDelete.Content.Headers.LastModified > lastModified);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/zones", h => h.IfNoneMatch.Add(etag))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/zones", h => h.IfModifiedSince = lastModified)).StatusCode);

        // Right after an edit, Last-Modified is not sent yet, and the ETag alone says the body changed.
        var before = await SettledAsync("/api/zones/cond-b");
        Assert.True((await admin.PutAsync("/api/zones/cond-b", Json(Box(33.75)))).IsSuccessStatusCode);
        var fresh = await GetAsync("/api/zones/cond-b", h => h.IfNoneMatch.Add(before.Headers.ETag!));
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Null(fresh.Content.Headers.LastModified);
        Assert.NotEqual(before.Headers.ETag, fresh.Headers.ETag);
    }
}
