using GeoMonitor.Api.Features.Layers;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.Features.Disputes;

/// <summary>
/// SQL of the disputes and their claims (V052): the one read every surface serves (REST lists it, GraphQL maps it), with
/// each pair of claims' separation in geodesic metres, and the writes, each one transaction. A claim change touches
/// its dispute's updated_at, so that Last-Modified of the disputes and of a line read with claim= moves with it.
/// </summary>
public sealed class DisputeStore(NpgsqlDataSource db)
{
    /// <summary>A dispute as validated.</summary>
    public sealed record DisputeInput(string Slug, string Name, string Line, string Kind, string Source, string? Note, string Properties);

    /// <summary>A claim as validated.</summary>
    public sealed record ClaimInput(string Dispute, string Party, Geometry Geom, string Source, string? Note);

    /// <summary>What a dispute write did.</summary>
    /// <param name="Slug">The dispute.</param>
    /// <param name="Created">True when it did not exist before.</param>
    public sealed record DisputeResult(string Slug, bool Created);

    /// <summary>What a claim write did.</summary>
    /// <param name="Dispute">The dispute.</param>
    /// <param name="Party">The party.</param>
    /// <param name="Created">True when the party had no claim on the dispute before.</param>
    public sealed record ClaimResult(string Dispute, string Party, bool Created);

    /// <summary>
    /// The separation of two claims a and b: the largest geodesic distance (WGS 84 spheroid) from a vertex of one to the
    /// other — for two points, the distance between them; for two segments, the discrete Hausdorff distance.
    /// </summary>
    private const string Separation = """
        GREATEST((SELECT max(ST_Distance(p.geom::geography, b.geom::geography)) FROM ST_DumpPoints(a.geom) p),
                 (SELECT max(ST_Distance(p.geom::geography, a.geom::geography)) FROM ST_DumpPoints(b.geom) p))
        """;

    /// <summary>
    /// Disputes (of @line, or named by @slugs; null = all) with their claims (positions to 9 decimals, as given) and the
    /// separation of every pair of claims in metres (millimetres); ordered by line and slug.
    /// </summary>
    public static readonly string List = $"""
        SELECT json_build_object('slug', d.slug, 'name', d.name, 'line', d.line, 'kind', d.kind, 'source', d.source, 'note', d.note,
          'properties', d.properties, 'updatedAt', {LayerSql.Utc("d.updated_at")},
          'positionsHeld', EXISTS (SELECT 1 FROM dispute_claims k WHERE k.dispute = d.slug),
          'claims', COALESCE((SELECT json_agg(json_build_object('party', k.party, 'position', ST_AsGeoJSON(k.geom, 9, 0)::json,
                                'source', k.source, 'note', k.note, 'recordedAt', {LayerSql.Utc("k.recorded_at")}, 'recordedBy', k.recorded_by)
                              ORDER BY k.party) FROM dispute_claims k WHERE k.dispute = d.slug), '[]'::json),
          'separations', COALESCE((SELECT json_agg(json_build_object('parties', json_build_array(a.party, b.party), 'metres', round(s.m::numeric, 3))
                                   ORDER BY a.party, b.party)
                                   FROM dispute_claims a JOIN dispute_claims b ON b.dispute = a.dispute AND a.party < b.party
                                   CROSS JOIN LATERAL (SELECT {Separation} AS m) s WHERE a.dispute = d.slug), '[]'::json),
          'maxSeparationM', (SELECT round(max(s.m)::numeric, 3) FROM dispute_claims a JOIN dispute_claims b ON b.dispute = a.dispute AND a.party < b.party
                             CROSS JOIN LATERAL (SELECT {Separation} AS m) s WHERE a.dispute = d.slug))::text,
          (SELECT max(updated_at) FROM disputes), clock_timestamp()
        FROM disputes d
        WHERE (@slugs::text[] IS NULL OR d.slug = ANY (@slugs)) AND (@line::text IS NULL OR d.line = @line)
        ORDER BY d.line, d.slug
        """;

    /// <summary>Disputes (all when <paramref name="slugs"/> and <paramref name="line"/> are null), one JSON text per row.</summary>
    public static Task<LayerRows> ListAsync(NpgsqlDataSource source, IReadOnlyCollection<string>? slugs, string? line, CancellationToken ct) =>
        LayerSql.RowsAsync(source, List, ct, ("slugs", slugs), ("line", line));

    /// <summary>The kind of dispute <paramref name="slug"/> (point or segment), or null when there is none.</summary>
    public async Task<string?> KindAsync(string slug, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT kind FROM disputes WHERE slug = $1");
        cmd.Parameters.AddWithValue(slug);
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>Whether a claim may be attributed to <paramref name="party"/>.</summary>
    public Task<bool> PartyKnownAsync(string party, CancellationToken ct) => ClaimParties.KnownAsync(db, party, ct);

    /// <summary>
    /// Creates or replaces dispute <paramref name="d"/>. Null when its line does not exist; a <see cref="KindInUse"/> when
    /// the kind would change while claims of the other kind exist.
    /// </summary>
    public async Task<object?> PutDisputeAsync(DisputeInput d, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var check = new NpgsqlCommand($"""
            SELECT {LayerJoins.SlugExists(LayerJoins.LinesTable, "$2")},
                   EXISTS (SELECT 1 FROM disputes x JOIN dispute_claims k ON k.dispute = x.slug WHERE x.slug = $1 AND x.kind <> $3)
            """, conn, tx))
        {
            Add(check, d.Slug, d.Line, d.Kind);
            await using var r = await check.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            if (!r.GetBoolean(0)) return null;
            if (r.GetBoolean(1)) return new KindInUse(d.Slug);
        }
        bool created;
        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO disputes (slug, name, line, kind, source, note, properties) VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, line = EXCLUDED.line, kind = EXCLUDED.kind, source = EXCLUDED.source,
              note = EXCLUDED.note, properties = EXCLUDED.properties, updated_at = now()
            RETURNING xmax = 0
            """, conn, tx))
        {
            Add(cmd, d.Slug, d.Name, d.Line, d.Kind, d.Source, d.Note);
            cmd.Parameters.Add(new NpgsqlParameter { Value = d.Properties, NpgsqlDbType = NpgsqlDbType.Jsonb });
            created = (bool)(await cmd.ExecuteScalarAsync(ct))!;
        }
        await tx.CommitAsync(ct);
        return new DisputeResult(d.Slug, created);
    }

    /// <summary>A dispute's kind cannot change while it holds claims of that kind.</summary>
    public sealed record KindInUse(string Slug);

    /// <summary>Creates or replaces <paramref name="c"/>'s party's claim; null when the dispute does not exist.</summary>
    public async Task<ClaimResult?> PutClaimAsync(ClaimInput c, string? by, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await TouchAsync(conn, tx, c.Dispute, ct)) return null;
        bool created;
        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO dispute_claims (dispute, party, geom, source, note, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (dispute, party) DO UPDATE SET geom = EXCLUDED.geom, source = EXCLUDED.source, note = EXCLUDED.note,
              recorded_by = EXCLUDED.recorded_by, recorded_at = now()
            RETURNING xmax = 0
            """, conn, tx))
        {
            Add(cmd, c.Dispute, c.Party, c.Geom, c.Source, c.Note, by);
            created = (bool)(await cmd.ExecuteScalarAsync(ct))!;
        }
        await tx.CommitAsync(ct);
        return new ClaimResult(c.Dispute, c.Party, created);
    }

    /// <summary>Removes <paramref name="party"/>'s claim on <paramref name="dispute"/>; false when there is none.</summary>
    public async Task<bool> DeleteClaimAsync(string dispute, string party, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand("DELETE FROM dispute_claims WHERE dispute = $1 AND party = $2", conn, tx);
        Add(cmd, dispute, party);
        if (await cmd.ExecuteNonQueryAsync(ct) == 0) return false;
        await TouchAsync(conn, tx, dispute, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    // Locks the dispute and moves its updated_at (the claims' Last-Modified); false when it does not exist.
    private static async Task<bool> TouchAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string dispute, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("UPDATE disputes SET updated_at = now() WHERE slug = $1", conn, tx);
        Add(cmd, dispute);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    private static void Add(NpgsqlCommand cmd, params object?[] args)
    {
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a ?? DBNull.Value });
    }
}
