using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Npgsql;

namespace GeoMonitor.Api.Tests.Faults;

/// <summary>Bodies and checks shared by the fault tests.</summary>
public static class FaultData
{
    /// <summary>
    /// A CSV batch of <paramref name="rows"/> valid reports under <paramref name="source"/>, spread over a grid inside the
    /// monitored region so that no two rows are the same report.
    /// </summary>
    public static ByteArrayContent Csv(string source, int rows)
    {
        var sb = new StringBuilder(rows * 90);
        sb.Append("source,externalId,occurredAt,eventType,subEventType,fatalities,lon,lat\n");
        for (var i = 0; i < rows; i++)
        {
            var lon = 35.2 + (i % 500) * 0.001;
            var lat = 33.0 + (i / 500) * 0.001;
            sb.Append(CultureInfo.InvariantCulture,
                $"{source},row-{i},2024-12-01T10:00:00Z,Explosions/Remote violence,Shelling/artillery/missile attack,0,{lon:F4},{lat:F4}\n");
        }
        var c = new ByteArrayContent(Encoding.UTF8.GetBytes(sb.ToString()));
        c.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return c;
    }

    /// <summary>A single report as JSON.</summary>
    public static StringContent Report(string source, string externalId) => new($$"""
        {"source":"{{source}}","externalId":"{{externalId}}","occurredAt":"2024-12-01T10:00:00Z",
         "eventType":"Explosions/Remote violence","subEventType":"Shelling/artillery/missile attack","fatalities":0,"lon":35.5,"lat":33.2}
        """, Encoding.UTF8, "application/json");

    /// <summary>A JSON array of reports with the given external ids.</summary>
    public static StringContent Batch(string source, IEnumerable<string> externalIds) => new(
        "[" + string.Join(",", externalIds.Select(id => $$"""
            {"source":"{{source}}","externalId":"{{id}}","occurredAt":"2024-12-01T10:00:00Z","eventType":"Battles","subEventType":"Armed clash","fatalities":0,"lon":35.6,"lat":33.3}
            """)) + "]", Encoding.UTF8, "application/json");

    /// <summary>How many incidents and how many revisions of them are stored under <paramref name="source"/>.</summary>
    public static async Task<(long Incidents, long Revisions)> CountBySourceAsync(NpgsqlDataSource db, string source)
    {
        await using var cmd = db.CreateCommand("""
            SELECT (SELECT count(*) FROM incidents WHERE source = $1),
                   (SELECT count(*) FROM incident_revisions r JOIN incidents i ON i.id = r.incident_id WHERE i.source = $1)
            """);
        cmd.Parameters.AddWithValue(source);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetInt64(0), r.GetInt64(1));
    }

    /// <summary>
    /// Waits until a backend of the API (application_name geomonitor) runs a statement containing <paramref name="fragment"/>,
    /// watching through <paramref name="observer"/> (a direct connection, not the one being cut). False when the
    /// statement was not seen before <paramref name="upload"/> finished or the time ran out.
    /// </summary>
    public static async Task<bool> WaitForStatementAsync(NpgsqlDataSource observer, string fragment, Task upload, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !upload.IsCompleted)
        {
            await using var cmd = observer.CreateCommand("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND application_name = 'geomonitor' AND state = 'active' AND position($1 in query) > 0
                """);
            cmd.Parameters.AddWithValue(fragment);
            if ((long)(await cmd.ExecuteScalarAsync())! > 0) return true;
            await Task.Delay(5);
        }
        return false;
    }

    /// <summary>Polls /health until it answers 200 (the API reconnects by itself) or the time runs out.</summary>
    public static async Task<bool> WaitHealthyAsync(HttpClient client, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await client.GetAsync("/health")).IsSuccessStatusCode) return true;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        return false;
    }
}
