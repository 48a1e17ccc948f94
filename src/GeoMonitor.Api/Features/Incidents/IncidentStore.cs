using GeoMonitor.Api.Features.Layers;
using GeoMonitor.Api.Features.Truces;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents.Query;
using Npgsql;

namespace GeoMonitor.Api.Features.Incidents;

/// <summary>The SQL of the incident read API that is not the query itself.</summary>
public sealed class IncidentStore(NpgsqlDataSource db)
{
    /// <summary>The data source the queries run on.</summary>
    public NpgsqlDataSource Db => db;

    /// <summary>The status of incident <paramref name="id"/>, or null when there is none (for <see cref="IncidentVisibility"/>).</summary>
    public async Task<string?> StatusAsync(long id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT status FROM incidents WHERE id = $1");
        cmd.Parameters.AddWithValue(id);
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>
    /// Throws <see cref="ResourceNotFoundException"/> for the first slug of <paramref name="f"/> that does not exist (as
    /// recorded at its asOf, if any: then the 404 names the layer's earliest version), in one round trip (a query on an
    /// unknown zone must be a 404, not an empty result that looks like an answer), refuses a claim by an unknown party, and
    /// returns the access-path hint for the query, which needs the truce window when the filter names a truce.
    /// </summary>
    public async Task<IncidentPlan> EnsureSlugsExistAsync(IncidentFilter f, CancellationToken ct)
    {
        if (f.Claim is { } party && !await Disputes.ClaimParties.KnownAsync(db, party, ct))
            throw new QueryParameterException("claim", $"'{party}' is not a party: {Disputes.ClaimParties.Describe}.");
        var checks = new List<(string Parameter, string Table, string Slug)>();
        if (f.Zone is { } z) checks.Add(("zone", LayerJoins.ZonesTable, z));
        foreach (var s in f.AnyZone ?? []) checks.Add(("zone", LayerJoins.ZonesTable, s));
        if (f.Truce is { } t) checks.Add(("truce", LayerJoins.TrucesTable, t));
        if (f.Line is { } l) checks.Add(("line", LayerJoins.LinesTable, l));
        if (f.Corridor is { } c) checks.Add(("corridor", LayerJoins.CorridorsTable, c));
        if (checks.Count == 0) return IncidentPlan.For(f);
        // The layer tables come from the list above, never from input; slugs and the instant are parameters.
        var truceParam = "$" + (checks.Count + 1);
        var asOf = "$" + (checks.Count + 2) + "::timestamptz";
        var sql = "SELECT " + string.Join(", ", checks.Select((x, n) => LayerJoins.SlugExists(x.Table, $"${n + 1}", asOf)))
                  + ", " + TruceSql.Start(truceParam, asOf) + ", " + TruceSql.End(truceParam, asOf);
        await using var cmd = db.CreateCommand(sql);
        foreach (var x in checks) cmd.Parameters.AddWithValue(x.Slug);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)f.Truce ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)f.AsOf?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        DateTime? truceFrom, truceTo;
        int? missing = null;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            for (var n = 0; n < checks.Count && missing is null; n++)
                if (!r.GetBoolean(n)) missing = n;
            truceFrom = r.IsDBNull(checks.Count) ? null : r.GetDateTime(checks.Count);
            truceTo = r.IsDBNull(checks.Count + 1) ? null : r.GetDateTime(checks.Count + 1);
        }
        if (missing is { } m)
        {
            var e = await LayerVersions.MissingAtAsync(db, checks[m].Table, checks[m].Slug, f.AsOf, checks[m].Parameter, ct);
            throw e.Parameter == "asOf" ? e : new ResourceNotFoundException(checks[m].Parameter, e.Message, e.Extensions);
        }
        return IncidentPlan.For(f, truceFrom, truceTo);
    }
}
