using System.Text.RegularExpressions;
using GeoMonitor.Api.Features.Layers;
using GeoMonitor.Api.Features.Truces;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>
/// The enrichment of a batch's points (the zones valid at each point's time that hold it, the corridors holding it, the
/// truces in force covering it, the geodesic distance to the Blue Line and the side), and whether each row's key is
/// already stored, computed on a connection of its own while the batch's transaction stores the rows before them: a chunk is enriched while the previous one is
/// inserted, so the two halves of the work run on two cores. The connection reads in a read-only transaction on the
/// snapshot the batch's transaction exported (pg_export_snapshot), so every chunk sees the layers as that transaction
/// saw them when the write began. The values are those gm_enrich_incidents computes (V061): EnrichmentEquivalenceTests
/// compares both with the enrichment as it was before the layer cells, on dense points along every edge.
/// </summary>
internal sealed partial class BatchEnrichment : IAsyncDisposable
{
    /// <summary>The enrichment of one point, and whether its (source, externalId) was already stored (<paramref name="Taken"/>).</summary>
    internal sealed record Enriched(string[] Zones, string[] Corridors, string[] Truces, double? Distance, string? Side, bool Taken);

    // The key check is a lateral probe of the key index per point. As EXISTS in the select list PostgreSQL may run it as
    // a hashed subplan instead — every stored incident read and hashed for each chunk — and did once the table held
    // 100,000 rows: the chunk's cost then grew with the table (docs/performance.md, "Batch upload"). LIMIT keeps the
    // subquery from being flattened or hashed.
    internal static readonly string Sql = $"""
        WITH points AS (
          SELECT p.key, p.source, p.external_id, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326) AS g, p.at, {LayerJoins.CellOf("p.lon", "p.lat")}
          FROM unnest($1::int[], $2::float8[], $3::float8[], $4::timestamptz[], $5::text[], $6::text[]) AS p(key, lon, lat, at, source, external_id)
        ), bl AS MATERIALIZED ({LayerJoins.BlueLine}), {LayerJoins.HeldBy("points")}, {TruceSql.Cte}
        SELECT p.key, {LayerJoins.ZoneSlugs("h")}, {LayerJoins.CorridorSlugs("h")}, {TruceSql.SlugsCovering("h.any_zones", "p.at")},
               d.dist,
               CASE WHEN d.dist < 0.5 THEN 'on_line'
                    WHEN ST_Intersects(d.north_side, p.g) THEN 'north'
                    WHEN ST_Intersects(d.south_side, p.g) THEN 'south' END,
               k.taken IS NOT NULL
        FROM points p
        LEFT JOIN gm_held h ON h.key = p.key
        LEFT JOIN LATERAL (SELECT ST_Distance(bl.geog, p.g::geography) AS dist, bl.north_side, bl.south_side FROM bl) d ON true
        LEFT JOIN LATERAL (SELECT true AS taken FROM incidents i WHERE i.source = p.source AND i.external_id = p.external_id LIMIT 1) k ON true
        """;

    // How long to wait for a second connection before enriching on the write connection instead: with every pooled
    // connection held by batches each waiting for its second one, waiting longer would only end in the pool's timeout.
    private static readonly TimeSpan PoolWait = TimeSpan.FromSeconds(1);

    private readonly NpgsqlConnection _conn;
    private readonly bool _own;
    private readonly int _timeoutSeconds;

    private BatchEnrichment(NpgsqlConnection conn, bool own, int timeoutSeconds)
    {
        _conn = conn;
        _own = own;
        _timeoutSeconds = timeoutSeconds;
    }

    /// <summary>
    /// True when the enrichment runs on a connection of its own, alongside the write connection; false when no second
    /// connection was to be had and it runs on the write connection, in turn with the writes.
    /// </summary>
    public bool Alongside => _own;

    /// <summary>
    /// Opens a connection reading on the exported <paramref name="snapshot"/> of the batch's transaction, or, when the
    /// pool has none to give within a second, enriches on <paramref name="write"/> (the batch's own connection).
    /// </summary>
    public static async Task<BatchEnrichment> OpenAsync(NpgsqlDataSource db, NpgsqlConnection write, string snapshot, int timeoutSeconds, CancellationToken ct)
    {
        // SET TRANSACTION SNAPSHOT takes no parameter; the identifier comes from PostgreSQL, checked anyway before it is inlined.
        if (!SnapshotId().IsMatch(snapshot)) throw new InvalidOperationException($"Unexpected snapshot identifier '{snapshot}'.");
        NpgsqlConnection conn;
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            wait.CancelAfter(PoolWait);
            try
            {
                conn = await db.OpenConnectionAsync(wait.Token);
            }
            catch (Exception e) when ((e is OperationCanceledException or NpgsqlException) && !ct.IsCancellationRequested)
            {
                return new BatchEnrichment(write, own: false, timeoutSeconds);
            }
        }
        try
        {
            await using var cmd = new NpgsqlCommand(
                $"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '{snapshot}'; SET LOCAL work_mem = '64MB'", conn);
            await cmd.ExecuteNonQueryAsync(ct);
            return new BatchEnrichment(conn, own: true, timeoutSeconds);
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
    }

    /// <summary>The enrichment of each row of <paramref name="rows"/>, in their order.</summary>
    public async Task<Enriched[]> EnrichAsync(IReadOnlyList<BatchRow> rows, CancellationToken ct)
    {
        var keys = new int[rows.Count];
        var lon = new double[rows.Count];
        var lat = new double[rows.Count];
        var at = new DateTime[rows.Count];
        var source = new string[rows.Count];
        var externalId = new string[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var n = rows[i].Incident;
            keys[i] = i;
            lon[i] = n.Lon;
            lat[i] = n.Lat;
            at[i] = n.OccurredAt;
            source[i] = n.Source;
            externalId[i] = n.ExternalId;
        }
        await using var cmd = new NpgsqlCommand(Sql, _conn) { CommandTimeout = _timeoutSeconds };
        AddParameters(cmd, keys, lon, lat, at, source, externalId);
        var result = new Enriched[rows.Count];
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            result[r.GetInt32(0)] = new Enriched(r.GetFieldValue<string[]>(1), r.GetFieldValue<string[]>(2), r.GetFieldValue<string[]>(3),
                r.IsDBNull(4) ? null : r.GetDouble(4), r.IsDBNull(5) ? null : r.GetString(5), r.GetBoolean(6));
        return result;
    }

    /// <summary>The parameters of <see cref="Sql"/>: for each point a key of the caller's, its position, time and stored key.</summary>
    internal static void AddParameters(NpgsqlCommand cmd, int[] keys, double[] lon, double[] lat, DateTime[] at, string[] source, string[] externalId)
    {
        cmd.Parameters.Add(new NpgsqlParameter { Value = keys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        cmd.Parameters.Add(new NpgsqlParameter { Value = lon, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
        cmd.Parameters.Add(new NpgsqlParameter { Value = lat, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
        cmd.Parameters.Add(new NpgsqlParameter { Value = at, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = source, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = externalId, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_own) return;
        try
        {
            await using var cmd = new NpgsqlCommand("ROLLBACK", _conn);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // A broken connection: the pool discards it, and its transaction with it.
        }
        await _conn.DisposeAsync();
    }

    [GeneratedRegex("^[0-9A-F]+(-[0-9A-F]+)+$")]
    private static partial Regex SnapshotId();
}
