using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Layers;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.Features.Disputes;

/// <summary>
/// SQL of the disputes and their claims (V052): the one read every surface serves (REST lists it, GraphQL maps it), with
/// each pair of claims' separation in geodesic metres, the claims as recorded at an instant and their versions (V055),
/// and the writes, each one transaction. A claim change touches its dispute's updated_at and makes a version of the
/// claim (at commit, by the database), so that Last-Modified of the disputes and of a line read with claim= moves with it.
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
    /// The separation of two claims (geometry expressions): the largest geodesic distance (WGS 84 spheroid) from a vertex
    /// of one to the other — for two points, the distance between them; for two segments, the discrete Hausdorff distance.
    /// </summary>
    private static string Separation(string a, string b) => $"""
        GREATEST((SELECT max(ST_Distance(p.geom::geography, ({b})::geography)) FROM ST_DumpPoints({a}) p),
                 (SELECT max(ST_Distance(p.geom::geography, ({a})::geography)) FROM ST_DumpPoints({b}) p))
        """;

    /// <summary>The asOf parameter of the claim reads, typed (null: the claims as they are).</summary>
    private const string AsOf = "@asOf::timestamptz";

    /// <summary>
    /// The claims as recorded at <paramref name="asOf"/> (V055, gm_claims_at): dispute, party, line, geom, source, note,
    /// claimed_by, claimed_at, version, recorded_from — the one source of every claim read, current or past.
    /// </summary>
    public static string ClaimsAt(string asOf) => $"gm_claims_at({asOf})";

    private static readonly string Pairs = $"""
        FROM {ClaimsAt(AsOf)} a JOIN {ClaimsAt(AsOf)} b ON b.dispute = a.dispute AND a.party < b.party
        CROSS JOIN LATERAL (SELECT {Separation("a.geom", "b.geom")} AS m) s WHERE a.dispute = d.slug
        """;

    /// <summary>
    /// Disputes (of @line, or named by @slugs; null = all) with their claims as recorded at @asOf (null = now; positions to 9
    /// decimals, as given) and the separation of every pair of claims in metres (millimetres); ordered by line and slug. The
    /// dispute records are not versioned: they are as they are now. Last-Modified: the last change of a dispute record, or
    /// of a claim recorded by then.
    /// </summary>
    public static readonly string List = $"""
        SELECT json_build_object('slug', d.slug, 'name', d.name, 'line', d.line, 'kind', d.kind, 'source', d.source, 'note', d.note,
          'properties', d.properties, 'updatedAt', {LayerSql.Utc("d.updated_at")},
          'positionsHeld', EXISTS (SELECT 1 FROM {ClaimsAt(AsOf)} k WHERE k.dispute = d.slug),
          'claims', COALESCE((SELECT json_agg(json_build_object('party', k.party, 'position', ST_AsGeoJSON(k.geom, 9, 0)::json,
                                'source', k.source, 'note', k.note, 'recordedAt', {LayerSql.Utc("k.claimed_at")}, 'recordedBy', k.claimed_by,
                                'version', k.version, 'recordedFrom', {LayerSql.Utc("k.recorded_from")})
                              ORDER BY k.party) FROM {ClaimsAt(AsOf)} k WHERE k.dispute = d.slug), '[]'::json),
          'separations', COALESCE((SELECT json_agg(json_build_object('parties', json_build_array(a.party, b.party), 'metres', round(s.m::numeric, 3))
                                   ORDER BY a.party, b.party) {Pairs}), '[]'::json),
          'maxSeparationM', (SELECT round(max(s.m)::numeric, 3) {Pairs}))::text,
          GREATEST((SELECT max(updated_at) FROM disputes),
                   (SELECT max(v.recorded_from) FROM claim_versions v WHERE {AsOf} IS NULL OR v.recorded_from <= {AsOf})),
          clock_timestamp()
        FROM disputes d
        WHERE (@slugs::text[] IS NULL OR d.slug = ANY (@slugs)) AND (@line::text IS NULL OR d.line = @line)
        ORDER BY d.line, d.slug
        """;

    /// <summary>Disputes (all when <paramref name="slugs"/> and <paramref name="line"/> are null), one JSON text per row, with the claims recorded at <paramref name="asOf"/>.</summary>
    public static Task<LayerRows> ListAsync(NpgsqlDataSource source, IReadOnlyCollection<string>? slugs, string? line, CancellationToken ct,
        DateTimeOffset? asOf = null) =>
        LayerSql.RowsAsync(source, List, ct, ("slugs", slugs), ("line", line), ("asOf", asOf));

    /// <summary>
    /// One claim (@dispute, @party) as recorded at @asOf (null = now) as a GeoJSON Feature: its position, and dispute, party,
    /// line, source, note, recordedAt, recordedBy, version, recordedFrom; with Last-Modified.
    /// </summary>
    public static readonly string Claim = $"""
        SELECT json_build_object('type', 'Feature', 'id', k.dispute || '/' || k.party, 'geometry', ST_AsGeoJSON(k.geom, 9, 0)::json,
          'properties', json_build_object('dispute', k.dispute, 'party', k.party, 'line', k.line, 'source', k.source, 'note', k.note,
             'recordedAt', {LayerSql.Utc("k.claimed_at")}, 'recordedBy', k.claimed_by, 'version', k.version,
             'recordedFrom', {LayerSql.Utc("k.recorded_from")}))::text,
          (SELECT max(v.recorded_from) FROM claim_versions v WHERE v.dispute = k.dispute AND v.party = k.party AND ({AsOf} IS NULL OR v.recorded_from <= {AsOf})),
          clock_timestamp()
        FROM {ClaimsAt(AsOf)} k WHERE k.dispute = @dispute AND k.party = @party
        """;

    /// <summary>The claim of <paramref name="party"/> on <paramref name="dispute"/> recorded at <paramref name="asOf"/> (no row when none).</summary>
    public static Task<LayerRows> ClaimAsync(NpgsqlDataSource source, string dispute, string party, DateTimeOffset? asOf, CancellationToken ct) =>
        LayerSql.RowsAsync(source, Claim, ct, ("dispute", dispute), ("party", party), ("asOf", asOf));

    // The version before v that held content (a claim made again is compared with the one removed).
    private static readonly string Versions = $"""
        SELECT CASE WHEN v.change = 'delete'
                    THEN json_build_object('version', v.version, 'change', v.change, 'recordedFrom', {LayerSql.Utc("v.recorded_from")},
                                           'recordedTo', NULL, 'recordedBy', v.recorded_by)
                    ELSE json_build_object('version', v.version, 'change', v.change, 'recordedFrom', {LayerSql.Utc("v.recorded_from")},
                           'recordedTo', {LayerSql.Utc("v.recorded_to")}, 'recordedBy', v.recorded_by, 'line', v.line,
                           'position', ST_AsGeoJSON(v.geom, 9, 0)::json, 'source', v.source, 'note', v.note,
                           'diff', CASE WHEN p.vid IS NULL THEN NULL
                                        ELSE json_build_object('fromVersion', p.version, 'movedM', round(({Separation("v.geom", "p.geom")})::numeric, 3)) END)
               END::text
        FROM claim_versions v
        LEFT JOIN LATERAL (SELECT * FROM claim_versions p WHERE p.dispute = v.dispute AND p.party = v.party AND p.version < v.version
                           AND p.change <> 'delete' ORDER BY p.version DESC LIMIT 1) p ON true
        WHERE v.dispute = @dispute AND v.party = @party
        ORDER BY v.version
        """;

    /// <summary>Every version of a claim, oldest first (none when the party never claimed the dispute), with Last-Modified.</summary>
    public static async Task<LayerRows> VersionsAsync(NpgsqlDataSource source, string dispute, string party, CancellationToken ct)
    {
        var rows = await LayerSql.RowsAsync(source, Versions, ct, ("dispute", dispute), ("party", party));
        await using var cmd = source.CreateCommand("SELECT max(recorded_from), clock_timestamp() FROM claim_versions WHERE dispute = $1 AND party = $2");
        cmd.Parameters.AddWithValue(dispute);
        cmd.Parameters.AddWithValue(party);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return rows with
        {
            LastRecorded = r.IsDBNull(0) ? null : DateTime.SpecifyKind(r.GetDateTime(0), DateTimeKind.Utc),
            DatabaseNow = DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc),
        };
    }

    /// <summary>
    /// Why <paramref name="party"/> has no claim on <paramref name="dispute"/> at <paramref name="asOf"/>: never (a plain 404),
    /// asOf comes before its first version (a 404 naming that version), or it had been removed by then (<see cref="LayerVersions.MissingAt"/>).
    /// </summary>
    public static async Task<ResourceNotFoundException> MissingAtAsync(NpgsqlDataSource source, string dispute, string party, DateTimeOffset? asOf,
        CancellationToken ct)
    {
        await using var cmd = source.CreateCommand("SELECT version, recorded_from FROM claim_versions WHERE dispute = $1 AND party = $2 ORDER BY version LIMIT 1");
        cmd.Parameters.AddWithValue(dispute);
        cmd.Parameters.AddWithValue(party);
        (int Version, DateTime RecordedFrom)? first = null;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            if (await r.ReadAsync(ct)) first = (r.GetInt32(0), DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc));
        return LayerVersions.MissingAt($"The claim by '{party}' on '{dispute}'", first, asOf, $"/api/disputes/{dispute}/claims/{party}/versions",
            new ResourceNotFoundException("party", $"No claim by '{party}' on dispute '{dispute}'."));
    }

    /// <summary>
    /// The claims' versions as changes for the feed (Features/Changes), in the columns of <see cref="LayerJoins.VersionChanges"/>:
    /// kind claim, key dispute/party.
    /// </summary>
    public static string VersionChanges(string afterTxid, string afterSeq, string horizon) => $"""
        SELECT v.txid, v.change_seq AS seq, 'claim' AS kind, v.slug AS key, v.version, v.change AS action, v.recorded_from AS at,
               NULL::text AS status_after, NULL::text AS status_before
        FROM claim_versions v WHERE (v.txid, v.change_seq) > ({afterTxid}, {afterSeq}) AND v.txid < {horizon}
        """;

    /// <summary>The claims' versions in the feed's head (see <see cref="LayerJoins.VersionHeads"/>).</summary>
    public static string VersionHead(string horizon) => LayerJoins.Head("claim", "claim_versions", horizon);

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
        await ChangedByAsync(conn, tx, by, ct);
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
    public async Task<bool> DeleteClaimAsync(string dispute, string party, string? by, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await ChangedByAsync(conn, tx, by, ct);
        await using var cmd = new NpgsqlCommand("DELETE FROM dispute_claims WHERE dispute = $1 AND party = $2", conn, tx);
        Add(cmd, dispute, party);
        if (await cmd.ExecuteNonQueryAsync(ct) == 0) return false;
        await TouchAsync(conn, tx, dispute, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    // The writer's key goes into the transaction's settings: the version trigger records it (V055, recorded_by).
    private static async Task ChangedByAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string? by, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT set_config('gm.changed_by', $1, true)", conn, tx);
        Add(cmd, by ?? "");
        await cmd.ExecuteNonQueryAsync(ct);
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
