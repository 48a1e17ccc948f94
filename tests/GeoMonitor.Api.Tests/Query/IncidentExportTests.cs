using System.Text;
using System.Text.Json;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.Query;

/// <summary>CSV and GeoJSONSeq carry exactly the features of the GeoJSON answer, without a page limit.</summary>
[Collection(QueryCollection.Name)]
public sealed class IncidentExportTests(QueryFixture api)
{
    [Theory]
    [InlineData("")]
    [InlineData("&zone=test-square&truce=test-truce")]
    [InlineData("&line=test-blue-line&lineDistance=1002")]
    public async Task Csv_has_the_same_rows_as_the_GeoJSON(string filter)
    {
        await api.ReadyAsync();
        var client = await api.CreateClientAsAsync(Role.Reader);
        var geo = Features(await client.GetJson($"/api/incidents?limit=10000{filter}"));

        // limit=1 is ignored by exports: they return every match.
        var res = await client.GetAsync($"/api/incidents?format=csv&limit=1{filter}");
        Assert.Equal("text/csv", res.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", res.Content.Headers.ContentDisposition?.DispositionType);
        var bytes = await res.Content.ReadAsByteArrayAsync();
        Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "no BOM");
        var records = Csv.Parse(Encoding.UTF8.GetString(bytes));
        var header = records[0];
        Assert.Equal("id", header[0]);
        Assert.Equal(["lon", "lat"], header[^2..]);
        var rows = records.Skip(1).ToList();
        Assert.Equal(geo.Count, rows.Count);
        foreach (var row in rows)
        {
            var f = geo[long.Parse(row[0])];
            var p = f.GetProperty("properties");
            string Col(string name) => row[Array.IndexOf(header, name)];
            Assert.Equal(p.GetProperty("externalId").GetString(), Col("externalId"));
            Assert.Equal(p.GetProperty("occurredAt").GetString(), Col("occurredAt"));
            Assert.Equal(p.GetProperty("status").GetString(), Col("status"));
            Assert.Equal(p.GetProperty("eventType").GetString(), Col("eventType"));
            Assert.Equal(p.GetProperty("notes").GetString(), Col("notes")); // comma, quotes and a line break survive
            Assert.Equal(p.GetProperty("blueLineDistanceM").GetDouble(), double.Parse(Col("blueLineDistanceM"), System.Globalization.CultureInfo.InvariantCulture));
            var c = f.GetProperty("geometry").GetProperty("coordinates");
            Assert.Equal(c[0].GetDouble(), double.Parse(Col("lon"), System.Globalization.CultureInfo.InvariantCulture), 1e-9);
            Assert.Equal(c[1].GetDouble(), double.Parse(Col("lat"), System.Globalization.CultureInfo.InvariantCulture), 1e-9);
        }
    }

    [Theory]
    [InlineData("format=geojsonseq", null)]
    [InlineData("", "application/geo+json-seq")]
    public async Task GeoJsonSeq_has_the_same_features_as_the_GeoJSON(string format, string? accept)
    {
        await api.ReadyAsync();
        var client = await api.CreateClientAsAsync(Role.Reader);
        var geo = Features(await client.GetJson("/api/incidents?limit=10000&zone=test-square"));
        var req = new HttpRequestMessage(HttpMethod.Get, $"/api/incidents?zone=test-square&limit=2&{format}");
        if (accept is not null) req.Headers.Add("Accept", accept);
        var res = await client.SendAsync(req);
        Assert.Equal("application/geo+json-seq", res.Content.Headers.ContentType?.MediaType);
        var text = await res.Content.ReadAsStringAsync();
        // RFC 8142: every text starts with RS and ends with LF.
        Assert.StartsWith("\u001e", text);
        Assert.EndsWith("\n", text);
        var parts = text.Split('\u001e', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(parts, p => Assert.EndsWith("\n", p));
        var seq = parts.Select(p => JsonDocument.Parse(p).RootElement.Clone()).ToList();
        Assert.Equal(geo.Count, seq.Count);
        foreach (var f in seq)
            Assert.Equal(geo[f.GetProperty("id").GetInt64()].GetRawText(), f.GetRawText());
    }

    [Fact]
    public async Task Accept_text_csv_selects_csv()
    {
        await api.ReadyAsync();
        var req = new HttpRequestMessage(HttpMethod.Get, "/api/incidents?zone=test-square");
        req.Headers.Add("Accept", "text/csv");
        var res = await api.CreateClient().SendAsync(req);
        Assert.Equal("text/csv", res.Content.Headers.ContentType?.MediaType);
    }

    private static Dictionary<long, JsonElement> Features(JsonElement fc) =>
        fc.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetInt64());

    /// <summary>A strict RFC 4180 reader (CRLF records, quoted fields with doubled quotes), written for the test.</summary>
    private static class Csv
    {
        public static List<string[]> Parse(string text)
        {
            var records = new List<string[]>();
            var fields = new List<string>();
            var sb = new StringBuilder();
            var i = 0;
            while (i < text.Length)
            {
                if (text[i] == '"')
                {
                    i++;
                    while (true)
                    {
                        if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"') { sb.Append('"'); i += 2; }
                        else if (text[i] == '"') { i++; break; }
                        else sb.Append(text[i++]);
                    }
                }
                else if (text[i] == ',') { fields.Add(sb.ToString()); sb.Clear(); i++; }
                else if (text[i] == '\r' && text[i + 1] == '\n')
                {
                    fields.Add(sb.ToString()); sb.Clear();
                    records.Add([.. fields]); fields.Clear();
                    i += 2;
                }
                else if (text[i] is '\n' or '\r') throw new FormatException($"bare line break at {i}");
                else sb.Append(text[i++]);
            }
            Assert.Empty(fields); // the last record ends with CRLF
            Assert.All(records, r => Assert.Equal(records[0].Length, r.Length));
            return records;
        }
    }
}
