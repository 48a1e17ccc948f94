using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using static GeoMonitor.Api.Tests.Uploads.BadInputTests;
using static GeoMonitor.Api.Tests.Uploads.UploadWorld;

namespace GeoMonitor.Api.Tests.Uploads;

public sealed class BatchUploadTests(UploadFixture api) : IClassFixture<UploadFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => SeedAsync(api);
    public Task DisposeAsync() => Task.CompletedTask;

    // MGRS of hand-placed points, from cs2cs (EPSG:4326 input is "lat lon"), letters derived by hand (zone 36, set 6:
    // column 7 → Y; row 36 → (16 + 5) mod 20 → B), truncated to 1 m:
    // echo "33.118033225 35.5" | cs2cs -f "%.3f" EPSG:4326 EPSG:32636 → 733258.186 3667153.715 (2,000 m north of the line)
    private const string North2000 = "36S YB 33258 67153";
    // echo "33.086475047 35.5" | cs2cs -f "%.3f" EPSG:4326 EPSG:32636 → 733341.642 3663653.761 (1,500 m south of the line)
    private const string South1500 = "36S YB 33341 63653";
    // echo "33.15 35.52" | cs2cs -f "%.3f" EPSG:4326 EPSG:32636 → 735039.450 3670743.727 (inside test-box)
    private const string InBox = "36S YB 35039 70743";

    private static string DayCsv(string source) => $"""
        source,externalId,occurredAt,eventType,subEventType,actor1,fatalities,mgrs,notes
        {source},d-1,2024-12-01T06:10:00+02:00,Explosions/Remote violence,Shelling/artillery/missile attack,Military Forces of Israel (2022-),0,{North2000},"shelling near the line, two impacts"
        {source},d-2,2024-12-01T09:45:00+02:00,Explosions/Remote violence,Air/drone strike,Military Forces of Israel (2022-),2,{InBox},"غارة بطائرة مسيرة"
        {source},d-3,2024-12-01T13:20:00+02:00,Strategic developments,Disrupted weapons use,Military Forces of Israel (2022-),0,{South1500},"יירוט — interception"

        """;

    [Fact]
    public async Task A_days_csv_with_mgrs_is_stored_and_listed_with_zones_and_blue_line_distance()
    {
        var client = await api.CreateClientAsAsync(Role.Reporter, "team-csv");
        var res = await client.PostAsync("/api/incidents/batch", Raw(DayCsv("day-team"), "text/csv"));

        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == HttpStatusCode.OK, text);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(3, body.GetProperty("received").GetInt32());
        Assert.Equal(3, body.GetProperty("created").GetInt32());
        Assert.Equal([1, 2, 3], body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("row").GetInt32()));

        // Listed by the read API (a key of the reporting organisation sees its reports before publication), with the
        // stored enrichment.
        var reader = await api.CreateClientAsAsync(Role.Reader, "day-desk", await api.ScalarAsync<string>("SELECT organisation FROM api_keys WHERE name = 'team-csv'"));
        var list = await BodyAsync(await reader.GetAsync("/api/incidents?source=day-team&order=asc"));
        var features = list.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(3, features.Count);
        var p = features.Select(f => f.GetProperty("properties")).ToDictionary(x => x.GetProperty("externalId").GetString()!);
        Assert.Equal(2000, p["d-1"].GetProperty("blueLineDistanceM").GetDouble(), 1.0);
        Assert.Equal("north", p["d-1"].GetProperty("blueLineSide").GetString());
        Assert.Equal(["test-box"], p["d-1"].GetProperty("zones").EnumerateArray().Select(z => z.GetString()));
        Assert.Equal(["test-box"], p["d-2"].GetProperty("zones").EnumerateArray().Select(z => z.GetString()));
        Assert.Equal(1500, p["d-3"].GetProperty("blueLineDistanceM").GetDouble(), 1.0);
        Assert.Equal("south", p["d-3"].GetProperty("blueLineSide").GetString());
        Assert.Empty(p["d-3"].GetProperty("zones").EnumerateArray());
        Assert.Equal(["test-truce"], p["d-3"].GetProperty("truces").EnumerateArray().Select(z => z.GetString()));

        // Stored as sent: the MGRS text, the local time as an instant, the quoted comma, Arabic and Hebrew.
        Assert.Equal(North2000, await api.ScalarAsync<string>("SELECT raw_coordinate FROM incidents WHERE source = 'day-team' AND external_id = 'd-1'"));
        Assert.Equal("MGRS", await api.ScalarAsync<string>("SELECT raw_crs FROM incidents WHERE source = 'day-team' AND external_id = 'd-1'"));
        Assert.Equal(new DateTime(2024, 12, 1, 4, 10, 0, DateTimeKind.Utc),
            await api.ScalarAsync<DateTime>("SELECT occurred_at FROM incidents WHERE source = 'day-team' AND external_id = 'd-1'"));
        Assert.Equal("shelling near the line, two impacts", await api.ScalarAsync<string>("SELECT notes FROM incidents WHERE source = 'day-team' AND external_id = 'd-1'"));
        Assert.Equal("غارة بطائرة مسيرة", await api.ScalarAsync<string>("SELECT notes FROM incidents WHERE source = 'day-team' AND external_id = 'd-2'"));
        Assert.Equal("יירוט — interception", await api.ScalarAsync<string>("SELECT notes FROM incidents WHERE source = 'day-team' AND external_id = 'd-3'"));
        Assert.Equal(3L, await api.ScalarAsync<long>(
            "SELECT count(*) FROM incident_revisions r JOIN incidents i ON i.id = r.incident_id WHERE i.source = 'day-team' AND r.action = 'create' AND r.changed_by = 'team-csv'"));
        // The create revision holds every stored field as {from: null, to: value}, absent ones left out, as a single upload's.
        var changes = JsonDocument.Parse(await api.ScalarAsync<string>("""
            SELECT r.changes::text FROM incident_revisions r JOIN incidents i ON i.id = r.incident_id
            WHERE i.source = 'day-team' AND i.external_id = 'd-2' AND r.action = 'create'
            """)).RootElement;
        Assert.Equal("غارة بطائرة مسيرة", changes.GetProperty("notes").GetProperty("to").GetString());
        Assert.Equal(JsonValueKind.Null, changes.GetProperty("notes").GetProperty("from").ValueKind);
        Assert.Equal(2, changes.GetProperty("fatalities").GetProperty("to").GetInt32());
        Assert.Equal(InBox, changes.GetProperty("location").GetProperty("to").GetProperty("raw").GetString());
        Assert.Equal(await api.ScalarAsync<double>("SELECT ST_X(geom) FROM incidents WHERE source = 'day-team' AND external_id = 'd-2'"),
            changes.GetProperty("location").GetProperty("to").GetProperty("lon").GetDouble());
        Assert.Equal("2024-12-01T07:45:00.000000Z", changes.GetProperty("occurredAt").GetProperty("to").GetString());
        Assert.False(changes.TryGetProperty("uncertaintyM", out _));
        Assert.False(changes.TryGetProperty("actor2", out _));
    }

    [Fact]
    public async Task The_enrichment_computed_by_a_batch_is_what_gm_enrich_incidents_computes()
    {
        // On the line (a vertex), north and south of it, inside the zone, a second each side of the truce's start;
        // plus a scoped truce and a corridor placed here, so that every branch of the enrichment is exercised.
        await using (var cmd = api.Db.CreateCommand("""
            INSERT INTO truces (slug, name, during, scope, source)
            VALUES ('scoped-truce', 'Scoped', tstzrange('2024-11-01T00:00:00Z', NULL, '[)'), ARRAY['test-box'], 'test') ON CONFLICT DO NOTHING;
            INSERT INTO corridors (slug, name, route, width_m, source)
            VALUES ('eq-corridor', 'Corridor', ST_GeomFromText('MULTILINESTRING((35.50 33.14, 35.53 33.14))', 4326), 1000, 'test') ON CONFLICT DO NOTHING;
            """)) await cmd.ExecuteNonQueryAsync();
        var csv = $"""
            source,externalId,occurredAt,eventType,subEventType,lon,lat,mgrs
            equiv,1,2024-12-01T10:00:00Z,Battles,Armed clash,35.5,33.1,
            equiv,2,2024-12-01T10:00:00Z,Battles,Armed clash,,,{North2000}
            equiv,3,2024-11-26T21:59:59Z,Battles,Armed clash,,,{South1500}
            equiv,4,2024-11-26T22:00:01Z,Battles,Armed clash,,,{InBox}
            equiv,5,2024-10-01T00:00:00Z,Battles,Armed clash,35.515,33.14,
            equiv,6,2024-12-01T10:00:00Z,Battles,Armed clash,36.5,34.5,
            """;
        Assert.Equal(HttpStatusCode.OK, (await (await api.CreateClientAsAsync(Role.Reporter)).PostAsync("/api/incidents/batch", Raw(csv, "text/csv"))).StatusCode);
        const string snapshot = """
            SELECT string_agg(concat_ws('|', external_id, zone_slugs::text, corridor_slugs::text, truce_slugs::text,
                                        round(blue_line_distance_m::numeric, 6), blue_line_side), E'\n' ORDER BY external_id)
            FROM incidents WHERE source = 'equiv'
            """;
        var byBatch = await api.ScalarAsync<string>(snapshot);

        await api.ScalarAsync<int>("SELECT gm_enrich_incidents(NULL)");

        Assert.Equal(byBatch, await api.ScalarAsync<string>(snapshot));
        Assert.Contains("1|{test-box}|{}|{scoped-truce,test-truce}|0.000000|on_line", byBatch);
        Assert.Contains("5|{test-box}|{eq-corridor}|{}|", byBatch);
    }

    [Fact]
    public async Task Concurrent_overlapping_batches_store_each_row_once_and_answer_unchanged_for_the_others()
    {
        // Eight batches at once, each of 300 rows, every one overlapping the next by half: rows 0–1,349 in all. Whichever
        // transaction stores a key first, the others meet it stored (before their snapshot, or by a unique violation and
        // a new attempt) and answer that row unchanged, with the same id.
        static string Csv(int from) => "source,externalId,occurredAt,eventType,subEventType,lon,lat\n" + string.Concat(Enumerable.Range(from, 300).Select(i =>
            FormattableString.Invariant($"race,r-{i},2024-12-01T10:00:00Z,Battles,Armed clash,{35.2 + i * 0.0005},33.15\n")));
        var client = await api.CreateClientAsAsync(Role.Reporter);
        var start = new TaskCompletionSource();
        var tasks = Enumerable.Range(0, 8).Select(async b =>
        {
            await start.Task;
            var res = await client.PostAsync("/api/incidents/batch", Raw(Csv(b * 150), "text/csv"));
            Assert.True(res.StatusCode == HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
            return (From: b * 150, Body: await BodyAsync(res));
        }).ToList();
        start.SetResult();
        var results = await Task.WhenAll(tasks);

        var ids = new Dictionary<int, long>();
        var created = 0;
        foreach (var (from, body) in results)
            foreach (var item in body.GetProperty("items").EnumerateArray())
            {
                var key = from + item.GetProperty("row").GetInt32() - 1;
                var id = item.GetProperty("id").GetInt64();
                if (item.GetProperty("result").GetString() == "created") created++;
                Assert.Equal(ids.GetValueOrDefault(key, id), id);
                ids[key] = id;
            }
        Assert.Equal(1350, ids.Count);
        Assert.Equal(1350, created);
        Assert.Equal(1350L, await api.ScalarAsync<long>("SELECT count(*) FROM incidents WHERE source = 'race'"));
        Assert.Equal(1350L, await api.ScalarAsync<long>(
            "SELECT count(*) FROM incident_revisions r JOIN incidents i ON i.id = r.incident_id WHERE i.source = 'race' AND r.action = 'create'"));
    }

    [Fact]
    public async Task With_one_pooled_connection_a_batch_is_enriched_on_its_own_connection_and_stored_the_same()
    {
        // The enrichment runs on a second connection; a pool that has none to give must not stall the batch.
        await using var single = GeoMonitor.Api.Infrastructure.Database.GeoDataSource.Create(new Npgsql.NpgsqlConnectionStringBuilder(api.ConnectionString) { MaxPoolSize = 1 }.ConnectionString);
        var store = new GeoMonitor.Api.Features.Uploads.BatchWriteStore(single);
        var rows = Enumerable.Range(1, 2500).Select(i => new GeoMonitor.Api.Features.Uploads.BatchRow(i, i + 1, new GeoMonitor.Api.Features.Uploads.NewIncident(
            "one-connection", $"o-{i}", new DateTime(2024, 12, 1, 10, 0, 0, DateTimeKind.Utc), 1, 35.4 + (i + 0.5) * 0.0001, 33.15, 1, null,
            "Battles", "Armed clash", null, null, 0, null, null, "lon lat", "EPSG:4326"))).ToList();

        var outcome = await store.WriteAsync(rows, "one-connection-key", null, partial: false, CancellationToken.None);

        Assert.True(outcome.Committed);
        Assert.Equal(2500, outcome.Stored.Count(s => s.Value.Created));
        // test-box spans lon 35.45–35.55: rows 500–1,499 (lon 35.45005–35.54995, none on its edge) are in it.
        Assert.Equal(1000L, await api.ScalarAsync<long>("SELECT count(*) FROM incidents WHERE source = 'one-connection' AND 'test-box' = ANY (zone_slugs)"));
        Assert.Equal(0, await api.ScalarAsync<int>("SELECT gm_enrich_incidents(array_agg(id)) FROM incidents WHERE source = 'one-connection'"));
    }

    [Fact]
    public async Task Uploading_the_same_csv_again_changes_nothing()
    {
        var client = await api.CreateClientAsAsync(Role.Reporter);
        var first = await BodyAsync(await client.PostAsync("/api/incidents/batch", Raw(DayCsv("again-team"), "text/csv")));
        var before = await CountsAsync(api);

        var res = await client.PostAsync("/api/incidents/batch", Raw(DayCsv("again-team"), "text/csv"));

        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var body = await BodyAsync(res);
        Assert.Equal(0, body.GetProperty("created").GetInt32());
        Assert.Equal(3, body.GetProperty("unchanged").GetInt32());
        Assert.Equal(first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()),
            body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal(before, await CountsAsync(api));
    }

    [Fact]
    public async Task A_batch_says_where_its_time_went_in_server_timing()
    {
        var client = await api.CreateClientAsAsync(Role.Reporter);
        var res = await client.PostAsync("/api/incidents/batch", Raw(DayCsv("timing-team"), "text/csv"));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var phases = string.Join(", ", res.Headers.GetValues("Server-Timing")).Split(", ")
            .Select(p => p.Split(";dur=")).ToDictionary(p => p[0], p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
        // Every phase a batch of new rows passes through, each a duration.
        foreach (var phase in new[] { "read", "enrich", "wait", "copy", "revisions", "compare", "assign", "commit" })
            Assert.True(phases.TryGetValue(phase, out var ms) && ms >= 0, $"{phase} missing from {string.Join(", ", phases.Keys)}");

        // A batch refused for its rows still says how long reading them took, and writes nothing.
        var refused = await client.PostAsync("/api/incidents/batch", Raw(BrokenCsv, "text/csv"));
        Assert.Equal(422, (int)refused.StatusCode);
        Assert.StartsWith("read;dur=", string.Join(", ", refused.Headers.GetValues("Server-Timing")));
    }

    private const string BrokenCsv = $"""
        source,externalId,occurredAt,eventType,subEventType,fatalities,mgrs
        broken,b-1,2024-12-01,Battles,Armed clash,0,{InBox}
        broken,b-2,2024-12-01,Fights,Armed clash,0,{InBox}
        broken,b-3,2024-12-01,Battles,Armed clash,-4,{InBox}
        broken,b-4,2024-12-01,Battles,Armed clash,0,36S YB 33033
        broken,b-5,2999-12-01,Battles,Armed clash,0,{InBox}
        broken,b-6,2024-12-01,Battles,Armed clash,1,{North2000}
        """;

    [Fact]
    public async Task A_broken_csv_is_refused_with_every_bad_row_named_and_nothing_stored()
    {
        var before = await CountsAsync(api);
        var res = await (await api.CreateClientAsAsync(Role.Reporter)).PostAsync("/api/incidents/batch", Raw(BrokenCsv, "text/csv"));

        var p = await AssertProblem(res, 422, "invalid-batch");
        var errors = p.GetProperty("errors").EnumerateArray()
            .Select(e => (Row: e.GetProperty("row").GetInt32(), Field: e.GetProperty("field").GetString(), Line: e.GetProperty("line").GetInt64())).ToList();
        Assert.Equal([(2, "eventType", 3L), (3, "fatalities", 4L), (4, "mgrs", 5L), (5, "occurredAt", 6L)], errors);
        Assert.Contains("4 of 6", p.GetProperty("detail").GetString());
        Assert.Equal(before, await CountsAsync(api));
    }

    [Fact]
    public async Task With_partial_the_good_rows_are_stored_and_the_bad_listed()
    {
        var csv = BrokenCsv.Replace("broken", "partial");
        var res = await (await api.CreateClientAsAsync(Role.Reporter)).PostAsync("/api/incidents/batch?partial=true", Raw(csv, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var body = await BodyAsync(res);
        Assert.Equal(2, body.GetProperty("created").GetInt32());
        Assert.Equal(4, body.GetProperty("rejected").GetInt32());
        Assert.Equal([2, 3, 4, 5], body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("row").GetInt32()));
        Assert.Equal(2L, await api.ScalarAsync<long>("SELECT count(*) FROM incidents WHERE source = 'partial'"));
    }

    [Fact]
    public async Task A_row_contradicting_a_stored_report_fails_the_whole_batch_unless_partial()
    {
        var client = await api.CreateClientAsAsync(Role.Reporter);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/incidents",
            Json(Report("c-2", o => { o["source"] = "contra"; o["fatalities"] = 5; })))).StatusCode);
        var csv = $"""
            source,externalId,occurredAt,eventType,subEventType,fatalities,lon,lat
            contra,c-1,2024-12-01T10:00:00Z,Battles,Armed clash,0,35.52,33.15
            contra,c-2,2024-12-01T10:00:00Z,Battles,Armed clash,0,35.52,33.15
            """;
        var before = await CountsAsync(api);

        var p = await AssertProblem(await client.PostAsync("/api/incidents/batch", Raw(csv, "text/csv")), 422, "invalid-batch");
        var e = Assert.Single(p.GetProperty("errors").EnumerateArray());
        Assert.Equal(2, e.GetProperty("row").GetInt32());
        Assert.Contains("PATCH /api/incidents/", e.GetProperty("message").GetString());
        Assert.Equal(before, await CountsAsync(api));

        var res = await client.PostAsync("/api/incidents/batch?partial=true", Raw(csv, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal(1, (await BodyAsync(res)).GetProperty("created").GetInt32());
        Assert.Equal(5, await api.ScalarAsync<int>("SELECT fatalities FROM incidents WHERE source = 'contra' AND external_id = 'c-2'"));
    }

    [Fact]
    public async Task Repeated_rows_in_one_batch_are_unchanged_when_identical_and_refused_when_not()
    {
        var client = await api.CreateClientAsAsync(Role.Reporter);
        var csv = """
            source,externalId,occurredAt,eventType,subEventType,lon,lat
            rep,r-1,2024-12-01,Battles,Armed clash,35.52,33.15
            rep,r-1,2024-12-01,Battles,Armed clash,35.52,33.15
            """;
        var body = await BodyAsync(await client.PostAsync("/api/incidents/batch", Raw(csv, "text/csv")));
        Assert.Equal(1, body.GetProperty("created").GetInt32());
        Assert.Equal(1, body.GetProperty("unchanged").GetInt32());
        Assert.Single(body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).Distinct());

        var contradicting = csv.Replace("r-1", "r-2").TrimEnd()[..^5] + "33.16";
        var p = await AssertProblem(await client.PostAsync("/api/incidents/batch", Raw(contradicting, "text/csv")), 422, "invalid-batch");
        Assert.Contains("row 1", p.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal(0L, await api.ScalarAsync<long>("SELECT count(*) FROM incidents WHERE source = 'rep' AND external_id = 'r-2'"));
    }

    [Fact]
    public async Task An_hxl_hashtag_row_and_acled_column_names_are_understood()
    {
        var csv = """
            source,event_id_cnty,event_date,event_type,sub_event_type,actor1,latitude,longitude,fatalities,notes
            #meta+source,#meta+id,#date+occurred,#event+type,#event+type+sub,#group+name+first,#geo+lat,#geo+lon,#affected+killed,#description
            hxl-team,LBN1,2024-12-02,Battles,Armed clash,Hezbollah,33.15,35.52,1,"clash, east of the box"
            """;
        var res = await (await api.CreateClientAsAsync(Role.Reporter)).PostAsync("/api/incidents/batch", Raw(csv, "text/csv; charset=utf-8"));

        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal(1, (await BodyAsync(res)).GetProperty("created").GetInt32());
        Assert.Equal("Hezbollah", await api.ScalarAsync<string>("SELECT actor1 FROM incidents WHERE source = 'hxl-team' AND external_id = 'LBN1'"));
        Assert.Equal(35.52, await api.ScalarAsync<double>("SELECT ST_X(geom) FROM incidents WHERE source = 'hxl-team'"), 9);
    }

    [Fact]
    public async Task A_hashtag_row_alone_names_the_columns()
    {
        var csv = """
            #meta+source,#meta+id,#date+occurred,#event+type,#event+sub+type,#geo+lat,#geo+lon
            hxl-only,H1,2024-12-02,Battles,Armed clash,33.15,35.52
            """;
        var res = await (await api.CreateClientAsAsync(Role.Reporter)).PostAsync("/api/incidents/batch", Raw(csv, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal(1L, await api.ScalarAsync<long>("SELECT count(*) FROM incidents WHERE source = 'hxl-only'"));
    }

    [Fact]
    public async Task A_byte_order_mark_and_crlf_line_ends_are_accepted()
    {
        var csv = "\uFEFFsource,externalId,occurredAt,eventType,subEventType,lon,lat\r\nbom-team,B1,2024-12-02,Battles,Armed clash,35.52,33.15\r\n";
        var res = await (await api.CreateClientAsAsync(Role.Reporter)).PostAsync("/api/incidents/batch", Raw(csv, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal(1L, await api.ScalarAsync<long>("SELECT count(*) FROM incidents WHERE source = 'bom-team'"));
    }

    [Theory]
    [InlineData("source;externalId;occurredAt;eventType;subEventType;lon;lat\nx;1;2024-12-02;Battles;Armed clash;35.5;33.1\n", 400, "malformed-csv", "';' (semicolons)")]
    [InlineData("source\texternalId\toccurredAt\teventType\tsubEventType\tlon\tlat\nx\t1\t2024-12-02\tBattles\tArmed clash\t35.5\t33.1\n", 400, "malformed-csv", "tabs")]
    [InlineData("", 400, "empty-body", "empty")]
    [InlineData("source,externalId,occurredAt,eventType,subEventType,lon,lat\n", 400, "empty-body", "no rows")]
    [InlineData("source,externalId,occurredAt,eventType,subEventType,lon,lat\nx,1,2024-12-02,Battles,\"Armed clash,35.5,33.1\n", 400, "malformed-csv", "never closed")]
    [InlineData("source,externalId,when,eventType,subEventType,lon,lat\nx,1,2024-12-02,Battles,Armed clash,35.5,33.1\n", 422, "invalid-csv-header", "unknown column")]
    [InlineData("source,externalId,occurredAt,eventType,subEventType,lon,lat\nx,1,2024-12-02,Battles,Armed clash,35,5,33.1\n", 422, "invalid-batch", "cells")]
    public async Task Unusable_csv_files_are_refused(string csv, int status, string type, string message)
    {
        var before = await CountsAsync(api);
        var res = await (await api.CreateClientAsAsync(Role.Reporter)).PostAsync("/api/incidents/batch", Raw(csv, "text/csv"));
        var p = await AssertProblem(res, status, type);
        Assert.Contains(message, p.ToString());
        Assert.Equal(before, await CountsAsync(api));
    }

    [Fact]
    public async Task A_feature_collection_and_a_json_array_are_accepted()
    {
        var client = await api.CreateClientAsAsync(Role.Reporter);
        var props = Report("fc-1", o => { o["source"] = "json-team"; o.Remove("lon"); o.Remove("lat"); });
        var fc = new JsonObject
        {
            ["type"] = "FeatureCollection",
            ["features"] = new JsonArray(new JsonObject
            {
                ["type"] = "Feature",
                ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(35.52, 33.15) },
                ["properties"] = props,
            }),
        };
        var res = await client.PostAsync("/api/incidents/batch", Json(fc, "application/geo+json"));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);

        var array = new JsonArray(Report("arr-1", o => o["source"] = "json-team"), Report("arr-2", o => { o["source"] = "json-team"; o["mgrs"] = InBox; o.Remove("lon"); o.Remove("lat"); }));
        res = await client.PostAsync("/api/incidents/batch", Json(array));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal(3L, await api.ScalarAsync<long>("SELECT count(*) FROM incidents WHERE source = 'json-team'"));
    }

    [Fact]
    public async Task A_bad_item_in_a_json_array_is_named_by_its_position()
    {
        var array = new JsonArray(Report("ja-1"), Report("ja-2", o => o["fatalities"] = -1), Report("ja-3", o => o["lat"] = "33.1"));
        var before = await CountsAsync(api);
        var p = await AssertProblem(await (await api.CreateClientAsAsync(Role.Reporter)).PostAsync("/api/incidents/batch", Json(array)), 422, "invalid-batch");
        Assert.Equal([(2, "fatalities"), (3, "lat")],
            p.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("field").GetString())));
        Assert.Equal(before, await CountsAsync(api));
    }

    [Theory]
    [InlineData("application/xml")]
    [InlineData("text/plain")]
    public async Task Other_media_types_are_415(string mediaType)
    {
        var res = await (await api.CreateClientAsAsync(Role.Reporter)).PostAsync("/api/incidents/batch", Raw("<x/>", mediaType));
        await AssertProblem(res, 415, "unsupported-media-type");
    }

    [Fact]
    public async Task More_rows_than_the_limit_are_refused()
    {
        await using var small = await ApiFixture.StartAsync(new ApiHostOptions { LoadGeodata = false }.With("GeoMonitor:Uploads:MaxBatchRows", "2"));
        var client = await small.CreateClientAsAsync(Role.Reporter, "limit-test");
        var csv = "source,externalId,occurredAt,eventType,subEventType,lon,lat\n"
                  + string.Concat(Enumerable.Range(1, 3).Select(i => $"lim,{i},2024-12-02,Battles,Armed clash,35.52,33.15\n"));
        await AssertProblem(await client.PostAsync("/api/incidents/batch", Raw(csv, "text/csv")), 413, "too-many-rows");
        Assert.Equal(0L, await small.ScalarAsync<long>("SELECT count(*) FROM incidents WHERE source = 'lim'"));
    }

    [Theory]
    [InlineData(Role.Anonymous, HttpStatusCode.Unauthorized)]
    [InlineData(Role.Reader, HttpStatusCode.Forbidden)]
    [InlineData(Role.Reporter, HttpStatusCode.OK)]
    [InlineData(Role.Reviewer, HttpStatusCode.OK)]
    [InlineData(Role.Admin, HttpStatusCode.OK)]
    public async Task Batch_uploads_need_a_reporter_key(Role role, HttpStatusCode expected)
    {
        var csv = $"source,externalId,occurredAt,eventType,subEventType,lon,lat\nroles,{role},2024-12-02,Battles,Armed clash,35.52,33.15\n";
        var res = await (await api.CreateClientAsAsync(role)).PostAsync("/api/incidents/batch", Raw(csv, "text/csv"));
        Assert.Equal(expected, res.StatusCode);
    }

    [Fact]
    public async Task A_bad_partial_parameter_is_400()
    {
        var res = await (await api.CreateClientAsAsync(Role.Reporter)).PostAsync("/api/incidents/batch?partial=yes", Raw(DayCsv("x"), "text/csv"));
        var p = await AssertProblem(res, 400, "invalid-parameter");
        Assert.Equal("partial", p.GetProperty("parameter").GetString());
    }
}
