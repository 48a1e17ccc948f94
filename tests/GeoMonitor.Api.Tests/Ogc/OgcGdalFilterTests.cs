using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GeoMonitor.Api.Tests.Ogc;

/// <summary>
/// GDAL's OAPIF driver (Debian's gdal-bin 3.6) as an independent CQL2 client: it reads the API definition, sees the
/// filter-lang parameter and the queryables offered as query parameters, and turns an OGR SQL <c>-where</c> into a CQL
/// text <c>filter</c> that the server evaluates. Its debug log (CPL_DEBUG) shows the URLs it fetched, so the tests
/// check that the filter really went to the server, and compare the counts with the REST API's equivalent filters.
/// </summary>
public sealed partial class OgcGdalFilterTests(KestrelApiFixture api) : IClassFixture<KestrelApiFixture>
{
    private const string Source = "gdal-hand";
    private static readonly Dictionary<KestrelApiFixture, Task> Placed = [];

    // Six incidents with known attributes: three battles (0, 2 and 5 killed), two in March 2024, one reported.
    private Task PlaceAsync()
    {
        lock (Placed)
        {
            if (!Placed.TryGetValue(api, out var task)) Placed[api] = task = Insert();
            return task;
        }

        async Task Insert()
        {
            (string Id, double Lon, string At, string Type, string Sub, int Killed, string Status)[] rows =
            [
                ("g1", 35.50, "2024-03-10T12:00:00Z", "Battles", "Armed clash", 0, "published_verified"),
                ("g2", 35.52, "2024-03-20T08:30:00Z", "Battles", "Armed clash", 2, "published_verified"),
                ("g3", 35.54, "2024-04-02T00:00:00Z", "Battles", "Armed clash", 5, "published_verified"),
                ("g4", 35.56, "2024-02-01T00:00:00Z", "Protests", "Peaceful protest", 0, "published_verified"),
                ("g5", 35.58, "2024-03-01T00:00:00Z", "Explosions/Remote violence", "Air/drone strike", 3, "published_verified"),
                ("g6", 35.60, "2024-03-12T00:00:00Z", "Battles", "Armed clash", 9, "reported"),
            ];
            foreach (var r in rows)
            {
                await using var cmd = api.Db.CreateCommand("""
                    INSERT INTO incidents (source, external_id, occurred_at, geom, event_type, sub_event_type, status, fatalities, location_name)
                    VALUES ($1, $2, $3, ST_SetSRID(ST_MakePoint($4, 33.2), 4326), $5, $6, $7, $8, 'hand-placed')
                    """);
                cmd.Parameters.AddWithValue(Source);
                cmd.Parameters.AddWithValue(r.Id);
                cmd.Parameters.AddWithValue(DateTime.Parse(r.At, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal));
                cmd.Parameters.AddWithValue(r.Lon);
                cmd.Parameters.AddWithValue(r.Type);
                cmd.Parameters.AddWithValue(r.Sub);
                cmd.Parameters.AddWithValue(r.Status);
                cmd.Parameters.AddWithValue(r.Killed);
                await cmd.ExecuteNonQueryAsync();
            }
            await using var enrich = api.Db.CreateCommand($"SELECT gm_enrich_incidents(array_agg(id)) FROM incidents WHERE source = '{Source}'");
            await enrich.ExecuteNonQueryAsync();
        }
    }

    private static async Task<(string Stdout, string Stderr)> Ogrinfo(params string[] args)
    {
        var psi = new ProcessStartInfo("ogrinfo") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["GDAL_HTTP_TIMEOUT"] = "60";
        psi.Environment["CPL_DEBUG"] = "ON";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(timeout.Token);
        Assert.True(p.ExitCode == 0, $"ogrinfo {string.Join(' ', args)} exited {p.ExitCode}: {await stderr}");
        return (await stdout, await stderr);
    }

    // The incidents GDAL read with -where, and the item URLs it fetched (from its HTTP debug lines).
    private async Task<(long Count, List<string> Urls, string Log)> GdalWhere(string where)
    {
        var (stdout, stderr) = await Ogrinfo("-ro", "-al", "-q", $"OAPIF:{api.BaseUrl}/ogc", "incidents", "-where", where);
        var count = FeatureLine().Matches(stdout).Count;
        var urls = FetchLine().Matches(stderr).Select(m => Uri.UnescapeDataString(m.Groups[1].Value))
            .Where(u => u.Contains("/collections/incidents/items", StringComparison.Ordinal)).ToList();
        return (count, urls, stderr);
    }

    private async Task<List<JsonElement>> Rest(string query)
    {
        using var client = new HttpClient();
        var doc = JsonDocument.Parse(await client.GetStringAsync($"{api.BaseUrl}/api/incidents?limit=10000&{query}")).RootElement;
        return [.. doc.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").Clone())];
    }

    [Fact]
    public async Task Ogrinfo_where_on_strings_and_integers_is_sent_as_a_cql_filter_and_counts_as_rest()
    {
        await PlaceAsync();
        var (count, urls, log) = await GdalWhere($"source = '{Source}' AND eventType = 'Battles' AND fatalities >= 2");
        Assert.Contains(urls, u => u.Contains("filter-lang=cql-text", StringComparison.Ordinal)
                                   && u.Contains("fatalities >= 2", StringComparison.Ordinal) && u.Contains("eventType = 'Battles'", StringComparison.Ordinal));
        Assert.DoesNotContain("evaluated on client side", log);
        // Known: g2 and g3 (g6 has 9 killed but is only reported, so not served without a key).
        Assert.Equal(2, count);
        var rest = await Rest($"source={Source}&eventType=Battles");
        Assert.Equal(rest.Count(p => p.GetProperty("fatalities").GetInt32() >= 2), count);
    }

    [Fact]
    public async Task Ogrinfo_where_with_like_or_and_not_goes_to_the_server()
    {
        await PlaceAsync();
        var (count, urls, log) = await GdalWhere($"source = '{Source}' AND (subEventType LIKE 'Air%' OR NOT (eventType = 'Battles'))");
        Assert.Contains(urls, u => u.Contains("LIKE 'Air%'", StringComparison.Ordinal) && u.Contains(" OR ", StringComparison.Ordinal));
        Assert.DoesNotContain("evaluated on client side", log);
        Assert.Equal(2, count); // g4 (a protest) and g5 (an air strike)
        var rest = await Rest($"source={Source}");
        Assert.Equal(rest.Count(p => p.GetProperty("subEventType").GetString()!.StartsWith("Air", StringComparison.Ordinal)
                                     || p.GetProperty("eventType").GetString() != "Battles"), count);
    }

    [Fact]
    public async Task Ogrinfo_where_on_a_datetime_sends_instants_the_server_reads()
    {
        await PlaceAsync();
        var (count, urls, log) = await GdalWhere($"source = '{Source}' AND occurredAt >= '2024-03-01T00:00:00Z' AND occurredAt < '2024-04-01T00:00:00Z'");
        Assert.Contains(urls, u => u.Contains("occurredAt >= '2024-03-01T00:00:00Z'", StringComparison.Ordinal));
        Assert.DoesNotContain("evaluated on client side", log);
        Assert.Equal(3, count); // g1, g2, g5
        var rest = await Rest($"source={Source}&from=2024-03-01T00:00:00Z&to=2024-04-01T00:00:00Z");
        Assert.Equal(rest.Count, count);
    }

    [Fact]
    public async Task Ogrinfo_where_over_the_sample_data_pages_with_the_filter_and_matches_rest()
    {
        // More matches than GDAL's page of 10, so the next links must carry the filter.
        var (count, urls, log) = await GdalWhere("eventType = 'Explosions/Remote violence' AND fatalities > 0");
        Assert.DoesNotContain("evaluated on client side", log);
        Assert.True(urls.Count(u => u.Contains("filter=", StringComparison.Ordinal)) >= 2, "GDAL followed next links that kept the filter:\n" + string.Join('\n', urls));
        var rest = await Rest("eventType=Explosions/Remote%20violence");
        var expected = rest.Count(p => p.GetProperty("fatalities").GetInt32() > 0);
        Assert.True(expected > 10, "more than one page of matches");
        Assert.Equal(expected, count);
    }

    [Fact]
    public async Task A_filter_in_the_connection_url_opens_that_selection_as_a_layer()
    {
        await PlaceAsync();
        var filter = Uri.EscapeDataString($"source = '{Source}' AND fatalities BETWEEN 1 AND 5");
        var (stdout, _) = await Ogrinfo("-ro", "-al", "-q", $"OAPIF:{api.BaseUrl}/ogc/collections/incidents?filter={filter}");
        Assert.Equal(3, FeatureLine().Matches(stdout).Count); // g2 (2), g3 (5), g5 (3); g6 is only reported
    }

    [GeneratedRegex(@"^OGRFeature\(incidents\):", RegexOptions.Multiline)]
    private static partial Regex FeatureLine();

    [GeneratedRegex(@"HTTP: Fetch\((\S+)\)")]
    private static partial Regex FetchLine();
}
