using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Tests.GraphQL;
using GeoMonitor.Api.Tests.Notifications;

namespace GeoMonitor.Api.Tests.Benchmarks;

/// <summary>
/// Benchmarks answer "met, overdue or pending as of D" from their dated events: a benchmark due 2025-03-10T00:00Z with a
/// partially_met event dated 2025-03-05T00:00Z and a met event dated 2025-03-12T00:00Z, asked before, on and after each
/// event and the due date, on REST and GraphQL; an event recorded later about an earlier date counts as of its date; a
/// truce's page shows the benchmarks its extensions depend on; bad input names the field and writes nothing.
/// </summary>
public sealed class BenchmarkTests(TruceFixture api) : IClassFixture<TruceFixture>, IAsyncLifetime
{
    private const string Slug = "phase-bench";

    public async Task InitializeAsync()
    {
        if (await api.ScalarAsync<long>("SELECT count(*) FROM benchmarks WHERE slug = $1", Slug) > 0) return;
        // A truce with an extension to 2025-03-20, which depends on the benchmark.
        Assert.True((await api.Admin.PutAsJsonAsync("/api/truces/phase-truce", new { name = "Phase truce", start = "2025-03-01T00:00:00Z", end = "2025-03-10T00:00:00Z", source = "test" }))
            .IsSuccessStatusCode);
        Assert.True((await api.Admin.PostAsJsonAsync("/api/truces/phase-truce/extensions", new { newEnd = "2025-03-20T00:00:00Z", source = "test" })).IsSuccessStatusCode);
        var put = await api.Admin.PutAsJsonAsync($"/api/benchmarks/{Slug}", new
        {
            name = "Withdrawal from the test zone", zone = "test-withdrawal", requiredState = "idf_withdrawn", party = "alpha-force",
            dueAt = "2025-03-10T00:00:00Z", truce = "phase-truce", extension = "2025-03-20T00:00:00Z", source = "test",
        });
        Assert.True(put.StatusCode == HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
        // The later event is recorded first: what counts is the date of each event, not the order of recording.
        await EventAsync(new { at = "2025-03-12T00:00:00Z", status = "met", source = "monitor report 2", evidence = new { findings = new[] { "zone clear" } } });
        await EventAsync(new { at = "2025-03-05T00:00:00Z", status = "partially_met", source = "monitor report 1", evidence = new { links = new[] { "https://example.org/report-1" } } });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task EventAsync(object body)
    {
        var res = await api.Monitor.PostAsJsonAsync($"/api/benchmarks/{Slug}/events", body);
        Assert.True(res.StatusCode == HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> AsOfAsync(string asOf) =>
        (await TruceWorld.BodyAsync(await api.CreateClient().GetAsync($"/api/benchmarks?truce=phase-truce&asOf={Uri.EscapeDataString(asOf)}")))
        .GetProperty("benchmarks").EnumerateArray().Single(b => b.GetProperty("slug").GetString() == Slug);

    [Theory]
    [InlineData("2025-03-04T23:59:59Z", "pending", "pending", 0)]   // before the first event
    [InlineData("2025-03-05T00:00:00Z", "pending", "partially_met", 1)] // on it
    [InlineData("2025-03-09T23:59:59Z", "pending", "partially_met", 1)] // after it, before the due date
    [InlineData("2025-03-10T00:00:00Z", "overdue", "partially_met", 1)] // on the due date
    [InlineData("2025-03-11T23:59:59Z", "overdue", "partially_met", 1)] // after it, before the second event
    [InlineData("2025-03-12T00:00:00Z", "met", "met", 2)]               // on the second event
    [InlineData("2025-06-01T00:00:00Z", "met", "met", 2)]               // long after
    public async Task The_state_as_of_a_date_counts_only_the_events_dated_up_to_it(string asOf, string state, string reported, int events)
    {
        var b = await AsOfAsync(asOf);
        Assert.Equal(state, b.GetProperty("state").GetString());
        Assert.Equal(reported, b.GetProperty("reportedStatus").GetString());
        Assert.Equal(events, b.GetProperty("events").GetArrayLength());
        Assert.Equal(asOf, b.GetProperty("asOf").GetString());

        var data = await api.CreateClient().Data("query ($at: DateTime) { benchmark(slug: \"phase-bench\", asOf: $at) { state reportedStatus events { at status } } }", new { at = asOf });
        var g = data.GetProperty("benchmark");
        Assert.Equal(state.ToUpperInvariant(), g.GetProperty("state").GetString());
        Assert.Equal(reported.ToUpperInvariant(), g.GetProperty("reportedStatus").GetString());
        Assert.Equal(events, g.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task The_truce_page_shows_the_benchmarks_its_extensions_depend_on()
    {
        var truce = await TruceWorld.BodyAsync(await api.CreateClient().GetAsync("/api/truces/phase-truce"));
        var b = Assert.Single(truce.GetProperty("benchmarks").EnumerateArray());
        Assert.Equal(Slug, b.GetProperty("slug").GetString());
        Assert.Equal("2025-03-20T00:00:00Z", b.GetProperty("extension").GetString());
        Assert.Equal("met", b.GetProperty("state").GetString());
        var extension = Assert.Single(truce.GetProperty("extensions").EnumerateArray());
        Assert.Equal([Slug], extension.GetProperty("benchmarks").EnumerateArray().Select(x => x.GetString()));

        var data = await api.CreateClient().Data("""
            { truce(slug: "phase-truce") { benchmarks(asOf: "2025-03-11T00:00:00Z") { slug state zone { slug } extension { newEnd } truce { slug } } } }
            """);
        var g = Assert.Single(data.GetProperty("truce").GetProperty("benchmarks").EnumerateArray());
        Assert.Equal("OVERDUE", g.GetProperty("state").GetString());
        Assert.Equal("test-withdrawal", g.GetProperty("zone").GetProperty("slug").GetString());
        Assert.Equal("2025-03-20T00:00:00Z", g.GetProperty("extension").GetProperty("newEnd").GetString());
        Assert.Equal("phase-truce", g.GetProperty("truce").GetProperty("slug").GetString());
    }

    private async Task<string> StateAsync() => await api.ScalarAsync<string>("""
        SELECT (SELECT coalesce(string_agg(slug || updated_at, ',' ORDER BY slug), '') FROM benchmarks) || '|' || (SELECT count(*) FROM benchmark_events)
        """);

    public static TheoryData<string, string> BadBenchmarks() => new()
    {
        { """{"name":"x","zone":"no-such-zone","requiredState":"idf_withdrawn","dueAt":"2025-03-10","source":"t"}""", "zone" },
        { """{"name":"x","zone":"test-withdrawal","requiredState":"idf_withdrawn","dueAt":"2025-03-10","truce":"no-such-truce","source":"t"}""", "truce" },
        { """{"name":"x","zone":"test-withdrawal","requiredState":"idf_withdrawn","dueAt":"2025-03-10","truce":"phase-truce","extension":"2025-03-21T00:00:00Z","source":"t"}""", "extension" },
        { """{"name":"x","zone":"test-withdrawal","requiredState":"idf_withdrawn","party":"no-such-party","dueAt":"2025-03-10","source":"t"}""", "party" },
        { """{"name":"x","zone":"test-withdrawal","requiredState":"idf_withdrawn","dueAt":"soon","source":"t"}""", "dueAt" },
        { """{"name":"x","zone":"test-withdrawal","requiredState":"idf_withdrawn","dueAt":"2025-03-10","forbids":["picnic"],"party":"alpha-force","source":"t"}""", "forbids" },
        { """{"name":"x","zone":"test-withdrawal","requiredState":"idf_withdrawn","dueAt":"2025-03-10"}""", "source" },
        { """{"name":"x","zone":"Not A Slug","requiredState":"idf_withdrawn","dueAt":"2025-03-10","source":"t"}""", "zone" },
    };

    [Theory]
    [MemberData(nameof(BadBenchmarks))]
    public async Task A_bad_benchmark_is_a_422_naming_the_field_and_nothing_is_written(string body, string field)
    {
        var before = await StateAsync();
        var res = await api.Admin.PutAsync("/api/benchmarks/bad-bench", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == HttpStatusCode.UnprocessableEntity, text);
        Assert.Contains(field, JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task A_bad_event_names_the_field_an_unknown_benchmark_is_404_and_nothing_is_written()
    {
        var id = await api.ScalarAsync<long>("INSERT INTO incidents (source, external_id, occurred_at, geom, event_type, sub_event_type) VALUES ('bench-ev', 'e1', '2025-03-01', ST_SetSRID(ST_MakePoint(35.5, 33.5), 4326), 'Battles', 'Armed clash') RETURNING id");
        var before = await StateAsync();
        var bad = await api.Monitor.PostAsJsonAsync($"/api/benchmarks/{Slug}/events", new { at = "2025-03-06T00:00:00Z", status = "met", source = "x", evidence = new { incidents = new[] { id, 987654321 } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal("evidence.incidents[1]", (await TruceWorld.BodyAsync(bad)).GetProperty("errors")[0].GetProperty("field").GetString());
        var status = await api.Monitor.PostAsJsonAsync($"/api/benchmarks/{Slug}/events", new { at = "2025-03-06T00:00:00Z", status = "done", source = "x" });
        Assert.Equal("status", (await TruceWorld.BodyAsync(status)).GetProperty("errors")[0].GetProperty("field").GetString());
        var future = await api.Monitor.PostAsJsonAsync($"/api/benchmarks/{Slug}/events", new { at = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), status = "met", source = "x" });
        Assert.Equal("at", (await TruceWorld.BodyAsync(future)).GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await api.Monitor.PostAsJsonAsync("/api/benchmarks/no-bench/events", new { at = "2025-03-06T00:00:00Z", status = "met", source = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Alpha.PostAsJsonAsync($"/api/benchmarks/{Slug}/events", new { at = "2025-03-06T00:00:00Z", status = "met", source = "x" })).StatusCode);
        Assert.Equal(before, await StateAsync());
        // Evidence that exists is kept with the event (on another benchmark: the dates of phase-bench's events are the theory's).
        Assert.Equal(HttpStatusCode.Created, (await api.Admin.PutAsJsonAsync("/api/benchmarks/evidence-bench",
            new { name = "Evidence", zone = "test-scope", requiredState = "weapons_cleared", dueAt = "2025-04-02T00:00:00Z", source = "t" })).StatusCode);
        var ok = await api.Monitor.PostAsJsonAsync("/api/benchmarks/evidence-bench/events", new { at = "2025-03-13T00:00:00Z", status = "met", source = "x", evidence = new { incidents = new[] { id } } });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.Equal(id, (await TruceWorld.BodyAsync(ok)).GetProperty("events").EnumerateArray().Last().GetProperty("evidence").GetProperty("incidents")[0].GetInt64());
    }

    [Fact]
    public async Task Unknown_filters_are_404_naming_the_parameter_and_a_bad_date_is_400()
    {
        var missing = await api.CreateClient().GetAsync("/api/benchmarks?truce=no-such-truce");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("truce", (await TruceWorld.BodyAsync(missing)).GetProperty("parameter").GetString());
        var bad = await api.CreateClient().GetAsync("/api/benchmarks?asOf=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("asOf", (await TruceWorld.BodyAsync(bad)).GetProperty("parameter").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await api.CreateClient().GetAsync("/api/benchmarks/no-such-benchmark")).StatusCode);
    }

    [Fact]
    public async Task A_zone_or_truce_a_benchmark_depends_on_cannot_be_deleted_under_it()
    {
        var zone = await api.Admin.DeleteAsync("/api/zones/test-withdrawal");
        Assert.Equal(HttpStatusCode.Conflict, zone.StatusCode);
        Assert.Contains("benchmark phase-bench", (await TruceWorld.BodyAsync(zone)).GetProperty("dependents").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await api.Admin.DeleteAsync("/api/truces/phase-truce")).StatusCode);
    }

    [Fact]
    public async Task A_benchmark_is_replaced_keeping_its_events_and_deleted_with_them()
    {
        var body = new JsonObject { ["name"] = "Temporary", ["zone"] = "test-scope", ["requiredState"] = "weapons_cleared", ["dueAt"] = "2025-04-02T00:00:00Z", ["source"] = "t" };
        Assert.Equal(HttpStatusCode.Created, (await api.Admin.PutAsJsonAsync("/api/benchmarks/temp-bench", body)).StatusCode);
        await api.Monitor.PostAsJsonAsync("/api/benchmarks/temp-bench/events", new { at = "2025-04-01T00:00:00Z", status = "not_met", source = "t" });
        body["requiredState"] = "LAF deployed with heavy weapons removed";
        var replaced = await api.Admin.PutAsJsonAsync("/api/benchmarks/temp-bench", body);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var b = await TruceWorld.BodyAsync(replaced);
        Assert.Equal("LAF deployed with heavy weapons removed", b.GetProperty("requiredState").GetString());
        Assert.Equal(1, b.GetProperty("events").GetArrayLength());
        Assert.Empty(b.GetProperty("forbids").EnumerateArray());
        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin.DeleteAsync("/api/benchmarks/temp-bench")).StatusCode);
        Assert.Equal(0L, await api.ScalarAsync<long>("SELECT count(*) FROM benchmark_events e JOIN benchmarks b ON b.id = e.benchmark_id WHERE b.slug = 'temp-bench'"));
        Assert.Equal(HttpStatusCode.NotFound, (await api.Admin.DeleteAsync("/api/benchmarks/temp-bench")).StatusCode);
    }
}
