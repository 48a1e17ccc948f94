using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;

namespace GeoMonitor.Api.Infrastructure.Geodata;

/// <summary>
/// Loads the basemap at start-up (migration V070, docs/geodata.md "Basemap"): geodata/basemap.geojson (Natural Earth
/// 1:10m land, coastlines and country boundaries, written by geodata/tools/basemap.mjs) and geodata/places.geojson
/// (the gazetteer's sourced places). These are derived files, not edited layers: a file whose SHA-256 differs from the
/// one recorded in basemap_files replaces its rows whole, and an unchanged file costs one hash and one look-up.
/// Geometry is repaired (ST_MakeValid) and clipped to the file's <c>region</c> here too, so a replacement file that
/// was not clipped beforehand still loads as the map expects.
/// </summary>
public static class BasemapLoader
{
    // Arbitrary, distinct from the geodata loader's and the migrator's ("GeBasemp" as ASCII).
    private const long LockKey = 0x476542617365_6D70;

    /// <summary>The two files, in the geodata folder.</summary>
    public const string BasemapFile = "basemap.geojson", PlacesFile = "places.geojson";

    /// <summary>Which files one load (re)loaded, and how many rows each gave.</summary>
    public sealed record Result(int Land, int Lines, int Places)
    {
        /// <summary>Whether anything changed.</summary>
        public bool Any => Land + Lines + Places > 0;
    }

    /// <summary>Loads what changed in <paramref name="folder"/>, in one transaction. Missing files are left out.</summary>
    public static async Task<Result> LoadAsync(NpgsqlDataSource db, string folder, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Exec(conn, tx, "SELECT pg_advisory_xact_lock($1)", ct, LockKey);

        int land = 0, lines = 0, places = 0;
        if (await Changed(conn, tx, folder, BasemapFile, ct) is { } basemap)
        {
            using var doc = basemap.Doc;
            (land, lines) = await ReplaceBasemapAsync(conn, tx, basemap, ct);
        }
        if (await Changed(conn, tx, folder, PlacesFile, ct) is { } placesFile)
        {
            using var doc = placesFile.Doc;
            places = await ReplacePlacesAsync(conn, tx, placesFile, ct);
        }

        var result = new Result(land, lines, places);
        if (result.Any)
        {
            // Tiles of these layers cached by a running instance are stale (TileInvalidationListener).
            foreach (var layer in new[] { "land", "borders", "places" })
                await Exec(conn, tx, "SELECT pg_notify('gm_tiles', $1)", ct, layer);
        }
        await tx.CommitAsync(ct);
        return result;
    }

    private sealed record FileToLoad(string Name, string Sha256, JsonDocument Doc);

    // The file's parsed document when it exists and its checksum is not the one loaded last; else null.
    private static async Task<FileToLoad?> Changed(NpgsqlConnection c, NpgsqlTransaction tx, string folder, string file, CancellationToken ct)
    {
        var path = Path.Combine(folder, file);
        if (!File.Exists(path)) return null;
        var bytes = await File.ReadAllBytesAsync(path, ct);
        var sha = Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
        await using (var cmd = new NpgsqlCommand("SELECT sha256 FROM basemap_files WHERE file = $1", c, tx))
        {
            cmd.Parameters.AddWithValue(file);
            if (await cmd.ExecuteScalarAsync(ct) is string loaded && loaded == sha) return null;
        }
        return new FileToLoad(file, sha, JsonDocument.Parse(bytes));
    }

    private static async Task<(int Land, int Lines)> ReplaceBasemapAsync(NpgsqlConnection c, NpgsqlTransaction tx, FileToLoad f, CancellationToken ct)
    {
        var head = f.Doc.RootElement.GetProperty("properties");
        var source = head.GetProperty("source").GetString()!;
        var region = head.GetProperty("region").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        if (region.Length != 4 || region[0] >= region[2] || region[1] >= region[3])
            throw new InvalidDataException($"geodata/{f.Name}: properties.region must be [west, south, east, north].");
        await Exec(c, tx, "DELETE FROM basemap_land", ct);
        await Exec(c, tx, "DELETE FROM basemap_lines", ct);

        // Repaired, clipped to the region, and kept only when something of the right dimension is left.
        const string Clip = "ST_Intersection(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)), ST_MakeEnvelope($2, $3, $4, $5, 4326))";
        int land = 0, lines = 0;
        foreach (var feature in f.Doc.RootElement.GetProperty("features").EnumerateArray())
        {
            var p = feature.GetProperty("properties");
            var layer = p.GetProperty("layer").GetString();
            var name = p.GetProperty("name").GetString() ?? "";
            var geometry = feature.GetProperty("geometry").GetRawText();
            var featureSource = p.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : source;
            object[] clipArgs = [geometry, region[0], region[1], region[2], region[3]];
            if (layer == "land")
            {
                var iso = p.TryGetProperty("isoN3", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
                land += await Exec(c, tx, $"""
                    INSERT INTO basemap_land (name, iso_n3, source, geom)
                    SELECT $6, $7, $8, g FROM (SELECT ST_Multi(ST_CollectionExtract({Clip}, 3)) AS g) x WHERE NOT ST_IsEmpty(g)
                    """, ct, [.. clipArgs, name, (object?)iso ?? DBNull.Value, featureSource]);
            }
            else if (layer is "coastline" or "boundary")
            {
                lines += await Exec(c, tx, $"""
                    INSERT INTO basemap_lines (kind, name, source, geom)
                    SELECT $6, $7, $8, g FROM (SELECT ST_Multi(ST_LineMerge(ST_CollectionExtract({Clip}, 2))) AS g) x
                    WHERE NOT ST_IsEmpty(g) AND GeometryType(g) = 'MULTILINESTRING'
                    """, ct, [.. clipArgs, layer, name, featureSource]);
            }
            else
            {
                throw new InvalidDataException($"geodata/{f.Name}: feature '{name}' has layer '{layer}'; expected land, coastline or boundary.");
            }
        }
        await Record(c, tx, f, source, head.TryGetProperty("scale", out var sc) ? sc.GetString() : null, region, ct);
        return (land, lines);
    }

    private static async Task<int> ReplacePlacesAsync(NpgsqlConnection c, NpgsqlTransaction tx, FileToLoad f, CancellationToken ct)
    {
        await Exec(c, tx, "DELETE FROM basemap_places", ct);
        var n = 0;
        foreach (var feature in f.Doc.RootElement.GetProperty("features").EnumerateArray())
        {
            var p = feature.GetProperty("properties");
            try
            {
                n += await Exec(c, tx, """
                    INSERT INTO basemap_places (slug, name, name_ar, name_he, side, status, source, note, geom)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ST_SetSRID(ST_GeomFromGeoJSON($9), 4326))
                    """, ct, Str(p, "slug"), Str(p, "name"), Str(p, "name_ar"), Str(p, "name_he"), Str(p, "side"), Str(p, "status"),
                    Str(p, "source"), Str(p, "note"), feature.GetProperty("geometry").GetRawText());
            }
            catch (PostgresException e)
            {
                throw new InvalidDataException($"geodata/{f.Name}: place '{Str(p, "slug")}' was refused by the database: {e.MessageText}", e);
            }
        }
        var head = f.Doc.RootElement.GetProperty("properties");
        await Record(c, tx, f, head.GetProperty("source").GetString()!, null, null, ct);
        return n;
    }

    private static Task<int> Record(NpgsqlConnection c, NpgsqlTransaction tx, FileToLoad f, string source, string? scale, double[]? region, CancellationToken ct) =>
        Exec(c, tx, """
            INSERT INTO basemap_files (file, sha256, source, scale, region)
            VALUES ($1, $2, $3, $4, CASE WHEN $5::float8[] IS NULL THEN NULL ELSE ST_MakeBox2D(ST_Point(($5::float8[])[1], ($5::float8[])[2]), ST_Point(($5::float8[])[3], ($5::float8[])[4])) END)
            ON CONFLICT (file) DO UPDATE SET sha256 = EXCLUDED.sha256, source = EXCLUDED.source, scale = EXCLUDED.scale,
                                             region = EXCLUDED.region, loaded_at = now()
            """, ct, f.Name, f.Sha256, source, (object?)scale ?? DBNull.Value, (object?)region ?? DBNull.Value);

    private static object Str(JsonElement p, string name) =>
        p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : DBNull.Value;

    private static async Task<int> Exec(NpgsqlConnection c, NpgsqlTransaction tx, string sql, CancellationToken ct, params object?[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, c, tx);
        foreach (var a in args) cmd.Parameters.Add(a is DBNull or null ? new NpgsqlParameter { Value = DBNull.Value } : new NpgsqlParameter { Value = a });
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
