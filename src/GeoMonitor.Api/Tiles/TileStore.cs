using System.Security.Cryptography;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Features.Layers;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.Tiles;

/// <summary>
/// Renders Mapbox Vector Tiles with PostGIS: rows whose geometry meets the tile (plus its buffer, found through the
/// GiST index on the WGS 84 geometry) are projected to Web Mercator, clipped and quantized by ST_AsMVTGeom and
/// encoded by ST_AsMVT. Incidents are selected by the shared filter (<see cref="IncidentSql"/>).
/// </summary>
public sealed class TileStore(NpgsqlDataSource db)
{
    private const string Envelope = "ST_TileEnvelope(@tz, @tx, @ty)";
    private const string SearchArea = "ST_Transform(ST_TileEnvelope(@tz, @tx, @ty, margin => @tm), 4326)";

    /// <summary>
    /// The SQL of a geometry layer's tile (parameters @tz, @tx, @ty, @tm; a versioned layer also @as_of, its layers as
    /// recorded at that instant, null = now).
    /// </summary>
    public static string LayerSql(TileLayer layer) => $"""
        SELECT ST_AsMVT(m.*, '{layer.Id}', {TileLayers.Extent}, 'geom', 'id') FROM (
          SELECT t.id, {Fields(layer)},
                 ST_AsMVTGeom(ST_Transform(t.geom, 3857), {Envelope}, {TileLayers.Extent}, {TileLayers.Buffer}, true) AS geom
          FROM {(layer.Versioned ? LayerJoins.At(layer.Table, "@as_of::timestamptz") : layer.Table)} t
          WHERE t.geom && {SearchArea}) m
        """;

    /// <summary>The SQL of an incident tile for <paramref name="q"/> (its parameters plus @tz, @tx, @ty, @tm).</summary>
    public static string IncidentSqlFor(IncidentSql q) => $"""
        {q.WithClause}SELECT ST_AsMVT(m.*, '{TileLayers.Incidents}', {TileLayers.Extent}, 'geom', 'id') FROM (
          SELECT i.id, {Fields(TileLayers.Find(TileLayers.Incidents)!)},
                 ST_AsMVTGeom(ST_Transform(i.geom, 3857), {Envelope}, {TileLayers.Extent}, {TileLayers.Buffer}, true) AS geom
          FROM incidents i
          WHERE i.geom && {SearchArea} AND {q.Where}
          ORDER BY i.occurred_at, i.id) m
        """;

    private static string Fields(TileLayer layer) => string.Join(", ", layer.Fields.Select(f => $"{f.Sql} AS \"{f.Name}\""));

    /// <summary>Renders a geometry layer's tile, as recorded at <paramref name="asOf"/> (null = now) when the layer keeps versions.</summary>
    public async Task<byte[]> LayerAsync(TileLayer layer, int z, int x, int y, CancellationToken ct, DateTimeOffset? asOf = null)
    {
        await using var cmd = db.CreateCommand(LayerSql(layer));
        AddTile(cmd, z, x, y);
        if (layer.Versioned)
            cmd.Parameters.Add(new NpgsqlParameter("as_of", NpgsqlDbType.TimestampTz) { Value = (object?)asOf?.UtcDateTime ?? DBNull.Value });
        return await Bytes(cmd, ct);
    }

    /// <summary>Renders an incident tile for <paramref name="filter"/> (with the plan the slug check derived).</summary>
    public async Task<byte[]> IncidentsAsync(IncidentFilter filter, IncidentPlan plan, int z, int x, int y, CancellationToken ct)
    {
        var q = IncidentSql.Build(filter with { Page = new IncidentPage() }, plan);
        await using var cmd = q.Command(db, IncidentSqlFor(q));
        AddTile(cmd, z, x, y);
        return await Bytes(cmd, ct);
    }

    /// <summary>Adds the tile parameters.</summary>
    public static void AddTile(NpgsqlCommand cmd, int z, int x, int y)
    {
        cmd.Parameters.Add(new NpgsqlParameter("tz", NpgsqlDbType.Integer) { Value = z });
        cmd.Parameters.Add(new NpgsqlParameter("tx", NpgsqlDbType.Integer) { Value = x });
        cmd.Parameters.Add(new NpgsqlParameter("ty", NpgsqlDbType.Integer) { Value = y });
        cmd.Parameters.Add(new NpgsqlParameter("tm", NpgsqlDbType.Double) { Value = (double)TileLayers.Buffer / TileLayers.Extent });
    }

    /// <summary>A strong validator for tile bytes.</summary>
    public static string ETagOf(byte[] bytes) => "\"" + Convert.ToHexString(SHA256.HashData(bytes), 0, 16).ToLowerInvariant() + "\"";

    private static async Task<byte[]> Bytes(NpgsqlCommand cmd, CancellationToken ct) =>
        await cmd.ExecuteScalarAsync(ct) is byte[] b ? b : [];
}
