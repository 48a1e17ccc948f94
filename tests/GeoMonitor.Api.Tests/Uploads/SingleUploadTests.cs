using System.Net;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using static GeoMonitor.Api.Tests.Uploads.UploadWorld;

namespace GeoMonitor.Api.Tests.Uploads;

public sealed class SingleUploadTests(UploadFixture api) : IClassFixture<UploadFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => SeedAsync(api);
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_report_is_stored_with_its_enrichment_and_a_create_revision()
    {
        var client = await api.CreateClientAsAsync(Role.Reporter, "team-alpha");
        var res = await client.PostAsync("/api/incidents", Json(Report("alpha-1")));

        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        var body = await BodyAsync(res);
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal($"/api/incidents/{id}", res.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", res.Headers.ETag?.Tag);
        Assert.Equal("reported", body.GetProperty("status").GetString());
        var e = body.GetProperty("enrichment");
        Assert.Equal(["test-box"], e.GetProperty("zones").EnumerateArray().Select(z => z.GetString()));
        Assert.Equal(["test-truce"], e.GetProperty("truces").EnumerateArray().Select(z => z.GetString()));
        Assert.Equal(2000, e.GetProperty("blueLine").GetProperty("distanceMetres").GetDouble(), 1.0);
        Assert.Equal("north", e.GetProperty("blueLine").GetProperty("side").GetString());

        Assert.Equal("team-alpha", await api.ScalarAsync<string>("SELECT created_by FROM incidents WHERE id = $1", id));
        Assert.Equal("EPSG:4326", await api.ScalarAsync<string>("SELECT raw_crs FROM incidents WHERE id = $1", id));
        Assert.Equal("create", await api.ScalarAsync<string>("SELECT action FROM incident_revisions WHERE incident_id = $1", id));
        Assert.Equal("alpha-1", await api.ScalarAsync<string>("SELECT changes->'externalId'->>'to' FROM incident_revisions WHERE incident_id = $1", id));
    }

    [Fact]
    public async Task A_geojson_feature_is_accepted_and_south_of_the_line_is_south()
    {
        var client = await api.CreateClientAsAsync(Role.Reporter);
        var props = Report();
        props.Remove("lon");
        props.Remove("lat");
        var feature = new JsonObject
        {
            ["type"] = "Feature",
            ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(SouthLon, SouthLat) },
            ["properties"] = props,
        };
        var res = await client.PostAsync("/api/incidents", Json(feature, "application/geo+json"));

        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        var e = (await BodyAsync(res)).GetProperty("enrichment");
        Assert.Equal(1500, e.GetProperty("blueLine").GetProperty("distanceMetres").GetDouble(), 1.0);
        Assert.Equal("south", e.GetProperty("blueLine").GetProperty("side").GetString());
        Assert.Empty(e.GetProperty("zones").EnumerateArray());
    }

    [Theory]
    [InlineData("2024-11-26T21:59:59Z", false)]
    [InlineData("2024-11-26T22:00:00Z", true)]
    [InlineData("2024-11-27T00:00:01+02:00", true)]  // 22:00:01 UTC
    [InlineData("2025-01-26T21:59:59Z", true)]
    [InlineData("2025-01-26T22:00:00Z", false)]      // the window is half-open
    public async Task The_truce_in_force_follows_occurredAt_to_the_second(string occurredAt, bool inTruce)
    {
        var client = await api.CreateClientAsAsync(Role.Reporter);
        var res = await client.PostAsync("/api/incidents", Json(Report(set: o => o["occurredAt"] = occurredAt)));
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        var truces = (await BodyAsync(res)).GetProperty("enrichment").GetProperty("truces").EnumerateArray().Select(t => t.GetString());
        Assert.Equal(inTruce ? ["test-truce"] : [], truces);
    }

    [Fact]
    public async Task The_same_report_again_is_200_with_the_same_id_and_changes_nothing()
    {
        var client = await api.CreateClientAsAsync(Role.Reporter);
        var report = Report();
        var first = await client.PostAsync("/api/incidents", Json(report));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var id = (await BodyAsync(first)).GetProperty("id").GetInt64();
        var before = await CountsAsync(api);
        var updatedAt = await api.ScalarAsync<DateTime>("SELECT updated_at FROM incidents WHERE id = $1", id);

        // The same report, its location written in another notation: the same normalized point.
        report.Remove("lon");
        report.Remove("lat");
        report["coordinate"] = $"{NorthLat}, {NorthLon}";
        var again = await client.PostAsync("/api/incidents", Json(report));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, (await BodyAsync(again)).GetProperty("id").GetInt64());
        Assert.Equal(before, await CountsAsync(api));
        Assert.Equal(updatedAt, await api.ScalarAsync<DateTime>("SELECT updated_at FROM incidents WHERE id = $1", id));
        Assert.Equal("lon=35.5 lat=33.118033225", await api.ScalarAsync<string>("SELECT raw_coordinate FROM incidents WHERE id = $1", id));
    }

    [Fact]
    public async Task A_different_report_under_the_same_key_is_409_pointing_to_patch()
    {
        var client = await api.CreateClientAsAsync(Role.Reporter);
        var first = await client.PostAsync("/api/incidents", Json(Report("same-key")));
        var id = (await BodyAsync(first)).GetProperty("id").GetInt64();
        var before = await CountsAsync(api);

        var res = await client.PostAsync("/api/incidents", Json(Report("same-key", o => o["fatalities"] = 2)));

        Assert.Equal(HttpStatusCode.Conflict, res.StatusCode);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        var p = await BodyAsync(res);
        Assert.Equal($"/api/incidents/{id}", p.GetProperty("patch").GetString());
        Assert.Equal(["fatalities"], p.GetProperty("differences").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(before, await CountsAsync(api));
        Assert.Equal(0, await api.ScalarAsync<int>("SELECT fatalities FROM incidents WHERE id = $1", id));
    }

    [Fact]
    public async Task A_hundred_concurrent_identical_uploads_create_exactly_one_row()
    {
        var client = await api.CreateClientAsAsync(Role.Reporter);
        var body = Report("concurrent-1").ToJsonString();
        var start = new TaskCompletionSource();
        var refusedBusy = 0;
        var tasks = Enumerable.Range(0, 100).Select(async _ =>
        {
            await start.Task;
            for (var attempt = 1; ; attempt++)
            {
                var res = await client.PostAsync("/api/incidents", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
                var json = await BodyAsync(res);
                // A hundred requests at once on a test cluster shared with other tests can outwait the pool (503, "nothing
                // was written"): the client sends the same report again after Retry-After, as a phone in the field would,
                // and the report must still be stored once.
                if (res.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 5)
                {
                    Interlocked.Increment(ref refusedBusy);
                    await Task.Delay(res.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                    continue;
                }
                return (res.StatusCode, Id: json.TryGetProperty("id", out var id) ? id.GetInt64() : (long?)null, Body: json.ToString());
            }
        }).ToList();
        start.SetResult();
        var results = await Task.WhenAll(tasks);

        // Every answer's status, so that a failure says which statuses came back (a 503 under load is not a 409 race).
        var statuses = string.Join(", ", results.GroupBy(r => (int)r.StatusCode).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))
                       + $"; 503 retried {refusedBusy}×; first other: " + results.FirstOrDefault(r => r.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK)).Body;
        Assert.True(results.Count(r => r.StatusCode == HttpStatusCode.Created) == 1, statuses);
        Assert.True(results.Count(r => r.StatusCode == HttpStatusCode.OK) == 99, statuses);
        Assert.Single(results.Select(r => r.Id).Distinct());
        Assert.Equal(1L, await api.ScalarAsync<long>("SELECT count(*) FROM incidents WHERE external_id = 'concurrent-1'"));
        Assert.Equal(1L, await api.ScalarAsync<long>(
            "SELECT count(*) FROM incident_revisions r JOIN incidents i ON i.id = r.incident_id WHERE i.external_id = 'concurrent-1'"));
    }

    [Fact]
    public async Task Arabic_and_hebrew_text_round_trips_exactly()
    {
        const string notes = "قصف مدفعي على أطراف بلدة الخيام — הפגזה ארטילרית ליד מטולה 🙂";
        const string place = "الخيام / חיאם";
        var client = await api.CreateClientAsAsync(Role.Reporter);
        var res = await client.PostAsync("/api/incidents", Json(Report(set: o => { o["notes"] = notes; o["locationName"] = place; })));

        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        var body = await BodyAsync(res);
        Assert.Equal(notes, body.GetProperty("notes").GetString());
        Assert.Equal(place, body.GetProperty("locationName").GetString());
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal(notes, await api.ScalarAsync<string>("SELECT notes FROM incidents WHERE id = $1", id));
        Assert.Equal(place, await api.ScalarAsync<string>("SELECT location_name FROM incidents WHERE id = $1", id));
    }

    [Theory]
    [InlineData(Role.Anonymous, HttpStatusCode.Unauthorized)]
    [InlineData(Role.Reader, HttpStatusCode.Forbidden)]
    [InlineData(Role.Reporter, HttpStatusCode.Created)]
    [InlineData(Role.Reviewer, HttpStatusCode.Created)]
    [InlineData(Role.Admin, HttpStatusCode.Created)]
    public async Task Uploading_needs_a_reporter_key(Role role, HttpStatusCode expected)
    {
        var client = await api.CreateClientAsAsync(role);
        var before = await CountsAsync(api);
        var res = await client.PostAsync("/api/incidents", Json(Report()));
        Assert.Equal(expected, res.StatusCode);
        if (expected != HttpStatusCode.Created)
        {
            Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
            Assert.Equal(before, await CountsAsync(api));
        }
    }

    [Fact]
    public async Task A_revoked_key_is_401()
    {
        var client = await api.CreateClientAsAsync(Role.Reporter, "revoked-team");
        await new ApiKeys(api.Db).RevokeByNameAsync("revoked-team");
        var res = await client.PostAsync("/api/incidents", Json(Report()));
        Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
    }
}
