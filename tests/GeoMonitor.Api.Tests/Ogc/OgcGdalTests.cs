using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace GeoMonitor.Api.Tests.Ogc;

/// <summary>GDAL's OGR OAPIF driver (Debian's gdal-bin) reads /ogc on a real port: what QGIS and ogr2ogr users get.</summary>
public sealed partial class OgcGdalTests(KestrelApiFixture api) : IClassFixture<KestrelApiFixture>
{
    private static async Task<string> Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["GDAL_HTTP_TIMEOUT"] = "60";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(timeout.Token);
        Assert.True(p.ExitCode == 0, $"{tool} {string.Join(' ', args)} exited {p.ExitCode}: {await stderr}");
        return await stdout;
    }

    private static Dictionary<string, long> Counts(string ogrinfo) =>
        LayerCount().Matches(ogrinfo).ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    [Fact]
    public async Task Ogrinfo_lists_every_collection_with_the_count_of_visible_rows()
    {
        var counts = Counts(await Run("ogrinfo", "-ro", "-al", "-so", $"OAPIF:{api.BaseUrl}/ogc"));
        Assert.Equal(["lines", "zones", "corridors", "incidents"], counts.Keys);
        Assert.Equal(await api.ScalarAsync<long>("SELECT count(*) FROM lines"), counts["lines"]);
        Assert.Equal(await api.ScalarAsync<long>("SELECT count(*) FROM zones"), counts["zones"]);
        Assert.Equal(await api.ScalarAsync<long>("SELECT count(*) FROM corridors"), counts["corridors"]);
        // Anonymous: verified incidents only, as on every surface.
        Assert.Equal(await api.ScalarAsync<long>("SELECT count(*) FROM incidents WHERE status = 'published_verified'"), counts["incidents"]);
    }

    [Fact]
    public async Task Ogr2ogr_copies_the_incidents_of_one_truce_with_their_attributes_into_a_geopackage()
    {
        var truce = await api.ScalarAsync<string>("SELECT slug FROM truces ORDER BY lower(during) LIMIT 1");
        var expected = await api.ScalarAsync<long>(
            "SELECT count(*) FROM incidents i JOIN truces t ON t.during @> i.occurred_at WHERE t.slug = $1 AND i.status = 'published_verified'", truce);
        Assert.True(expected > 10, "the test needs more than one page of incidents in the truce");
        var dir = Directory.CreateTempSubdirectory("gm-gdal-");
        try
        {
            var gpkg = Path.Combine(dir.FullName, "out.gpkg");
            // The collection URL with the filter: GDAL repeats the query on every request (the QGIS way to open one truce).
            await Run("ogr2ogr", "-f", "GPKG", gpkg, $"OAPIF:{api.BaseUrl}/ogc/collections/incidents?truce={truce}");
            var info = await Run("ogrinfo", "-ro", "-so", "-al", gpkg);
            Assert.Equal(expected, Counts(info)["incidents"]);

            // Three rows, attribute by attribute, against the database.
            await using var cmd = api.Db.CreateCommand("""
                SELECT i.id, i.external_id, i.event_type, i.fatalities, ST_X(i.geom), ST_Y(i.geom)
                FROM incidents i JOIN truces t ON t.during @> i.occurred_at
                WHERE t.slug = $1 AND i.status = 'published_verified' ORDER BY i.occurred_at DESC, i.id LIMIT 3
                """);
            cmd.Parameters.AddWithValue(truce);
            await using var r = await cmd.ExecuteReaderAsync();
            var checkedRows = 0;
            while (await r.ReadAsync())
            {
                var row = await Run("ogrinfo", "-ro", "-q", "-al", gpkg, "-where", $"id = {r.GetInt64(0)}");
                Assert.Contains($"externalId (String) = {r.GetString(1)}", row);
                Assert.Contains($"eventType (String) = {r.GetString(2)}", row);
                Assert.Contains($"fatalities (Integer) = {r.GetInt32(3)}", row);
                var point = PointText().Match(row);
                Assert.True(point.Success, row);
                Assert.Equal(r.GetDouble(4), double.Parse(point.Groups[1].Value, CultureInfo.InvariantCulture), 5);
                Assert.Equal(r.GetDouble(5), double.Parse(point.Groups[2].Value, CultureInfo.InvariantCulture), 5);
                checkedRows++;
            }
            Assert.Equal(3, checkedRows);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"Layer name: (\w+)[\s\S]*?Feature Count: (\d+)")]
    private static partial Regex LayerCount();

    [GeneratedRegex(@"POINT \(([-\d.]+) ([-\d.]+)\)")]
    private static partial Regex PointText();
}
