using System.Text.Json;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Api.Tests.Infrastructure;
using Npgsql;

namespace GeoMonitor.Api.Tests.Uploads;

/// <summary>
/// The batch's key check (is this row's source and externalId stored already?) must cost a probe of the key index per
/// row, not a read of every stored incident: a hashed subplan reads and hashes the whole table for each chunk of a batch,
/// so a chunk's cost grows with the table (the upload bench slowed run after run as its database grew). Measured on the
/// statement's own plan, with more stored incidents than points, and its answers checked.
/// </summary>
public sealed class BatchKeyCheckTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const int Stored = 40_000, Points = 2_000;

    [Fact]
    public async Task The_key_check_reads_one_index_entry_per_point_whatever_the_number_of_stored_incidents()
    {
        await api.ExecAsync($"""
            INSERT INTO incidents (source, external_id, occurred_at, geom, event_type, sub_event_type, created_by, updated_by)
            SELECT 'kc-stored', 'k-' || n, '2024-12-01T10:00:00Z', ST_SetSRID(ST_MakePoint(35.5 + n * 1e-6, 33.2), 4326),
                   'Battles', 'Armed clash', 'test', 'test'
            FROM generate_series(1, {Stored}) n
            """);
        await api.ExecAsync("ANALYZE incidents");

        // Every other point carries a stored key; the others are new.
        var keys = Enumerable.Range(0, Points).ToArray();
        var source = keys.Select(k => k % 2 == 0 ? "kc-stored" : "kc-new").ToArray();
        var externalId = keys.Select(k => "k-" + (k + 1)).ToArray();

        var taken = new bool[Points];
        await using (var cmd = Command(BatchEnrichment.Sql, keys, source, externalId))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) taken[r.GetInt32(0)] = r.GetBoolean(6);
        Assert.All(keys, k => Assert.Equal(k % 2 == 0, taken[k]));

        string plan;
        await using (var cmd = Command("EXPLAIN (ANALYZE, FORMAT JSON) " + BatchEnrichment.Sql, keys, source, externalId))
            plan = (string)(await cmd.ExecuteScalarAsync())!;
        var reads = new List<(string Node, double Rows)>();
        Walk(JsonDocument.Parse(plan).RootElement[0].GetProperty("Plan"), reads);
        Assert.NotEmpty(reads);
        Assert.DoesNotContain(reads, n => n.Node == "Seq Scan");
        // One index entry for each point whose key is stored, none for the others: far from the 40,000 stored rows.
        var rows = reads.Sum(n => n.Rows);
        Assert.True(rows <= Points / 2, $"the key check read {rows} rows of incidents for {Points} points ({string.Join(", ", reads)})");
    }

    // The plan nodes reading incidents, with the rows each returned over all its loops.
    private static void Walk(JsonElement node, List<(string, double)> reads)
    {
        if (node.TryGetProperty("Relation Name", out var rel) && rel.GetString() == "incidents")
            reads.Add((node.GetProperty("Node Type").GetString()!, node.GetProperty("Actual Rows").GetDouble() * node.GetProperty("Actual Loops").GetDouble()));
        if (node.TryGetProperty("Plans", out var children))
            foreach (var child in children.EnumerateArray()) Walk(child, reads);
    }

    // The enrichment statement with the batch's parameters, for points inside the upload region at one time.
    private NpgsqlCommand Command(string sql, int[] keys, string[] source, string[] externalId)
    {
        var cmd = api.Db.CreateCommand(sql);
        BatchEnrichment.AddParameters(cmd, keys, keys.Select(k => 35.4 + k * 1e-5).ToArray(), keys.Select(_ => 33.2).ToArray(),
            keys.Select(_ => new DateTime(2024, 12, 1, 10, 0, 0, DateTimeKind.Utc)).ToArray(), source, externalId);
        return cmd;
    }
}
